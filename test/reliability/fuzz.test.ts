import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoAccounts } from '../../src/server/demo/seedDemo.ts';
import { injectCall, signInCitizen } from '../helpers/citizens.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { changedTables, FingerprintWatcher, tableNames, type FingerprintExclusions } from './fingerprint.ts';
import { describeRequest, operationsOf, requestsFor, type FuzzRequest, type OpenApiDocument, type Operation } from './fuzzRequests.ts';

/**
 * Issue 9, fuzzing: every operation of /api/openapi.json gets at least 200 generated bad and random requests,
 * half without credentials and half with one that is allowed there. No answer may be a 5xx, and a batch of
 * reads, or of writes that were all refused, must leave the database as it was (fingerprinted before and after).
 * FUZZ_SEED=<n> replays a run (the seed is printed); FUZZ_RUNS=<n> changes the requests per operation;
 * FUZZ_DEBUG=1 prints the time each operation takes.
 */
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const runsPerOperation = Number(process.env.FUZZ_RUNS ?? 200);
const inFlight = 16;

/** What a refused request may change, and why. */
const exclusions = {
  tables: [
    // Failed sign-ins are counted to answer 429 TOO_MANY_ATTEMPTS.
    'login_attempts',
    // Failed public case queries are counted to answer 429 as well.
    'case_query_failures',
    // A wrong portal sign-in code counts an attempt against that code.
    'citizen_otps',
    // Refused personal-code scans, locker openings and certificate prints are audited on purpose.
    'audit_log',
    // The webhook dispatcher's position in the event log, advanced by its own timer.
    'integration_cursors',
  ],
  columns: {
    // When a device, session or department system last made contact: any authenticated request sets it.
    devices: ['last_seen_at'],
    sessions: ['last_seen_at'],
    citizen_sessions: ['last_seen_at'],
    integration_keys: ['last_used_at'],
    // The outbox worker sends queued SMS on its own timer.
    outbox_messages: ['status', 'sent_at', 'attempts', 'last_error', 'due_at'],
  },
  // The statistics rollup announces itself every few seconds, whatever the requests were.
  rows: { event_log: "t.type <> 'stats.updated'" },
} satisfies FingerprintExclusions;

type CredentialName = 'admin' | 'manager' | 'staff' | 'citizen' | 'kiosk' | 'terminal' | 'pad' | 'locker' | 'system' | 'freshAdmin' | 'freshCitizen';

/** The credential a real caller of this operation holds: devices for device endpoints, a citizen for the portal, and so on. */
function credentialFor(operation: Operation): CredentialName {
  const { method, path: p } = operation;
  if (p === '/api/v1/auth/logout' || p === '/api/v1/auth/password') return 'freshAdmin';
  if (p === '/api/v1/citizen/sign-out') return 'freshCitizen';
  if (p.startsWith('/api/v1/citizen/me')) return 'citizen';
  if (p.startsWith('/api/v1/integration/')) return 'system';
  if (p.startsWith('/api/v1/terminals/')) return 'terminal';
  if (p === '/api/v1/pad/state' || (p === '/api/v1/ratings' && method === 'POST')) return 'pad';
  if (p === '/api/v1/lockers/state' || p === '/api/v1/lockers/open') return 'locker';
  if (p === '/api/v1/devices/me' || p === '/api/v1/personal-codes/scan' || p === '/api/v1/appointments/check-in' || (p === '/api/v1/tickets' && method === 'POST')) return 'kiosk';
  if (/^\/api\/v1\/(windows\/\{id\}\/(sign-in|pause|resume|sign-out|call-next|current)|tickets\/\{id\}\/)/.test(p)) return 'staff';
  return 'admin';
}

/**
 * Operations where every request the allowed caller sends is a full, correct job of seconds (the catalogue
 * export takes no input, so any admin request exports 2 000 items): a few go as that caller, the rest of the
 * credentialed half as a signed-in person who may not, which still passes authentication.
 */
const heavyOperations: Record<string, { allowedRuns: number; otherwise: CredentialName }> = {
  'GET /api/v1/catalog/export': { allowedRuns: 5, otherwise: 'manager' },
};

interface Outcome {
  operation: string;
  request: FuzzRequest;
  index: number;
  status: number;
  body: string;
}

let t: TestApp;
/** Where the app also listens: an event stream never ends, so it is requested over a socket and dropped once answered. */
let baseUrl: string;
const credentials = {} as Record<CredentialName, () => Promise<string>>;
/** Real ids by table, for path and body fields, so that requests also reach existing records. */
const idsByTable = new Map<string, string[]>();
let allIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const call = injectCall(t);
  const city = await t.database.db.selectFrom('centers').select('id').where('level', '=', 'city').executeTakeFirstOrThrow();
  const department = await t.database.db.selectFrom('departments').select('id').where('center_id', '=', city.id).executeTakeFirstOrThrow();
  const window = await t.database.db.selectFrom('windows').select('id').where('center_id', '=', city.id).executeTakeFirstOrThrow();
  const device = async (kind: string, windowId?: string) => {
    const created = await call('POST', '/api/v1/devices', { centerId: city.id, kind, name: `模糊测试 ${kind}`, windowId }, t.adminToken);
    if (created.status !== 201) throw new Error(`device ${kind}: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body as { device: { id: string }; token: string };
  };
  const devices = { kiosk: await device('kiosk'), terminal: await device('terminal'), pad: await device('rating_pad', window.id), locker: await device('locker') };
  const key = await call('POST', `/api/v1/departments/${department.id}/integration-keys`, { name: '模糊测试系统' }, t.adminToken);
  if (key.status !== 201) throw new Error(`integration key: ${key.status} ${JSON.stringify(key.body)}`);
  const citizenToken = await signInCitizen(call, t.database.db, { phone: '13900001234', idNumber: '11010519491231002X', name: '张三' });
  const staffToken = await t.login(demoAccounts.find((a) => a.role === 'window_staff')!.username);
  const managerToken = await t.login(demoAccounts.find((a) => a.role === 'center_manager')!.username);
  let fresh = 0;
  Object.assign(credentials, {
    admin: async () => t.adminToken,
    manager: async () => managerToken,
    staff: async () => staffToken,
    citizen: async () => citizenToken,
    kiosk: async () => devices.kiosk.token,
    terminal: async () => devices.terminal.token,
    pad: async () => devices.pad.token,
    locker: async () => devices.locker.token,
    system: async () => key.body.token as string,
    // Signing out or changing the password ends the session: those operations get a session of their own.
    freshAdmin: () => t.login('admin'),
    freshCitizen: () => signInCitizen(call, t.database.db, { phone: `1390000${String(++fresh).padStart(4, '0')}` }),
  } satisfies Record<CredentialName, () => Promise<string>>);

  // Records the credentials stand on are kept out of the pool: a random PATCH or DELETE must not take them away.
  const protectedIds = new Set([...Object.values(devices).map((d) => d.device.id), key.body.key.id as string]);
  const staffUsers = await t.database.db.selectFrom('users').select('id').where('username', 'in', ['admin', ...demoAccounts.map((a) => a.username)]).execute();
  for (const user of staffUsers) protectedIds.add(user.id);
  const { rows: tables } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'id' AND data_type = 'text'`.execute(t.database.db);
  for (const { name } of tables) {
    const { rows } = await sql<{ id: string }>`SELECT id FROM ${sql.table(name)} ORDER BY id LIMIT 4`.execute(t.database.db);
    const ids = rows.map((r) => r.id).filter((id) => !protectedIds.has(id));
    if (ids.length) idsByTable.set(name, ids);
  }
  allIds = [...idsByTable.values()].flat();
});

afterAll(async () => {
  await t?.close();
});

/** Real ids for an operation: those of the table its path names (…/cases/{id} → cases), then any. */
function idsFor(operation: Operation): fc.Arbitrary<string> {
  const segments = operation.path.split('/').filter((s) => s && !s.startsWith('{'));
  const tableIds = segments.flatMap((s) => idsByTable.get(s.replace(/-/g, '_')) ?? []);
  return tableIds.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...tableIds) }, { weight: 1, arbitrary: fc.constantFrom(...allIds) }) : fc.constantFrom(...allIds);
}

/** Sends one request; a server-sent event stream goes over the socket and is closed as soon as its status arrives. */
async function send(request: FuzzRequest, streams: boolean): Promise<{ status: number; body: string }> {
  if (!streams) {
    const response = await t.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.payload !== undefined && { payload: request.payload }) });
    return { status: response.statusCode, body: response.body };
  }
  const controller = new AbortController();
  // fetch sends no body with a GET; the stream is a GET.
  const response = await fetch(baseUrl + request.url, { method: request.method, headers: request.headers, signal: controller.signal });
  const body = response.headers.get('content-type')?.startsWith('text/event-stream') ? '(event stream)' : await response.text();
  controller.abort();
  return { status: response.status, body };
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map((item, i) => run(item, start + i)))));
  return results;
}

it('answers every generated bad or random request to every operation with a 4xx (or a 2xx), never a 5xx; refused requests and reads change nothing', async () => {
  const started = Date.now();
  const document = (await t.request('GET', '/api/openapi.json')).json() as OpenApiDocument;
  const operations = operationsOf(document);
  expect(operations.length).toBeGreaterThan(150);

  const statusClasses: Record<string, number> = {};
  const serverErrors: Outcome[] = [];
  /** Batches of reads, or of writes all refused, that changed the database anyway. */
  const changedByRefusals: { operation: string; tables: string[] }[] = [];
  const accepted: { operation: string; count: number; example: Outcome }[] = [];
  let sent = 0;

  // The statistics tables are rollups the server recomputes from the data on its own timer.
  const rollups = (await tableNames(t.database.db)).filter((name) => name.startsWith('stats_'));
  const watcher = new FingerprintWatcher(t.database.db, { ...exclusions, tables: [...exclusions.tables, ...rollups] });
  let before = await watcher.fingerprint();
  for (const [n, operation] of operations.entries()) {
    const name = `${operation.method} ${operation.path}`;
    const opStart = Date.now();
    const credential = credentialFor(operation);
    const token = await credentials[credential]();
    // A session made for this batch is a change of ours, not of the batch.
    if (credential.startsWith('fresh')) before = await watcher.fingerprint();
    const ids = idsFor(operation);
    const half = Math.ceil(runsPerOperation / 2);
    const streams = operation.path.endsWith('/events');
    const heavy = heavyOperations[name];
    const allowedRuns = heavy ? heavy.allowedRuns : half;
    const requests = [
      ...fc.sample(requestsFor(operation, ids, token), { numRuns: allowedRuns, seed: seed + n }),
      ...(heavy ? fc.sample(requestsFor(operation, ids, await credentials[heavy.otherwise]()), { numRuns: half - allowedRuns, seed: seed + n + 200_000 }) : []),
      ...fc.sample(requestsFor(operation, ids, undefined), { numRuns: runsPerOperation - half, seed: seed + n + 100_000 }),
    ];
    const outcomes = await inBatches(requests, inFlight, async (request, index): Promise<Outcome> => {
      const response = await send(request, streams);
      return { operation: name, request, index, status: response.status, body: response.body.slice(0, 500) };
    });
    sent += outcomes.length;
    for (const outcome of outcomes) {
      const statusClass = `${Math.floor(outcome.status / 100)}xx`;
      statusClasses[statusClass] = (statusClasses[statusClass] ?? 0) + 1;
      if (outcome.status >= 500) serverErrors.push(outcome);
    }
    const acceptedHere = outcomes.filter((o) => o.status < 400);
    const answered = Date.now();
    const after = await watcher.fingerprint();
    if (process.env.FUZZ_DEBUG) console.error(`${n + 1}/${operations.length} ${name}: requests ${answered - opStart} ms, fingerprint ${Date.now() - answered} ms`);
    // A read changes nothing even when it answers 200; a write that was accepted may.
    const reads = operation.method === 'GET';
    if (acceptedHere.length && !reads) accepted.push({ operation: name, count: acceptedHere.length, example: acceptedHere[0]! });
    else {
      const changed = Object.keys(changedTables(before, after));
      if (changed.length) changedByRefusals.push({ operation: name, tables: changed });
    }
    before = after;
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      `fuzz seed ${seed}: ${operations.length} operations, ${sent} requests in ${seconds} s`,
      `answers by status class: ${JSON.stringify(statusClasses)}`,
      `writes with an accepted random request (their batch may change data): ${accepted.length} of ${operations.filter((o) => o.method !== 'GET').length}`,
      ...accepted.map((a) => `  ${a.operation}: ${a.count} accepted, e.g. ${a.example.status} ${a.example.request.url} ${a.example.request.payload?.slice(0, 120) ?? ''}`),
    ].join('\n'),
  );

  if (changedByRefusals.length) console.log(`batches of reads or of refused writes that changed the database: ${JSON.stringify(changedByRefusals)}`);
  if (serverErrors.length) {
    const file = path.join(os.tmpdir(), `onedoor-fuzz-5xx-${seed}.json`);
    writeFileSync(file, JSON.stringify(serverErrors, null, 2));
    const shown = serverErrors.slice(0, 10).map((o) => `${o.operation} (request ${o.index}) → ${o.status} ${o.body}\n${describeRequest(o.request)}`);
    expect.fail(`${serverErrors.length} requests answered with a 5xx (seed ${seed}; every one, unabridged, in ${file}):\n${shown.join('\n\n')}`);
  }
  expect(changedByRefusals, 'batches of reads or of refused writes that changed the database').toEqual([]);
});
