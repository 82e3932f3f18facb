import packaged from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/server/platform/audit.ts';
import type { Principal } from '../../src/server/platform/auth.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../src/server/modules/calendar/service.ts';
import { caseSteps, listCases, resumeCase, suspendCase, type CaseView } from '../../src/server/modules/cases/service.ts';
import { call, create, type Org } from '../helpers/fixtures.ts';
import { acceptOn, at, caseDaysApp, type CaseDays } from '../helpers/caseDays.ts';
import type { TestApp } from '../helpers/testApp.ts';

/**
 * Deadlines in working days, through the service with explicit days: 国庆 and its 调休 weekends, suspensions,
 * the administrator's own holidays, and the 黄灯/红灯 warnings.
 */

type Json = any;

let t: TestApp;
let o: Org;
let principal: Principal;
let actor: Actor;
/** Promised 5, legal 20 working days, with a 容缺 material. */
let item: Json;
let w: CaseDays;
/** Items by promised days, for the property. */
const byDays = new Map<number, Json>();

const db = () => t.database.db;

const acceptedOn = (day: string, it: Json = item, deferred = false): Promise<CaseView> => acceptOn(w, day, it, deferred);

beforeAll(async () => {
  w = await caseDaysApp({ code: 'DL-5', name: '时限测试' });
  ({ t, o, principal, actor, item } = w);
  for (const days of [1, 3, 5, 10, 15, 30]) {
    byDays.set(days, await create(t, '/api/v1/items', { code: `DL-P${days}`, name: `时限 ${days}`, departmentId: o.police.id, type: '行政许可', legalDays: days * 2, promisedDays: days, materials: [{ name: '申请书' }] }));
  }
});
afterAll(async () => t?.close());

describe('the calendar the cases count with', () => {
  it('was loaded at bootstrap from chinese-days: 国庆 2025 off, its 调休 weekends worked', async () => {
    for (const day of ['2025-10-01', '2025-10-06', '2025-10-08', '2025-10-12']) expect(await isWorkingDay(db(), day)).toBe(false);
    for (const day of ['2025-09-28', '2025-10-09', '2025-10-11']) expect(await isWorkingDay(db(), day)).toBe(true);
  });
});

describe('deadlines at acceptance', () => {
  it('accepted on 2025-09-30 for 5 working days: skips 国庆 (10-01…10-08), counts the 调休 Saturday 10-11', async () => {
    const c = await acceptedOn('2025-09-30', item, true);
    expect(c.acceptedOn).toBe('2025-09-30');
    // 10-09, 10-10, 10-11 (Saturday, worked), 10-13, 10-14.
    expect(c.promisedDeadline).toBe('2025-10-14');
    expect(c.promisedDeadline).toBe(await addWorkingDays(db(), '2025-09-30', 5));
    expect(c.legalDeadline).toBe('2025-11-04');
    expect(c.legalDeadline).toBe(await addWorkingDays(db(), '2025-09-30', 20));
    expect(c.caseNo.startsWith('20250930')).toBe(true);
    // The 容缺 material is due within five working days, never after the promised deadline.
    expect(c.materials.find((m) => m.name === '场地证明')).toMatchObject({ status: 'deferred', dueDate: '2025-10-14' });
    const { rows } = await sql<{ body: string }>`SELECT body FROM outbox_messages WHERE reference = ${`case:${c.id}`}`.execute(db());
    expect(rows.map((r) => r.body)).toEqual([expect.stringContaining('承诺 2025-10-14 前办结')]);
  });

  it('counts the 调休 Sunday before 国庆 (2025-09-28)', async () => {
    const c = await acceptedOn('2025-09-26');
    // 09-28 (Sunday, worked), 09-29, 09-30, 10-09, 10-10.
    expect(c.promisedDeadline).toBe('2025-10-10');
  });

  it('accepted on a day off: the deadline counts from the next working day all the same', async () => {
    const c = await acceptedOn('2025-10-04');
    expect(c.acceptedOn).toBe('2025-10-04');
    expect(c.promisedDeadline).toBe('2025-10-14'); // 10-09, 10-10, 10-11, 10-13, 10-14
  });

  it('follows the days the administrator sets or removes', async () => {
    const admin = t.adminToken;
    // 10-08 made a working day (its holiday removed), 10-13 made a holiday.
    await call(t, 'DELETE', '/api/v1/calendar/days/2025-10-08', 200, { token: admin });
    await call(t, 'PUT', '/api/v1/calendar/days/2025-10-13', 200, { token: admin, body: { kind: 'holiday', name: '测试假日' } });
    try {
      const c = await acceptedOn('2025-09-30');
      // 10-08, 10-09, 10-10, 10-11, 10-14.
      expect(c.promisedDeadline).toBe('2025-10-14');
      expect(c.promisedDeadline).toBe(await addWorkingDays(db(), '2025-09-30', 5));
      await call(t, 'PUT', '/api/v1/calendar/days/2025-10-18', 200, { token: admin, body: { kind: 'workday', name: '测试调休' } });
      const d = await acceptedOn('2025-10-14');
      // 10-15, 10-16, 10-17, 10-18 (Saturday, worked now), 10-20.
      expect(d.promisedDeadline).toBe('2025-10-20');
    } finally {
      await call(t, 'PUT', '/api/v1/calendar/days/2025-10-08', 200, { token: admin, body: { kind: 'holiday', name: '国庆节' } });
      await call(t, 'DELETE', '/api/v1/calendar/days/2025-10-13', 200, { token: admin });
      await call(t, 'DELETE', '/api/v1/calendar/days/2025-10-18', 200, { token: admin });
    }
    expect((await acceptedOn('2025-09-30')).promisedDeadline).toBe('2025-10-14');
  });

  it('an immediate item (0 days) is due the day it is accepted', async () => {
    const quick = await create(t, '/api/v1/items', { code: 'DL-0', name: '即办', departmentId: o.police.id, type: '公共服务', legalDays: 0, promisedDays: 0, mode: 'immediate', materials: [] });
    const c = await acceptedOn('2025-10-09', quick);
    expect(c).toMatchObject({ mode: 'immediate', acceptedOn: '2025-10-09', promisedDeadline: '2025-10-09', legalDeadline: '2025-10-09' });
  });
});

describe('suspension', () => {
  it('moves both deadlines by the working days the clock stood still, and adds up', async () => {
    const c = await acceptedOn('2025-09-30');
    await suspendCase(db(), principal, actor, c.id, '专家评审', at('2025-10-09'));
    // 10-10, 10-11 (worked Saturday), 10-13: three working days.
    const r1 = await resumeCase(db(), principal, actor, c.id, at('2025-10-13'));
    expect(r1.promisedDeadline).toBe(await addWorkingDays(db(), '2025-09-30', 5 + 3));
    expect(r1.promisedDeadline).toBe('2025-10-17');
    expect(r1.legalDeadline).toBe(await addWorkingDays(db(), '2025-09-30', 20 + 3));
    expect(r1.suspended).toBeNull();
    // Suspended and resumed the same day: nothing lost.
    await suspendCase(db(), principal, actor, c.id, '听证', at('2025-10-14'));
    const r2 = await resumeCase(db(), principal, actor, c.id, at('2025-10-14'));
    expect(r2.promisedDeadline).toBe('2025-10-17');
    // Over a weekend: Friday to Monday is one working day.
    await suspendCase(db(), principal, actor, c.id, '公示', at('2025-10-17'));
    const r3 = await resumeCase(db(), principal, actor, c.id, at('2025-10-20'));
    expect(r3.promisedDeadline).toBe(await addWorkingDays(db(), '2025-09-30', 5 + 4));
    expect(r3.promisedDeadline).toBe('2025-10-20');
    expect(r3.legalDeadline).toBe(await addWorkingDays(db(), '2025-09-30', 20 + 4));
    const notes = (await caseSteps(db(), c.id)).filter((s) => s.action === 'resume').map((s) => s.note);
    expect(notes).toEqual(['暂停 3 个工作日', '暂停 0 个工作日', '暂停 1 个工作日']);
  });

  it('a suspension over 国庆 counts only its working days', async () => {
    const c = await acceptedOn('2025-09-26'); // due 10-10
    await suspendCase(db(), principal, actor, c.id, '现场核查', at('2025-09-30'));
    const r = await resumeCase(db(), principal, actor, c.id, at('2025-10-09')); // 10-09 only
    expect(r.promisedDeadline).toBe(await addWorkingDays(db(), '2025-09-26', 6));
    expect(r.promisedDeadline).toBe('2025-10-11'); // the 调休 Saturday
  });

  it('property: a suspension of N working days moves both deadlines by N working days', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 30 }), async (offset, before, length) => {
        const accepted = new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const c = await acceptedOn(accepted);
        const since = await addWorkingDays(db(), accepted, before);
        const until = await addWorkingDays(db(), since, length);
        await suspendCase(db(), principal, actor, c.id, '专家评审', at(since));
        const r = await resumeCase(db(), principal, actor, c.id, at(until));
        expect(r.promisedDeadline).toBe(await addWorkingDays(db(), accepted, 5 + length));
        expect(r.legalDeadline).toBe(await addWorkingDays(db(), accepted, 20 + length));
      }),
      { numRuns: 15 },
    );
  });
});

describe('warnings (黄灯 due_soon within 2 working days, 红灯 overdue after)', () => {
  let due1014: CaseView;
  let due0930: CaseView;
  let due1114: CaseView;
  let suspended: CaseView;
  const warningOn = async (c: CaseView, today: string) => {
    const { items } = await listCases(db(), { centerId: o.city.id, status: 'accepted', page: 1, pageSize: 1000 }, today);
    return items.find((x) => x.id === c.id)!.warning;
  };
  const listed = async (warning: 'due_soon' | 'overdue', today: string) =>
    new Set((await listCases(db(), { centerId: o.city.id, warning, page: 1, pageSize: 1000 }, today)).items.map((x) => x.id));

  beforeAll(async () => {
    await sql`DELETE FROM cases`.execute(db());
    due1014 = await acceptedOn('2025-09-30');
    due0930 = await acceptedOn('2025-09-24'); // 09-25, 09-26, 09-28 (worked Sunday), 09-29, 09-30
    due1114 = await acceptedOn('2025-11-07'); // a Friday
    suspended = await acceptedOn('2025-10-09');
    await suspendCase(db(), principal, actor, suspended.id, '专家评审', at('2025-10-10'));
    expect([due1014.promisedDeadline, due0930.promisedDeadline, due1114.promisedDeadline]).toEqual(['2025-10-14', '2025-09-30', '2025-11-14']);
  });

  it('the days around a deadline across 国庆', async () => {
    const expected: [string, 'due_soon' | 'overdue' | null][] = [
      ['2025-10-09', null], // 4 working days left
      ['2025-10-10', null], // 3
      ['2025-10-11', 'due_soon'], // 2 (the worked Saturday)
      ['2025-10-12', 'due_soon'], // a Sunday off: 2
      ['2025-10-13', 'due_soon'],
      ['2025-10-14', 'due_soon'], // the deadline itself
      ['2025-10-15', 'overdue'],
    ];
    for (const [today, warning] of expected) {
      expect(await warningOn(due1014, today), today).toBe(warning);
      expect((await listed('due_soon', today)).has(due1014.id), today).toBe(warning === 'due_soon');
      expect((await listed('overdue', today)).has(due1014.id), today).toBe(warning === 'overdue');
    }
  });

  it('past the deadline is overdue on a day off too (a holiday, the weekend after a Friday deadline)', async () => {
    for (const today of ['2025-10-01', '2025-10-05', '2025-10-08']) {
      expect(await warningOn(due0930, today), today).toBe('overdue');
      expect((await listed('overdue', today)).has(due0930.id)).toBe(true);
      expect((await listed('due_soon', today)).has(due0930.id)).toBe(false);
    }
    expect(await warningOn(due1114, '2025-11-14')).toBe('due_soon');
    expect(await warningOn(due1114, '2025-11-15')).toBe('overdue');
    expect(await warningOn(due1114, '2025-11-16')).toBe('overdue');
  });

  it('a suspended case has no warning and is in neither list', async () => {
    for (const today of ['2025-10-10', '2025-12-31']) {
      expect((await listed('overdue', today)).has(suspended.id)).toBe(false);
      expect((await listed('due_soon', today)).has(suspended.id)).toBe(false);
    }
    const { items } = await listCases(db(), { centerId: o.city.id, status: 'suspended', page: 1, pageSize: 10 }, '2025-12-31');
    expect(items.map((x) => [x.id, x.warning])).toEqual([[suspended.id, null]]);
  });

  it('the lists agree with the warnings shown, every day from September to December 2025, most urgent first', async () => {
    for (let day = Date.UTC(2025, 8, 20); day <= Date.UTC(2025, 11, 5); day += 86_400_000) {
      const today = new Date(day).toISOString().slice(0, 10);
      const { items } = await listCases(db(), { centerId: o.city.id, page: 1, pageSize: 1000 }, today);
      for (const warning of ['due_soon', 'overdue'] as const) {
        const list = (await listCases(db(), { centerId: o.city.id, warning, page: 1, pageSize: 1000 }, today)).items;
        expect(new Set(list.map((x) => x.id)), `${warning} on ${today}`).toEqual(new Set(items.filter((x) => x.warning === warning).map((x) => x.id)));
        const deadlines = list.map((x) => x.promisedDeadline!);
        expect(deadlines).toEqual([...deadlines].sort());
      }
      // And the days left as the calendar counts them.
      for (const x of items.filter((i) => i.status === 'accepted')) {
        const left = await workingDaysBetween(db(), today, x.promisedDeadline!);
        const expected = today > x.promisedDeadline! ? 'overdue' : left <= 2 ? 'due_soon' : null;
        expect(x.warning, `${x.promisedDeadline} on ${today}`).toBe(expected);
      }
    }
  });
});

/** The State Council schedule straight from the package: an oracle independent of the calendar module. */
const schedule = packaged as { holidays: Record<string, string>; workdays: Record<string, string> };
function oracleAddWorkingDays(from: string, n: number): string {
  let day = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  let left = n;
  while (left > 0) {
    day += 86_400_000;
    const date = new Date(day);
    const iso = date.toISOString().slice(0, 10);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    if (iso in schedule.workdays || (!weekend && !(iso in schedule.holidays))) left -= 1;
  }
  return new Date(day).toISOString().slice(0, 10);
}

describe('property: deadlines over 2024–2026', () => {
  it('promisedDeadline = addWorkingDays(acceptedOn, promisedDays) exactly, and so is the legal one; both match the State Council schedule', async () => {
    const first = Date.UTC(2024, 0, 1);
    const days = (Date.UTC(2026, 11, 31) - first) / 86_400_000;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: days }), fc.constantFrom(...byDays.keys()), async (offset, promisedDays) => {
        const accepted = new Date(first + offset * 86_400_000).toISOString().slice(0, 10);
        const c = await acceptedOn(accepted, byDays.get(promisedDays));
        expect(c.acceptedOn).toBe(accepted);
        expect(c.promisedDeadline).toBe(await addWorkingDays(db(), accepted, promisedDays));
        expect(c.legalDeadline).toBe(await addWorkingDays(db(), accepted, promisedDays * 2));
        expect(await workingDaysBetween(db(), accepted, c.promisedDeadline!)).toBe(promisedDays);
        expect(await isWorkingDay(db(), c.promisedDeadline!)).toBe(true);
        if (c.promisedDeadline! <= '2026-12-31') expect(c.promisedDeadline).toBe(oracleAddWorkingDays(accepted, promisedDays));
      }),
      { numRuns: 60 },
    );
  });
});
