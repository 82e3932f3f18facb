import { randomBytes } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import { changeCenterSettings, readCenterSettings } from '../../platform/centerSettings.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { isValidIdNumber, isValidMobile, lookupHash, normaliseIdNumber } from '../../platform/identity.ts';
import { newId } from '../../platform/ids.ts';
import { maskIdNumber, maskName, maskPhone } from '../../platform/masking.ts';
import { cancelMessages, enqueueMessage } from '../../platform/outbox.ts';
import { shanghaiClock, shanghaiDate } from '../../platform/time.ts';
import { getCenter, openingSpans } from '../org/service.ts';
import { getCategory, getQueueSettings, issueTicket, type TicketView } from '../queue/service.ts';
import {
  arrival,
  blockedUntil,
  bookable,
  bookingCode,
  completeAppointmentSettings,
  isNoShow,
  parseSlotId,
  shanghaiInstant,
  slotId,
  slotTimes,
  type AppointmentSettings,
} from './rules.ts';
import type { AppointmentsTable } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

type Row = Selectable<AppointmentsTable>;

export async function getAppointmentSettings(executor: Executor, centerId: string): Promise<AppointmentSettings> {
  return completeAppointmentSettings((await readCenterSettings(executor, 'appointment_settings', centerId)) as Partial<AppointmentSettings> | undefined);
}

export async function updateAppointmentSettings(executor: Executor, actor: Actor, centerId: string, changes: Partial<AppointmentSettings>): Promise<AppointmentSettings> {
  return changeCenterSettings(
    executor,
    actor,
    'appointment_settings',
    centerId,
    async (trx) => (await getCenter(trx, centerId), getAppointmentSettings(trx, centerId)),
    (before) => completeAppointmentSettings({ ...before, ...changes }),
  );
}

export interface SlotView {
  id: string;
  start: string;
  end: string;
  capacity: number;
  booked: number;
  /** Open for booking now: released, not about to start, not full. */
  available: boolean;
}

const capacityOf = (settings: AppointmentSettings, categoryId: string) => settings.capacityByCategory[categoryId] ?? settings.capacityPerSlot;
const iso = (d: Date) => d.toISOString();

/** The slots of a category on a date, from the center's opening hours on that day (none on a holiday). */
export async function listSlots(executor: Executor, centerId: string, categoryId: string, date: string, now = currentTime()): Promise<SlotView[]> {
  const category = await getCategory(executor, categoryId);
  if (category.centerId !== centerId) throw badRequest('INVALID_REFERENCE', '该业务类别不属于此中心');
  const settings = await getAppointmentSettings(executor, centerId);
  const times = slotTimes(await openingSpans(executor, centerId, date), settings.slotMinutes);
  const counts = await executor
    .selectFrom('appointments')
    .select(['slot_start', sql<number>`count(*)::int`.as('n')])
    .where('category_id', '=', categoryId)
    .where('slot_date', '=', date)
    .where('status', '!=', 'cancelled')
    .groupBy('slot_start')
    .execute();
  const bookedAt = new Map(counts.map((c) => [c.slot_start.getTime(), c.n]));
  const capacity = capacityOf(settings, categoryId);
  const today = shanghaiDate(now);
  return times.map(({ start, end }) => {
    const startAt = shanghaiInstant(date, start);
    const booked = bookedAt.get(startAt.getTime()) ?? 0;
    return {
      id: slotId(categoryId, date, start),
      start: iso(startAt),
      end: iso(shanghaiInstant(date, end)),
      capacity,
      booked,
      available: category.open && booked < capacity && bookable(startAt, today, date, now, settings),
    };
  });
}

export interface AppointmentView {
  id: string;
  code: string;
  slotId: string;
  status: 'booked' | 'checked_in' | 'cancelled' | 'no_show';
  centerId: string;
  categoryId: string;
  categoryName: string;
  start: string;
  end: string;
  nameMasked: string;
  idNumberMasked: string;
  phoneMasked: string;
  itemId: string | null;
  ticketId: string | null;
  createdAt: string;
}

async function toView(executor: Executor, row: Row, now = currentTime()): Promise<AppointmentView> {
  const settings = await getAppointmentSettings(executor, row.center_id);
  const category = await getCategory(executor, row.category_id);
  const { time } = shanghaiClock(row.slot_start);
  return {
    id: row.id,
    code: row.code,
    slotId: slotId(row.category_id, row.slot_date, time),
    status: isNoShow(row.status, row.slot_end, now, settings) ? 'no_show' : row.status,
    centerId: row.center_id,
    categoryId: row.category_id,
    categoryName: category.name,
    start: iso(row.slot_start),
    end: iso(row.slot_end),
    nameMasked: maskName(row.name),
    idNumberMasked: maskIdNumber(row.id_number),
    phoneMasked: maskPhone(row.phone),
    itemId: row.item_id,
    ticketId: row.ticket_id,
    createdAt: iso(row.created_at),
  };
}

async function appointmentRow(executor: Executor, id: string, lock = false): Promise<Row> {
  const row = await executor.selectFrom('appointments').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('预约', id);
  return row;
}

export async function getAppointment(executor: Executor, id: string): Promise<AppointmentView> {
  return toView(executor, await appointmentRow(executor, id));
}

export interface BookingInput {
  slotId: string;
  idNumber: string;
  name: string;
  phone: string;
  itemId?: string;
  formData?: Record<string, unknown>;
}

const formatTime = (d: Date) => {
  const { date, time } = shanghaiClock(d);
  return `${date} ${time}`;
};

/** Real-name booking of a slot, by the center's rules: capacity, one a day per category, K a week, no-show block. */
export async function bookAppointment(executor: Executor, actor: Actor, input: BookingInput, now = currentTime()): Promise<AppointmentView> {
  const idNumber = normaliseIdNumber(input.idNumber);
  if (!isValidIdNumber(idNumber)) throw badRequest('INVALID_ID_NUMBER', '身份证号码不正确，请核对后重新输入');
  if (!isValidMobile(input.phone)) throw badRequest('INVALID_PHONE', '手机号码不正确');
  const slot = parseSlotId(input.slotId);
  if (!slot) throw badRequest('INVALID_SLOT', '预约时段不存在');
  return inTransaction(executor, async (trx) => {
    const category = await getCategory(trx, slot.categoryId).catch(() => {
      throw badRequest('INVALID_SLOT', '预约时段不存在');
    });
    const idHash = lookupHash(idNumber);
    // One booking decision per person at a time, and one per slot: the checks below then hold under concurrency.
    // The slot's bookings are counted only after both locks, so a booking committed meanwhile is seen.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`person:${idHash}`}))`.execute(trx);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`slot:${input.slotId}`}))`.execute(trx);
    const slots = await listSlots(trx, category.centerId, category.id, slot.date, now);
    const chosen = slots.find((s) => s.id === input.slotId);
    if (!chosen) throw badRequest('INVALID_SLOT', '预约时段不存在（可能是非办公时间或节假日）');
    const settings = await getAppointmentSettings(trx, category.centerId);
    const history = await trx
      .selectFrom('appointments')
      .select(['status', 'slot_start', 'slot_end', 'category_id', 'slot_date'])
      .where('id_hash', '=', idHash)
      .where('slot_start', '>', new Date(now.getTime() - settings.noShowWindowDays * 2 * 86_400_000))
      .execute();
    const noShows = history.filter((h) => isNoShow(h.status, h.slot_end, now, settings)).map((h) => h.slot_end);
    const until = blockedUntil(noShows, now, settings);
    if (until) throw forbidden(`您近期多次预约未到，${formatTime(until)} 前不能预约`, 'BOOKING_BLOCKED');
    const active = history.filter((h) => h.status === 'booked' && h.slot_end > now);
    if (active.some((h) => h.category_id === category.id && h.slot_date === slot.date)) throw conflict('ALREADY_BOOKED', '您当天已预约该类业务，请勿重复预约');
    const start = new Date(chosen.start);
    const weekFrom = start.getTime() - 6 * 86_400_000;
    const weekTo = start.getTime() + 6 * 86_400_000;
    if (active.filter((h) => h.slot_start.getTime() >= weekFrom && h.slot_start.getTime() <= weekTo).length >= settings.maxPerWeek) {
      throw conflict('TOO_MANY_BOOKINGS', `七天内最多预约 ${settings.maxPerWeek} 次`);
    }
    if (!chosen.available) {
      if (chosen.booked >= chosen.capacity) throw conflict('SLOT_FULL', '该时段已约满，请选择其他时段');
      throw conflict('SLOT_CLOSED', '该时段暂不可预约（未放号或即将开始）');
    }
    const id = newId();
    let code = bookingCode(randomBytes(8));
    while (await trx.selectFrom('appointments').select('id').where('code', '=', code).executeTakeFirst()) code = bookingCode(randomBytes(8));
    await trx
      .insertInto('appointments')
      .values({
        id,
        code,
        center_id: category.centerId,
        category_id: category.id,
        slot_date: slot.date,
        slot_start: start,
        slot_end: new Date(chosen.end),
        name: input.name,
        id_number: idNumber,
        id_hash: idHash,
        phone: input.phone,
        item_id: input.itemId ?? null,
        form_data: input.formData ? JSON.stringify(input.formData) : null,
      })
      .execute();
    const center = await getCenter(trx, category.centerId);
    const when = formatTime(start);
    await enqueueMessage(trx, { recipient: input.phone, reference: `appointment:${id}`, body: `【${center.name}】您已预约 ${when}「${category.name}」，预约码 ${code}。请提前到取号机凭预约码或身份证签到。` });
    const reminderAt = new Date(start.getTime() - 2 * 3_600_000);
    if (reminderAt > now) await enqueueMessage(trx, { recipient: input.phone, reference: `appointment:${id}`, dueAt: reminderAt, body: `【${center.name}】提醒：您预约的 ${when}「${category.name}」即将开始，预约码 ${code}。` });
    await recordAudit(trx, actor, { action: 'appointment.book', entityType: 'appointment', entityId: id, centerId: category.centerId, after: { slotId: input.slotId, idNumber: maskIdNumber(idNumber) } });
    return toView(trx, await appointmentRow(trx, id), now);
  });
}

export async function cancelAppointment(executor: Executor, actor: Actor, id: string, now = currentTime()): Promise<AppointmentView> {
  return inTransaction(executor, async (trx) => {
    const row = await appointmentRow(trx, id, true);
    if (row.status !== 'booked') throw conflict('INVALID_APPOINTMENT_STATE', row.status === 'cancelled' ? '该预约已取消' : '已签到的预约不能取消');
    const settings = await getAppointmentSettings(trx, row.center_id);
    if (row.slot_start.getTime() - now.getTime() < settings.cancelBeforeMinutes * 60_000) {
      throw conflict('CANCEL_TOO_LATE', `预约开始前 ${settings.cancelBeforeMinutes} 分钟内不能取消`);
    }
    await trx.updateTable('appointments').set({ status: 'cancelled', cancelled_at: now }).where('id', '=', id).execute();
    await cancelMessages(trx, `appointment:${id}`);
    await recordAudit(trx, actor, { action: 'appointment.cancel', entityType: 'appointment', entityId: id, centerId: row.center_id });
    return toView(trx, await appointmentRow(trx, id), now);
  });
}

/**
 * Check-in at the kiosk (or by staff) with the booking code or the ID number: today's booking becomes
 * a ticket, with the appointment's head start when the visitor is on time.
 */
export async function checkIn(executor: Executor, actor: Actor, input: { centerId: string; code?: string; idNumber?: string }, now = currentTime()): Promise<TicketView> {
  if (!input.code === !input.idNumber) throw badRequest('CHECK_IN_KEY', '请输入预约码或身份证号码（二选一）');
  return inTransaction(executor, async (trx) => {
    let query = trx.selectFrom('appointments').selectAll().where('center_id', '=', input.centerId).where('slot_date', '=', shanghaiDate(now)).where('status', '=', 'booked');
    if (input.code) query = query.where('code', '=', input.code.trim().toUpperCase());
    else {
      const idNumber = normaliseIdNumber(input.idNumber!);
      if (!isValidIdNumber(idNumber)) throw badRequest('INVALID_ID_NUMBER', '身份证号码不正确，请核对后重新输入');
      query = query.where('id_hash', '=', lookupHash(idNumber));
    }
    const settings = await getAppointmentSettings(trx, input.centerId);
    const candidates = await query.orderBy('slot_start').forUpdate().execute();
    const row = candidates.find((r) => arrival(r.slot_start, r.slot_end, now, settings).kind !== 'expired');
    if (!row) throw notFound('今天的有效预约');
    const when = arrival(row.slot_start, row.slot_end, now, settings);
    if (when.kind === 'too_early') throw conflict('TOO_EARLY', `预约时段未到，请于 ${shanghaiClock(when.opensAt).time} 后签到`);
    const queueSettings = await getQueueSettings(trx, row.center_id);
    const ticket = await issueTicket(
      trx,
      actor,
      {
        centerId: row.center_id,
        categoryId: row.category_id,
        itemId: row.item_id ?? undefined,
        channel: 'appointment',
        idNumber: row.id_number,
        phone: row.phone,
        appointment: { id: row.id, headStartMinutes: when.kind === 'on_time' ? queueSettings.headStartMinutes.appointment : 0 },
      },
      now,
    );
    await trx.updateTable('appointments').set({ status: 'checked_in', checked_in_at: now, ticket_id: ticket.id }).where('id', '=', row.id).execute();
    await recordAudit(trx, actor, { action: 'appointment.check_in', entityType: 'appointment', entityId: row.id, centerId: row.center_id, after: { ticketId: ticket.id, late: when.kind === 'late' } });
    return ticket;
  });
}

/** A person's bookings, the latest slot first: the portal's 我的预约. */
export async function appointmentsOfPerson(executor: Executor, idHash: string, limit = 50): Promise<AppointmentView[]> {
  const rows = await executor.selectFrom('appointments').selectAll().where('id_hash', '=', idHash).orderBy('slot_start', 'desc').limit(limit).execute();
  const items: AppointmentView[] = [];
  for (const row of rows) items.push(await toView(executor, row));
  return items;
}

/** A center's bookings of a day, for the hall manager. */
export async function listAppointments(executor: Executor, centerId: string, date: string, page: number, pageSize: number): Promise<{ items: AppointmentView[]; total: number }> {
  const base = executor.selectFrom('appointments').where('center_id', '=', centerId).where('slot_date', '=', date);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('slot_start').orderBy('created_at').limit(pageSize).offset((page - 1) * pageSize).execute();
  const items: AppointmentView[] = [];
  for (const row of rows) items.push(await toView(executor, row));
  return { items, total };
}
