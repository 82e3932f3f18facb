import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, call, countRows, create, expectError, expectRefused, expectStatus, orgApp, type Org } from '../helpers/fixtures.ts';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** Department systems (实时对接): API keys per department, pulling the department's changed cases, pushing decisions. */

type Json = any;

let t: TestApp;
let o: Org;
let item: Json;
let taxItem: Json;
let policeKey: string;
let taxKey: string;

const person = { kind: 'person', idNumber: `44010119800101123${idNumberCheckChar('44010119800101123')}`, name: '张三丰', phone: '13800138000' };
const staff = () => o.accounts.staff.token;

async function acceptedCase(of: Json): Promise<Json> {
  const created = await call(t, 'POST', '/api/v1/cases', 201, { token: staff(), body: { itemId: of.id, applicant: person, channel: 'window', materials: of.materials.map((m: Json) => ({ materialId: m.id, status: 'received' })) } });
  return call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: staff() });
}

/** Lets time pass for the events so far: the cursor moves only past events a couple of seconds old. */
const settle = () => sql`UPDATE event_log SET at = at - interval '1 hour'`.execute(t.database.db);

const pull = (key: string | undefined, since?: string, limit?: number) => {
  const query = new URLSearchParams({ ...(since !== undefined && { since }), ...(limit !== undefined && { limit: String(limit) }) });
  return t.request('GET', `/api/v1/integration/cases?${query}`, { token: key });
};

beforeAll(async () => {
  ({ t, o } = await orgApp({ config: { webhookIntervalMs: 0 } }));
  item = await create(t, '/api/v1/items', { code: 'INT-1', name: '对接测试许可', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, materials: [{ name: '申请书' }] });
  taxItem = await create(t, '/api/v1/items', { code: 'INT-2', name: '税务对接事项', departmentId: o.tax.id, type: '公共服务', legalDays: 10, promisedDays: 3, materials: [{ name: '申请表' }] });
});
afterAll(async () => t?.close());

describe('API keys', () => {
  it('creates a key shown once, keeps only its hash, lists the hint, and audits', async () => {
    const created = await create(t, `/api/v1/departments/${o.police.id}/integration-keys`, { name: '公安审批系统' });
    expect(created.token).toMatch(/^odk_[A-Za-z0-9_-]{20,}$/);
    expect(created.key).toMatchObject({ departmentId: o.police.id, centerId: o.city.id, name: '公安审批系统', tokenHint: created.token.slice(0, 8), revokedAt: null });
    policeKey = created.token;
    const listed = await call(t, 'GET', `/api/v1/departments/${o.police.id}/integration-keys`, 200, { token: t.adminToken });
    expect(listed).toEqual([created.key]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(await countRows(t, 'integration_keys', { token_hash: createHash('sha256').update(created.token).digest('hex') })).toBe(1);
    expect(await countRows(t, 'integration_keys', { token_hash: created.token })).toBe(0);
    const [record] = await auditOf(t, created.key.id);
    expect(record).toMatchObject({ action: 'integration_key.create', actorKind: 'user' });
    expect(JSON.stringify(record)).not.toContain(created.token);
  });

  it("lets the city's admin create one, and refuses everyone else without changing anything", async () => {
    const created = await create(t, `/api/v1/departments/${o.tax.id}/integration-keys`, { name: '税务系统' }, o.accounts.cityAdmin.token);
    taxKey = created.token;
    const url = `/api/v1/departments/${o.police.id}/integration-keys`;
    for (const who of ['otherAdmin', 'cityManager', 'approver', 'staff', 'supervisor'] as const) {
      await expectRefused(t, () => t.request('POST', url, { token: o.accounts[who].token, body: { name: 'x' } }), 403, 'FORBIDDEN');
      expectError(await t.request('GET', url, { token: o.accounts[who].token }), 403, 'FORBIDDEN');
    }
    await expectRefused(t, () => t.request('POST', url, { body: { name: 'x' } }), 401, 'UNAUTHENTICATED');
    await expectRefused(t, () => t.request('POST', url, { token: policeKey, body: { name: 'x' } }), 403, 'FORBIDDEN');
    await expectRefused(t, () => t.request('POST', url, { token: o.tokens.kiosk, body: { name: 'x' } }), 403, 'FORBIDDEN');
  });

  it('answers a bad request or an unknown department with 400 / 404', async () => {
    expectError(await t.request('POST', `/api/v1/departments/${o.police.id}/integration-keys`, { token: t.adminToken, body: { name: '' } }), 400, 'VALIDATION_ERROR');
    expectError(await t.request('POST', '/api/v1/departments/nope/integration-keys', { token: t.adminToken, body: { name: 'x' } }), 404, 'NOT_FOUND');
    expectError(await t.request('POST', '/api/v1/integration-keys/nope/revoke', { token: t.adminToken }), 404, 'NOT_FOUND');
  });

  it('is refused by every staff and device endpoint', async () => {
    const c = await acceptedCase(item);
    const refused: [string, string, unknown?][] = [
      ['GET', '/api/v1/auth/me'],
      ['GET', '/api/v1/users'],
      ['GET', `/api/v1/audit?centerId=${o.city.id}`],
      ['GET', `/api/v1/centers/${o.city.id}/windows`],
      ['GET', `/api/v1/windows/${o.windows.policeWindow.id}`],
      ['GET', '/api/v1/windows/mine'],
      ['GET', '/api/v1/devices/me'],
      ['GET', `/api/v1/centers/${o.city.id}/cases`],
      ['GET', `/api/v1/cases/${c.id}`],
      ['POST', `/api/v1/cases/${c.id}/decide`, { approved: true }],
      ['POST', `/api/v1/cases/${c.id}/suspend`, { reason: '专家评审' }],
      ['POST', '/api/v1/departments', { centerId: o.city.id, name: '新部门' }],
      ['POST', `/api/v1/windows/${o.windows.policeWindow.id}/sign-in`],
      ['POST', '/api/v1/tickets', { centerId: o.city.id, categoryId: 'x', channel: 'staff' }],
      ['GET', `/api/v1/departments/${o.police.id}/webhooks`],
      ['GET', `/api/v1/departments/${o.police.id}/webhook-deliveries`],
    ];
    for (const [method, url, body] of refused) {
      const res = await t.request(method, url, { token: policeKey, ...(body !== undefined && { body }) });
      expect([401, 403, 404], `${method} ${url}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      expect(res.statusCode, `${method} ${url}`).not.toBe(200);
    }
    expect((await call(t, 'GET', `/api/v1/cases/${c.id}`, 200, { token: staff() })).status).toBe('accepted');
  });
});

describe('pull and push', () => {
  let cursor = '0';
  let ours: Json;
  let theirs: Json;

  it("pulls the department's changed cases after a cursor, each once, and not other departments'", async () => {
    await settle();
    const start = expectStatus(await pull(policeKey), 200);
    cursor = start.cursor;
    expect(Number(cursor)).toBeGreaterThan(0);
    ours = await acceptedCase(item);
    theirs = await acceptedCase(taxItem);
    const fresh = expectStatus(await pull(policeKey, cursor), 200);
    expect(fresh.items.map((c: Json) => c.id)).toEqual([ours.id]);
    expect(fresh.items[0]).toMatchObject({ caseNo: ours.caseNo, status: 'accepted', departmentId: o.police.id });
    expect(fresh.items[0].applicant.identifier).not.toBe(person.idNumber);
    // Changes of the last seconds are answered, but the cursor waits until they settle: they come again.
    expect(fresh.cursor).toBe(cursor);
    expect(expectStatus(await pull(policeKey, cursor), 200).items.map((c: Json) => c.id)).toEqual([ours.id]);
    await settle();
    const page = expectStatus(await pull(policeKey, cursor), 200);
    expect(page.items.map((c: Json) => c.id)).toEqual([ours.id]);
    expect(Number(page.cursor)).toBeGreaterThan(Number(cursor));
    expect(page.hasMore).toBe(false);
    const taxPage = expectStatus(await pull(taxKey, cursor), 200);
    expect(taxPage.items.map((c: Json) => c.id)).toEqual([theirs.id]);
    cursor = page.cursor;
    expect(expectStatus(await pull(policeKey, cursor), 200)).toEqual({ items: [], cursor, hasMore: false });
  });

  it('pages with limit and says when more wait', async () => {
    await settle();
    const first = expectStatus(await pull(policeKey, '0', 1), 200);
    expect(first.hasMore).toBe(true);
    const second = expectStatus(await pull(policeKey, first.cursor, 1), 200);
    expect(Number(second.cursor)).toBeGreaterThan(Number(first.cursor));
  });

  it('reads one case of the department, and answers 404 for another department', async () => {
    expect(expectStatus(await t.request('GET', `/api/v1/integration/cases/${ours.id}`, { token: policeKey }), 200).id).toBe(ours.id);
    expectError(await t.request('GET', `/api/v1/integration/cases/${theirs.id}`, { token: policeKey }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', '/api/v1/integration/cases/nope', { token: policeKey }), 404, 'NOT_FOUND');
  });

  it('pushes a decision and the completion, named after the system in steps and audit', async () => {
    const decided = expectStatus(await t.request('POST', `/api/v1/integration/cases/${ours.id}/decide`, { token: policeKey, body: { approved: true, reason: '材料齐全' } }), 200);
    expect(decided).toMatchObject({ status: 'decided', approved: true, decisionReason: '材料齐全' });
    const page = expectStatus(await pull(policeKey, cursor), 200);
    expect(page.items.map((c: Json) => [c.id, c.status])).toEqual([[ours.id, 'decided']]);
    const completed = expectStatus(await t.request('POST', `/api/v1/integration/cases/${ours.id}/complete`, { token: policeKey, body: { delivery: 'electronic' } }), 200);
    expect(completed).toMatchObject({ status: 'completed', delivery: 'electronic' });
    const steps = await call(t, 'GET', `/api/v1/cases/${ours.id}/steps`, 200, { token: staff() });
    expect(steps.slice(-2).map((s: Json) => [s.action, s.actorName])).toEqual([
      ['decide', '部门系统：公安审批系统'],
      ['complete', '部门系统：公安审批系统'],
    ]);
    const records = await auditOf(t, ours.id);
    expect(records[0]).toMatchObject({ action: 'case.complete', actorKind: 'system', actorName: '部门系统：公安审批系统' });
    expect(records[1]).toMatchObject({ action: 'case.decide', actorKind: 'system' });
  });

  it("refuses other departments' cases, bad input and wrong steps, changing nothing", async () => {
    await expectRefused(t, () => t.request('POST', `/api/v1/integration/cases/${theirs.id}/decide`, { token: policeKey, body: { approved: true } }), 404, 'NOT_FOUND');
    await expectRefused(t, () => t.request('POST', `/api/v1/integration/cases/${theirs.id}/complete`, { token: policeKey, body: { delivery: 'window' } }), 404, 'NOT_FOUND');
    await expectRefused(t, () => t.request('POST', `/api/v1/integration/cases/${ours.id}/decide`, { token: policeKey, body: { approved: true } }), 409, 'INVALID_CASE_STATE');
    const fresh = await acceptedCase(item);
    await expectRefused(t, () => t.request('POST', `/api/v1/integration/cases/${fresh.id}/decide`, { token: policeKey, body: { approved: false } }), 400, 'REASON_REQUIRED');
    await expectRefused(t, () => t.request('POST', `/api/v1/integration/cases/${fresh.id}/complete`, { token: policeKey, body: { delivery: 'window' } }), 409, 'INVALID_CASE_STATE');
    await expectRefused(t, () => t.request('POST', `/api/v1/integration/cases/${fresh.id}/complete`, { token: policeKey, body: { delivery: 'drone' } }), 400, 'VALIDATION_ERROR');
    expectError(await pull(policeKey, 'abc'), 400, 'INVALID_CURSOR');
    expectError(await pull(policeKey, '-5'), 400, 'INVALID_CURSOR');
    expectError(await t.request('GET', '/api/v1/integration/cases?limit=0', { token: policeKey }), 400, 'VALIDATION_ERROR');
  });

  it('refuses people, devices and nobody on the integration endpoints', async () => {
    for (const token of [t.adminToken, staff(), o.accounts.approver.token, o.tokens.kiosk]) {
      expectError(await pull(token), 403, 'FORBIDDEN');
      await expectRefused(t, () => t.request('POST', `/api/v1/integration/cases/${ours.id}/complete`, { token, body: { delivery: 'window' } }), 403, 'FORBIDDEN');
    }
    expectError(await pull(undefined), 401, 'UNAUTHENTICATED');
    expectError(await pull('odk_not-a-real-key'), 401, 'UNAUTHENTICATED');
  });
});

describe('revoking a key', () => {
  it('stops the key at once, keeps it listed as revoked, refuses a second revoke, and audits', async () => {
    const { key, token } = await create(t, `/api/v1/departments/${o.police.id}/integration-keys`, { name: '临时系统' });
    expectStatus(await pull(token), 200);
    await expectRefused(t, () => t.request('POST', `/api/v1/integration-keys/${key.id}/revoke`, { token: o.accounts.otherAdmin.token }), 403, 'FORBIDDEN');
    const revoked = await call(t, 'POST', `/api/v1/integration-keys/${key.id}/revoke`, 200, { token: o.accounts.cityAdmin.token });
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expectError(await pull(token), 401, 'UNAUTHENTICATED');
    expectStatus(await pull(policeKey), 200);
    await expectRefused(t, () => t.request('POST', `/api/v1/integration-keys/${key.id}/revoke`, { token: t.adminToken }), 409, 'KEY_REVOKED');
    const listed = await call(t, 'GET', `/api/v1/departments/${o.police.id}/integration-keys`, 200, { token: t.adminToken });
    expect(listed.find((k: Json) => k.id === key.id).revokedAt).toBe(revoked.revokedAt);
    expect((await auditOf(t, key.id))[0]).toMatchObject({ action: 'integration_key.revoke', actorKind: 'user' });
  });
});
