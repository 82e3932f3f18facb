import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeCase, decideCase, resumeCase, suspendCase } from '../../src/server/modules/cases/service.ts';
import { changeWindowStatus } from '../../src/server/modules/org/service.ts';
import type { Principal } from '../../src/server/platform/auth.ts';
import { rateService, recordCallback } from '../../src/server/modules/ratings/service.ts';
import { datesBetween } from '../../src/server/modules/stats/rules.ts';
import { storeMonthEndReports } from '../../src/server/modules/stats/report.ts';
import { rollUpDay, rollUpStats } from '../../src/server/modules/stats/service.ts';
import ExcelJS from 'exceljs';
import { newId } from '../../src/server/platform/ids.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { openStream } from '../helpers/sse.ts';
import { acceptOn, at, caseDaysApp, type CaseDays } from '../helpers/caseDays.ts';
import { call, create, expectError } from '../helpers/fixtures.ts';

/**
 * Statistics on small hand-made data with known answers: a ticket across midnight, a transferred
 * ticket, a suspended case, a 差评 called back; then rollups against the raw rows on generated data.
 */

let w: CaseDays;
let category: { id: string };
const categoryId = () => category.id;
const db = () => w.t.database.db;
type Json = any;

/** Shanghai wall-clock time on a day. */
const sh = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);

interface TicketSpec {
  day: string;
  taken: Date;
  called?: Date;
  started?: Date;
  finished?: Date;
  status: 'done' | 'no_show' | 'cancelled' | 'transferred' | 'waiting';
  transferredFrom?: string;
  phone?: string;
  channel?: 'kiosk' | 'staff' | 'appointment' | 'online';
}

let sequence = 0;
async function ticket(spec: TicketSpec): Promise<string> {
  const id = newId();
  sequence += 1;
  await db()
    .insertInto('tickets')
    .values({
      id,
      center_id: w.o.city.id,
      category_id: category.id,
      day: spec.day,
      sequence,
      number: `S${String(sequence).padStart(3, '0')}`,
      channel: spec.channel ?? 'kiosk',
      status: spec.status,
      taken_at: spec.taken,
      virtual_at: spec.taken,
      window_id: spec.called ? w.o.windows.policeWindow.id : null,
      window_number: spec.called ? 3 : null,
      staff_user_id: spec.called ? w.o.accounts.staff.id : null,
      called_at: spec.called ?? null,
      started_at: spec.started ?? null,
      finished_at: spec.finished ?? null,
      transferred_from: spec.transferredFrom ?? null,
      phone: spec.phone ?? null,
    })
    .execute();
  return id;
}

const summaryOf = (from: string, to: string, extra = '', token = w.o.accounts.supervisor.token): Promise<Json> =>
  call(w.t, 'GET', `/api/v1/stats/summary?centerId=${w.o.city.id}&from=${from}&to=${to}${extra}`, 200, { token });

beforeAll(async () => {
  w = await caseDaysApp({ code: 'STATS-1', name: '统计测试许可' });
  category = await create(w.t, '/api/v1/categories', { centerId: w.o.city.id, name: '统计业务', prefix: 'S', itemIds: [] });

  // 2026-03-02, a Monday. Waits 10, 20, 5, 5 and 20 (from the transfer) minutes; handling 10, 20 and 10.
  const day = '2026-03-02';
  const a = await ticket({ day, status: 'done', taken: sh(day, '09:00'), called: sh(day, '09:10'), started: sh(day, '09:11'), finished: sh(day, '09:21') });
  await ticket({ day, status: 'no_show', taken: sh(day, '09:05'), called: sh(day, '09:25'), finished: sh(day, '09:28') });
  await ticket({ day, status: 'cancelled', taken: sh(day, '09:30'), finished: sh(day, '17:30') });
  // Taken before midnight, served after it: the day it was taken.
  const late = await ticket({ day, status: 'done', taken: sh(day, '23:50'), called: sh(day, '23:55'), started: sh(day, '23:56'), finished: sh('2026-03-03', '00:16'), phone: '13800138000' });
  const parent = await ticket({ day, status: 'transferred', taken: sh(day, '10:00'), called: sh(day, '10:05'), started: sh(day, '10:06'), finished: sh(day, '10:10') });
  await ticket({ day, status: 'done', taken: sh(day, '10:00'), called: sh(day, '10:30'), started: sh(day, '10:31'), finished: sh(day, '10:41'), transferredFrom: parent, channel: 'staff' });

  // Ratings of that day: 非常满意 for the first visit, 非常不满意 (real-name, called back) for the late one.
  await rateService(db(), undefined, { ticketId: a, score: 5 }, sh(day, '09:30'));
  await rateService(db(), undefined, { ticketId: late, score: 1 }, sh('2026-03-03', '00:20'));

  // Cases accepted on 2 March (promised 5 working days: 9 March; legal 20: 30 March).
  const { principal, actor } = w;
  const onTime = await acceptOn(w, day);
  await decideCase(db(), principal, actor, onTime.id, { approved: true }, at('2026-03-04'));
  await completeCase(db(), principal, actor, onTime.id, 'window', at('2026-03-04'));
  // Suspended 3 → 10 March: five working days stood still, so 12 March is still in time.
  const suspended = await acceptOn(w, day);
  await suspendCase(db(), principal, actor, suspended.id, '现场核查', at('2026-03-03'));
  await resumeCase(db(), principal, actor, suspended.id, at('2026-03-10'));
  await decideCase(db(), principal, actor, suspended.id, { approved: true }, at('2026-03-12'));
  await completeCase(db(), principal, actor, suspended.id, 'post', at('2026-03-12'));
  // Completed 20 March: late against the promise, within the legal limit.
  const late2 = await acceptOn(w, day);
  await decideCase(db(), principal, actor, late2.id, { approved: true }, at('2026-03-20'));
  await completeCase(db(), principal, actor, late2.id, 'window', at('2026-03-20'));

  // staff signed in at the police window 8:30–17:30: nine hours staffed.
  const staff: Principal = { kind: 'user', id: w.o.accounts.staff.id, username: 'staff', name: '测试staff', roles: [{ role: 'window_staff', centerId: w.o.city.id, departmentId: null }], sessionId: 'test' };
  const staffActor = { kind: 'user' as const, id: w.o.accounts.staff.id, name: '测试staff' };
  await changeWindowStatus(db(), staff, staffActor, w.o.windows.policeWindow.id, 'sign-in', undefined, sh(day, '08:30'));
  await changeWindowStatus(db(), staff, staffActor, w.o.windows.policeWindow.id, 'sign-out', undefined, sh(day, '17:30'));

  for (const d of datesBetween('2026-03-01', '2026-03-31')) await rollUpDay(db(), d);
});
afterAll(async () => w?.t.close());

describe('figures of a hand-made day', () => {
  it('visits, tickets, waits and handling: a transfer is one visit and waits from the transfer; a ticket across midnight stays on its day', async () => {
    const s = await summaryOf('2026-03-02', '2026-03-02');
    expect(s).toMatchObject({ visitors: 5, tickets: 6 });
    expect(s.figures.visits).toMatchObject({ visits: 5, issued: 6, served: 3, noShow: 1, cancelled: 1, transferred: 1, abandoned: 2 });
    expect(s.figures.visits.noShowRate).toBeCloseTo(1 / 4, 10);
    expect(s.avgWaitMinutes).toBeCloseTo((10 + 20 + 5 + 5 + 20) / 5, 10);
    expect(s.figures.visits.wait.n).toBe(5);
    // Median of 5, 5, 10, 20, 20 is 10, read from one-minute buckets: within that minute.
    expect(s.figures.visits.wait.median).toBeGreaterThanOrEqual(10);
    expect(s.figures.visits.wait.median).toBeLessThan(11);
    expect(s.figures.visits.wait.p90).toBeGreaterThanOrEqual(20);
    expect(s.figures.visits.wait.p90).toBeLessThan(21);
    expect(s.avgHandleMinutes).toBeCloseTo((10 + 20 + 10) / 3, 10);
    // Window utilisation: 40 minutes of handling in nine staffed hours.
    expect(s.figures.visits.utilisation).toBeCloseTo(40 / 540, 10);
    const byWindow = await summaryOf('2026-03-02', '2026-03-02', `&windowId=${w.o.windows.policeWindow.id}`);
    expect(byWindow.figures.visits.utilisation).toBeCloseTo(40 / 540, 10);
    const nextDay = await summaryOf('2026-03-03', '2026-03-03');
    expect(nextDay.visitors).toBe(0);
    expect(nextDay.avgWaitMinutes).toBeNull();
  });

  it('the busiest hours and the channels of tickets', async () => {
    const s = await summaryOf('2026-03-02', '2026-03-02');
    expect(s.figures.busiestHours).toEqual([
      { hour: 9, visits: 3 },
      { hour: 10, visits: 1 },
      { hour: 23, visits: 1 },
    ]);
    const byChannel = await call(w.t, 'GET', `/api/v1/stats/breakdown?centerId=${w.o.city.id}&from=2026-03-02&to=2026-03-02&by=channel`, 200, { token: w.o.accounts.supervisor.token });
    expect(byChannel.find((r: Json) => r.key === 'kiosk').visits).toMatchObject({ issued: 5, visits: 5 });
    expect(byChannel.find((r: Json) => r.key === 'staff').visits).toMatchObject({ issued: 1, visits: 0 });
  });

  it('cases: counted on the day each thing happened; on time against the promise, a suspension moving it', async () => {
    const march = await summaryOf('2026-03-01', '2026-03-31');
    expect(march.cases).toBe(3);
    expect(march.figures.cases).toMatchObject({ submitted: 3, accepted: 3, completed: 3, refused: 0, byChannel: { window: 3, terminal: 0, online: 0 } });
    expect(march.onTimeRate).toBeCloseTo(2 / 3, 10);
    expect(march.figures.cases.legalOnTimeRate).toBe(1);
    expect(march.figures.cases.onlineRate).toBe(0);
    const completedOn12th = await summaryOf('2026-03-12', '2026-03-12');
    expect(completedOn12th.figures.cases).toMatchObject({ submitted: 0, completed: 1, onTimeRate: 1 });
  });

  it('ratings on the day they were made; 回访率 follows a later callback once the sweep picks up its day', async () => {
    const s = await summaryOf('2026-03-02', '2026-03-02');
    expect(s.ratingCounts).toEqual({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 });
    const third = await summaryOf('2026-03-03', '2026-03-03');
    expect(third.ratingCounts).toEqual({ '1': 1, '2': 0, '3': 0, '4': 0, '5': 0 });
    expect(third.figures.ratings).toMatchObject({ realNameBad: 1, callbackRate: 0, satisfactionRate: 0 });
    expect(s.satisfactionRate).toBe(1);
    expect((await summaryOf('2026-03-01', '2026-03-31')).satisfactionRate).toBe(0.5);

    const [rectification] = await db().selectFrom('rectifications').select('id').execute();
    await recordCallback(db(), w.principal, w.actor, rectification!.id, { reached: true, note: '已致歉' });
    // The app's own rollup of today, set off by the callback's event, may hold the lock for a moment.
    while (!(await rollUpStats(db())).ran) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await summaryOf('2026-03-03', '2026-03-03')).figures.ratings.callbackRate).toBe(1);
  });

  // Only PostgreSQL runs two transactions at once: on the embedded database one waits for the other.
  it.runIf(Boolean(process.env.DATABASE_URL))('a callback whose transaction commits after a sweep has read past its event still reaches its day', async () => {
    const day = '2026-05-11';
    const visit = await ticket({ day, status: 'done', taken: sh(day, '09:00'), called: sh(day, '09:05'), started: sh(day, '09:06'), finished: sh(day, '09:16'), phone: '13800138001' });
    const rating = await rateService(db(), undefined, { ticketId: visit, score: 1 }, sh(day, '09:20'));
    const rectification = await db().selectFrom('rectifications').select('id').where('rating_id', '=', rating.id).executeTakeFirstOrThrow();
    const sweep = async () => {
      // The app's own rollup of today, set off by events, may hold the lock for a moment.
      while (!(await rollUpStats(db())).ran) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await rollUpDay(db(), day, new Date());
    expect((await summaryOf(day, day)).figures.ratings).toMatchObject({ realNameBad: 1, callbackRate: 0 });

    let recorded!: () => void;
    const callbackInserted = new Promise<void>((resolve) => (recorded = resolve));
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    const late = db()
      .transaction()
      .execute(async (trx) => {
        await recordCallback(trx, w.principal, w.actor, rectification.id, { reached: true, note: '已回访' });
        recorded();
        await held;
      });
    await callbackInserted;
    // Meanwhile another change commits with a later event number, and a sweep reads past both.
    await rateService(db(), undefined, { ticketId: await ticket({ day, status: 'done', taken: sh(day, '10:00'), called: sh(day, '10:05'), started: sh(day, '10:06'), finished: sh(day, '10:16') }), score: 5 }, sh(day, '10:20'));
    await sweep();
    expect((await summaryOf(day, day)).figures.ratings.callbackRate).toBe(0);
    commit();
    await late;
    await sweep();
    expect((await summaryOf(day, day)).figures.ratings.callbackRate).toBe(1);
  });

  it('compares with the previous period of the same length', async () => {
    const s = await summaryOf('2026-03-02', '2026-03-02');
    expect(s.previous).toMatchObject({ from: '2026-03-01', to: '2026-03-01' });
    expect(s.previous.visits.visits).toBe(0);
    expect(s.changes.visitors).toBeNull();
    const week = await summaryOf('2026-03-03', '2026-03-03');
    expect(week.changes.visitors).toBe(-1);
  });

  it('filters by one dimension; a subject without it is left out; two places at once is 400', async () => {
    const byWindow = await summaryOf('2026-03-02', '2026-03-02', `&windowId=${w.o.windows.policeWindow.id}`);
    expect(byWindow.figures.visits).toMatchObject({ issued: 5, served: 3 });
    expect(byWindow.figures.cases).toBeNull();
    const byDepartment = await summaryOf('2026-03-01', '2026-03-31', `&departmentId=${w.o.police.id}`, w.o.accounts.cityManager.token);
    expect(byDepartment.figures.visits).toMatchObject({ issued: 5 });
    expect(byDepartment.figures.cases).toMatchObject({ submitted: 3 });
    expect(byDepartment.figures.appointments).toBeNull();
    expectError(await w.t.request('GET', `/api/v1/stats/summary?centerId=${w.o.city.id}&from=2026-03-01&to=2026-03-31&windowId=x&departmentId=y`, { token: w.o.accounts.supervisor.token }), 400, 'INVALID_FILTER');
  });

  it('adds a channel to another filter: the transferred-to ticket was taken by staff, the rest at the kiosk', async () => {
    const police = w.o.windows.policeWindow.id;
    const atKiosk = await summaryOf('2026-03-02', '2026-03-02', `&windowId=${police}&channel=kiosk`);
    expect(atKiosk.figures.visits).toMatchObject({ issued: 4, served: 2 });
    expect(atKiosk.figures.ratings).toBeNull();
    const byStaff = await summaryOf('2026-03-02', '2026-03-02', `&windowId=${police}&channel=staff`);
    expect(byStaff.figures.visits).toMatchObject({ issued: 1, served: 1 });
    const march = (channel: string) => summaryOf('2026-03-01', '2026-03-31', `&departmentId=${w.o.police.id}&channel=${channel}`, w.o.accounts.cityManager.token);
    const kioskMarch = await march('kiosk');
    expect(kioskMarch.figures.visits).toMatchObject({ issued: 4 });
    expect(kioskMarch.figures.cases).toMatchObject({ submitted: 0 });
    expect((await march('window')).figures.cases).toMatchObject({ submitted: 3, completed: 3 });
    expect((await march('window')).figures.visits).toMatchObject({ issued: 0 });
    const category = await summaryOf('2026-03-02', '2026-03-02', `&categoryId=${categoryId()}&channel=kiosk`);
    expect(category.figures.visits).toMatchObject({ issued: 5 });
    expectError(await w.t.request('GET', `/api/v1/stats/summary?centerId=${w.o.city.id}&from=2026-03-31&to=2026-03-01`, { token: w.o.accounts.supervisor.token }), 400, 'INVALID_RANGE');
    expectError(await w.t.request('GET', `/api/v1/stats/summary?centerId=${w.o.city.id}&from=2026-02-01&to=2026-02-30`, { token: w.o.accounts.supervisor.token }), 400, 'VALIDATION_ERROR');
  });

  it('a window staff member reads their own figures, not the center’s', async () => {
    const own = await call(w.t, 'GET', '/api/v1/me/stats?from=2026-03-01&to=2026-03-31', 200, { token: w.o.accounts.staff.token });
    expect(own.visits).toMatchObject({ served: 3 });
    expect(own.ratings).toMatchObject({ total: 2 });
    expectError(await w.t.request('GET', `/api/v1/stats/summary?centerId=${w.o.city.id}&from=2026-03-01&to=2026-03-31`, { token: w.o.accounts.staff.token }), 403, 'FORBIDDEN');
    expectError(await w.t.request('GET', `/api/v1/stats/summary?centerId=${w.o.city.id}&from=2026-03-01&to=2026-03-31`, { token: w.o.accounts.otherManager.token }), 403, 'FORBIDDEN');
  });

  it('breaks a period down by window with names, and gives the days in order', async () => {
    const rows = await call(w.t, 'GET', `/api/v1/stats/breakdown?centerId=${w.o.city.id}&from=2026-03-01&to=2026-03-31&by=window`, 200, { token: w.o.accounts.supervisor.token });
    expect(rows).toEqual([expect.objectContaining({ key: w.o.windows.policeWindow.id, name: '3 号窗口（公安专窗）' })]);
    const days = await call(w.t, 'GET', `/api/v1/stats/trend?centerId=${w.o.city.id}&from=2026-03-01&to=2026-03-03`, 200, { token: w.o.accounts.supervisor.token });
    expect(days.map((d: Json) => [d.day, d.visits, d.cases])).toEqual([
      ['2026-03-01', 0, 0],
      ['2026-03-02', 5, 3],
      ['2026-03-03', 0, 0],
    ]);
  });
});

describe('today, live', () => {
  it('activity rolls today up within seconds and tells the center’s staff screens (stats.updated)', async () => {
    await w.t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(w.t.app.server.address() as AddressInfo).port}`;
    const stream = await openStream(`${base}/api/v1/centers/${w.o.city.id}/events`, { authorization: `Bearer ${w.o.accounts.supervisor.token}` });
    try {
      const today = shanghaiDate();
      const before = (await summaryOf(today, today)).tickets;
      const from = stream.events.length;
      await create(w.t, '/api/v1/tickets', { centerId: w.o.city.id, channel: 'kiosk', categoryId: category.id }, w.o.tokens.kiosk);
      await stream.waitFor((e) => e.event === 'stats.updated' && JSON.parse(e.data).day === today, 10_000, from);
      expect((await summaryOf(today, today)).tickets).toBe(before + 1);
    } finally {
      stream.close();
    }
  });

  it('a rollup of some centers rewrites theirs and leaves the others as they were', async () => {
    const day = '2026-04-01';
    await ticket({ day, status: 'waiting', taken: sh(day, '09:00') });
    await rollUpDay(db(), day, sh(day, '10:00'), [w.o.city.id]);
    expect((await summaryOf(day, day)).tickets).toBe(1);
    await ticket({ day, status: 'waiting', taken: sh(day, '09:30') });
    await rollUpDay(db(), day, sh(day, '10:00'), [w.o.other.id]);
    expect((await summaryOf(day, day)).tickets).toBe(1);
    await rollUpDay(db(), day, sh(day, '10:00'), [w.o.city.id, w.o.other.id]);
    expect((await summaryOf(day, day)).tickets).toBe(2);
  });
});

describe('monthly reports', () => {
  it('downloads March as Excel with the dashboard’s figures, and as a PDF', async () => {
    const token = w.o.accounts.supervisor.token;
    const xlsx = await w.t.request('GET', `/api/v1/stats/reports/${w.o.city.id}/2026-03.xlsx`, { token });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('统计月报-2026-03.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const overview = workbook.getWorksheet('概览')!;
    const value = (name: string) => (overview.getSheetValues().find((row) => Array.isArray(row) && row[1] === name) as ExcelJS.CellValue[] | undefined)?.[2];
    const s = await summaryOf('2026-03-01', '2026-03-31');
    expect(value('来访人次')).toBe(String(s.visitors));
    expect(value('好评率')).toBe('50.00%');
    expect(value('按时办结率')).toBe(`${((2 / 3) * 100).toFixed(2)}%`);
    expect(workbook.getWorksheet('每日')!.rowCount).toBe(32);
    const pdf = await w.t.request('GET', `/api/v1/stats/reports/${w.o.city.id}/2026-03.pdf`, { token });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expectError(await w.t.request('GET', `/api/v1/stats/reports/${w.o.city.id}/2026-13.pdf`, { token }), 400, 'VALIDATION_ERROR');
    expectError(await w.t.request('GET', `/api/v1/stats/reports/${w.o.city.id}/2026-03.pdf`, { token: w.o.accounts.staff.token }), 403, 'FORBIDDEN');
  });

  it('is made once at the month’s end for every center that existed in that month, and kept', async () => {
    // A month the installation did not live through has no report.
    expect(await storeMonthEndReports(db(), sh('2026-03-01', '08:00'))).toEqual([]);
    await db().insertInto('event_log').values({ type: 'test.installed', center_id: null, audience: 'staff', data: '{}', at: sh('2026-02-20', '09:00') }).execute();
    const made = await storeMonthEndReports(db(), sh('2026-04-01', '00:05'));
    expect(made).toContain(w.o.city.id);
    expect(await storeMonthEndReports(db(), sh('2026-04-01', '00:06'))).toEqual([]);
    const listed = await call(w.t, 'GET', `/api/v1/stats/reports?centerId=${w.o.city.id}`, 200, { token: w.o.accounts.supervisor.token });
    expect(listed).toEqual([{ month: '2026-03', generatedAt: sh('2026-04-01', '00:05').toISOString() }]);
  });
});

describe('rollups against the raw rows', () => {
  it('a month of generated visits: every count and mean equals the raw computation, medians to the minute', async () => {
    // A seeded generator: the same data every run.
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const statuses = ['done', 'done', 'done', 'no_show', 'cancelled'] as const;
    for (const day of datesBetween('2026-04-01', '2026-04-30')) {
      for (let i = 0; i < 12; i++) {
        const taken = new Date(sh(day, '08:30').getTime() + random() * 9 * 3_600_000);
        const status = statuses[Math.floor(random() * statuses.length)]!;
        const called = status === 'cancelled' ? undefined : new Date(taken.getTime() + random() * 90 * 60_000);
        const started = status === 'done' ? new Date(called!.getTime() + 60_000) : undefined;
        const finished = status === 'done' ? new Date(started!.getTime() + random() * 40 * 60_000) : undefined;
        await ticket({ day, status, taken, called, started, finished });
      }
      await rollUpDay(db(), day);
    }
    const s = await summaryOf('2026-04-01', '2026-04-30');
    const raw = await db()
      .selectFrom('tickets')
      .select(['status', 'taken_at', 'called_at', 'started_at', 'finished_at'])
      .where('day', '>=', '2026-04-01')
      .where('day', '<=', '2026-04-30')
      .execute();
    const waits = raw.filter((r) => r.called_at).map((r) => (r.called_at!.getTime() - r.taken_at.getTime()) / 60_000);
    const handles = raw.filter((r) => r.status === 'done').map((r) => (r.finished_at!.getTime() - r.started_at!.getTime()) / 60_000);
    expect(s.figures.visits).toMatchObject({ issued: raw.length, served: handles.length, noShow: raw.filter((r) => r.status === 'no_show').length, cancelled: raw.filter((r) => r.status === 'cancelled').length });
    expect(s.avgWaitMinutes).toBeCloseTo(waits.reduce((a, b) => a + b, 0) / waits.length, 6);
    expect(s.avgHandleMinutes).toBeCloseTo(handles.reduce((a, b) => a + b, 0) / handles.length, 6);
    const sorted = [...waits].sort((a, b) => a - b);
    const median = sorted[Math.ceil(sorted.length / 2) - 1]!;
    // Buckets are one minute wide up to 30, five minutes up to 60, ten to 90: the median within its bucket.
    const width = median < 30 ? 1 : median < 60 ? 5 : 10;
    expect(Math.abs(s.figures.visits.wait.median - median)).toBeLessThanOrEqual(width);
    // And one query over the month equals the sum of its days.
    const days = await call(w.t, 'GET', `/api/v1/stats/trend?centerId=${w.o.city.id}&from=2026-04-01&to=2026-04-30`, 200, { token: w.o.accounts.supervisor.token });
    expect(days.reduce((n: number, d: Json) => n + d.visits, 0)).toBe(s.visitors);
  });
});
