import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextStatus, ticketStatuses, type TicketAction } from '../../src/server/modules/queue/rules.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { auditOf, call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import { bornYearsAgo, idNumberBorn, prefixes } from '../helpers/queue.ts';
import { openStream } from '../helpers/sse.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** Tickets through HTTP: every channel, calling, each step and its wrong states, transfers, the hall views. */

let t: TestApp;
let o: Org;
let admin: string;
let base: string;
const nextPrefix = prefixes();
type Json = any;

beforeAll(async () => {
  ({ t, o, admin } = await orgApp());
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  await call(t, 'POST', `/api/v1/windows/${o.windows.general.id}/sign-in`, 200, { token: o.accounts.staff.token });
  await call(t, 'POST', `/api/v1/windows/${o.windows.general2.id}/sign-in`, 200, { token: o.accounts.staff2.token });
});
afterAll(async () => t?.close());

const W1 = () => o.windows.general.id;
const W2 = () => o.windows.general2.id;
const staff1 = () => o.accounts.staff.token;
const staff2 = () => o.accounts.staff2.token;

async function category(extra: Record<string, unknown> = {}, centerId = o.city.id): Promise<Json> {
  const prefix = nextPrefix();
  return create(t, '/api/v1/categories', { centerId, name: `类别${prefix}`, prefix, itemIds: [], ...extra });
}
const profile = (windowId: string, tiers: string[][]) => call(t, 'PUT', `/api/v1/windows/${windowId}/profile`, 200, { token: t.adminToken, body: { tiers } });
const kiosk = (body: Record<string, unknown>): Promise<Json> => call(t, 'POST', '/api/v1/tickets', 201, { token: o.tokens.kiosk, body: { centerId: o.city.id, channel: 'kiosk', ...body } });
const issue = (body: Record<string, unknown>, token?: string) => t.request('POST', '/api/v1/tickets', { token, body: { centerId: o.city.id, ...body } });
const callNext = async (windowId: string, token: string): Promise<Json> => (await call(t, 'POST', `/api/v1/windows/${windowId}/call-next`, 200, { token })).ticket;
const act = (id: string, action: string, token: string, body?: unknown): Promise<Json> => call(t, 'POST', `/api/v1/tickets/${id}/${action}`, 200, { token, body });
const ticket = (id: string): Promise<Json> => call(t, 'GET', `/api/v1/tickets/${id}`, 200);

/** A window with only these tiers, and nothing at it: its current ticket finished. */
async function fresh(windowId: string, token: string, tiers: string[][]) {
  const current = await call(t, 'GET', `/api/v1/windows/${windowId}/current`, 200, { token });
  if (current) {
    if (current.status === 'called') await act(current.id, 'start', token);
    await act(current.id, 'finish', token);
  }
  await profile(windowId, tiers);
}

describe('a department’s staff at the department’s window', () => {
  it('serves the tickets they call: start, finish, no-show, and the applicant’s whole ID number (their grant covers only their department)', async () => {
    const token = o.accounts.policeStaff.token;
    const police = o.windows.policeWindow.id;
    const a = await category();
    await profile(police, [[a.id]]);
    await call(t, 'POST', `/api/v1/windows/${police}/sign-in`, 200, { token });
    try {
      const id = idNumberBorn('1988-02-03', 7);
      const first = await kiosk({ categoryId: a.id, idNumber: id });
      const second = await kiosk({ categoryId: a.id });
      expect((await callNext(police, token)).id).toBe(first.id);
      expect((await call(t, 'GET', `/api/v1/tickets/${first.id}/applicant`, 200, { token })).idNumber).toBe(id);
      await act(first.id, 'start', token);
      expect((await act(first.id, 'finish', token)).status).toBe('done');
      expect((await callNext(police, token)).id).toBe(second.id);
      expect((await act(second.id, 'no-show', token)).status).toBe('no_show');
      expectError(await t.request('POST', `/api/v1/tickets/${second.id}/recall`, { token: staff2() }), 403, 'FORBIDDEN');
    } finally {
      await call(t, 'POST', `/api/v1/windows/${police}/sign-out`, 200, { token });
    }
  });
});

describe('taking a ticket', () => {
  it('from the center kiosk: numbered per category and day, masked personal data, issue in the history', async () => {
    const a = await category();
    const b = await category();
    const id = idNumberBorn('1990-05-17', 42);
    const first = await kiosk({ categoryId: a.id, idNumber: id.toLowerCase(), phone: '13812345678' });
    expect(first).toMatchObject({ number: `${a.prefix}001`, status: 'waiting', channel: 'kiosk', categoryId: a.id, categoryName: a.name, priority: null, ahead: 0, windowId: null, recalls: 0, transferredTo: null });
    expect(first.idNumberMasked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(first.phoneMasked).toBe('138****5678');
    const raw = (await t.request('GET', `/api/v1/tickets/${first.id}`)).body;
    expect(raw).not.toContain(id);
    expect(raw).not.toContain('13812345678');
    expect((await kiosk({ categoryId: a.id })).number).toBe(`${a.prefix}002`);
    expect((await kiosk({ categoryId: b.id })).number).toBe(`${b.prefix}001`);
    const history = await call(t, 'GET', `/api/v1/tickets/${first.id}/history`, 200, { token: staff1() });
    expect(history).toEqual([expect.objectContaining({ action: 'issue', actionLabel: '取号', status: 'waiting', actorName: '取号机 1' })]);
  });

  it('from a kiosk: only the center’s own (403 for another center’s kiosk or a display), channel kiosk only (400 INVALID_CHANNEL)', async () => {
    const a = await category();
    const otherKiosk = await issue({ categoryId: a.id, channel: 'kiosk' }, o.tokens.otherKiosk);
    expectError(otherKiosk, 403, 'FORBIDDEN');
    const display = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'hall_display', name: '综合屏' });
    expectError(await issue({ categoryId: a.id, channel: 'kiosk' }, display.token), 403, 'FORBIDDEN');
    for (const channel of ['staff', 'online', 'appointment']) {
      expectError(await issue({ categoryId: a.id, channel }, o.tokens.kiosk), 400, 'INVALID_CHANNEL');
    }
    expectError(await issue({ categoryId: a.id, channel: 'kiosk' }), 401, 'UNAUTHENTICATED');
    expectError(await issue({ categoryId: a.id, channel: 'kiosk' }, staff1()), 403, 'FORBIDDEN');
    expectError(await issue({ categoryId: a.id, channel: 'appointment' }), 401, 'UNAUTHENTICATED');
    expectError(await issue({ categoryId: a.id, channel: 'appointment' }, staff1()), 403, 'FORBIDDEN');
    expect(await call(t, 'GET', `/api/v1/centers/${o.city.id}/tickets?categoryId=${a.id}`, 200, { token: t.adminToken })).toMatchObject({ total: 0 });
  });

  it('by staff of the center (channel staff); 401 without a token, 403 for other centers', async () => {
    const a = await category();
    const res = await issue({ categoryId: a.id, channel: 'staff', priority: 'disabled' }, staff1());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'staff', priority: 'disabled' });
    expect((await issue({ categoryId: a.id, channel: 'staff' }, t.adminToken)).statusCode).toBe(201);
    expectError(await issue({ categoryId: a.id, channel: 'staff' }), 401, 'UNAUTHENTICATED');
    expectError(await issue({ categoryId: a.id, channel: 'staff' }, o.accounts.otherManager.token), 403, 'FORBIDDEN');
    expectError(await issue({ categoryId: a.id, channel: 'staff' }, o.accounts.districtStaff.token), 403, 'FORBIDDEN');
  });

  it('refuses a category of another center (INVALID_REFERENCE), none at all (CATEGORY_REQUIRED), an unknown one (404)', async () => {
    const theirs = await category({}, o.other.id);
    expectError(await issue({ categoryId: theirs.id, channel: 'kiosk' }, o.tokens.kiosk), 400, 'INVALID_REFERENCE');
    expectError(await issue({ channel: 'kiosk' }, o.tokens.kiosk), 400, 'CATEGORY_REQUIRED');
    expectError(await issue({ categoryId: 'no-such', channel: 'kiosk' }, o.tokens.kiosk), 404, 'NOT_FOUND');
    expectError(await issue({ categoryId: theirs.id, channel: 'bus' }, o.tokens.kiosk), 400, 'VALIDATION_ERROR');
    expectError(await issue({ categoryId: theirs.id, channel: 'kiosk', priority: 'vip' }, o.tokens.kiosk), 400, 'VALIDATION_ERROR');
  });

  it('by item: the category holding the item of this center, else 400 ITEM_NOT_QUEUED', async () => {
    const a = await category({ itemIds: ['item-passport', 'item-visa'] });
    await category({ itemIds: ['item-tax'] }, o.other.id);
    const got = await kiosk({ itemId: 'item-visa' });
    expect(got).toMatchObject({ categoryId: a.id, itemId: 'item-visa' });
    expectError(await issue({ itemId: 'item-tax', channel: 'kiosk' }, o.tokens.kiosk), 400, 'ITEM_NOT_QUEUED');
    expectError(await issue({ itemId: 'item-none', channel: 'kiosk' }, o.tokens.kiosk), 400, 'ITEM_NOT_QUEUED');
  });

  it('a closed category takes no new ticket (409 CATEGORY_CLOSED), yet its waiting tickets are still called', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    const waiting = await kiosk({ categoryId: a.id });
    await call(t, 'PUT', `/api/v1/categories/${a.id}`, 200, { token: o.accounts.cityManager.token, body: { open: false } });
    expectError(await issue({ categoryId: a.id, channel: 'kiosk' }, o.tokens.kiosk), 409, 'CATEGORY_CLOSED');
    expectError(await issue({ categoryId: a.id, channel: 'staff' }, staff1()), 409, 'CATEGORY_CLOSED');
    expect((await callNext(W1(), staff1())).id).toBe(waiting.id);
    await call(t, 'PUT', `/api/v1/categories/${a.id}`, 200, { token: t.adminToken, body: { open: true } });
    expect((await kiosk({ categoryId: a.id })).number).toBe(`${a.prefix}002`);
  });

  it('detects 绿色通道 from a 70+ ID number, and the elderly visitor gets the head start', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    const young = await kiosk({ categoryId: a.id, idNumber: idNumberBorn(bornYearsAgo(69), 1) });
    expect(young.priority).toBeNull();
    const old = await kiosk({ categoryId: a.id, idNumber: idNumberBorn(bornYearsAgo(70), 2) });
    expect(old.priority).toBe('elderly');
    expect(old.ahead).toBe(0);
    expect((await ticket(young.id)).ahead).toBe(1);
    // Asking for a smaller head start does not lose the larger one.
    const both = await kiosk({ categoryId: a.id, idNumber: idNumberBorn('1940-01-01', 3), priority: 'enterprise' });
    expect(both.priority).toBe('elderly');
    expect((await callNext(W1(), staff1())).id).toBe(old.id);
    await act(old.id, 'start', staff1());
    await act(old.id, 'finish', staff1());
    expect((await callNext(W1(), staff1())).id).toBe(both.id);
    await act(both.id, 'no-show', staff1());
    expect((await callNext(W1(), staff1())).id).toBe(young.id);
  });

  it('refuses a wrong ID number or phone on any channel (400)', async () => {
    const a = await category();
    const bad = idNumberBorn('1980-01-01', 5).slice(0, 17) + (idNumberBorn('1980-01-01', 5).endsWith('0') ? '1' : '0');
    expectError(await issue({ categoryId: a.id, channel: 'kiosk', idNumber: bad }, o.tokens.kiosk), 400, 'INVALID_ID_NUMBER');
    expectError(await issue({ categoryId: a.id, channel: 'kiosk', idNumber: '440106198002301234' }, o.tokens.kiosk), 400, 'INVALID_ID_NUMBER');
    expectError(await issue({ categoryId: a.id, channel: 'staff', phone: '12345678901' }, staff1()), 400, 'INVALID_PHONE');
    expectError(await issue({ categoryId: a.id, channel: 'kiosk', idNumber: '123' }, o.tokens.kiosk), 400, 'VALIDATION_ERROR');
  });
});

describe('taking a ticket online', () => {
  let open: Json;
  let cat: Json;
  beforeAll(async () => {
    // The test day could be a holiday in the calendar: remove today's override so the week rules apply.
    const res = await t.request('DELETE', `/api/v1/calendar/days/${shanghaiDate()}`, { token: t.adminToken });
    expect([200, 404]).toContain(res.statusCode);
    open = await create(t, '/api/v1/centers', { name: '全天服务中心', level: 'district', parentId: o.city.id, openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
    cat = await category({}, open.id);
  });
  const online = (body: Record<string, unknown>) => t.request('POST', '/api/v1/tickets', { body: { centerId: open.id, categoryId: cat.id, channel: 'online', ...body } });

  it('needs the real name: ID number and phone (400 REAL_NAME_REQUIRED)', async () => {
    expectError(await online({}), 400, 'REAL_NAME_REQUIRED');
    expectError(await online({ idNumber: idNumberBorn('1985-03-03', 1) }), 400, 'REAL_NAME_REQUIRED');
    expectError(await online({ phone: '13900001111' }), 400, 'REAL_NAME_REQUIRED');
  });

  it('409 CENTER_CLOSED for a center without opening hours', async () => {
    const closedCat = await category({}, o.district.id);
    const res = await t.request('POST', '/api/v1/tickets', { body: { centerId: o.district.id, categoryId: closedCat.id, channel: 'online', idNumber: idNumberBorn('1985-03-03', 1), phone: '13900001111' } });
    expectError(res, 409, 'CENTER_CLOSED');
  });

  it('checks the ID number and phone, then gives one active ticket per person and day (409 ALREADY_QUEUED)', async () => {
    const id = idNumberBorn('1985-03-03', 7);
    const bad = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
    expectError(await online({ idNumber: bad, phone: '13900001111' }), 400, 'INVALID_ID_NUMBER');
    expectError(await online({ idNumber: id, phone: '1390000111' }), 400, 'INVALID_PHONE');
    const res = await online({ idNumber: id, phone: '13900001111' });
    expect(res.statusCode, res.body).toBe(201);
    const first = res.json();
    expect(first).toMatchObject({ channel: 'online', status: 'waiting', centerId: open.id, idNumberMasked: expect.stringMatching(/^\d{4}\*{10}\d{3}[\dX]$/) });
    expectError(await online({ idNumber: id.toLowerCase(), phone: '13900002222' }), 409, 'ALREADY_QUEUED');
    // Someone else may; and a kiosk ticket for the same person is not refused.
    expect((await online({ idNumber: idNumberBorn('1985-03-03', 8), phone: '13900001111' })).statusCode).toBe(201);
    // Once the first ticket is over, the person may queue again.
    await act(first.id, 'cancel', t.adminToken, { reason: '测试' });
    expect((await online({ idNumber: id, phone: '13900001111' })).statusCode).toBe(201);
  });
});

describe('a kiosk outside the hall\'s hours', () => {
  let closedCat: Json;
  let kioskToken: string;
  beforeAll(async () => {
    // The test day could be a holiday in the calendar: remove today's override so the week rules apply.
    const res = await t.request('DELETE', `/api/v1/calendar/days/${shanghaiDate()}`, { token: t.adminToken });
    expect([200, 404]).toContain(res.statusCode);
    closedCat = await category({}, o.town.id);
    kioskToken = (await create(t, '/api/v1/devices', { centerId: o.town.id, kind: 'kiosk', name: '区取号机' })).token;
  });
  const take = () => t.request('POST', '/api/v1/tickets', { token: kioskToken, body: { centerId: o.town.id, categoryId: closedCat.id, channel: 'kiosk' } });

  it('refuses with 409 CENTER_CLOSED, saying 当前不在取号时间 and today\'s hours, and writes no ticket', async () => {
    const noHours = expectError(await take(), 409, 'CENTER_CLOSED') as Json;
    expect(noHours.message).toBe('当前不在取号时间（今日不办公）');
    // An hour of today that is not now: before noon the afternoon, after it the small hours.
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    const span = hour < 12 ? { open: '13:00', close: '14:00' } : { open: '01:00', close: '02:00' };
    await call(t, 'PATCH', `/api/v1/centers/${o.town.id}`, 200, { token: t.adminToken, body: { openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], ...span }] } });
    const outside = expectError(await take(), 409, 'CENTER_CLOSED') as Json;
    expect(outside.message).toBe(`当前不在取号时间（今日取号时间 ${span.open}–${span.close}）`);
    expect(outside.details).toEqual({ hours: [span] });
    const waiting = await call(t, 'GET', `/api/v1/centers/${o.town.id}/queue`, 200);
    expect(waiting.find((c: Json) => c.categoryId === closedCat.id)).toMatchObject({ waiting: 0 });
  });

  it('issues once the hall is open', async () => {
    await call(t, 'PATCH', `/api/v1/centers/${o.town.id}`, 200, { token: t.adminToken, body: { openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] } });
    const res = await take();
    // The day's last minute lies outside 00:00–23:59.
    if (new Date().toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai' }).startsWith('23:59')) expectError(res, 409, 'CENTER_CLOSED');
    else expect(res.statusCode, res.body).toBe(201);
  });
});

describe('calling', () => {
  it('takes the first tier before the second, by arrival within a tier', async () => {
    const a = await category();
    const b = await category();
    await fresh(W1(), staff1(), [[a.id], [b.id]]);
    const b1 = await kiosk({ categoryId: b.id });
    const a1 = await kiosk({ categoryId: a.id });
    const a2 = await kiosk({ categoryId: a.id });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const got = await callNext(W1(), staff1());
      expect(got).toMatchObject({ status: 'called', windowId: W1(), windowNumber: 1, calledAt: expect.any(String), ahead: 0 });
      order.push(got.id);
      await act(got.id, 'no-show', staff1());
    }
    expect(order).toEqual([a1.id, a2.id, b1.id]);
    expectError(await t.request('POST', `/api/v1/windows/${W1()}/call-next`, { token: staff1() }), 409, 'QUEUE_EMPTY');
  });

  it('nothing configured: QUEUE_EMPTY; a category the window does not serve is never called', async () => {
    const a = await category();
    await fresh(W1(), staff1(), []);
    await kiosk({ categoryId: a.id });
    expectError(await t.request('POST', `/api/v1/windows/${W1()}/call-next`, { token: staff1() }), 409, 'QUEUE_EMPTY');
    await profile(W1(), [[(await category()).id]]);
    expectError(await t.request('POST', `/api/v1/windows/${W1()}/call-next`, { token: staff1() }), 409, 'QUEUE_EMPTY');
  });

  it('only the person signed in at the window: 401, 403 for others (even a manager), 404 for no window', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    await kiosk({ categoryId: a.id });
    const url = `/api/v1/windows/${W1()}/call-next`;
    expectError(await t.request('POST', url), 401, 'UNAUTHENTICATED');
    for (const token of [staff2(), o.accounts.cityManager.token, t.adminToken, o.accounts.otherManager.token, o.accounts.supervisor.token, o.tokens.kiosk]) {
      expectError(await t.request('POST', url, { token }), 403, 'FORBIDDEN');
    }
    expectError(await t.request('POST', '/api/v1/windows/nope/call-next', { token: staff1() }), 404, 'NOT_FOUND');
    const got = await callNext(W1(), staff1());
    await act(got.id, 'no-show', staff1());
  });

  it('409 WINDOW_NOT_OPEN while paused or when nobody is signed in; WINDOW_BUSY while a ticket is at the window', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    await profile(o.windows.taxWindow.id, [[a.id]]);
    const waiting = await kiosk({ categoryId: a.id });
    await call(t, 'POST', `/api/v1/windows/${W1()}/pause`, 200, { token: staff1(), body: { reason: '休息' } });
    expectError(await t.request('POST', `/api/v1/windows/${W1()}/call-next`, { token: staff1() }), 409, 'WINDOW_NOT_OPEN');
    await call(t, 'POST', `/api/v1/windows/${W1()}/resume`, 200, { token: staff1() });
    // The tax window: nobody signed in.
    expectError(await t.request('POST', `/api/v1/windows/${o.windows.taxWindow.id}/call-next`, { token: t.adminToken }), 409, 'WINDOW_NOT_OPEN');
    const got = await callNext(W1(), staff1());
    expect(got.id).toBe(waiting.id);
    await kiosk({ categoryId: a.id });
    expectError(await t.request('POST', `/api/v1/windows/${W1()}/call-next`, { token: staff1() }), 409, 'WINDOW_BUSY');
    await act(got.id, 'start', staff1());
    expectError(await t.request('POST', `/api/v1/windows/${W1()}/call-next`, { token: staff1() }), 409, 'WINDOW_BUSY');
    await act(got.id, 'finish', staff1());
    const next = await callNext(W1(), staff1());
    await act(next.id, 'no-show', staff1());
    await profile(o.windows.taxWindow.id, []);
  });

  it('a ticket transferred to a window goes first there, and only there', async () => {
    const a = await category();
    const x = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    await fresh(W2(), staff2(), [[x.id]]);
    const early = await kiosk({ categoryId: x.id });
    const visitor = await kiosk({ categoryId: a.id });
    expect((await callNext(W1(), staff1())).id).toBe(visitor.id);
    const moved = await act(visitor.id, 'transfer', staff1(), { windowId: W2() });
    expect(moved).toMatchObject({ number: visitor.number, categoryId: a.id, status: 'waiting', takenAt: visitor.takenAt });
    // Window 1 serves its category but the ticket is meant for window 2.
    expectError(await t.request('POST', `/api/v1/windows/${W1()}/call-next`, { token: staff1() }), 409, 'QUEUE_EMPTY');
    const got = await callNext(W2(), staff2());
    expect(got).toMatchObject({ id: moved.id, number: visitor.number, windowId: W2(), windowNumber: 2 });
    await act(got.id, 'no-show', staff2());
    expect((await callNext(W2(), staff2())).id).toBe(early.id);
    await act(early.id, 'no-show', staff2());
  });
});

describe('steps of a called ticket', () => {
  it('recall up to the limit (409 RECALL_LIMIT), then no-show; recalls counted and in the history', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    const mine = await kiosk({ categoryId: a.id });
    await callNext(W1(), staff1());
    expect((await act(mine.id, 'recall', staff1())).recalls).toBe(1);
    expect((await act(mine.id, 'recall', staff1())).recalls).toBe(2);
    expectError(await t.request('POST', `/api/v1/tickets/${mine.id}/recall`, { token: staff1() }), 409, 'RECALL_LIMIT');
    expect(await act(mine.id, 'no-show', staff1())).toMatchObject({ status: 'no_show', statusLabel: '过号' });
    const history = await call(t, 'GET', `/api/v1/tickets/${mine.id}/history`, 200, { token: o.accounts.supervisor.token });
    expect(history.map((h: Json) => h.action)).toEqual(['issue', 'call', 'recall', 'recall', 'no-show']);
    expect(history[1]).toMatchObject({ windowNumber: 1, actorName: '测试staff', status: 'called' });
  });

  it('only the staff who called it, or a manager: 401, 403 for another window’s staff', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    const mine = await kiosk({ categoryId: a.id });
    await callNext(W1(), staff1());
    for (const action of ['recall', 'start', 'finish', 'no-show', 'cancel', 'transfer']) {
      expectError(await t.request('POST', `/api/v1/tickets/${mine.id}/${action}`, { body: action === 'transfer' ? { categoryId: a.id } : {} }), 401, 'UNAUTHENTICATED');
      for (const token of [staff2(), o.accounts.otherManager.token, o.accounts.supervisor.token]) {
        expectError(await t.request('POST', `/api/v1/tickets/${mine.id}/${action}`, { token, body: action === 'transfer' ? { categoryId: a.id } : {} }), 403, 'FORBIDDEN');
      }
    }
    expectError(await t.request('POST', '/api/v1/tickets/nope/start', { token: staff1() }), 404, 'NOT_FOUND');
    await act(mine.id, 'start', o.accounts.cityManager.token);
    await act(mine.id, 'finish', staff1());
  });

  it('409 INVALID_TICKET_STATE for every action that does not fit the status', async () => {
    const a = await category();
    const b = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    // One ticket in each status.
    const inStatus = {} as Record<string, string>;
    const calledOne = async () => {
      const t1 = await kiosk({ categoryId: a.id });
      expect((await callNext(W1(), staff1())).id).toBe(t1.id);
      return t1.id as string;
    };
    inStatus.done = await calledOne();
    await act(inStatus.done, 'start', staff1());
    await act(inStatus.done, 'finish', staff1());
    inStatus.no_show = await calledOne();
    await act(inStatus.no_show, 'no-show', staff1());
    inStatus.transferred = await calledOne();
    const moved = await act(inStatus.transferred, 'transfer', staff1(), { categoryId: b.id });
    inStatus.cancelled = await calledOne();
    await act(inStatus.cancelled, 'cancel', staff1(), { reason: '离开' });
    inStatus.serving = await calledOne();
    await act(inStatus.serving, 'start', staff1());
    const serving = inStatus.serving;
    await act(serving, 'finish', staff1());
    // The window is free again: the last two are a fresh serving and called ticket at window 2.
    await fresh(W2(), staff2(), [[a.id]]);
    inStatus.serving = (await kiosk({ categoryId: a.id })).id;
    await callNext(W2(), staff2());
    await act(inStatus.serving!, 'start', staff2());
    inStatus.called = await calledOne();
    inStatus.waiting = (await kiosk({ categoryId: a.id })).id;
    expect(moved.status).toBe('waiting');
    for (const status of ticketStatuses) expect((await ticket(inStatus[status]!)).status).toBe(status);

    const actions: TicketAction[] = ['recall', 'start', 'finish', 'no-show', 'cancel', 'transfer'];
    for (const status of ticketStatuses) {
      for (const action of actions) {
        if (nextStatus(status, action)) continue;
        const res = await t.request('POST', `/api/v1/tickets/${inStatus[status]}/${action}`, { token: t.adminToken, body: action === 'transfer' ? { categoryId: b.id } : {} });
        const error = expectError(res, 409, 'INVALID_TICKET_STATE');
        expect(error.details).toEqual({ status });
        expect((await ticket(inStatus[status]!)).status).toBe(status);
      }
    }
    // Cancelling a waiting ticket (a manager) is allowed and takes it out of the queue.
    expect((await act(inStatus.waiting!, 'cancel', o.accounts.cityManager.token, { reason: '重复取号' })).status).toBe('cancelled');
    await act(inStatus.called!, 'no-show', staff1());
    await act(inStatus.serving!, 'finish', staff2());
    // A waiting ticket's cancel is for managers only: its staff is nobody yet.
    const w = await kiosk({ categoryId: a.id });
    expectError(await t.request('POST', `/api/v1/tickets/${w.id}/cancel`, { token: staff1(), body: {} }), 403, 'FORBIDDEN');
    await act(w.id, 'cancel', t.adminToken, {});
  });

  it('transfer: to a category or a window (one of them: 400 TRANSFER_TARGET), keeping the number and arrival', async () => {
    const a = await category();
    const b = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    await fresh(W2(), staff2(), [[b.id]]);
    const earlierInB = await kiosk({ categoryId: b.id }); // arrived before ours: stays ahead of it in B
    const ours = await kiosk({ categoryId: a.id, idNumber: idNumberBorn('1991-01-01', 9), phone: '13700001234' });
    expect((await callNext(W1(), staff1())).id).toBe(ours.id);
    const url = `/api/v1/tickets/${ours.id}/transfer`;
    for (const body of [{}, { categoryId: b.id, windowId: W2() }]) expectError(await t.request('POST', url, { token: staff1(), body }), 400, 'TRANSFER_TARGET');
    expectError(await t.request('POST', url, { token: staff1(), body: { windowId: W1() } }), 400, 'TRANSFER_TARGET');
    expectError(await t.request('POST', url, { token: staff1(), body: { windowId: o.windows.otherWindow.id } }), 400, 'INVALID_REFERENCE');
    const theirs = await category({}, o.other.id);
    expectError(await t.request('POST', url, { token: staff1(), body: { categoryId: theirs.id } }), 400, 'INVALID_REFERENCE');
    expectError(await t.request('POST', url, { token: staff1(), body: { categoryId: 'nope' } }), 404, 'NOT_FOUND');
    expect((await ticket(ours.id)).status).toBe('called');

    const moved = await act(ours.id, 'transfer', staff1(), { categoryId: b.id });
    expect(moved).toMatchObject({ number: ours.number, categoryId: b.id, categoryName: b.name, status: 'waiting', takenAt: ours.takenAt, idNumberMasked: ours.idNumberMasked, phoneMasked: ours.phoneMasked, windowId: null });
    expect(moved.id).not.toBe(ours.id);
    const old = await ticket(ours.id);
    expect(old).toMatchObject({ status: 'transferred', statusLabel: '已转移', transferredTo: moved.id });
    // It keeps its arrival: the B ticket taken before it is still ahead, nothing else.
    expect(moved.ahead).toBe(1);
    expect((await callNext(W2(), staff2())).id).toBe(earlierInB.id);
    await act(earlierInB.id, 'no-show', staff2());
    expect((await callNext(W2(), staff2())).id).toBe(moved.id);
    // The history follows it back through the transfer.
    const history = await call(t, 'GET', `/api/v1/tickets/${moved.id}/history`, 200, { token: staff2() });
    expect(history.map((h: Json) => h.action)).toEqual(['issue', 'call', 'transfer', 'transfer', 'call']);
    expect(history[2]).toMatchObject({ status: 'transferred', note: `转至「${b.name}」` });
    // Served at window 2 and sent on again, while serving.
    await act(moved.id, 'start', staff2());
    const again = await act(moved.id, 'transfer', staff2(), { windowId: W1() });
    expect(again).toMatchObject({ number: ours.number, status: 'waiting' });
    expect((await callNext(W1(), staff1())).id).toBe(again.id);
    await act(again.id, 'start', staff1());
    await act(again.id, 'finish', staff1());
  });
});

describe('the workstation and personal data', () => {
  it('/windows/{id}/current: null when idle, the ticket with its history when called; staff, supervisors and the center’s devices', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    const url = `/api/v1/windows/${W1()}/current`;
    expect(await call(t, 'GET', url, 200, { token: staff1() })).toBeNull();
    const mine = await kiosk({ categoryId: a.id, idNumber: idNumberBorn('1970-07-07', 3), phone: '13611112222' });
    await callNext(W1(), staff1());
    const current = await call(t, 'GET', url, 200, { token: o.tokens.kiosk });
    expect(current).toMatchObject({ id: mine.id, status: 'called', history: [expect.objectContaining({ action: 'issue' }), expect.objectContaining({ action: 'call' })] });
    expect(JSON.stringify(current)).not.toContain('13611112222');
    expect((await call(t, 'GET', url, 200, { token: o.accounts.supervisor.token })).id).toBe(mine.id);
    expectError(await t.request('GET', url), 401, 'UNAUTHENTICATED');
    expectError(await t.request('GET', url, { token: o.tokens.otherKiosk }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', url, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', url, { token: o.accounts.agent.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/windows/nope/current', { token: staff1() }), 404, 'NOT_FOUND');
    await act(mine.id, 'start', staff1());
    expect((await call(t, 'GET', url, 200, { token: staff1() })).status).toBe('serving');
    await act(mine.id, 'finish', staff1());
    expect(await call(t, 'GET', url, 200, { token: staff1() })).toBeNull();
  });

  it('/tickets/{id}/applicant: unmasked only for the staff serving it, each read audited', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    const id = idNumberBorn('1977-08-09', 11);
    const mine = await kiosk({ categoryId: a.id, idNumber: id, phone: '13512345678' });
    const url = `/api/v1/tickets/${mine.id}/applicant`;
    expectError(await t.request('GET', url, { token: staff1() }), 403, 'FORBIDDEN'); // not called yet
    await callNext(W1(), staff1());
    expect(await call(t, 'GET', url, 200, { token: staff1() })).toEqual({ idNumber: id, phone: '13512345678' });
    const [audit] = await auditOf(t, mine.id);
    expect(audit).toMatchObject({ action: 'ticket.read_personal_data', actorId: o.accounts.staff.id });
    expect(JSON.stringify(audit)).not.toContain(id);
    expectError(await t.request('GET', url), 401, 'UNAUTHENTICATED');
    for (const token of [staff2(), o.accounts.cityManager.token, t.adminToken, o.accounts.supervisor.token, o.accounts.otherManager.token]) {
      expectError(await t.request('GET', url, { token }), 403, 'FORBIDDEN');
    }
    expectError(await t.request('GET', url, { token: o.tokens.kiosk }), 403, 'FORBIDDEN');
    await act(mine.id, 'start', staff1());
    expect((await call(t, 'GET', url, 200, { token: staff1() })).idNumber).toBe(id);
    expect((await auditOf(t, mine.id)).filter((r) => r.action === 'ticket.read_personal_data')).toHaveLength(2);
    await act(mine.id, 'finish', staff1());
    expectError(await t.request('GET', url, { token: staff1() }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/tickets/nope/applicant', { token: staff1() }), 404, 'NOT_FOUND');
  });

  it('/tickets/{id}/history: staff and supervisors of the center only', async () => {
    const a = await category();
    const mine = await kiosk({ categoryId: a.id });
    const url = `/api/v1/tickets/${mine.id}/history`;
    expectError(await t.request('GET', url), 401, 'UNAUTHENTICATED');
    expectError(await t.request('GET', url, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', url, { token: o.accounts.agent.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/tickets/nope/history', { token: staff1() }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', '/api/v1/tickets/nope'), 404, 'NOT_FOUND');
    await act(mine.id, 'cancel', t.adminToken, {});
  });
});

describe('the hall', () => {
  it('/centers/{id}/queue: waiting counts and estimates that fall as tickets are called and finished', async () => {
    await call(t, 'PUT', `/api/v1/centers/${o.city.id}/queue-settings`, 200, { token: t.adminToken, body: { defaultHandleMinutes: 10 } });
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    await fresh(W2(), staff2(), [[(await category()).id], [a.id]]);
    const load = async () => ((await call(t, 'GET', `/api/v1/centers/${o.city.id}/queue`, 200)) as Json[]).find((l) => l.categoryId === a.id);
    expect(await load()).toMatchObject({ waiting: 0, estimatedWaitMinutes: 0, servingWindows: 2, open: true, prefix: a.prefix, longestWaitMinutes: 0 });
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await kiosk({ categoryId: a.id }));
    // Three ahead, 10 minutes each, over one window and a half: 20 minutes.
    expect(await load()).toMatchObject({ waiting: 3, estimatedWaitMinutes: 20 });
    expect(tickets.map((x) => x.ahead)).toEqual([0, 1, 2]);
    expect((await ticket(tickets[2].id)).estimatedWaitMinutes).toBeGreaterThan(0);
    expect((await ticket(tickets[0].id)).estimatedWaitMinutes).toBe(0);
    const first = await callNext(W1(), staff1());
    expect(await load()).toMatchObject({ waiting: 2, estimatedWaitMinutes: 14 });
    await act(first.id, 'start', staff1());
    await act(first.id, 'finish', staff1());
    // One real service of a moment replaces the assumed 10 minutes.
    const after = await load();
    expect(after.waiting).toBe(2);
    expect(after.estimatedWaitMinutes).toBeLessThanOrEqual(1);
    // Paused windows do not count.
    await call(t, 'POST', `/api/v1/windows/${W2()}/pause`, 200, { token: staff2(), body: { reason: '会议' } });
    expect((await load()).servingWindows).toBe(1);
    await call(t, 'POST', `/api/v1/windows/${W2()}/resume`, 200, { token: staff2() });
    for (const x of tickets.slice(1)) await act(x.id, 'cancel', t.adminToken, {});
    expect((await load()).waiting).toBe(0);
    expectError(await t.request('GET', '/api/v1/centers/nope/queue'), 404, 'NOT_FOUND');
  });

  it('the average handle time is taken over the last handleSample services (not a fixed 20)', async () => {
    const x = await category();
    await fresh(W1(), staff1(), [[x.id]]);
    await fresh(W2(), staff2(), []);
    for (let i = 0; i < 25; i++) {
      await kiosk({ categoryId: x.id });
      const got = await callNext(W1(), staff1());
      await act(got.id, 'start', staff1());
      await act(got.id, 'finish', staff1());
    }
    // The five oldest services took 100 minutes each, the twenty newest none.
    await sql`UPDATE tickets SET started_at = finished_at - CASE WHEN id IN (
        SELECT id FROM tickets WHERE category_id = ${x.id} AND status = 'done' ORDER BY finished_at LIMIT 5
      ) THEN interval '100 minutes' ELSE interval '0 minutes' END
      WHERE category_id = ${x.id} AND status = 'done'`.execute(t.database.db);
    const waiting = await kiosk({ categoryId: x.id });
    const estimate = async () => ((await call(t, 'GET', `/api/v1/centers/${o.city.id}/queue`, 200)) as Json[]).find((l) => l.categoryId === x.id).estimatedWaitMinutes;
    expect(await estimate()).toBe(0);
    await call(t, 'PUT', `/api/v1/centers/${o.city.id}/queue-settings`, 200, { token: t.adminToken, body: { handleSample: 25 } });
    expect(await estimate()).toBe(20); // 5 × 100 / 25, one window
    await call(t, 'PUT', `/api/v1/centers/${o.city.id}/queue-settings`, 200, { token: t.adminToken, body: { handleSample: 20 } });
    await act(waiting.id, 'cancel', t.adminToken, {});
  });

  it('/centers/{id}/calls: the latest calls of today, newest first, public, limited', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    const x = await kiosk({ categoryId: a.id });
    const y = await kiosk({ categoryId: a.id });
    await callNext(W1(), staff1());
    await act(x.id, 'no-show', staff1());
    await callNext(W1(), staff1());
    const calls = await call(t, 'GET', `/api/v1/centers/${o.city.id}/calls?limit=2`, 200);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ ticketId: y.id, number: y.number, windowId: W1(), windowNumber: 1, status: 'called', categoryId: a.id });
    expect(calls[1]).toMatchObject({ ticketId: x.id, status: 'no_show' });
    expect((await call(t, 'GET', `/api/v1/centers/${o.city.id}/calls`, 200)).length).toBeLessThanOrEqual(10);
    for (const q of ['limit=0', 'limit=101', 'limit=x']) expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/calls?${q}`), 400, 'VALIDATION_ERROR');
    expectError(await t.request('GET', '/api/v1/centers/nope/calls'), 404, 'NOT_FOUND');
    await act(y.id, 'no-show', staff1());
  });

  it('/centers/{id}/tickets: the day’s tickets with paging and filters, for managers and supervisors', async () => {
    const a = await category();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await kiosk({ categoryId: a.id }));
    const url = `/api/v1/centers/${o.city.id}/tickets`;
    const page1 = await call(t, 'GET', `${url}?categoryId=${a.id}&pageSize=2`, 200, { token: o.accounts.supervisor.token });
    expect(page1).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(page1.items.map((x: Json) => x.id)).toEqual([made[4].id, made[3].id]);
    const page3 = await call(t, 'GET', `${url}?categoryId=${a.id}&pageSize=2&page=3`, 200, { token: o.accounts.cityManager.token });
    expect(page3.items.map((x: Json) => x.id)).toEqual([made[0].id]);
    await act(made[2].id, 'cancel', t.adminToken, {});
    const waiting = await call(t, 'GET', `${url}?categoryId=${a.id}&status=waiting`, 200, { token: t.adminToken });
    expect(waiting.total).toBe(4);
    expect(waiting.items.map((x: Json) => x.id)).toEqual([made[0].id, made[1].id, made[3].id, made[4].id]);
    expect((await call(t, 'GET', `${url}?categoryId=${a.id}&status=cancelled`, 200, { token: t.adminToken })).total).toBe(1);
    expect((await call(t, 'GET', `${url}?categoryId=${a.id}&day=2020-01-01`, 200, { token: t.adminToken })).total).toBe(0);
    expect((await call(t, 'GET', `${url}?categoryId=${a.id}&day=${shanghaiDate()}`, 200, { token: t.adminToken })).total).toBe(5);
    for (const q of ['day=2020-1-1', 'status=lost', 'page=0', 'pageSize=201']) expectError(await t.request('GET', `${url}?${q}`, { token: t.adminToken }), 400, 'VALIDATION_ERROR');
    expectError(await t.request('GET', url), 401, 'UNAUTHENTICATED');
    for (const token of [staff1(), o.accounts.otherManager.token, o.tokens.kiosk]) expectError(await t.request('GET', url, { token }), 403, 'FORBIDDEN');
    for (const x of made) if (x.id !== made[2].id) await act(x.id, 'cancel', t.adminToken, {});
  });

  it('/centers/{id}/close-day: closes waiting and called tickets with the reason (required), leaves serving ones; audited', async () => {
    const d = o.district.id;
    const staffD = o.accounts.districtStaff.token;
    const w = o.windows.districtWindow.id;
    const a = await category({}, d);
    await profile(w, [[a.id]]);
    await call(t, 'POST', `/api/v1/windows/${w}/sign-in`, 200, { token: staffD });
    const served = await call(t, 'POST', '/api/v1/tickets', 201, { token: staffD, body: { centerId: d, categoryId: a.id, channel: 'staff' } });
    const called = await call(t, 'POST', '/api/v1/tickets', 201, { token: staffD, body: { centerId: d, categoryId: a.id, channel: 'staff' } });
    const waiting = await call(t, 'POST', '/api/v1/tickets', 201, { token: staffD, body: { centerId: d, categoryId: a.id, channel: 'staff' } });
    await callNext(w, staffD);
    await act(served.id, 'start', staffD);
    // The serving window is busy; a second window calls the next.
    const w2 = await create(t, '/api/v1/windows', { centerId: d, name: '综合窗口 2', number: 2, kind: 'general' });
    const staffD2 = await create(t, '/api/v1/users', { username: 'dstaff2', password: 'Window#2026', name: '区窗口二', roles: [{ role: 'window_staff', centerId: d }] });
    const token2 = await t.login('dstaff2', 'Window#2026');
    await call(t, 'POST', `/api/v1/windows/${w2.id}/sign-in`, 200, { token: token2 });
    await profile(w2.id, [[a.id]]);
    expect((await callNext(w2.id, token2)).id).toBe(called.id);
    const url = `/api/v1/centers/${d}/close-day`;
    for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(201) }]) expectError(await t.request('POST', url, { token: t.adminToken, body }), 400, 'VALIDATION_ERROR');
    expectError(await t.request('POST', url, { body: { reason: '日终' } }), 401, 'UNAUTHENTICATED');
    for (const token of [staffD, o.accounts.supervisor.token, o.accounts.otherManager.token]) expectError(await t.request('POST', url, { token, body: { reason: '日终' } }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/centers/nope/close-day', { token: t.adminToken, body: { reason: '日终' } }), 404, 'NOT_FOUND');
    expect(await call(t, 'POST', url, 200, { token: o.accounts.districtManager.token, body: { reason: '日终清号' } })).toEqual({ closed: 2 });
    expect((await ticket(waiting.id)).status).toBe('cancelled');
    expect((await ticket(called.id)).status).toBe('cancelled');
    expect((await ticket(served.id)).status).toBe('serving');
    const history = await call(t, 'GET', `/api/v1/tickets/${waiting.id}/history`, 200, { token: t.adminToken });
    expect(history.at(-1)).toMatchObject({ action: 'cancel', status: 'cancelled', note: '日终清号' });
    const [audit] = await auditOf(t, d);
    expect(audit).toMatchObject({ action: 'queue.close_day', actorId: o.accounts.districtManager.id, after: { closed: 2, reason: '日终清号' } });
    expect(await call(t, 'POST', url, 200, { token: t.adminToken, body: { reason: '再清一次' } })).toEqual({ closed: 0 });
    expect(staffD2.id).toBeTruthy();
    expect(admin).toBeTruthy();
  });
});

describe('live events', () => {
  it('queue.changed on a new ticket, ticket.called on a call, ticket.recalled on a recall reach /centers/{id}/events', async () => {
    const a = await category();
    await fresh(W1(), staff1(), [[a.id]]);
    const s = await openStream(`${base}/api/v1/centers/${o.city.id}/events`);
    try {
      expect(s.status).toBe(200);
      await s.waitFor((e) => e.event === 'ready');
      const mine = await kiosk({ categoryId: a.id });
      const changed = await s.waitFor((e) => e.event === 'queue.changed' && JSON.parse(e.data).categoryId === a.id);
      expect(JSON.parse(changed.data)).toMatchObject({ categoryId: a.id, waiting: 1, estimatedWaitMinutes: expect.any(Number) });
      await callNext(W1(), staff1());
      const called = JSON.parse((await s.waitFor((e) => e.event === 'ticket.called')).data);
      expect(called).toMatchObject({ ticketId: mine.id, number: mine.number, categoryId: a.id, windowId: W1(), windowNumber: 1, windowName: '综合窗口 1', recalls: 0 });
      expect(JSON.stringify(called)).not.toMatch(/idNumber|phone/);
      const afterCall = await s.waitFor((e) => e.event === 'queue.changed' && JSON.parse(e.data).categoryId === a.id && JSON.parse(e.data).waiting === 0);
      expect(afterCall).toBeDefined();
      await act(mine.id, 'recall', staff1());
      const recalled = JSON.parse((await s.waitFor((e) => e.event === 'ticket.recalled')).data);
      expect(recalled).toMatchObject({ ticketId: mine.id, number: mine.number, windowNumber: 1, recalls: 1 });
      await act(mine.id, 'start', staff1());
      await act(mine.id, 'finish', staff1());
      const updated = await s.waitFor((e) => e.event === 'ticket.updated' && JSON.parse(e.data).status === 'done');
      expect(JSON.parse(updated.data)).toMatchObject({ ticketId: mine.id, windowId: W1() });
    } finally {
      s.close();
    }
  });
});
