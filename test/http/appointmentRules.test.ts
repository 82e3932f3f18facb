import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookAppointment, cancelAppointment, checkIn, listSlots } from '../../src/server/modules/appointments/service.ts';
import { systemActor } from '../../src/server/platform/audit.ts';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { deliverDueMessages, enqueueMessage, type MessageSender } from '../../src/server/platform/outbox.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { auditOf, buildOrg, call, create, expectError, type Org } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';

/**
 * The booking rules end to end: no-show block, weekly limit, cancellation, the holiday calendar, the
 * release window, settings and the manager's list, capacity under concurrency, and the SMS outbox.
 * The clock is the service's `now` where a rule depends on it.
 */

let t: TestApp;
let o: Org;
let allDay: { id: string };
let weekday: { id: string };
let category: { id: string };
let weekdayCategory: { id: string };
const system = systemActor('测试');
const dayMs = 86_400_000;
const day = (n: number) => shanghaiDate(new Date(Date.now() + n * dayMs));
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
const idNumber = (birth: string, serial: string) => {
  const first17 = `440101${birth}${serial}`;
  return first17 + idNumberCheckChar(first17);
};
const book = (person: string, date: string, hhmm: string, now: Date, categoryId = category.id) =>
  bookAppointment(t.database.db, system, { slotId: `${categoryId}.${date}T${hhmm}`, idNumber: person, name: '测试', phone: '13800138000' }, now);

beforeAll(async () => {
  t = await createTestApp();
  o = await buildOrg(t);
  allDay = await create(t, '/api/v1/centers', { name: '全天候中心', level: 'town', parentId: o.district.id, openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
  weekday = await create(t, '/api/v1/centers', {
    name: '工作日中心',
    level: 'town',
    parentId: o.district.id,
    openingHours: [
      { days: [1, 2, 3, 4, 5], open: '08:30', close: '17:00' },
      { days: [6, 7], open: '09:00', close: '12:00' },
    ],
  });
  category = await create(t, '/api/v1/categories', { centerId: allDay.id, name: '综合业务', prefix: 'A', itemIds: [] });
  weekdayCategory = await create(t, '/api/v1/categories', { centerId: weekday.id, name: '综合业务', prefix: 'A', itemIds: [] });
  // Whatever the State Council schedule says about the days used here, they are ordinary days in this file.
  for (let n = -14; n <= 34; n++) await t.request('DELETE', `/api/v1/calendar/days/${day(n)}`, { token: t.adminToken });
});
afterAll(async () => t?.close());

describe('no-show block', () => {
  it('after three missed bookings within 30 days, booking answers 403 BOOKING_BLOCKED until 30 days after the last', async () => {
    const person = idNumber('19800101', '401');
    const missed = [];
    for (const n of [-10, -8, -6]) missed.push(await book(person, day(n), '10:00', at(day(n - 1), '12:00')));
    // Never checked in: each shows as a no-show now.
    for (const m of missed) expect((await call(t, 'GET', `/api/v1/appointments/${m.id}`, 200)).status).toBe('no_show');
    const refused = expectError(
      await t.request('POST', '/api/v1/appointments', { body: { slotId: `${category.id}.${day(1)}T10:00`, idNumber: person, name: '测试', phone: '13800138000' } }),
      403,
      'BOOKING_BLOCKED',
    );
    expect(refused.message).toContain(day(24));
    await expect(book(person, day(3), '10:00', at(day(0), '12:00'))).rejects.toMatchObject({ statusCode: 403, code: 'BOOKING_BLOCKED' });
    // The block ends 30 days after the last missed slot (day −6, 10:30).
    await expect(book(person, day(24), '10:00', at(day(24), '08:00'))).rejects.toMatchObject({ code: 'BOOKING_BLOCKED' });
    expect(await book(person, day(24), '12:00', at(day(24), '10:31'))).toMatchObject({ status: 'booked' });
  });

  it('two no-shows, or three spread over more than 30 days, do not block', async () => {
    const two = idNumber('19800101', '402');
    for (const n of [-10, -8]) await book(two, day(n), '10:00', at(day(n - 1), '12:00'));
    await call(t, 'POST', '/api/v1/appointments', 201, { body: { slotId: `${category.id}.${day(1)}T10:00`, idNumber: two, name: '测试', phone: '13800138000' } });

    const spread = idNumber('19800101', '403');
    await book(spread, day(-12), '10:00', at(day(-13), '12:00'));
    await book(spread, day(-4), '10:00', at(day(-5), '12:00'));
    await book(spread, day(20), '10:00', at(day(19), '12:00'));
    // At day 21 the three no-shows (day −12, −4, 20) span 32 days: no block.
    expect(await book(spread, day(22), '10:00', at(day(21), '12:00'))).toMatchObject({ status: 'booked' });
  });

  it('a checked-in booking is no no-show', async () => {
    const person = idNumber('19800101', '404');
    for (const n of [-10, -8, -6]) {
      const b = await book(person, day(n), '10:00', at(day(n - 1), '12:00'));
      if (n === -6) await checkIn(t.database.db, system, { centerId: allDay.id, code: b.code }, at(day(n), '09:50'));
    }
    expect(await book(person, day(1), '10:00', at(day(0), '12:00'))).toMatchObject({ status: 'booked' });
  });
});

describe('weekly limit', () => {
  it('allows maxPerWeek active bookings within seven days, then 409 TOO_MANY_BOOKINGS; a cancellation frees one', async () => {
    const person = idNumber('19810101', '501');
    const now = at(day(0), '08:00');
    const first = await book(person, day(1), '10:00', now);
    await book(person, day(2), '10:00', now);
    await book(person, day(3), '10:00', now);
    await expect(book(person, day(4), '10:00', now)).rejects.toMatchObject({ statusCode: 409, code: 'TOO_MANY_BOOKINGS' });
    await cancelAppointment(t.database.db, system, first.id, now);
    expect(await book(person, day(4), '10:00', now)).toMatchObject({ status: 'booked' });
  });

  it('answers TOO_MANY_BOOKINGS through HTTP too', async () => {
    const person = idNumber('19810101', '502');
    const body = (n: number) => ({ slotId: `${category.id}.${day(n)}T11:00`, idNumber: person, name: '测试', phone: '13800138000' });
    for (const n of [1, 2, 3]) await call(t, 'POST', '/api/v1/appointments', 201, { body: body(n) });
    expectError(await t.request('POST', '/api/v1/appointments', { body: body(5) }), 409, 'TOO_MANY_BOOKINGS');
  });
});

describe('cancellation', () => {
  it('cancels through HTTP, frees the seat, withdraws the pending reminder; a second cancel is 409 INVALID_APPOINTMENT_STATE', async () => {
    const slotId = `${category.id}.${day(2)}T16:00`;
    const booked = await call(t, 'POST', '/api/v1/appointments', 201, { body: { slotId, idNumber: idNumber('19820101', '601'), name: '钱七', phone: '13600136000' } });
    const bookedCount = async () => (await call(t, 'GET', `/api/v1/centers/${allDay.id}/slots?categoryId=${category.id}&date=${day(2)}`, 200)).find((s: { id: string }) => s.id === slotId).booked;
    expect(await bookedCount()).toBe(1);
    const reminder = () => t.database.db.selectFrom('outbox_messages').select(['status', 'body']).where('reference', '=', `appointment:${booked.id}`).where('due_at', '>', new Date()).executeTakeFirstOrThrow();
    expect(await reminder()).toMatchObject({ status: 'pending', body: expect.stringContaining(booked.code) });

    const cancelled = await call(t, 'POST', `/api/v1/appointments/${booked.id}/cancel`, 200);
    expect(cancelled).toMatchObject({ id: booked.id, status: 'cancelled' });
    expect((await reminder()).status).toBe('cancelled');
    expect(await bookedCount()).toBe(0);
    expectError(await t.request('POST', `/api/v1/appointments/${booked.id}/cancel`), 409, 'INVALID_APPOINTMENT_STATE');
    expectError(await t.request('POST', '/api/v1/appointments/nothing-here/cancel'), 404, 'NOT_FOUND');
    expect((await auditOf(t, booked.id)).map((a) => a.action)).toEqual(['appointment.cancel', 'appointment.book']);
    // The same person may book that day again.
    await call(t, 'POST', '/api/v1/appointments', 201, { body: { slotId, idNumber: idNumber('19820101', '601'), name: '钱七', phone: '13600136000' } });
  });

  it('refuses cancelling within cancelBeforeMinutes of the start: 409 CANCEL_TOO_LATE', async () => {
    const b = await book(idNumber('19820101', '602'), day(1), '10:00', at(day(1), '08:00'));
    await expect(cancelAppointment(t.database.db, system, b.id, new Date(at(day(1), '09:00').getTime() + 1))).rejects.toMatchObject({ statusCode: 409, code: 'CANCEL_TOO_LATE' });
    expect(await cancelAppointment(t.database.db, system, b.id, at(day(1), '09:00'))).toMatchObject({ status: 'cancelled' });
  });

  it('refuses cancelling a checked-in booking: 409 INVALID_APPOINTMENT_STATE', async () => {
    const b = await book(idNumber('19820101', '603'), day(1), '10:30', at(day(1), '08:00'));
    await checkIn(t.database.db, system, { centerId: allDay.id, code: b.code }, at(day(1), '10:10'));
    await expect(cancelAppointment(t.database.db, system, b.id, at(day(1), '08:00'))).rejects.toMatchObject({ statusCode: 409, code: 'INVALID_APPOINTMENT_STATE' });
  });
});

describe('calendar', () => {
  it('a day marked holiday has no slots and cannot be booked; removing the mark brings the slots back', async () => {
    const date = day(2);
    const url = `/api/v1/centers/${allDay.id}/slots?categoryId=${category.id}&date=${date}`;
    expect((await call(t, 'GET', url, 200)).length).toBe(47);
    await call(t, 'PUT', `/api/v1/calendar/days/${date}`, 200, { token: t.adminToken, body: { kind: 'holiday', name: '测试假日' } });
    expect(await call(t, 'GET', url, 200)).toEqual([]);
    expect(await call(t, 'GET', `/api/v1/centers/${weekday.id}/slots?categoryId=${weekdayCategory.id}&date=${date}`, 200)).toEqual([]);
    expectError(await t.request('POST', '/api/v1/appointments', { body: { slotId: `${category.id}.${date}T10:00`, idNumber: idNumber('19830101', '701'), name: '测试', phone: '13800138000' } }), 400, 'INVALID_SLOT');
    await call(t, 'DELETE', `/api/v1/calendar/days/${date}`, 200, { token: t.adminToken });
    expect((await call(t, 'GET', url, 200)).length).toBe(47);
  });

  it('a 调休 working Saturday has Monday’s hours instead of the weekend hours', async () => {
    const saturday = [1, 2, 3, 4, 5, 6, 7].map(day).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6)!;
    const url = `/api/v1/centers/${weekday.id}/slots?categoryId=${weekdayCategory.id}&date=${saturday}`;
    const weekend = await call(t, 'GET', url, 200);
    expect(weekend.map((s: { start: string }) => s.start)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((h) => at(saturday, h).toISOString()));
    await call(t, 'PUT', `/api/v1/calendar/days/${saturday}`, 200, { token: t.adminToken, body: { kind: 'workday', name: '调休上班' } });
    const worked = await call(t, 'GET', url, 200);
    expect(worked).toHaveLength(17);
    expect(worked[0].start).toBe(at(saturday, '08:30').toISOString());
    expect(worked.at(-1).end).toBe(at(saturday, '17:00').toISOString());
    await call(t, 'DELETE', `/api/v1/calendar/days/${saturday}`, 200, { token: t.adminToken });
  });
});

describe('release window and closing before the start', () => {
  let center: { id: string };
  let cat: { id: string };
  beforeAll(async () => {
    center = await create(t, '/api/v1/centers', { name: '放号测试中心', level: 'town', parentId: o.district.id, openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '08:00', close: '18:00' }] });
    cat = await create(t, '/api/v1/categories', { centerId: center.id, name: '综合业务', prefix: 'A', itemIds: [] });
    await call(t, 'PUT', `/api/v1/centers/${center.id}/appointment-settings`, 200, { token: t.adminToken, body: { releaseDays: 2, closeBeforeMinutes: 60 } });
  });

  it('releases slots releaseDays ahead: day 2 is open, day 3 not yet (409 SLOT_CLOSED)', async () => {
    const now = at(day(0), '12:00');
    expect((await listSlots(t.database.db, center.id, cat.id, day(2), now)).every((s) => s.available)).toBe(true);
    const later = await listSlots(t.database.db, center.id, cat.id, day(3), now);
    expect(later.length).toBe(20);
    expect(later.some((s) => s.available)).toBe(false);
    await expect(book(idNumber('19840101', '801'), day(3), '10:00', now, cat.id)).rejects.toMatchObject({ statusCode: 409, code: 'SLOT_CLOSED' });
    expect(await book(idNumber('19840101', '801'), day(3), '10:00', at(day(1), '00:00'), cat.id)).toMatchObject({ status: 'booked' });
  });

  it('closes a slot closeBeforeMinutes before its start', async () => {
    const now = at(day(1), '09:00');
    const slots = await listSlots(t.database.db, center.id, cat.id, day(1), now);
    const availability = Object.fromEntries(slots.map((s) => [s.id.slice(-5), s.available]));
    expect(availability).toMatchObject({ '08:00': false, '09:30': false, '10:00': true, '17:30': true });
    await expect(book(idNumber('19840101', '802'), day(1), '09:30', now, cat.id)).rejects.toMatchObject({ code: 'SLOT_CLOSED' });
    expect(await book(idNumber('19840101', '802'), day(1), '10:00', now, cat.id)).toMatchObject({ status: 'booked' });
  });

  it('a category with capacity 0 is full, not closed', async () => {
    await call(t, 'PUT', `/api/v1/centers/${center.id}/appointment-settings`, 200, { token: t.adminToken, body: { capacityByCategory: { [cat.id]: 0 } } });
    await expect(book(idNumber('19840101', '803'), day(1), '15:00', at(day(1), '08:00'), cat.id)).rejects.toMatchObject({ code: 'SLOT_FULL' });
    await call(t, 'PUT', `/api/v1/centers/${center.id}/appointment-settings`, 200, { token: t.adminToken, body: { capacityByCategory: {} } });
  });
});

describe('settings', () => {
  it('are public to read, with the defaults; 404 for an unknown center', async () => {
    expect(await call(t, 'GET', `/api/v1/centers/${weekday.id}/appointment-settings`, 200)).toMatchObject({ slotMinutes: 30, releaseDays: 7, maxPerWeek: 3, noShowLimit: 3 });
    expectError(await t.request('GET', '/api/v1/centers/nothing/appointment-settings'), 404, 'NOT_FOUND');
  });

  it('are changed by a manager of the center (or above), refused to others, audited', async () => {
    const url = `/api/v1/centers/${weekday.id}/appointment-settings`;
    expectError(await t.request('PUT', url, { body: { releaseDays: 3 } }), 401, 'UNAUTHENTICATED');
    expectError(await t.request('PUT', url, { token: o.accounts.districtStaff.token, body: { releaseDays: 3 } }), 403, 'FORBIDDEN');
    expectError(await t.request('PUT', url, { token: o.accounts.otherManager.token, body: { releaseDays: 3 } }), 403, 'FORBIDDEN');
    expectError(await t.request('PUT', url, { token: o.accounts.supervisor.token, body: { releaseDays: 3 } }), 403, 'FORBIDDEN');
    const changed = await call(t, 'PUT', url, 200, { token: o.accounts.districtManager.token, body: { releaseDays: 3, slotMinutes: 20 } });
    expect(changed).toMatchObject({ releaseDays: 3, slotMinutes: 20, maxPerWeek: 3 });
    expect(await call(t, 'GET', url, 200)).toEqual(changed);
    const [audit] = await auditOf(t, weekday.id);
    expect(audit).toMatchObject({ action: 'appointment.settings', actorId: o.accounts.districtManager.id, after: expect.objectContaining({ releaseDays: 3 }) });
    // Slots follow the new length.
    const slots = await call(t, 'GET', `/api/v1/centers/${weekday.id}/slots?categoryId=${weekdayCategory.id}&date=${day(1)}`, 200);
    if (slots.length) expect(new Date(slots[0].end).getTime() - new Date(slots[0].start).getTime()).toBe(20 * 60_000);
    await call(t, 'PUT', url, 200, { token: t.adminToken, body: { releaseDays: 7, slotMinutes: 30 } });
  });

  it('refuses values out of range with 400 VALIDATION_ERROR and drops unknown fields', async () => {
    const url = `/api/v1/centers/${weekday.id}/appointment-settings`;
    for (const body of [{ slotMinutes: 3 }, { slotMinutes: 241 }, { releaseDays: 61 }, { releaseDays: -1 }, { maxPerWeek: 0 }, { capacityPerSlot: -1 }, { lateMinutes: 1.5 }, { noShowLimit: 0 }, { capacityByCategory: { x: 'many' } }]) {
      expectError(await t.request('PUT', url, { token: t.adminToken, body }), 400, 'VALIDATION_ERROR');
    }
    // Like every body in the API, unknown fields are dropped (not stored) and numeric strings read as numbers.
    const kept = await call(t, 'PUT', url, 200, { token: t.adminToken, body: { unknown: 1, releaseDays: '7' } });
    expect(kept).not.toHaveProperty('unknown');
    expect(kept.releaseDays).toBe(7);
    expectError(await t.request('PUT', '/api/v1/centers/nothing/appointment-settings', { token: t.adminToken, body: { releaseDays: 3 } }), 404, 'NOT_FOUND');
  });
});

describe("the manager's list", () => {
  const date = day(6);
  beforeAll(async () => {
    for (const [serial, hhmm] of [['901', '09:00'], ['902', '09:00'], ['903', '10:00'], ['904', '11:00'], ['905', '08:00']] as const) await book(idNumber('19850101', serial), date, hhmm, at(day(0), '12:00'));
  });

  it('is for managers and supervisors of the center', async () => {
    const url = `/api/v1/centers/${allDay.id}/appointments?date=${date}`;
    expectError(await t.request('GET', url), 401, 'UNAUTHENTICATED');
    expectError(await t.request('GET', url, { token: o.accounts.districtStaff.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', url, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', url, { token: o.tokens.kiosk }), 403, 'FORBIDDEN');
    expect((await call(t, 'GET', url, 200, { token: o.accounts.districtManager.token })).total).toBe(5);
    expect((await call(t, 'GET', url, 200, { token: o.accounts.supervisor.token })).total).toBe(5);
    expectError(await t.request('GET', `/api/v1/centers/${allDay.id}/appointments`, { token: t.adminToken }), 400, 'VALIDATION_ERROR');
  });

  it('pages in the order of the slots, with masked personal data', async () => {
    const url = (page: number) => `/api/v1/centers/${allDay.id}/appointments?date=${date}&page=${page}&pageSize=2`;
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(await call(t, 'GET', url(page), 200, { token: t.adminToken }));
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(pages[0]).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    const items = pages.flatMap((p) => p.items);
    expect(items.map((i: { start: string }) => i.start)).toEqual(['08:00', '09:00', '09:00', '10:00', '11:00'].map((h) => at(date, h).toISOString()));
    expect(new Set(items.map((i: { id: string }) => i.id)).size).toBe(5);
    const body = JSON.stringify(items);
    expect(body).not.toContain(idNumber('19850101', '901'));
    expect(items[0].idNumberMasked).toContain('*');
    expect((await call(t, 'GET', url(4), 200, { token: t.adminToken })).items).toEqual([]);
  });
});

describe('concurrency', () => {
  it('many parallel bookings of one slot never exceed its capacity', async () => {
    const crowd = await create(t, '/api/v1/categories', { centerId: allDay.id, name: '热门业务', prefix: 'H', itemIds: [] });
    await call(t, 'PUT', `/api/v1/centers/${allDay.id}/appointment-settings`, 200, { token: t.adminToken, body: { capacityByCategory: { [crowd.id]: 3 } } });
    const slotId = `${crowd.id}.${day(3)}T14:00`;
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => t.request('POST', '/api/v1/appointments', { body: { slotId, idNumber: idNumber('19860101', String(100 + i)), name: '并发', phone: '13800138000' } })),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 201)) expectError(r, 409, 'SLOT_FULL');
    const rows = await t.database.db.selectFrom('appointments').select('id').where('category_id', '=', crowd.id).execute();
    expect(rows).toHaveLength(3);
    const slot = (await call(t, 'GET', `/api/v1/centers/${allDay.id}/slots?categoryId=${crowd.id}&date=${day(3)}`, 200)).find((s: { id: string }) => s.id === slotId);
    expect(slot).toMatchObject({ booked: 3, capacity: 3, available: false });
  });

  it('one person booking several slots of a day at once gets exactly one', async () => {
    const person = idNumber('19860101', '201');
    const results = await Promise.all(
      ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((h) => t.request('POST', '/api/v1/appointments', { body: { slotId: `${category.id}.${day(4)}T${h}`, idNumber: person, name: '并发', phone: '13800138000' } })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) expectError(r, 409, 'ALREADY_BOOKED');
  });
});

describe('outbox delivery', () => {
  // The test app's own delivery runs on the real clock; these messages are due tomorrow, so only the calls here send them.
  const due = () => new Date(Date.now() + dayMs);
  const later = (minutes: number) => new Date(Date.now() + dayMs + minutes * 60_000);

  it('retries a message whose sending failed, counting the attempts', async () => {
    await enqueueMessage(t.database.db, { recipient: '13500135000', body: '重试测试', reference: 'test:retry', dueAt: due() });
    const sent: string[] = [];
    let failures = 0;
    const flaky: MessageSender = {
      async send(message) {
        if (message.body === '重试测试' && failures === 0) {
          failures++;
          throw new Error('网关超时');
        }
        sent.push(message.body);
      },
    };
    const first = await deliverDueMessages(t.database.db, flaky, later(1), 1000);
    expect(first.failed).toBe(1);
    const row = () => t.database.db.selectFrom('outbox_messages').selectAll().where('reference', '=', 'test:retry').executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringContaining('网关超时'), sent_at: null });
    // Not again at once: the retry waits.
    await deliverDueMessages(t.database.db, flaky, later(1), 1000);
    expect(sent).not.toContain('重试测试');
    await deliverDueMessages(t.database.db, flaky, later(10), 1000);
    expect(sent.filter((b) => b === '重试测试')).toHaveLength(1);
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up after five attempts', async () => {
    await enqueueMessage(t.database.db, { recipient: '13500135001', body: '总是失败', reference: 'test:fail', dueAt: due() });
    const broken: MessageSender = {
      async send(message) {
        if (message.body === '总是失败') throw new Error('网关拒绝');
      },
    };
    for (let i = 0; i < 7; i++) await deliverDueMessages(t.database.db, broken, later(60 * (i + 1)), 1000);
    expect(await t.database.db.selectFrom('outbox_messages').select(['status', 'attempts']).where('reference', '=', 'test:fail').executeTakeFirstOrThrow()).toEqual({ status: 'failed', attempts: 5 });
  });

  it('two deliveries at once never send a message twice', async () => {
    // Everything else due by then goes first, so the two deliveries below share exactly these 30.
    await deliverDueMessages(t.database.db, { async send() {} }, later(600), 1000);
    for (let i = 0; i < 30; i++) await enqueueMessage(t.database.db, { recipient: '13500135002', body: `并发 ${i}`, reference: 'test:parallel', dueAt: due() });
    const sent: string[] = [];
    const slow: MessageSender = {
      async send(message) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        sent.push(message.body);
      },
    };
    const results = await Promise.all([deliverDueMessages(t.database.db, slow, later(600), 20), deliverDueMessages(t.database.db, slow, later(600), 20)]);
    const mine = sent.filter((b) => b.startsWith('并发 '));
    expect(new Set(mine).size).toBe(mine.length);
    await deliverDueMessages(t.database.db, slow, later(600), 1000);
    const all = sent.filter((b) => b.startsWith('并发 '));
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
    expect(results[0].sent + results[1].sent).toBe(30);
    expect(await t.database.db.selectFrom('outbox_messages').select('id').where('reference', '=', 'test:parallel').where('status', '=', 'sent').execute()).toHaveLength(30);
  });
});
