import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, dateOf, dayNumber, isWorkingDay, workingDaysBetween, type DayOverride, type Overrides } from '../calendar/rules.ts';
import {
  actionLabels,
  caseNumber,
  caseStatuses,
  checklistProblems,
  deferredOverdue,
  earliestDeadline,
  materialStatuses,
  needsReminder,
  nextCaseStatus,
  statusLabels,
  suffixMatches,
  warningLevelOf,
  warningOf,
  type CaseAction,
  type CaseStatus,
  type ChecklistMaterial,
  type MaterialStatus,
} from './rules.ts';

const actions = Object.keys(actionLabels) as CaseAction[];

/** The whole table, written out: every (status, action) pair and where it leads (undefined = refused). */
const expected: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  submitted: { accept: 'accepted', refuse: 'refused', 'supplement-notice': 'supplement' },
  supplement: { accept: 'accepted', refuse: 'refused' },
  accepted: { suspend: 'suspended', decide: 'decided' },
  suspended: { resume: 'accepted' },
  decided: { complete: 'completed' },
  refused: {},
  completed: {},
};

describe('nextCaseStatus', () => {
  it('has seven actions and seven statuses, each labelled', () => {
    expect(actions.sort()).toEqual(['accept', 'complete', 'decide', 'refuse', 'resume', 'supplement-notice', 'suspend']);
    expect(Object.keys(statusLabels).sort()).toEqual([...caseStatuses].sort());
  });

  for (const status of caseStatuses) {
    for (const action of actions) {
      const to = expected[status][action];
      it(`${status} + ${action} → ${to ?? 'refused'}`, () => {
        expect(nextCaseStatus(status, action)).toBe(to);
      });
    }
  }

  it('never leaves refused or completed, and never goes back to submitted', () => {
    fc.assert(
      fc.property(fc.constantFrom(...caseStatuses), fc.constantFrom(...actions), (status, action) => {
        const next = nextCaseStatus(status, action);
        if (status === 'refused' || status === 'completed') expect(next).toBeUndefined();
        expect(next).not.toBe('submitted');
      }),
    );
  });

  it('every path of actions from submitted ends in a reachable status, and only allowed steps move it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...actions), { maxLength: 30 }), (path) => {
        let status: CaseStatus = 'submitted';
        for (const action of path) {
          const next = nextCaseStatus(status, action);
          if (next !== undefined) {
            expect(expected[status][action]).toBe(next);
            status = next;
          }
        }
        expect(caseStatuses).toContain(status);
      }),
    );
  });
});

const m = (name: string, status: MaterialStatus, extra: Partial<ChecklistMaterial> = {}): ChecklistMaterial => ({
  materialId: `id-${name}`,
  name,
  required: true,
  deferrable: false,
  elicense: false,
  status,
  ...extra,
});

describe('checklistProblems', () => {
  it('accepts a complete checklist, with e-licences where allowed', () => {
    expect(checklistProblems([m('申请书', 'received'), m('身份证', 'elicense', { elicense: true })], true)).toEqual({ missing: [], problems: [] });
  });

  it('lists the missing required materials by name, in order, and ignores missing optional ones', () => {
    const result = checklistProblems([m('申请书', 'missing'), m('照片', 'missing', { required: false }), m('身份证', 'received'), m('证明', 'missing')], true);
    expect(result).toEqual({ missing: ['申请书', '证明'], problems: [] });
  });

  it('allows 容缺 only for a deferrable material of an item that allows it', () => {
    const ok = [m('申请书', 'received'), m('场地证明', 'deferred', { deferrable: true })];
    expect(checklistProblems(ok, true).problems).toEqual([]);
    expect(checklistProblems(ok, false).problems).toEqual(['该事项不适用容缺受理，「场地证明」不能容缺']);
    expect(checklistProblems([m('申请书', 'received'), m('营业执照', 'deferred')], true).problems).toEqual(['「营业执照」不是可容缺材料']);
  });

  it('never lets all the required materials be deferred', () => {
    const all = [m('申请书', 'deferred', { deferrable: true }), m('场地证明', 'deferred', { deferrable: true }), m('照片', 'received', { required: false })];
    expect(checklistProblems(all, true).problems).toEqual(['主要材料不齐，不能容缺受理']);
    // No required material at all: nothing to defer, nothing wrong.
    expect(checklistProblems([m('照片', 'received', { required: false })], true).problems).toEqual([]);
    expect(checklistProblems([], true)).toEqual({ missing: [], problems: [] });
  });

  it('allows an e-licence only where the material allows it', () => {
    expect(checklistProblems([m('申请书', 'elicense')], true).problems).toEqual(['「申请书」不能以电子证照代替']);
  });

  it('reports every problem at once', () => {
    const result = checklistProblems([m('申请书', 'elicense'), m('营业执照', 'deferred'), m('场地证明', 'deferred', { deferrable: true })], false);
    expect(result.problems).toHaveLength(3);
  });

  const material = fc.record({
    materialId: fc.uuid(),
    name: fc.string({ minLength: 1, maxLength: 6 }),
    required: fc.boolean(),
    deferrable: fc.boolean(),
    elicense: fc.boolean(),
    status: fc.constantFrom(...materialStatuses),
  });

  it('property: no problem exactly when every deferral and e-licence is allowed and some required material is not deferred', () => {
    fc.assert(
      fc.property(fc.array(material, { maxLength: 8 }), fc.boolean(), (materials, lenient) => {
        const { missing, problems } = checklistProblems(materials, lenient);
        expect(missing).toEqual(materials.filter((x) => x.required && x.status === 'missing').map((x) => x.name));
        const required = materials.filter((x) => x.required);
        const fine =
          materials.every((x) => x.status !== 'deferred' || (lenient && x.deferrable)) &&
          materials.every((x) => x.status !== 'elicense' || x.elicense) &&
          !(required.length > 0 && required.every((x) => x.status === 'deferred'));
        expect(problems.length === 0).toBe(fine);
      }),
    );
  });

  it('property: without 容缺 and e-licences (all received or missing), there is never a problem', () => {
    fc.assert(
      fc.property(fc.array(material.map((x) => ({ ...x, status: x.status === 'received' || x.status === 'missing' ? x.status : ('received' as const) })), { maxLength: 8 }), fc.boolean(), (materials, lenient) => {
        expect(checklistProblems(materials, lenient).problems).toEqual([]);
      }),
    );
  });
});

describe('warningOf', () => {
  it('is red after the deadline, yellow within the yellow days, none before', () => {
    expect(warningOf(-1, 2)).toBe('overdue');
    expect(warningOf(-30, 2)).toBe('overdue');
    expect(warningOf(0, 2)).toBe('due_soon');
    expect(warningOf(2, 2)).toBe('due_soon');
    expect(warningOf(3, 2)).toBeUndefined();
    expect(warningOf(0, 0)).toBe('due_soon');
    expect(warningOf(1, 0)).toBeUndefined();
  });

  it('property: monotone in the days left', () => {
    const rank = (w: ReturnType<typeof warningOf>) => (w === 'overdue' ? 2 : w === 'due_soon' ? 1 : 0);
    fc.assert(
      fc.property(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }), fc.nat(20), (a, b, yellow) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(rank(warningOf(lo, yellow))).toBeGreaterThanOrEqual(rank(warningOf(hi, yellow)));
        expect(warningOf(a, yellow) === 'overdue').toBe(a < 0);
        expect(warningOf(a, yellow) === 'due_soon').toBe(a >= 0 && a <= yellow);
      }),
    );
  });
});

describe('caseNumber', () => {
  it('is the day without dashes and a six-digit sequence', () => {
    expect(caseNumber('2026-11-23', 17)).toBe('20261123000017');
    expect(caseNumber('2025-01-01', 1)).toBe('20250101000001');
    expect(caseNumber('2025-01-01', 999999)).toBe('20250101999999');
  });

  it('property: 14 digits, unique per (day, sequence), and ordered like them', () => {
    const day = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 999_999 }), day, fc.integer({ min: 1, max: 999_999 }), (d1, s1, d2, s2) => {
        const a = caseNumber(d1, s1);
        const b = caseNumber(d2, s2);
        expect(a).toMatch(/^\d{14}$/);
        expect(a === b).toBe(d1 === d2 && s1 === s2);
        const order = d1 === d2 ? Math.sign(s1 - s2) : d1 < d2 ? -1 : 1;
        expect(a === b ? 0 : a < b ? -1 : 1).toBe(order);
      }),
    );
  });
});

describe('suffixMatches', () => {
  it('matches exactly the last six characters, ignoring case', () => {
    expect(suffixMatches('44010119800101123X', '01123X')).toBe(true);
    expect(suffixMatches('44010119800101123X', '01123x')).toBe(true);
    expect(suffixMatches('91440101MA5CXXXXXY', 'xxxxxy')).toBe(true);
    expect(suffixMatches('44010119800101123X', '1123X')).toBe(false); // five
    expect(suffixMatches('44010119800101123X', '101123X')).toBe(false); // seven
    expect(suffixMatches('44010119800101123X', '')).toBe(false);
    expect(suffixMatches('44010119800101123X', '011230')).toBe(false);
    expect(suffixMatches('44010119800101123X', '440101')).toBe(false); // the start is not the end
  });

  it('property: true exactly for a case-insensitive match of the last six', () => {
    const chars = fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXYabcxy'.split(''));
    const identifier = fc.array(chars, { minLength: 6, maxLength: 18 }).map((c) => c.join(''));
    fc.assert(
      fc.property(identifier, fc.array(chars, { minLength: 0, maxLength: 8 }).map((c) => c.join('')), (id, guess) => {
        expect(suffixMatches(id, guess)).toBe(guess.length === 6 && id.slice(-6).toUpperCase() === guess.toUpperCase());
      }),
    );
    fc.assert(
      fc.property(identifier, fc.boolean(), (id, lower) => {
        const suffix = id.slice(-6);
        expect(suffixMatches(id, lower ? suffix.toLowerCase() : suffix.toUpperCase())).toBe(true);
      }),
    );
  });
});

describe('warning levels for the sweep (黄灯 / 红灯)', () => {
  // 国庆 2025: 10-01…10-08 off, the Sundays 09-28 and the Saturday 10-11 worked.
  const overrides: Overrides = new Map<string, DayOverride>([
    ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d): [string, DayOverride] => [`2025-10-${d}`, { kind: 'holiday', name: '国庆节' }]),
    ['2025-09-28', { kind: 'workday', name: '国庆调休' }],
    ['2025-10-11', { kind: 'workday', name: '国庆调休' }],
  ]);
  const datesOn = (today: string, yellowDays = 2) => ({ today, yellowUntil: addWorkingDays(today, yellowDays, overrides) });
  const level = (deadline: string, today: string, yellowDays = 2) => warningLevelOf({ promised: deadline, legal: null }, datesOn(today, yellowDays));

  it('none far ahead, yellow within 2 working days (across 国庆 and its worked Saturday), red the day after', () => {
    expect(datesOn('2025-09-30').yellowUntil).toBe('2025-10-10');
    expect(datesOn('2025-10-10').yellowUntil).toBe('2025-10-13'); // 10-11 worked
    const expected: [string, ReturnType<typeof level>][] = [
      ['2025-09-26', null],
      ['2025-09-30', null], // 10-09, 10-10, 10-11, 10-13, 10-14: 5 left
      ['2025-10-08', null], // a holiday: 4 left
      ['2025-10-10', null], // 3 left
      ['2025-10-11', 'yellow'], // the worked Saturday: 2 left
      ['2025-10-12', 'yellow'],
      ['2025-10-14', 'yellow'], // the deadline itself
      ['2025-10-15', 'red'],
    ];
    for (const [today, want] of expected) expect(level('2025-10-14', today), today).toBe(want);
  });

  it('the number of days is a setting: 0 warns on the deadline only, 5 a week ahead', () => {
    expect(level('2025-10-14', '2025-10-13', 0)).toBeNull();
    expect(level('2025-10-14', '2025-10-14', 0)).toBe('yellow');
    expect(level('2025-10-14', '2025-09-30', 5)).toBe('yellow');
    expect(level('2025-10-14', '2025-09-29', 5)).toBeNull();
  });

  it('the earlier of the promised and legal deadlines counts; no deadline, no warning', () => {
    expect(earliestDeadline({ promised: '2025-10-14', legal: '2025-11-04' })).toBe('2025-10-14');
    expect(earliestDeadline({ promised: '2025-11-05', legal: '2025-11-04' })).toBe('2025-11-04');
    expect(earliestDeadline({ promised: null, legal: '2025-11-04' })).toBe('2025-11-04');
    expect(warningLevelOf({ promised: null, legal: null }, datesOn('2025-10-14'))).toBeNull();
    expect(warningLevelOf({ promised: '2025-11-14', legal: '2025-10-13' }, datesOn('2025-10-14'))).toBe('red');
  });

  it('agrees with the working days left (warningOf) for every deadline on a working day', () => {
    const start = dayNumber('2025-09-01')!;
    const day = fc.integer({ min: 0, max: 120 }).map((n) => dateOf(start + n));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 10 }), (today, deadline, yellowDays) => {
        fc.pre(isWorkingDay(deadline, overrides)); // deadlines are always working days
        const left = deadline < today ? -1 : workingDaysBetween(today, deadline, overrides);
        const warning = warningOf(left, yellowDays);
        const expected = warning === 'overdue' ? 'red' : warning === 'due_soon' ? 'yellow' : null;
        expect(level(deadline, today, yellowDays)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('容缺 materials in the sweep', () => {
  const dates = { today: '2025-10-13', remindUntil: '2025-10-14' };
  it('overdue only while still deferred after its due date', () => {
    expect(deferredOverdue({ status: 'deferred', dueDate: '2025-10-12' }, '2025-10-13')).toBe(true);
    expect(deferredOverdue({ status: 'deferred', dueDate: '2025-10-13' }, '2025-10-13')).toBe(false);
    expect(deferredOverdue({ status: 'received', dueDate: '2025-10-01' }, '2025-10-13')).toBe(false);
    expect(deferredOverdue({ status: 'deferred', dueDate: null }, '2025-10-13')).toBe(false);
  });
  it('reminded once, within the reminder days and not after the due date', () => {
    expect(needsReminder({ status: 'deferred', dueDate: '2025-10-14', reminded: false }, dates)).toBe(true);
    expect(needsReminder({ status: 'deferred', dueDate: '2025-10-13', reminded: false }, dates)).toBe(true);
    expect(needsReminder({ status: 'deferred', dueDate: '2025-10-14', reminded: true }, dates)).toBe(false);
    expect(needsReminder({ status: 'deferred', dueDate: '2025-10-15', reminded: false }, dates)).toBe(false);
    expect(needsReminder({ status: 'deferred', dueDate: '2025-10-12', reminded: false }, dates)).toBe(false);
    expect(needsReminder({ status: 'received', dueDate: '2025-10-14', reminded: false }, dates)).toBe(false);
  });
});
