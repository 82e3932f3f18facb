import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchWebhooks, enqueueDeliveries } from '../../src/server/modules/integrations/service.ts';
import { maxAttempts, retryDelaysMs } from '../../src/server/modules/integrations/rules.ts';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { auditOf, call, countRows, create, eventually, expectError, expectRefused, orgApp, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';

/**
 * Webhooks to department systems, against a real HTTP receiver on a local port: signed deliveries made
 * exactly once per status change and endpoint, retries on the back-off schedule with an injected clock,
 * a dead letter after the last attempt, and an admin's replay.
 */

type Json = any;

let t: TestApp;
let o: Org;
let item: Json;
let key: string;
let server: Server;
let base: string;
/** What the receiver answers next: a status, or a redirect to another host. */
let mode: 'ok' | 'fail' | 'redirect' = 'ok';
const received: { headers: IncomingHttpHeaders; body: string; path: string }[] = [];

const person = { kind: 'person', idNumber: `44010119800101123${idNumberCheckChar('44010119800101123')}`, name: '王五', phone: '13800138000' };
const staff = () => o.accounts.staff.token;
const db = () => t.database.db;

async function acceptedCase(): Promise<Json> {
  const created = await call(t, 'POST', '/api/v1/cases', 201, { token: staff(), body: { itemId: item.id, applicant: person, channel: 'window', materials: item.materials.map((m: Json) => ({ materialId: m.id, status: 'received' })) } });
  return call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: staff() });
}

const deliveries = async (status?: string) =>
  (await call(t, 'GET', `/api/v1/departments/${o.police.id}/webhook-deliveries?pageSize=200${status ? `&status=${status}` : ''}`, 200, { token: t.adminToken })).items as Json[];

const verify = (secret: string, r: { headers: IncomingHttpHeaders; body: string }) =>
  r.headers['x-onedoor-signature'] === `sha256=${createHmac('sha256', secret).update(`${r.headers['x-onedoor-timestamp']}.${r.body}`).digest('hex')}`;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body, path: req.url ?? '' });
      if (mode === 'redirect') res.writeHead(302, { location: 'http://example.invalid/elsewhere' }).end();
      else if (mode === 'fail') res.writeHead(503, { 'content-type': 'text/plain' }).end(`系统维护中 ${'x'.repeat(5000)}`);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ({ t, o } = await orgApp({ config: { webhookIntervalMs: 0 } }));
  item = await create(t, '/api/v1/items', { code: 'HOOK-1', name: '推送测试许可', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, materials: [{ name: '申请书' }] });
  key = (await create(t, `/api/v1/departments/${o.police.id}/integration-keys`, { name: '公安审批系统' })).token;
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('webhook endpoints', () => {
  let secret: string;
  let endpoint: Json;

  it('adds an endpoint with a secret shown once, refusing bad addresses and other admins', async () => {
    const url = `/api/v1/departments/${o.police.id}/webhooks`;
    expectError(await t.request('POST', url, { token: t.adminToken, body: { name: '公安', url: 'ftp://x.cn/hook' } }), 400, 'INVALID_URL');
    await expectRefused(t, () => t.request('POST', url, { token: o.accounts.otherAdmin.token, body: { name: '公安', url: `${base}/hook` } }), 403, 'FORBIDDEN');
    await expectRefused(t, () => t.request('POST', url, { token: key, body: { name: '公安', url: `${base}/hook` } }), 403, 'FORBIDDEN');
    const created = await create(t, url, { name: '公安审批系统', url: `${base}/hook` });
    ({ secret, endpoint } = created);
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ departmentId: o.police.id, url: `${base}/hook`, secretHint: secret.slice(0, 10), disabled: false });
    const listed = await call(t, 'GET', url, 200, { token: t.adminToken });
    expect(listed).toEqual([endpoint]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((await auditOf(t, endpoint.id))[0]).toMatchObject({ action: 'webhook.create' });
    expect(JSON.stringify(await auditOf(t, endpoint.id))).not.toContain(secret);
  });

  it('POSTs every status change once, signed, with the event id and timestamp', async () => {
    received.length = 0;
    mode = 'ok';
    const c = await acceptedCase();
    const round = await dispatchWebhooks(db(), { settleMs: 0 });
    expect(round).toMatchObject({ created: 1, delivered: 1, failed: 0, dead: 0 });
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r!.path).toBe('/hook');
    expect(verify(secret, r!)).toBe(true);
    expect(verify('whsec_wrong', r!)).toBe(false);
    expect(r!.headers['x-onedoor-timestamp']).toMatch(/^\d{10}$/);
    expect(r!.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(r!.body);
    expect(body).toMatchObject({ event: 'case.updated', id: r!.headers['x-onedoor-event-id'], case: { id: c.id, caseNo: c.caseNo, status: 'accepted', departmentId: o.police.id } });
    expect(body.case.applicant.identifier).not.toBe(person.idNumber);
    // Exactly once: another round makes and sends nothing.
    expect(await dispatchWebhooks(db(), { settleMs: 0 })).toMatchObject({ created: 0, delivered: 0 });
    expect(await enqueueDeliveries(db(), { settleMs: 0 })).toBe(0);
    expect(received).toHaveLength(1);
    const [listed] = await deliveries('delivered');
    expect(listed).toMatchObject({ caseId: c.id, caseNo: c.caseNo, status: 'delivered', attempts: 1, lastStatus: 200, responseExcerpt: '{"ok":true}', nextAttemptAt: null });
  });

  it('retries a failing receiver on the back-off schedule, then keeps a dead letter an admin can replay', async () => {
    received.length = 0;
    mode = 'fail';
    const c = await acceptedCase();
    // The system decides through the API: another status change, another delivery.
    expect((await call(t, 'POST', `/api/v1/integration/cases/${c.id}/decide`, 200, { token: key, body: { approved: true } })).status).toBe('decided');
    let now = new Date(Date.now() + 1000);
    expect(await dispatchWebhooks(db(), { settleMs: 0, now })).toMatchObject({ created: 2, failed: 2 });
    for (let attempt = 1; attempt < maxAttempts; attempt++) {
      const waiting = await deliveries('pending');
      expect(waiting).toHaveLength(2);
      for (const d of waiting) {
        expect(d.attempts).toBe(attempt);
        expect(new Date(d.nextAttemptAt).getTime() - now.getTime()).toBe(retryDelaysMs[attempt - 1]);
        expect(d.lastStatus).toBe(503);
        expect(d.responseExcerpt.length).toBeLessThanOrEqual(500);
      }
      // Not yet due: nothing is sent.
      expect(await dispatchWebhooks(db(), { settleMs: 0, now: new Date(now.getTime() + retryDelaysMs[attempt - 1]! - 1000) })).toMatchObject({ failed: 0, dead: 0, delivered: 0 });
      now = new Date(now.getTime() + retryDelaysMs[attempt - 1]!);
      const round = await dispatchWebhooks(db(), { settleMs: 0, now });
      expect(round).toMatchObject(attempt + 1 < maxAttempts ? { failed: 2, dead: 0 } : { failed: 0, dead: 2 });
    }
    expect(received).toHaveLength(2 * maxAttempts);
    expect(received.every((r) => verify(secret, r))).toBe(true);
    const dead = await deliveries('dead');
    expect(dead.map((d) => d.caseId)).toEqual([c.id, c.id]);
    expect(dead.every((d) => d.attempts === maxAttempts && d.nextAttemptAt === null && d.lastError === 'HTTP 503')).toBe(true);
    // Nothing more happens to a dead letter.
    expect(await dispatchWebhooks(db(), { settleMs: 0, now: new Date(now.getTime() + 30 * 86_400_000) })).toMatchObject({ failed: 0, dead: 0, delivered: 0 });

    // Replay: only by an admin over the department, only a dead letter.
    const [letter] = dead;
    await expectRefused(t, () => t.request('POST', `/api/v1/webhook-deliveries/${letter.id}/replay`, { token: o.accounts.otherAdmin.token }), 403, 'FORBIDDEN');
    await expectRefused(t, () => t.request('POST', `/api/v1/webhook-deliveries/${letter.id}/replay`, { token: key }), 403, 'FORBIDDEN');
    const replayed = await call(t, 'POST', `/api/v1/webhook-deliveries/${letter.id}/replay`, 200, { token: o.accounts.cityAdmin.token });
    expect(replayed).toMatchObject({ status: 'pending', attempts: 0 });
    expectError(await t.request('POST', `/api/v1/webhook-deliveries/${letter.id}/replay`, { token: t.adminToken }), 409, 'NOT_DEAD_LETTER');
    expect((await auditOf(t, letter.id))[0]).toMatchObject({ action: 'webhook_delivery.replay', actorKind: 'user' });
    mode = 'ok';
    received.length = 0;
    expect(await dispatchWebhooks(db(), { settleMs: 0 })).toMatchObject({ delivered: 1, dead: 0 });
    expect(received).toHaveLength(1);
    expect(verify(secret, received[0]!)).toBe(true);
    expect(JSON.parse(received[0]!.body).id).toBe(letter.eventId);
    expect((await deliveries('dead')).map((d) => d.id)).toEqual([dead[1].id]);
  });

  it('does not follow a redirect', async () => {
    received.length = 0;
    mode = 'redirect';
    await acceptedCase();
    expect(await dispatchWebhooks(db(), { settleMs: 0 })).toMatchObject({ created: 1, failed: 1 });
    expect(received).toHaveLength(1);
    const [latest] = await deliveries('pending');
    expect(latest).toMatchObject({ lastStatus: 302, attempts: 1 });
    expect(latest.lastError).toContain('重定向');
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const stalled = await new Promise<Server>((resolve) => {
      const s = createServer(() => undefined);
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/slow`;
      const slow = await create(t, `/api/v1/departments/${o.tax.id}/webhooks`, { name: '税务', url });
      const taxItem = await create(t, '/api/v1/items', { code: 'HOOK-2', name: '税务推送', departmentId: o.tax.id, type: '公共服务', legalDays: 10, promisedDays: 3, materials: [] });
      const created = await call(t, 'POST', '/api/v1/cases', 201, { token: staff(), body: { itemId: taxItem.id, applicant: person, channel: 'window', materials: [] } });
      await call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: staff() });
      // A fetch that gives up the way the 5-second timeout does, so the test does not wait for it.
      const timingOut: typeof fetch = async (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(50) });
      expect(await dispatchWebhooks(db(), { settleMs: 0, fetch: timingOut })).toMatchObject({ created: 1, failed: 1 });
      const { items } = await call(t, 'GET', `/api/v1/departments/${o.tax.id}/webhook-deliveries`, 200, { token: t.adminToken });
      expect(items[0]).toMatchObject({ endpointId: slow.endpoint.id, lastStatus: null, attempts: 1 });
      expect(items[0].lastError).toContain('超时');
    } finally {
      stalled.closeAllConnections();
      await new Promise((resolve) => stalled.close(resolve));
    }
  });

  it('makes no deliveries for a disabled endpoint and holds its waiting ones', async () => {
    await expectRefused(t, () => t.request('PATCH', `/api/v1/webhooks/${endpoint.id}`, { token: o.accounts.cityManager.token, body: { disabled: true } }), 403, 'FORBIDDEN');
    const disabled = await call(t, 'PATCH', `/api/v1/webhooks/${endpoint.id}`, 200, { token: t.adminToken, body: { disabled: true } });
    expect(disabled.disabled).toBe(true);
    received.length = 0;
    mode = 'ok';
    const before = await countRows(t, 'webhook_deliveries');
    await acceptedCase();
    const far = new Date(Date.now() + 86_400_000);
    expect(await dispatchWebhooks(db(), { settleMs: 0, now: far })).toMatchObject({ created: 0, delivered: 0 });
    expect(await countRows(t, 'webhook_deliveries')).toBe(before);
    expect(received).toHaveLength(0);
    await call(t, 'PATCH', `/api/v1/webhooks/${endpoint.id}`, 200, { token: t.adminToken, body: { disabled: false } });
    // The redirect's delivery, held while disabled, goes out now.
    expect(await dispatchWebhooks(db(), { settleMs: 0, now: far })).toMatchObject({ delivered: 1 });
  });
});

describe('the dispatcher the app starts', () => {
  it('delivers on its own, and stops with the app', async () => {
    const { t: live, o: org } = await orgApp({ config: { webhookIntervalMs: 100 } });
    try {
      const liveItem = await create(live, '/api/v1/items', { code: 'HOOK-9', name: '自动推送', departmentId: org.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, materials: [] });
      await create(live, `/api/v1/departments/${org.police.id}/webhooks`, { name: '公安', url: `${base}/auto` });
      mode = 'ok';
      const created = await call(live, 'POST', '/api/v1/cases', 201, { token: org.accounts.staff.token, body: { itemId: liveItem.id, applicant: person, channel: 'window', materials: [] } });
      await call(live, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: org.accounts.staff.token });
      // The app's rounds wait for events to settle (2 s) and then send: no clock is moved here.
      const hit = await eventually(() => received.find((r) => r.path === '/auto'), 30_000, 'a delivery from the running dispatcher');
      expect(JSON.parse(hit.body).case.id).toBe(created.id);
    } finally {
      await live.close();
    }
  });
});
