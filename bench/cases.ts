import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { sweepCaseWarnings } from '../src/server/modules/cases/service.ts';
import { shanghaiDate } from '../src/server/platform/time.ts';
import { buildOrg, type Org } from '../test/helpers/fixtures.ts';
import type { TestApp } from '../test/helpers/testApp.ts';
import { benchAppOn, percentile } from './support.ts';

/**
 * Cases (issue 6): acceptance over real HTTP, and the 电子监察 deadline sweep over many open cases.
 *
 * - Acceptance: a case of an item with 10 materials, POST /api/v1/cases then POST /api/v1/cases/{id}/accept,
 *   one after the other from one client with keep-alive (fetch), as window staff would; 20 warm-up cases first.
 * - Sweep: open (accepted) cases bulk-inserted with generate_series, their promised deadlines spread over
 *   70 days around today (about 1 in 6 overdue, 1 in 20 within 2 working days), 1 in 1,000 with a 容缺
 *   material. Timed: the first sweep (every warned case changes level and is announced), a second one on the
 *   same day (nothing changes), and one for the next day (the cases crossing a threshold change).
 */

export const title = '办件（受理 10 项材料；100 万在办件的预警扫描）';

const target = { acceptP95Ms: 100, sweepSeconds: 10 };
const warmup = 20;
const measured = 200;


async function measureAcceptance(t: TestApp) {
  const o = await buildOrg(t);
  const item = await t.request('POST', '/api/v1/items', {
    token: t.adminToken,
    body: { code: 'BENCH-10', name: '压测事项（10 项材料）', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, materials: Array.from({ length: 10 }, (_, i) => ({ name: `材料 ${i + 1}` })) },
  });
  if (item.statusCode !== 201) throw new Error(`item: ${item.statusCode} ${item.body}`);
  const { id: itemId, materials } = item.json() as { id: string; materials: { id: string }[] };
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' };
  const body = JSON.stringify({
    itemId,
    centerId: o.city.id,
    channel: 'window',
    applicant: { kind: 'person', idNumber: '11010519491231002X', name: '张三', phone: '13800138000' },
    materials: materials.map((m) => ({ materialId: m.id, status: 'received' })),
  });
  const total: number[] = [];
  const acceptOnly: number[] = [];
  for (let i = 0; i < warmup + measured; i++) {
    const t0 = performance.now();
    const created = await fetch(`${base}/api/v1/cases`, { method: 'POST', headers, body });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const t1 = performance.now();
    const accepted = await fetch(`${base}/api/v1/cases/${id}/accept`, { method: 'POST', headers: { authorization: headers.authorization } });
    if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${await accepted.text()}`);
    await accepted.arrayBuffer();
    const t2 = performance.now();
    if (i >= warmup) {
      total.push(t2 - t0);
      acceptOnly.push(t2 - t1);
    }
  }
  total.sort((a, b) => a - b);
  acceptOnly.sort((a, b) => a - b);
  return { p50: percentile(total, 50), p95: percentile(total, 95), max: total[total.length - 1]!, acceptP50: percentile(acceptOnly, 50), acceptP95: percentile(acceptOnly, 95), o, itemId };
}

async function measureSweep(t: TestApp, o: Org, itemId: string, count: number) {
  const db = t.database.db;
  const today = shanghaiDate();
  const t0 = performance.now();
  await sql`INSERT INTO cases (id, case_no, center_id, item_id, item_name, department_id, channel, applicant_kind, applicant_name, applicant_identifier, applicant_hash,
      applicant_phone, status, mode, legal_days, promised_days, accepted_on, legal_deadline, promised_deadline)
    SELECT 'bench-' || g, 'B' || lpad(g::text, 14, '0'), ${o.city.id}, ${itemId}, '压测事项', ${o.police.id}, 'window', 'person', '张三', '11010519491231002X', 'h',
      '13800138000', 'accepted', 'promised', 20, 5, to_char(d - 7, 'YYYY-MM-DD'), to_char(d + 20, 'YYYY-MM-DD'), to_char(d, 'YYYY-MM-DD')
    FROM generate_series(1, ${count}::int) AS g, LATERAL (SELECT ${today}::date + (g % 70 - 12) AS d) AS x`.execute(db);
  await sql`INSERT INTO case_materials (case_id, material_id, name, required, status, due_date, sort)
    SELECT 'bench-' || g, 'm1', '场地证明', true, 'deferred', to_char(${today}::date + (g / 1000 % 5 - 2), 'YYYY-MM-DD'), 0
    FROM generate_series(1000, ${count}::int, 1000) AS g`.execute(db);
  await sql`ANALYZE cases`.execute(db);
  await sql`ANALYZE case_materials`.execute(db);
  const loadSeconds = (performance.now() - t0) / 1000;
  const timed = async (now: Date) => {
    const s0 = performance.now();
    const result = await sweepCaseWarnings(db, now);
    return { seconds: (performance.now() - s0) / 1000, ...result };
  };
  const now = new Date();
  const first = await timed(now);
  const again = await timed(now);
  const nextDay = await timed(new Date(now.getTime() + 24 * 3600_000));
  return { loadSeconds, first, again, nextDay };
}

async function measureOn(kind: 'pglite' | 'postgres', sweepCount: number) {
  const { t, name } = await benchAppOn(kind);
  try {
    const acceptance = await measureAcceptance(t);
    const sweep = await measureSweep(t, acceptance.o, acceptance.itemId, sweepCount);
    return { name, sweepCount, acceptance, sweep };
  } finally {
    await t.close();
  }
}

export async function run(): Promise<{ databases: string[]; markdown: string }> {
  const results = [await measureOn('pglite', Number(process.env.BENCH_CASES_PGLITE ?? 100_000))];
  if (process.env.DATABASE_URL) results.push(await measureOn('postgres', Number(process.env.BENCH_CASES ?? 1_000_000)));
  const ms = (n: number) => n.toFixed(1);
  const s = (n: number) => n.toFixed(2);
  const lines = [
    `Acceptance: ${measured} cases (after ${warmup} warm-up), each POST /api/v1/cases with 10 received materials then POST /api/v1/cases/{id}/accept, over HTTP on 127.0.0.1 from one keep-alive client, as the admin. Times in ms.`,
    '',
    '| Database | create + accept p50 | create + accept p95 | max | accept alone p50 | accept alone p95 | Target p95 < 100 ms (PostgreSQL) |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...results.map(({ name, acceptance: a }) => `| ${name} | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(a.max)} | ${ms(a.acceptP50)} | ${ms(a.acceptP95)} | ${a.p95 < target.acceptP95Ms ? 'met' : '**not met**'} |`),
    '',
    'Sweep (sweepCaseWarnings: late 容缺 materials, levels of every accepted case, reminders; one transaction under an advisory lock). Open cases bulk-inserted with deadlines spread over 70 days around today; 1 in 1,000 has a 容缺 material due between 2 days ago and 2 days ahead. "First" announces every case that becomes yellow or red; "again" is the same day (no change); "next day" one day later. PGlite is measured with fewer cases (its figure is for reference only).',
    '',
    '| Database | Open cases | Load (s) | First sweep (s) | changed / suspended / reminded | Again (s) | Next day (s) | changed | Target < 10 s (PostgreSQL, 1,000,000) |',
    '|---|---:|---:|---:|---|---:|---:|---:|---|',
    ...results.map(
      ({ name, sweepCount, sweep: w }) =>
        `| ${name} | ${sweepCount.toLocaleString('en')} | ${w.loadSeconds.toFixed(1)} | ${s(w.first.seconds)} | ${w.first.changed.toLocaleString('en')} / ${w.first.suspended} / ${w.first.reminded} | ${s(w.again.seconds)} | ${s(w.nextDay.seconds)} | ${w.nextDay.changed.toLocaleString('en')} | ${Math.max(w.first.seconds, w.again.seconds, w.nextDay.seconds) < target.sweepSeconds ? 'met' : '**not met**'} |`,
    ),
  ];
  return { databases: results.map((r) => r.name), markdown: lines.join('\n') };
}
