import { describe, expect, it } from 'vitest';
import { canBeChildOf, centerLevels, effectiveWeekday, isOpenAt, openingHoursProblems, windowTransition, wouldCreateCycle } from './rules.ts';
import type { OpeningRule } from './tables.ts';

describe('canBeChildOf', () => {
  // Every pair: a child must sit strictly lower than its parent; skipping levels is allowed.
  const allowed = new Set([
    'city<province', 'district<province', 'town<province', 'village<province',
    'district<city', 'town<city', 'village<city',
    'town<district', 'village<district',
    'village<town',
  ]);
  for (const child of centerLevels) {
    for (const parent of centerLevels) {
      const expected = allowed.has(`${child}<${parent}`);
      it(`${child} under ${parent}: ${expected ? 'allowed' : 'refused'}`, () => {
        expect(canBeChildOf(child, parent)).toBe(expected);
      });
    }
  }

  it('lists the levels from the top', () => {
    expect(centerLevels).toEqual(['province', 'city', 'district', 'town', 'village']);
  });
});

describe('wouldCreateCycle', () => {
  it('refuses the center itself or one of its descendants as the new parent', () => {
    // new parent's lineage: the new parent first, then its ancestors
    expect(wouldCreateCycle('city', ['city'])).toBe(true);
    expect(wouldCreateCycle('city', ['town', 'district', 'city'])).toBe(true);
    expect(wouldCreateCycle('district', ['village', 'town', 'district', 'city'])).toBe(true);
  });

  it('allows a parent outside the subtree', () => {
    expect(wouldCreateCycle('town', ['district', 'city'])).toBe(false);
    expect(wouldCreateCycle('town', ['other-city'])).toBe(false);
    expect(wouldCreateCycle('town', [])).toBe(false);
  });
});

describe('openingHoursProblems', () => {
  const rule = (days: number[], open: string, close: string): OpeningRule => ({ days, open, close });

  it('accepts a sound week, including two sessions a day', () => {
    expect(openingHoursProblems([])).toEqual([]);
    expect(openingHoursProblems([rule([1, 2, 3, 4, 5], '09:00', '18:00'), rule([6, 7], '09:00', '17:00')])).toEqual([]);
    expect(openingHoursProblems([rule([1, 2, 3, 4, 5], '08:30', '12:00'), rule([1, 2, 3, 4, 5], '14:00', '17:30')])).toEqual([]);
    // touching sessions do not overlap
    expect(openingHoursProblems([rule([1], '08:00', '12:00'), rule([1], '12:00', '18:00')])).toEqual([]);
    expect(openingHoursProblems([rule([1], '00:00', '23:59')])).toEqual([]);
  });

  it.each([
    ['no weekday', [rule([], '09:00', '18:00')], ['第 1 条营业时间未选择星期']],
    ['weekday 0', [rule([0], '09:00', '18:00')], ['第 1 条营业时间的星期应为 1（周一）到 7（周日）']],
    ['weekday 8', [rule([8], '09:00', '18:00')], ['第 1 条营业时间的星期应为 1（周一）到 7（周日）']],
    ['a fractional weekday', [rule([1.5], '09:00', '18:00')], ['第 1 条营业时间的星期应为 1（周一）到 7（周日）']],
    ['a repeated weekday', [rule([1, 1], '09:00', '18:00')], ['第 1 条营业时间的星期有重复']],
    ['a time without leading zero', [rule([1], '9:00', '18:00')], ['第 1 条营业时间的时间应为 HH:MM']],
    ['hour 24', [rule([1], '09:00', '24:00')], ['第 1 条营业时间的时间应为 HH:MM']],
    ['minute 60', [rule([1], '09:60', '18:00')], ['第 1 条营业时间的时间应为 HH:MM']],
    ['seconds', [rule([1], '09:00:00', '18:00')], ['第 1 条营业时间的时间应为 HH:MM']],
    ['close before open', [rule([1], '18:00', '09:00')], ['第 1 条营业时间的开始时间应早于结束时间']],
    ['close equal to open', [rule([1], '09:00', '09:00')], ['第 1 条营业时间的开始时间应早于结束时间']],
    ['overlap on Monday', [rule([1, 2], '09:00', '12:00'), rule([1], '11:00', '15:00')], ['星期一的营业时间有重叠']],
    ['overlap on Sunday', [rule([7], '09:00', '12:00'), rule([7], '09:30', '10:00')], ['星期日的营业时间有重叠']],
    ['the same session twice', [rule([3], '09:00', '12:00'), rule([3], '09:00', '12:00')], ['星期三的营业时间有重叠']],
  ] as [string, OpeningRule[], string[]][])('reports %s', (_what, rules, problems) => {
    expect(openingHoursProblems(rules)).toEqual(problems);
  });

  it('numbers the rule at fault and reports every problem', () => {
    expect(openingHoursProblems([rule([1], '09:00', '12:00'), rule([], '25:00', '12:00'), rule([6, 6, 9], '18:00', '08:00')])).toEqual([
      '第 2 条营业时间未选择星期',
      '第 2 条营业时间的时间应为 HH:MM',
      '第 3 条营业时间的星期应为 1（周一）到 7（周日）',
      '第 3 条营业时间的星期有重复',
      '第 3 条营业时间的开始时间应早于结束时间',
    ]);
  });
});

describe('isOpenAt', () => {
  const week: OpeningRule[] = [
    { days: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
    { days: [1, 2, 3, 4, 5], open: '14:00', close: '17:30' },
    { days: [6], open: '09:00', close: '12:00' },
  ];

  it.each([
    [1, '08:29', false],
    [1, '08:30', true], // opening minute is open
    [1, '11:59', true],
    [1, '12:00', false], // closing minute is closed
    [1, '13:00', false],
    [1, '14:00', true],
    [5, '17:29', true],
    [5, '17:30', false],
    [6, '09:00', true],
    [6, '12:00', false],
    [6, '14:00', false],
    [7, '10:00', false],
  ] as [number, string, boolean][])('weekday %i at %s → %s', (day, time, open) => {
    expect(isOpenAt(week, day, time)).toBe(open);
  });

  it('is never open without rules', () => {
    expect(isOpenAt([], 1, '10:00')).toBe(false);
  });
});

describe('windowTransition', () => {
  const table = {
    closed: { 'sign-in': 'open', pause: undefined, resume: undefined, 'sign-out': undefined },
    open: { 'sign-in': undefined, pause: 'paused', resume: undefined, 'sign-out': 'closed' },
    paused: { 'sign-in': undefined, pause: undefined, resume: 'open', 'sign-out': 'closed' },
  } as const;
  for (const [status, actions] of Object.entries(table)) {
    for (const [action, next] of Object.entries(actions)) {
      it(`${status} + ${action} → ${next ?? 'refused'}`, () => {
        expect(windowTransition(status as keyof typeof table, action as keyof (typeof table)['closed'])).toBe(next);
      });
    }
  }
});

describe('effectiveWeekday', () => {
  it('closes on a holiday, whatever the weekday', () => {
    for (let d = 1; d <= 7; d++) expect(effectiveWeekday(d, 'holiday')).toBeUndefined();
  });
  it('opens a 调休 Saturday or Sunday with Monday’s hours, and leaves a weekday its own', () => {
    expect(effectiveWeekday(6, 'workday')).toBe(1);
    expect(effectiveWeekday(7, 'workday')).toBe(1);
    expect(effectiveWeekday(3, 'workday')).toBe(3);
  });
  it('keeps every ordinary day its own weekday', () => {
    for (let d = 1; d <= 7; d++) expect(effectiveWeekday(d, undefined)).toBe(d);
  });
});
