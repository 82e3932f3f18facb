import { sql, type Selectable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal, RoleName } from '../../platform/auth.ts';
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { isValidCreditCode, isValidMobile, lookupHash, isValidProjectCode } from '../../platform/identity.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { assistanceFigures, listAssistanceForProject } from '../assistance/service.ts';
import { workingDaysBetween } from '../calendar/service.ts';
import { casesOfApplicant, createCase, getCase, type CaseView } from '../cases/service.ts';
import { getItemGuide, getItemSummaries, itemChecklist, proposeBundle } from '../catalog/service.ts';
import type { ChangeKind } from '../catalog/rules.ts';
import { authorizeInCenter, getCenter, visibleCenterIds } from '../org/service.ts';
import {
  bundleSetProblem,
  codeSatisfies,
  elapsedWorkingDays,
  findBottlenecks,
  moveProblem,
  nextRequiredItems,
  stageIndex,
  stageLabels,
  stages,
  suggestPolicies,
  type Bottleneck,
  type CompanyProfile,
  type LinkedCaseFacts,
  type PolicyCriteria,
  type Stage,
  type StageItem,
} from './rules.ts';
import type { PoliciesTable, ProjectsTable } from './tables.ts';

type ProjectRow = Selectable<ProjectsTable>;
type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** Who keeps the ledger: the center's staff and its 帮办代办 agents; supervisors read it. */
const ledgerWriters: readonly RoleName[] = ['admin', 'center_manager', 'window_staff', 'agent'];
const ledgerReaders: readonly RoleName[] = [...ledgerWriters, 'supervisor'];

const normaliseCreditCode = (value: string) => value.replace(/\s+/g, '').toUpperCase();

function assertCreditCode(value: string): string {
  const code = normaliseCreditCode(value);
  if (!isValidCreditCode(code)) throw badRequest('INVALID_CREDIT_CODE', '统一社会信用代码不正确，请核对后重新输入');
  return code;
}

function requireStaff(principal: Principal | undefined): UserPrincipal {
  if (!principal) throw unauthorized();
  if (principal.kind !== 'user') throw forbidden('请使用工作人员账号登录');
  return principal;
}

// ---------------------------------------------------------------- stage settings

export interface StageSetting {
  stage: Stage;
  label: string;
  normDays: number | null;
  items: StageItem[];
}

/** Each stage's norm in working days and the catalogue items it needs, in stage order. */
export async function listStageSettings(executor: Executor): Promise<StageSetting[]> {
  const settings = await executor.selectFrom('project_stage_settings').selectAll().execute();
  const items = await executor.selectFrom('project_stage_items').selectAll().orderBy('sort').orderBy('item_code').execute();
  return stages.map((stage) => ({
    stage,
    label: stageLabels[stage],
    normDays: settings.find((s) => s.stage === stage)?.norm_days ?? null,
    items: items.filter((i) => i.stage === stage).map((i) => ({ code: i.item_code, name: i.item_name })),
  }));
}

/** Sets a stage's norm and required items (admin): the ledger's rules are data, changed with an audit record. */
export async function updateStageSetting(executor: Executor, actor: Actor, stage: Stage, input: { normDays: number | null; items: StageItem[] }): Promise<StageSetting> {
  const codes = input.items.map((i) => i.code);
  if (new Set(codes).size !== codes.length) throw badRequest('VALIDATION_FAILED', '事项编码有重复');
  return inTransaction(executor, async (trx) => {
    const before = (await listStageSettings(trx)).find((s) => s.stage === stage)!;
    await trx.updateTable('project_stage_settings').set({ norm_days: input.normDays, updated_at: new Date() }).where('stage', '=', stage).execute();
    await trx.deleteFrom('project_stage_items').where('stage', '=', stage).execute();
    if (input.items.length) await trx.insertInto('project_stage_items').values(input.items.map((i, sort) => ({ stage, item_code: i.code, item_name: i.name, sort }))).execute();
    const after = (await listStageSettings(trx)).find((s) => s.stage === stage)!;
    await recordAudit(trx, actor, { action: 'project.stage_setting.update', entityType: 'project_stage', entityId: stage, before, after });
    return after;
  });
}

// ---------------------------------------------------------------- projects

export interface ProjectInput {
  code: string;
  name: string;
  ownerCreditCode: string;
  ownerName: string;
  location: string;
  centerId: string;
  /** The stage a project is registered in when it enters the ledger part-way (default 招商引资). */
  stage?: Stage;
}

export interface ProjectSummary {
  id: string;
  code: string;
  name: string;
  ownerCreditCode: string;
  ownerName: string;
  location: string;
  centerId: string;
  centerName: string;
  stage: Stage;
  stageLabel: string;
  /** Working days in the current stage so far. */
  stageDays: number;
  linkedCases: number;
  bottlenecks: Bottleneck[];
  createdAt: string;
}

export interface LinkedCase {
  caseId: string;
  caseNo: string;
  stage: Stage;
  itemId: string;
  itemCode: string;
  itemName: string;
  status: CaseView['status'];
  statusLabel: string;
  completed: boolean;
  promisedDeadline: string | null;
  warning: LinkedCaseFacts['warning'];
  linkedBy: string | null;
  linkedAt: string;
}

export interface StageView {
  stage: Stage;
  label: string;
  state: 'done' | 'current' | 'ahead';
  enteredAt: string | null;
  leftAt: string | null;
  elapsedDays: number | null;
  normDays: number | null;
  requiredItems: StageItem[];
  nextRequiredItems: StageItem[];
  cases: LinkedCase[];
  overrideReason: string | null;
}

/** 帮办代办 for the project (modules/assistance): each request with its agent and the services recorded. */
export interface ProjectAssistance {
  id: string;
  need: string;
  status: string;
  statusLabel: string;
  levelLabel: string;
  agentName: string | null;
  totalMinutes: number;
  services: { kindLabel: string; date: string; minutes: number; note: string; agentName: string }[];
}

export interface ProjectDetail extends ProjectSummary {
  stages: StageView[];
  assistance: ProjectAssistance[];
  history: { stage: Stage; stageLabel: string; enteredAt: string; enteredBy: string | null; leftAt: string | null; leftBy: string | null; overrideReason: string | null }[];
}

async function projectRow(executor: Executor, id: string, lock = false): Promise<ProjectRow> {
  const row = await executor.selectFrom('projects').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('项目', id);
  return row;
}

/** The linked cases of some projects with their current state and item codes, from the cases and catalogue services. */
async function linkedCasesOf(executor: Executor, projectIds: string[]): Promise<Map<string, LinkedCase[]>> {
  const out = new Map<string, LinkedCase[]>(projectIds.map((id) => [id, []]));
  if (!projectIds.length) return out;
  const links = await executor.selectFrom('project_cases').selectAll().where('project_id', 'in', projectIds).orderBy('linked_at').execute();
  const views = new Map<string, CaseView>();
  for (const link of links) views.set(link.case_id, await getCase(executor, link.case_id));
  const codes = new Map((await getItemSummaries(executor, [...new Set([...views.values()].map((v) => v.itemId))])).map((i) => [i.id, i.code]));
  for (const link of links) {
    const view = views.get(link.case_id)!;
    out.get(link.project_id)!.push({
      caseId: link.case_id,
      caseNo: link.case_no,
      stage: link.stage,
      itemId: view.itemId,
      itemCode: codes.get(view.itemId) ?? '',
      itemName: view.itemName,
      status: view.status,
      statusLabel: view.statusLabel,
      completed: view.status === 'completed' && view.approved === true,
      promisedDeadline: view.promisedDeadline,
      warning: view.warning,
      linkedBy: link.linked_by,
      linkedAt: link.linked_at.toISOString(),
    });
  }
  return out;
}

interface Visit {
  stage: Stage;
  entered_at: Date;
  entered_by: string | null;
  left_at: Date | null;
  left_by: string | null;
  override_reason: string | null;
}

async function visitsOf(executor: Executor, projectIds: string[]): Promise<Map<string, Visit[]>> {
  const out = new Map<string, Visit[]>(projectIds.map((id) => [id, []]));
  if (!projectIds.length) return out;
  const rows = await executor.selectFrom('project_stage_visits').selectAll().where('project_id', 'in', projectIds).orderBy('entered_at').execute();
  for (const row of rows) out.get(row.project_id)!.push(row);
  return out;
}

/** Working days per stage, through the calendar service (Asia/Shanghai working days, 调休 included). */
async function stageDays(executor: Executor, visits: Visit[], today: string): Promise<Map<Stage, number>> {
  const spans = visits.map((v) => ({ stage: v.stage, enteredOn: shanghaiDate(v.entered_at), leftOn: v.left_at ? shanghaiDate(v.left_at) : null }));
  const counted = new Map<string, number>();
  for (const span of spans) {
    const to = span.leftOn ?? today;
    counted.set(`${span.enteredOn}/${to}`, await workingDaysBetween(executor, span.enteredOn, to));
  }
  return elapsedWorkingDays(spans, today, (from, to) => counted.get(`${from}/${to}`)!);
}

async function summaries(executor: Executor, rows: ProjectRow[], today: string): Promise<{ summary: ProjectSummary; elapsed: Map<Stage, number>; cases: LinkedCase[]; visits: Visit[] }[]> {
  const ids = rows.map((r) => r.id);
  const linked = await linkedCasesOf(executor, ids);
  const visits = await visitsOf(executor, ids);
  const settings = await listStageSettings(executor);
  const norms = Object.fromEntries(settings.map((s) => [s.stage, s.normDays]));
  const centerNames = new Map<string, string>();
  const out = [];
  for (const row of rows) {
    if (!centerNames.has(row.center_id)) centerNames.set(row.center_id, (await getCenter(executor, row.center_id)).name);
    const elapsed = await stageDays(executor, visits.get(row.id)!, today);
    const cases = linked.get(row.id)!;
    out.push({
      summary: {
        id: row.id,
        code: row.code,
        name: row.name,
        ownerCreditCode: row.owner_credit_code,
        ownerName: row.owner_name,
        location: row.location,
        centerId: row.center_id,
        centerName: centerNames.get(row.center_id)!,
        stage: row.stage,
        stageLabel: stageLabels[row.stage],
        stageDays: elapsed.get(row.stage) ?? 0,
        linkedCases: cases.length,
        bottlenecks: findBottlenecks(elapsed, norms, cases),
        createdAt: row.created_at.toISOString(),
      },
      elapsed,
      cases,
      visits: visits.get(row.id)!,
    });
  }
  return out;
}

async function detailOf(executor: Executor, row: ProjectRow, today = shanghaiDate()): Promise<ProjectDetail> {
  const [{ summary, elapsed, cases, visits }] = (await summaries(executor, [row], today)) as [Awaited<ReturnType<typeof summaries>>[number]];
  const settings = await listStageSettings(executor);
  const current = stageIndex(row.stage);
  const assistance = (await listAssistanceForProject(executor, row.code)).map((r) => ({
    id: r.id,
    need: r.need,
    status: r.status,
    statusLabel: r.statusLabel,
    levelLabel: r.levelLabel,
    agentName: r.agent?.name ?? null,
    totalMinutes: r.totalMinutes,
    services: r.services.map((v) => ({ kindLabel: v.kindLabel, date: v.date, minutes: v.minutes, note: v.note, agentName: v.agentName })),
  }));
  return {
    ...summary,
    assistance,
    stages: settings.map((setting) => {
      const own = visits.filter((v) => v.stage === setting.stage);
      const index = stageIndex(setting.stage);
      return {
        stage: setting.stage,
        label: setting.label,
        state: index < current ? 'done' : index === current ? 'current' : 'ahead',
        enteredAt: own[0]?.entered_at.toISOString() ?? null,
        leftAt: own.at(-1)?.left_at?.toISOString() ?? null,
        elapsedDays: elapsed.get(setting.stage) ?? null,
        normDays: setting.normDays,
        requiredItems: setting.items,
        nextRequiredItems: index < current ? [] : nextRequiredItems(setting.items, cases, setting.stage),
        cases: cases.filter((c) => c.stage === setting.stage),
        overrideReason: own.find((v) => v.override_reason)?.override_reason ?? null,
      };
    }),
    history: visits.map((v) => ({
      stage: v.stage,
      stageLabel: stageLabels[v.stage],
      enteredAt: v.entered_at.toISOString(),
      enteredBy: v.entered_by,
      leftAt: v.left_at?.toISOString() ?? null,
      leftBy: v.left_by,
      overrideReason: v.override_reason,
    })),
  };
}

/** Registers a project in the ledger (投资项目代码 unique and well-formed, owner by its credit code), in its first stage. */
export async function createProject(executor: Executor, principal: Principal | undefined, actor: Actor, input: ProjectInput, now = new Date()): Promise<ProjectDetail> {
  const code = input.code.trim();
  if (!isValidProjectCode(code)) throw badRequest('INVALID_PROJECT_CODE', '投资项目代码格式不正确，应如 2026-441900-48-01-012345');
  const ownerCreditCode = assertCreditCode(input.ownerCreditCode);
  const stage = input.stage ?? 'attract';
  return inTransaction(executor, async (trx) => {
    await getCenter(trx, input.centerId);
    await authorizeInCenter(trx, principal, ledgerWriters, input.centerId);
    const taken = await trx.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirst();
    if (taken) throw conflict('PROJECT_EXISTS', `投资项目代码 ${code} 已登记`, { id: taken.id });
    const id = newId();
    await trx
      .insertInto('projects')
      .values({ id, code, name: input.name.trim(), owner_credit_code: ownerCreditCode, owner_name: input.ownerName.trim(), location: input.location.trim(), center_id: input.centerId, stage, created_by: actor.kind === 'user' ? actor.id : null, created_at: now, updated_at: now })
      .execute();
    await trx.insertInto('project_stage_visits').values({ id: newId(), project_id: id, stage, entered_at: now, entered_by: actorName(actor), left_at: null, left_by: null, override_reason: null }).execute();
    await recordAudit(trx, actor, { action: 'project.create', entityType: 'project', entityId: id, centerId: input.centerId, after: { code, name: input.name, ownerCreditCode, stage } });
    return detailOf(trx, await projectRow(trx, id), shanghaiDate(now));
  });
}

const actorName = (actor: Actor) => (actor.kind === 'anonymous' ? null : actor.name);

export async function getProject(executor: Executor, principal: Principal | undefined, id: string, today = shanghaiDate()): Promise<ProjectDetail> {
  const row = await projectRow(executor, id);
  await authorizeInCenter(executor, principal, ledgerReaders, row.center_id);
  return detailOf(executor, row, today);
}

export interface ProjectQuery {
  centerId?: string;
  stage?: Stage;
  q?: string;
  page: number;
  pageSize: number;
}

/** Projects visible to the person (their centers and below), newest first, with each one's bottlenecks. */
export async function listProjects(executor: Executor, principal: Principal | undefined, query: ProjectQuery, today = shanghaiDate()): Promise<{ items: ProjectSummary[]; total: number }> {
  const user = requireStaff(principal);
  if (query.centerId) await authorizeInCenter(executor, user, ledgerReaders, query.centerId);
  const visible = await visibleCenterIds(executor, user);
  let base = executor.selectFrom('projects');
  if (visible !== 'all') base = base.where('center_id', 'in', visible.length ? visible : ['']);
  if (query.centerId) base = base.where('center_id', '=', query.centerId);
  if (query.stage) base = base.where('stage', '=', query.stage);
  const q = query.q?.trim();
  if (q) base = base.where((eb) => eb.or([eb('name', 'like', `%${q}%`), eb('code', 'like', `%${q}%`), eb('owner_name', 'like', `%${q}%`)]));
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  return { items: (await summaries(executor, rows, today)).map((s) => s.summary), total };
}

/** The owner's case with this number, through the cases service (the applicant's credit code is the owner's). */
async function ownerCase(executor: Executor, ownerCreditCode: string, caseNo: string): Promise<CaseView> {
  const pageSize = 100;
  for (let page = 1; ; page++) {
    const { items, total } = await casesOfApplicant(executor, lookupHash(ownerCreditCode), page, pageSize);
    const found = items.find((c) => c.caseNo === caseNo);
    if (found) return found;
    if (page * pageSize >= total) break;
  }
  throw conflict('CASE_NOT_OF_OWNER', `项目业主名下没有编号为 ${caseNo} 的办件（办件申请人的统一社会信用代码须与项目业主一致）`, { caseNo });
}

/**
 * Links an existing case of the owner to a stage the project has reached (by default the stage whose
 * items include the case's item, else the current one). A case belongs to one project.
 */
export async function linkCase(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, input: { caseNo: string; stage?: Stage }): Promise<ProjectDetail> {
  return inTransaction(executor, async (trx) => {
    const row = await projectRow(trx, id, true);
    await authorizeInCenter(trx, principal, ledgerWriters, row.center_id);
    const found = await ownerCase(trx, row.owner_credit_code, input.caseNo.trim());
    const linked = await trx.selectFrom('project_cases').select(['project_id']).where('case_id', '=', found.id).executeTakeFirst();
    if (linked) throw conflict('CASE_ALREADY_LINKED', linked.project_id === id ? '该办件已关联到本项目' : '该办件已关联到其他项目', { projectId: linked.project_id });
    const [item] = await getItemSummaries(trx, [found.itemId]);
    const settings = await listStageSettings(trx);
    const byItem = item && settings.find((s) => s.items.some((i) => codeSatisfies(item.code, i.code)));
    const stage = input.stage ?? byItem?.stage ?? row.stage;
    if (stageIndex(stage) > stageIndex(row.stage)) throw conflict('STAGE_NOT_REACHED', `该办件属于${stageLabels[stage]}阶段，项目尚未进入该阶段，请先推进项目阶段`, { stage });
    await trx.insertInto('project_cases').values({ case_id: found.id, project_id: id, stage, case_no: found.caseNo, linked_by: actorName(actor) }).execute();
    await trx.updateTable('projects').set({ updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'project.case.link', entityType: 'project', entityId: id, centerId: row.center_id, after: { caseId: found.id, caseNo: found.caseNo, stage } });
    return detailOf(trx, await projectRow(trx, id));
  });
}

/**
 * Moves a project to the next stage. Stages are never skipped; leaving a stage whose required items are
 * not all done with a completed case needs an explicit override with a reason, which is audited.
 */
export async function advanceStage(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, input: { toStage: Stage; overrideReason?: string }, now = new Date()): Promise<ProjectDetail> {
  return inTransaction(executor, async (trx) => {
    const row = await projectRow(trx, id, true);
    await authorizeInCenter(trx, principal, ledgerWriters, row.center_id);
    const problem = moveProblem(row.stage, input.toStage);
    if (problem) throw conflict(problem.code, problem.message, { stage: row.stage, toStage: input.toStage });
    const current = await detailOf(trx, row, shanghaiDate(now));
    const pending = current.stages.find((s) => s.stage === row.stage)!.nextRequiredItems;
    const overrideReason = input.overrideReason?.trim() || null;
    if (pending.length && !overrideReason) {
      throw conflict('REQUIRED_ITEMS_PENDING', `${stageLabels[row.stage]}阶段还有事项未办结：${pending.map((i) => i.name).join('、')}；如确需进入下一阶段，请填写原因`, { items: pending });
    }
    const recordedOverride = pending.length ? overrideReason : null;
    await trx
      .updateTable('project_stage_visits')
      .set({ left_at: now, left_by: actorName(actor), override_reason: recordedOverride })
      .where('project_id', '=', id)
      .where('left_at', 'is', null)
      .execute();
    await trx.insertInto('project_stage_visits').values({ id: newId(), project_id: id, stage: input.toStage, entered_at: now, entered_by: actorName(actor), left_at: null, left_by: null, override_reason: null }).execute();
    await trx.updateTable('projects').set({ stage: input.toStage, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: recordedOverride ? 'project.stage.override' : 'project.stage.advance',
      entityType: 'project',
      entityId: id,
      centerId: row.center_id,
      before: { stage: row.stage },
      after: { stage: input.toStage, ...(recordedOverride ? { overrideReason: recordedOverride, pendingItems: pending.map((i) => i.code) } : {}) },
    });
    return detailOf(trx, await projectRow(trx, id), shanghaiDate(now));
  });
}

export interface LedgerFigures {
  companies: number;
  projects: number;
  byStage: { stage: Stage; label: string; projects: number }[];
  linkedCases: number;
  customBundles: number;
  /** 帮办代办 (modules/assistance) of the center and below: null without a center or for roles that may not read those figures. */
  assistance: { companies: number; projects: number; services: number; minutes: number } | null;
}

async function assistanceTotals(executor: Executor, principal: Principal, centerId: string | undefined): Promise<LedgerFigures['assistance']> {
  if (!centerId) return null;
  try {
    const { total } = await assistanceFigures(executor, principal, { centerId });
    return { companies: total.companies, projects: total.projects, services: total.services, minutes: total.minutes };
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 403) return null;
    throw error;
  }
}

/** 一本总账 figures of the visible centers (or one): companies with projects, projects per stage, linked cases, 政务定制 bundles. */
export async function ledgerFigures(executor: Executor, principal: Principal | undefined, centerId?: string): Promise<LedgerFigures> {
  const user = requireStaff(principal);
  if (centerId) await authorizeInCenter(executor, user, ledgerReaders, centerId);
  const visible = centerId ? [centerId] : await visibleCenterIds(executor, user);
  const centers = visible === 'all' ? undefined : visible.length ? visible : [''];
  const projects = executor.selectFrom('projects').$if(centers !== undefined, (qb) => qb.where('center_id', 'in', centers!));
  const perStage = await projects.select(['stage', sql<number>`count(*)::int`.as('n')]).groupBy('stage').execute();
  const { companies } = await projects.select(sql<number>`count(DISTINCT owner_credit_code)::int`.as('companies')).executeTakeFirstOrThrow();
  const { linked } = await executor
    .selectFrom('project_cases')
    .innerJoin('projects', 'projects.id', 'project_cases.project_id')
    .$if(centers !== undefined, (qb) => qb.where('projects.center_id', 'in', centers!))
    .select(sql<number>`count(*)::int`.as('linked'))
    .executeTakeFirstOrThrow();
  const { bundles } = await executor
    .selectFrom('custom_bundles')
    .$if(centers !== undefined, (qb) => qb.where('center_id', 'in', centers!))
    .select(sql<number>`count(*)::int`.as('bundles'))
    .executeTakeFirstOrThrow();
  const byStage = stages.map((stage) => ({ stage, label: stageLabels[stage], projects: perStage.find((r) => r.stage === stage)?.n ?? 0 }));
  return { companies, projects: byStage.reduce((sum, s) => sum + s.projects, 0), byStage, linkedCases: linked, customBundles: bundles, assistance: await assistanceTotals(executor, user, centerId) };
}

// ---------------------------------------------------------------- 暖企 policies

export interface PolicyInput {
  itemId: string;
  name: string;
  kind: PoliciesTable['kind'];
  benefit: string;
  criteria: PolicyCriteria;
}

export interface PolicyView extends PolicyInput {
  id: string;
  itemCode: string;
  itemName: string;
  departmentName: string;
}

async function policyViews(executor: Executor): Promise<PolicyView[]> {
  const rows = await executor.selectFrom('policies').selectAll().orderBy('name').execute();
  const items = new Map((await getItemSummaries(executor, [...new Set(rows.map((r) => r.item_id))])).map((i) => [i.id, i]));
  return rows.map((r) => {
    const item = items.get(r.item_id)!;
    return { id: r.id, itemId: r.item_id, name: r.name, kind: r.kind, benefit: r.benefit, criteria: r.criteria, itemCode: item.code, itemName: item.name, departmentName: item.department.name };
  });
}

export const listPolicies = (executor: Executor): Promise<PolicyView[]> => policyViews(executor);

function assertCriteria(criteria: PolicyCriteria) {
  if (criteria.minEmployees !== undefined && criteria.maxEmployees !== undefined && criteria.minEmployees > criteria.maxEmployees) throw badRequest('INVALID_CRITERIA', '从业人员下限不能大于上限');
  if (criteria.minYearsFounded !== undefined && criteria.maxYearsFounded !== undefined && criteria.minYearsFounded >= criteria.maxYearsFounded) throw badRequest('INVALID_CRITERIA', '成立年限下限须小于上限');
}

/** Adds a 暖企 policy: a catalogue item with its eligibility criteria as data (admin). */
export async function createPolicy(executor: Executor, actor: Actor, input: PolicyInput): Promise<PolicyView> {
  assertCriteria(input.criteria);
  return inTransaction(executor, async (trx) => {
    const [item] = await getItemSummaries(trx, [input.itemId]);
    if (!item) throw badRequest('INVALID_REFERENCE', '政策对应的事项不存在');
    const taken = await trx.selectFrom('policies').select('id').where('name', '=', input.name).executeTakeFirst();
    if (taken) throw conflict('POLICY_EXISTS', `已有名为「${input.name}」的政策`);
    const id = newId();
    await trx.insertInto('policies').values({ id, item_id: input.itemId, name: input.name, kind: input.kind, benefit: input.benefit, criteria: JSON.stringify(input.criteria) }).execute();
    await recordAudit(trx, actor, { action: 'policy.create', entityType: 'policy', entityId: id, after: input });
    return (await policyViews(trx)).find((p) => p.id === id)!;
  });
}

function assertProfile(profile: CompanyProfile, today: string): CompanyProfile {
  const creditCode = assertCreditCode(profile.creditCode);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(profile.foundedOn) || Number.isNaN(Date.parse(profile.foundedOn)) || profile.foundedOn > today) throw badRequest('INVALID_DATE', '成立日期不正确');
  return { ...profile, creditCode, name: profile.name.trim(), district: profile.district.trim() };
}

export async function getCompanyProfile(executor: Executor, principal: Principal | undefined, creditCode: string): Promise<CompanyProfile> {
  requireStaff(principal);
  const row = await executor.selectFrom('company_profiles').selectAll().where('credit_code', '=', normaliseCreditCode(creditCode)).executeTakeFirst();
  if (!row) throw notFound('企业画像', creditCode);
  return { creditCode: row.credit_code, name: row.name, industry: row.industry as CompanyProfile['industry'], employees: row.employees, revenueFen: Number(row.revenue_fen), district: row.district, foundedOn: row.founded_on };
}

/** Keeps the company's profile and answers the policies it qualifies for (with why) and the near misses (with what is missing). */
export async function suggestEligiblePolicies(executor: Executor, principal: Principal | undefined, actor: Actor, input: CompanyProfile, today = shanghaiDate()) {
  requireStaff(principal);
  const profile = assertProfile(input, today);
  return inTransaction(executor, async (trx) => {
    const values = { name: profile.name, industry: profile.industry, employees: profile.employees, revenue_fen: profile.revenueFen, district: profile.district, founded_on: profile.foundedOn, updated_at: new Date() };
    await trx.insertInto('company_profiles').values({ credit_code: profile.creditCode, ...values }).onConflict((oc) => oc.column('credit_code').doUpdateSet(values)).execute();
    await recordAudit(trx, actor, { action: 'company_profile.save', entityType: 'company_profile', entityId: profile.creditCode, after: profile });
    return { profile, ...suggestPolicies(await policyViews(trx), profile, today) };
  });
}

// ---------------------------------------------------------------- 政务定制

export interface BundleProposalItem {
  id: string;
  code: string;
  name: string;
  departmentName: string;
  promisedDays: number;
  situations: { id: string; question: string; options: { id: string; label: string }[] }[];
}

/** The items to do together for the licences held and the planned change (the catalogue's 政务定制 rule), with their situation questions. */
export async function proposeCustomBundle(executor: Executor, heldLicences: string[], change: ChangeKind): Promise<BundleProposalItem[]> {
  const items = await proposeBundle(executor, heldLicences, change);
  const out: BundleProposalItem[] = [];
  for (const item of items) {
    const guide = await getItemGuide(executor, item.id);
    out.push({ id: item.id, code: item.code, name: item.name, departmentName: item.department.name, promisedDays: item.promisedDays, situations: guide.situations });
  }
  return out;
}

export interface CustomBundleInput {
  centerId: string;
  company: { creditCode: string; name: string; contact: string; phone: string };
  heldLicences: string[];
  change: ChangeKind;
  /** The proposed items, each with its situation answers. */
  items: { itemId: string; answers: Record<string, string> }[];
  /** The window checked every material of every item: they are all taken in as received. */
  materialsReceived: boolean;
}

export interface CustomBundleView {
  id: string;
  centerId: string;
  creditCode: string;
  companyName: string;
  change: string;
  heldLicences: string[];
  createdBy: string | null;
  createdAt: string;
  cases: { caseId: string; caseNo: string; itemName: string; status: string; statusLabel: string; promisedDeadline: string | null }[];
}

async function bundleView(executor: Executor, id: string): Promise<CustomBundleView> {
  const row = await executor.selectFrom('custom_bundles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('政务定制业务', id);
  const links = await executor.selectFrom('custom_bundle_cases').selectAll().where('bundle_id', '=', id).orderBy('sort').execute();
  const cases = [];
  for (const link of links) {
    const view = await getCase(executor, link.case_id);
    cases.push({ caseId: view.id, caseNo: view.caseNo, itemName: view.itemName, status: view.status, statusLabel: view.statusLabel, promisedDeadline: view.promisedDeadline });
  }
  return { id, centerId: row.center_id, creditCode: row.credit_code, companyName: row.company_name, change: row.change_kind, heldLicences: row.held_licences, createdBy: row.created_by, createdAt: row.created_at.toISOString(), cases };
}

export async function getCustomBundle(executor: Executor, principal: Principal | undefined, id: string): Promise<CustomBundleView> {
  const view = await bundleView(executor, id);
  await authorizeInCenter(executor, principal, ledgerReaders, view.centerId);
  return view;
}

/**
 * 政务定制: starts the proposed items as one bundle — a case per item through the cases service, all
 * in one transaction (none is made if any is refused), grouped here since cases have no parent bundle.
 */
export async function startCustomBundle(executor: Executor, principal: Principal | undefined, actor: Actor, input: CustomBundleInput): Promise<CustomBundleView> {
  const creditCode = assertCreditCode(input.company.creditCode);
  const phone = input.company.phone.replace(/[\s-]/g, '');
  if (!isValidMobile(phone)) throw badRequest('INVALID_PHONE', '手机号码不正确');
  if (!input.materialsReceived) throw badRequest('MATERIALS_NOT_CONFIRMED', '请先核验并收齐各事项所需材料');
  return inTransaction(executor, async (trx) => {
    await getCenter(trx, input.centerId);
    await authorizeInCenter(trx, principal, ['admin', 'center_manager', 'window_staff'], input.centerId);
    const proposed = await proposeBundle(trx, input.heldLicences, input.change);
    const problem = bundleSetProblem(proposed.map((i) => i.id), input.items.map((i) => i.itemId));
    if (problem) throw badRequest('INVALID_BUNDLE', problem, { proposed: proposed.map((i) => ({ id: i.id, name: i.name })) });
    const id = newId();
    await trx
      .insertInto('custom_bundles')
      .values({ id, center_id: input.centerId, credit_code: creditCode, company_name: input.company.name.trim(), change_kind: input.change, held_licences: JSON.stringify(input.heldLicences), created_by: actorName(actor) })
      .execute();
    // In the proposed order: the business licence first, the licences amended from it after.
    for (const [sort, proposal] of proposed.entries()) {
      const answers = input.items.find((i) => i.itemId === proposal.id)!.answers;
      const { materials } = await itemChecklist(trx, proposal.id, answers);
      const created = await createCase(trx, principal, actor, {
        itemId: proposal.id,
        centerId: input.centerId,
        applicant: { kind: 'company', creditCode, name: input.company.name.trim(), contact: input.company.contact.trim(), phone },
        answers,
        channel: 'window',
        materials: materials.map((m) => ({ materialId: m.id, status: 'received' as const })),
      });
      await trx.insertInto('custom_bundle_cases').values({ case_id: created.id, bundle_id: id, case_no: created.caseNo, sort }).execute();
    }
    await recordAudit(trx, actor, { action: 'custom_bundle.start', entityType: 'custom_bundle', entityId: id, centerId: input.centerId, after: { creditCode, change: input.change, itemIds: proposed.map((i) => i.id) } });
    return bundleView(trx, id);
  });
}
