import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { DB, Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import { changeCenterSettings, readCenterSettings } from '../../platform/centerSettings.ts';
import { hasRole, type Principal } from '../../platform/auth.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { eventsFrom, publishEvent, publishEvents, type SourcedEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { ageOnDate, isValidIdNumber, isValidMobile, lookupHash, normaliseIdNumber } from '../../platform/identity.ts';
import { maskIdNumber, maskPhone } from '../../platform/masking.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { authorizeInCenter, centerLineage, getCenter, getWindow, openWindowIds, scopeOf, windowAtWork, type WindowView } from '../org/service.ts';
import {
  actionLabels,
  aheadOf,
  averageHandleMinutes,
  callingOrder,
  completeSettings,
  effectivePriority,
  estimateWaitMinutes,
  nextStatus,
  statusesBefore,
  priorityLabels,
  profileProblems,
  statusLabels,
  ticketNumber,
  virtualArrival,
  type Channel,
  type Priority,
  type QueueSettings,
  type TicketAction,
  type TicketStatus,
  type Waiting,
} from './rules.ts';
import type { TicketsTable } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

type TicketRow = Selectable<TicketsTable>;

// ---------------------------------------------------------------- categories

export interface CategoryView {
  id: string;
  centerId: string;
  name: string;
  prefix: string;
  itemIds: string[];
  open: boolean;
  sort: number;
}

const toCategory = (r: Selectable<DB['queue_categories']>): CategoryView => ({ id: r.id, centerId: r.center_id, name: r.name, prefix: r.prefix, itemIds: r.item_ids, open: r.open, sort: r.sort });

export async function listCategories(executor: Executor, centerId: string): Promise<CategoryView[]> {
  await getCenter(executor, centerId);
  const rows = await executor.selectFrom('queue_categories').selectAll().where('center_id', '=', centerId).orderBy('sort').orderBy('prefix').execute();
  return rows.map(toCategory);
}

export async function getCategory(executor: Executor, id: string): Promise<CategoryView> {
  const row = await executor.selectFrom('queue_categories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('业务类别', id);
  return toCategory(row);
}

export interface CategoryInput {
  centerId: string;
  name: string;
  prefix: string;
  itemIds: string[];
  open?: boolean;
  sort?: number;
}

async function assertCategoryFree(trx: Executor, centerId: string, input: { name?: string; prefix?: string }, exceptId?: string) {
  const clash = await trx
    .selectFrom('queue_categories')
    .select(['name', 'prefix'])
    .where('center_id', '=', centerId)
    .where((eb) => eb.or([eb('name', '=', input.name ?? ''), eb('prefix', '=', input.prefix ?? '')]))
    .$if(Boolean(exceptId), (qb) => qb.where('id', '!=', exceptId!))
    .executeTakeFirst();
  if (clash && clash.prefix === input.prefix) throw conflict('CATEGORY_EXISTS', `该中心已有字头为「${input.prefix}」的业务类别`);
  if (clash) throw conflict('CATEGORY_EXISTS', `该中心已有名为「${input.name}」的业务类别`);
}

export async function createCategory(executor: Executor, actor: Actor, input: CategoryInput): Promise<CategoryView> {
  return inTransaction(executor, async (trx) => {
    await getCenter(trx, input.centerId);
    await assertCategoryFree(trx, input.centerId, input);
    const id = newId();
    await trx
      .insertInto('queue_categories')
      .values({ id, center_id: input.centerId, name: input.name, prefix: input.prefix, item_ids: [...new Set(input.itemIds)], open: input.open ?? true, sort: input.sort ?? 0 })
      .execute();
    const after = await getCategory(trx, id);
    await recordAudit(trx, actor, { action: 'category.create', entityType: 'queue_category', entityId: id, centerId: input.centerId, after });
    return after;
  });
}

export async function updateCategory(executor: Executor, actor: Actor, id: string, changes: Partial<Omit<CategoryInput, 'centerId'>>): Promise<CategoryView> {
  return inTransaction(executor, async (trx) => {
    const before = await getCategory(trx, id);
    await assertCategoryFree(trx, before.centerId, { name: changes.name, prefix: changes.prefix }, id);
    await trx
      .updateTable('queue_categories')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.prefix !== undefined && { prefix: changes.prefix }),
        ...(changes.itemIds !== undefined && { item_ids: [...new Set(changes.itemIds)] }),
        ...(changes.open !== undefined && { open: changes.open }),
        ...(changes.sort !== undefined && { sort: changes.sort }),
        updated_at: currentTime(),
      })
      .where('id', '=', id)
      .execute();
    const after = await getCategory(trx, id);
    await recordAudit(trx, actor, { action: 'category.update', entityType: 'queue_category', entityId: id, centerId: before.centerId, before, after });
    categoryNames.delete(id);
    if (before.open !== after.open) await publishQueueChanged(trx, before.centerId, [id]);
    return after;
  });
}

// ---------------------------------------------------------------- settings and window profiles

export async function getQueueSettings(executor: Executor, centerId: string): Promise<QueueSettings> {
  return completeSettings((await readCenterSettings(executor, 'queue_settings', centerId)) as Partial<QueueSettings> | undefined);
}

export type QueueSettingsChanges = Partial<Omit<QueueSettings, 'headStartMinutes'>> & { headStartMinutes?: Partial<QueueSettings['headStartMinutes']> };

export async function updateQueueSettings(executor: Executor, actor: Actor, centerId: string, changes: QueueSettingsChanges): Promise<QueueSettings> {
  const after = await changeCenterSettings(
    executor,
    actor,
    'queue_settings',
    centerId,
    async (trx) => (await getCenter(trx, centerId), getQueueSettings(trx, centerId)),
    (before) => completeSettings({ ...before, ...changes, headStartMinutes: { ...before.headStartMinutes, ...changes.headStartMinutes } }),
  );
  bases.delete(centerId);
  return after;
}

export interface WindowProfile {
  windowId: string;
  tiers: string[][];
}

export async function getWindowProfile(executor: Executor, windowId: string): Promise<WindowProfile> {
  await getWindow(executor, windowId);
  const row = await executor.selectFrom('window_profiles').select('tiers').where('window_id', '=', windowId).executeTakeFirst();
  return { windowId, tiers: row?.tiers ?? [] };
}

/** The hall manager's work plan for a window: the categories it serves, in ordered tiers. */
export async function setWindowProfile(executor: Executor, actor: Actor, windowId: string, tiers: string[][]): Promise<WindowProfile> {
  return inTransaction(executor, async (trx) => {
    const window = await getWindow(trx, windowId);
    const known = new Set((await listCategories(trx, window.centerId)).map((c) => c.id));
    const problems = profileProblems(tiers, known);
    if (problems.length) throw badRequest('INVALID_PROFILE', problems.join('；'), problems);
    const before = await getWindowProfile(trx, windowId);
    await trx
      .insertInto('window_profiles')
      .values({ window_id: windowId, center_id: window.centerId, tiers: JSON.stringify(tiers) })
      .onConflict((oc) => oc.column('window_id').doUpdateSet({ tiers: JSON.stringify(tiers), updated_at: currentTime() }))
      .execute();
    const after = { windowId, tiers };
    await recordAudit(trx, actor, { action: 'window.profile', entityType: 'window', entityId: windowId, centerId: window.centerId, before, after });
    bases.delete(window.centerId);
    return after;
  });
}

/** Every window profile of a center (the manager console and the wait estimates). */
export async function listWindowProfiles(executor: Executor, centerId: string): Promise<WindowProfile[]> {
  const rows = await executor.selectFrom('window_profiles').select(['window_id', 'tiers']).where('center_id', '=', centerId).execute();
  return rows.map((r) => ({ windowId: r.window_id, tiers: r.tiers }));
}

// ---------------------------------------------------------------- load and estimates

export interface CategoryLoad {
  categoryId: string;
  name: string;
  prefix: string;
  open: boolean;
  waiting: number;
  /** Minutes until the next visitor to join would be called. */
  estimatedWaitMinutes: number;
  /** Windows serving it now (signed in, not paused). */
  servingWindows: number;
  /** Minutes the longest-waiting ticket has waited. */
  longestWaitMinutes: number;
}

/** What an estimate needs besides the waiting counts: recent handle times and the windows serving each category. */
interface EstimateBasis {
  at: number;
  settings: QueueSettings;
  handleMinutes: Map<string, number[]>;
  serving: Map<string, { tier: number }[]>;
}

/**
 * The basis changes slowly (a service finishing, a window signing in), so the busy paths — every ticket
 * action announces new estimates — reuse each process's copy for a few seconds; the hall's own view of
 * the queue (GET …/queue) always reads it fresh.
 */
const basisTtlMs = 10_000;
const bases = new Map<string, EstimateBasis>();

async function estimateBasis(executor: Executor, centerId: string, fresh: boolean): Promise<EstimateBasis> {
  const cached = bases.get(centerId);
  if (!fresh && cached && Date.now() - cached.at < basisTtlMs) return cached;
  const settings = await getQueueSettings(executor, centerId);
  const [handled, profiles, open] = await Promise.all([
    // The most recent services of each category of the center, start to finish, in minutes.
    sql<{ category_id: string; minutes: number }>`
      SELECT c.id AS category_id, EXTRACT(EPOCH FROM (t.finished_at - t.started_at)) / 60 AS minutes
      FROM queue_categories c
      CROSS JOIN LATERAL (
        SELECT finished_at, started_at FROM tickets
        WHERE tickets.category_id = c.id AND tickets.status = 'done' AND tickets.started_at IS NOT NULL
        ORDER BY finished_at DESC LIMIT ${settings.handleSample}
      ) t
      WHERE c.center_id = ${centerId}`.execute(executor),
    listWindowProfiles(executor, centerId),
    openWindowIds(executor, centerId),
  ]);
  const handleMinutes = new Map<string, number[]>();
  for (const r of handled.rows) handleMinutes.set(r.category_id, [...(handleMinutes.get(r.category_id) ?? []), Number(r.minutes)]);
  const serving = new Map<string, { tier: number }[]>();
  const openSet = new Set(open);
  for (const p of profiles.filter((p) => openSet.has(p.windowId))) {
    p.tiers.forEach((tier, index) => tier.forEach((categoryId) => serving.set(categoryId, [...(serving.get(categoryId) ?? []), { tier: index + 1 }])));
  }
  const basis = { at: Date.now(), settings, handleMinutes, serving };
  bases.set(centerId, basis);
  return basis;
}

/**
 * Waiting counts and estimates of a center's categories. Without `only`: all of them, estimated from
 * fresh figures (the hall's view); with `only`: the named ones, for the write paths in their transaction.
 */
export async function queueLoad(executor: Executor, centerId: string, only?: string[], now = currentTime()): Promise<CategoryLoad[]> {
  // Named categories (the write paths, inside their transaction) are read directly: the center is known to exist.
  const categories = only
    ? only.length
      ? (await executor.selectFrom('queue_categories').selectAll().where('center_id', '=', centerId).where('id', 'in', only).orderBy('sort').orderBy('prefix').execute()).map(toCategory)
      : []
    : await listCategories(executor, centerId);
  if (!categories.length) return [];
  const [basis, waiting] = await Promise.all([
    estimateBasis(executor, centerId, !only),
    executor
      .selectFrom('tickets')
      .select(['category_id', sql<number>`count(*)::int`.as('n'), sql<Date>`min(taken_at)`.as('oldest')])
      .where('center_id', '=', centerId)
      .where('status', '=', 'waiting')
      .where('category_id', 'in', categories.map((c) => c.id))
      .groupBy('category_id')
      .execute(),
  ]);
  return categories.map((c) => {
    const w = waiting.find((r) => r.category_id === c.id);
    return loadOf(c, basis, w?.n ?? 0, w && new Date(w.oldest), now);
  });
}

/** Minutes until someone joining behind `waiting` others of the category would be called. */
function estimateFor(basis: EstimateBasis, categoryId: string, waiting: number): number {
  return estimateWaitMinutes(waiting, averageHandleMinutes(basis.handleMinutes.get(categoryId) ?? [], basis.settings), basis.serving.get(categoryId) ?? []);
}

/** A category's waiting count with its estimate and longest wait. */
function loadOf(category: Pick<CategoryView, 'id' | 'name' | 'prefix' | 'open'>, basis: EstimateBasis, waiting: number, oldest: Date | undefined, now: Date): CategoryLoad {
  const serving = basis.serving.get(category.id) ?? [];
  return {
    categoryId: category.id,
    name: category.name,
    prefix: category.prefix,
    open: category.open,
    waiting,
    estimatedWaitMinutes: estimateFor(basis, category.id, waiting),
    servingWindows: serving.length,
    longestWaitMinutes: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 60_000)) : 0,
  };
}

const queueChanged = (load: CategoryLoad) => ({ categoryId: load.categoryId, waiting: load.waiting, estimatedWaitMinutes: load.estimatedWaitMinutes });

/** Announces the new waiting counts of the categories; returns their loads, for the caller's answer. */
async function publishQueueChanged(trx: Executor, centerId: string, categoryIds: string[]): Promise<CategoryLoad[]> {
  const loads = await queueLoad(trx, centerId, [...new Set(categoryIds)]);
  await publishEvents(trx, loads.map((load) => ({ type: 'queue.changed', centerId, audience: 'public' as const, data: queueChanged(load) })));
  return loads;
}

// ---------------------------------------------------------------- tickets

export interface TicketView {
  id: string;
  number: string;
  centerId: string;
  categoryId: string;
  categoryName: string;
  status: TicketStatus;
  statusLabel: string;
  channel: Channel;
  priority: Priority | null;
  itemId: string | null;
  takenAt: string;
  windowId: string | null;
  windowNumber: number | null;
  calledAt: string | null;
  recalls: number;
  /** Waiting tickets of the same category ahead of this one (0 once called). */
  ahead: number;
  estimatedWaitMinutes: number;
  transferredTo: string | null;
  /** Masked: 4401**********123X, 138****5678. */
  idNumberMasked: string | null;
  phoneMasked: string | null;
}

/** Category names for ticket views: they change rarely, and every ticket answer carries one. */
const categoryNames = new Map<string, { name: string; at: number }>();
async function categoryNameOf(executor: Executor, categoryId: string): Promise<string> {
  const cached = categoryNames.get(categoryId);
  if (cached && Date.now() - cached.at < basisTtlMs) return cached.name;
  const { name } = await getCategory(executor, categoryId);
  categoryNames.set(categoryId, { name, at: Date.now() });
  return name;
}

/** Where a waiting ticket stands: the tickets of its category before it, and the category's load. */
async function placeInQueue(executor: Executor, row: TicketRow): Promise<{ ahead: number; load: CategoryLoad | undefined }> {
  const same = await executor
    .selectFrom('tickets')
    .select(['id', 'virtual_at', 'taken_at'])
    .where('category_id', '=', row.category_id)
    .where('status', '=', 'waiting')
    .where('virtual_at', '<=', row.virtual_at)
    .execute();
  const ahead = aheadOf({ id: row.id, virtualAt: row.virtual_at, takenAt: row.taken_at }, same.map((s) => ({ id: s.id, virtualAt: s.virtual_at, takenAt: s.taken_at })));
  return { ahead, load: (await queueLoad(executor, row.center_id, [row.category_id]))[0] };
}

/** `known`: what the caller has just read (the category's name; a waiting ticket's place), to save the queries. */
async function toView(executor: Executor, row: TicketRow, known: { categoryName?: string; place?: { ahead: number; load: CategoryLoad } } = {}): Promise<TicketView> {
  const categoryName = known.categoryName ?? (await categoryNameOf(executor, row.category_id));
  let ahead = 0;
  let estimatedWaitMinutes = 0;
  if (row.status === 'waiting') {
    const place = known.place ?? (await placeInQueue(executor, row));
    ahead = place.ahead;
    // The category's estimate is for someone behind everybody; this ticket has only `ahead` before it.
    estimatedWaitMinutes = place.load && place.load.waiting > 0 ? Math.ceil((place.load.estimatedWaitMinutes * ahead) / place.load.waiting) : 0;
  }
  return {
    id: row.id,
    number: row.number,
    centerId: row.center_id,
    categoryId: row.category_id,
    categoryName,
    status: row.status,
    statusLabel: statusLabels[row.status],
    channel: row.channel,
    priority: row.priority,
    itemId: row.item_id,
    takenAt: row.taken_at.toISOString(),
    windowId: row.window_id,
    windowNumber: row.window_number,
    calledAt: row.called_at?.toISOString() ?? null,
    recalls: row.recalls,
    ahead,
    estimatedWaitMinutes,
    transferredTo: row.transferred_to,
    idNumberMasked: row.id_number ? maskIdNumber(row.id_number) : null,
    phoneMasked: row.phone ? maskPhone(row.phone) : null,
  };
}

async function ticketRow(executor: Executor, id: string, lock = false): Promise<TicketRow> {
  const row = await executor.selectFrom('tickets').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('号票', id);
  return row;
}

export async function getTicket(executor: Executor, id: string): Promise<TicketView> {
  return toView(executor, await ticketRow(executor, id));
}

export interface IssueInput {
  centerId: string;
  categoryId?: string;
  itemId?: string;
  channel: Channel;
  idNumber?: string;
  phone?: string;
  priority?: Priority;
  /** A booking checked in within its slot: its id and the head start the appointment earns. */
  appointment?: { id: string; headStartMinutes: number };
}

/** The category an item is queued in at a center (the kiosk may offer items rather than categories). */
async function categoryIdForItem(executor: Executor, centerId: string, itemId: string): Promise<string> {
  const category = (await listCategories(executor, centerId)).find((c) => c.itemIds.includes(itemId));
  if (!category) throw badRequest('ITEM_NOT_QUEUED', '该事项在本中心没有对应的取号类别，请咨询导办人员');
  return category.id;
}

/** Takes a number: category prefix + the day's next sequence, with the visitor's head start worked out. */
export async function issueTicket(executor: Executor, actor: Actor, input: IssueInput, now = currentTime()): Promise<TicketView> {
  if (!input.categoryId && !input.itemId) throw badRequest('CATEGORY_REQUIRED', '请选择业务类别或事项');
  const idNumber = input.idNumber ? normaliseIdNumber(input.idNumber) : undefined;
  if (idNumber !== undefined && !isValidIdNumber(idNumber)) throw badRequest('INVALID_ID_NUMBER', '身份证号码不正确，请核对后重新输入');
  if (input.phone !== undefined && !isValidMobile(input.phone)) throw badRequest('INVALID_PHONE', '手机号码不正确');
  const idHash = idNumber ? lookupHash(idNumber) : null;
  if (!idHash || input.channel !== 'online') return writeTicket(executor, actor, input, idNumber, idHash, now);
  return inTransaction(executor, async (trx) => {
    // Held to the end of the transaction: parallel remote requests of one person are checked one after the other.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`ticket-person:${idHash}`}))`.execute(trx);
    const day = shanghaiDate(now);
    const active = await trx.selectFrom('tickets').select('number').where('id_hash', '=', idHash).where('day', '=', day).where('center_id', '=', input.centerId).where('status', 'in', ['waiting', 'called']).executeTakeFirst();
    if (active) throw conflict('ALREADY_QUEUED', `您今天已取号 ${active.number}，请勿重复远程取号`);
    return writeTicket(trx, actor, input, idNumber, idHash, now);
  });
}

/**
 * A ticket in two statements and no transaction of its own: the first takes the day's next sequence (of
 * an open category of this center) and reads who is waiting; the second writes the ticket with its first
 * step and the new waiting count. A failure between them leaves a gap in the numbers, never a repeat.
 */
async function writeTicket(executor: Executor, actor: Actor, input: IssueInput, idNumber: string | undefined, idHash: string | null, now: Date): Promise<TicketView> {
  const categoryId = input.categoryId ?? (await categoryIdForItem(executor, input.centerId, input.itemId!));
  const day = shanghaiDate(now);
  const basis = await estimateBasis(executor, input.centerId, false);
  const { rows } = await sql<{ center_id: string; name: string; prefix: string; open: boolean; last: number | null; waiting: { id: string; virtualAt: string; takenAt: string }[] }>`
    WITH category AS (SELECT id, center_id, name, prefix, open FROM queue_categories WHERE id = ${categoryId}),
    counter AS (
      INSERT INTO ticket_counters (category_id, day, last)
      SELECT id, ${day}, 1 FROM category WHERE open AND center_id = ${input.centerId}
      ON CONFLICT (category_id, day) DO UPDATE SET last = ticket_counters.last + 1
      RETURNING last
    )
    SELECT category.center_id, category.name, category.prefix, category.open, counter.last,
      (SELECT coalesce(json_agg(json_build_object('id', t.id, 'virtualAt', t.virtual_at, 'takenAt', t.taken_at)), '[]')
       FROM tickets t WHERE t.category_id = category.id AND t.status = 'waiting') AS waiting
    FROM category LEFT JOIN counter ON true`.execute(executor);
  const taken = rows[0];
  if (!taken) throw notFound('业务类别', categoryId);
  if (taken.center_id !== input.centerId) throw badRequest('INVALID_REFERENCE', '该业务类别不属于此中心');
  if (!taken.open || taken.last === null) throw conflict('CATEGORY_CLOSED', `「${taken.name}」暂停取号`);

  const { settings } = basis;
  const priority = effectivePriority(input.priority, idNumber ? ageOnDate(idNumber, day) : undefined, settings);
  const id = newId();
  const virtualAt = virtualArrival(now, [priority ? settings.headStartMinutes[priority] : 0, input.appointment?.headStartMinutes ?? 0]);
  const waiting = taken.waiting.map((w) => ({ id: w.id, virtualAt: new Date(w.virtualAt), takenAt: new Date(w.takenAt) }));
  const oldest = waiting.reduce((first, w) => (w.takenAt < first ? w.takenAt : first), now);
  const load = loadOf({ id: categoryId, name: taken.name, prefix: taken.prefix, open: true }, basis, waiting.length + 1, oldest, now);
  const row = await executor
    .with('t', (db) =>
      db
        .insertInto('tickets')
        .values({
          id,
          center_id: input.centerId,
          category_id: categoryId,
          day,
          sequence: taken.last!,
          number: ticketNumber(taken.prefix, taken.last!),
          channel: input.channel,
          priority: priority ?? null,
          item_id: input.itemId ?? null,
          appointment_id: input.appointment?.id ?? null,
          id_number: idNumber ?? null,
          id_hash: idHash,
          phone: input.phone ?? null,
          taken_at: now,
          virtual_at: virtualAt,
          taken_by: actor.kind === 'user' || actor.kind === 'device' ? actor.name : null,
        })
        .returningAll(),
    )
    .with('h', () => historyFrom('t', actor, { action: 'issue', status: 'waiting', note: priority ? `优先：${priorityLabels[priority]}` : null }))
    .with('e', () => eventsFrom('t', [{ type: 'queue.changed', centerId: input.centerId, audience: 'public', data: queueChanged(load) }]))
    .selectFrom('t')
    .selectAll()
    .executeTakeFirstOrThrow();
  return toView(executor, row, { categoryName: taken.name, place: { ahead: aheadOf({ id, virtualAt, takenAt: now }, waiting), load } });
}

interface HistoryStep {
  action: string;
  status: TicketStatus;
  note: string | null;
}

const actorName = (actor: Actor) => (actor.kind === 'anonymous' ? null : actor.name);

/** An INSERT of a history step for each ticket of `source`, a CTE of the same statement, at the window the ticket is at. */
function historyFrom(source: string, actor: Actor, step: HistoryStep) {
  return sql<Record<string, unknown>>`(INSERT INTO ticket_history (ticket_id, action, status, window_number, actor_name, note)
    SELECT id, ${step.action}::text, ${step.status}::text, window_number, ${actorName(actor)}::text, ${step.note}::text FROM ${sql.table(source)})`;
}

async function addHistory(trx: Executor, actor: Actor, ticketId: string, action: string, status: TicketStatus, windowNumber: number | null, note: string | null) {
  await trx
    .insertInto('ticket_history')
    .values({ ticket_id: ticketId, action, status, window_number: windowNumber, actor_name: actorName(actor), note })
    .execute();
}

/** What a window calls from: the ticket it holds (if any), its tiers, and every waiting ticket of the categories it may call from. */
async function queueAtWindow(executor: Executor, window: { id: string; centerId: string }): Promise<{ busy: string | null; tiers: string[][]; waiting: Waiting[] }> {
  const { rows } = await sql<{ busy: string | null; tiers: string[][]; waiting: { id: string; categoryId: string; virtualAt: string; takenAt: string; targetWindowId: string | null }[] }>`
    SELECT
      (SELECT number FROM tickets WHERE window_id = ${window.id} AND status IN ('called', 'serving') LIMIT 1) AS busy,
      coalesce((SELECT tiers FROM window_profiles WHERE window_id = ${window.id}), '[]') AS tiers,
      (SELECT coalesce(json_agg(json_build_object('id', t.id, 'categoryId', t.category_id, 'virtualAt', t.virtual_at, 'takenAt', t.taken_at, 'targetWindowId', t.target_window_id)), '[]')
       FROM tickets t
       WHERE t.center_id = ${window.centerId} AND t.status = 'waiting' AND t.category_id IN (
         SELECT jsonb_array_elements_text(tier) FROM window_profiles p, jsonb_array_elements(p.tiers) AS tier WHERE p.window_id = ${window.id}
         UNION
         SELECT category_id FROM tickets WHERE center_id = ${window.centerId} AND status = 'waiting' AND target_window_id = ${window.id}
       )) AS waiting`.execute(executor);
  const { busy, tiers, waiting } = rows[0]!;
  return { busy, tiers, waiting: waiting.map((w) => ({ ...w, virtualAt: new Date(w.virtualAt), takenAt: new Date(w.takenAt) })) };
}

/** What a call tells the hall about the window (the ticket's part comes from the ticket). */
const callingWindow = (window: Pick<WindowView, 'id' | 'number' | 'name'>, at: Date) => ({ windowId: window.id, windowNumber: window.number, windowName: window.name, at: at.toISOString() });

/**
 * Calls the next ticket for a window: the rules order what it serves, and the first of them that no
 * other window holds is taken in one statement (SKIP LOCKED), so two windows never get the same ticket;
 * a window holds one ticket at a time by a unique index, so two quick clicks cannot both take one.
 */
export async function callNext(executor: Executor, principal: Principal | undefined, actor: Actor, windowId: string, now = currentTime()): Promise<TicketView> {
  const window = await windowAtWork(executor, windowId);
  const user = await authorizeInCenter(executor, principal, ['window_staff', 'center_manager', 'admin'], window.centerId, window.departmentId);
  // Nobody signed in: the window is closed (WINDOW_NOT_OPEN below), not someone else's.
  if (window.staffUserId && window.staffUserId !== user.id) throw forbidden('只有在此窗口签到的工作人员可以叫号');
  if (window.status !== 'open') throw conflict('WINDOW_NOT_OPEN', window.status === 'paused' ? '窗口已暂停服务，请先恢复' : '请先在窗口签到');
  const basis = await estimateBasis(executor, window.centerId, false);
  // Other windows take tickets between this window's read and its take: when all it saw are gone, it looks again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const { busy, tiers, waiting } = await queueAtWindow(executor, window);
    if (busy) throw conflict('WINDOW_BUSY', `请先办结或过号当前号码 ${busy}`);
    // A closed category takes no new tickets, but those already waiting are still called.
    const order = callingOrder(windowId, tiers, waiting).map((t) => t.id);
    if (!order.length) break;
    // The waiting count each category will have once its ticket is taken, for whichever is taken.
    const counts = new Map<string, number>();
    for (const w of waiting) counts.set(w.categoryId, (counts.get(w.categoryId) ?? 0) + 1);
    const changed = Object.fromEntries([...counts].map(([categoryId, n]) => [categoryId, { categoryId, waiting: n - 1, estimatedWaitMinutes: estimateFor(basis, categoryId, n - 1) }]));
    let row: TicketRow | undefined;
    try {
      row = await executor
        .with('picked', (db) =>
          db.selectFrom('tickets').select('id').where(sql<boolean>`id = ANY(${order}::text[])`).where('status', '=', 'waiting').orderBy(sql`array_position(${order}::text[], id)`).limit(1).forUpdate().skipLocked(),
        )
        .with('u', (db) =>
          db
            .updateTable('tickets')
            .from('picked')
            .set({ status: 'called', window_id: windowId, window_number: window.number, staff_user_id: window.staffUserId, called_at: now, target_window_id: null, updated_at: now })
            .whereRef('tickets.id', '=', 'picked.id')
            .returningAll('tickets'),
        )
        .with('h', () => historyFrom('u', actor, { action: 'call', status: 'called', note: null }))
        .with('e', () =>
          eventsFrom('u', [
            { type: 'ticket.called', centerId: window.centerId, audience: 'public', data: sql`jsonb_build_object('ticketId', id, 'number', number, 'categoryId', category_id, 'recalls', recalls) || ${JSON.stringify(callingWindow(window, now))}::jsonb` },
            { type: 'queue.changed', centerId: window.centerId, audience: 'public', data: sql`${JSON.stringify(changed)}::jsonb -> category_id` },
          ]),
        )
        .selectFrom('u')
        .selectAll()
        .executeTakeFirst();
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw conflict('WINDOW_BUSY', '此窗口已叫到一个号码，请先办结或过号');
      throw error;
    }
    if (row) return toView(executor, row);
  }
  throw conflict('QUEUE_EMPTY', '当前没有等候的号码');
}

/** The ticket of a staff action (locked when asked), and the status the action leads to; only its window's staff or a manager may act. */
async function ticketForStaff(executor: Executor, principal: Principal | undefined, id: string, action: TicketAction, lock = false) {
  const row = await ticketRow(executor, id, lock);
  if (principal?.kind === 'user' && row.staff_user_id === principal.id) {
    // Who called the ticket goes on with it while they hold a role here — a department's staff too, whose
    // grant covers only their department's windows, not the center as a whole.
    const lineage = await centerLineage(executor, row.center_id);
    if (!principal.roles.some((g) => g.centerId === null || lineage.includes(g.centerId))) throw forbidden();
  } else {
    const user = await authorizeInCenter(executor, principal, ['window_staff', 'center_manager', 'admin'], row.center_id);
    if (!hasRole(user, ['center_manager', 'admin'], await scopeOf(executor, row.center_id))) throw forbidden('只有叫到此号的窗口工作人员可以操作');
  }
  const status = nextStatus(row.status, action);
  if (!status) throw conflict('INVALID_TICKET_STATE', `号码 ${row.number} 当前${statusLabels[row.status]}，不能${actionLabels[action]}`, { status: row.status });
  return { row, status };
}

/** What every step announces, built from the ticket as the step leaves it. */
const ticketUpdated: SourcedEvent = { type: 'ticket.updated', centerId: sql`center_id`, audience: 'public', data: sql`jsonb_build_object('ticketId', id, 'number', number, 'status', status, 'windowId', window_id)` };

/** What a step announces besides the ticket's new status, decided from the ticket as it was before the step. */
async function stepAnnouncements(executor: Executor, row: TicketRow, action: Exclude<TicketAction, 'call' | 'transfer'>, now: Date): Promise<SourcedEvent[]> {
  if (action === 'recall' && row.window_id) {
    const window = await windowAtWork(executor, row.window_id);
    return [{ type: 'ticket.recalled', centerId: row.center_id, audience: 'public', data: { ticketId: row.id, number: row.number, categoryId: row.category_id, recalls: row.recalls + 1, ...callingWindow(window, now) } }];
  }
  if (action === 'cancel' && row.status === 'waiting') {
    const [load] = await queueLoad(executor, row.center_id, [row.category_id]);
    const waiting = Math.max(0, (load?.waiting ?? 1) - 1);
    const estimatedWaitMinutes = estimateFor(await estimateBasis(executor, row.center_id, false), row.category_id, waiting);
    return [{ type: 'queue.changed', centerId: row.center_id, audience: 'public', data: { categoryId: row.category_id, waiting, estimatedWaitMinutes } }];
  }
  return [];
}

type StepAction = Exclude<TicketAction, 'call' | 'transfer'>;

/**
 * One step of a ticket with its history and announcements, in one statement; `only` narrows which
 * ticket it applies to (the state the step was decided on), and nothing is written when that no longer holds.
 */
async function writeStep(
  executor: Executor,
  actor: Actor,
  id: string,
  step: { action: StepAction; status: TicketStatus; reason?: string; now: Date; announcements: SourcedEvent[] },
  only: (eb: ExpressionBuilder<DB, 'tickets'>) => Expression<SqlBool>,
): Promise<TicketRow | undefined> {
  const { action, status, reason, now } = step;
  return executor
    .with('u', (db) =>
      db
        .updateTable('tickets')
        .set({
          status,
          updated_at: now,
          ...(action === 'recall' && { recalls: sql<number>`recalls + 1`, called_at: now }),
          ...(action === 'start' && { started_at: now }),
          ...((action === 'finish' || action === 'no-show' || action === 'cancel') && { finished_at: now }),
          ...(reason && { closed_reason: reason }),
        })
        .where('id', '=', id)
        .where(only)
        .returningAll(),
    )
    .with('h', () => historyFrom('u', actor, { action, status, note: reason ?? null }))
    .with('e', () => eventsFrom('u', [...step.announcements, ticketUpdated]))
    .selectFrom('u')
    .selectAll()
    .executeTakeFirst();
}

const staffRoles = ['window_staff', 'center_manager', 'admin'] as const;

/**
 * Recall, start, finish, no-show or cancel: one step of a called ticket. The busy steps of the window's
 * own staff (start, finish, no-show of the ticket they called) go in one statement that applies only
 * when the ticket is theirs, in the status the step starts from, and in a center of their own grants;
 * anything else reads the ticket first (which also explains a refusal) and writes only if it has not
 * changed since — when it has, the step is decided again on what it has become.
 */
export async function actOnTicket(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, action: StepAction, reason?: string, now = currentTime()): Promise<TicketView> {
  const [from, ...others] = statusesBefore(action);
  const grants = principal?.kind === 'user' ? principal.roles.filter((g) => staffRoles.includes(g.role as (typeof staffRoles)[number]) && g.departmentId === null) : [];
  if (principal?.kind === 'user' && grants.length && from && !others.length && action !== 'recall') {
    const centers = grants.some((g) => g.centerId === null) ? undefined : grants.map((g) => g.centerId!);
    const status = nextStatus(from, action)!;
    const after = await writeStep(executor, actor, id, { action, status, reason, now, announcements: [] }, (eb) =>
      eb.and([eb('staff_user_id', '=', principal.id), eb('status', '=', from), ...(centers ? [eb('center_id', 'in', centers)] : [])]),
    );
    if (after) return toView(executor, after);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const { row, status } = await ticketForStaff(executor, principal, id, action);
    if (action === 'recall') {
      const { recallLimit } = await getQueueSettings(executor, row.center_id);
      if (row.recalls >= recallLimit) throw conflict('RECALL_LIMIT', `已重呼 ${row.recalls} 次，请作过号处理`);
    }
    const announcements = await stepAnnouncements(executor, row, action, now);
    const after = await writeStep(executor, actor, id, { action, status, reason, now, announcements }, (eb) => eb.and([eb('status', '=', row.status), eb('recalls', '=', row.recalls)]));
    if (after) return toView(executor, after);
  }
  throw conflict('INVALID_TICKET_STATE', '号码状态刚刚被其他操作改变，请刷新后重试');
}

/**
 * Sends a called or served visitor on: to another category, or to one window. The visitor keeps the
 * number and the original arrival (virtual arrival included), so they do not start again at the back.
 */
export async function transferTicket(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, to: { categoryId?: string; windowId?: string }, now = currentTime()): Promise<TicketView> {
  if (!to.categoryId === !to.windowId) throw badRequest('TRANSFER_TARGET', '请指定转往的业务类别或窗口（二选一）');
  return inTransaction(executor, async (trx) => {
    const { row } = await ticketForStaff(trx, principal, id, 'transfer', true);
    let categoryId = row.category_id;
    let targetWindow: WindowView | undefined;
    if (to.categoryId) {
      const category = await getCategory(trx, to.categoryId);
      if (category.centerId !== row.center_id) throw badRequest('INVALID_REFERENCE', '该业务类别不属于此中心');
      categoryId = category.id;
    } else {
      targetWindow = await getWindow(trx, to.windowId!);
      if (targetWindow.centerId !== row.center_id) throw badRequest('INVALID_REFERENCE', '该窗口不属于此中心');
      if (targetWindow.id === row.window_id) throw badRequest('TRANSFER_TARGET', '不能转给本窗口');
    }
    const newTicketId = newId();
    await trx
      .insertInto('tickets')
      .values({
        id: newTicketId,
        center_id: row.center_id,
        category_id: categoryId,
        day: row.day,
        sequence: row.sequence,
        number: row.number,
        channel: row.channel,
        priority: row.priority,
        item_id: row.item_id,
        appointment_id: row.appointment_id,
        id_number: row.id_number,
        id_hash: row.id_hash,
        phone: row.phone,
        taken_at: row.taken_at,
        virtual_at: row.virtual_at,
        target_window_id: targetWindow?.id ?? null,
        transferred_from: row.id,
        taken_by: row.taken_by,
      })
      .execute();
    await trx.updateTable('tickets').set({ status: 'transferred', transferred_to: newTicketId, finished_at: now, updated_at: now }).where('id', '=', id).execute();
    const note = targetWindow ? `转至 ${targetWindow.number} 号窗口` : `转至「${(await getCategory(trx, categoryId)).name}」`;
    await addHistory(trx, actor, id, 'transfer', 'transferred', row.window_number, note);
    await addHistory(trx, actor, newTicketId, 'transfer', 'waiting', null, `由 ${row.window_number ?? ''} 号窗口转来`);
    await publishEvent(trx, { type: 'ticket.updated', centerId: row.center_id, audience: 'public', data: { ticketId: id, number: row.number, status: 'transferred', transferredTo: newTicketId, windowId: row.window_id } });
    await publishQueueChanged(trx, row.center_id, [categoryId]);
    return getTicket(trx, newTicketId);
  });
}

/** What the workstation shows: the window's current ticket, with the visitor masked, and its history. */
export async function currentTicketOfWindow(executor: Executor, windowId: string): Promise<(TicketView & { history: TicketHistoryEntry[] }) | null> {
  const row = await executor.selectFrom('tickets').selectAll().where('window_id', '=', windowId).where('status', 'in', ['called', 'serving']).orderBy('called_at', 'desc').executeTakeFirst();
  if (!row) return null;
  return { ...(await toView(executor, row)), history: await ticketHistory(executor, row.id) };
}

export interface TicketHistoryEntry {
  action: string;
  actionLabel: string;
  status: TicketStatus;
  windowNumber: number | null;
  actorName: string | null;
  note: string | null;
  at: string;
}

/** Every step of a ticket, following it back through transfers. */
export async function ticketHistory(executor: Executor, id: string): Promise<TicketHistoryEntry[]> {
  const chain: string[] = [];
  for (let current: string | null = id; current && chain.length < 20; ) {
    chain.push(current);
    current = (await executor.selectFrom('tickets').select('transferred_from').where('id', '=', current).executeTakeFirst())?.transferred_from ?? null;
  }
  const rows = await executor.selectFrom('ticket_history').selectAll().where('ticket_id', 'in', chain).orderBy('id').execute();
  const labels: Record<string, string> = { ...actionLabels, issue: '取号' };
  return rows.map((r) => ({ action: r.action, actionLabel: labels[r.action] ?? r.action, status: r.status, windowNumber: r.window_number, actorName: r.actor_name, note: r.note, at: r.at.toISOString() }));
}

/** A finished visit as a rating records it (谁办理谁负责): where and by whom it was served, and the visitor's phone for a callback. */
export interface ServedTicket {
  id: string;
  number: string;
  centerId: string;
  status: TicketStatus;
  channel: Channel;
  itemId: string | null;
  categoryName: string;
  windowId: string | null;
  windowNumber: number | null;
  staffUserId: string | null;
  finishedAt: Date | null;
  phone: string | null;
}

export async function servedTicket(executor: Executor, id: string): Promise<ServedTicket> {
  const row = await ticketRow(executor, id);
  return {
    id: row.id,
    number: row.number,
    centerId: row.center_id,
    status: row.status,
    channel: row.channel,
    itemId: row.item_id,
    categoryName: await categoryNameOf(executor, row.category_id),
    windowId: row.window_id,
    windowNumber: row.window_number,
    staffUserId: row.staff_user_id,
    finishedAt: row.finished_at,
    phone: row.phone,
  };
}

/** A visit of the day by the number printed on its ticket (a terminal finds the visit to rate); a transfer's last leg. */
export async function ticketOfDayByNumber(executor: Executor, centerId: string, number: string, day = shanghaiDate()): Promise<ServedTicket | null> {
  const row = await executor
    .selectFrom('tickets')
    .select('id')
    .where('center_id', '=', centerId)
    .where('day', '=', day)
    .where('number', '=', number.trim().toUpperCase())
    .where('status', '!=', 'transferred')
    .orderBy('taken_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? servedTicket(executor, row.id) : null;
}

/** The last visit finished at a window (what its rating pad asks the visitor to rate). */
export async function lastFinishedAtWindow(executor: Executor, windowId: string): Promise<ServedTicket | null> {
  const row = await executor
    .selectFrom('tickets')
    .select('id')
    .where('window_id', '=', windowId)
    .where('status', '=', 'done')
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? servedTicket(executor, row.id) : null;
}

/** The whole ID number and phone of the visitor being served, for the person serving them; the read is audited. */
export async function readTicketApplicant(executor: Executor, principal: Principal | undefined, actor: Actor, id: string): Promise<{ idNumber: string | null; phone: string | null }> {
  return inTransaction(executor, async (trx) => {
    const row = await ticketRow(trx, id);
    const serving = principal?.kind === 'user' && row.staff_user_id === principal.id && ['called', 'serving'].includes(row.status);
    if (!serving) {
      await authorizeInCenter(trx, principal, ['window_staff', 'center_manager', 'admin'], row.center_id);
      throw forbidden('只有正在办理此号的窗口工作人员可以查看完整信息');
    }
    await recordAudit(trx, actor, { action: 'ticket.read_personal_data', entityType: 'ticket', entityId: id, centerId: row.center_id });
    return { idNumber: row.id_number, phone: row.phone };
  });
}

export interface TicketQuery {
  centerId: string;
  status?: TicketStatus;
  categoryId?: string;
  day?: string;
  page: number;
  pageSize: number;
}

/** The day's tickets of a center for the manager console, newest first. */
export async function listTickets(executor: Executor, query: TicketQuery): Promise<{ items: TicketView[]; total: number }> {
  let base = executor.selectFrom('tickets').where('center_id', '=', query.centerId).where('day', '=', query.day ?? shanghaiDate());
  if (query.status) base = base.where('status', '=', query.status);
  if (query.categoryId) base = base.where('category_id', '=', query.categoryId);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy(query.status === 'waiting' ? 'virtual_at' : 'taken_at', query.status === 'waiting' ? 'asc' : 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const items: TicketView[] = [];
  for (const row of rows) items.push(await toView(executor, row));
  return { items, total };
}

/** A person's tickets since a day, newest first: the portal's 我的取号 (found by the ID number's lookup hash). */
export async function ticketsOfPerson(executor: Executor, idHash: string, sinceDay: string, limit = 50): Promise<TicketView[]> {
  const rows = await executor.selectFrom('tickets').selectAll().where('id_hash', '=', idHash).where('day', '>=', sinceDay).orderBy('taken_at', 'desc').limit(limit).execute();
  const items: TicketView[] = [];
  for (const row of rows) items.push(await toView(executor, row));
  return items;
}

/** The latest calls of a center (what a hall display shows when it starts). */
export async function recentCalls(executor: Executor, centerId: string, limit: number): Promise<{ ticketId: string; number: string; categoryId: string; windowId: string; windowNumber: number; status: TicketStatus; at: string }[]> {
  await getCenter(executor, centerId);
  const rows = await executor
    .selectFrom('tickets')
    .select(['id', 'number', 'category_id', 'window_id', 'window_number', 'status', 'called_at'])
    .where('center_id', '=', centerId)
    .where('day', '=', shanghaiDate())
    .where('called_at', 'is not', null)
    .where('window_id', 'is not', null)
    .orderBy('called_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ticketId: r.id, number: r.number, categoryId: r.category_id, windowId: r.window_id!, windowNumber: r.window_number!, status: r.status, at: r.called_at!.toISOString() }));
}

/** End of day: every ticket still waiting or called is closed with the reason, so tomorrow starts clean. */
export async function closeDay(executor: Executor, actor: Actor, centerId: string, reason: string, now = currentTime()): Promise<{ closed: number }> {
  return inTransaction(executor, async (trx) => {
    await getCenter(trx, centerId);
    const rows = await trx
      .updateTable('tickets')
      .set({ status: 'cancelled', closed_reason: reason, finished_at: now, updated_at: now })
      .where('center_id', '=', centerId)
      .where('status', 'in', ['waiting', 'called'])
      .returning(['id', 'category_id', 'window_number'])
      .execute();
    for (const r of rows) await addHistory(trx, actor, r.id, 'cancel', 'cancelled', r.window_number, reason);
    await recordAudit(trx, actor, { action: 'queue.close_day', entityType: 'center', entityId: centerId, centerId, after: { closed: rows.length, reason } });
    await publishQueueChanged(trx, centerId, rows.map((r) => r.category_id));
    return { closed: rows.length };
  });
}
