import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import { hasRole, type Principal } from '../../platform/auth.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { eventsFrom, publishEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { tryTransactionLock } from '../../platform/locks.ts';
import { isValidCreditCode, isValidIdNumber, isValidMobile, lookupHash, normaliseIdNumber } from '../../platform/identity.ts';
import { maskIdNumber, maskName, maskPhone } from '../../platform/masking.ts';
import { enqueueMessage } from '../../platform/outbox.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { addWorkingDays, workingDaysBetween } from '../calendar/service.ts';
import { itemChecklist } from '../catalog/service.ts';
import { authorizeInCenter, getCenter, scopeOf } from '../org/service.ts';
import { getTicket } from '../queue/service.ts';
import {
  actionLabels,
  caseNumber,
  checklistProblems,
  deferredOverdueReason,
  nextCaseStatus,
  statusLabels,
  suffixMatches,
  warningOf,
  type CaseAction,
  type CaseStatus,
  type MaterialStatus,
  type SweepDates,
  type Warning,
} from './rules.ts';
import type { CasesTable } from './tables.ts';
import { assertAtDecision, startRoute } from './workflow.ts';
import { workflowStepLabels } from './workflowRules.ts';
import { currentTime } from '../../platform/clock.ts';
import { assertLicencesHeld, issueCaseLicence } from '../elicenses/service.ts';

type CaseRow = Selectable<CasesTable>;

export interface Applicant {
  kind: 'person' | 'company';
  name: string;
  phone: string;
  /** A person's ID number. */
  idNumber?: string;
  /** A company's unified social credit code, and its contact person. */
  creditCode?: string;
  contact?: string;
}

export interface CaseInput {
  itemId: string;
  centerId?: string;
  applicant: Applicant;
  ticketId?: string;
  /** situationId → optionId, for every situation question of the item. */
  answers?: Record<string, string>;
  /** A chosen situation option, as API.md's `situationId`: it answers its own question. */
  situationId?: string;
  channel: 'window' | 'online' | 'terminal';
  materials: { materialId: string; status: MaterialStatus; dueDate?: string }[];
  idempotencyKey?: string;
  /** Set by a terminal once the applicant showed their personal code (not part of the HTTP body). */
  applicantIdentified?: boolean;
}

export interface CaseView {
  id: string;
  caseNo: string;
  status: CaseStatus;
  statusLabel: string;
  centerId: string;
  itemId: string;
  itemName: string;
  departmentId: string;
  channel: CaseRow['channel'];
  ticketId: string | null;
  applicant: { kind: 'person' | 'company'; name: string; identifier: string; phone: string; contact: string | null };
  mode: CaseRow['mode'];
  legalDays: number;
  promisedDays: number;
  acceptedOn: string | null;
  legalDeadline: string | null;
  promisedDeadline: string | null;
  suspended: { since: string; reason: string | null } | null;
  warning: NonNullable<Warning> | null;
  approved: boolean | null;
  decisionReason: string | null;
  refusalReason: string | null;
  delivery: CaseRow['delivery'];
  materials: { materialId: string; name: string; required: boolean; status: MaterialStatus; dueDate: string | null }[];
  createdAt: string;
}

/** Wrong public queries allowed per address within the lock time. */
const queryFailureLimit = 10;
const queryLockMinutes = 15;

export interface WarningSettings {
  /** 黄灯 from this many working days before a deadline (CASE_WARNING_DAYS, default 2). */
  yellowDays: number;
  /** A 容缺 material is reminded of this many working days before its due date (CASE_REMINDER_DAYS, default 1). */
  reminderDays: number;
}

function dayCount(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,2}$/.test(raw)) throw new Error(`${name} must be a whole number of working days (0–99), got "${raw}"`);
  return Number(raw);
}

export function warningSettingsFrom(env: NodeJS.ProcessEnv): WarningSettings {
  return { yellowDays: dayCount(env, 'CASE_WARNING_DAYS', 2), reminderDays: dayCount(env, 'CASE_REMINDER_DAYS', 1) };
}

/** The settings of this process, from its environment. */
export const warningSettings: WarningSettings = warningSettingsFrom(process.env);

/** Warnings (黄灯) start this many working days before the promised deadline. */
export const yellowDays = warningSettings.yellowDays;

const applicantIdentifier = (a: Applicant) => (a.kind === 'person' ? normaliseIdNumber(a.idNumber ?? '') : (a.creditCode ?? '').trim().toUpperCase());

function assertApplicant(a: Applicant) {
  if (a.kind === 'company' && !a.contact?.trim()) throw badRequest('CONTACT_REQUIRED', '企业申请须填写联系人');
  if (a.kind === 'person' && !isValidIdNumber(applicantIdentifier(a))) throw badRequest('INVALID_ID_NUMBER', '身份证号码不正确，请核对后重新输入');
  if (a.kind === 'company' && !isValidCreditCode(applicantIdentifier(a))) throw badRequest('INVALID_CREDIT_CODE', '统一社会信用代码不正确，请核对后重新输入');
  if (!isValidMobile(a.phone)) throw badRequest('INVALID_PHONE', '手机号码不正确');
}

async function caseRow(executor: Executor, id: string, lock = false): Promise<CaseRow> {
  const row = await executor.selectFrom('cases').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('办件', id);
  return row;
}

async function toView(executor: Executor, row: CaseRow, today = shanghaiDate()): Promise<CaseView> {
  const materials = await executor.selectFrom('case_materials').selectAll().where('case_id', '=', row.id).orderBy('sort').execute();
  const open = row.status === 'accepted' && row.promised_deadline;
  // Past the deadline is overdue even on a day off (a Saturday after a Friday deadline counts 0 working days).
  const daysLeft = open ? (row.promised_deadline! < today ? -1 : await workingDaysBetween(executor, today, row.promised_deadline!)) : 0;
  const heldByDeferred = row.status === 'suspended' && row.suspend_reason === deferredOverdueReason;
  const warning = open ? (warningOf(daysLeft, yellowDays) ?? null) : heldByDeferred ? 'overdue' : null;
  return {
    id: row.id,
    caseNo: row.case_no,
    status: row.status,
    statusLabel: statusLabels[row.status],
    centerId: row.center_id,
    itemId: row.item_id,
    itemName: row.item_name,
    departmentId: row.department_id,
    channel: row.channel,
    ticketId: row.ticket_id,
    applicant: {
      kind: row.applicant_kind,
      name: maskName(row.applicant_name),
      identifier: row.applicant_kind === 'person' ? maskIdNumber(row.applicant_identifier) : row.applicant_identifier,
      phone: maskPhone(row.applicant_phone),
      contact: row.applicant_contact ? maskName(row.applicant_contact) : null,
    },
    mode: row.mode,
    legalDays: row.legal_days,
    promisedDays: row.promised_days,
    acceptedOn: row.accepted_on,
    legalDeadline: row.legal_deadline,
    promisedDeadline: row.promised_deadline,
    suspended: row.suspended_since ? { since: row.suspended_since, reason: row.suspend_reason } : null,
    warning,
    approved: row.approved,
    decisionReason: row.decision_reason,
    refusalReason: row.refusal_reason,
    delivery: row.delivery,
    materials: materials.map((m) => ({ materialId: m.material_id, name: m.name, required: m.required, status: m.status, dueDate: m.due_date })),
    createdAt: row.created_at.toISOString(),
  };
}

export async function getCase(executor: Executor, id: string): Promise<CaseView> {
  return toView(executor, await caseRow(executor, id));
}

/** Who may act on a case: window staff (and managers) of its center at the front, approvers of its department behind. */
async function authorizeCase(executor: Executor, principal: Principal | undefined, row: Pick<CaseRow, 'center_id' | 'department_id'>, side: 'front' | 'back' | 'either') {
  const roles = side === 'front' ? (['window_staff', 'center_manager', 'admin'] as const) : side === 'back' ? (['dept_approver', 'admin'] as const) : (['window_staff', 'dept_approver', 'center_manager', 'admin'] as const);
  return authorizeInCenter(executor, principal, roles, row.center_id, row.department_id);
}

export async function addStep(executor: Executor, at: Date, actor: Actor, caseId: string, action: string, status: CaseStatus, note: string | null, noticeNo: string | null = null) {
  await executor
    .insertInto('case_steps')
    .values({ case_id: caseId, action, status, actor_name: actor.kind === 'anonymous' ? null : actor.name, note, notice_no: noticeNo, at })
    .execute();
}

/** The next case number of the day (a 一件事's parent is numbered from the same sequence). */
export async function nextCaseNumber(trx: Executor, day: string): Promise<string> {
  const { last } = await trx
    .insertInto('case_counters')
    .values({ day, last: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql`case_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return caseNumber(day, last);
}

/**
 * Takes in an application at the window (or online, or at a terminal): the applicant checked, the
 * item's checklist for the answered situations marked material by material. The case starts as
 * 已申报; accepting, refusing or a one-time notice follow. An Idempotency-Key makes a retry return the
 * case the first request made.
 */
export async function createCase(executor: Executor, principal: Principal | undefined, actor: Actor, input: CaseInput, now = currentTime()): Promise<CaseView> {
  assertApplicant(input.applicant);
  const key = input.idempotencyKey;
  /** The case a request with this key already made, shown only to someone who may take in cases there. */
  const madeBefore = async (trx: Executor) => {
    const existing = key ? await trx.selectFrom('cases').selectAll().where('idempotency_key', '=', key).executeTakeFirst() : undefined;
    if (existing) await authorizeCase(trx, principal, existing, 'front');
    return existing && toView(trx, existing);
  };
  try {
    return await createCaseOnce(executor, principal, actor, input, now, madeBefore);
  } catch (error) {
    // A retry racing the first request (PostgreSQL): it waited on the first one's key and lost; answer with its case.
    if (key && !executor.isTransaction && (error as { code?: string }).code === '23505') {
      const existing = await madeBefore(executor);
      if (existing) return existing;
    }
    throw error;
  }
}

async function createCaseOnce(executor: Executor, principal: Principal | undefined, actor: Actor, input: CaseInput, now: Date, madeBefore: (trx: Executor) => Promise<CaseView | undefined>): Promise<CaseView> {
  return inTransaction(executor, async (trx) => {
    const existing = await madeBefore(trx);
    if (existing) return existing;
    const { item, materials } = await itemChecklist(trx, input.itemId, input.answers ?? {}, input.situationId ? [input.situationId] : []);
    if (item.status !== 'published') throw conflict('ITEM_WITHDRAWN', '该事项已停止办理');
    const centerId = input.centerId ?? item.centers[0]?.id;
    if (!centerId || !item.centers.some((c) => c.id === centerId)) throw badRequest('ITEM_NOT_OFFERED', '该事项不在此中心办理');
    await getCenter(trx, centerId);
    if (principal?.kind === 'device') {
      // A 7×24 terminal applies for its center's terminal items, for the person its personal-code scan identified.
      const terminalApplication = principal.deviceKind === 'terminal' && principal.centerId === centerId && input.channel === 'terminal' && input.applicantIdentified === true && item.terminal;
      if (!terminalApplication) throw forbidden('自助终端只能为亮码核验过的申请人申报本中心的终端可办事项');
    } else {
      await authorizeCase(trx, principal, { center_id: centerId, department_id: item.department.id }, 'front');
    }
    if (input.ticketId) {
      const ticket = await getTicket(trx, input.ticketId);
      if (ticket.centerId !== centerId) throw badRequest('INVALID_REFERENCE', '号票不属于此中心');
    }
    const given = new Map(input.materials.map((m) => [m.materialId, m]));
    const unknown = input.materials.filter((m) => !materials.some((x) => x.id === m.materialId));
    if (unknown.length) throw badRequest('INVALID_MATERIAL', '材料清单中有不属于该事项（情形）的材料', { materialIds: unknown.map((m) => m.materialId) });
    const checklist = materials.map((m) => ({ materialId: m.id, name: m.name, required: m.required, deferrable: m.deferrable, elicense: m.elicense, status: given.get(m.id)?.status ?? ('missing' as const) }));
    const { problems } = checklistProblems(checklist, item.lenientAllowed);
    if (problems.length) throw badRequest('INVALID_CHECKLIST', problems.join('；'), problems);
    await assertLicencesHeld(trx, { kind: input.applicant.kind, hash: lookupHash(applicantIdentifier(input.applicant)) }, checklist.filter((m) => m.status === 'elicense').map((m) => m.name), now);

    const day = shanghaiDate(now);
    const caseNo = await nextCaseNumber(trx, day);
    const id = newId();
    const a = input.applicant;
    const identifier = applicantIdentifier(a);
    await trx
      .insertInto('cases')
      .values({
        id,
        case_no: caseNo,
        center_id: centerId,
        item_id: item.id,
        item_name: item.name,
        department_id: item.department.id,
        channel: input.channel,
        ticket_id: input.ticketId ?? null,
        situation_answers: JSON.stringify(input.answers ?? {}),
        applicant_kind: a.kind,
        applicant_name: a.name,
        applicant_identifier: identifier,
        applicant_hash: lookupHash(identifier),
        applicant_contact: a.kind === 'company' ? a.contact! : null,
        applicant_phone: a.phone,
        status: 'submitted',
        mode: item.mode,
        legal_days: item.legalDays,
        promised_days: item.promisedDays,
        created_by: actor.kind === 'user' ? actor.id : null,
        idempotency_key: input.idempotencyKey ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // An item may list no materials at all: no empty INSERT (a syntax error, answered as 500).
    if (checklist.length) {
      await trx
        .insertInto('case_materials')
        .values(checklist.map((m, sort) => ({ case_id: id, material_id: m.materialId, name: m.name, required: m.required, status: m.status, due_date: given.get(m.materialId)?.dueDate ?? null, sort })))
        .execute();
    }
    await addStep(trx, now, actor, id, 'submit', 'submitted', null);
    await recordAudit(trx, actor, { action: 'case.create', entityType: 'case', entityId: id, centerId, after: { itemId: item.id, channel: input.channel } });
    return toView(trx, await caseRow(trx, id), day);
  });
}

/**
 * The deadlines of a case accepted on `acceptedOn`: its limits in working days after that day (the day
 * itself not counted), moved on by the working days the clock stood still.
 */
async function deadlinesOf(executor: Executor, acceptedOn: string, row: Pick<CaseRow, 'legal_days' | 'promised_days'>, suspendedDays: number) {
  return {
    legalDeadline: await addWorkingDays(executor, acceptedOn, row.legal_days + suspendedDays),
    promisedDeadline: await addWorkingDays(executor, acceptedOn, row.promised_days + suspendedDays),
  };
}

function assertStep(row: CaseRow, action: CaseAction): CaseStatus {
  const next = nextCaseStatus(row.status, action);
  if (!next) throw conflict('INVALID_CASE_STATE', `办件当前${statusLabels[row.status]}，不能${actionLabels[action]}`, { status: row.status });
  return next;
}

export async function publishCaseChange(trx: Executor, row: CaseRow, status: CaseStatus) {
  await publishEvent(trx, { type: 'case.updated', centerId: row.center_id, audience: 'staff', data: { caseId: row.id, caseNo: row.case_no, status } });
}

/**
 * 受理: every required material is there (received, an e-licence, or deferred under 容缺 with a due
 * date no later than the promised deadline); the deadlines start counting from today.
 */
export async function acceptCase(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, now = currentTime()): Promise<CaseView> {
  return inTransaction(executor, async (trx) => {
    const row = await caseRow(trx, id, true);
    await authorizeCase(trx, principal, row, 'front');
    const status = assertStep(row, 'accept');
    const materials = await trx.selectFrom('case_materials').selectAll().where('case_id', '=', id).execute();
    const missing = materials.filter((m) => m.required && m.status === 'missing').map((m) => m.name);
    if (missing.length) throw conflict('MATERIALS_MISSING', `材料不齐，不能受理：${missing.join('、')}。请出具一次性告知书`, { missing });
    const today = shanghaiDate(now);
    const { legalDeadline, promisedDeadline } = await deadlinesOf(trx, today, row, 0);
    for (const m of materials.filter((x) => x.status === 'deferred')) {
      const due = m.due_date ?? (await addWorkingDays(trx, today, Math.min(5, row.promised_days)));
      if (due > promisedDeadline) throw badRequest('INVALID_DUE_DATE', `容缺材料「${m.name}」的补交日期不能晚于承诺办结日期 ${promisedDeadline}`);
      if (due < today) throw badRequest('INVALID_DUE_DATE', `容缺材料「${m.name}」的补交日期不能早于今天`);
      await trx.updateTable('case_materials').set({ due_date: due }).where('case_id', '=', id).where('material_id', '=', m.material_id).execute();
    }
    await trx.updateTable('cases').set({ status, accepted_on: today, legal_deadline: legalDeadline, promised_deadline: promisedDeadline, updated_at: now }).where('id', '=', id).execute();
    await addStep(trx, now, actor, id, 'accept', status, null, `${row.case_no}-SL`);
    await startRoute(trx, row);
    await recordAudit(trx, actor, { action: 'case.accept', entityType: 'case', entityId: id, centerId: row.center_id });
    await enqueueMessage(trx, { recipient: row.applicant_phone, reference: `case:${id}`, body: `您申请的「${row.item_name}」已受理，办件编号 ${row.case_no}，承诺 ${promisedDeadline} 前办结。` });
    await publishCaseChange(trx, row, status);
    return toView(trx, await caseRow(trx, id), today);
  });
}

/** 不予受理, with the reason written on the notice. */
export async function refuseCase(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, reason: string, now = currentTime()): Promise<CaseView> {
  return inTransaction(executor, async (trx) => {
    const row = await caseRow(trx, id, true);
    await authorizeCase(trx, principal, row, 'front');
    const status = assertStep(row, 'refuse');
    await trx.updateTable('cases').set({ status, refusal_reason: reason, updated_at: now, completed_at: now }).where('id', '=', id).execute();
    await addStep(trx, now, actor, id, 'refuse', status, reason, `${row.case_no}-BY`);
    await recordAudit(trx, actor, { action: 'case.refuse', entityType: 'case', entityId: id, centerId: row.center_id, after: { reason } });
    await publishCaseChange(trx, row, status);
    return toView(trx, await caseRow(trx, id));
  });
}

/** 一次性告知: every missing material, told at once; the case waits for them. */
export async function issueSupplementNotice(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, now = currentTime()): Promise<CaseView> {
  return inTransaction(executor, async (trx) => {
    const row = await caseRow(trx, id, true);
    await authorizeCase(trx, principal, row, 'front');
    const status = assertStep(row, 'supplement-notice');
    const missing = await trx.selectFrom('case_materials').select('name').where('case_id', '=', id).where('required', '=', true).where('status', '=', 'missing').orderBy('sort').execute();
    if (!missing.length) throw conflict('NOTHING_MISSING', '材料齐全，无需一次性告知，请直接受理');
    const list = missing.map((m) => m.name).join('、');
    await trx.updateTable('cases').set({ status, updated_at: now }).where('id', '=', id).execute();
    await addStep(trx, now, actor, id, 'supplement-notice', status, `需补齐：${list}`, `${row.case_no}-GZ`);
    await recordAudit(trx, actor, { action: 'case.supplement_notice', entityType: 'case', entityId: id, centerId: row.center_id, after: { missing: list } });
    await enqueueMessage(trx, { recipient: row.applicant_phone, reference: `case:${id}`, body: `您申请的「${row.item_name}」（${row.case_no}）还需补齐：${list}。一次性告知，补齐后即可受理。` });
    await publishCaseChange(trx, row, status);
    return toView(trx, await caseRow(trx, id));
  });
}

/** Marks materials brought later (after a one-time notice, or a 容缺 material supplied). */
export async function supplyMaterials(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, materialIds: string[], now = currentTime()): Promise<CaseView> {
  return inTransaction(executor, async (trx) => {
    const row = await caseRow(trx, id, true);
    // At the window, or in the department's back office (a 容缺 material brought after acceptance).
    await authorizeCase(trx, principal, row, 'either');
    if (!['submitted', 'supplement', 'accepted', 'suspended'].includes(row.status)) throw conflict('INVALID_CASE_STATE', `办件当前${statusLabels[row.status]}，不能补交材料`);
    const rows = await trx.selectFrom('case_materials').select(['material_id', 'status']).where('case_id', '=', id).execute();
    const unknown = materialIds.filter((m) => !rows.some((r) => r.material_id === m));
    if (unknown.length) throw badRequest('INVALID_MATERIAL', '材料不属于该办件', { materialIds: unknown });
    await trx
      .updateTable('case_materials')
      .set({ status: 'received', supplied_at: now })
      .where('case_id', '=', id)
      .where('material_id', 'in', materialIds)
      .where('status', 'in', ['missing', 'deferred'])
      .execute();
    await addStep(trx, now, actor, id, 'supply', row.status, `补交材料 ${materialIds.length} 项`);
    await recordAudit(trx, actor, { action: 'case.supply', entityType: 'case', entityId: id, centerId: row.center_id, after: { materialIds } });
    // The clock stopped for a late 容缺 material runs again once no late one is left.
    if (row.status === 'suspended' && row.suspend_reason === deferredOverdueReason) {
      const today = shanghaiDate(now);
      const late = await trx.selectFrom('case_materials').select('material_id').where('case_id', '=', id).where('status', '=', 'deferred').where('due_date', '<', today).executeTakeFirst();
      if (!late) await resumeClock(trx, actor, row, now);
    }
    return toView(trx, await caseRow(trx, id));
  });
}

/** Stops the clock (补正, 专家评审, 听证, 公示 …): the deadlines move on by the working days it stands still. */
export async function suspendCase(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, reason: string, now = currentTime()): Promise<CaseView> {
  return inTransaction(executor, async (trx) => {
    const row = await caseRow(trx, id, true);
    await authorizeCase(trx, principal, row, 'back');
    const status = assertStep(row, 'suspend');
    await trx.updateTable('cases').set({ status, suspended_since: shanghaiDate(now), suspend_reason: reason, updated_at: now }).where('id', '=', id).execute();
    await addStep(trx, now, actor, id, 'suspend', status, reason);
    await recordAudit(trx, actor, { action: 'case.suspend', entityType: 'case', entityId: id, centerId: row.center_id, after: { reason } });
    await publishCaseChange(trx, row, status);
    return toView(trx, await caseRow(trx, id));
  });
}

export async function resumeCase(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, now = currentTime()): Promise<CaseView> {
  return inTransaction(executor, async (trx) => {
    const row = await caseRow(trx, id, true);
    await authorizeCase(trx, principal, row, 'back');
    await resumeClock(trx, actor, row, now);
    return toView(trx, await caseRow(trx, id), shanghaiDate(now));
  });
}

/** Runs the clock again: the deadlines move on by the working days it stood still. */
async function resumeClock(trx: Executor, actor: Actor, row: CaseRow, now: Date): Promise<void> {
  const id = row.id;
  const status = assertStep(row, 'resume');
  const today = shanghaiDate(now);
  const stood = Math.max(0, await workingDaysBetween(trx, row.suspended_since!, today));
  const suspendedDays = row.suspended_days + stood;
  const { legalDeadline, promisedDeadline } = await deadlinesOf(trx, row.accepted_on!, row, suspendedDays);
  await trx
    .updateTable('cases')
    .set({ status, suspended_days: suspendedDays, suspended_since: null, suspend_reason: null, legal_deadline: legalDeadline, promised_deadline: promisedDeadline, updated_at: now })
    .where('id', '=', id)
    .execute();
  await addStep(trx, now, actor, id, 'resume', status, `暂停 ${stood} 个工作日`);
  await recordAudit(trx, actor, { action: 'case.resume', entityType: 'case', entityId: id, centerId: row.center_id, after: { stood, promisedDeadline } });
  await publishCaseChange(trx, row, status);
}

/** 准予 or 不予 by the department's approver; a denial needs its reason. */
export async function decideCase(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, decision: { approved: boolean; reason?: string }, now = currentTime()): Promise<CaseView> {
  if (!decision.approved && !decision.reason?.trim()) throw badRequest('REASON_REQUIRED', '不予批准须说明理由');
  return inTransaction(executor, async (trx) => {
    const row = await caseRow(trx, id, true);
    const user = await authorizeCase(trx, principal, row, 'either');
    // 即办件 are decided at the window; everything else by the department.
    if (row.mode !== 'immediate' && !hasRole(user, ['dept_approver', 'admin'], await scopeOf(trx, row.center_id, row.department_id))) throw forbidden('承诺件由部门审批人员作出决定');
    const status = assertStep(row, 'decide');
    await assertAtDecision(trx, row);
    await trx.updateTable('cases').set({ status, approved: decision.approved, decision_reason: decision.reason ?? null, updated_at: now }).where('id', '=', id).execute();
    await addStep(trx, now, actor, id, 'decide', status, decision.approved ? `准予${decision.reason ? `：${decision.reason}` : ''}` : `不予：${decision.reason}`);
    await recordAudit(trx, actor, { action: 'case.decide', entityType: 'case', entityId: id, centerId: row.center_id, after: decision });
    if (decision.approved) await issueCaseLicence(trx, { id, caseNo: row.case_no, itemId: row.item_id, applicantKind: row.applicant_kind, applicantHash: row.applicant_hash, applicantName: row.applicant_name }, now);
    await publishCaseChange(trx, row, status);
    return toView(trx, await caseRow(trx, id));
  });
}

/** 办结: the result handed over by the chosen way; the applicant is told. */
export async function completeCase(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, delivery: NonNullable<CaseRow['delivery']>, now = currentTime()): Promise<CaseView> {
  return inTransaction(executor, async (trx) => {
    const row = await caseRow(trx, id, true);
    await authorizeCase(trx, principal, row, 'either');
    const status = assertStep(row, 'complete');
    await trx.updateTable('cases').set({ status, delivery, completed_at: now, updated_at: now }).where('id', '=', id).execute();
    const ways = { window: '窗口领取', locker: '24 小时智能柜领取', post: '邮寄送达', electronic: '电子送达' };
    await addStep(trx, now, actor, id, 'complete', status, ways[delivery]);
    await recordAudit(trx, actor, { action: 'case.complete', entityType: 'case', entityId: id, centerId: row.center_id, after: { delivery } });
    await enqueueMessage(trx, { recipient: row.applicant_phone, reference: `case:${id}`, body: `您申请的「${row.item_name}」（${row.case_no}）已办结，结果${row.approved ? '准予' : '不予'}，送达方式：${ways[delivery]}。` });
    await publishCaseChange(trx, row, status);
    return toView(trx, await caseRow(trx, id));
  });
}

export interface CaseStep {
  action: string;
  name: string;
  status: CaseStatus;
  actorName: string | null;
  note: string | null;
  noticeNo: string | null;
  at: string;
}

const stepNames: Record<string, string> = { submit: '申报', supply: '补交材料', ...actionLabels, ...workflowStepLabels };

export async function caseSteps(executor: Executor, id: string): Promise<CaseStep[]> {
  const rows = await executor.selectFrom('case_steps').selectAll().where('case_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({ action: r.action, name: stepNames[r.action] ?? r.action, status: r.status, actorName: r.actor_name, note: r.note, noticeNo: r.notice_no, at: r.at.toISOString() }));
}

/** Who receives a case's result (a locker deposit): the applicant, whole, with the lookup hash of their ID number or credit code. */
export async function caseRecipient(executor: Executor, id: string) {
  const row = await caseRow(executor, id);
  return {
    id: row.id,
    caseNo: row.case_no,
    centerId: row.center_id,
    itemName: row.item_name,
    status: row.status,
    name: row.applicant_kind === 'person' ? row.applicant_name : (row.applicant_contact ?? row.applicant_name),
    phone: row.applicant_phone,
    identifierHash: row.applicant_hash,
  };
}

/** A case as its rating records it: the whole applicant contact (for a 差评 callback) and who took it in. */
export async function caseForRating(executor: Executor, id: string) {
  const row = await caseRow(executor, id);
  const takenIn = await executor.selectFrom('case_steps').select('actor_name').where('case_id', '=', id).where('action', 'in', ['accept', 'submit']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const finished = await executor.selectFrom('case_steps').select('at').where('case_id', '=', id).where('action', 'in', ['complete', 'refuse']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return {
    id: row.id,
    caseNo: row.case_no,
    centerId: row.center_id,
    departmentId: row.department_id,
    itemId: row.item_id,
    itemName: row.item_name,
    status: row.status,
    channel: row.channel,
    finishedAt: finished?.at ?? null,
    applicantName: row.applicant_kind === 'person' ? row.applicant_name : (row.applicant_contact ?? row.applicant_name),
    applicantPhone: row.applicant_phone,
    takenInBy: takenIn?.actor_name ?? null,
  };
}

/** Refuses the public progress query to an address that guessed wrong too often lately. */
export async function assertQueryAllowed(executor: Executor, ip: string, now = currentTime()): Promise<void> {
  const since = new Date(now.getTime() - queryLockMinutes * 60_000);
  const { failures } = await executor.selectFrom('case_query_failures').select(sql<number>`count(*)::int`.as('failures')).where('ip', '=', ip).where('at', '>', since).executeTakeFirstOrThrow();
  if (failures >= queryFailureLimit) throw new AppError(429, 'TOO_MANY_ATTEMPTS', `查询错误次数过多，请 ${queryLockMinutes} 分钟后再试`);
}

/**
 * The public progress query: the case number and the last six characters of the applicant's ID number
 * or credit code. A wrong suffix answers exactly like an unknown number, so neither can be probed.
 */
export async function publicProgress(executor: Executor, caseNo: string, idSuffix: string, ip: string, now = currentTime()) {
  await assertQueryAllowed(executor, ip, now);
  const row = await executor.selectFrom('cases').selectAll().where('case_no', '=', caseNo).executeTakeFirst();
  if (!row || !suffixMatches(row.applicant_identifier, idSuffix)) {
    await executor.insertInto('case_query_failures').values({ ip, at: now }).execute();
    throw notFound('办件（或证件号后六位不符）');
  }
  const steps = await caseSteps(executor, row.id);
  return {
    caseNo: row.case_no,
    itemName: row.item_name,
    status: row.status,
    statusLabel: statusLabels[row.status],
    applicantName: maskName(row.applicant_name),
    steps: steps.map((s) => ({ name: s.name, at: s.at })),
    promisedDeadline: row.promised_deadline,
    // Whoever proved the applicant's ID suffix may rate the case (一事一评): the id is that right.
    rateableId: row.status === 'completed' || row.status === 'refused' ? row.id : null,
  };
}

export interface CaseQuery {
  centerId: string;
  departmentId?: string;
  status?: CaseStatus;
  warning?: 'due_soon' | 'overdue';
  /** The start of a case number (the applicant brings the notice that carries it). */
  caseNo?: string;
  page: number;
  pageSize: number;
}

/**
 * Cases of a center (or one department), newest first; with `warning`, the open ones near or past their
 * deadline, most urgent first (overdue also lists cases whose clock stopped for a late 容缺 material).
 */
export async function listCases(executor: Executor, query: CaseQuery, today = shanghaiDate()): Promise<{ items: CaseView[]; total: number }> {
  let base = executor.selectFrom('cases').where('center_id', '=', query.centerId);
  if (query.departmentId) base = base.where('department_id', '=', query.departmentId);
  if (query.status) base = base.where('status', '=', query.status);
  if (query.caseNo) base = base.where('case_no', 'like', `${query.caseNo}%`);
  if (query.warning) {
    const soon = await addWorkingDays(executor, today, yellowDays);
    base =
      query.warning === 'overdue'
        ? base.where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'accepted'), eb('promised_deadline', '<', today)]),
              eb.and([eb('status', '=', 'suspended'), eb('suspend_reason', '=', deferredOverdueReason)]),
            ]),
          )
        : base.where('status', '=', 'accepted').where('promised_deadline', '>=', today).where('promised_deadline', '<=', soon);
  }
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .$if(Boolean(query.warning), (qb) => qb.orderBy('promised_deadline'))
    .orderBy('created_at', 'desc')
    .orderBy('case_no', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const items: CaseView[] = [];
  for (const row of rows) items.push(await toView(executor, row, today));
  return { items, total };
}

/** An applicant's cases, newest first: the portal's 我的办件 (by the ID number's or credit code's lookup hash). */
export async function casesOfApplicant(executor: Executor, applicantHash: string, page: number, pageSize: number, today = shanghaiDate()): Promise<{ items: CaseView[]; total: number }> {
  const base = executor.selectFrom('cases').where('applicant_hash', '=', applicantHash);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('case_no', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  const items: CaseView[] = [];
  for (const row of rows) items.push(await toView(executor, row, today));
  return { items, total };
}

export interface SweepResult {
  /** false: another node was sweeping; this one did nothing. */
  ran: boolean;
  /** Cases whose clock stopped for a late 容缺 material. */
  suspended: number;
  /** Open cases whose 黄灯/红灯 level changed (each announced once). */
  changed: number;
  /** 容缺 reminders queued. */
  reminded: number;
}

/** The advisory lock one sweeping node holds for the length of its transaction. */
const sweepLock = 0x0ca5_e011;

/**
 * The 电子监察 sweep, set-based (a few statements whatever the number of cases), one node at a time:
 * 1. an accepted case with a 容缺 material still deferred after its due date stops its clock (暂停计时,
 *    容缺材料逾期未补正) and is warned red; supplying the material runs it again (supplyMaterials);
 * 2. every accepted case gets its level from its deadlines (rules.warningLevelOf, in SQL), and only the
 *    cases whose level changed are stored (case_warnings) and announced as `case.warning` (level 'none' when cleared);
 * 3. the applicant is reminded once of each 容缺 material due within `reminderDays` working days.
 * Suspended, decided and closed cases keep the level they had.
 */
export async function sweepCaseWarnings(executor: Executor, now = currentTime(), settings: WarningSettings = warningSettings): Promise<SweepResult> {
  const today = shanghaiDate(now);
  const dates: SweepDates = { today, yellowUntil: await addWorkingDays(executor, today, settings.yellowDays), remindUntil: await addWorkingDays(executor, today, settings.reminderDays) };
  return inTransaction(executor, async (trx) => {
    if (!(await tryTransactionLock(trx, sweepLock))) return { ran: false, suspended: 0, changed: 0, reminded: 0 };
    const deadline = sql<string>`least(c.promised_deadline, c.legal_deadline)`;
    const warningData = (level: RawBuilder<unknown>, reason: string) =>
      sql`jsonb_build_object('caseId', c.id, 'caseNo', c.case_no, 'itemName', c.item_name, 'departmentId', c.department_id, 'level', ${level}, 'reason', ${reason}::text,
        'deadline', ${deadline}, 'promisedDeadline', c.promised_deadline, 'legalDeadline', c.legal_deadline)`;

    const suspended = await sql<{ n: number }>`
      WITH late AS (SELECT DISTINCT case_id FROM case_materials WHERE status = 'deferred' AND due_date < ${today}),
      c AS (
        UPDATE cases SET status = 'suspended', suspended_since = ${today}, suspend_reason = ${deferredOverdueReason}, updated_at = ${now}
        FROM late WHERE cases.id = late.case_id AND cases.status = 'accepted'
        RETURNING cases.*
      ),
      levels AS (
        INSERT INTO case_warnings (case_id, level, since) SELECT c.id, 'red', ${now} FROM c
        ON CONFLICT (case_id) DO UPDATE SET level = excluded.level, since = excluded.since
      ),
      steps AS (INSERT INTO case_steps (case_id, action, status, actor_name, note) SELECT c.id, 'suspend', 'suspended', '系统', ${deferredOverdueReason}::text FROM c),
      e AS ${eventsFrom('c', [
        { type: 'case.updated', centerId: sql`c.center_id`, audience: 'staff', data: sql`jsonb_build_object('caseId', c.id, 'caseNo', c.case_no, 'status', 'suspended')` },
        { type: 'case.warning', centerId: sql`c.center_id`, audience: 'staff', data: warningData(sql`'red'::text`, 'deferred_overdue') },
      ])}
      SELECT count(*)::int AS n FROM c`.execute(trx);

    const level = sql<string | null>`CASE WHEN least(cases.promised_deadline, cases.legal_deadline) < ${today} THEN 'red'
      WHEN least(cases.promised_deadline, cases.legal_deadline) <= ${dates.yellowUntil} THEN 'yellow' END`;
    const changed = await sql<{ n: number }>`
      WITH c AS (
        SELECT * FROM (
          SELECT cases.id, cases.case_no, cases.center_id, cases.item_name, cases.department_id, cases.promised_deadline, cases.legal_deadline,
            ${level} AS level, w.level AS was
          FROM cases LEFT JOIN case_warnings w ON w.case_id = cases.id
          WHERE cases.status = 'accepted'
        ) AS x
        WHERE level IS DISTINCT FROM was
      ),
      raised AS (
        INSERT INTO case_warnings (case_id, level, since) SELECT c.id, c.level, ${now} FROM c WHERE c.level IS NOT NULL
        ON CONFLICT (case_id) DO UPDATE SET level = excluded.level, since = excluded.since
      ),
      cleared AS (DELETE FROM case_warnings w USING c WHERE w.case_id = c.id AND c.level IS NULL),
      e AS ${eventsFrom('c', [{ type: 'case.warning', centerId: sql`c.center_id`, audience: 'staff', data: warningData(sql`coalesce(c.level, 'none')`, 'deadline') }])}
      SELECT count(*)::int AS n FROM c`.execute(trx);

    const due = await sql<{ case_id: string; name: string; due_date: string; phone: string; item_name: string; case_no: string }>`
      UPDATE case_materials m SET reminded_at = ${now}
      FROM cases c
      WHERE c.id = m.case_id AND m.status = 'deferred' AND m.reminded_at IS NULL AND m.due_date >= ${today} AND m.due_date <= ${dates.remindUntil}
        AND c.status IN ('accepted', 'suspended')
      RETURNING m.case_id, m.name, m.due_date, c.applicant_phone AS phone, c.item_name, c.case_no`.execute(trx);
    for (const m of due.rows) {
      await enqueueMessage(trx, {
        recipient: m.phone,
        reference: `case:${m.case_id}`,
        body: `您申请的「${m.item_name}」（${m.case_no}）容缺受理的材料「${m.name}」请于 ${m.due_date} 前补交，逾期将暂停办理时限。`,
      });
    }
    return { ran: true, suspended: suspended.rows[0]?.n ?? 0, changed: changed.rows[0]?.n ?? 0, reminded: due.rows.length };
  });
}
