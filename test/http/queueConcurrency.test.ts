import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newId, newToken } from '../../src/server/platform/ids.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { idNumberBorn } from '../helpers/queue.ts';
import { allDayHours, call, create } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';

/**
 * Many windows calling at once while kiosks hand out numbers. On PGlite requests are serialised, so
 * this is trivially true there; with DATABASE_URL each request runs its own transaction on a pooled
 * connection, and the checks below are what SKIP LOCKED, the window lock and the counter upsert keep.
 */

// Full size where it matters (PostgreSQL); smaller on PGlite, which serialises every request anyway.
const onPostgres = Boolean(process.env.DATABASE_URL);
const WINDOWS = onPostgres ? 64 : 16;
const KIOSKS = 4;
const TICKETS = onPostgres ? 320 : 96;

let t: TestApp;
let centerId: string;
let categories: { id: string; prefix: string }[];
let kioskTokens: string[];
let windows: { id: string; token: string; staffId: string }[];
type Json = any;

beforeAll(async () => {
  t = await createTestApp();
  const center = await create(t, '/api/v1/centers', { name: '并发测试中心', level: 'city', openingHours: allDayHours });
  centerId = center.id;
  categories = [
    await create(t, '/api/v1/categories', { centerId, name: '综合', prefix: 'A', itemIds: [] }),
    await create(t, '/api/v1/categories', { centerId, name: '公安', prefix: 'B', itemIds: [] }),
  ];
  kioskTokens = [];
  for (let i = 0; i < KIOSKS; i++) kioskTokens.push((await create(t, '/api/v1/devices', { centerId, kind: 'kiosk', name: `取号机 ${i + 1}` })).token);

  // Staff accounts straight into the tables, each with a session token: the password hashing of 64
  // sign-ins through the API would take most of the time budget.
  const db = t.database.db;
  const people = Array.from({ length: WINDOWS }, (_, i) => ({ id: newId(), username: `conc${i}`, token: newToken('ods_') }));
  await db.insertInto('users').values(people.map((p) => ({ id: p.id, username: p.username, name: `并发${p.username}`, password_hash: 'scrypt$0$0$0$x$x' }))).execute();
  await db.insertInto('user_roles').values(people.map((p) => ({ id: newId(), user_id: p.id, role: 'window_staff', center_id: centerId, department_id: null }))).execute();
  await db.insertInto('sessions').values(people.map((p) => ({ id: newId(), token_hash: hashToken(p.token), user_id: p.id, ip: null, user_agent: null }))).execute();

  windows = [];
  for (let i = 0; i < WINDOWS; i++) {
    const w = await create(t, '/api/v1/windows', { centerId, name: `窗口 ${i + 1}`, number: i + 1, kind: 'general' });
    windows.push({ id: w.id, token: people[i]!.token, staffId: people[i]!.id });
  }
  const [a, b] = categories.map((c) => c.id) as [string, string];
  // Half the windows serve A first, half B first; every window serves both.
  await Promise.all(windows.map((w, i) => call(t, 'PUT', `/api/v1/windows/${w.id}/profile`, 200, { token: t.adminToken, body: { tiers: i % 2 ? [[a], [b]] : [[b], [a]] } })));
  // Everybody signs in at once.
  await Promise.all(windows.map((w) => call(t, 'POST', `/api/v1/windows/${w.id}/sign-in`, 200, { token: w.token })));
}, 120_000);
afterAll(async () => t?.close());

const issue = (i: number): Promise<Json> =>
  call(t, 'POST', '/api/v1/tickets', 201, { token: kioskTokens[i % KIOSKS]!, body: { centerId, categoryId: categories[i % 3 === 0 ? 1 : 0]!.id, channel: 'kiosk', ...(i % 7 === 0 && { priority: 'disabled' }) } });

/** The most backends of the test database seen busy at once while `work` runs (PostgreSQL only). */
async function peakBackends<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  if (t.database.kind !== 'postgres') return { result: await work(), peak: 0 };
  const { rows } = await sql<{ db: string }>`SELECT current_database() AS db`.execute(t.database.db);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${rows[0]!.db}`;
  const watcher = new pg.Client({ connectionString: url.toString() });
  await watcher.connect();
  let peak = 0;
  let done = false;
  const watch = (async () => {
    while (!done) {
      const r = await watcher.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')`,
      );
      peak = Math.max(peak, r.rows[0]!.n);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  try {
    return { result: await work(), peak };
  } finally {
    done = true;
    await watch;
    await watcher.end();
  }
}

describe('many windows and kiosks at once', () => {
  it('on PostgreSQL the app really runs transactions side by side (a pool of more than one connection)', async () => {
    if (t.database.kind !== 'postgres') return;
    const started = Date.now();
    const pids = await Promise.all(
      Array.from({ length: 8 }, () => t.database.db.transaction().execute(async (trx) => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.2)`.execute(trx)).rows[0]!.pid)),
    );
    expect(new Set(pids).size).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(8 * 200);
  });

  it('a window clicked many times at once calls one ticket (409 WINDOW_BUSY for the rest)', async () => {
    const w = windows[0]!;
    const waiting: Json[] = [];
    for (let i = 0; i < 6; i++) waiting.push(await issue(1));
    const answers = await Promise.all(Array.from({ length: 12 }, () => t.request('POST', `/api/v1/windows/${w.id}/call-next`, { token: w.token })));
    const ok = answers.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.json().ticket.id).toBe(waiting[0].id);
    for (const r of answers.filter((x) => x.statusCode !== 200)) expect(r.json().error.code, r.body).toBe('WINDOW_BUSY');
    await call(t, 'POST', `/api/v1/tickets/${waiting[0].id}/no-show`, 200, { token: w.token });
    for (const x of waiting.slice(1)) await call(t, 'POST', `/api/v1/tickets/${x.id}/cancel`, 200, { token: t.adminToken, body: {} });
  });

  it('one person taking numbers online many times at once gets one (409 ALREADY_QUEUED for the rest)', async () => {
    const res = await t.request('DELETE', `/api/v1/calendar/days/${shanghaiDate()}`, { token: t.adminToken });
    expect([200, 404]).toContain(res.statusCode);
    const open = await create(t, '/api/v1/centers', { name: '全天中心', level: 'city', openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
    const c = await create(t, '/api/v1/categories', { centerId: open.id, name: '综合', prefix: 'A', itemIds: [] });
    const body = { centerId: open.id, categoryId: c.id, channel: 'online', idNumber: idNumberBorn('1988-08-08', 8), phone: '13800008888' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => t.request('POST', '/api/v1/tickets', { body })));
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of answers.filter((x) => x.statusCode !== 201)) expect(r.json().error.code, r.body).toBe('ALREADY_QUEUED');
  });

  it('no ticket called twice, none skipped, numbers never repeat within a day and category', async () => {
    const issued: Json[] = [];
    const calls: { ticketId: string; windowId: string }[] = [];
    const transferredFrom = new Set<string>();
    const unexpected: string[] = [];
    let issuing = true;

    const kiosks = (async () => {
      // Numbers come in bursts of concurrent takes.
      for (let i = 0; i < TICKETS; i += 16) {
        issued.push(...(await Promise.all(Array.from({ length: Math.min(16, TICKETS - i) }, (_, j) => issue(i + j)))));
      }
      issuing = false;
    })();

    const windowLoop = async (w: (typeof windows)[number], index: number) => {
      let idle = 0;
      for (let round = 0; ; round++) {
        const res = await t.request('POST', `/api/v1/windows/${w.id}/call-next`, { token: w.token });
        if (res.statusCode === 409 && res.json().error.code === 'QUEUE_EMPTY') {
          if (!issuing && ++idle > 2) return;
          await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 20));
          continue;
        }
        if (res.statusCode !== 200) {
          unexpected.push(`${res.statusCode} ${res.body}`);
          return;
        }
        idle = 0;
        const ticket = res.json().ticket;
        calls.push({ ticketId: ticket.id, windowId: w.id });
        // Now and then a visitor is sent on to the other category (once); most are served or do not come.
        const step = (round + index) % 10;
        if (step === 0 && !transferredFrom.has(ticket.id)) {
          const other = categories.find((c) => c.id !== ticket.categoryId)!;
          const moved = await call(t, 'POST', `/api/v1/tickets/${ticket.id}/transfer`, 200, { token: w.token, body: { categoryId: other.id } });
          transferredFrom.add(moved.id);
        } else if (step < 4) {
          await call(t, 'POST', `/api/v1/tickets/${ticket.id}/no-show`, 200, { token: w.token });
        } else {
          await call(t, 'POST', `/api/v1/tickets/${ticket.id}/start`, 200, { token: w.token });
          await call(t, 'POST', `/api/v1/tickets/${ticket.id}/finish`, 200, { token: w.token });
        }
      }
    };

    const { peak } = await peakBackends(() => Promise.all([kiosks, ...windows.map(windowLoop)]));
    expect(unexpected).toEqual([]);
    if (t.database.kind === 'postgres') expect(peak).toBeGreaterThan(1);

    // Nobody called twice.
    const calledIds = calls.map((c) => c.ticketId);
    expect(new Set(calledIds).size).toBe(calledIds.length);
    // Everyone called: every issued ticket, and every ticket a transfer made.
    expect(issued).toHaveLength(TICKETS);
    expect(new Set(calledIds)).toEqual(new Set([...issued.map((x) => x.id), ...transferredFrom]));
    expect(transferredFrom.size).toBeGreaterThan(0);
    // The database agrees: nothing left waiting or called, one call in each ticket's history.
    const db = t.database.db;
    const open = await db.selectFrom('tickets').select('id').where('center_id', '=', centerId).where('status', 'in', ['waiting', 'called', 'serving']).execute();
    expect(open).toEqual([]);
    const { rows: callCounts } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ticket_history h JOIN tickets t ON t.id = h.ticket_id WHERE t.center_id = ${centerId} AND h.action = 'call' GROUP BY h.ticket_id HAVING count(*) <> 1`.execute(db);
    expect(callCounts).toEqual([]);
    // One visitor at a window at a time: no window ever held two tickets at once is implied by each call
    // succeeding only after the previous one was closed; check no window served a ticket of another.
    for (const c of calls) expect(windows.some((w) => w.id === c.windowId)).toBe(true);
    // Numbers: per category and day, the issued sequences are exactly 1…n, each number once.
    for (const category of categories) {
      const rows = await db.selectFrom('tickets').select(['sequence', 'number', 'day']).where('category_id', '=', category.id).where('transferred_from', 'is', null).orderBy('sequence').execute();
      expect(rows.map((r) => r.sequence)).toEqual(rows.map((_, i) => i + 1));
      expect(new Set(rows.map((r) => `${r.day} ${r.number}`)).size).toBe(rows.length);
      for (const r of rows) expect(r.number).toBe(`${category.prefix}${String(r.sequence).padStart(3, '0')}`);
    }
    // Every issued ticket's number was unique in its category from the start.
    const byCategory = new Map<string, string[]>();
    for (const x of issued) byCategory.set(x.categoryId, [...(byCategory.get(x.categoryId) ?? []), x.number]);
    for (const numbers of byCategory.values()) expect(new Set(numbers).size).toBe(numbers.length);
  }, 120_000);
});
