import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, call, create, expectError, type Org } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';

/** The ticket queue through HTTP: categories, profiles, taking a number, calling, serving, transfers. */

let t: TestApp;
let o: Org;
let a: { id: string; prefix: string };
let b: { id: string; prefix: string };
beforeAll(async () => {
  t = await createTestApp();
  o = await buildOrg(t);
  a = await create(t, '/api/v1/categories', { centerId: o.city.id, name: '综合业务', prefix: 'A', itemIds: [] });
  b = await create(t, '/api/v1/categories', { centerId: o.city.id, name: '公安业务', prefix: 'B', itemIds: [] });
  await call(t, 'PUT', `/api/v1/windows/${o.windows.general.id}/profile`, 200, { token: t.adminToken, body: { tiers: [[a.id], [b.id]] } });
  await call(t, 'PUT', `/api/v1/windows/${o.windows.general2.id}/profile`, 200, { token: t.adminToken, body: { tiers: [[b.id]] } });
  await call(t, 'POST', `/api/v1/windows/${o.windows.general.id}/sign-in`, 200, { token: o.accounts.staff.token });
  await call(t, 'POST', `/api/v1/windows/${o.windows.general2.id}/sign-in`, 200, { token: o.accounts.staff2.token });
});
afterAll(async () => t?.close());

const kioskTicket = (body: Record<string, unknown>) => call(t, 'POST', '/api/v1/tickets', 201, { token: o.tokens.kiosk, body: { centerId: o.city.id, channel: 'kiosk', ...body } });

describe('a ticket from the kiosk to the window', () => {
  it('is numbered by category and day, called by the window that serves it, started and finished', async () => {
    const first = await kioskTicket({ categoryId: a.id });
    expect(first).toMatchObject({ number: expect.stringMatching(/^A\d{3}$/), status: 'waiting', categoryId: a.id, ahead: 0 });
    const second = await kioskTicket({ categoryId: a.id });
    expect(Number(second.number.slice(1))).toBe(Number(first.number.slice(1)) + 1);
    expect(second.ahead).toBe(1);

    const { ticket } = await call(t, 'POST', `/api/v1/windows/${o.windows.general.id}/call-next`, 200, { token: o.accounts.staff.token });
    expect(ticket).toMatchObject({ id: first.id, status: 'called', windowNumber: 1 });
    expectError(await t.request('POST', `/api/v1/windows/${o.windows.general.id}/call-next`, { token: o.accounts.staff.token }), 409, 'WINDOW_BUSY');
    expectError(await t.request('POST', `/api/v1/tickets/${first.id}/finish`, { token: o.accounts.staff.token }), 409, 'INVALID_TICKET_STATE');
    await call(t, 'POST', `/api/v1/tickets/${first.id}/start`, 200, { token: o.accounts.staff.token });
    const done = await call(t, 'POST', `/api/v1/tickets/${first.id}/finish`, 200, { token: o.accounts.staff.token });
    expect(done.status).toBe('done');
    expect((await call(t, 'GET', `/api/v1/tickets/${second.id}`, 200)).ahead).toBe(0);
  });

  it('answers QUEUE_EMPTY when nothing the window serves is waiting', async () => {
    const window = o.windows.general2.id;
    expectError(await t.request('POST', `/api/v1/windows/${window}/call-next`, { token: o.accounts.staff2.token }), 409, 'QUEUE_EMPTY');
  });

  it('gives a transferred visitor the same number and original arrival in the new category', async () => {
    // Clear what window 1 has waiting first.
    for (;;) {
      const res = await t.request('POST', `/api/v1/windows/${o.windows.general.id}/call-next`, { token: o.accounts.staff.token });
      if (res.statusCode === 409) break;
      await call(t, 'POST', `/api/v1/tickets/${res.json().ticket.id}/no-show`, 200, { token: o.accounts.staff.token });
    }
    const early = await kioskTicket({ categoryId: a.id });
    const laterInB = await kioskTicket({ categoryId: b.id });
    const { ticket } = await call(t, 'POST', `/api/v1/windows/${o.windows.general.id}/call-next`, 200, { token: o.accounts.staff.token });
    expect(ticket.id).toBe(early.id);
    const moved = await call(t, 'POST', `/api/v1/tickets/${early.id}/transfer`, 200, { token: o.accounts.staff.token, body: { categoryId: b.id } });
    expect(moved).toMatchObject({ number: early.number, categoryId: b.id, status: 'waiting', ahead: 0 });
    expect((await call(t, 'GET', `/api/v1/tickets/${early.id}`, 200)).status).toBe('transferred');
    const next = await call(t, 'POST', `/api/v1/windows/${o.windows.general2.id}/call-next`, 200, { token: o.accounts.staff2.token });
    expect(next.ticket.id).toBe(moved.id);
    expect(laterInB.id).not.toBe(next.ticket.id);
  });
});
