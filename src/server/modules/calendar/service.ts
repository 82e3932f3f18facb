import { sql } from 'kysely';
import packaged from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, systemActor, type Actor } from '../../platform/audit.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import * as rules from './rules.ts';
import type { CalendarDayKind, CalendarDaySource } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

/**
 * The working-day calendar other modules count deadlines with (cases, appointments, feedback due dates).
 *
 * Caching: each process keeps one loaded copy of the overrides with the stamp it was read under. Every
 * change writes a new random stamp in `calendar_state` in the same transaction, so each call costs one
 * single-row read of the stamp and reloads the overrides only when it differs. An edit is therefore seen
 * at once on this node and on every other node sharing the database (their next call reads the new stamp
 * once the edit has committed); a copy read inside a transaction that is later rolled back carries a stamp
 * that never commits, so it is replaced on the next call.
 */

export interface CalendarDayView {
  date: string;
  kind: CalendarDayKind;
  name: string;
  source: CalendarDaySource;
}

/** The first year loaded from the package: older schedules are of no use for deadlines still open. */
export const firstPackagedYear = 2024;

const schedule = packaged as rules.PackagedSchedule;

let cache: { stamp: string; overrides: rules.Overrides } | undefined;

/** Forgets the cached copy (after a change on this node; tests). */
export function invalidateCalendarCache(): void {
  cache = undefined;
}

const newStamp = sql<string>`md5(random()::text || clock_timestamp()::text)`;

async function touch(executor: Executor): Promise<void> {
  await executor.updateTable('calendar_state').set({ stamp: newStamp }).where('id', '=', 1).execute();
  invalidateCalendarCache();
}

/** The overrides by date, current as of this call. */
export async function loadOverrides(executor: Executor): Promise<rules.Overrides> {
  const state = await executor.selectFrom('calendar_state').select('stamp').where('id', '=', 1).executeTakeFirstOrThrow();
  if (cache?.stamp === state.stamp) return cache.overrides;
  const rows = await executor.selectFrom('calendar_days').select(['day', 'kind', 'name']).execute();
  const overrides = new Map(rows.map((r) => [r.day, { kind: r.kind, name: r.name }]));
  cache = { stamp: state.stamp, overrides };
  return overrides;
}

function assertDate(date: string, field = '日期'): void {
  if (!rules.isValidDate(date)) throw badRequest('INVALID_DATE', `${field}应为有效日期，格式 YYYY-MM-DD（${rules.minYear}–${rules.maxYear} 年）`, { value: date });
}

function assertDays(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > rules.maxWorkingDays) {
    throw badRequest('INVALID_DAYS', `工作日数应为 0 到 ${rules.maxWorkingDays} 之间的整数`, { value: n });
  }
}

/** Whether `date` ('YYYY-MM-DD', Asia/Shanghai) is a working day. 400 INVALID_DATE for a bad date. */
export async function isWorkingDay(executor: Executor, date: string): Promise<boolean> {
  assertDate(date);
  return rules.isWorkingDay(date, await loadOverrides(executor));
}

/**
 * The n-th working day after `from` (the day of `from` is never counted; n = 0 answers `from`).
 * 400 INVALID_DATE / INVALID_DAYS for a bad date or a negative, fractional or too large n.
 */
export async function addWorkingDays(executor: Executor, from: string, n: number): Promise<string> {
  assertDate(from, '起始日期');
  assertDays(n);
  try {
    return rules.addWorkingDays(from, n, await loadOverrides(executor));
  } catch (error) {
    if (error instanceof RangeError) throw badRequest('INVALID_DAYS', '计算结果超出可用日期范围');
    throw error;
  }
}

/**
 * Working days after `a` up to and including `b`; negative when `b` is before `a`. With `a` = today and
 * `b` = a deadline: the working days left, 0 on the deadline, negative when overdue.
 */
export async function workingDaysBetween(executor: Executor, a: string, b: string): Promise<number> {
  assertDate(a, '起始日期');
  assertDate(b, '截止日期');
  return rules.workingDaysBetween(a, b, await loadOverrides(executor));
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < rules.minYear || year > rules.maxYear) throw badRequest('INVALID_YEAR', `年份应为 ${rules.minYear} 到 ${rules.maxYear} 之间的整数`);
}

/** The overrides of one year, by date. */
export async function listCalendarDays(executor: Executor, year: number): Promise<CalendarDayView[]> {
  assertYear(year);
  const rows = await executor
    .selectFrom('calendar_days')
    .select(['day', 'kind', 'name', 'source'])
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name, source: r.source }));
}

async function getDay(executor: Executor, date: string): Promise<CalendarDayView | undefined> {
  const row = await executor.selectFrom('calendar_days').select(['day', 'kind', 'name', 'source']).where('day', '=', date).executeTakeFirst();
  return row && { date: row.day, kind: row.kind, name: row.name, source: row.source };
}

export interface CalendarDayInput {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/**
 * Sets the override of a day (creates or replaces it; its source becomes `admin`). A 调休 working day must
 * fall on a weekend: Monday to Friday are working days already. Audited as `calendar.set`.
 */
export async function setCalendarDay(executor: Executor, actor: Actor, input: CalendarDayInput): Promise<CalendarDayView> {
  assertDate(input.date);
  const name = input.name.trim();
  if (!name) throw badRequest('INVALID_NAME', '请填写名称，例如“国庆节”');
  if (input.kind === 'workday' && rules.isoWeekday(input.date) <= 5) {
    throw badRequest('NOT_A_WEEKEND', '周一至周五本来就是工作日，调休上班只能设在周六或周日');
  }
  return inTransaction(executor, async (trx) => {
    const before = await getDay(trx, input.date);
    await trx
      .insertInto('calendar_days')
      .values({ day: input.date, kind: input.kind, name, source: 'admin' })
      .onConflict((oc) => oc.column('day').doUpdateSet({ kind: input.kind, name, source: 'admin', updated_at: currentTime() }))
      .execute();
    const after = (await getDay(trx, input.date))!;
    await touch(trx);
    await recordAudit(trx, actor, { action: 'calendar.set', entityType: 'calendar_day', entityId: input.date, before: before ?? null, after });
    return after;
  });
}

/** Removes the override of a day: it follows the default week again. 404 when the day has none. Audited as `calendar.remove`. */
export async function removeCalendarDay(executor: Executor, actor: Actor, date: string): Promise<void> {
  assertDate(date);
  await inTransaction(executor, async (trx) => {
    const before = await getDay(trx, date);
    if (!before) throw notFound('该日期的节假日设置', date);
    await trx.deleteFrom('calendar_days').where('day', '=', date).execute();
    await touch(trx);
    await recordAudit(trx, actor, { action: 'calendar.remove', entityType: 'calendar_day', entityId: date, before, after: null });
  });
}

/** Which years have a schedule, and a warning when this or next year (from today in Asia/Shanghai) has none. */
export async function calendarCoverage(executor: Executor, today: string = rules.shanghaiToday()): Promise<rules.Coverage> {
  return rules.coverageOn(today, await loadOverrides(executor));
}

/**
 * Loads each year of the packaged State Council schedule not loaded before (from 2024 on), at start-up under
 * bootstrap's lock. Idempotent: a year is loaded once (calendar_seeded_years), so restarting never
 * resurrects a day an administrator removed; a day an administrator already set is kept as it is. A newer
 * `chinese-days` with a new year gets that year loaded on the next start. Returns the years loaded now.
 */
export async function loadPackagedSchedule(executor: Executor, actor: Actor = systemActor('节假日数据')): Promise<number[]> {
  return inTransaction(executor, async (trx) => {
    const seeded = new Set((await trx.selectFrom('calendar_seeded_years').select('year').execute()).map((r) => r.year));
    const years = rules.scheduleYears(schedule).filter((y) => y >= firstPackagedYear && !seeded.has(y));
    for (const year of years) {
      const days = rules.scheduleOfYear(schedule, year);
      await trx
        .insertInto('calendar_days')
        .values(days.map((d) => ({ day: d.date, kind: d.kind, name: d.name, source: 'chinese-days' as const })))
        .onConflict((oc) => oc.column('day').doNothing())
        .execute();
      await trx.insertInto('calendar_seeded_years').values({ year, source: 'chinese-days' }).execute();
      await recordAudit(trx, actor, {
        action: 'calendar.load',
        entityType: 'calendar_year',
        entityId: String(year),
        after: { year, source: 'chinese-days', holidays: days.filter((d) => d.kind === 'holiday').length, workdays: days.filter((d) => d.kind === 'workday').length },
      });
    }
    if (years.length) await touch(trx);
    return years;
  });
}
