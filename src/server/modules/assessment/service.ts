import type { Selectable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import { hasRole, type Principal, type RoleName } from '../../platform/auth.ts';
import { currentTime } from '../../platform/clock.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { maskPersonalData } from '../../platform/masking.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { staffNames } from '../accounts/service.ts';
import { addWorkingDays } from '../calendar/service.ts';
import { centerSubtree, getCenter, listCenters, scopeOf } from '../org/service.ts';
import { periodFigures, type Figures } from '../stats/service.ts';
import {
  advanceProblem,
  assessedLevels,
  criterionScore,
  defaultRectifyDays,
  dimensionLabels,
  findingStatusLabels,
  indicatorPoints,
  indicatorScales,
  isFindingOverdue,
  nextRoundStatus,
  rank,
  roundStatusLabels,
  scoreSourceLabels,
  selfAssessmentOpen,
  severityLabels,
  totals,
  type CenterMarks,
  type Dimension,
  type Indicator,
  type RoundStatus,
  type ScoreSource,
  type Severity,
  type Totals,
} from './rules.ts';
import type { AssessmentCriterionTable, AssessmentFindingTable, AssessmentRoundTable, IndicatorSource } from './tables.ts';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;
type RoundRow = Selectable<AssessmentRoundTable>;
type CriterionRow = Selectable<AssessmentCriterionTable>;
type FindingRow = Selectable<AssessmentFindingTable>;

// ------------------------------------------------------------------ who may do what

function signedInUser(principal: Principal | undefined): UserPrincipal {
  if (!principal) throw new AppError(401, 'UNAUTHENTICATED', '请先登录');
  if (principal.kind !== 'user') throw forbidden('请使用工作人员账号登录');
  return principal;
}

/** A role over the round's province, or — for a round of the whole system — a role held without a center. */
async function holdsOverScope(executor: Executor, user: UserPrincipal, role: RoleName, scopeCenterId: string | null): Promise<boolean> {
  if (scopeCenterId === null) return user.roles.some((g) => g.role === role && g.centerId === null);
  return hasRole(user, [role], await scopeOf(executor, scopeCenterId));
}

const centerRoles: RoleName[] = ['admin', 'center_manager'];

/** The assessed centers of a round this person answers for (admin or center manager over them). */
async function ownCenters(executor: Executor, user: UserPrincipal, centerIds: string[]): Promise<string[]> {
  const own: string[] = [];
  for (const id of centerIds) if (hasRole(user, centerRoles, await scopeOf(executor, id))) own.push(id);
  return own;
}

interface Access {
  manage: boolean;
  inspect: boolean;
  /** Assessed centers the person answers for. */
  centers: string[];
}

async function accessTo(executor: Executor, user: UserPrincipal, round: RoundRow, centerIds: string[]): Promise<Access> {
  return {
    manage: await holdsOverScope(executor, user, 'admin', round.scope_center_id),
    inspect: await holdsOverScope(executor, user, 'supervisor', round.scope_center_id),
    centers: await ownCenters(executor, user, centerIds),
  };
}

// ------------------------------------------------------------------ rows

async function roundRow(executor: Executor, id: string, lock = false): Promise<RoundRow> {
  const row = await executor.selectFrom('assessment_rounds').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('考评批次', id);
  return row;
}

async function roundCenterIds(executor: Executor, roundId: string): Promise<string[]> {
  const rows = await executor.selectFrom('assessment_round_centers').select('center_id').where('round_id', '=', roundId).execute();
  return rows.map((r) => r.center_id);
}

const criteriaOf = (executor: Executor, roundId: string): Promise<CriterionRow[]> =>
  executor.selectFrom('assessment_criteria').selectAll().where('round_id', '=', roundId).orderBy('sort').execute();

async function criterionOfRound(executor: Executor, roundId: string, criterionId: string): Promise<CriterionRow> {
  const row = await executor.selectFrom('assessment_criteria').selectAll().where('id', '=', criterionId).executeTakeFirst();
  if (!row || row.round_id !== roundId) throw notFound('考评指标', criterionId);
  return row;
}

/** A round and the person's access to it; refuses anyone with no part in it. */
async function readableRound(executor: Executor, principal: Principal | undefined, id: string) {
  const user = signedInUser(principal);
  const round = await roundRow(executor, id);
  const centerIds = await roundCenterIds(executor, id);
  const access = await accessTo(executor, user, round, centerIds);
  // Assessed centers see a round once it reaches them, not while the province drafts it.
  if (!access.manage && !access.inspect && (access.centers.length === 0 || round.status === 'draft')) throw forbidden('无权查看此考评批次');
  return { user, round, centerIds, access };
}

// ------------------------------------------------------------------ views

export interface CriterionView {
  id: string;
  dimension: Dimension;
  dimensionLabel: string;
  title: string;
  description: string | null;
  maxPoints: number;
  indicator: Indicator | null;
  indicatorLabel: string | null;
}

const toCriterion = (row: CriterionRow): CriterionView => ({
  id: row.id,
  dimension: row.dimension,
  dimensionLabel: dimensionLabels[row.dimension],
  title: row.title,
  description: row.description,
  maxPoints: row.max_points,
  indicator: row.indicator,
  indicatorLabel: row.indicator ? indicatorScales[row.indicator].label : null,
});

export interface RoundView {
  id: string;
  name: string;
  year: number;
  scopeCenterId: string | null;
  scopeCenterName: string | null;
  periodFrom: string;
  periodTo: string;
  selfDeadline: string;
  status: RoundStatus;
  statusLabel: string;
  selfAssessmentOpen: boolean;
  publishedAt: string | null;
  createdAt: string;
  centers: { id: string; name: string; level: string }[];
  criteria: CriterionView[];
  /** What the person reading may do with the round. */
  access: Access;
}

async function centerNames(executor: Executor): Promise<Map<string, { name: string; level: string }>> {
  return new Map((await listCenters(executor)).map((c) => [c.id, { name: c.name, level: c.level }]));
}

/** A round's own fields, as every list and page shows them. */
function roundSummary(round: RoundRow, names: Map<string, { name: string; level: string }>, access: Access): Omit<RoundView, 'criteria' | 'centers'> {
  return {
    id: round.id,
    name: round.name,
    year: round.year,
    scopeCenterId: round.scope_center_id,
    scopeCenterName: round.scope_center_id ? (names.get(round.scope_center_id)?.name ?? null) : null,
    periodFrom: round.period_from,
    periodTo: round.period_to,
    selfDeadline: round.self_deadline,
    status: round.status,
    statusLabel: roundStatusLabels[round.status],
    selfAssessmentOpen: selfAssessmentOpen(round.status, round.self_deadline, shanghaiDate()),
    publishedAt: round.published_at?.toISOString() ?? null,
    createdAt: round.created_at.toISOString(),
    access,
  };
}

async function toRoundView(executor: Executor, round: RoundRow, centerIds: string[], access: Access): Promise<RoundView> {
  const names = await centerNames(executor);
  return {
    ...roundSummary(round, names, access),
    centers: centerIds.map((id) => ({ id, name: names.get(id)?.name ?? id, level: names.get(id)?.level ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    criteria: (await criteriaOf(executor, round.id)).map(toCriterion),
  };
}

// ------------------------------------------------------------------ rounds

export interface RoundInput {
  name: string;
  year: number;
  scopeCenterId?: string;
  centerIds?: string[];
  periodFrom: string;
  periodTo: string;
  selfDeadline: string;
}

/** Rounds the person has a part in: those of their province as admin or inspector, and those assessing their center. */
export async function listRounds(executor: Executor, principal: Principal | undefined): Promise<Omit<RoundView, 'criteria' | 'centers'>[]> {
  const user = signedInUser(principal);
  const rounds = await executor.selectFrom('assessment_rounds').selectAll().orderBy('created_at', 'desc').execute();
  const visible: Omit<RoundView, 'criteria' | 'centers'>[] = [];
  const names = await centerNames(executor);
  for (const round of rounds) {
    const access = await accessTo(executor, user, round, await roundCenterIds(executor, round.id));
    if (!access.manage && !access.inspect && (access.centers.length === 0 || round.status === 'draft')) continue;
    visible.push(roundSummary(round, names, access));
  }
  return visible;
}

export async function getRound(executor: Executor, principal: Principal | undefined, id: string): Promise<RoundView> {
  const { round, centerIds, access } = await readableRound(executor, principal, id);
  return toRoundView(executor, round, centerIds, access);
}

/** A round of a province (its admin) or of the whole system (an admin without a center); by default its city and district centers. */
export async function createRound(executor: Executor, principal: Principal | undefined, actor: Actor, input: RoundInput): Promise<RoundView> {
  const user = signedInUser(principal);
  if (input.periodFrom > input.periodTo) throw badRequest('INVALID_PERIOD', '考评期间的开始日期不能晚于结束日期');
  const scopeCenterId = input.scopeCenterId ?? null;
  if (scopeCenterId !== null) {
    const scope = await getCenter(executor, scopeCenterId);
    if (scope.level !== 'province') throw badRequest('NOT_A_PROVINCE', '考评批次须由省级中心组织');
  }
  if (!(await holdsOverScope(executor, user, 'admin', scopeCenterId))) throw forbidden('只有省级中心的管理员可以组织考评');
  const centers = await listCenters(executor);
  const inScope = new Set(scopeCenterId ? await centerSubtree(executor, [scopeCenterId]) : centers.map((c) => c.id));
  let centerIds: string[];
  if (input.centerIds) {
    centerIds = [...new Set(input.centerIds)];
    for (const id of centerIds) {
      const center = await getCenter(executor, id);
      if (!inScope.has(id) || center.level === 'province') throw badRequest('CENTER_OUT_OF_SCOPE', `${center.name}不在本次考评范围内`, { centerId: id });
    }
  } else {
    centerIds = centers.filter((c) => inScope.has(c.id) && (assessedLevels as readonly string[]).includes(c.level)).map((c) => c.id);
  }
  if (centerIds.length === 0) throw badRequest('NO_CENTERS', '考评范围内没有可考评的中心');
  const id = newId();
  await inTransaction(executor, async (trx) => {
    await trx
      .insertInto('assessment_rounds')
      .values({ id, name: input.name.trim(), year: input.year, scope_center_id: scopeCenterId, period_from: input.periodFrom, period_to: input.periodTo, self_deadline: input.selfDeadline, created_by: user.id })
      .execute();
    await trx.insertInto('assessment_round_centers').values(centerIds.map((centerId) => ({ round_id: id, center_id: centerId }))).execute();
    await recordAudit(trx, actor, { action: 'assessment.round.create', entityType: 'assessment_round', entityId: id, centerId: scopeCenterId, after: { name: input.name, year: input.year, centers: centerIds.length } });
  });
  return getRound(executor, principal, id);
}

async function managedRound(executor: Executor, principal: Principal | undefined, id: string, lock = false) {
  const user = signedInUser(principal);
  const round = await roundRow(executor, id, lock);
  if (!(await holdsOverScope(executor, user, 'admin', round.scope_center_id))) throw forbidden('只有组织考评的管理员可以修改考评批次');
  return { user, round };
}

export interface CriterionInput {
  dimension: Dimension;
  title: string;
  description?: string;
  maxPoints: number;
  indicator?: Indicator;
}

export async function addCriterion(executor: Executor, principal: Principal | undefined, actor: Actor, roundId: string, input: CriterionInput): Promise<CriterionView> {
  return inTransaction(executor, async (trx) => {
    const { round } = await managedRound(trx, principal, roundId, true);
    if (round.status !== 'draft') throw conflict('ROUND_NOT_DRAFT', '考评已开始，指标不能再修改');
    const { max } = await trx.selectFrom('assessment_criteria').select((eb) => eb.fn.max('sort').as('max')).where('round_id', '=', roundId).executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('assessment_criteria')
      .values({ id: newId(), round_id: roundId, dimension: input.dimension, title: input.title.trim(), description: input.description?.trim() || null, max_points: input.maxPoints, indicator: input.indicator ?? null, sort: Number(max ?? 0) + 1 })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'assessment.criterion.create', entityType: 'assessment_round', entityId: roundId, after: toCriterion(row) });
    return toCriterion(row);
  });
}

export async function removeCriterion(executor: Executor, principal: Principal | undefined, actor: Actor, roundId: string, criterionId: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const { round } = await managedRound(trx, principal, roundId, true);
    const criterion = await criterionOfRound(trx, roundId, criterionId);
    if (round.status !== 'draft') throw conflict('ROUND_NOT_DRAFT', '考评已开始，指标不能再修改');
    await trx.deleteFrom('assessment_criteria').where('id', '=', criterionId).execute();
    await recordAudit(trx, actor, { action: 'assessment.criterion.delete', entityType: 'assessment_round', entityId: roundId, before: toCriterion(criterion) });
  });
}

/** Moves a round on one step; entering inspection and publishing refresh the automatic indicators. */
export async function advanceRound(executor: Executor, principal: Principal | undefined, actor: Actor, id: string): Promise<RoundView> {
  await inTransaction(executor, async (trx) => {
    const { round } = await managedRound(trx, principal, id, true);
    const criteria = await criteriaOf(trx, id);
    const problem = advanceProblem(round.status, criteria.length);
    if (problem === 'ALREADY_PUBLISHED') throw conflict(problem, '考评结果已发布');
    if (problem === 'NO_CRITERIA') throw conflict(problem, '请先设置考评指标');
    const next = nextRoundStatus(round.status)!;
    if (next === 'inspection' || next === 'published') await fillIndicators(trx, round, criteria);
    await trx
      .updateTable('assessment_rounds')
      .set({ status: next, updated_at: currentTime(), ...(next === 'published' && { published_at: currentTime() }) })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, { action: 'assessment.round.advance', entityType: 'assessment_round', entityId: id, centerId: round.scope_center_id, before: { status: round.status }, after: { status: next } });
  });
  return getRound(executor, principal, id);
}

// ------------------------------------------------------------------ automatic indicators

/** An indicator's figure from the period's statistics, and how many visits, cases or ratings it rests on. */
function figureOf(indicator: Indicator, figures: Figures): { value: number | null; basis: number } {
  switch (indicator) {
    case 'avg_wait':
      return { value: figures.visits?.wait.mean ?? null, basis: figures.visits?.wait.n ?? 0 };
    case 'satisfaction_rate':
      return { value: figures.ratings?.satisfactionRate ?? null, basis: figures.ratings?.total ?? 0 };
    case 'on_time_rate':
      return { value: figures.cases?.onTimeRate ?? null, basis: figures.cases?.completed ?? 0 };
    case 'online_rate':
      return { value: figures.cases?.onlineRate ?? null, basis: figures.cases?.submitted ?? 0 };
    case 'callback_rate':
      return { value: figures.ratings?.callbackRate ?? null, basis: figures.ratings?.realNameBad ?? 0 };
  }
}

async function fillIndicators(executor: Executor, round: RoundRow, criteria: CriterionRow[]): Promise<void> {
  const automatic = criteria.filter((c) => c.indicator !== null);
  if (automatic.length === 0) return;
  const computedAt = currentTime();
  for (const centerId of await roundCenterIds(executor, round.id)) {
    const figures = await periodFigures(executor, { centerIds: [centerId], from: round.period_from, to: round.period_to });
    for (const criterion of automatic) {
      const indicator = criterion.indicator!;
      const { value, basis } = figureOf(indicator, figures);
      const source: IndicatorSource = { statistic: indicatorScales[indicator].statistic, from: round.period_from, to: round.period_to, basis };
      const values = { value, points: indicatorPoints(indicator, value, criterion.max_points), source: JSON.stringify(source), computed_at: computedAt };
      await executor
        .insertInto('assessment_indicator_values')
        .values({ criterion_id: criterion.id, center_id: centerId, ...values })
        .onConflict((oc) => oc.columns(['criterion_id', 'center_id']).doUpdateSet(values))
        .execute();
    }
  }
}

/** Recomputes the automatic indicators from the statistics now (while centers self-assess or are inspected). */
export async function refreshIndicators(executor: Executor, principal: Principal | undefined, actor: Actor, id: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const { round } = await managedRound(trx, principal, id, true);
    if (round.status === 'draft' || round.status === 'published') throw conflict('ROUND_NOT_OPEN', round.status === 'draft' ? '考评尚未开始' : '考评结果已发布，指标不再更新');
    await fillIndicators(trx, round, await criteriaOf(trx, id));
    await recordAudit(trx, actor, { action: 'assessment.indicators.refresh', entityType: 'assessment_round', entityId: id });
  });
}

// ------------------------------------------------------------------ self-assessment

export interface SelfScoreInput {
  criterionId: string;
  score: number;
  evidence: string;
  links?: string[];
}

function requireAssessed(centerIds: string[], centerId: string): void {
  if (!centerIds.includes(centerId)) throw notFound('本批次考评的中心', centerId);
}

function requireWithinMax(criterion: CriterionRow, score: number): void {
  if (score > criterion.max_points) throw badRequest('SCORE_ABOVE_MAX', `得分不能超过该指标的满分 ${criterion.max_points} 分`);
}

/** The center scores a manual criterion with its evidence, while self-assessment is open. */
export async function saveSelfScore(executor: Executor, principal: Principal | undefined, actor: Actor, roundId: string, centerId: string, input: SelfScoreInput): Promise<void> {
  const user = signedInUser(principal);
  await inTransaction(executor, async (trx) => {
    const round = await roundRow(trx, roundId);
    const centerIds = await roundCenterIds(trx, roundId);
    requireAssessed(centerIds, centerId);
    if ((await ownCenters(trx, user, [centerId])).length === 0) throw forbidden('只有被考评中心的管理员可以自评');
    const criterion = await criterionOfRound(trx, roundId, input.criterionId);
    if (criterion.indicator) throw badRequest('AUTOMATIC_CRITERION', '该指标由统计数据自动计算，无需自评');
    requireWithinMax(criterion, input.score);
    if (!selfAssessmentOpen(round.status, round.self_deadline, shanghaiDate())) throw conflict('SELF_ASSESSMENT_CLOSED', round.status === 'self_assessment' ? `自评已于 ${round.self_deadline} 截止` : '当前不在自评阶段');
    const links = [...new Set((input.links ?? []).map((l) => l.trim()).filter(Boolean))];
    const values = { score: input.score, evidence: input.evidence.trim(), links: JSON.stringify(links), scored_by: user.id, updated_at: currentTime() };
    await trx
      .insertInto('assessment_self_scores')
      .values({ criterion_id: criterion.id, center_id: centerId, ...values })
      .onConflict((oc) => oc.columns(['criterion_id', 'center_id']).doUpdateSet(values))
      .execute();
    await recordAudit(trx, actor, { action: 'assessment.self_score', entityType: 'assessment_round', entityId: roundId, centerId, after: { criterionId: criterion.id, score: input.score } });
  });
}

// ------------------------------------------------------------------ inspection

export interface FindingInput {
  centerId: string;
  criterionId: string;
  text: string;
  severity: Severity;
  inspectorScore?: number;
  visitedOn?: string;
  rectifyDays?: number;
}

export interface FollowUpView {
  id: string;
  text: string;
  authorName: string;
  closes: boolean;
  createdAt: string;
}

export interface FindingView {
  id: string;
  roundId: string;
  centerId: string;
  criterionId: string;
  text: string;
  severity: Severity;
  severityLabel: string;
  inspectorScore: number | null;
  inspectorName: string;
  visitedOn: string;
  rectifyDays: number;
  dueDate: string;
  status: 'open' | 'rectifying' | 'closed';
  statusLabel: string;
  overdue: boolean;
  closedAt: string | null;
  followUps: FollowUpView[];
}

async function toFindings(executor: Executor, rows: FindingRow[]): Promise<FindingView[]> {
  const followUps = rows.length
    ? await executor.selectFrom('assessment_follow_ups').selectAll().where('finding_id', 'in', rows.map((r) => r.id)).orderBy('created_at').orderBy('id').execute()
    : [];
  const today = shanghaiDate();
  return rows.map((row) => ({
    id: row.id,
    roundId: row.round_id,
    centerId: row.center_id,
    criterionId: row.criterion_id,
    text: maskPersonalData(row.text),
    severity: row.severity,
    severityLabel: severityLabels[row.severity],
    inspectorScore: row.inspector_score,
    inspectorName: row.inspector_name,
    visitedOn: row.visited_on,
    rectifyDays: row.rectify_days,
    dueDate: row.due_date,
    status: row.status,
    statusLabel: findingStatusLabels[row.status],
    overdue: isFindingOverdue(row.status, row.due_date, today),
    closedAt: row.closed_at?.toISOString() ?? null,
    followUps: followUps
      .filter((f) => f.finding_id === row.id)
      .map((f) => ({ id: f.id, text: maskPersonalData(f.text), authorName: f.author_name, closes: f.closes, createdAt: f.created_at.toISOString() })),
  }));
}

async function findingRow(executor: Executor, id: string): Promise<FindingRow> {
  const row = await executor.selectFrom('assessment_findings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('核查问题', id);
  return row;
}

/** An inspector's finding from a site visit, with its score for the criterion and a rectification deadline in working days. */
export async function recordFinding(executor: Executor, principal: Principal | undefined, actor: Actor, roundId: string, input: FindingInput): Promise<FindingView> {
  const user = signedInUser(principal);
  const id = newId();
  await inTransaction(executor, async (trx) => {
    const round = await roundRow(trx, roundId, true);
    if (!(await holdsOverScope(trx, user, 'supervisor', round.scope_center_id))) throw forbidden('只有省级监察人员可以记录核查问题');
    requireAssessed(await roundCenterIds(trx, roundId), input.centerId);
    const criterion = await criterionOfRound(trx, roundId, input.criterionId);
    if (input.inspectorScore !== undefined) requireWithinMax(criterion, input.inspectorScore);
    const today = shanghaiDate();
    const visitedOn = input.visitedOn ?? today;
    if (visitedOn > today) throw badRequest('VISIT_IN_FUTURE', '走访日期不能晚于今天');
    if (round.status !== 'inspection') throw conflict('ROUND_NOT_IN_INSPECTION', '当前不在实地核查阶段');
    const rectifyDays = input.rectifyDays ?? defaultRectifyDays[input.severity];
    await trx
      .insertInto('assessment_findings')
      .values({
        id,
        round_id: roundId,
        center_id: input.centerId,
        criterion_id: criterion.id,
        text: input.text.trim(),
        severity: input.severity,
        inspector_score: input.inspectorScore ?? null,
        visited_on: visitedOn,
        rectify_days: rectifyDays,
        due_date: await addWorkingDays(trx, visitedOn, rectifyDays),
        inspector_id: user.id,
        inspector_name: user.name,
      })
      .execute();
    await recordAudit(trx, actor, { action: 'assessment.finding.create', entityType: 'assessment_finding', entityId: id, centerId: input.centerId, after: { roundId, criterionId: criterion.id, severity: input.severity, inspectorScore: input.inspectorScore ?? null } });
  });
  const [view] = await toFindings(executor, [await executor.selectFrom('assessment_findings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]);
  return view!;
}

/** The center reports rectification progress; the inspector closes (销号) a finding once the center has reported. */
export async function followUpFinding(executor: Executor, principal: Principal | undefined, actor: Actor, findingId: string, input: { text: string; close?: boolean }): Promise<FindingView> {
  const user = signedInUser(principal);
  await inTransaction(executor, async (trx) => {
    const finding = await findingRow(trx, findingId);
    const round = await roundRow(trx, finding.round_id);
    if (input.close) {
      if (!(await holdsOverScope(trx, user, 'supervisor', round.scope_center_id))) throw forbidden('只有省级监察人员可以销号');
    } else if ((await ownCenters(trx, user, [finding.center_id])).length === 0) throw forbidden('只有被考评中心的管理员可以报送整改情况');
    if (finding.status === 'closed') throw conflict('FINDING_CLOSED', '该问题已销号');
    if (input.close && finding.status === 'open') throw conflict('NO_RECTIFICATION', '中心尚未报送整改情况，不能销号');
    const now = currentTime();
    await trx.insertInto('assessment_follow_ups').values({ id: newId(), finding_id: findingId, text: input.text.trim(), author_id: user.id, author_name: user.name, closes: Boolean(input.close), created_at: now }).execute();
    await trx
      .updateTable('assessment_findings')
      .set(input.close ? { status: 'closed', closed_at: now, closed_by: user.id } : { status: 'rectifying' })
      .where('id', '=', findingId)
      .execute();
    await recordAudit(trx, actor, { action: input.close ? 'assessment.finding.close' : 'assessment.finding.follow_up', entityType: 'assessment_finding', entityId: findingId, centerId: finding.center_id, before: { status: finding.status } });
  });
  const [view] = await toFindings(executor, [await executor.selectFrom('assessment_findings').selectAll().where('id', '=', findingId).executeTakeFirstOrThrow()]);
  return view!;
}

// ------------------------------------------------------------------ scores

interface RoundMarks {
  criteria: CriterionRow[];
  marks: Map<string, CenterMarks>;
}

/** Every center's marks in a round: automatic points, self-scores, and the inspector's latest score per criterion. */
async function marksOf(executor: Executor, roundId: string, centerIds: string[]): Promise<RoundMarks> {
  const criteria = await criteriaOf(executor, roundId);
  const criterionIds = criteria.map((c) => c.id);
  const marks = new Map(centerIds.map((id) => [id, { auto: new Map<string, number>(), self: new Map<string, number>(), inspector: new Map<string, number>() }]));
  if (criterionIds.length === 0) return { criteria, marks };
  for (const row of await executor.selectFrom('assessment_indicator_values').select(['criterion_id', 'center_id', 'points']).where('criterion_id', 'in', criterionIds).execute()) marks.get(row.center_id)?.auto.set(row.criterion_id, row.points);
  for (const row of await executor.selectFrom('assessment_self_scores').select(['criterion_id', 'center_id', 'score']).where('criterion_id', 'in', criterionIds).execute()) marks.get(row.center_id)?.self.set(row.criterion_id, row.score);
  const scored = await executor.selectFrom('assessment_findings').select(['criterion_id', 'center_id', 'inspector_score']).where('round_id', '=', roundId).where('inspector_score', 'is not', null).orderBy('created_at').orderBy('id').execute();
  for (const row of scored) marks.get(row.center_id)?.inspector.set(row.criterion_id, row.inspector_score!);
  return { criteria, marks };
}

const factsOf = (c: CriterionRow) => ({ id: c.id, dimension: c.dimension, maxPoints: c.max_points, indicator: c.indicator });

export interface RankingRow extends Totals {
  centerId: string;
  centerName: string;
  rank: number;
  openFindings: number;
  overdueFindings: number;
}

async function rankingOf(executor: Executor, round: RoundRow, centerIds: string[]): Promise<RankingRow[]> {
  const { criteria, marks } = await marksOf(executor, round.id, centerIds);
  const names = await centerNames(executor);
  const findings = await executor.selectFrom('assessment_findings').select(['center_id', 'status', 'due_date']).where('round_id', '=', round.id).execute();
  const today = shanghaiDate();
  const rows = centerIds
    .map((centerId) => {
      const mine = findings.filter((f) => f.center_id === centerId);
      return {
        centerId,
        centerName: names.get(centerId)?.name ?? centerId,
        ...totals(criteria.map(factsOf), marks.get(centerId)!),
        openFindings: mine.filter((f) => f.status !== 'closed').length,
        overdueFindings: mine.filter((f) => isFindingOverdue(f.status, f.due_date, today)).length,
      };
    })
    .sort((a, b) => a.centerName.localeCompare(b.centerName, 'zh'));
  return rank(rows);
}

/** Scores and places of every assessed center: the province always, the assessed centers once published. */
export async function getRanking(executor: Executor, principal: Principal | undefined, roundId: string): Promise<RankingRow[]> {
  const { round, centerIds, access } = await readableRound(executor, principal, roundId);
  if (!access.manage && !access.inspect && round.status !== 'published') throw forbidden('考评结果发布后方可查看排名');
  return rankingOf(executor, round, centerIds);
}

export interface ScorecardLine {
  criterion: CriterionView;
  auto: { value: number | null; points: number; source: IndicatorSource; computedAt: string } | null;
  self: { score: number; evidence: string; links: string[]; scoredBy: string | null; updatedAt: string } | null;
  inspectorScore: number | null;
  points: number;
  source: ScoreSource;
  sourceLabel: string;
}

export interface Scorecard {
  roundId: string;
  centerId: string;
  centerName: string;
  /** Null until the ranking is visible to the reader. */
  rank: number | null;
  totals: Totals;
  lines: ScorecardLine[];
  findings: FindingView[];
}

/** A center's scorecard: the province sees every center's, a center its own. */
export async function getScorecard(executor: Executor, principal: Principal | undefined, roundId: string, centerId: string): Promise<Scorecard> {
  const { round, centerIds, access } = await readableRound(executor, principal, roundId);
  requireAssessed(centerIds, centerId);
  if (!access.manage && !access.inspect && !access.centers.includes(centerId)) throw forbidden('只能查看本中心的考评情况');
  const { criteria, marks } = await marksOf(executor, roundId, [centerId]);
  const centerMarks = marks.get(centerId)!;
  const criterionIds = criteria.map((c) => c.id);
  const autoRows = criterionIds.length ? await executor.selectFrom('assessment_indicator_values').selectAll().where('center_id', '=', centerId).where('criterion_id', 'in', criterionIds).execute() : [];
  const selfRows = criterionIds.length ? await executor.selectFrom('assessment_self_scores').selectAll().where('center_id', '=', centerId).where('criterion_id', 'in', criterionIds).execute() : [];
  const scorers = await staffNames(executor, [...new Set(selfRows.map((r) => r.scored_by))]);
  const rankVisible = access.manage || access.inspect || round.status === 'published';
  const place = rankVisible ? (await rankingOf(executor, round, centerIds)).find((r) => r.centerId === centerId)!.rank : null;
  const findingRows = await executor.selectFrom('assessment_findings').selectAll().where('round_id', '=', roundId).where('center_id', '=', centerId).orderBy('created_at').orderBy('id').execute();
  return {
    roundId,
    centerId,
    centerName: (await getCenter(executor, centerId)).name,
    rank: place,
    totals: totals(criteria.map(factsOf), centerMarks),
    lines: criteria.map((criterion) => {
      const auto = autoRows.find((r) => r.criterion_id === criterion.id);
      const self = selfRows.find((r) => r.criterion_id === criterion.id);
      const score = criterionScore(factsOf(criterion), centerMarks);
      return {
        criterion: toCriterion(criterion),
        auto: auto ? { value: auto.value, points: auto.points, source: auto.source, computedAt: auto.computed_at.toISOString() } : null,
        self: self ? { score: self.score, evidence: maskPersonalData(self.evidence), links: self.links, scoredBy: scorers.get(self.scored_by) ?? null, updatedAt: self.updated_at.toISOString() } : null,
        inspectorScore: centerMarks.inspector.get(criterion.id) ?? null,
        points: score.points,
        source: score.source,
        sourceLabel: scoreSourceLabels[score.source],
      };
    }),
    findings: await toFindings(executor, findingRows),
  };
}
