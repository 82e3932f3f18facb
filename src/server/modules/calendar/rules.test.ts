import fc from 'fast-check';
import packaged from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  coverageOn,
  coveredYears,
  dateOf,
  dayNumber,
  isoWeekday,
  isValidDate,
  isWorkingDay,
  isYearCovered,
  scheduleOfYear,
  scheduleYears,
  shanghaiToday,
  workingDaysBetween,
  type DayOverride,
  type Overrides,
  type PackagedSchedule,
} from './rules.ts';

const schedule = packaged as PackagedSchedule;

/** The overrides the server loads for 2024–2026. */
const overrides: Overrides = new Map(
  [2024, 2025, 2026].flatMap((y) => scheduleOfYear(schedule, y)).map((d): [string, DayOverride] => [d.date, { kind: d.kind, name: d.name }]),
);

/** Every day from `first` to `last`, inclusive. */
function days(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = dayNumber(first)!; d <= dayNumber(last)!; d++) out.push(dateOf(d));
  return out;
}

const allDays = days('2024-01-01', '2026-12-31');

/** The package's own verdict: a listed holiday is off, a listed workday is worked, else Mon–Fri (weekday by the JS Date). */
function packageSaysWorking(date: string): boolean {
  if (date in schedule.holidays) return false;
  if (date in schedule.workdays) return true;
  const weekday = new Date(`${date}T12:00:00+08:00`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** The slow, obvious walk: step a day at a time, count working days. */
function bruteAdd(from: string, n: number): string {
  let date = from;
  let left = n;
  while (left > 0) {
    date = addCalendarDays(date, 1);
    if (packageSaysWorking(date)) left--;
  }
  return date;
}

describe('dates', () => {
  it('accepts real days only', () => {
    for (const ok of ['2024-02-29', '2025-12-31', '2026-01-01', '2000-02-29', '1970-01-01', '2999-12-31']) expect(isValidDate(ok), ok).toBe(true);
    for (const bad of ['2025-13-01', '2025-02-29', '1900-02-29', '2025-00-10', '2025-04-31', '2025-1-1', '20250101', '2025-01-01T00:00', ' 2025-01-01', '', '1969-12-31', '3000-01-01', '２０２５-01-01']) {
      expect(isValidDate(bad), bad).toBe(false);
    }
  });

  it('knows the weekday of every day (checked against Date in UTC+8)', () => {
    for (const date of allDays) {
      const js = new Date(`${date}T00:00:00+08:00`);
      const expected = ((new Date(js.getTime() + 8 * 3_600_000).getUTCDay() + 6) % 7) + 1;
      expect(isoWeekday(date), date).toBe(expected);
    }
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('2025-10-01')).toBe(3);
  });

  it('round-trips day numbers', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300_000 }), (n) => dayNumber(dateOf(n)) === n));
  });

  it('tells today in Asia/Shanghai, whatever the machine zone', () => {
    expect(shanghaiToday(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
    expect(shanghaiToday(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(shanghaiToday(new Date('2026-06-30T23:00:00-05:00'))).toBe('2026-07-01');
  });
});

describe('the packaged schedule', () => {
  it('holds 2024, 2025 and 2026', () => {
    expect(scheduleYears(schedule)).toEqual(expect.arrayContaining([2024, 2025, 2026]));
    expect(coveredYears(overrides)).toEqual([2024, 2025, 2026]);
  });

  it('names days in Chinese', () => {
    const names = new Set([...overrides.values()].map((o) => o.name));
    expect([...names].sort()).toEqual(['中秋', '元旦', '劳动节', '国庆节', '春节', '清明', '端午'].sort());
  });

  it('has 调休 workdays only on weekends', () => {
    for (const [date, o] of overrides) if (o.kind === 'workday') expect(isoWeekday(date), date).toBeGreaterThanOrEqual(6);
  });
});

describe('isWorkingDay', () => {
  it('agrees with the package on every day of 2024–2026', () => {
    for (const date of allDays) expect(isWorkingDay(date, overrides), date).toBe(packageSaysWorking(date));
  });

  it('knows the 2025 National Day and Mid-Autumn week and its 调休 weekend days', () => {
    for (const date of days('2025-10-01', '2025-10-08')) expect(isWorkingDay(date, overrides), date).toBe(false);
    expect(overrides.get('2025-10-01')).toEqual({ kind: 'holiday', name: '国庆节' });
    expect(overrides.get('2025-10-06')).toEqual({ kind: 'holiday', name: '中秋' });
    expect(isoWeekday('2025-09-28')).toBe(7); // a Sunday worked
    expect(isoWeekday('2025-10-11')).toBe(6); // a Saturday worked
    expect(isWorkingDay('2025-09-28', overrides)).toBe(true);
    expect(isWorkingDay('2025-10-11', overrides)).toBe(true);
    expect(isWorkingDay('2025-10-09', overrides)).toBe(true);
    expect(isWorkingDay('2025-10-12', overrides)).toBe(false);
  });

  it('knows the 2026 Spring Festival: 2-15 to 2-23 off, Saturday 2-14 and 2-28 worked', () => {
    for (const date of days('2026-02-15', '2026-02-23')) {
      expect(isWorkingDay(date, overrides), date).toBe(false);
      expect(overrides.get(date)?.name).toBe('春节');
    }
    expect(isWorkingDay('2026-02-14', overrides)).toBe(true);
    expect(isWorkingDay('2026-02-28', overrides)).toBe(true);
    expect(isWorkingDay('2026-02-24', overrides)).toBe(true);
  });

  it('falls back to Mon–Fri without overrides, and an override wins either way', () => {
    const none: Overrides = new Map();
    expect(isWorkingDay('2027-10-01', none)).toBe(true); // a Friday: 2027 is not in the package
    expect(isWorkingDay('2027-10-02', none)).toBe(false);
    const edited: Overrides = new Map([
      ['2027-10-01', { kind: 'holiday', name: '国庆节' }],
      ['2027-10-09', { kind: 'workday', name: '国庆节' }],
    ]);
    expect(isWorkingDay('2027-10-01', edited)).toBe(false);
    expect(isWorkingDay('2027-10-09', edited)).toBe(true);
  });

  it('refuses a malformed date', () => {
    expect(() => isWorkingDay('2025-13-01', overrides)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('matches a brute-force walk from every day of 2024–2026 for 0…25 days', () => {
    for (const from of allDays) {
      for (const n of [0, 1, 2, 3, 5, 7, 10, 15, 20, 25]) expect(addWorkingDays(from, n, overrides), `${from}+${n}`).toBe(bruteAdd(from, n));
    }
  });

  it('never counts the day of `from`, and answers `from` for 0 days', () => {
    expect(addWorkingDays('2025-09-29', 1, overrides)).toBe('2025-09-30'); // Monday → Tuesday
    expect(addWorkingDays('2025-09-30', 1, overrides)).toBe('2025-10-09'); // over the National Day week
    expect(addWorkingDays('2025-09-27', 1, overrides)).toBe('2025-09-28'); // Saturday → the Sunday worked
    expect(addWorkingDays('2025-10-01', 0, overrides)).toBe('2025-10-01');
    expect(addWorkingDays('2025-10-08', 3, overrides)).toBe('2025-10-11'); // 9th, 10th, Saturday 11th worked
    expect(addWorkingDays('2026-02-13', 1, overrides)).toBe('2026-02-14'); // Friday → the Saturday worked
    expect(addWorkingDays('2026-02-14', 1, overrides)).toBe('2026-02-24'); // over the Spring Festival
    expect(addWorkingDays('2024-12-31', 20, overrides)).toBe('2025-02-05'); // 1-26 (Sunday) worked, 1-28…2-4 off
  });

  it('refuses a negative, fractional or huge number of days', () => {
    expect(() => addWorkingDays('2025-01-01', -1, overrides)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-01', 1.5, overrides)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-01', Number.NaN, overrides)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-01', 10_001, overrides)).toThrow(RangeError);
    expect(() => addWorkingDays('2999-12-30', 5, overrides)).toThrow(RangeError);
  });

  const date = fc.integer({ min: dayNumber('2023-06-01')!, max: dayNumber('2027-06-30')! }).map(dateOf);
  const count = fc.integer({ min: 0, max: 400 });

  it('lands on a working day after `from` (or on `from` for 0)', () => {
    fc.assert(
      fc.property(date, count, (from, n) => {
        const to = addWorkingDays(from, n, overrides);
        if (n === 0) return to === from;
        return to > from && isWorkingDay(to, overrides);
      }),
    );
  });

  it('is the inverse of workingDaysBetween', () => {
    fc.assert(fc.property(date, count, (from, n) => workingDaysBetween(from, addWorkingDays(from, n, overrides), overrides) === n));
  });

  it('adds in steps: n + m days equal n days then m days', () => {
    fc.assert(
      fc.property(date, count, count, (from, n, m) => addWorkingDays(addWorkingDays(from, n, overrides), m, overrides) === addWorkingDays(from, n + m, overrides)),
    );
  });

  it('moves forward with more days and never backward with a later start', () => {
    fc.assert(
      fc.property(date, date, count, (a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        return addWorkingDays(early, n, overrides) <= addWorkingDays(late, n, overrides) && addWorkingDays(a, n, overrides) <= addWorkingDays(a, n + 1, overrides);
      }),
    );
  });

  it('follows an added override at once', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 30 }), (from, n) => {
        const to = addWorkingDays(from, n, overrides);
        const edited = new Map(overrides);
        edited.set(to, { kind: 'holiday', name: '测试' });
        const moved = addWorkingDays(from, n, edited);
        return moved > to && isWorkingDay(moved, edited);
      }),
    );
  });
});

describe('workingDaysBetween', () => {
  const date = fc.integer({ min: dayNumber('2023-06-01')!, max: dayNumber('2027-06-30')! }).map(dateOf);

  it('counts the days after `a` up to and including `b`', () => {
    expect(workingDaysBetween('2025-09-30', '2025-09-30', overrides)).toBe(0);
    expect(workingDaysBetween('2025-09-30', '2025-10-08', overrides)).toBe(0);
    expect(workingDaysBetween('2025-09-30', '2025-10-09', overrides)).toBe(1);
    expect(workingDaysBetween('2025-10-09', '2025-09-30', overrides)).toBe(-1);
    expect(workingDaysBetween('2025-01-01', '2025-12-31', overrides)).toBe(allDays.filter((d) => d.startsWith('2025-') && d !== '2025-01-01' && packageSaysWorking(d)).length);
  });

  it('is antisymmetric and additive', () => {
    fc.assert(fc.property(date, date, (a, b) => workingDaysBetween(a, b, overrides) === -workingDaysBetween(b, a, overrides)));
    fc.assert(
      fc.property(date, date, date, (a, b, c) => workingDaysBetween(a, b, overrides) + workingDaysBetween(b, c, overrides) === workingDaysBetween(a, c, overrides)),
    );
  });

  it('matches a brute-force count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('2024-01-01')!, max: dayNumber('2026-12-31')! }).map(dateOf),
        fc.integer({ min: 0, max: 200 }),
        (a, span) => {
          const b = addCalendarDays(a, span);
          const expected = days(addCalendarDays(a, 1), b).filter((d) => (d > '2026-12-31' ? isoWeekday(d) <= 5 : packageSaysWorking(d))).length;
          return workingDaysBetween(a, b, overrides) === expected;
        },
      ),
    );
  });

  it('gives the deadline arithmetic: the day before a deadline has 1 day left', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 60 }), (from, n) => {
        const deadline = addWorkingDays(from, n, overrides);
        return workingDaysBetween(deadline, deadline, overrides) === 0 && workingDaysBetween(addCalendarDays(deadline, 1), deadline, overrides) <= 0;
      }),
    );
  });
});

describe('coverage', () => {
  it('sees 2024–2026 and warns about a missing next year', () => {
    expect(isYearCovered(2025, overrides)).toBe(true);
    expect(isYearCovered(2027, overrides)).toBe(false);
    const late2026 = coverageOn('2026-11-23', overrides);
    expect(late2026).toMatchObject({ years: [2024, 2025, 2026], currentYear: 2026, currentYearCovered: true, nextYear: 2027, nextYearCovered: false });
    expect(late2026.warning).toContain('2027 年');
    expect(coverageOn('2025-06-01', overrides).warning).toBeNull();
    const in2028 = coverageOn('2028-01-02', overrides);
    expect(in2028.warning).toContain('2028 年和2029 年');
  });

  it('counts a year as covered once a holiday is entered; a 调休 workday alone is not a schedule', () => {
    const edited = new Map(overrides);
    edited.set('2027-01-02', { kind: 'workday', name: '元旦' });
    expect(isYearCovered(2027, edited)).toBe(false);
    edited.set('2027-01-01', { kind: 'holiday', name: '元旦' });
    expect(isYearCovered(2027, edited)).toBe(true);
    expect(coverageOn('2026-11-23', edited).warning).toBeNull();
  });
});
