import type { CalendarDayKind } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

/**
 * Working-day arithmetic on calendar dates. A date is a 'YYYY-MM-DD' string naming a day in Asia/Shanghai;
 * the functions here never touch time zones: a date becomes a day number (days since 1970-01-01, computed
 * with Date.UTC, which has no offsets or daylight saving) and back.
 *
 * The rule: Monday to Friday are working days, Saturday and Sunday are not, and an override for the day
 * wins (`holiday`: off, `workday`: a 调休 weekend worked).
 */

export interface DayOverride {
  kind: CalendarDayKind;
  name: string;
}

/** Overrides by date. A plain map, so callers (the service's cache, tests) build it once and share it. */
export type Overrides = ReadonlyMap<string, DayOverride>;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The earliest and latest year the arithmetic accepts: enough for any deadline, small enough to walk. */
export const minYear = 1970;
export const maxYear = 2999;

/** The day number of a valid date, or undefined for anything else ('2025-13-01', '2025-02-29', '2025-1-1'). */
export function dayNumber(date: string): number | undefined {
  const match = datePattern.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < minYear || year > maxYear || month < 1 || month > 12 || day < 1) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / 86_400_000;
}

export function isValidDate(date: string): boolean {
  return dayNumber(date) !== undefined;
}

/** The 'YYYY-MM-DD' of a day number. */
export function dateOf(dayNo: number): string {
  return new Date(dayNo * 86_400_000).toISOString().slice(0, 10);
}

function parse(date: string): number {
  const n = dayNumber(date);
  if (n === undefined) throw new RangeError(`not a date: ${date}`);
  return n;
}

/** ISO weekday of a day number: 1 Monday … 7 Sunday (1970-01-01 was a Thursday). */
function weekdayOf(dayNo: number): number {
  return ((((dayNo + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  return weekdayOf(parse(date));
}

/** The date `n` calendar days after (or before, for negative n) `date`. */
export function addCalendarDays(date: string, n: number): string {
  return dateOf(parse(date) + n);
}

function workingByNumber(dayNo: number, overrides: Overrides): boolean {
  const override = overrides.get(dateOf(dayNo));
  if (override) return override.kind === 'workday';
  return weekdayOf(dayNo) <= 5;
}

/** Whether the date is a working day: Mon–Fri unless an override says otherwise. */
export function isWorkingDay(date: string, overrides: Overrides): boolean {
  return workingByNumber(parse(date), overrides);
}

/** The most working days a caller may add or count: about 40 years, far beyond any legal time limit. */
export const maxWorkingDays = 10_000;

/**
 * The n-th working day after `from`; the day of `from` itself is never counted (受理当日不计入), whether or not
 * it is a working day. n = 0 answers `from` itself: nothing is added (a 即办件's deadline is the day it was
 * accepted). A negative, fractional or too large n is refused with a RangeError.
 */
export function addWorkingDays(from: string, n: number, overrides: Overrides): string {
  if (!Number.isInteger(n) || n < 0 || n > maxWorkingDays) throw new RangeError(`working days must be an integer 0…${maxWorkingDays}: ${n}`);
  let dayNo = parse(from);
  let left = n;
  while (left > 0) {
    dayNo += 1;
    if (workingByNumber(dayNo, overrides)) left -= 1;
  }
  const result = dateOf(dayNo);
  if (dayNumber(result) === undefined) throw new RangeError(`result beyond the year ${maxYear}`);
  return result;
}

/**
 * Working days from `a` to `b`: those after `a` up to and including `b` (the day of `a` is not counted, as
 * in addWorkingDays). Negative when `b` is before `a`: minus the working days after `b` up to and including
 * `a`. So for the days left until a deadline, `workingDaysBetween(today, deadline)` is 0 on the deadline
 * itself and negative once it has passed; and `workingDaysBetween(a, addWorkingDays(a, n)) === n`.
 */
export function workingDaysBetween(a: string, b: string, overrides: Overrides): number {
  const start = parse(a);
  const end = parse(b);
  if (end < start) return -workingDaysBetween(b, a, overrides);
  let count = 0;
  for (let dayNo = start + 1; dayNo <= end; dayNo++) if (workingByNumber(dayNo, overrides)) count += 1;
  return count;
}

/**
 * Whether a year's schedule is in the calendar. Every year has public holidays (元旦 at least), so a year
 * with no holiday override has not been entered: its working days would silently be plain Mon–Fri.
 */
export function isYearCovered(year: number, overrides: Overrides): boolean {
  const prefix = `${year}-`;
  for (const [date, override] of overrides) if (override.kind === 'holiday' && date.startsWith(prefix)) return true;
  return false;
}

/** The years with a schedule, ascending. */
export function coveredYears(overrides: Overrides): number[] {
  const years = new Set<number>();
  for (const [date, override] of overrides) if (override.kind === 'holiday') years.add(Number(date.slice(0, 4)));
  return [...years].sort((x, y) => x - y);
}

export interface Coverage {
  years: number[];
  currentYear: number;
  currentYearCovered: boolean;
  nextYear: number;
  nextYearCovered: boolean;
  /** A warning in Chinese for the admin screens when this or next year has no schedule; null when both do. */
  warning: string | null;
}

/** Which years are covered, seen from `today` (a date in Asia/Shanghai). */
export function coverageOn(today: string, overrides: Overrides): Coverage {
  parse(today);
  const currentYear = Number(today.slice(0, 4));
  const nextYear = currentYear + 1;
  const years = coveredYears(overrides);
  const currentYearCovered = years.includes(currentYear);
  const nextYearCovered = years.includes(nextYear);
  const missing = [currentYear, nextYear].filter((y) => !years.includes(y));
  const warning = missing.length
    ? `${missing.map((y) => `${y} 年`).join('和')}的节假日安排尚未录入，工作日将按周一至周五计算，办结时限可能不准确。国务院办公厅发布放假安排后，请在「节假日」页面录入。`
    : null;
  return { years, currentYear, currentYearCovered, nextYear, nextYearCovered, warning };
}

/** Today's date in Asia/Shanghai (UTC+8 all year: China has no daylight saving time). */
export function shanghaiToday(now: Date = currentTime()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The holiday schedule as published: `chinese-days`' maps of date → "English,中文,n". */
export interface PackagedSchedule {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export interface ScheduleDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** The packaged schedule of one year as overrides (the Chinese name of each festival). */
export function scheduleOfYear(schedule: PackagedSchedule, year: number): ScheduleDay[] {
  const prefix = `${year}-`;
  const nameOf = (value: string) => value.split(',')[1]?.trim() || value;
  const days: ScheduleDay[] = [];
  for (const [date, value] of Object.entries(schedule.holidays)) if (date.startsWith(prefix)) days.push({ date, kind: 'holiday', name: nameOf(value) });
  for (const [date, value] of Object.entries(schedule.workdays)) if (date.startsWith(prefix)) days.push({ date, kind: 'workday', name: nameOf(value) });
  return days.sort((x, y) => x.date.localeCompare(y.date));
}

/** The years the packaged schedule holds. */
export function scheduleYears(schedule: PackagedSchedule): number[] {
  return [...new Set(Object.keys(schedule.holidays).map((d) => Number(d.slice(0, 4))))].sort((x, y) => x - y);
}

export const kindLabels: Record<CalendarDayKind, string> = { holiday: '放假', workday: '调休上班' };
