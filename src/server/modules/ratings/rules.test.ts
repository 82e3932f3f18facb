import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callbackRate,
  emptyCounts,
  followUpOpen,
  isBad,
  isClosed,
  isRateable,
  rectificationStatuses,
  refusalOf,
  scoreLabels,
  statusAfter,
  totalsOf,
  type AppealStatus,
  type RectificationState,
  type RectificationStep,
  type ScoreCounts,
} from './rules.ts';

describe('levels', () => {
  it('names the five levels and counts 1 and 2 as 差评', () => {
    expect(Object.entries(scoreLabels)).toEqual([
      ['1', '非常不满意'],
      ['2', '不满意'],
      ['3', '基本满意'],
      ['4', '满意'],
      ['5', '非常满意'],
    ]);
    expect([1, 2, 3, 4, 5].map(isBad)).toEqual([true, true, false, false, false]);
  });
});

describe('what may be rated', () => {
  it('a ticket once served to the end; a case once completed or refused', () => {
    for (const status of ['waiting', 'called', 'serving', 'no_show', 'transferred', 'cancelled']) expect(isRateable({ kind: 'ticket', status })).toBe(false);
    expect(isRateable({ kind: 'ticket', status: 'done' })).toBe(true);
    for (const status of ['submitted', 'supplement', 'accepted', 'suspended', 'decided']) expect(isRateable({ kind: 'case', status })).toBe(false);
    expect(isRateable({ kind: 'case', status: 'completed' })).toBe(true);
    expect(isRateable({ kind: 'case', status: 'refused' })).toBe(true);
  });

  it('追评 is open up to and including the last moment of the period, and closed after it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 0, max: 200 * 86_400_000 }), (days, elapsed) => {
        const ratedAt = new Date('2026-03-02T02:00:00Z');
        const now = new Date(ratedAt.getTime() + elapsed);
        expect(followUpOpen(ratedAt, now, { followUpDays: days })).toBe(elapsed <= days * 86_400_000);
      }),
    );
  });
});

describe('rectification steps', () => {
  const states = fc.record<RectificationState>({
    status: fc.constantFrom(...rectificationStatuses),
    realName: fc.boolean(),
    calledBack: fc.boolean(),
    appeal: fc.constantFrom<AppealStatus | null>(null, 'pending', 'upheld', 'rejected'),
  });
  const steps = fc.constantFrom<RectificationStep>(
    { action: 'callback' },
    { action: 'close', outcome: 'rectified' },
    { action: 'close', outcome: 'unfounded' },
    { action: 'appeal' },
    { action: 'decide-appeal', upheld: true },
    { action: 'decide-appeal', upheld: false },
  );

  it('nothing moves a revoked rating; a closed one is never reopened by a callback or a second close', () => {
    fc.assert(
      fc.property(states, steps, (state, step) => {
        const refusal = refusalOf(state, step);
        if (state.status === 'revoked') expect(refusal).toBeDefined();
        if (isClosed(state.status) && (step.action === 'callback' || step.action === 'close')) expect(refusal).toBeDefined();
        if (refusal === undefined && isClosed(state.status)) expect(statusAfter(state, step)).toBe(step.action === 'decide-appeal' && step.upheld ? 'revoked' : state.status);
      }),
    );
  });

  it('a real-name 差评 closes only after a callback; an anonymous one cannot be called back', () => {
    fc.assert(
      fc.property(states, (state) => {
        const open = { ...state, status: 'open' as const, appeal: null };
        expect(refusalOf(open, { action: 'close', outcome: 'rectified' }) === undefined).toBe(!open.realName || open.calledBack);
        expect(refusalOf(open, { action: 'callback' }) === undefined).toBe(open.realName);
      }),
    );
  });

  it('one appeal per rating; a ruling only on a pending one; upheld revokes, rejected leaves the status', () => {
    fc.assert(
      fc.property(states, fc.boolean(), (state, upheld) => {
        if (state.status === 'revoked') return;
        expect(refusalOf(state, { action: 'appeal' }) === undefined).toBe(state.appeal === null);
        const ruling: RectificationStep = { action: 'decide-appeal', upheld };
        expect(refusalOf(state, ruling) === undefined).toBe(state.appeal === 'pending');
        expect(statusAfter(state, ruling)).toBe(upheld ? 'revoked' : state.status);
      }),
    );
  });

  it('a pending appeal holds the closing', () => {
    expect(refusalOf({ status: 'called_back', realName: true, calledBack: true, appeal: 'pending' }, { action: 'close', outcome: 'unfounded' })).toContain('申诉');
  });
});

describe('rates', () => {
  const counts = fc.record<ScoreCounts>({ '1': fc.nat(1000), '2': fc.nat(1000), '3': fc.nat(1000), '4': fc.nat(1000), '5': fc.nat(1000) });

  it('好评率 is the share of ratings that are not 差评; 五星好评率 the share of 非常满意; none without ratings', () => {
    expect(totalsOf(emptyCounts())).toEqual({ total: 0, counts: emptyCounts(), satisfactionRate: null, fiveStarRate: null, bad: 0 });
    fc.assert(
      fc.property(counts, (c) => {
        const totals = totalsOf(c);
        const total = c['1'] + c['2'] + c['3'] + c['4'] + c['5'];
        expect(totals.total).toBe(total);
        expect(totals.bad).toBe(c['1'] + c['2']);
        if (total === 0) return;
        expect(totals.satisfactionRate).toBeCloseTo((c['3'] + c['4'] + c['5']) / total, 12);
        expect(totals.fiveStarRate).toBeCloseTo(c['5'] / total, 12);
        expect(totals.satisfactionRate! + totals.bad / total).toBeCloseTo(1, 12);
      }),
    );
  });

  it('the seed’s month: 25,760 很满意, 27,060 满意 and 5 不满意 of 52,825: 好评率 99.99 %, 五星 48.76 % as reported', () => {
    const month = totalsOf({ '1': 0, '2': 5, '3': 0, '4': 27_060, '5': 25_760 });
    expect(month.total).toBe(52_825);
    expect(Math.round(month.satisfactionRate! * 10_000) / 100).toBe(99.99);
    expect(Math.round(month.fiveStarRate! * 10_000) / 100).toBe(48.76);
  });

  it('回访率 over real-name 差评; none when there are none', () => {
    expect(callbackRate(0, 0)).toBeNull();
    expect(callbackRate(4, 3)).toBe(0.75);
    expect(callbackRate(5, 5)).toBe(1);
  });
});
