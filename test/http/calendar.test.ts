import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/server/bootstrap.ts';
import * as calendar from '../../src/server/modules/calendar/service.ts';
import { systemActor } from '../../src/server/platform/audit.ts';
import { adminPassword, type TestApp } from '../helpers/testApp.ts';
import { auditOf, call, countRows, expectAudited, expectError, expectStatus, type Org, orgApp, snapshot } from '../helpers/fixtures.ts';

let t: TestApp;
let o: Org;
let admin: string;
beforeAll(async () => ({ t, o, admin } = await orgApp()));
afterAll(async () => t?.close());

const add = (from: string, days: number | string) => t.request('GET', `/api/v1/calendar/working-days/add?from=${from}&days=${days}`);
const calendarTables = ['calendar_days', 'calendar_seeded_years', 'calendar_state', 'audit_log'];

/** A refused request: the error, and no calendar row or audit record changed. */
async function expectRefused(send: () => Promise<Parameters<typeof expectError>[0]>, status: number, code: string) {
  const before = await snapshot(t, calendarTables);
  expectError(await send(), status, code);
  expect(await snapshot(t, calendarTables)).toEqual(before);
}

describe('GET /api/v1/calendar/working-days/add', () => {
  it.each([
    ['2025-09-30', 1, '2025-10-09', 'over the National Day and Mid-Autumn week'],
    ['2025-09-26', 1, '2025-09-28', 'Friday → the Sunday worked (调休)'],
    ['2025-10-08', 3, '2025-10-11', 'to the Saturday worked'],
    ['2025-10-01', 0, '2025-10-01', 'zero days: the start itself'],
    ['2026-02-13', 2, '2026-02-24', 'over the 2026 Spring Festival, via the Saturday worked'],
    ['2024-09-30', 5, '2024-10-12', 'National Day 2024, the Saturday 10-12 worked'],
    ['2027-01-04', 5, '2027-01-11', '2027 not in the schedule: plain Mon–Fri'],
  ])('from %s + %i working days → %s (%s)', async (from, days, expected) => {
    const body = expectStatus(await add(from, days), 200);
    expect(body).toEqual({ date: expected });
  });

  it.each([
    ['from=2025-13-01&days=1', 'INVALID_DATE'],
    ['from=2025-02-29&days=1', 'INVALID_DATE'],
    ['from=2025-9-30&days=1', 'VALIDATION_ERROR'],
    ['from=tomorrow&days=1', 'VALIDATION_ERROR'],
    ['from=2025-09-30&days=-1', 'VALIDATION_ERROR'],
    ['from=2025-09-30&days=1.5', 'VALIDATION_ERROR'],
    ['from=2025-09-30&days=abc', 'VALIDATION_ERROR'],
    ['from=2025-09-30&days=10001', 'VALIDATION_ERROR'],
    ['from=2025-09-30', 'VALIDATION_ERROR'],
    ['days=3', 'VALIDATION_ERROR'],
    ['', 'VALIDATION_ERROR'],
  ])('refuses ?%s with 400 %s and a Chinese message', async (query, code) => {
    const error = expectError(await t.request('GET', `/api/v1/calendar/working-days/add?${query}`), 400, code);
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('needs no sign-in', async () => {
    expect((await add('2025-09-30', 1)).statusCode).toBe(200);
  });
});

describe('GET /api/v1/calendar/working-days/between', () => {
  it('counts working days after `from` up to `to`, negative backwards', async () => {
    expect(await call(t, 'GET', '/api/v1/calendar/working-days/between?from=2025-09-30&to=2025-10-09', 200)).toEqual({ workingDays: 1 });
    expect(await call(t, 'GET', '/api/v1/calendar/working-days/between?from=2025-10-09&to=2025-09-30', 200)).toEqual({ workingDays: -1 });
    expect(await call(t, 'GET', '/api/v1/calendar/working-days/between?from=2025-10-01&to=2025-10-01', 200)).toEqual({ workingDays: 0 });
    expectError(await t.request('GET', '/api/v1/calendar/working-days/between?from=2025-10-01&to=2025-02-30'), 400, 'INVALID_DATE');
    expectError(await t.request('GET', '/api/v1/calendar/working-days/between?from=2025-10-01'), 400, 'VALIDATION_ERROR');
  });
});

describe('GET /api/v1/calendar/days', () => {
  it('lists the overrides of a year from the State Council schedule, with coverage', async () => {
    const body = await call(t, 'GET', '/api/v1/calendar/days?year=2025', 200);
    expect(body.year).toBe(2025);
    expect(body.days).toHaveLength(33);
    expect(body.days[0]).toEqual({ date: '2025-01-01', kind: 'holiday', name: '元旦', source: 'chinese-days' });
    expect(body.days.filter((d: { kind: string }) => d.kind === 'workday').map((d: { date: string }) => d.date)).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(body.days.find((d: { date: string }) => d.date === '2025-10-06')).toMatchObject({ kind: 'holiday', name: '中秋' });
    expect(body.coverage.years).toEqual([2024, 2025, 2026]);
    expect(body.coverage).toHaveProperty('warning');
  });

  it('answers an empty year, and refuses a bad year', async () => {
    expect((await call(t, 'GET', '/api/v1/calendar/days?year=2030', 200)).days).toEqual([]);
    expectError(await t.request('GET', '/api/v1/calendar/days?year=abc'), 400, 'VALIDATION_ERROR');
    expectError(await t.request('GET', '/api/v1/calendar/days'), 400, 'VALIDATION_ERROR');
  });
});

describe('PUT and DELETE /api/v1/calendar/days/{date}', () => {
  it('refuses anyone but a global administrator (401, 403), changing nothing', async () => {
    const body = { kind: 'holiday', name: '测试' };
    await expectRefused(() => t.request('PUT', '/api/v1/calendar/days/2027-10-01', { body }), 401, 'UNAUTHENTICATED');
    await expectRefused(() => t.request('DELETE', '/api/v1/calendar/days/2025-10-01'), 401, 'UNAUTHENTICATED');
    for (const person of ['cityAdmin', 'cityManager', 'staff', 'supervisor'] as const) {
      const token = o.accounts[person].token;
      await expectRefused(() => t.request('PUT', '/api/v1/calendar/days/2027-10-01', { token, body }), 403, 'FORBIDDEN');
      await expectRefused(() => t.request('DELETE', '/api/v1/calendar/days/2025-10-01', { token }), 403, 'FORBIDDEN');
    }
    await expectRefused(() => t.request('PUT', '/api/v1/calendar/days/2027-10-01', { token: o.tokens.kiosk, body }), 403, 'FORBIDDEN');
  });

  it('refuses bad input with 400', async () => {
    const token = t.adminToken;
    await expectRefused(() => t.request('PUT', '/api/v1/calendar/days/2027-13-01', { token, body: { kind: 'holiday', name: '测试' } }), 400, 'INVALID_DATE');
    await expectRefused(() => t.request('PUT', '/api/v1/calendar/days/2027-10-01', { token, body: { kind: 'weekend', name: '测试' } }), 400, 'VALIDATION_ERROR');
    await expectRefused(() => t.request('PUT', '/api/v1/calendar/days/2027-10-01', { token, body: { kind: 'holiday', name: '' } }), 400, 'VALIDATION_ERROR');
    await expectRefused(() => t.request('PUT', '/api/v1/calendar/days/2027-10-01', { token, body: { kind: 'holiday', name: '   ' } }), 400, 'INVALID_NAME');
    await expectRefused(() => t.request('PUT', '/api/v1/calendar/days/2027-10-01', { token, body: { kind: 'holiday' } }), 400, 'VALIDATION_ERROR');
    // 2027-10-01 is a Friday: a working day already
    await expectRefused(() => t.request('PUT', '/api/v1/calendar/days/2027-10-01', { token, body: { kind: 'workday', name: '国庆节' } }), 400, 'NOT_A_WEEKEND');
    await expectRefused(() => t.request('DELETE', '/api/v1/calendar/days/2027-02-30', { token }), 400, 'INVALID_DATE');
    await expectRefused(() => t.request('DELETE', '/api/v1/calendar/days/2027-03-03', { token }), 404, 'NOT_FOUND');
  });

  it('an admin edit changes the answer at once, and is audited', async () => {
    expect((await add('2027-09-30', 1)).json()).toEqual({ date: '2027-10-01' });
    const set = expectStatus(await t.request('PUT', '/api/v1/calendar/days/2027-10-01', { token: t.adminToken, body: { kind: 'holiday', name: ' 国庆节 ' } }), 200);
    expect(set).toEqual({ date: '2027-10-01', kind: 'holiday', name: '国庆节', source: 'admin' });
    expect((await add('2027-09-30', 1)).json()).toEqual({ date: '2027-10-04' });
    await expectAudited(t, '2027-10-01', { action: 'calendar.set', actorId: admin, before: null, after: set });

    // a 调休 Saturday
    expectStatus(await t.request('PUT', '/api/v1/calendar/days/2027-10-02', { token: t.adminToken, body: { kind: 'workday', name: '国庆节' } }), 200);
    expect((await add('2027-09-30', 1)).json()).toEqual({ date: '2027-10-02' });

    // replacing a packaged day makes it the admin's
    const before = { date: '2025-10-08', kind: 'holiday', name: '国庆节', source: 'chinese-days' };
    const replaced = expectStatus(await t.request('PUT', '/api/v1/calendar/days/2025-10-08', { token: t.adminToken, body: { kind: 'holiday', name: '国庆节（更正）' } }), 200);
    await expectAudited(t, '2025-10-08', { action: 'calendar.set', actorId: admin, before, after: replaced });

    // removing: the day follows the week again
    expectStatus(await t.request('DELETE', '/api/v1/calendar/days/2027-10-01', { token: t.adminToken }), 200);
    expectStatus(await t.request('DELETE', '/api/v1/calendar/days/2027-10-02', { token: t.adminToken }), 200);
    expect((await add('2027-09-30', 1)).json()).toEqual({ date: '2027-10-01' });
    await expectAudited(t, '2027-10-01', { action: 'calendar.remove', actorId: admin, before: set, after: null });
  });

  it('warns while next year has no schedule, and stops once a holiday of it is entered', async () => {
    const today = calendar.calendarCoverage(t.database.db);
    const { nextYear } = await today;
    const coverage = async () => (await call(t, 'GET', `/api/v1/calendar/days?year=${nextYear}`, 200)).coverage;
    const covered = [2024, 2025, 2026].includes(nextYear);
    if (!covered) expect((await coverage()).warning).toContain(`${nextYear} 年`);
    expectStatus(await t.request('PUT', `/api/v1/calendar/days/${nextYear}-01-01`, { token: t.adminToken, body: { kind: 'holiday', name: '元旦' } }), 200);
    const after = await coverage();
    expect(after.nextYearCovered).toBe(true);
    expect(after.years).toContain(nextYear);
    if (!covered) expectStatus(await t.request('DELETE', `/api/v1/calendar/days/${nextYear}-01-01`, { token: t.adminToken }), 200);
  });
});

describe('the schedule across restarts and nodes', () => {
  it('is loaded once: a restart keeps the admin edits and deletions', async () => {
    expectStatus(await t.request('DELETE', '/api/v1/calendar/days/2026-10-07', { token: t.adminToken }), 200);
    expectStatus(await t.request('PUT', '/api/v1/calendar/days/2026-10-01', { token: t.adminToken, body: { kind: 'holiday', name: '国庆' } }), 200);
    const rows = await countRows(t, 'calendar_days');
    const loads = (await auditOf(t, '2026')).length;
    expect(loads).toBe(1);

    await bootstrap(t.database, { adminPassword, demo: false }); // what the next start runs
    expect(await calendar.loadPackagedSchedule(t.database.db)).toEqual([]);

    expect(await countRows(t, 'calendar_days')).toBe(rows);
    expect(await countRows(t, 'calendar_days', { day: '2026-10-07' })).toBe(0);
    expect((await call(t, 'GET', '/api/v1/calendar/days?year=2026', 200)).days.find((d: { date: string }) => d.date === '2026-10-01')).toMatchObject({ name: '国庆', source: 'admin' });
    expect((await auditOf(t, '2026')).length).toBe(1);
    expect((await auditOf(t, '2026'))[0]).toMatchObject({ action: 'calendar.load', actorKind: 'system' });
  });

  it('loads a year the package gained since, without touching the admin days of it', async () => {
    await sql`DELETE FROM calendar_seeded_years WHERE year = 2024`.execute(t.database.db);
    expectStatus(await t.request('DELETE', '/api/v1/calendar/days/2024-10-07', { token: t.adminToken }), 200);
    expectStatus(await t.request('PUT', '/api/v1/calendar/days/2024-10-01', { token: t.adminToken, body: { kind: 'holiday', name: '国庆节（本地）' } }), 200);
    expect(await calendar.loadPackagedSchedule(t.database.db, systemActor('测试'))).toEqual([2024]);
    expect(await countRows(t, 'calendar_days', { day: '2024-10-07' })).toBe(1);
    expect((await call(t, 'GET', '/api/v1/calendar/days?year=2024', 200)).days.find((d: { date: string }) => d.date === '2024-10-01')).toMatchObject({ name: '国庆节（本地）', source: 'admin' });
  });

  it('sees a change made by another node (same database) on the next call', async () => {
    expect((await add('2027-11-10', 1)).json()).toEqual({ date: '2027-11-11' });
    // what another node's setCalendarDay writes: the row and a new stamp
    await sql`INSERT INTO calendar_days (day, kind, name, source) VALUES ('2027-11-11', 'holiday', '测试', 'admin')`.execute(t.database.db);
    await sql`UPDATE calendar_state SET stamp = 'from-another-node' WHERE id = 1`.execute(t.database.db);
    expect((await add('2027-11-10', 1)).json()).toEqual({ date: '2027-11-12' });
    await calendar.removeCalendarDay(t.database.db, systemActor('测试'), '2027-11-11');
    expect((await add('2027-11-10', 1)).json()).toEqual({ date: '2027-11-11' });
  });

  it('forgets what it read inside a transaction that was rolled back', async () => {
    const db = t.database.db;
    await db
      .transaction()
      .execute(async (trx) => {
        await calendar.setCalendarDay(trx, systemActor('测试'), { date: '2027-11-15', kind: 'holiday', name: '测试' });
        expect(await calendar.isWorkingDay(trx, '2027-11-15')).toBe(false);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await calendar.isWorkingDay(db, '2027-11-15')).toBe(true);
    expect(await calendar.addWorkingDays(db, '2027-11-12', 1)).toBe('2027-11-15');
  });
});
