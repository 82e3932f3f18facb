import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { bookAppointment, checkIn } from '../../src/server/modules/appointments/service.ts';
import { systemActor } from '../../src/server/platform/audit.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { buildOrg, call, create, expectError, type Org } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';

/** Booking a slot and checking in at the kiosk, through HTTP. */

let t: TestApp;
let o: Org;
let center: { id: string };
let category: { id: string };
let kioskToken: string;
const idNumber = (birth: string, serial = '123') => {
  const first17 = `440101${birth}${serial}`;
  return first17 + idNumberCheckChar(first17);
};
const tomorrow = () => shanghaiDate(new Date(Date.now() + 86_400_000));

beforeAll(async () => {
  t = await createTestApp();
  o = await buildOrg(t);
  center = await create(t, '/api/v1/centers', { name: '全天候中心', level: 'town', parentId: o.district.id, openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
  category = await create(t, '/api/v1/categories', { centerId: center.id, name: '综合业务', prefix: 'A', itemIds: [] });
  kioskToken = (await create(t, '/api/v1/devices', { centerId: center.id, kind: 'kiosk', name: '取号机' })).token;
  // Whatever the calendar says about the test days, they are ordinary days here.
  for (const day of [shanghaiDate(), tomorrow()]) await t.request('DELETE', `/api/v1/calendar/days/${day}`, { token: t.adminToken });
});
afterAll(async () => t?.close());

describe('booking', () => {
  it('lists tomorrow’s slots from the opening hours and books one; a second booking the same day is refused', async () => {
    const slots = await call(t, 'GET', `/api/v1/centers/${center.id}/slots?categoryId=${category.id}&date=${tomorrow()}`, 200);
    expect(slots.length).toBeGreaterThan(40);
    const slot = slots.find((s: { available: boolean }) => s.available);
    const booked = await call(t, 'POST', '/api/v1/appointments', 201, { body: { slotId: slot.id, idNumber: idNumber('19900101'), name: '张三', phone: '13800138000' } });
    expect(booked).toMatchObject({ slotId: slot.id, status: 'booked', code: expect.stringMatching(/^[A-Z2-9]{8}$/), idNumberMasked: expect.stringContaining('*') });
    const again = slots.filter((s: { available: boolean }) => s.available)[1];
    expectError(await t.request('POST', '/api/v1/appointments', { body: { slotId: again.id, idNumber: idNumber('19900101'), name: '张三', phone: '13800138000' } }), 409, 'ALREADY_BOOKED');
    const after = await call(t, 'GET', `/api/v1/centers/${center.id}/slots?categoryId=${category.id}&date=${tomorrow()}`, 200);
    expect(after.find((s: { id: string }) => s.id === slot.id).booked).toBe(1);
    expect(await t.database.db.selectFrom('outbox_messages').select('body').where('reference', '=', `appointment:${booked.id}`).execute()).not.toHaveLength(0);
  });

  it('refuses a wrong ID number, a wrong phone and an unknown slot', async () => {
    const body = { slotId: `${category.id}.${tomorrow()}T10:00`, idNumber: idNumber('19900101', '124'), name: '李四', phone: '13800138000' };
    expectError(await t.request('POST', '/api/v1/appointments', { body: { ...body, idNumber: '440101199001011230' } }), 400, 'INVALID_ID_NUMBER');
    expectError(await t.request('POST', '/api/v1/appointments', { body: { ...body, phone: '12345' } }), 400, 'INVALID_PHONE');
    expectError(await t.request('POST', '/api/v1/appointments', { body: { ...body, slotId: 'nothing' } }), 400, 'INVALID_SLOT');
  });

  it('fills a slot to its capacity, then answers SLOT_FULL', async () => {
    await call(t, 'PUT', `/api/v1/centers/${center.id}/appointment-settings`, 200, { token: t.adminToken, body: { capacityByCategory: { [category.id]: 2 } } });
    const slotId = `${category.id}.${tomorrow()}T15:00`;
    for (const serial of ['201', '202']) await call(t, 'POST', '/api/v1/appointments', 201, { body: { slotId, idNumber: idNumber('19850505', serial), name: '王五', phone: '13900139000' } });
    expectError(await t.request('POST', '/api/v1/appointments', { body: { slotId, idNumber: idNumber('19850505', '203'), name: '王五', phone: '13900139000' } }), 409, 'SLOT_FULL');
  });
});

describe('check-in', () => {
  it('turns a booking into a ticket with the appointment head start when on time, without it when late, never too early', async () => {
    // The clock is the service's `now`: a booking for tomorrow 10:00, made at 08:00, checked in at several times.
    const at = (hhmm: string) => new Date(`${tomorrow()}T${hhmm}:00+08:00`);
    const system = systemActor('测试');
    const book = (serial: string) => bookAppointment(t.database.db, system, { slotId: `${category.id}.${tomorrow()}T10:00`, idNumber: idNumber('19700707', serial), name: '赵六', phone: '13700137000' }, at('08:00'));
    const onTime = await book('301');
    const late = await book('302');
    await expect(checkIn(t.database.db, system, { centerId: center.id, code: onTime.code }, at('09:20'))).rejects.toMatchObject({ code: 'TOO_EARLY' });
    const ticket = await checkIn(t.database.db, system, { centerId: center.id, code: onTime.code }, at('09:45'));
    expect(ticket).toMatchObject({ channel: 'appointment', status: 'waiting', number: expect.stringMatching(/^A\d{3}$/) });
    expect((await call(t, 'GET', `/api/v1/appointments/${onTime.id}`, 200)).status).toBe('checked_in');
    await expect(checkIn(t.database.db, system, { centerId: center.id, code: onTime.code }, at('09:46'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const lateTicket = await checkIn(t.database.db, system, { centerId: center.id, idNumber: idNumber('19700707', '302') }, at('10:40'));
    const rows = await t.database.db.selectFrom('tickets').select(['id', 'taken_at', 'virtual_at']).where('id', 'in', [ticket.id, lateTicket.id]).execute();
    const headStart = (id: string) => { const r = rows.find((x) => x.id === id)!; return (r.taken_at.getTime() - r.virtual_at.getTime()) / 60_000; };
    expect(headStart(ticket.id)).toBe(30);
    expect(headStart(lateTicket.id)).toBe(0);
    expect(late.id).not.toBe(onTime.id);
  });

  it('refuses check-in from another center’s kiosk and without a key', async () => {
    expectError(await t.request('POST', '/api/v1/appointments/check-in', { token: o.tokens.kiosk, body: { centerId: center.id, code: 'ABCDEFGH' } }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/appointments/check-in', { token: kioskToken, body: { centerId: center.id } }), 400, 'CHECK_IN_KEY');
  });
});
