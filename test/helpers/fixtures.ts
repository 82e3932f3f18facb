import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from './testApp.ts';

/** Password of every account the fixtures create. */
export const staffPassword = 'Window#2026';

/** Response bodies: their shape is what the assertions check. */
type Json = any;

/** Asserts the status (showing the body when it differs) and returns the JSON body. */
export function expectStatus(res: LightMyRequestResponse, status: number): Json {
  expect(res.statusCode, `${res.statusCode} ${res.body}`).toBe(status);
  return res.json();
}

/** Asserts an answer in the error shape of API.md: `{error:{code, message, details?}}` and nothing else. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): { code: string; message: string; details?: unknown } {
  expect(res.statusCode, `${res.statusCode} ${res.body}`).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(Object.keys(body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
  return body.error;
}

/** Sends a request and asserts its status; returns the JSON body. */
export async function call(t: TestApp, method: string, url: string, status: number, options: { token?: string; body?: unknown } = {}): Promise<Json> {
  return expectStatus(await t.request(method, url, options), status);
}

/** Creates something as the admin (or `token`) and returns it. */
export const create = (t: TestApp, url: string, body: unknown, token = t.adminToken): Promise<Json> => call(t, 'POST', url, 201, { token, body });

/** The tables a refused request must leave untouched (sessions and login attempts record the refusal itself). */
export const dataTables = ['centers', 'halls', 'zones', 'departments', 'windows', 'devices', 'users', 'user_roles', 'audit_log', 'event_log'] as const;

/** Every row of the data tables, to compare before and after a request. A device's last contact is left out. */
export async function snapshot(t: TestApp, tables: readonly string[] = dataTables): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    // Statistics announce today's rollup a second after earlier activity, whatever this request did.
    const where = table === 'event_log' ? sql`WHERE type <> 'stats.updated'` : sql``;
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ${where} ORDER BY 1`.execute(t.database.db);
    out[table] = rows.map(({ last_seen_at: _ignored, ...row }) => JSON.parse(JSON.stringify(row)));
  }
  return out;
}

/** Runs a request that must be refused: asserts the error, and that no data changed. */
export async function expectRefused(t: TestApp, send: () => Promise<LightMyRequestResponse>, status: number, code: string): Promise<void> {
  const before = await snapshot(t);
  expectError(await send(), status, code);
  expect(await snapshot(t)).toEqual(before);
}

export async function countRows(t: TestApp, table: string, where?: Record<string, unknown>): Promise<number> {
  const conditions = Object.entries(where ?? {}).map(([column, value]) => (value === null ? sql`${sql.ref(column)} IS NULL` : sql`${sql.ref(column)} = ${value}`));
  const filter = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} ${filter}`.execute(t.database.db);
  return rows[0]!.n;
}

/** One record as GET /api/v1/audit answers it (the fields the helpers read; the rest as they come). */
export type AuditRecord = { action: string; actorKind: string; actorId: string | null; actorName: string | null; before: Json; after: Json } & Record<string, Json>;

/** Audit records of one entity, newest first, read through the audit endpoint as the admin. */
export async function auditOf(t: TestApp, entityId: string): Promise<AuditRecord[]> {
  return (await call(t, 'GET', `/api/v1/audit?entityId=${encodeURIComponent(entityId)}&pageSize=200`, 200, { token: t.adminToken })).items;
}

/** Asserts the newest audit record of an entity: its action, its actor, and whether it holds the state before and after. */
export async function expectAudited(
  t: TestApp,
  entityId: string,
  expected: { action: string; actorId: string; before?: Json; after?: Json },
): Promise<AuditRecord> {
  const [latest] = await auditOf(t, entityId);
  expect(latest, `no audit record for ${entityId}`).toBeDefined();
  expect(latest!.action).toBe(expected.action);
  expect(latest!.actorKind).toBe('user');
  expect(latest!.actorId).toBe(expected.actorId);
  expect(latest!.actorName).toEqual(expect.any(String));
  if ('before' in expected) expect(latest!.before).toEqual(expected.before);
  if ('after' in expected) expect(latest!.after).toEqual(expected.after);
  return latest!;
}

/** The id of the admin account bootstrap created. */
export async function adminId(t: TestApp): Promise<string> {
  return (await call(t, 'GET', '/api/v1/auth/me', 200, { token: t.adminToken })).id;
}

export interface RoleSpec {
  role: string;
  centerId?: string | null;
  departmentId?: string | null;
}

export interface Account {
  id: string;
  username: string;
  token: string;
}

/** Creates an account with these roles (as the admin) and signs it in. */
export async function addAccount(t: TestApp, username: string, roles: RoleSpec[]): Promise<Account> {
  const user = await create(t, '/api/v1/users', { username, password: staffPassword, name: `测试${username}`, roles });
  return { id: user.id, username, token: await t.login(username, staffPassword) };
}

export const allDayHours = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }];

/**
 * A small network to test scopes on:
 *   city ─ district ─ town      other (a second, unrelated city)
 * with departments, a hall, windows, a kiosk, and an account for each kind of person.
 */
export async function buildOrg(t: TestApp) {
  // Open all day every day: kiosks issue only while the hall is open, and the suite runs at any hour.
  const city = await create(t, '/api/v1/centers', { name: '测试市民服务中心', level: 'city', address: '测试路 1 号', openingHours: allDayHours });
  const district = await create(t, '/api/v1/centers', { name: '测试区政务服务中心', level: 'district', parentId: city.id });
  const town = await create(t, '/api/v1/centers', { name: '测试镇便民服务中心', level: 'town', parentId: district.id });
  const other = await create(t, '/api/v1/centers', { name: '另一市民服务中心', level: 'city', openingHours: allDayHours });
  const police = await create(t, '/api/v1/departments', { centerId: city.id, name: '公安局' });
  const tax = await create(t, '/api/v1/departments', { centerId: city.id, name: '税务局' });
  const otherDept = await create(t, '/api/v1/departments', { centerId: other.id, name: '公安局' });
  const hall = await create(t, '/api/v1/halls', { centerId: city.id, name: '一号厅', floor: '1F' });
  const general = await create(t, '/api/v1/windows', { centerId: city.id, name: '综合窗口 1', number: 1, kind: 'general', hallId: hall.id });
  const general2 = await create(t, '/api/v1/windows', { centerId: city.id, name: '综合窗口 2', number: 2, kind: 'general' });
  const policeWindow = await create(t, '/api/v1/windows', { centerId: city.id, name: '公安专窗', number: 3, kind: 'dedicated', departmentId: police.id });
  const taxWindow = await create(t, '/api/v1/windows', { centerId: city.id, name: '税务专窗', number: 4, kind: 'dedicated', departmentId: tax.id });
  const districtWindow = await create(t, '/api/v1/windows', { centerId: district.id, name: '综合窗口 1', number: 1, kind: 'general' });
  const otherWindow = await create(t, '/api/v1/windows', { centerId: other.id, name: '综合窗口 1', number: 1, kind: 'general' });
  const kiosk = await create(t, '/api/v1/devices', { centerId: city.id, kind: 'kiosk', name: '取号机 1', hallId: hall.id });
  const otherKiosk = await create(t, '/api/v1/devices', { centerId: other.id, kind: 'kiosk', name: '取号机 1' });

  const people = {
    cityAdmin: [{ role: 'admin', centerId: city.id }],
    otherAdmin: [{ role: 'admin', centerId: other.id }],
    cityManager: [{ role: 'center_manager', centerId: city.id }],
    districtManager: [{ role: 'center_manager', centerId: district.id }],
    otherManager: [{ role: 'center_manager', centerId: other.id }],
    staff: [{ role: 'window_staff', centerId: city.id }],
    staff2: [{ role: 'window_staff', centerId: city.id }],
    policeStaff: [{ role: 'window_staff', centerId: city.id, departmentId: police.id }],
    districtStaff: [{ role: 'window_staff', centerId: district.id }],
    supervisor: [{ role: 'supervisor', centerId: city.id }],
    approver: [{ role: 'dept_approver', centerId: city.id, departmentId: police.id }],
    agent: [{ role: 'agent', centerId: city.id }],
  } satisfies Record<string, RoleSpec[]>;
  const accounts = {} as Record<keyof typeof people, Account>;
  for (const [username, roles] of Object.entries(people)) accounts[username as keyof typeof people] = await addAccount(t, username, roles);

  return {
    city,
    district,
    town,
    other,
    police,
    tax,
    otherDept,
    hall,
    windows: { general, general2, policeWindow, taxWindow, districtWindow, otherWindow },
    devices: { kiosk: kiosk.device, otherKiosk: otherKiosk.device },
    tokens: { kiosk: kiosk.token as string, otherKiosk: otherKiosk.token as string },
    accounts,
  };
}

export type Org = Awaited<ReturnType<typeof buildOrg>>;

/** A fresh app with the network of buildOrg, and the admin's id: the setup most HTTP test files share. */
export async function orgApp(options?: Parameters<typeof createTestApp>[0]): Promise<{ t: TestApp; o: Org; admin: string }> {
  const t = await createTestApp(options);
  return { t, o: await buildOrg(t), admin: await adminId(t) };
}
export type Person = keyof Org['accounts'];

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
