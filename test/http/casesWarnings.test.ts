import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/server/platform/audit.ts';
import type { Principal } from '../../src/server/platform/auth.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { addWorkingDays } from '../../src/server/modules/calendar/service.ts';
import { caseSteps, getCase, listCases, suspendCase, supplyMaterials, sweepCaseWarnings, type CaseView } from '../../src/server/modules/cases/service.ts';
import { caseWarningSweeper } from '../../src/server/modules/cases/sweeper.ts';
import { call, type Org } from '../helpers/fixtures.ts';
import { acceptOn, at, caseApplicant as applicant, caseDaysApp, type CaseDays } from '../helpers/caseDays.ts';
import type { TestApp } from '../helpers/testApp.ts';

/**
 * The 电子监察 sweep with explicit days (国庆 2025): 黄灯/红灯 levels stored and announced only when they
 * change, suspended cases left alone, late 容缺 materials stopping the clock until supplied, reminders once.
 */

type Json = any;

let t: TestApp;
let o: Org;
let principal: Principal;
let actor: Actor;
/** Promised 5, legal 20 working days, with a 容缺 material. */
let item: Json;
let w: CaseDays;

const db = () => t.database.db;
const sweep = (day: string) => sweepCaseWarnings(db(), at(day));

const acceptedOn = (day: string, deferred = false): Promise<CaseView> => acceptOn(w, day, item, deferred);

async function warningEvents(caseId: string): Promise<Json[]> {
  const { rows } = await sql<{ data: Json; center_id: string; audience: string }>`SELECT data, center_id, audience FROM event_log WHERE type = 'case.warning' AND data->>'caseId' = ${caseId} ORDER BY id`.execute(db());
  return rows.map((r) => ({ ...r.data, centerId: r.center_id, audience: r.audience }));
}

const levelOf = async (id: string) => (await db().selectFrom('case_warnings').select('level').where('case_id', '=', id).executeTakeFirst())?.level ?? null;

beforeAll(async () => {
  // The periodic sweep (with today's date) stays off: each test sweeps on the day it names.
  process.env.CASE_SWEEP_SECONDS = '0';
  w = await caseDaysApp({ code: 'WN-5', name: '预警测试' });
  ({ t, o, principal, actor, item } = w);
});
afterAll(async () => {
  delete process.env.CASE_SWEEP_SECONDS;
  await t?.close();
});

describe('deadline levels', () => {
  let due1014: CaseView;
  let due1114: CaseView;
  let suspended: CaseView;

  beforeAll(async () => {
    await sql`DELETE FROM cases`.execute(db());
    due1014 = await acceptedOn('2025-09-30');
    due1114 = await acceptedOn('2025-11-07');
    suspended = await acceptedOn('2025-09-30');
    await suspendCase(db(), principal, actor, suspended.id, '专家评审', at('2025-10-09'));
  });

  it('no level, no event while the deadline is more than 2 working days away', async () => {
    expect(await sweep('2025-10-10')).toEqual({ ran: true, suspended: 0, changed: 0, reminded: 0 });
    expect(await levelOf(due1014.id)).toBeNull();
    expect(await warningEvents(due1014.id)).toEqual([]);
  });

  it('yellow on the worked Saturday 2 working days before, announced once to the staff of the center', async () => {
    expect((await sweep('2025-10-11')).changed).toBe(1);
    expect(await levelOf(due1014.id)).toBe('yellow');
    expect(await warningEvents(due1014.id)).toEqual([
      {
        caseId: due1014.id,
        caseNo: due1014.caseNo,
        itemName: '预警测试',
        departmentId: o.police.id,
        level: 'yellow',
        reason: 'deadline',
        deadline: '2025-10-14',
        promisedDeadline: '2025-10-14',
        legalDeadline: '2025-11-04',
        centerId: o.city.id,
        audience: 'staff',
      },
    ]);
    // Unchanged on the following sweeps: nothing new.
    expect((await sweep('2025-10-11')).changed).toBe(0);
    expect((await sweep('2025-10-14')).changed).toBe(0);
    expect(await warningEvents(due1014.id)).toHaveLength(1);
  });

  it('red the day after the deadline; one more event', async () => {
    expect((await sweep('2025-10-15')).changed).toBe(1);
    expect(await levelOf(due1014.id)).toBe('red');
    expect((await warningEvents(due1014.id)).map((e) => e.level)).toEqual(['yellow', 'red']);
    expect((await sweep('2025-10-16')).changed).toBe(0);
  });

  it('leaves a suspended case alone, and one far from its deadline', async () => {
    expect(await levelOf(suspended.id)).toBeNull();
    expect(await warningEvents(suspended.id)).toEqual([]);
    expect(await levelOf(due1114.id)).toBeNull();
  });

  it('a level going back (the sweep run for an earlier day) is announced as none', async () => {
    expect((await sweep('2025-10-10')).changed).toBe(1);
    expect((await warningEvents(due1014.id)).at(-1)).toMatchObject({ level: 'none' });
    expect(await levelOf(due1014.id)).toBeNull();
    expect((await sweep('2025-10-15')).changed).toBe(1);
  });

  it('decided cases keep their level and are not announced again', async () => {
    await sql`UPDATE cases SET status = 'decided' WHERE id = ${due1014.id}`.execute(db());
    expect((await sweep('2025-12-31')).changed).toBe(1); // only due1114 turns red
    expect(await levelOf(due1114.id)).toBe('red');
    expect(await warningEvents(due1014.id)).toHaveLength(4);
  });
});

describe('容缺 materials', () => {
  let late: CaseView;

  beforeAll(async () => {
    await sql`DELETE FROM cases`.execute(db());
    late = await acceptedOn('2025-09-30', true);
    expect(late.materials.find((m) => m.name === '场地证明')).toMatchObject({ status: 'deferred', dueDate: '2025-10-14' });
  });

  const reminders = async () => (await sql<{ body: string; recipient: string }>`SELECT body, recipient FROM outbox_messages WHERE reference = ${`case:${late.id}`} AND body LIKE '%请于%'`.execute(db())).rows;

  it('reminds the applicant once, 1 working day before the due date', async () => {
    expect((await sweep('2025-10-11')).reminded).toBe(0); // 10-13 is the reminder horizon
    expect((await sweep('2025-10-13')).reminded).toBe(1);
    expect((await sweep('2025-10-13')).reminded).toBe(0);
    expect((await sweep('2025-10-14')).reminded).toBe(0);
    expect(await reminders()).toEqual([{ recipient: '13700137000', body: expect.stringContaining('「场地证明」请于 2025-10-14 前补交') }]);
  });

  it('late: the clock stops (容缺材料逾期未补正), warned red, listed as overdue', async () => {
    expect(await sweep('2025-10-15')).toMatchObject({ suspended: 1, changed: 0 });
    const c = await getCase(db(), late.id);
    expect(c).toMatchObject({ status: 'suspended', suspended: { since: '2025-10-15', reason: '容缺材料逾期未补正' }, warning: 'overdue' });
    expect(await levelOf(late.id)).toBe('red');
    expect((await warningEvents(late.id)).at(-1)).toMatchObject({ level: 'red', reason: 'deferred_overdue', deadline: '2025-10-14' });
    expect((await caseSteps(db(), late.id)).at(-1)).toMatchObject({ action: 'suspend', actorName: '系统', note: '容缺材料逾期未补正' });
    const listed = await listCases(db(), { centerId: o.city.id, warning: 'overdue', page: 1, pageSize: 20 }, '2025-10-16');
    expect(listed.items.map((x) => x.id)).toEqual([late.id]);
    // Not stopped twice; nothing new.
    const events = (await warningEvents(late.id)).length;
    expect(await sweep('2025-10-16')).toMatchObject({ suspended: 0, changed: 0 });
    expect(await warningEvents(late.id)).toHaveLength(events);
  });

  it('supplying it runs the clock again; the deadlines move by the working days it stood', async () => {
    const material = late.materials.find((m) => m.name === '场地证明')!;
    const c = await supplyMaterials(db(), principal, actor, late.id, [material.materialId], at('2025-10-17'));
    // Stood 10-16 and 10-17: two working days.
    expect(c).toMatchObject({ status: 'accepted', suspended: null, promisedDeadline: await addWorkingDays(db(), '2025-09-30', 7), legalDeadline: await addWorkingDays(db(), '2025-09-30', 22) });
    expect(c.promisedDeadline).toBe('2025-10-16');
    expect((await caseSteps(db(), late.id)).slice(-2).map((s) => s.action)).toEqual(['supply', 'resume']);
    // Still past its (moved) promised deadline: red, as stored; no new announcement.
    expect(await sweep('2025-10-17')).toMatchObject({ suspended: 0, changed: 0 });
  });

  it('a manual suspension is not resumed by supplying', async () => {
    const other = await acceptedOn('2025-10-09', true);
    await suspendCase(db(), principal, actor, other.id, '专家评审', at('2025-10-10'));
    const material = other.materials.find((m) => m.name === '场地证明')!;
    expect((await supplyMaterials(db(), principal, actor, other.id, [material.materialId], at('2025-10-13'))).status).toBe('suspended');
  });
});

describe('one node at a time', () => {
  it.runIf(Boolean(process.env.DATABASE_URL))('a sweep while another holds the lock does nothing', async () => {
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${0x0ca5_e011})`.execute(trx);
        expect(await sweepCaseWarnings(db(), at('2025-10-15'))).toEqual({ ran: false, suspended: 0, changed: 0, reminded: 0 });
      });
  });

  it('the periodic sweeper runs at start and waits for its sweep on stop', async () => {
    await sql`DELETE FROM cases`.execute(db());
    const c = await acceptedOn('2025-09-30');
    const errors: unknown[] = [];
    const sweeper = caseWarningSweeper(db(), (e) => errors.push(e), 3600);
    sweeper.start();
    await sweeper.stop();
    expect(errors).toEqual([]);
    // Today is long after 2025: red.
    expect(await levelOf(c.id)).toBe('red');
  });

  it('the settings come from the environment', async () => {
    const { warningSettingsFrom } = await import('../../src/server/modules/cases/service.ts');
    expect(warningSettingsFrom({})).toEqual({ yellowDays: 2, reminderDays: 1 });
    expect(warningSettingsFrom({ CASE_WARNING_DAYS: '3', CASE_REMINDER_DAYS: '0' })).toEqual({ yellowDays: 3, reminderDays: 0 });
    expect(() => warningSettingsFrom({ CASE_WARNING_DAYS: '-1' })).toThrow(/CASE_WARNING_DAYS/);
  });
});

describe("the supervisors' list: GET /api/v1/centers/{id}/cases?warning=", () => {
  const today = shanghaiDate();
  const ids = (body: Json) => body.items.map((x: Json) => x.id);

  beforeAll(async () => {
    await sql`DELETE FROM cases`.execute(db());
    for (const day of ['2025-09-01', '2025-09-02', '2025-09-03']) await acceptedOn(day);
    const held = await acceptedOn('2025-09-30', true);
    await sweepCaseWarnings(db(), at('2025-10-15'));
    expect((await getCase(db(), held.id)).status).toBe('suspended');
    await acceptedOn(today); // five working days ahead: no warning
    // Accepted some days ago so that its promised deadline falls within the next 2 working days.
    const yellowUntil = await addWorkingDays(db(), today, 2);
    for (let back = 1; back < 20; back++) {
      const day = shanghaiDate(new Date(at(today).getTime() - back * 86_400_000));
      const deadline = await addWorkingDays(db(), day, 5);
      if (deadline >= today && deadline <= yellowUntil) {
        await acceptedOn(day);
        break;
      }
    }
  });

  it('red: overdue cases and those held by a late 容缺 material, most urgent first, in pages', async () => {
    const token = o.accounts.supervisor.token;
    const url = `/api/v1/centers/${o.city.id}/cases?warning=overdue&pageSize=3`;
    const first = await call(t, 'GET', `${url}&page=1`, 200, { token });
    const second = await call(t, 'GET', `${url}&page=2`, 200, { token });
    expect(first).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(first.items.map((x: Json) => x.promisedDeadline)).toEqual([...first.items.map((x: Json) => x.promisedDeadline)].sort());
    expect(second.items).toHaveLength(1);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(4);
    expect([...first.items, ...second.items].every((x: Json) => x.warning === 'overdue')).toBe(true);
    expect(second.items[0]).toMatchObject({ status: 'suspended', suspended: { reason: '容缺材料逾期未补正' } });
  });

  it('yellow: the case due within 2 working days', async () => {
    const token = o.accounts.supervisor.token;
    const body = await call(t, 'GET', `/api/v1/centers/${o.city.id}/cases?warning=due_soon`, 200, { token });
    expect(body.total).toBe(1);
    expect(body.items[0].warning).toBe('due_soon');
  });

  it("not for another center's manager", async () => {
    const token = o.accounts.otherManager.token;
    expect((await t.request('GET', `/api/v1/centers/${o.city.id}/cases?warning=overdue`, { token })).statusCode).toBe(403);
  });
});
