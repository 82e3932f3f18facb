import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** 请工作人员帮我: a kiosk or terminal calls hall staff; staff of the center see it and one of them acknowledges it. */

let t: TestApp;
let o: Org;
type Json = any;
let terminal: { device: Json; token: string };

beforeAll(async () => {
  ({ t, o } = await orgApp());
  terminal = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'terminal', name: '大厅终端' });
});
afterAll(async () => t?.close());

const press = (token: string) => t.request('POST', '/api/v1/help-requests', { token });
const listOf = (token: string) => call(t, 'GET', `/api/v1/centers/${o.city.id}/help-requests`, 200, { token });

describe('a call for help from the hall', () => {
  it('opens once per device (a second press is the same call), is listed for the center’s staff, acknowledged once', async () => {
    const first = await press(o.tokens.kiosk);
    expect(first.statusCode, first.body).toBe(201);
    const call1 = first.json();
    expect(call1).toMatchObject({ centerId: o.city.id, deviceName: '取号机 1', status: 'open', acknowledgedAt: null });
    const again = await press(o.tokens.kiosk);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(call1.id);
    const fromTerminal = (await press(terminal.token)).json();
    expect(fromTerminal.id).not.toBe(call1.id);

    const listed = await listOf(o.accounts.staff.token);
    expect(listed.map((r: Json) => r.id).sort()).toEqual([call1.id, fromTerminal.id].sort());
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/help-requests`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', `/api/v1/help-requests/${call1.id}/acknowledge`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');

    // The calling kiosk follows its own call; another device is told nothing of it.
    expect(await call(t, 'GET', `/api/v1/help-requests/${call1.id}`, 200, { token: o.tokens.kiosk })).toMatchObject({ id: call1.id, status: 'open' });
    expectError(await t.request('GET', `/api/v1/help-requests/${call1.id}`, { token: terminal.token }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', `/api/v1/help-requests/${call1.id}`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/help-requests/0190aaaa-0000-7000-8000-000000000000'), 401, 'UNAUTHENTICATED');

    const taken = await call(t, 'POST', `/api/v1/help-requests/${call1.id}/acknowledge`, 200, { token: o.accounts.staff.token });
    expect(await call(t, 'GET', `/api/v1/help-requests/${call1.id}`, 200, { token: o.tokens.kiosk })).toMatchObject({ status: 'acknowledged', acknowledgedAt: taken.acknowledgedAt });
    expect(taken).toMatchObject({ status: 'acknowledged', acknowledgedBy: '测试staff', acknowledgedAt: expect.any(String) });
    expectError(await t.request('POST', `/api/v1/help-requests/${call1.id}/acknowledge`, { token: o.accounts.staff2.token }), 409, 'ALREADY_ACKNOWLEDGED');
    expect((await auditOf(t, call1.id)).map((a: Json) => a.action).sort()).toEqual(['help.acknowledge', 'help.request']);
    // Open ones first.
    expect((await listOf(o.accounts.supervisor.token)).map((r: Json) => r.status)).toEqual(['open', 'acknowledged']);
    // Acknowledged, the kiosk may call again: a new call.
    const next = await press(o.tokens.kiosk);
    expect(next.statusCode).toBe(201);
    expect(next.json().id).not.toBe(call1.id);
  });

  it('only a kiosk or terminal presses it; an unknown call is 404', async () => {
    expectError(await press(o.accounts.staff.token), 403, 'FORBIDDEN');
    const display = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'hall_display', name: '大厅屏' });
    expectError(await press(display.token), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/help-requests'), 401, 'UNAUTHENTICATED');
    expectError(await t.request('POST', '/api/v1/help-requests/0190aaaa-0000-7000-8000-000000000000/acknowledge', { token: o.accounts.staff.token }), 404, 'NOT_FOUND');
  });
});
