import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent } from '../../src/server/platform/events.ts';
import type { TestApp } from '../helpers/testApp.ts';
import { eventually, expectStatus, orgApp, type Org } from '../helpers/fixtures.ts';
import { openStream, type SseEvent, type Stream } from '../helpers/sse.ts';

/** Live events over a real port: what hall displays and consoles receive, and how they catch up. */

let t: TestApp;
let o: Org;
let base: string;
beforeAll(async () => {
  ({ t, o } = await orgApp());
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => t?.close());

const opened: Stream[] = [];
afterEach(() => {
  for (const stream of opened.splice(0)) stream.close();
});

async function stream(centerId: string, headers: Record<string, string> = {}, query = ''): Promise<Stream> {
  const s = await openStream(`${base}/api/v1/centers/${centerId}/events${query}`, headers);
  opened.push(s);
  return s;
}
/** A fresh stream that has told where it starts. */
async function ready(centerId: string, headers: Record<string, string> = {}): Promise<{ s: Stream; readyId: string }> {
  const s = await stream(centerId, headers);
  expect(s.status).toBe(200);
  const first = await s.waitFor((e) => e.event === 'ready');
  return { s, readyId: first.id! };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const data = (event: SseEvent) => JSON.parse(event.data) as Record<string, unknown>;
const act = (token: string, windowId: string, action: string, body?: unknown) => t.request('POST', `/api/v1/windows/${windowId}/${action}`, { token, body });

/** Publishes an event the way a module does: inside its transaction. */
const publish = (centerId: string, type: string, audience: 'public' | 'staff', payload: Record<string, unknown> = {}) =>
  t.database.db.transaction().execute((trx) => publishEvent(trx, { type, centerId, audience, data: payload }));

describe('GET /api/v1/centers/:id/events', () => {
  it('streams text/event-stream and starts with a ready event carrying the newest event id', async () => {
    await publish(o.city.id, 'queue.changed', 'public', { marker: 'before' });
    const { s, readyId } = await ready(o.city.id);
    expect(s.contentType).toMatch(/^text\/event-stream/);
    expect(Number(readyId)).toBeGreaterThan(0);
    expect(s.events[0]).toEqual({ id: readyId, event: 'ready', data: '{}' });
  });

  it('delivers window.changed when a window is signed in, and everything missed after a reconnect with Last-Event-ID', async () => {
    const staff = o.accounts.staff;
    const w = o.windows.general;
    const { s, readyId } = await ready(o.city.id);

    expectStatus(await act(staff.token, w.id, 'sign-in'), 200);
    const signedIn = await s.waitFor((e) => e.event === 'window.changed');
    expect(data(signedIn)).toEqual({ windowId: w.id, number: 1, name: '综合窗口 1', status: 'open', staffName: '测试staff', pauseReason: null, eventId: Number(signedIn.id), at: expect.any(String) });
    expect(Number(signedIn.id)).toBeGreaterThan(Number(readyId));
    s.close();

    // while nobody listens
    expectStatus(await act(staff.token, w.id, 'pause', { reason: '午休' }), 200);
    expectStatus(await act(staff.token, w.id, 'resume'), 200);
    expectStatus(await act(staff.token, w.id, 'sign-out'), 200);

    const again = await stream(o.city.id, { 'last-event-id': readyId });
    const caughtUp = await eventually(() => (again.ofType('window.changed').length >= 4 ? again.ofType('window.changed') : undefined), 5000, 'four window events');
    expect(caughtUp.map((e) => data(e).status)).toEqual(['open', 'paused', 'open', 'closed']);
    expect(data(caughtUp[1]!).pauseReason).toBe('午休');
    const ids = caughtUp.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(caughtUp[0]!.id).toBe(signedIn.id);
    expect(again.ofType('ready')).toEqual([]);

    // the same through the query parameter, from the sign-in on: only what came after it
    const byQuery = await stream(o.city.id, {}, `?lastEventId=${signedIn.id}`);
    const rest = await eventually(() => (byQuery.ofType('window.changed').length >= 3 ? byQuery.ofType('window.changed') : undefined), 5000, 'three window events');
    expect(rest.map((e) => data(e).status)).toEqual(['paused', 'open', 'closed']);

    // a resumed stream goes on live
    await publish(o.city.id, 'queue.changed', 'public', { marker: 'live' });
    expect(data(await again.waitFor((e) => e.event === 'queue.changed' && data(e).marker === 'live'))).toMatchObject({ marker: 'live' });
  });

  it("keeps each center's events to its own streams", async () => {
    const { s } = await ready(o.city.id);
    await publish(o.other.id, 'queue.changed', 'public', { marker: 'other' });
    await publish(o.district.id, 'queue.changed', 'public', { marker: 'district' });
    await publish(o.city.id, 'queue.changed', 'public', { marker: 'city' });
    await s.waitFor((e) => data(e).marker === 'city');
    expect(s.ofType('queue.changed').map((e) => data(e).marker)).toEqual(['city']);
  });

  it('shows staff-audience events only to admins, managers and supervisors of the center', async () => {
    const watchers = {
      anonymous: await ready(o.city.id),
      admin: await ready(o.city.id, { cookie: `onedoor_session=${t.adminToken}` }),
      manager: await ready(o.city.id, bearer(o.accounts.cityManager.token)),
      supervisor: await ready(o.city.id, { cookie: `onedoor_session=${o.accounts.supervisor.token}` }),
      windowStaff: await ready(o.city.id, bearer(o.accounts.staff.token)),
      otherManager: await ready(o.city.id, bearer(o.accounts.otherManager.token)),
      kiosk: await ready(o.city.id, bearer(o.tokens.kiosk)),
    };
    const start = watchers.anonymous.readyId;
    await publish(o.city.id, 'rating.created', 'staff', { score: 1, marker: 'secret' });
    await publish(o.city.id, 'queue.changed', 'public', { marker: 'after-secret' });
    const sees: Record<string, boolean> = {};
    for (const [who, { s }] of Object.entries(watchers)) {
      await s.waitFor((e) => data(e).marker === 'after-secret');
      sees[who] = s.ofType('rating.created').length === 1;
    }
    expect(sees).toEqual({ anonymous: false, admin: true, manager: true, supervisor: true, windowStaff: false, otherManager: false, kiosk: false });

    // catching up applies the same rule
    const anonymousAgain = await stream(o.city.id, { 'last-event-id': start });
    const adminAgain = await stream(o.city.id, { ...bearer(t.adminToken), 'last-event-id': start });
    for (const s of [anonymousAgain, adminAgain]) await s.waitFor((e) => data(e).marker === 'after-secret');
    expect(anonymousAgain.ofType('rating.created')).toEqual([]);
    expect(adminAgain.ofType('rating.created').map((e) => data(e).marker)).toEqual(['secret']);
  });

  it('answers an unknown center with 404 in the error shape, and a bad Last-Event-ID as a fresh start', async () => {
    const missing = await stream('nowhere');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.errorBody!)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const badQuery = await stream(o.city.id, {}, '?lastEventId=-5');
    expect(badQuery.status).toBe(400);
    const badHeader = await stream(o.city.id, { 'last-event-id': 'yesterday' });
    await badHeader.waitFor((e) => e.event === 'ready');
  });

  it('counts open streams and forgets closed ones', async () => {
    await eventually(() => (t.app.liveClients.count === 0 ? true : undefined), 5000, 'no open streams');
    const a = await ready(o.city.id);
    await ready(o.district.id);
    expect(t.app.liveClients.count).toBe(2);
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^onedoor_live_clients 2$/m);
    a.s.close();
    await eventually(() => (t.app.liveClients.count === 1 ? true : undefined), 5000, 'one open stream');
  });
});
