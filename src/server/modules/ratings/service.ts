import { sql, type Selectable, type Updateable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal, RoleName } from '../../platform/auth.ts';
import { changeCenterSettings, readCenterSettings } from '../../platform/centerSettings.ts';
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from '../../platform/errors.ts';
import { publishEvent, publishEvents, type NewEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { tryTransactionLock } from '../../platform/locks.ts';
import { maskName, maskPhone } from '../../platform/masking.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { staffNames } from '../accounts/service.ts';
import { addWorkingDays } from '../calendar/service.ts';
import { caseForRating } from '../cases/service.ts';
import { getItemSummaries } from '../catalog/service.ts';
import { authorizeInCenter, departmentNames, getCenter, getWindow, windowAtWork } from '../org/service.ts';
import { lastFinishedAtWindow, servedTicket } from '../queue/service.ts';
import {
  appealLabels,
  defaultRatingSettings,
  emptyCounts,
  followUpOpen,
  isBad,
  isClosed,
  isRateable,
  rectificationLabels,
  refusalOf,
  scoreLabels,
  sourceLabels,
  statusAfter,
  totalsOf,
  callbackRate,
  type RatingSettings,
  type RatingSource,
  type RatingTotals,
  type RectificationStatus,
  type RectificationStep,
  type Score,
  type ScoreCounts,
} from './rules.ts';
import type { RatingsTable, RectificationsTable } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

type RatingRow = Selectable<RatingsTable>;
type RectificationRow = Selectable<RectificationsTable>;

// ------------------------------------------------------------ settings

export async function getRatingSettings(executor: Executor, centerId: string): Promise<RatingSettings> {
  const stored = (await readCenterSettings(executor, 'rating_settings', centerId)) as Partial<RatingSettings> | undefined;
  return { ...defaultRatingSettings, ...stored };
}

export async function updateRatingSettings(executor: Executor, actor: Actor, centerId: string, changes: Partial<RatingSettings>): Promise<RatingSettings> {
  return changeCenterSettings(
    executor,
    actor,
    'rating_settings',
    centerId,
    async (trx) => (await getCenter(trx, centerId), getRatingSettings(trx, centerId)),
    (before) => ({ ...before, ...changes }),
  );
}

// ------------------------------------------------------------ views

export interface RectificationSummary {
  id: string;
  status: RectificationStatus;
  statusLabel: string;
  dueDate: string;
  overdue: boolean;
  appealStatus: RectificationRow['appeal_status'];
}

export interface RatingView {
  id: string;
  centerId: string;
  subjectKind: 'ticket' | 'case';
  subjectId: string;
  subjectNo: string;
  score: Score;
  scoreLabel: string;
  bad: boolean;
  tags: string[];
  comment: string | null;
  source: RatingSource;
  sourceLabel: string;
  channel: string;
  itemId: string | null;
  itemCode: string | null;
  /** The item's name, or the queue category's for a visit without an item. */
  serviceName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  windowId: string | null;
  windowNumber: number | null;
  staffUserId: string | null;
  staffName: string | null;
  servedAt: string;
  realName: boolean;
  /** Masked: 张*, 138****5678; the whole values only through readRater (audited). */
  raterName: string | null;
  raterPhone: string | null;
  followUp: { score: number | null; comment: string | null; at: string } | null;
  /** Removed from the rates by an upheld appeal. */
  excluded: boolean;
  createdAt: string;
  rectification: RectificationSummary | null;
}

/** What the rater gets back, and what anyone holding the service's id may read: nothing about people. */
export interface PublicRating {
  id: string;
  subjectKind: 'ticket' | 'case';
  subjectNo: string;
  score: Score;
  scoreLabel: string;
  tags: string[];
  comment: string | null;
  createdAt: string;
  /** Until when a 追评 may be added. */
  followUpUntil: string;
  followUp: { score: number | null; comment: string | null; at: string } | null;
}

function rectificationSummary(row: RectificationRow, today: string): RectificationSummary {
  return {
    id: row.id,
    status: row.status,
    statusLabel: rectificationLabels[row.status],
    dueDate: row.due_date,
    overdue: !isClosed(row.status) && row.due_date < today,
    appealStatus: row.appeal_status,
  };
}

const followUpOf = (row: RatingRow) => (row.followed_up_at ? { score: row.follow_up_score, comment: row.follow_up_comment, at: row.followed_up_at.toISOString() } : null);

async function toViews(executor: Executor, rows: RatingRow[], today = shanghaiDate()): Promise<RatingView[]> {
  if (rows.length === 0) return [];
  const departments = await departmentNames(executor, [...new Set(rows.flatMap((r) => (r.department_id ? [r.department_id] : [])))]);
  const rectifications = await executor
    .selectFrom('rectifications')
    .selectAll()
    .where(
      'rating_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byRating = new Map(rectifications.map((r) => [r.rating_id, r]));
  return rows.map((row) => {
    const rectification = byRating.get(row.id);
    return {
      id: row.id,
      centerId: row.center_id,
      subjectKind: row.subject_kind,
      subjectId: row.subject_id,
      subjectNo: row.subject_no,
      score: row.score as Score,
      scoreLabel: scoreLabels[row.score as Score],
      bad: isBad(row.score),
      tags: row.tags,
      comment: row.comment,
      source: row.source,
      sourceLabel: sourceLabels[row.source],
      channel: row.channel,
      itemId: row.item_id,
      itemCode: row.item_code,
      serviceName: row.item_name,
      departmentId: row.department_id,
      departmentName: row.department_id ? (departments.get(row.department_id) ?? null) : null,
      windowId: row.window_id,
      windowNumber: row.window_number,
      staffUserId: row.staff_user_id,
      staffName: row.staff_name,
      servedAt: row.served_at.toISOString(),
      realName: row.rater_phone !== null,
      raterName: row.rater_name ? maskName(row.rater_name) : null,
      raterPhone: row.rater_phone ? maskPhone(row.rater_phone) : null,
      followUp: followUpOf(row),
      excluded: row.excluded,
      createdAt: row.created_at.toISOString(),
      rectification: rectification ? rectificationSummary(rectification, today) : null,
    };
  });
}

function toPublic(row: RatingRow, settings: RatingSettings): PublicRating {
  return {
    id: row.id,
    subjectKind: row.subject_kind,
    subjectNo: row.subject_no,
    score: row.score as Score,
    scoreLabel: scoreLabels[row.score as Score],
    tags: row.tags,
    comment: row.comment,
    createdAt: row.created_at.toISOString(),
    followUpUntil: new Date(row.created_at.getTime() + settings.followUpDays * 86_400_000).toISOString(),
    followUp: followUpOf(row),
  };
}

async function ratingRow(executor: Executor, id: string): Promise<RatingRow> {
  const row = await executor.selectFrom('ratings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('评价', id);
  return row;
}

export async function getRating(executor: Executor, id: string): Promise<RatingView> {
  return (await toViews(executor, [await ratingRow(executor, id)]))[0]!;
}

// ------------------------------------------------------------ rating a service

export type SubjectRef = { ticketId: string; caseId?: undefined } | { caseId: string; ticketId?: undefined };

export interface RatingInput {
  ticketId?: string;
  caseId?: string;
  /** 1–5 (the schema checks the range). */
  score: number;
  tags?: string[];
  comment?: string;
  /** Leave no name or phone with the rating (no callback possible). */
  anonymous?: boolean;
  /** Where a rating without a device came from: the phone page after the service, or the case's QR code. */
  source?: 'phone' | 'qr';
  /** A pad's key for this rating, so that a retry after a lost answer finds the rating it made. */
  clientKey?: string;
}

function subjectOf(input: { ticketId?: string; caseId?: string }): { kind: 'ticket' | 'case'; id: string } {
  if ((input.ticketId === undefined) === (input.caseId === undefined)) throw badRequest('INVALID_SUBJECT', '请指定要评价的号票（ticketId）或办件（caseId），二者选一');
  return input.ticketId !== undefined ? { kind: 'ticket', id: input.ticketId } : { kind: 'case', id: input.caseId! };
}

/** The service being rated, as the rating records it. */
async function describeService(executor: Executor, subject: { kind: 'ticket' | 'case'; id: string }) {
  if (subject.kind === 'ticket') {
    const ticket = await servedTicket(executor, subject.id);
    const item = ticket.itemId ? (await getItemSummaries(executor, [ticket.itemId]))[0] : undefined;
    const windowDepartment = ticket.windowId ? (await getWindow(executor, ticket.windowId)).departmentId : null;
    const staff = ticket.staffUserId ? (await staffNames(executor, [ticket.staffUserId])).get(ticket.staffUserId) : undefined;
    return {
      rateable: isRateable({ kind: 'ticket', status: ticket.status }),
      centerId: ticket.centerId,
      subjectNo: ticket.number,
      channel: ticket.channel,
      itemId: item?.id ?? null,
      itemCode: item?.code ?? null,
      itemName: item?.name ?? ticket.categoryName,
      // 谁办理谁负责: the window's department, else the item's; a general window answers to the center.
      departmentId: windowDepartment ?? item?.department.id ?? null,
      windowId: ticket.windowId,
      windowNumber: ticket.windowNumber,
      staffUserId: ticket.staffUserId,
      staffName: staff ?? null,
      servedAt: ticket.finishedAt,
      raterName: null,
      raterPhone: ticket.phone,
    };
  }
  const found = await caseForRating(executor, subject.id);
  const item = (await getItemSummaries(executor, [found.itemId]))[0];
  return {
    rateable: isRateable({ kind: 'case', status: found.status }),
    centerId: found.centerId,
    subjectNo: found.caseNo,
    channel: found.channel,
    itemId: found.itemId,
    itemCode: item?.code ?? null,
    itemName: found.itemName,
    departmentId: found.departmentId,
    windowId: null,
    windowNumber: null,
    staffUserId: null,
    staffName: found.takenInBy,
    servedAt: found.finishedAt,
    raterName: found.applicantName,
    raterPhone: found.applicantPhone,
  };
}

async function sourceOf(executor: Executor, principal: Principal | undefined, input: RatingInput, service: { centerId: string; windowId: string | null; staffUserId: string | null }): Promise<{ source: RatingSource; deviceId: string | null }> {
  if (principal?.kind === 'device') {
    if (principal.centerId !== service.centerId) throw forbidden('此设备不属于该服务所在的中心');
    if (principal.deviceKind === 'rating_pad') {
      if (service.windowId && principal.windowId !== service.windowId) throw forbidden('评价器只能评价本窗口办理的服务');
      return { source: 'pad', deviceId: principal.id };
    }
    if (principal.deviceKind === 'terminal' || principal.deviceKind === 'kiosk') return { source: 'terminal', deviceId: principal.id };
    throw forbidden('此设备不能提交评价');
  }
  if (principal?.kind === 'user' && principal.id === service.staffUserId) throw forbidden('不能评价自己办理的服务', 'OWN_SERVICE');
  return { source: input.source ?? 'phone', deviceId: null };
}

/**
 * 一事一评: rates a finished visit or case, once. Holding the ticket's or case's id is the right to rate
 * it; a pad rates only its window's visits and staff never their own. A 差评 opens its rectification in
 * the same transaction, and supervisors see the rating at once (`rating.created`).
 */
export async function rateService(executor: Executor, principal: Principal | undefined, input: RatingInput, now = currentTime()): Promise<PublicRating> {
  const subject = subjectOf(input);
  const tags = [...new Set(input.tags ?? [])];
  const comment = input.comment?.trim() || null;
  return inTransaction(executor, async (trx) => {
    if (input.clientKey) {
      const earlier = await trx.selectFrom('ratings').selectAll().where('client_key', '=', input.clientKey).executeTakeFirst();
      if (earlier) {
        if (earlier.subject_kind !== subject.kind || earlier.subject_id !== subject.id) throw conflict('CLIENT_KEY_REUSED', '此评价标识已用于另一次服务');
        return toPublic(earlier, await getRatingSettings(trx, earlier.center_id));
      }
    }
    const service = await describeService(trx, subject);
    if (!service.rateable || !service.servedAt) throw conflict('NOT_RATEABLE', subject.kind === 'ticket' ? '服务尚未办结，办结后才能评价' : '办件尚未办结，办结后才能评价');
    const { source, deviceId } = await sourceOf(trx, principal, input, service);
    const settings = await getRatingSettings(trx, service.centerId);
    const anonymous = input.anonymous === true || !service.raterPhone;
    const inserted = await trx
      .insertInto('ratings')
      .values({
        id: newId(),
        center_id: service.centerId,
        subject_kind: subject.kind,
        subject_id: subject.id,
        subject_no: service.subjectNo,
        score: input.score,
        tags,
        comment,
        source,
        device_id: deviceId,
        channel: service.channel,
        item_id: service.itemId,
        item_code: service.itemCode,
        item_name: service.itemName,
        department_id: service.departmentId,
        window_id: service.windowId,
        window_number: service.windowNumber,
        staff_user_id: service.staffUserId,
        staff_name: service.staffName,
        served_at: service.servedAt,
        rater_name: anonymous ? null : service.raterName,
        rater_phone: anonymous ? null : service.raterPhone,
        client_key: input.clientKey ?? null,
        created_at: now,
      })
      // Both the service and the client key are unique: a rating made meanwhile by another node or retry wins.
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) throw conflict('ALREADY_RATED', '这次服务已经评价过了，可在评价后规定期限内追评');
    if (isBad(input.score)) await openRectification(trx, inserted, settings, now);
    const [view] = await toViews(trx, [inserted]);
    await publishEvent(trx, { type: 'rating.created', centerId: service.centerId, audience: 'staff', data: liveRating(view!) });
    return toPublic(inserted, settings);
  });
}

/** What supervisors' screens get live: the rating as listed, rater masked. */
const liveRating = (view: RatingView) => ({ ...view, ratingId: view.id });

async function openRectification(executor: Executor, rating: RatingRow, settings: RatingSettings, now: Date) {
  const id = newId();
  const dueDate = await addWorkingDays(executor, shanghaiDate(now), settings.rectifyDays);
  await executor
    .insertInto('rectifications')
    .values({ id, rating_id: rating.id, center_id: rating.center_id, department_id: rating.department_id, due_date: dueDate, created_at: now, updated_at: now })
    .execute();
  await executor.insertInto('rectification_steps').values({ rectification_id: id, action: 'open', actor_name: '系统', note: `${scoreLabels[rating.score as Score]}，${settings.rectifyDays} 个工作日内办结`, at: now }).execute();
}

/** The rating of a service, for whoever holds its id (the phone page shows it instead of the form). */
export async function ratingOfService(executor: Executor, ref: { ticketId?: string; caseId?: string }): Promise<PublicRating> {
  const subject = subjectOf(ref);
  const row = await executor.selectFrom('ratings').selectAll().where('subject_kind', '=', subject.kind).where('subject_id', '=', subject.id).executeTakeFirst();
  if (!row) {
    // An unknown service is 404 NOT_FOUND; a known one not rated yet is 404 NOT_RATED (the page shows the form).
    await describeService(executor, subject);
    throw new AppError(404, 'NOT_RATED', '这次服务还没有评价');
  }
  return toPublic(row, await getRatingSettings(executor, row.center_id));
}

/** 追评: the rater adds a comment (and may change their mind on the score) within the center's period, once. */
export async function addFollowUp(executor: Executor, input: { ticketId?: string; caseId?: string; comment: string; score?: number }, now = currentTime()): Promise<PublicRating> {
  const subject = subjectOf(input);
  return inTransaction(executor, async (trx) => {
    const row = await trx.selectFrom('ratings').selectAll().where('subject_kind', '=', subject.kind).where('subject_id', '=', subject.id).forUpdate().executeTakeFirst();
    if (!row) throw conflict('NOT_RATED', '这次服务还没有评价，请先评价');
    const settings = await getRatingSettings(trx, row.center_id);
    if (row.followed_up_at) throw conflict('ALREADY_FOLLOWED_UP', '已经追评过了');
    if (!followUpOpen(row.created_at, now, settings)) throw conflict('FOLLOW_UP_CLOSED', `追评须在评价后 ${settings.followUpDays} 天内提交`);
    const updated = await trx
      .updateTable('ratings')
      .set({ follow_up_score: input.score ?? null, follow_up_comment: input.comment.trim(), followed_up_at: now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const [view] = await toViews(trx, [updated]);
    await publishEvent(trx, { type: 'rating.followed_up', centerId: row.center_id, audience: 'staff', data: liveRating(view!) });
    return toPublic(updated, settings);
  });
}

// ------------------------------------------------------------ reading ratings

const overseers: RoleName[] = ['admin', 'center_manager', 'supervisor'];

export interface RatingQuery {
  centerIds: string[];
  from?: string;
  to?: string;
  score?: number;
  bad?: boolean;
  departmentId?: string;
  windowId?: string;
  staffUserId?: string;
  page: number;
  pageSize: number;
}

/** `from`/`to`: dates in Asia/Shanghai, both included. */
const shanghaiDayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);
const shanghaiDayEnd = (date: string) => new Date(shanghaiDayStart(date).getTime() + 86_400_000);

export async function listRatings(executor: Executor, query: RatingQuery): Promise<{ items: RatingView[]; total: number }> {
  if (query.centerIds.length === 0) return { items: [], total: 0 };
  let base = executor.selectFrom('ratings').where('center_id', 'in', query.centerIds);
  if (query.from) base = base.where('created_at', '>=', shanghaiDayStart(query.from));
  if (query.to) base = base.where('created_at', '<', shanghaiDayEnd(query.to));
  if (query.score) base = base.where('score', '=', query.score);
  if (query.bad !== undefined) base = base.where('score', query.bad ? '<=' : '>', 2);
  if (query.departmentId) base = base.where('department_id', '=', query.departmentId);
  if (query.windowId) base = base.where('window_id', '=', query.windowId);
  if (query.staffUserId) base = base.where('staff_user_id', '=', query.staffUserId);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: await toViews(executor, rows), total };
}

/**
 * A staff member's own ratings: what was said, never by whom. A window can hold a grudge against a
 * phone number; 谁评价 stays with the managers and supervisors.
 */
export async function listOwnRatings(executor: Executor, userId: string, page: number, pageSize: number) {
  const { items, total } = await listRatings(executor, { centerIds: await ownRatingCenters(executor, userId), staffUserId: userId, page, pageSize });
  return { items: items.map((r) => ({ ...r, raterName: null, raterPhone: null })), total };
}

async function ownRatingCenters(executor: Executor, userId: string): Promise<string[]> {
  const rows = await executor.selectFrom('ratings').select('center_id').distinct().where('staff_user_id', '=', userId).execute();
  return rows.map((r) => r.center_id);
}

/** The rater's whole name and phone, for the manager calling them back; every read is audited. */
export async function readRater(executor: Executor, principal: Principal | undefined, actor: Actor, id: string): Promise<{ name: string | null; phone: string | null }> {
  return inTransaction(executor, async (trx) => {
    const row = await ratingRow(trx, id);
    await authorizeInCenter(trx, principal, overseers, row.center_id, row.department_id);
    await recordAudit(trx, actor, { action: 'rating.read_rater', entityType: 'rating', entityId: id, centerId: row.center_id });
    return { name: row.rater_name, phone: row.rater_phone };
  });
}

// ------------------------------------------------------------ figures

export interface RatingGroup extends RatingTotals {
  key: string;
  name: string;
}

export interface RatingSummary extends RatingTotals {
  from: string | null;
  to: string | null;
  byDepartment: RatingGroup[];
  byWindow: RatingGroup[];
  byStaff: RatingGroup[];
  /** Real-name 差评 and how many of them were called back (回访率 must reach 100 %). */
  realNameBad: number;
  calledBack: number;
  callbackRate: number | null;
  openRectifications: number;
  overdueRectifications: number;
  /** Ratings removed from the figures by upheld appeals. */
  excluded: number;
}

type CountRow = { key: string | null; name: string | null; score: number; n: number };

function groupTotals(rows: CountRow[], nameOf: (row: CountRow) => string): RatingGroup[] {
  const groups = new Map<string, { name: string; counts: ScoreCounts }>();
  for (const row of rows) {
    const key = row.key ?? '';
    const group = groups.get(key) ?? { name: nameOf(row), counts: emptyCounts() };
    group.counts[`${row.score}` as keyof ScoreCounts] += row.n;
    groups.set(key, group);
  }
  return [...groups].map(([key, g]) => ({ key, name: g.name, ...totalsOf(g.counts) })).sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh'));
}

/** Counts by level and the rates over a period; ratings removed by an upheld appeal are left out. */
export async function summarizeRatings(executor: Executor, query: { centerIds: string[]; from?: string; to?: string; departmentId?: string }, today = shanghaiDate()): Promise<RatingSummary> {
  // Qualified: the 回访 figures join rectifications, which has columns of the same names.
  let base = executor.selectFrom('ratings').where('ratings.center_id', 'in', query.centerIds.length ? query.centerIds : ['']);
  if (query.from) base = base.where('ratings.created_at', '>=', shanghaiDayStart(query.from));
  if (query.to) base = base.where('ratings.created_at', '<', shanghaiDayEnd(query.to));
  if (query.departmentId) base = base.where('ratings.department_id', '=', query.departmentId);
  const counted = base.where('ratings.excluded', '=', false);
  const count = sql<number>`count(*)::int`.as('n');
  const [byDepartment, byWindow, byStaff, excluded, followUp] = await Promise.all([
    counted.select(['department_id as key', sql<null>`null`.as('name'), 'score', count]).groupBy(['department_id', 'score']).execute(),
    counted.select([sql<string>`window_id`.as('key'), sql<string>`max(window_number)::text`.as('name'), 'score', count]).where('window_id', 'is not', null).groupBy(['window_id', 'score']).execute(),
    counted.select([sql<string>`staff_user_id`.as('key'), sql<string>`max(staff_name)`.as('name'), 'score', count]).where('staff_user_id', 'is not', null).groupBy(['staff_user_id', 'score']).execute(),
    base.where('excluded', '=', true).select(count).executeTakeFirstOrThrow(),
    counted
      .innerJoin('rectifications as r', 'r.rating_id', 'ratings.id')
      .select([
        sql<number>`count(*) FILTER (WHERE ratings.rater_phone IS NOT NULL)::int`.as('realNameBad'),
        sql<number>`count(*) FILTER (WHERE ratings.rater_phone IS NOT NULL AND r.callback_at IS NOT NULL)::int`.as('calledBack'),
        sql<number>`count(*) FILTER (WHERE r.closed_at IS NULL)::int`.as('open'),
        sql<number>`count(*) FILTER (WHERE r.closed_at IS NULL AND r.due_date < ${today})::int`.as('overdue'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const departments = await departmentNames(executor, [...new Set(byDepartment.flatMap((r) => (r.key ? [r.key] : [])))]);
  const all = emptyCounts();
  for (const row of byDepartment) all[`${row.score}` as keyof ScoreCounts] += row.n;
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    ...totalsOf(all),
    byDepartment: groupTotals(byDepartment, (r) => (r.key ? (departments.get(r.key) ?? '（已删除的部门）') : '中心综合窗口')),
    byWindow: groupTotals(byWindow, (r) => `${r.name} 号窗口`),
    byStaff: groupTotals(byStaff, (r) => r.name ?? ''),
    realNameBad: followUp.realNameBad,
    calledBack: followUp.calledBack,
    callbackRate: callbackRate(followUp.realNameBad, followUp.calledBack),
    openRectifications: followUp.open,
    overdueRectifications: followUp.overdue,
    excluded: excluded.n,
  };
}

export interface PublicRatingReport {
  centerId: string;
  centerName: string;
  month: string;
  totals: RatingTotals;
  departments: RatingGroup[];
  windows: RatingGroup[];
  /** How each closed 差评 of the month was handled, without names or phones. */
  results: { date: string; departmentName: string | null; serviceName: string | null; scoreLabel: string; outcome: string; result: string | null }[];
}

/** 好差评公开: a center's month, per department and window, and what became of its 差评. */
export async function publicRatingReport(executor: Executor, centerId: string, month: string): Promise<PublicRatingReport> {
  const center = await getCenter(executor, centerId);
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const from = `${month}-01`;
  const to = `${month}-${String(last).padStart(2, '0')}`;
  const summary = await summarizeRatings(executor, { centerIds: [centerId], from, to });
  const closed = await executor
    .selectFrom('rectifications as r')
    .innerJoin('ratings', 'ratings.id', 'r.rating_id')
    .select(['r.closed_at', 'r.status', 'r.result', 'ratings.department_id', 'ratings.item_name', 'ratings.score'])
    .where('r.center_id', '=', centerId)
    .where('r.status', 'in', ['rectified', 'unfounded'])
    .where('r.closed_at', '>=', shanghaiDayStart(from))
    .where('r.closed_at', '<', shanghaiDayEnd(to))
    .orderBy('r.closed_at')
    .execute();
  const names = await departmentNames(executor, [...new Set(closed.flatMap((r) => (r.department_id ? [r.department_id] : [])))]);
  const { byDepartment, byWindow, from: _from, to: _to, byStaff: _staff, ...rest } = summary;
  return {
    centerId,
    centerName: center.name,
    month,
    totals: { total: rest.total, counts: rest.counts, satisfactionRate: rest.satisfactionRate, fiveStarRate: rest.fiveStarRate, bad: rest.bad },
    departments: byDepartment,
    windows: byWindow,
    results: closed.map((r) => ({
      date: shanghaiDate(r.closed_at!),
      departmentName: r.department_id ? (names.get(r.department_id) ?? null) : null,
      serviceName: r.item_name,
      scoreLabel: scoreLabels[r.score as Score],
      outcome: rectificationLabels[r.status],
      result: r.result,
    })),
  };
}

// ------------------------------------------------------------ rectification

export interface RectificationView extends RectificationSummary {
  centerId: string;
  departmentId: string | null;
  departmentName: string | null;
  rating: RatingView;
  callback: { at: string; reached: boolean; note: string | null } | null;
  result: string | null;
  closedAt: string | null;
  appeal: { status: NonNullable<RectificationRow['appeal_status']>; statusLabel: string; reason: string; at: string; note: string | null; decidedAt: string | null } | null;
  escalated: boolean;
  createdAt: string;
  steps: { action: string; actorName: string | null; note: string | null; at: string }[];
}

async function rectificationRow(executor: Executor, id: string, lock = false): Promise<RectificationRow> {
  const row = await executor.selectFrom('rectifications').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('差评整改', id);
  return row;
}

async function toRectificationView(executor: Executor, row: RectificationRow, withSteps: boolean): Promise<RectificationView> {
  const rating = await getRating(executor, row.rating_id);
  const steps = withSteps ? await executor.selectFrom('rectification_steps').selectAll().where('rectification_id', '=', row.id).orderBy('id').execute() : [];
  return {
    ...rectificationSummary(row, shanghaiDate()),
    centerId: row.center_id,
    departmentId: row.department_id,
    departmentName: rating.departmentName,
    rating,
    callback: row.callback_at ? { at: row.callback_at.toISOString(), reached: row.callback_reached ?? false, note: row.callback_note } : null,
    result: row.result,
    closedAt: row.closed_at?.toISOString() ?? null,
    appeal: row.appeal_status
      ? { status: row.appeal_status, statusLabel: appealLabels[row.appeal_status], reason: row.appeal_reason ?? '', at: row.appealed_at!.toISOString(), note: row.appeal_note, decidedAt: row.appeal_decided_at?.toISOString() ?? null }
      : null,
    escalated: row.escalated_at !== null,
    createdAt: row.created_at.toISOString(),
    steps: steps.map((s) => ({ action: s.action, actorName: s.actor_name, note: s.note, at: s.at.toISOString() })),
  };
}

/** Who may see a rectification: its center's overseers, its department's managers, and the staff member rated. */
export async function getRectification(executor: Executor, principal: Principal | undefined, id: string): Promise<RectificationView> {
  const row = await rectificationRow(executor, id);
  const view = await toRectificationView(executor, row, true);
  if (principal?.kind === 'user' && principal.id === view.rating.staffUserId) return { ...view, rating: { ...view.rating, raterName: null, raterPhone: null } };
  await authorizeInCenter(executor, principal, overseers, row.center_id, row.department_id);
  return view;
}

export interface RectificationQuery {
  centerIds: string[];
  status?: RectificationStatus;
  /** Open ones past their due date. */
  overdue?: boolean;
  open?: boolean;
  departmentId?: string;
  page: number;
  pageSize: number;
}

export async function listRectifications(executor: Executor, query: RectificationQuery, today = shanghaiDate()): Promise<{ items: RectificationView[]; total: number }> {
  if (query.centerIds.length === 0) return { items: [], total: 0 };
  let base = executor.selectFrom('rectifications').where('center_id', 'in', query.centerIds);
  if (query.status) base = base.where('status', '=', query.status);
  if (query.open) base = base.where('closed_at', 'is', null);
  if (query.overdue) base = base.where('closed_at', 'is', null).where('due_date', '<', today);
  if (query.departmentId) base = base.where('department_id', '=', query.departmentId);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy(sql`closed_at IS NULL`, 'desc')
    .orderBy('due_date')
    .orderBy('id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const items: RectificationView[] = [];
  for (const row of rows) items.push(await toRectificationView(executor, row, false));
  return { items, total };
}

const stepNames: Record<RectificationStep['action'], string> = { callback: '回访', close: '办结', appeal: '申诉', 'decide-appeal': '申诉裁定' };

/** Applies a step under the row's lock: the rules refuse what does not fit, the step and an audit entry record it. */
async function stepRectification(
  executor: Executor,
  actor: Actor,
  id: string,
  step: RectificationStep,
  authorize: (row: RectificationRow, rating: RatingRow, trx: Executor) => Promise<void>,
  changes: (row: RectificationRow, now: Date) => Omit<Updateable<RectificationsTable>, 'id' | 'status'>,
  note: string,
  now: Date,
): Promise<RectificationView> {
  return inTransaction(executor, async (trx) => {
    const row = await rectificationRow(trx, id, true);
    const rating = await ratingRow(trx, row.rating_id);
    await authorize(row, rating, trx);
    const state = { status: row.status, realName: rating.rater_phone !== null, calledBack: row.callback_at !== null, appeal: row.appeal_status };
    const refusal = refusalOf(state, step);
    if (refusal) throw conflict('INVALID_RECTIFICATION_STATE', refusal);
    const status = statusAfter(state, step);
    const updated = await trx
      .updateTable('rectifications')
      .set({ ...changes(row, now), status, ...(isClosed(status) && !isClosed(row.status) && { closed_at: now }), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto('rectification_steps').values({ rectification_id: id, action: step.action, actor_name: actor.kind === 'anonymous' ? null : actor.name, note, at: now }).execute();
    await recordAudit(trx, actor, { action: `rectification.${step.action}`, entityType: 'rectification', entityId: id, centerId: row.center_id, before: { status: row.status, appeal: row.appeal_status }, after: { status, appeal: updated.appeal_status } });
    const view = await toRectificationView(trx, updated, true);
    const events: NewEvent[] = [{ type: 'rectification.changed', centerId: row.center_id, audience: 'staff', data: { rectificationId: id, ratingId: rating.id, ratingDay: shanghaiDate(rating.created_at), status, statusLabel: rectificationLabels[status], step: stepNames[step.action] } }];
    await publishEvents(trx, events);
    return view;
  });
}

/** The department's managers (or the center's) handle a 差评; supervisors watch. */
const managesRectification = (principal: Principal | undefined) => async (row: RectificationRow, _rating: RatingRow, trx: Executor) => {
  await authorizeInCenter(trx, principal, ['admin', 'center_manager'], row.center_id, row.department_id);
};

/** 回访: the manager called the rater; reached or not, with what was said. */
export async function recordCallback(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, input: { reached: boolean; note: string }, now = currentTime()) {
  return stepRectification(executor, actor, id, { action: 'callback' }, managesRectification(principal), () => ({ callback_at: now, callback_reached: input.reached, callback_note: input.note }), `${input.reached ? '已联系上' : '未联系上'}：${input.note}`, now);
}

/** Closes a 差评: rectified (what was done), or found unfounded (why); the text is published without names. */
export async function closeRectification(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, input: { outcome: 'rectified' | 'unfounded'; result: string }, now = currentTime()) {
  return stepRectification(executor, actor, id, { action: 'close', outcome: input.outcome }, managesRectification(principal), () => ({ result: input.result }), `${rectificationLabels[input.outcome]}：${input.result}`, now);
}

/** The staff member rated may appeal a mistaken or malicious 差评 once; a supervisor decides. */
export async function appealRating(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, reason: string, now = currentTime()) {
  return stepRectification(
    executor,
    actor,
    id,
    { action: 'appeal' },
    async (_row, rating) => {
      if (!principal) throw unauthorized();
      if (principal.kind !== 'user' || rating.staff_user_id !== principal.id) throw forbidden('只有被评价的工作人员本人可以申诉');
    },
    () => ({ appeal_status: 'pending', appeal_reason: reason, appealed_at: now }),
    reason,
    now,
  );
}

/** A supervisor's ruling: an upheld appeal takes the rating out of every figure (never out of the record). */
export async function decideAppeal(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, input: { upheld: boolean; note: string }, now = currentTime()) {
  return inTransaction(executor, async (trx) => {
    const view = await stepRectification(
      trx,
      actor,
      id,
      { action: 'decide-appeal', upheld: input.upheld },
      async (row) => {
        await authorizeInCenter(trx, principal, ['admin', 'supervisor'], row.center_id);
      },
      () => ({ appeal_status: input.upheld ? 'upheld' : 'rejected', appeal_note: input.note, appeal_decided_at: now }),
      `${input.upheld ? '申诉成立' : '申诉驳回'}：${input.note}`,
      now,
    );
    if (input.upheld) await trx.updateTable('ratings').set({ excluded: true }).where('id', '=', view.rating.id).execute();
    return input.upheld ? { ...view, rating: { ...view.rating, excluded: true } } : view;
  });
}

/**
 * Escalates rectifications past their due date, once each: a step, and `rectification.overdue` for the
 * supervision screen. Any node may run it; an advisory lock lets one at a time do the work.
 */
export async function escalateOverdueRectifications(executor: Executor, now = currentTime()): Promise<{ ran: boolean; escalated: number }> {
  return inTransaction(executor, async (trx) => {
    if (!(await tryTransactionLock(trx, 0x0ca7_e002))) return { ran: false, escalated: 0 };
    const overdue = await trx
      .updateTable('rectifications')
      .set({ escalated_at: now, updated_at: now })
      .where('closed_at', 'is', null)
      .where('escalated_at', 'is', null)
      .where('due_date', '<', shanghaiDate(now))
      .returning(['id', 'center_id', 'rating_id', 'due_date', 'department_id'])
      .execute();
    if (overdue.length === 0) return { ran: true, escalated: 0 };
    await trx
      .insertInto('rectification_steps')
      .values(overdue.map((r) => ({ rectification_id: r.id, action: 'escalate', actor_name: '系统', note: `逾期未办结（期限 ${r.due_date}），已提请中心督办`, at: now })))
      .execute();
    await publishEvents(
      trx,
      overdue.map((r) => ({ type: 'rectification.overdue', centerId: r.center_id, audience: 'staff' as const, data: { rectificationId: r.id, ratingId: r.rating_id, dueDate: r.due_date, departmentId: r.department_id } })),
    );
    return { ran: true, escalated: overdue.length };
  });
}

// ------------------------------------------------------------ the rating pad

export interface PadState {
  window: { id: string; number: number; name: string; status: string } | null;
  staffName: string | null;
  /** The visit just finished at the window, offered for rating until rated or `padOfferMinutes` old. */
  service: { ticketId: string; number: string; serviceName: string; staffName: string | null; finishedAt: string } | null;
}

/** How long after a visit ends the pad still offers it: the visitor has left by then. */
const padOfferMinutes = 10;

export async function padState(executor: Executor, windowId: string | null, now = currentTime()): Promise<PadState> {
  if (!windowId) return { window: null, staffName: null, service: null };
  const window = await windowAtWork(executor, windowId);
  const names = await staffNames(executor, window.staffUserId ? [window.staffUserId] : []);
  const last = await lastFinishedAtWindow(executor, window.id);
  let service: PadState['service'] = null;
  if (last?.finishedAt && now.getTime() - last.finishedAt.getTime() <= padOfferMinutes * 60_000) {
    const rated = await executor.selectFrom('ratings').select('id').where('subject_kind', '=', 'ticket').where('subject_id', '=', last.id).executeTakeFirst();
    if (!rated) {
      const staff = last.staffUserId ? (await staffNames(executor, [last.staffUserId])).get(last.staffUserId) : undefined;
      service = { ticketId: last.id, number: last.number, serviceName: last.categoryName, staffName: staff ?? null, finishedAt: last.finishedAt.toISOString() };
    }
  }
  return {
    window: { id: window.id, number: window.number, name: window.name, status: window.status },
    staffName: window.staffUserId ? (names.get(window.staffUserId) ?? null) : null,
    service,
  };
}
