import { sql, type Selectable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import { hasRole, type Principal } from '../../platform/auth.ts';
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from '../../platform/errors.ts';
import { isValidCreditCode, isValidMobile, isValidProjectCode } from '../../platform/identity.ts';
import { newId } from '../../platform/ids.ts';
import { maskName, maskPhone } from '../../platform/masking.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { findUserIdByUsername, getOwnAccount, staffNames } from '../accounts/service.ts';
import { authorizeInCenter, centerLineage, centerSubtree, getCenter, scopeOf } from '../org/service.ts';
import {
  agentFits,
  agentLevelLabels,
  authorisationFor,
  authorisationState,
  authorisationStateLabels,
  channelLabels,
  isWorkable,
  levelForCenter,
  nextStatus,
  serviceKindLabels,
  serviceProblem,
  staffChannels,
  statusLabels,
  suggestAgent,
  summariseFigures,
  validUntilProblem,
  type RequestPlace,
  type AgentLevel,
  type AuthorisationState,
  type RequestAction,
  type RequestChannel,
  type RequestStatus,
  type ServiceKind,
} from './rules.ts';
import type { AssistanceAgentTable, AssistanceRequestTable } from './tables.ts';

type RequestRow = Selectable<AssistanceRequestTable>;
type AgentRow = Selectable<AssistanceAgentTable>;

const managers = ['admin', 'center_manager'] as const;
const readers = ['admin', 'center_manager', 'supervisor'] as const;
/** Window staff record requests made at the window or by phone, so they follow their center's requests too. */
const requestReaders = [...readers, 'window_staff'] as const;
const openStatuses: RequestStatus[] = ['assigned', 'in_progress'];

// ------------------------------------------------------------------ agents

export interface AgentView {
  userId: string;
  name: string;
  centerId: string;
  centerName: string;
  level: AgentLevel;
  levelLabel: string;
  area: string | null;
  specialties: string[];
  active: boolean;
  openRequests: number;
}

async function openLoads(executor: Executor, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await executor
    .selectFrom('assistance_requests')
    .select(['agent_user_id', sql<number>`count(*)::int`.as('n')])
    .where('agent_user_id', 'in', userIds)
    .where('status', 'in', openStatuses)
    .groupBy('agent_user_id')
    .execute();
  return new Map(rows.map((r) => [r.agent_user_id!, r.n]));
}

async function toAgentViews(executor: Executor, rows: AgentRow[]): Promise<AgentView[]> {
  const ids = rows.map((r) => r.user_id);
  const [names, loads] = await Promise.all([staffNames(executor, ids), openLoads(executor, ids)]);
  const centerNames = new Map<string, string>();
  for (const centerId of new Set(rows.map((r) => r.center_id))) centerNames.set(centerId, (await getCenter(executor, centerId)).name);
  return rows.map((r) => ({
    userId: r.user_id,
    name: names.get(r.user_id) ?? '',
    centerId: r.center_id,
    centerName: centerNames.get(r.center_id) ?? '',
    level: r.level,
    levelLabel: agentLevelLabels[r.level],
    area: r.area,
    specialties: r.specialties,
    active: r.active,
    openRequests: loads.get(r.user_id) ?? 0,
  }));
}

async function agentRow(executor: Executor, userId: string): Promise<AgentRow> {
  const row = await executor.selectFrom('assistance_agents').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw notFound('帮办代办专员', userId);
  return row;
}

const cleanSpecialties = (list: string[] | undefined): string[] => [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];

function checkArea(level: AgentLevel, area: string | null): void {
  if (level === 'park' && !area) throw badRequest('AREA_REQUIRED', '园区专员须填写所服务的园区名称');
}

export interface AgentInput {
  /** The user, by id or by login name. */
  userId?: string;
  username?: string;
  centerId: string;
  level: AgentLevel;
  area?: string | null;
  specialties?: string[];
}

/** Gives a user who holds the `agent` role the profile that requests are assigned by. */
export async function createAgent(executor: Executor, principal: Principal | undefined, actor: Actor, input: AgentInput, now = new Date()): Promise<AgentView> {
  await authorizeInCenter(executor, principal, managers, input.centerId);
  const area = input.area?.trim() || null;
  checkArea(input.level, area);
  const userId = input.userId ?? (input.username ? await findUserIdByUsername(executor, input.username.trim()) : undefined);
  if (!userId) throw input.username ? notFound('用户', input.username) : badRequest('VALIDATION_FAILED', '请指定用户');
  const user = await getOwnAccount(executor, userId);
  const scope = await scopeOf(executor, input.centerId);
  const holdsAgentRole = user.roles.some((g) => g.role === 'agent' && (g.centerId === null || scope.lineage.includes(g.centerId)));
  if (!holdsAgentRole) throw badRequest('NOT_AN_AGENT', '该用户没有该中心的帮办代办专员角色，请先在用户管理中授予');
  return inTransaction(executor, async (trx) => {
    const inserted = await trx
      .insertInto('assistance_agents')
      .values({ user_id: userId, center_id: input.centerId, level: input.level, area, specialties: JSON.stringify(cleanSpecialties(input.specialties)), created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) throw conflict('AGENT_EXISTS', '该用户已是帮办代办专员');
    await recordAudit(trx, actor, { action: 'assistance.agent.create', entityType: 'assistance_agent', entityId: userId, centerId: input.centerId, after: { level: input.level, area } });
    return (await toAgentViews(trx, [inserted]))[0]!;
  });
}

export interface AgentChanges {
  level?: AgentLevel;
  area?: string | null;
  specialties?: string[];
  active?: boolean;
}

export async function updateAgent(executor: Executor, principal: Principal | undefined, actor: Actor, userId: string, changes: AgentChanges, now = new Date()): Promise<AgentView> {
  return inTransaction(executor, async (trx) => {
    const row = await agentRow(trx, userId);
    await authorizeInCenter(trx, principal, managers, row.center_id);
    const level = changes.level ?? row.level;
    const area = changes.area === undefined ? row.area : changes.area?.trim() || null;
    checkArea(level, area);
    const updated = await trx
      .updateTable('assistance_agents')
      .set({ level, area, active: changes.active ?? row.active, ...(changes.specialties && { specialties: JSON.stringify(cleanSpecialties(changes.specialties)) }), updated_at: now })
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'assistance.agent.update', entityType: 'assistance_agent', entityId: userId, centerId: row.center_id, before: { level: row.level, area: row.area, active: row.active }, after: changes });
    return (await toAgentViews(trx, [updated]))[0]!;
  });
}

/** The agents serving a center and the centers under it, for its managers. */
export async function listAgents(executor: Executor, principal: Principal | undefined, centerId: string): Promise<AgentView[]> {
  await authorizeInCenter(executor, principal, readers, centerId);
  const rows = await executor.selectFrom('assistance_agents').selectAll().where('center_id', 'in', await centerSubtree(executor, [centerId])).orderBy('level').orderBy('created_at').execute();
  return toAgentViews(executor, rows);
}

function requireAgentUser(principal: Principal | undefined): Extract<Principal, { kind: 'user' }> {
  if (!principal) throw unauthorized();
  if (principal.kind !== 'user' || !hasRole(principal, ['agent'])) throw forbidden('仅帮办代办专员可以执行此操作');
  return principal;
}

/** The signed-in agent's own profile. */
export async function getOwnAgent(executor: Executor, principal: Principal | undefined): Promise<AgentView> {
  const user = requireAgentUser(principal);
  const row = await executor.selectFrom('assistance_agents').selectAll().where('user_id', '=', user.id).executeTakeFirst();
  if (!row) throw new AppError(404, 'AGENT_PROFILE_MISSING', '尚未建立您的专员档案，请联系中心管理员');
  return (await toAgentViews(executor, [row]))[0]!;
}

// ------------------------------------------------------------------ requests

export interface RequestView {
  id: string;
  centerId: string;
  companyName: string;
  creditCode: string;
  /** Masked like all personal data on screens. */
  contactName: string;
  contactPhone: string;
  projectCode: string | null;
  need: string;
  level: AgentLevel;
  levelLabel: string;
  park: string | null;
  channel: RequestChannel;
  channelLabel: string;
  enteredBy: string | null;
  status: RequestStatus;
  statusLabel: string;
  agent: { userId: string; name: string } | null;
  submittedAt: string;
  assignedAt: string | null;
  acceptedAt: string | null;
  completedAt: string | null;
  withdrawnAt: string | null;
  rating: { score: number; comment: string | null; ratedAt: string } | null;
}

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

async function toRequestViews(executor: Executor, rows: RequestRow[]): Promise<RequestView[]> {
  const names = await staffNames(executor, [...new Set(rows.flatMap((r) => (r.agent_user_id ? [r.agent_user_id] : [])))]);
  return rows.map((r) => ({
    id: r.id,
    centerId: r.center_id,
    companyName: r.company_name,
    creditCode: r.credit_code,
    contactName: maskName(r.contact_name),
    contactPhone: maskPhone(r.contact_phone),
    projectCode: r.project_code,
    need: r.need,
    level: r.level,
    levelLabel: agentLevelLabels[r.level],
    park: r.park,
    channel: r.channel,
    channelLabel: channelLabels[r.channel],
    enteredBy: r.entered_by,
    status: r.status,
    statusLabel: statusLabels[r.status],
    agent: r.agent_user_id ? { userId: r.agent_user_id, name: names.get(r.agent_user_id) ?? '' } : null,
    submittedAt: r.created_at.toISOString(),
    assignedAt: iso(r.assigned_at),
    acceptedAt: iso(r.accepted_at),
    completedAt: iso(r.completed_at),
    withdrawnAt: iso(r.withdrawn_at),
    rating: r.rating_score !== null && r.rated_at ? { score: r.rating_score, comment: r.rating_comment, ratedAt: r.rated_at.toISOString() } : null,
  }));
}

async function requestRow(executor: Executor, id: string, lock = false): Promise<RequestRow> {
  const row = await executor.selectFrom('assistance_requests').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('帮办申请', id);
  return row;
}

type Access = 'manager' | 'reader' | 'agent' | 'company';

/** Who the caller is to a request: its center's managers or supervisors, its current agent, or the company that asked. */
async function accessTo(executor: Executor, principal: Principal | undefined, row: RequestRow): Promise<Access> {
  if (!principal) throw unauthorized();
  if (principal.kind === 'citizen') {
    // A stranger's request is not confirmed to exist.
    if (row.citizen_id !== principal.id) throw notFound('帮办申请', row.id);
    return 'company';
  }
  if (principal.kind !== 'user') throw forbidden('设备令牌不能执行此操作');
  if (row.agent_user_id === principal.id && hasRole(principal, ['agent'])) return 'agent';
  const scope = await scopeOf(executor, row.center_id);
  if (hasRole(principal, managers, scope)) return 'manager';
  if (hasRole(principal, requestReaders, scope)) return 'reader';
  throw forbidden();
}

async function requireAccess(executor: Executor, principal: Principal | undefined, row: RequestRow, allowed: readonly Access[], message: string): Promise<Access> {
  const access = await accessTo(executor, principal, row);
  if (!allowed.includes(access)) throw forbidden(message);
  return access;
}

export interface RequestInput {
  centerId: string;
  companyName: string;
  creditCode: string;
  contactName: string;
  contactPhone: string;
  projectCode?: string | null;
  need: string;
  level?: AgentLevel;
  park?: string | null;
  channel?: RequestChannel;
}

/** Who is asking and how: a company's contact on the portal, or staff recording a visit or a call. */
async function channelOf(executor: Executor, principal: Principal | undefined, input: RequestInput): Promise<{ channel: RequestChannel; citizenId: string | null; enteredBy: string | null }> {
  if (!principal) throw unauthorized('UNAUTHENTICATED', '请先登录后再申请帮办代办');
  if (principal.kind === 'citizen') {
    if (input.channel !== undefined && input.channel !== 'portal') throw badRequest('INVALID_CHANNEL', '网上申请的来源只能是网上');
    return { channel: 'portal', citizenId: principal.id, enteredBy: null };
  }
  if (principal.kind !== 'user') throw forbidden('设备令牌不能登记帮办申请');
  await authorizeInCenter(executor, principal, ['admin', 'center_manager', 'window_staff'], input.centerId);
  const channel = input.channel ?? 'window';
  if (!staffChannels.includes(channel)) throw badRequest('INVALID_CHANNEL', '工作人员代为登记时，来源应为窗口或电话');
  return { channel, citizenId: null, enteredBy: principal.name };
}

/** 帮办申请: a company asks for an agent; the level comes from the center it asks at unless it names one. */
export async function submitRequest(executor: Executor, principal: Principal | undefined, actor: Actor, input: RequestInput, now = new Date()): Promise<RequestView> {
  const creditCode = input.creditCode.replace(/\s+/g, '').toUpperCase();
  if (!isValidCreditCode(creditCode)) throw badRequest('INVALID_CREDIT_CODE', '统一社会信用代码不正确，请核对');
  const phone = input.contactPhone.replace(/[\s-]/g, '');
  if (!isValidMobile(phone)) throw badRequest('INVALID_PHONE', '手机号码格式不正确，应为 11 位数字');
  const projectCode = input.projectCode?.trim() || null;
  if (projectCode !== null && !isValidProjectCode(projectCode)) throw badRequest('INVALID_PROJECT_CODE', '投资项目代码格式不正确，应如 2026-441900-48-01-012345');
  const [companyName, contactName, need] = [input.companyName.trim(), input.contactName.trim(), input.need.trim()];
  if (!companyName || !contactName || !need) throw badRequest('VALIDATION_FAILED', '请填写企业名称、联系人和需要帮办的事项');
  const park = input.park?.trim() || null;
  if (input.level === 'park' && !park) throw badRequest('PARK_REQUIRED', '申请园区专员服务时请填写园区名称');
  const center = await getCenter(executor, input.centerId);
  const { channel, citizenId, enteredBy } = await channelOf(executor, principal, input);
  const level = input.level ?? levelForCenter(center.level, park);
  return inTransaction(executor, async (trx) => {
    const row = await trx
      .insertInto('assistance_requests')
      .values({
        id: newId(),
        center_id: center.id,
        company_name: companyName,
        credit_code: creditCode,
        contact_name: contactName,
        contact_phone: phone,
        project_code: projectCode,
        need,
        level,
        park: level === 'park' ? park : null,
        channel,
        citizen_id: citizenId,
        entered_by: enteredBy,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'assistance.request.submit', entityType: 'assistance_request', entityId: row.id, centerId: center.id, after: { companyName, creditCode, level, channel, projectCode } });
    return (await toRequestViews(trx, [row]))[0]!;
  });
}

export interface RequestQuery {
  status?: RequestStatus;
  level?: AgentLevel;
  page: number;
  pageSize: number;
}

/** A center's requests (and those of the centers under it), waiting ones first. */
export async function listRequests(executor: Executor, principal: Principal | undefined, centerId: string, query: RequestQuery): Promise<{ items: RequestView[]; total: number }> {
  await authorizeInCenter(executor, principal, requestReaders, centerId);
  let base = executor.selectFrom('assistance_requests').where('center_id', 'in', await centerSubtree(executor, [centerId]));
  if (query.status) base = base.where('status', '=', query.status);
  if (query.level) base = base.where('level', '=', query.level);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy(sql`status = 'submitted'`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: await toRequestViews(executor, rows), total };
}

/** The requests assigned to the signed-in agent, open ones first. */
export async function listAgentRequests(executor: Executor, principal: Principal | undefined, status?: RequestStatus): Promise<RequestView[]> {
  const user = requireAgentUser(principal);
  const rows = await executor
    .selectFrom('assistance_requests')
    .selectAll()
    .where('agent_user_id', '=', user.id)
    .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
    .orderBy(sql`status IN ('assigned','in_progress')`, 'desc')
    .orderBy('assigned_at', 'desc')
    .limit(200)
    .execute();
  return toRequestViews(executor, rows);
}

/** What a company's contact asked for on the portal, newest first. */
export async function listCitizenRequests(executor: Executor, principal: Principal | undefined): Promise<RequestView[]> {
  if (!principal) throw unauthorized();
  if (principal.kind !== 'citizen') throw forbidden('请使用网上办事账号登录');
  const rows = await executor.selectFrom('assistance_requests').selectAll().where('citizen_id', '=', principal.id).orderBy('created_at', 'desc').limit(100).execute();
  return toRequestViews(executor, rows);
}

export interface PlanStepView {
  id: string;
  title: string;
  dueDate: string;
  doneAt: string | null;
  overdue: boolean;
}

export interface ServiceView {
  id: string;
  kind: ServiceKind;
  kindLabel: string;
  date: string;
  minutes: number;
  note: string;
  agentName: string;
  authorisationId: string | null;
  recordedAt: string;
}

export interface AuthorisationView {
  id: string;
  agentUserId: string;
  agentName: string;
  scope: string;
  validUntil: string;
  grantedAt: string;
  revokedAt: string | null;
  state: AuthorisationState;
  stateLabel: string;
}

export interface AssignmentView {
  agentUserId: string;
  agentName: string;
  assignedBy: string;
  reason: string | null;
  suggested: boolean;
  assignedAt: string;
  endedAt: string | null;
}

export interface RequestDetail extends RequestView {
  plan: PlanStepView[];
  services: ServiceView[];
  totalMinutes: number;
  authorisations: AuthorisationView[];
  assignments: AssignmentView[];
}

async function servicesOf(executor: Executor, requestIds: string[]): Promise<Map<string, ServiceView[]>> {
  const byRequest = new Map<string, ServiceView[]>(requestIds.map((id) => [id, []]));
  if (requestIds.length === 0) return byRequest;
  const rows = await executor.selectFrom('assistance_services').selectAll().where('request_id', 'in', requestIds).orderBy('service_date').orderBy('created_at').execute();
  const names = await staffNames(executor, [...new Set(rows.map((r) => r.agent_user_id))]);
  for (const r of rows) {
    byRequest.get(r.request_id)!.push({
      id: r.id,
      kind: r.kind,
      kindLabel: serviceKindLabels[r.kind],
      date: r.service_date,
      minutes: r.minutes,
      note: r.note,
      agentName: names.get(r.agent_user_id) ?? '',
      authorisationId: r.authorisation_id,
      recordedAt: r.created_at.toISOString(),
    });
  }
  return byRequest;
}

async function authorisationsOf(executor: Executor, row: RequestRow, today: string): Promise<AuthorisationView[]> {
  const rows = await executor.selectFrom('assistance_authorisations').selectAll().where('request_id', '=', row.id).orderBy('granted_at', 'desc').execute();
  const names = await staffNames(executor, [...new Set(rows.map((r) => r.agent_user_id))]);
  return rows.map((r) => {
    const state = authorisationState({ agentUserId: r.agent_user_id, validUntil: r.valid_until, revokedAt: r.revoked_at }, today, row.agent_user_id);
    return {
      id: r.id,
      agentUserId: r.agent_user_id,
      agentName: names.get(r.agent_user_id) ?? '',
      scope: r.scope,
      validUntil: r.valid_until,
      grantedAt: r.granted_at.toISOString(),
      revokedAt: iso(r.revoked_at),
      state,
      stateLabel: authorisationStateLabels[state],
    };
  });
}

async function detailOf(executor: Executor, row: RequestRow, now: Date): Promise<RequestDetail> {
  const today = shanghaiDate(now);
  const [[view], services, plan, authorisations, assignments] = await Promise.all([
    toRequestViews(executor, [row]),
    servicesOf(executor, [row.id]),
    executor.selectFrom('assistance_plan_steps').selectAll().where('request_id', '=', row.id).orderBy('due_date').orderBy('created_at').execute(),
    authorisationsOf(executor, row, today),
    executor.selectFrom('assistance_assignments').selectAll().where('request_id', '=', row.id).orderBy('assigned_at').execute(),
  ]);
  const agentNames = await staffNames(executor, [...new Set(assignments.map((a) => a.agent_user_id))]);
  const serviceList = services.get(row.id) ?? [];
  return {
    ...view!,
    plan: plan.map((s) => ({ id: s.id, title: s.title, dueDate: s.due_date, doneAt: iso(s.done_at), overdue: s.done_at === null && s.due_date < today })),
    services: serviceList,
    totalMinutes: serviceList.reduce((sum, s) => sum + s.minutes, 0),
    authorisations,
    assignments: assignments.map((a) => ({
      agentUserId: a.agent_user_id,
      agentName: agentNames.get(a.agent_user_id) ?? '',
      assignedBy: a.assigned_by,
      reason: a.reason,
      suggested: a.suggested,
      assignedAt: a.assigned_at.toISOString(),
      endedAt: iso(a.ended_at),
    })),
  };
}

/** One request with its plan, services, authorisations and assignment history, for whoever may see it. */
export async function getRequest(executor: Executor, principal: Principal | undefined, id: string, now = new Date()): Promise<RequestDetail> {
  const row = await requestRow(executor, id);
  await accessTo(executor, principal, row);
  return detailOf(executor, row, now);
}

/** The contact's whole phone number, for the agent or a manager to call; every read is audited. */
export async function readContact(executor: Executor, principal: Principal | undefined, actor: Actor, id: string): Promise<{ contactName: string; contactPhone: string }> {
  const row = await requestRow(executor, id);
  await requireAccess(executor, principal, row, ['agent', 'manager'], '仅负责的专员和中心管理员可以查看完整联系方式');
  await recordAudit(executor, actor, { action: 'assistance.request.read_contact', entityType: 'assistance_request', entityId: id, centerId: row.center_id });
  return { contactName: row.contact_name, contactPhone: row.contact_phone };
}

/** The agents of the request's level on its line of centers (its current agent aside), with their loads. */
async function candidatesFor(executor: Executor, row: RequestRow): Promise<{ place: RequestPlace; candidates: AgentView[] }> {
  const lineage = await centerLineage(executor, row.center_id);
  // On reassignment the current agent is not a candidate: the point is to hand the request to someone else.
  const rows = await executor
    .selectFrom('assistance_agents')
    .selectAll()
    .where('center_id', 'in', lineage)
    .where('level', '=', row.level)
    .$if(row.agent_user_id !== null, (qb) => qb.where('user_id', '<>', row.agent_user_id!))
    .execute();
  return { place: { level: row.level, lineage, park: row.park }, candidates: await toAgentViews(executor, rows) };
}

/** The agents who may take a request, least loaded first, and the one the system suggests. */
export async function agentCandidates(executor: Executor, principal: Principal | undefined, id: string): Promise<{ suggestedUserId: string | null; agents: AgentView[] }> {
  const row = await requestRow(executor, id);
  await requireAccess(executor, principal, row, ['manager'], '仅中心管理员可以分派');
  const { place, candidates } = await candidatesFor(executor, row);
  return {
    suggestedUserId: suggestAgent(candidates, place)?.userId ?? null,
    agents: candidates.filter((c) => agentFits(c, place)).sort((x, y) => x.openRequests - y.openRequests),
  };
}

function moveTo(row: RequestRow, action: RequestAction): RequestStatus {
  const next = nextStatus(row.status, action);
  if (!next) throw conflict('INVALID_REQUEST_STATE', `申请当前为「${statusLabels[row.status]}」，不能执行此操作`, { status: row.status });
  return next;
}

/** A manager assigns (or reassigns) the request to an agent, or to the suggested one when none is named; history is kept. */
export async function assignRequest(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, input: { agentUserId?: string; reason?: string }, now = new Date()): Promise<RequestDetail> {
  return inTransaction(executor, async (trx) => {
    const row = await requestRow(trx, id, true);
    await requireAccess(trx, principal, row, ['manager'], '仅中心管理员可以分派');
    const status = moveTo(row, 'assign');
    const { place, candidates } = await candidatesFor(trx, row);
    const suggested = suggestAgent(candidates, place);
    const agentUserId = input.agentUserId ?? suggested?.userId;
    if (!agentUserId) throw conflict('NO_AGENT_AVAILABLE', `暂无可分派的${agentLevelLabels[row.level]}专员，请先建立专员档案`);
    if (row.agent_user_id === agentUserId) throw conflict('ALREADY_ASSIGNED', '该申请已分派给这位专员');
    const chosen = candidates.find((c) => c.userId === agentUserId);
    if (!chosen || !agentFits(chosen, place)) {
      await agentRow(trx, agentUserId);
      throw conflict('AGENT_NOT_ELIGIBLE', '该专员的层级、服务区域不符或已停用，不能承接此申请');
    }
    await trx.updateTable('assistance_assignments').set({ ended_at: now }).where('request_id', '=', id).where('ended_at', 'is', null).execute();
    const assignedBy = actor.kind === 'user' ? actor.name : '系统';
    await trx
      .insertInto('assistance_assignments')
      .values({ id: newId(), request_id: id, agent_user_id: agentUserId, assigned_by: assignedBy, reason: input.reason?.trim() || null, suggested: agentUserId === suggested?.userId, assigned_at: now })
      .execute();
    const updated = await trx
      .updateTable('assistance_requests')
      .set({ status, agent_user_id: agentUserId, assigned_at: now, accepted_at: null, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: row.agent_user_id ? 'assistance.request.reassign' : 'assistance.request.assign', entityType: 'assistance_request', entityId: id, centerId: row.center_id, before: { status: row.status, agentUserId: row.agent_user_id }, after: { status, agentUserId } });
    return detailOf(trx, updated, now);
  });
}

async function changeStatus(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, action: Exclude<RequestAction, 'assign'>, allowed: readonly Access[], now: Date): Promise<RequestDetail> {
  return inTransaction(executor, async (trx) => {
    const row = await requestRow(trx, id, true);
    await requireAccess(trx, principal, row, allowed, action === 'withdraw' ? '仅申请企业或中心管理员可以撤回' : '仅负责的专员可以执行此操作');
    const status = moveTo(row, action);
    const stamp = { accept: 'accepted_at', complete: 'completed_at', withdraw: 'withdrawn_at' } as const;
    const updated = await trx
      .updateTable('assistance_requests')
      .set({ status, [stamp[action]]: now, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: `assistance.request.${action}`, entityType: 'assistance_request', entityId: id, centerId: row.center_id, before: { status: row.status }, after: { status } });
    return detailOf(trx, updated, now);
  });
}

export const acceptRequest = (executor: Executor, principal: Principal | undefined, actor: Actor, id: string, now = new Date()) => changeStatus(executor, principal, actor, id, 'accept', ['agent'], now);
export const completeRequest = (executor: Executor, principal: Principal | undefined, actor: Actor, id: string, now = new Date()) => changeStatus(executor, principal, actor, id, 'complete', ['agent'], now);
export const withdrawRequest = (executor: Executor, principal: Principal | undefined, actor: Actor, id: string, now = new Date()) => changeStatus(executor, principal, actor, id, 'withdraw', ['company', 'manager'], now);

/** Loads a request for its agent's work on it: only the current agent, only once accepted and before completion. */
async function workableRow(trx: Executor, principal: Principal | undefined, id: string): Promise<RequestRow> {
  const row = await requestRow(trx, id, true);
  await requireAccess(trx, principal, row, ['agent'], '仅负责的专员可以执行此操作');
  if (!isWorkable(row.status)) throw conflict('INVALID_REQUEST_STATE', row.status === 'assigned' ? '请先接受该申请' : `申请当前为「${statusLabels[row.status]}」，不能再记录`, { status: row.status });
  return row;
}

const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The agent adds a step to the plan the company sees. */
export async function addPlanStep(executor: Executor, principal: Principal | undefined, id: string, input: { title: string; dueDate: string }, now = new Date()): Promise<RequestDetail> {
  const title = input.title.trim();
  if (!title) throw badRequest('VALIDATION_FAILED', '请填写计划步骤');
  if (!isDate(input.dueDate)) throw badRequest('INVALID_DATE', '日期格式应为 YYYY-MM-DD');
  return inTransaction(executor, async (trx) => {
    const row = await workableRow(trx, principal, id);
    await trx.insertInto('assistance_plan_steps').values({ id: newId(), request_id: id, title, due_date: input.dueDate, created_at: now }).execute();
    return detailOf(trx, row, now);
  });
}

/** The agent marks a step of the plan done. */
export async function completePlanStep(executor: Executor, principal: Principal | undefined, id: string, stepId: string, now = new Date()): Promise<RequestDetail> {
  return inTransaction(executor, async (trx) => {
    const row = await workableRow(trx, principal, id);
    const step = await trx.selectFrom('assistance_plan_steps').selectAll().where('id', '=', stepId).where('request_id', '=', id).executeTakeFirst();
    if (!step) throw notFound('计划步骤', stepId);
    if (step.done_at) throw conflict('STEP_ALREADY_DONE', '该步骤已完成');
    await trx.updateTable('assistance_plan_steps').set({ done_at: now }).where('id', '=', stepId).execute();
    return detailOf(trx, row, now);
  });
}

export interface ServiceInput {
  kind: ServiceKind;
  date: string;
  minutes: number;
  note: string;
}

/** The agent records a service with its time; a submission on the company's behalf needs its valid authorisation, and uses it on the record. */
export async function recordService(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, input: ServiceInput, now = new Date()): Promise<RequestDetail> {
  const today = shanghaiDate(now);
  if (!isDate(input.date)) throw badRequest('INVALID_DATE', '日期格式应为 YYYY-MM-DD');
  const problem = serviceProblem(input, today);
  if (problem) throw badRequest('INVALID_SERVICE', problem);
  const note = input.note.trim();
  if (!note) throw badRequest('VALIDATION_FAILED', '请填写服务内容');
  return inTransaction(executor, async (trx) => {
    const row = await workableRow(trx, principal, id);
    let authorisationId: string | null = null;
    if (input.kind === 'submission_on_behalf') {
      const granted = await trx.selectFrom('assistance_authorisations').selectAll().where('request_id', '=', id).execute();
      const found = authorisationFor(
        granted.map((a) => ({ id: a.id, agentUserId: a.agent_user_id, validUntil: a.valid_until, revokedAt: a.revoked_at })),
        today,
        row.agent_user_id!,
      );
      if ('refusal' in found) {
        throw forbidden(found.refusal === 'AUTHORISATION_EXPIRED' ? '企业的授权委托已过期，请企业重新授权后再代为申报' : '代为申报须先取得企业的授权委托', found.refusal);
      }
      authorisationId = found.id;
    }
    const serviceId = newId();
    await trx
      .insertInto('assistance_services')
      .values({ id: serviceId, request_id: id, agent_user_id: row.agent_user_id!, kind: input.kind, service_date: input.date, minutes: input.minutes, note, authorisation_id: authorisationId, created_at: now })
      .execute();
    if (authorisationId) {
      await recordAudit(trx, actor, { action: 'assistance.authorisation.use', entityType: 'assistance_authorisation', entityId: authorisationId, centerId: row.center_id, after: { requestId: id, serviceId, note } });
    }
    return detailOf(trx, row, now);
  });
}

/** The company lets its current agent submit on its behalf, for a scope, through a last day at most 180 days on. */
export async function grantAuthorisation(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, input: { scope: string; validUntil: string }, now = new Date()): Promise<RequestDetail> {
  const scopeText = input.scope.trim();
  if (!scopeText) throw badRequest('VALIDATION_FAILED', '请填写授权范围');
  if (!isDate(input.validUntil)) throw badRequest('INVALID_DATE', '日期格式应为 YYYY-MM-DD');
  const problem = validUntilProblem(shanghaiDate(now), input.validUntil);
  if (problem) throw badRequest('INVALID_VALID_UNTIL', problem === 'IN_THE_PAST' ? '授权截止日期不能早于今天' : '授权期限最长 180 天', { problem });
  return inTransaction(executor, async (trx) => {
    const row = await requestRow(trx, id, true);
    await requireAccess(trx, principal, row, ['company'], '仅申请企业可以授权');
    if (!row.agent_user_id || !openStatuses.includes(row.status)) throw conflict('INVALID_REQUEST_STATE', '申请尚未分派专员或已结束，不能授权', { status: row.status });
    const authorisationId = newId();
    await trx
      .insertInto('assistance_authorisations')
      .values({ id: authorisationId, request_id: id, agent_user_id: row.agent_user_id, scope: scopeText, valid_until: input.validUntil, granted_by: principal!.id, granted_at: now })
      .execute();
    await recordAudit(trx, actor, { action: 'assistance.authorisation.grant', entityType: 'assistance_authorisation', entityId: authorisationId, centerId: row.center_id, after: { requestId: id, agentUserId: row.agent_user_id, scope: scopeText, validUntil: input.validUntil } });
    return detailOf(trx, row, now);
  });
}

/** The company takes an authorisation back; it stops holding at once. */
export async function revokeAuthorisation(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, authorisationId: string, now = new Date()): Promise<RequestDetail> {
  return inTransaction(executor, async (trx) => {
    const row = await requestRow(trx, id, true);
    await requireAccess(trx, principal, row, ['company'], '仅申请企业可以撤销授权');
    const granted = await trx.selectFrom('assistance_authorisations').selectAll().where('id', '=', authorisationId).where('request_id', '=', id).executeTakeFirst();
    if (!granted) throw notFound('授权委托', authorisationId);
    if (granted.revoked_at) throw conflict('AUTHORISATION_REVOKED', '该授权已撤销');
    await trx.updateTable('assistance_authorisations').set({ revoked_at: now }).where('id', '=', authorisationId).execute();
    await recordAudit(trx, actor, { action: 'assistance.authorisation.revoke', entityType: 'assistance_authorisation', entityId: authorisationId, centerId: row.center_id, before: { validUntil: granted.valid_until }, after: { revokedAt: now.toISOString() } });
    return detailOf(trx, row, now);
  });
}

/**
 * The company rates the service once it is complete, once. Kept here rather than in 好差评: those ratings are of
 * a ticket or a case (modules/ratings rateService), and a request for assistance is neither.
 */
export async function rateRequest(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, input: { score: number; comment?: string }, now = new Date()): Promise<RequestDetail> {
  return inTransaction(executor, async (trx) => {
    const row = await requestRow(trx, id, true);
    await requireAccess(trx, principal, row, ['company'], '仅申请企业可以评价');
    if (row.status !== 'completed') throw conflict('NOT_RATEABLE', '帮办代办办结后才能评价');
    if (row.rating_score !== null) throw conflict('ALREADY_RATED', '已经评价过这次服务了');
    const updated = await trx
      .updateTable('assistance_requests')
      .set({ rating_score: input.score, rating_comment: input.comment?.trim() || null, rated_at: now, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'assistance.request.rate', entityType: 'assistance_request', entityId: id, centerId: row.center_id, after: { score: input.score } });
    return detailOf(trx, updated, now);
  });
}

// ------------------------------------------------------------------ figures and the project ledger

/** The instant a Shanghai day starts. */
const dayStart = (date: string): Date => new Date(`${date}T00:00:00+08:00`);

/** Figures like Guangzhou's over a center and those under it: companies, projects, services, time, rating; per agent and level. */
export async function assistanceFigures(executor: Executor, principal: Principal | undefined, query: { centerId: string; from?: string; to?: string }) {
  await authorizeInCenter(executor, principal, readers, query.centerId);
  for (const date of [query.from, query.to]) if (date !== undefined && !isDate(date)) throw badRequest('INVALID_DATE', '日期格式应为 YYYY-MM-DD');
  if (query.from && query.to && query.from > query.to) throw badRequest('INVALID_RANGE', '开始日期不能晚于结束日期');
  const centerIds = await centerSubtree(executor, [query.centerId]);
  const services = await executor
    .selectFrom('assistance_services as s')
    .innerJoin('assistance_requests as r', 'r.id', 's.request_id')
    .select(['s.request_id', 's.agent_user_id', 's.minutes', 'r.level', 'r.credit_code', 'r.project_code'])
    .where('r.center_id', 'in', centerIds)
    .$if(query.from !== undefined, (qb) => qb.where('s.service_date', '>=', query.from!))
    .$if(query.to !== undefined, (qb) => qb.where('s.service_date', '<=', query.to!))
    .execute();
  const rated = await executor
    .selectFrom('assistance_requests')
    .select(['agent_user_id', 'level', 'rating_score'])
    .where('center_id', 'in', centerIds)
    .where('rating_score', 'is not', null)
    .$if(query.from !== undefined, (qb) => qb.where('rated_at', '>=', dayStart(query.from!)))
    .$if(query.to !== undefined, (qb) => qb.where('rated_at', '<', new Date(dayStart(query.to!).getTime() + 86_400_000)))
    .execute();
  const names = await staffNames(executor, [...new Set(services.map((s) => s.agent_user_id))]);
  const figures = summariseFigures(
    services.map((s) => ({ requestId: s.request_id, agentUserId: s.agent_user_id, agentName: names.get(s.agent_user_id) ?? '', level: s.level, creditCode: s.credit_code, projectCode: s.project_code, minutes: s.minutes })),
    rated.map((r) => ({ agentUserId: r.agent_user_id, level: r.level, score: r.rating_score! })),
  );
  return { centerId: query.centerId, from: query.from ?? null, to: query.to ?? null, ...figures };
}

/**
 * For the project ledger (modules/projects): the requests made for a project code, with their agent, status and
 * services. The caller decides who may see the project.
 */
export async function listAssistanceForProject(executor: Executor, projectCode: string): Promise<(RequestView & { services: ServiceView[]; totalMinutes: number })[]> {
  const rows = await executor.selectFrom('assistance_requests').selectAll().where('project_code', '=', projectCode.trim()).orderBy('created_at').execute();
  const [views, services] = await Promise.all([toRequestViews(executor, rows), servicesOf(executor, rows.map((r) => r.id))]);
  return views.map((view) => {
    const list = services.get(view.id) ?? [];
    return { ...view, services: list, totalMinutes: list.reduce((sum, s) => sum + s.minutes, 0) };
  });
}
