import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp, type App } from '../src/server/app.ts';
import { bootstrap } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase, type Database } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { percentile, runInWorker } from './support.ts';
import { allDayHours } from '../test/helpers/fixtures.ts';

/**
 * The ticket queue under load (issue 5), over real HTTP: the app listens on a local port and the load
 * runs in a worker thread (its own event loop, so the clients' work does not queue behind the server's),
 * with keep-alive connections (node:http Agent).
 *
 * - Cycles: 64 windows, each with its own signed-in window-staff account, each in a loop — the kiosk
 *   issues a ticket in the window's category, the window calls next, starts, finishes. A backlog of two
 *   tickets per window is issued first, so a window always has work. PostgreSQL's figure is compared
 *   with pgbench TPC-B on the same server in the same run.
 * - Fan-out: 2,000 SSE clients on GET /api/v1/centers/{id}/events; a window calls 20 tickets one after
 *   another; latency is from the call-next response to the ticket.called frame at each client.
 */

export const title = '排队叫号（64 个窗口，2,000 个实时连接）';

const target = { ratio: 0.5, callP99Ms: 50, embeddedCycles: 200, fanoutP99Ms: 250 };
const windowCount = 64;
const categoryCount = 8;
const backlogPerWindow = 2;
const sseClients = 2000;
const fanoutRounds = 20;
const pgbench = { scale: 10, clients: 64, threads: 2, seconds: 20 };
const adminPassword = 'Bench#2026';
const staffPassword = 'Window#2026';

// ------------------------------------------------------------------ the load, in a worker thread

const workerSource = String.raw`
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { port, task } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(method, path, token, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = {};
    if (token) headers.authorization = 'Bearer ' + token;
    if (payload !== undefined) { headers['content-type'] = 'application/json'; headers['content-length'] = Buffer.byteLength(payload); }
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json; try { json = JSON.parse(text); } catch { json = text; }
        resolve({ status: res.statusCode, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const errors = {};
const fail = (step, r) => { const k = step + ' ' + r.status + ' ' + ((r.json && r.json.error && r.json.error.code) || ''); errors[k] = (errors[k] || 0) + 1; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function cycles({ windows, kioskToken, centerId, warmupMs, measureMs }) {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + measureMs;
  const callMs = [];
  let done = 0;
  await Promise.all(windows.map(async (w) => {
    while (performance.now() < end) {
      const issued = await request('POST', '/api/v1/tickets', kioskToken, { centerId, channel: 'kiosk', categoryId: w.categoryId });
      if (issued.status !== 201) { fail('issue', issued); await sleep(5); continue; }
      const t0 = performance.now();
      const called = await request('POST', '/api/v1/windows/' + w.id + '/call-next', w.token);
      const t1 = performance.now();
      if (called.status !== 200) { fail('call-next', called); await sleep(5); continue; }
      if (t0 >= measureFrom && t1 <= end) callMs.push(t1 - t0);
      const id = called.json.ticket.id;
      const started = await request('POST', '/api/v1/tickets/' + id + '/start', w.token);
      if (started.status !== 200) { fail('start', started); continue; }
      const finished = await request('POST', '/api/v1/tickets/' + id + '/finish', w.token);
      if (finished.status !== 200) { fail('finish', finished); continue; }
      const t = performance.now();
      if (t >= measureFrom && t <= end) done++;
    }
  }));
  return { cycles: done, seconds: measureMs / 1000, callMs, errors };
}

async function fanout({ clients, centerId, window, kioskToken, rounds }) {
  const received = new Map();
  const requests = [];
  const open = () => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/v1/centers/' + centerId + '/events', agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) { reject(new Error('SSE answered ' + res.statusCode)); return; }
      res.setEncoding('utf8');
      let buffer = '';
      let ready = false;
      res.on('data', (chunk) => {
        const now = performance.now();
        buffer += chunk;
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          let event = 'message';
          let data = '';
          for (const line of frame.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (event === 'ready' && !ready) { ready = true; resolve(); }
          else if (event === 'ticket.called') {
            const id = JSON.parse(data).ticketId;
            let list = received.get(id);
            if (!list) received.set(id, (list = []));
            list.push(now);
          }
        }
      });
    });
    req.on('error', reject);
    requests.push(req);
    req.end();
  });
  const t0 = performance.now();
  for (let i = 0; i < clients; i += 100) await Promise.all(Array.from({ length: Math.min(100, clients - i) }, open));
  const connectSeconds = (performance.now() - t0) / 1000;
  await sleep(500);
  const fromResponse = [];
  const fromRequest = [];
  let missing = 0;
  for (let r = 0; r < rounds; r++) {
    const issued = await request('POST', '/api/v1/tickets', kioskToken, { centerId, channel: 'kiosk', categoryId: window.categoryId });
    if (issued.status !== 201) { fail('issue', issued); continue; }
    const sent = performance.now();
    const called = await request('POST', '/api/v1/windows/' + window.id + '/call-next', window.token);
    const answered = performance.now();
    if (called.status !== 200) { fail('call-next', called); continue; }
    const id = called.json.ticket.id;
    const deadline = answered + 5000;
    while ((received.get(id) || []).length < clients && performance.now() < deadline) await sleep(2);
    const times = received.get(id) || [];
    missing += clients - times.length;
    for (const t of times) { fromResponse.push(Math.max(0, t - answered)); fromRequest.push(t - sent); }
    for (const step of ['start', 'finish']) {
      const res = await request('POST', '/api/v1/tickets/' + id + '/' + step, window.token);
      if (res.status !== 200) fail(step, res);
    }
    await sleep(200);
  }
  for (const req of requests) req.destroy();
  return { connectSeconds, fromResponse, fromRequest, missing, errors };
}

(task.kind === 'cycles' ? cycles(task) : fanout(task)).then((result) => parentPort.postMessage(result), (error) => parentPort.postMessage({ failed: String(error && error.stack || error) }));
`;

const inWorker = <T>(port: number, task: Record<string, unknown>) => runInWorker<T>(workerSource, { port, task });

// ------------------------------------------------------------------ the app and its data

interface Setup {
  app: App;
  database: Database;
  port: number;
  centerId: string;
  kioskToken: string;
  windows: { id: string; token: string; categoryId: string }[];
}

async function startApp(database: Database): Promise<Setup> {
  await migrateToLatest(database.db);
  await bootstrap(database, { adminPassword, demo: false });
  const app = await buildApp({ config: { ...loadConfig({}), logLevel: 'silent', demo: false }, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const send = async (method: string, url: string, token: string | undefined, body?: unknown, status = 200): Promise<any> => {
    const res = await fetch(base + url, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status !== status) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
  const inBatches = async <T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> => {
    const out: T[] = [];
    for (let i = 0; i < n; i += 8) out.push(...(await Promise.all(Array.from({ length: Math.min(8, n - i) }, (_, k) => f(i + k)))));
    return out;
  };
  const { token: admin } = await send('POST', '/api/v1/auth/login', undefined, { username: 'admin', password: adminPassword });
  const center = await send('POST', '/api/v1/centers', admin, { name: '基准测试中心', level: 'city', openingHours: allDayHours }, 201);
  const kiosk = await send('POST', '/api/v1/devices', admin, { centerId: center.id, kind: 'kiosk', name: '取号机 1' }, 201);
  const categories = await inBatches(categoryCount, (i) =>
    send('POST', '/api/v1/categories', admin, { centerId: center.id, name: `业务${i + 1}`, prefix: String.fromCharCode(65 + i), itemIds: [] }, 201),
  );
  const windows = await inBatches(windowCount, async (i) => {
    const window = await send('POST', '/api/v1/windows', admin, { centerId: center.id, name: `综合窗口 ${i + 1}`, number: i + 1, kind: 'general' }, 201);
    const own = categories[i % categoryCount].id as string;
    const next = categories[(i + 1) % categoryCount].id as string;
    await send('PUT', `/api/v1/windows/${window.id}/profile`, admin, { tiers: [[own], [next]] });
    const username = `bench${String(i + 1).padStart(2, '0')}`;
    await send('POST', '/api/v1/users', admin, { username, password: staffPassword, name: `窗口人员${i + 1}`, roles: [{ role: 'window_staff', centerId: center.id }] }, 201);
    const { token } = await send('POST', '/api/v1/auth/login', undefined, { username, password: staffPassword });
    await send('POST', `/api/v1/windows/${window.id}/sign-in`, token);
    return { id: window.id as string, token: token as string, categoryId: own };
  });
  await inBatches(windowCount * backlogPerWindow, (i) => send('POST', '/api/v1/tickets', kiosk.token, { centerId: center.id, channel: 'kiosk', categoryId: windows[i % windowCount]!.categoryId }, 201));
  await sql`ANALYZE`.execute(database.db);
  return { app, database, port, centerId: center.id, kioskToken: kiosk.token, windows };
}

interface CycleResult {
  cycles: number;
  seconds: number;
  callMs: number[];
  errors: Record<string, number>;
  /** Share of the measured time the server's event loop was busy (0–1). */
  serverBusy: number;
  /** Database transactions committed per cycle (each statement outside a transaction is one). */
  statementsPerCycle: number;
}

interface FanoutResult {
  connectSeconds: number;
  fromResponse: number[];
  fromRequest: number[];
  missing: number;
  errors: Record<string, number>;
}

async function measureCycles(setup: Setup, warmupMs: number, measureMs: number): Promise<CycleResult> {
  const result = inWorker<Omit<CycleResult, 'serverBusy' | 'statementsPerCycle'>>(setup.port, { kind: 'cycles', windows: setup.windows, kioskToken: setup.kioskToken, centerId: setup.centerId, warmupMs, measureMs });
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  const before = performance.eventLoopUtilization();
  const committedBefore = await committed(setup.database);
  await new Promise((resolve) => setTimeout(resolve, measureMs));
  const serverBusy = performance.eventLoopUtilization(before).utilization;
  const transactions = (await committed(setup.database)) - committedBefore;
  const cycles = await result;
  return { ...cycles, serverBusy, statementsPerCycle: transactions / cycles.cycles };
}

/**
 * Transactions committed in the database so far. PostgreSQL's backends report theirs at most once a
 * second, so over the measured 15–20 s the count is good to a few per cent.
 */
async function committed(database: Database): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()`.execute(database.db);
  return Number(rows[0]?.n ?? NaN);
}

// ------------------------------------------------------------------ PostgreSQL: a scratch database, pgbench

async function scratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function pgbenchTps(serverUrl: string): Promise<{ tps: number } | { error: string }> {
  const binary = ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench'].find((p) => existsSync(p)) ?? 'pgbench';
  const scratch = await scratchDatabase(serverUrl, 'onedoor_pgbench');
  try {
    const u = new URL(serverUrl);
    const connection = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username)];
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
    execFileSync(binary, ['-i', '-q', '-s', String(pgbench.scale), ...connection, scratch.name], { env, stdio: 'pipe' });
    const out = execFileSync(binary, ['-c', String(pgbench.clients), '-j', String(pgbench.threads), '-T', String(pgbench.seconds), '-M', 'prepared', ...connection, scratch.name], { env, stdio: 'pipe' }).toString();
    const match = /tps = ([\d.]+)/.exec(out);
    return match ? { tps: Number(match[1]) } : { error: `no tps in pgbench output: ${out.slice(-300)}` };
  } catch (error) {
    return { error: String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 300) };
  } finally {
    await scratch.drop();
  }
}

function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === 'unlimited' ? Infinity : Number(soft);
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ run

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const perCycle = (r: CycleResult) => (Number.isFinite(r.statementsPerCycle) ? r.statementsPerCycle.toFixed(1) : '–');
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
const errorText = (errors: Record<string, number>) =>
  Object.entries(errors)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ') || 'none';

export async function run(): Promise<{ databases: string[]; markdown: string }> {
  const databases: string[] = [];
  const rows: string[] = [];
  const notes: string[] = [];
  let fanoutSection = '';

  // Embedded (PGlite, in process).
  {
    const database = await openDatabase({});
    try {
      const setup = await startApp(database);
      try {
        const r = await measureCycles(setup, 3000, 15_000);
        const perSecond = r.cycles / r.seconds;
        databases.push('PGlite（嵌入式）');
        rows.push(`| PGlite（嵌入式） | ${windowCount} | ${perSecond.toFixed(0)} | ${perCycle(r)} | ${(r.serverBusy * 100).toFixed(0)} % | ${ms(percentile(r.callMs, 50))} | ${ms(percentile(r.callMs, 95))} | ${ms(percentile(r.callMs, 99))} | – | – | ≥ ${target.embeddedCycles} cycles/s: ${verdict(perSecond >= target.embeddedCycles)} |`);
        notes.push(`PGlite errors: ${errorText(r.errors)}.`);
      } finally {
        await setup.app.close();
      }
    } finally {
      await database.close();
    }
  }

  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const bench = await pgbenchTps(serverUrl);
    const scratch = await scratchDatabase(serverUrl, 'onedoor_bench');
    const database = await openDatabase({ databaseUrl: scratch.url });
    try {
      const { rows: version } = await sql<{ version: string }>`SELECT current_setting('server_version') AS version`.execute(database.db);
      const name = `PostgreSQL ${version[0]!.version}`;
      databases.push(name);
      const setup = await startApp(database);
      try {
        const r = await measureCycles(setup, 5000, 20_000);
        const perSecond = r.cycles / r.seconds;
        const p99 = percentile(r.callMs, 99);
        const tps = 'tps' in bench ? bench.tps : NaN;
        const ratio = perSecond / tps;
        rows.push(
          `| ${name} | ${windowCount} | ${perSecond.toFixed(0)} | ${perCycle(r)} | ${(r.serverBusy * 100).toFixed(0)} % | ${ms(percentile(r.callMs, 50))} | ${ms(percentile(r.callMs, 95))} | ${ms(p99)} | ${Number.isFinite(tps) ? tps.toFixed(0) : 'failed'} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} | ratio ≥ ${target.ratio}: ${verdict(ratio >= target.ratio)}; call-next p99 < ${target.callP99Ms} ms: ${verdict(p99 < target.callP99Ms)} |`,
        );
        notes.push(`PostgreSQL errors: ${errorText(r.errors)}.`);
        if ('error' in bench) notes.push(`pgbench failed: ${bench.error}`);

        const limit = openFileLimit();
        const clients = limit !== undefined && limit < sseClients * 2 + 500 ? Math.max(100, Math.floor((limit - 500) / 2 / 100) * 100) : sseClients;
        const f = await inWorker<FanoutResult>(setup.port, { kind: 'fanout', clients, centerId: setup.centerId, window: setup.windows[0], kioskToken: setup.kioskToken, rounds: fanoutRounds });
        const p99f = percentile(f.fromResponse, 99);
        fanoutSection = [
          `${clients.toLocaleString('en')} SSE clients (raw HTTP requests in the load worker, parsing \`event:\`/\`data:\` lines) on GET /api/v1/centers/{id}/events of the PostgreSQL run (LISTEN/NOTIFY path), connected in ${f.connectSeconds.toFixed(1)} s; open-file limit ${limit ?? 'unknown'}${clients < sseClients ? ` — **too low for ${sseClients} clients; raise it with \`ulimit -n\`**` : ' (no raise needed)'}. ${fanoutRounds} calls one after another (issue, call-next, then start and finish), each awaited at every client. Latency per client and call in ms from the call-next response to the ticket.called frame (negative — the frame came before the response — counted as 0); also from the call-next request being sent. Clients that missed a call within 5 s: ${f.missing}. Errors: ${errorText(f.errors)}.`,
          '',
          '| Clients | Receipts | p50 | p95 | p99 | max | p99 from request | Target p99 < 250 ms |',
          '|---:|---:|---:|---:|---:|---:|---:|---|',
          `| ${clients} | ${f.fromResponse.length} | ${ms(percentile(f.fromResponse, 50))} | ${ms(percentile(f.fromResponse, 95))} | ${ms(p99f)} | ${ms(percentile(f.fromResponse, 100))} | ${ms(percentile(f.fromRequest, 99))} | ${verdict(p99f < target.fanoutP99Ms && f.missing === 0)} |`,
        ].join('\n');
      } finally {
        await setup.app.close();
      }
    } finally {
      await database.close();
      await scratch.drop();
    }
  }

  const lines = [
    `Full ticket cycles over real HTTP: the app listens on a local port; the load runs in a worker thread of the same process (own event loop) with keep-alive connections. ${windowCount} windows, each with its own signed-in window-staff account, each in a loop: the kiosk issues a ticket in the window's category, the window calls next, starts, finishes (4 requests). ${categoryCount} categories; each window serves its own in tier 1 and a neighbour's in tier 2; a backlog of ${backlogPerWindow} tickets per window is issued first so no window runs dry. Measured over 20 s after 5 s warm-up on PostgreSQL (the app's default pool of 20 connections), 15 s after 3 s on PGlite. call-next latency (ms) is request to response at the client; "server event loop busy" is the event-loop utilisation of the server's thread over the measured interval (100 % = the Node process, not the database, is the limit). "Statements per cycle" is the database's count of committed transactions (pg_stat_database.xact_commit) over the measured interval divided by the cycles: the steps run as single statements outside any transaction, so it is the number of round trips a cycle costs the database. The embedded run goes over HTTP too: there the database calls, not HTTP, take most of each request (PGlite runs one statement at a time). pgbench: TPC-B, scale ${pgbench.scale}, \`-c ${pgbench.clients} -j ${pgbench.threads} -T ${pgbench.seconds} -M prepared\` on a scratch database of the same server, just before the cycles.`,
    '',
    '**These figures come from a shared, noisy 2-core machine (other engineers run tests on it; the server, the load worker and PostgreSQL share the cores): the absolute numbers move from run to run; the ratio to pgbench in the same run is what counts.**',
    '',
    '| Database | Windows | Cycles/s | Statements per cycle | Server event loop busy | call-next p50 | p95 | p99 | pgbench tps | Cycles/s ÷ tps | Targets |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    notes.join(' '),
    ...(fanoutSection ? ['', '### Fan-out of a call to the hall screens', '', fanoutSection] : []),
  ];
  return { databases, markdown: lines.join('\n') };
}
