import { sql, type Selectable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { publishEvent, publishEvents } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { tryTransactionLock } from '../../platform/locks.ts';
import { isValidMobile } from '../../platform/identity.ts';
import { maskPersonalData, maskPhone } from '../../platform/masking.ts';
import { enqueueMessage } from '../../platform/outbox.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { addWorkingDays } from '../calendar/service.ts';
import { authorizeInCenter, departmentNames, getCenter, getDepartment } from '../org/service.ts';
import {
  answerDays,
  channelLabels,
  isOverdue,
  kindLabels,
  satisfactionLabels,
  staffChannels,
  statusLabels,
  type FeedbackChannel,
  type FeedbackKind,
  type FeedbackStatus,
  type Satisfaction,
} from './rules.ts';
import type { FeedbackTable } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

type FeedbackRow = Selectable<FeedbackTable>;

/** What the person who wrote it may read by its id: the state and the answer, nothing about them. */
export interface PublicFeedback {
  id: string;
  centerId: string;
  kind: FeedbackKind;
  kindLabel: string;
  status: FeedbackStatus;
  statusLabel: string;
  dueDate: string;
  answer: string | null;
  answeredAt: string | null;
  satisfaction: Satisfaction | null;
  satisfactionLabel: string | null;
  createdAt: string;
}

export interface FeedbackView extends PublicFeedback {
  text: string;
  /** Masked like everything personal on screens. */
  contact: string | null;
  phone: string | null;
  channel: FeedbackChannel;
  channelLabel: string;
  departmentId: string | null;
  departmentName: string | null;
  enteredBy: string | null;
  answeredBy: string | null;
  overdue: boolean;
}

function toPublic(row: FeedbackRow): PublicFeedback {
  return {
    id: row.id,
    centerId: row.center_id,
    kind: row.kind,
    kindLabel: kindLabels[row.kind],
    status: row.status,
    statusLabel: statusLabels[row.status],
    dueDate: row.due_date,
    answer: row.answer,
    answeredAt: row.answered_at?.toISOString() ?? null,
    satisfaction: row.satisfaction,
    satisfactionLabel: row.satisfaction ? satisfactionLabels[row.satisfaction] : null,
    createdAt: row.created_at.toISOString(),
  };
}

async function toViews(executor: Executor, rows: FeedbackRow[], today = shanghaiDate()): Promise<FeedbackView[]> {
  const names = await departmentNames(executor, [...new Set(rows.flatMap((r) => (r.department_id ? [r.department_id] : [])))]);
  return rows.map((row) => ({
    ...toPublic(row),
    text: maskPersonalData(row.text),
    contact: row.contact ? maskPersonalData(row.contact) : null,
    phone: row.phone ? maskPhone(row.phone) : null,
    channel: row.channel,
    channelLabel: channelLabels[row.channel],
    departmentId: row.department_id,
    departmentName: row.department_id ? (names.get(row.department_id) ?? null) : null,
    enteredBy: row.entered_by,
    answeredBy: row.answered_by,
    overdue: isOverdue(row.status, row.due_date, today),
  }));
}

async function feedbackRow(executor: Executor, id: string, lock = false): Promise<FeedbackRow> {
  const row = await executor.selectFrom('feedback').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('诉求', id);
  return row;
}

async function departmentOfCenter(executor: Executor, centerId: string, departmentId: string): Promise<void> {
  const department = await getDepartment(executor, departmentId);
  if (department.centerId !== centerId) throw badRequest('INVALID_DEPARTMENT', '该部门不在此中心');
}

export interface FeedbackInput {
  kind: FeedbackKind;
  centerId: string;
  text: string;
  contact?: string;
  phone?: string;
  /** Only staff entering a call, a letter or a visit say how it came in. */
  channel?: FeedbackChannel;
  departmentId?: string;
}

/** How it came in, and who entered it: a terminal, staff on someone's behalf, or the person on the portal. */
async function channelOf(executor: Executor, principal: Principal | undefined, input: FeedbackInput): Promise<{ channel: FeedbackChannel; enteredBy: string | null }> {
  if (principal?.kind === 'device') {
    if (principal.centerId !== input.centerId || !['terminal', 'kiosk'].includes(principal.deviceKind)) throw forbidden('此设备不能为该中心登记诉求');
    return { channel: 'terminal', enteredBy: null };
  }
  if (principal?.kind === 'user') {
    await authorizeInCenter(executor, principal, ['admin', 'center_manager', 'window_staff', 'supervisor'], input.centerId);
    const channel = input.channel ?? 'phone';
    if (!staffChannels.includes(channel)) throw badRequest('INVALID_CHANNEL', '工作人员代为登记时，来源应为电话、来信或窗口');
    return { channel, enteredBy: principal.name };
  }
  if (input.channel !== undefined && input.channel !== 'portal') throw badRequest('INVALID_CHANNEL', '网上提交的诉求来源只能是网上');
  return { channel: 'portal', enteredBy: null };
}

/** Takes a complaint, suggestion or praise; it is due in the kind's working days and shows on the supervision screen. */
export async function submitFeedback(executor: Executor, principal: Principal | undefined, input: FeedbackInput, now = currentTime()): Promise<PublicFeedback> {
  const phone = input.phone?.replace(/[\s-]/g, '') || null;
  if (phone !== null && !isValidMobile(phone)) throw badRequest('INVALID_PHONE', '手机号码格式不正确，应为 11 位数字');
  const text = input.text.trim();
  if (!text) throw badRequest('VALIDATION_FAILED', '请填写诉求内容');
  return inTransaction(executor, async (trx) => {
    await getCenter(trx, input.centerId);
    if (input.departmentId) await departmentOfCenter(trx, input.centerId, input.departmentId);
    const { channel, enteredBy } = await channelOf(trx, principal, input);
    const row = await trx
      .insertInto('feedback')
      .values({
        id: newId(),
        center_id: input.centerId,
        kind: input.kind,
        text,
        contact: input.contact?.trim() || null,
        phone,
        channel,
        department_id: input.departmentId ?? null,
        due_date: await addWorkingDays(trx, shanghaiDate(now), answerDays[input.kind]),
        entered_by: enteredBy,
        citizen_id: principal?.kind === 'citizen' ? principal.id : null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const [view] = await toViews(trx, [row]);
    await publishEvent(trx, { type: 'feedback.created', centerId: input.centerId, audience: 'staff', data: { ...view!, feedbackId: row.id } });
    return toPublic(row);
  });
}

/** The state and answer of one's complaint or suggestion, by its id (the link given when it was taken). */
export async function getPublicFeedback(executor: Executor, id: string): Promise<PublicFeedback> {
  return toPublic(await feedbackRow(executor, id));
}

export async function getFeedback(executor: Executor, principal: Principal | undefined, id: string): Promise<FeedbackView> {
  const row = await feedbackRow(executor, id);
  await authorizeInCenter(executor, principal, feedbackReaders, row.center_id, row.department_id);
  return (await toViews(executor, [row]))[0]!;
}

const feedbackReaders = ['admin', 'center_manager', 'supervisor', 'dept_approver'] as const;

export interface FeedbackQuery {
  centerIds: string[];
  kind?: FeedbackKind;
  status?: FeedbackStatus;
  overdue?: boolean;
  departmentId?: string;
  page: number;
  pageSize: number;
}

export async function listFeedback(executor: Executor, query: FeedbackQuery, today = shanghaiDate()): Promise<{ items: FeedbackView[]; total: number }> {
  if (query.centerIds.length === 0) return { items: [], total: 0 };
  let base = executor.selectFrom('feedback').where('center_id', 'in', query.centerIds);
  if (query.kind) base = base.where('kind', '=', query.kind);
  if (query.status) base = base.where('status', '=', query.status);
  if (query.overdue) base = base.where('status', '=', 'open').where('due_date', '<', today);
  if (query.departmentId) base = base.where('department_id', '=', query.departmentId);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy(sql`status = 'open'`, 'desc')
    .orderBy('due_date')
    .orderBy('created_at', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: await toViews(executor, rows, today), total };
}

/** What a person sent from the portal, newest first: 我的诉求. */
export async function feedbackOfCitizen(executor: Executor, citizenId: string, page: number, pageSize: number): Promise<{ items: PublicFeedback[]; total: number }> {
  const base = executor.selectFrom('feedback').where('citizen_id', '=', citizenId);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { items: rows.map(toPublic), total };
}

async function changeFeedback(
  executor: Executor,
  actor: Actor,
  id: string,
  action: string,
  work: (row: FeedbackRow, trx: Executor) => Promise<Partial<Pick<FeedbackRow, 'department_id' | 'status' | 'answer' | 'answered_at' | 'answered_by'>>>,
  now: Date,
): Promise<FeedbackView> {
  return inTransaction(executor, async (trx) => {
    const row = await feedbackRow(trx, id, true);
    const changes = await work(row, trx);
    const updated = await trx.updateTable('feedback').set({ ...changes, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: `feedback.${action}`, entityType: 'feedback', entityId: id, centerId: row.center_id, before: { status: row.status, departmentId: row.department_id }, after: changes });
    const [view] = await toViews(trx, [updated]);
    await publishEvents(trx, [{ type: 'feedback.changed', centerId: row.center_id, audience: 'staff', data: { feedbackId: id, status: updated.status, statusLabel: statusLabels[updated.status], departmentId: updated.department_id } }]);
    return view!;
  });
}

/** The center's managers send an item to the department that must answer it. */
export async function routeFeedback(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, departmentId: string, now = currentTime()) {
  return changeFeedback(
    executor,
    actor,
    id,
    'route',
    async (row, trx) => {
      await authorizeInCenter(trx, principal, ['admin', 'center_manager'], row.center_id);
      if (row.status !== 'open') throw conflict('INVALID_FEEDBACK_STATE', '已答复的诉求不能再转办');
      await departmentOfCenter(trx, row.center_id, departmentId);
      return { department_id: departmentId };
    },
    now,
  );
}

/** The department (or the center) answers; the answer goes to the person's phone when they left one. */
export async function answerFeedback(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, answer: string, now = currentTime()) {
  return changeFeedback(
    executor,
    actor,
    id,
    'answer',
    async (row, trx) => {
      await authorizeInCenter(trx, principal, ['admin', 'center_manager', 'dept_approver'], row.center_id, row.department_id);
      if (row.status !== 'open') throw conflict('INVALID_FEEDBACK_STATE', '此诉求已经答复过了');
      // The SMS says where to read the answer rather than carrying it: an answer is free text (it often names
      // people), and messages are logged by the development sender and pass through an SMS gateway.
      if (row.phone) await enqueueMessage(trx, { recipient: row.phone, body: `您提交的${kindLabels[row.kind]}已答复，请在一门通办「投诉建议」查看答复并评价：/feedback/${id}`, reference: `feedback:${id}` });
      return { status: 'answered', answer, answered_at: now, answered_by: actor.kind === 'anonymous' ? null : actor.name };
    },
    now,
  );
}

/** The person says whether the answer satisfied them, once. */
export async function rateAnswer(executor: Executor, id: string, satisfaction: Satisfaction, now = currentTime()): Promise<PublicFeedback> {
  return inTransaction(executor, async (trx) => {
    const row = await feedbackRow(trx, id, true);
    if (row.status === 'open') throw conflict('NOT_ANSWERED', '诉求尚未答复，答复后才能评价');
    if (row.status === 'closed') throw conflict('ALREADY_RATED', '已经评价过这次答复了');
    const updated = await trx.updateTable('feedback').set({ status: 'closed', satisfaction, satisfaction_at: now, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await publishEvent(trx, { type: 'feedback.changed', centerId: row.center_id, audience: 'staff', data: { feedbackId: id, status: 'closed', statusLabel: statusLabels.closed, satisfaction, satisfactionLabel: satisfactionLabels[satisfaction] } });
    return toPublic(updated);
  });
}

/** Flags items past their answer date once each (`feedback.overdue`); one node at a time. */
export async function escalateOverdueFeedback(executor: Executor, now = currentTime()): Promise<{ ran: boolean; escalated: number }> {
  return inTransaction(executor, async (trx) => {
    if (!(await tryTransactionLock(trx, 0x0fee_db01))) return { ran: false, escalated: 0 };
    const overdue = await trx
      .updateTable('feedback')
      .set({ escalated_at: now, updated_at: now })
      .where('status', '=', 'open')
      .where('escalated_at', 'is', null)
      .where('due_date', '<', shanghaiDate(now))
      .returning(['id', 'center_id', 'kind', 'due_date', 'department_id'])
      .execute();
    if (overdue.length > 0) {
      await publishEvents(
        trx,
        overdue.map((r) => ({ type: 'feedback.overdue', centerId: r.center_id, audience: 'staff' as const, data: { feedbackId: r.id, kind: r.kind, kindLabel: kindLabels[r.kind], dueDate: r.due_date, departmentId: r.department_id } })),
      );
    }
    return { ran: true, escalated: overdue.length };
  });
}
