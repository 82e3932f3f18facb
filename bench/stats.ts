import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { monthlyReport, monthRange, reportPdf, reportWorkbook } from '../src/server/modules/stats/report.ts';
import { rollUpDay } from '../src/server/modules/stats/service.ts';
import { addDays, datesBetween } from '../src/server/modules/stats/rules.ts';
import { shanghaiDate } from '../src/server/platform/time.ts';
import type { Executor } from '../src/server/db/types.ts';
import { openStream } from '../test/helpers/sse.ts';
import { allDayHours } from '../test/helpers/fixtures.ts';
import type { TestApp } from '../test/helpers/testApp.ts';
import { benchAppOn, percentile } from './support.ts';

/**
 * Statistics at the size of a province's year (issue 8), on PostgreSQL: 20 city centers under one
 * province, 20 million tickets and 10 million cases spread over the last 365 days (and a million
 * ratings), bulk-inserted; every day rolled up as the sweep does it; then the dashboard's queries over
 * the whole year and province, the monthly report, and how soon the big screen's figures follow an event.
 */

/** The issue's size by default; BENCH_STATS_* run it smaller (the title and the text say which). */
const sizes = {
  tickets: Number(process.env.BENCH_STATS_TICKETS ?? 20_000_000),
  cases: Number(process.env.BENCH_STATS_CASES ?? 10_000_000),
  ratings: Number(process.env.BENCH_STATS_RATINGS ?? 1_000_000),
};

/** Days the rows are spread over: the issue's year by default; fewer days at the same density reproduce one day's rollup quickly. */
const days = Number(process.env.BENCH_STATS_DAYS ?? 365);

export const title = `统计（一个省${days === 365 ? '一年' : ` ${days} 天`}：${(sizes.tickets / 10_000).toLocaleString('en')} 万号票、${(sizes.cases / 10_000).toLocaleString('en')} 万办件）`;
const target = { queryP95Ms: 500, reportSeconds: 10, liveSeconds: 2 };
const centerCount = 20;
const runs = 10;

interface World {
  province: string;
  centers: { id: string; categories: string[]; windows: string[]; departments: string[]; items: string[] }[];
}

async function buildWorld(t: TestApp): Promise<World> {
  const send = async (url: string, body: unknown) => {
    const res = await t.request('POST', url, { token: t.adminToken, body });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; materials?: { id: string }[] };
  };
  const province = await send('/api/v1/centers', { name: '基准省政务服务中心', level: 'province' });
  const centers: World['centers'] = [];
  for (let c = 0; c < centerCount; c++) {
    const center = await send('/api/v1/centers', { name: `基准市${c + 1}市民服务中心`, level: 'city', parentId: province.id, openingHours: allDayHours });
    const departments = [];
    const items = [];
    for (let d = 0; d < 5; d++) {
      const department = await send('/api/v1/departments', { centerId: center.id, name: `部门${d + 1}` });
      departments.push(department.id);
      items.push((await send('/api/v1/items', { code: `BENCH-${c}-${d}`, name: `基准事项${c + 1}-${d + 1}`, departmentId: department.id, type: '行政许可', legalDays: 20, promisedDays: 5, centerIds: [center.id], materials: [{ name: '申请书' }] })).id);
    }
    const categories = [];
    for (let k = 0; k < 5; k++) categories.push((await send('/api/v1/categories', { centerId: center.id, name: `业务${k + 1}`, prefix: String.fromCharCode(65 + k), itemIds: [] })).id);
    const windows = [];
    for (let n = 0; n < 10; n++) windows.push((await send('/api/v1/windows', { centerId: center.id, name: `窗口${n + 1}`, number: n + 1, kind: 'dedicated', departmentId: departments[n % 5] })).id);
    centers.push({ id: center.id, categories, windows, departments, items });
  }
  return { province: province.id, centers };
}

const bulkTables = ['tickets', 'cases', 'ratings'];

/** A PostgreSQL text[] of `values`. */
const textArray = (values: string[]) => sql`${`{${values.join(',')}}`}::text[]`;

/**
 * Bulk rows in one statement each: generated, not served (the setup, not the measurement). Loaded as a
 * restore would be, in one transaction: the tables' plain indexes dropped and built again after, foreign-key
 * and user triggers off (session_replication_role = replica; the rows refer only to the world just made).
 * Kept row by row, 20 million tickets took over half an hour on this machine.
 */
async function fill(t: TestApp, world: World, firstDay: string) {
  return t.database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql`SET LOCAL maintenance_work_mem = '1GB'`.execute(trx);
    const { rows: indexes } = await sql<{ name: string; definition: string }>`
      SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY(${textArray(bulkTables)})
        AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(trx);
    for (const { name } of indexes) await sql`DROP INDEX ${sql.id(name)}`.execute(trx);
    const seconds = await insertRows(trx, world, firstDay);
    const t0 = performance.now();
    for (const { definition } of indexes) await sql.raw(definition).execute(trx);
    seconds.indexes = (performance.now() - t0) / 1000;
    return seconds;
  });
}

async function insertRows(db: Executor, world: World, firstDay: string) {
  const centers = textArray(world.centers.map((c) => c.id));
  const categories = textArray(world.centers.flatMap((c) => c.categories));
  const windows = textArray(world.centers.flatMap((c) => c.windows));
  const departments = textArray(world.centers.flatMap((c) => c.departments));
  const items = textArray(world.centers.flatMap((c) => c.items));
  const seconds: Record<string, number> = {};
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    seconds[name] = (performance.now() - t0) / 1000;
  };
  // Rows come day by day, as a center writes them: a day's rows lie together on disk, as they would after a year of
  // service (spread over every page of the table, one day's rollup read the whole table: 6.5 s a day at full size).
  // Ticket g: center g % 20, its category (g / 20) % 5 and window (g / 100) % 10, its day by g, a time of the day.
  await timed('tickets', () =>
    sql`INSERT INTO tickets (id, center_id, category_id, day, sequence, number, channel, status, taken_at, virtual_at, window_id, window_number, staff_user_id, called_at, started_at, finished_at)
      SELECT 'bt' || g, (${centers})[1 + c], (${categories})[1 + c * 5 + k], to_char(d, 'YYYY-MM-DD'), g, 'A' || g,
        (ARRAY['kiosk','kiosk','kiosk','kiosk','kiosk','kiosk','staff','appointment','appointment','online'])[1 + g % 10],
        s, at, at, CASE WHEN s <> 'cancelled' THEN (${windows})[1 + c * 10 + w] END, CASE WHEN s <> 'cancelled' THEN w + 1 END,
        CASE WHEN s <> 'cancelled' THEN 'bench-staff-' || c || '-' || w END,
        CASE WHEN s <> 'cancelled' THEN at + make_interval(mins => (g * 7) % 45) END,
        CASE WHEN s = 'done' THEN at + make_interval(mins => (g * 7) % 45 + 1) END,
        CASE WHEN s = 'done' THEN at + make_interval(mins => (g * 7) % 45 + 1 + (g * 13) % 30) WHEN s <> 'cancelled' THEN at + make_interval(mins => (g * 7) % 45 + 3) ELSE at + interval '8 hours' END
      FROM generate_series(1, ${sizes.tickets}::int) AS g,
        LATERAL (SELECT g % ${centerCount} AS c, (g / ${centerCount}) % 5 AS k, (g / 100) % 10 AS w,
          ${firstDay}::date + ((g - 1)::bigint * ${days} / ${sizes.tickets})::int AS d,
          (CASE WHEN g % 100 < 85 THEN 'done' WHEN g % 100 < 93 THEN 'no_show' WHEN g % 100 < 98 THEN 'cancelled' ELSE 'transferred' END) AS s) AS x,
        LATERAL (SELECT (x.d::timestamp + interval '8 hours 30 minutes' + make_interval(mins => (g * 31) % 540)) AT TIME ZONE 'Asia/Shanghai' AS at) AS y`.execute(db),
  );
  // Case g: a department's item, applied on a day, accepted that day, completed 0–9 days later (promised 5 working days ≈ 7).
  await timed('cases', () =>
    sql`INSERT INTO cases (id, case_no, center_id, item_id, item_name, department_id, channel, applicant_kind, applicant_name, applicant_identifier, applicant_hash,
        applicant_phone, status, mode, legal_days, promised_days, accepted_on, legal_deadline, promised_deadline, created_at, completed_at)
      SELECT 'bc' || g, 'BC' || lpad(g::text, 13, '0'), (${centers})[1 + c], (${items})[1 + c * 5 + k], '基准事项', (${departments})[1 + c * 5 + k],
        (ARRAY['window','window','window','window','window','window','terminal','terminal','terminal','online'])[1 + g % 10], 'person', '张三', '11010519491231002X', 'h',
        '13800138000', CASE WHEN done THEN 'completed' ELSE 'accepted' END, 'promised', 20, 5,
        to_char(d, 'YYYY-MM-DD'), to_char(d + 28, 'YYYY-MM-DD'), to_char(d + 7, 'YYYY-MM-DD'),
        (d::timestamp + interval '10 hours') AT TIME ZONE 'Asia/Shanghai',
        CASE WHEN done THEN ((d + (g % 10))::timestamp + interval '15 hours') AT TIME ZONE 'Asia/Shanghai' END
      FROM generate_series(1, ${sizes.cases}::int) AS g,
        LATERAL (SELECT g % ${centerCount} AS c, (g / ${centerCount}) % 5 AS k, ${firstDay}::date + ((g - 1)::bigint * ${days} / ${sizes.cases})::int AS d) AS x,
        LATERAL (SELECT x.d + (g % 10) <= current_date AS done) AS y`.execute(db),
  );
  // Rating g: a served ticket's window and staff, 1 in 50 a 差评.
  await timed('ratings', () =>
    sql`INSERT INTO ratings (id, center_id, subject_kind, subject_id, subject_no, score, source, channel, department_id, window_id, window_number, staff_user_id, staff_name, served_at, created_at)
      SELECT 'br' || g, (${centers})[1 + c], 'ticket', 'bt' || g, 'A' || g, CASE WHEN g % 50 = 0 THEN 1 + g % 2 ELSE 3 + g % 3 END, 'pad', 'kiosk',
        (${departments})[1 + c * 5 + w % 5], (${windows})[1 + c * 10 + w], w + 1, 'bench-staff-' || c || '-' || w, '窗口人员', at, at + interval '2 minutes'
      FROM generate_series(1, ${sizes.ratings}::int) AS g,
        LATERAL (SELECT g % ${centerCount} AS c, (g / 100) % 10 AS w, ((${firstDay}::date + ((g - 1)::bigint * ${days} / ${sizes.ratings})::int)::timestamp + interval '11 hours') AT TIME ZONE 'Asia/Shanghai' AS at) AS x`.execute(db),
  );
  return seconds;
}

const time = async <T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> => {
  const t0 = performance.now();
  const result = await work();
  return { ms: performance.now() - t0, result };
};

export async function run(): Promise<{ databases: string[]; markdown: string }> {
  if (!process.env.DATABASE_URL) return { databases: [], markdown: 'Needs PostgreSQL: set DATABASE_URL (the embedded database is not meant for a province’s year).' };
  const { t, name } = await benchAppOn('postgres');
  try {
    const world = await buildWorld(t);
    const today = shanghaiDate();
    const firstDay = addDays(today, -(days - 1));
    const load = await fill(t, world, firstDay);
    load.analyze = (await time(() => sql`ANALYZE`.execute(t.database.db))).ms / 1000;

    // Every day rolled up as the sweep does it (one day per transaction), two days at a time as two nodes' sweeps would.
    const perDay: number[] = [];
    const pending = datesBetween(firstDay, today);
    const r0 = performance.now();
    const worker = async () => {
      for (let day = pending.shift(); day; day = pending.shift()) perDay.push((await time(() => rollUpDay(t.database.db, day))).ms);
    };
    await Promise.all([worker(), worker()]);
    const rollupSeconds = (performance.now() - r0) / 1000;
    const { rows: sizeRows } = await sql<{ mb: string }>`SELECT (pg_total_relation_size('stats_visits') + pg_total_relation_size('stats_cases') + pg_total_relation_size('stats_ratings') + pg_total_relation_size('stats_appointments'))::float8 / 1048576 AS mb`.execute(t.database.db);

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const get = async (url: string) => {
      const res = await fetch(base + url, { headers: { authorization: `Bearer ${t.adminToken}` } });
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const year = `from=${firstDay}&to=${today}`;
    const month = monthRange(today.slice(0, 7));
    const queries: [string, string][] = [
      ['汇总：全省一年', `/api/v1/stats/summary?centerId=${world.province}&${year}`],
      ['汇总：一市本月', `/api/v1/stats/summary?centerId=${world.centers[0]!.id}&from=${month.from}&to=${month.to}`],
      ['汇总：全省一年，一个部门', `/api/v1/stats/summary?centerId=${world.centers[0]!.id}&${year}&departmentId=${world.centers[0]!.departments[0]}`],
      ['按部门：全省一年', `/api/v1/stats/breakdown?centerId=${world.province}&${year}&by=department`],
      ['按窗口：全省一年', `/api/v1/stats/breakdown?centerId=${world.province}&${year}&by=window`],
      ['按人员：全省一年', `/api/v1/stats/breakdown?centerId=${world.province}&${year}&by=staff`],
      ['按时段：全省一年', `/api/v1/stats/breakdown?centerId=${world.province}&${year}&by=hour`],
      ['逐日趋势：全省一年', `/api/v1/stats/trend?centerId=${world.province}&${year}`],
    ];
    const measured = [];
    for (const [label, url] of queries) {
      await get(url);
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push((await time(() => get(url))).ms);
      measured.push({ label, p50: percentile(ms, 50), p95: percentile(ms, 95) });
    }
    const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
    const report = await time(async () => {
      const data = await monthlyReport(t.database.db, world.province, lastMonth);
      return { xlsx: await reportWorkbook(data), pdf: await reportPdf(data), visits: data.figures.visits?.visits ?? 0 };
    });

    // The big screen: from a ticket taken now to stats.updated for its center (today rolled up again).
    const stream = await openStream(`${base}/api/v1/centers/${world.centers[0]!.id}/events`, { authorization: `Bearer ${t.adminToken}` });
    const kiosk = (await t.request('POST', '/api/v1/devices', { token: t.adminToken, body: { centerId: world.centers[0]!.id, kind: 'kiosk', name: '取号机' } })).json() as { token: string };
    const live: number[] = [];
    for (let i = 0; i < 5; i++) {
      const from = stream.events.length;
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/tickets`, { method: 'POST', headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ centerId: world.centers[0]!.id, channel: 'kiosk', categoryId: world.centers[0]!.categories[0] }) });
      if (res.status !== 201) throw new Error(`ticket: ${res.status}`);
      await stream.waitFor((e) => e.event === 'stats.updated', 30_000, from);
      live.push((performance.now() - t0) / 1000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    stream.close();

    const ms = (n: number) => n.toFixed(0);
    const lines = [
      `${centerCount} city centers under one province, each with 5 departments, 10 windows, 5 categories. Bulk-inserted over the last ${days} days in one transaction, plain indexes built after and foreign keys unchecked: ${sizes.tickets.toLocaleString('en')} tickets (${load.tickets!.toFixed(0)} s), ${sizes.cases.toLocaleString('en')} cases (${load.cases!.toFixed(0)} s), ${sizes.ratings.toLocaleString('en')} ratings (${load.ratings!.toFixed(0)} s), indexes (${load.indexes!.toFixed(0)} s), ANALYZE (${load.analyze!.toFixed(0)} s). Rollup of every day as the sweep does it, two days at a time: ${rollupSeconds.toFixed(0)} s in all, a day p50 ${ms(percentile(perDay, 50))} ms, slowest ${ms(Math.max(...perDay))} ms; rollup tables ${Number(sizeRows[0]!.mb).toFixed(0)} MB. Queries over HTTP as the admin, ${runs} runs each after one warm-up, ms.`,
      '',
      '| Query | p50 | p95 | Target p95 < 500 ms |',
      '|---|---:|---:|---|',
      ...measured.map((m) => `| ${m.label} | ${ms(m.p50)} | ${ms(m.p95)} | ${m.p95 < target.queryP95Ms ? 'met' : '**not met**'} |`),
      '',
      `Monthly report of the province for ${lastMonth} (${report.result.visits.toLocaleString('en')} visits; figures, Excel ${(report.result.xlsx.length / 1024).toFixed(0)} KB and PDF ${(report.result.pdf.length / 1024).toFixed(0)} KB): **${(report.ms / 1000).toFixed(1)} s** — target < ${target.reportSeconds} s ${report.ms / 1000 < target.reportSeconds ? 'met' : '**not met**'}.`,
      '',
      `Big screen: from taking a ticket to the center's stats.updated event (today rolled up again, over ${(sizes.tickets / days / centerCount).toFixed(0)} tickets a day per center): ${live.map((s) => s.toFixed(2)).join(', ')} s — target < ${target.liveSeconds} s ${Math.max(...live) < target.liveSeconds ? 'met' : '**not met**'}.`,
    ];
    return { databases: [name], markdown: lines.join('\n') };
  } finally {
    await t.close();
  }
}
