import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advanceProblem,
  criterionScore,
  dimensions,
  indicatorPoints,
  indicators,
  indicatorScales,
  isFindingOverdue,
  nextRoundStatus,
  rank,
  roundStatuses,
  selfAssessmentOpen,
  totals,
  type CriterionFacts,
} from './rules.ts';

const noMarks = () => ({ auto: new Map<string, number>(), self: new Map<string, number>(), inspector: new Map<string, number>() });

describe('indicator points', () => {
  it('a wait of 10 minutes or less earns full marks, 40 or more none, linear between', () => {
    expect(indicatorPoints('avg_wait', 0, 10)).toBe(10);
    expect(indicatorPoints('avg_wait', 10, 10)).toBe(10);
    expect(indicatorPoints('avg_wait', 25, 10)).toBe(5);
    expect(indicatorPoints('avg_wait', 31, 10)).toBe(3);
    expect(indicatorPoints('avg_wait', 40, 10)).toBe(0);
    expect(indicatorPoints('avg_wait', 95, 10)).toBe(0);
  });

  it('rates: full at the target, none at the floor', () => {
    expect(indicatorPoints('satisfaction_rate', 1, 8)).toBe(8);
    expect(indicatorPoints('satisfaction_rate', 0.99, 8)).toBe(8);
    expect(indicatorPoints('satisfaction_rate', 0.895, 8)).toBe(4);
    expect(indicatorPoints('satisfaction_rate', 0.8, 8)).toBe(0);
    expect(indicatorPoints('online_rate', 0.6, 6)).toBe(3);
    expect(indicatorPoints('callback_rate', 0.75, 4)).toBe(2);
    expect(indicatorPoints('on_time_rate', 0.5, 4)).toBe(0);
  });

  it('no figure in the period earns nothing', () => {
    for (const indicator of indicators) expect(indicatorPoints(indicator, null, 5)).toBe(0);
    expect(indicatorPoints('avg_wait', Number.NaN, 5)).toBe(0);
  });

  it('stay within 0 and the maximum, and never get worse as the figure improves', () => {
    fc.assert(
      fc.property(fc.constantFrom(...indicators), fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }), fc.integer({ min: 1, max: 50 }), (indicator, a, b, max) => {
        const pa = indicatorPoints(indicator, a, max);
        expect(pa).toBeGreaterThanOrEqual(0);
        expect(pa).toBeLessThanOrEqual(max);
        const { full, zero } = indicatorScales[indicator];
        const better = full > zero ? Math.max(a, b) : Math.min(a, b);
        const worse = better === a ? b : a;
        expect(indicatorPoints(indicator, better, max)).toBeGreaterThanOrEqual(indicatorPoints(indicator, worse, max));
      }),
    );
  });
});

const manual: CriterionFacts = { id: 'm', dimension: 'management', maxPoints: 10, indicator: null };
const automatic: CriterionFacts = { id: 'a', dimension: 'service', maxPoints: 8, indicator: 'avg_wait' };

describe('which score counts', () => {
  it('the inspector’s score over the self-score, the self-score for a manual criterion, auto points for an automatic one', () => {
    const marks = noMarks();
    expect(criterionScore(manual, marks)).toEqual({ points: 0, source: 'none' });
    expect(criterionScore(automatic, marks)).toEqual({ points: 0, source: 'none' });
    marks.self.set('m', 9);
    marks.auto.set('a', 6.5);
    marks.self.set('a', 8);
    expect(criterionScore(manual, marks)).toEqual({ points: 9, source: 'self' });
    expect(criterionScore(automatic, marks)).toEqual({ points: 6.5, source: 'auto' });
    marks.inspector.set('m', 7);
    marks.inspector.set('a', 5);
    expect(criterionScore(manual, marks)).toEqual({ points: 7, source: 'inspector' });
    expect(criterionScore(automatic, marks)).toEqual({ points: 5, source: 'inspector' });
  });

  it('never above the criterion’s maximum', () => {
    const marks = noMarks();
    marks.self.set('m', 12);
    expect(criterionScore(manual, marks).points).toBe(10);
  });
});

describe('totals', () => {
  it('subtotals per dimension and a total that is their sum, out of the sum of maxima', () => {
    const criteria: CriterionFacts[] = [manual, automatic, { id: 'c', dimension: 'construction', maxPoints: 5, indicator: null }, { id: 'i', dimension: 'innovation', maxPoints: 3.5, indicator: null }];
    const marks = noMarks();
    marks.self.set('m', 8.25);
    marks.auto.set('a', 4.1);
    marks.self.set('c', 5);
    marks.inspector.set('c', 3);
    expect(totals(criteria, marks)).toEqual({ byDimension: { management: 8.25, construction: 3, service: 4.1, innovation: 0 }, total: 15.35, maxTotal: 26.5 });
  });

  it('the total is the sum of the subtotals and at most the maximum, whatever the marks', () => {
    const criterion = fc.record({ id: fc.uuid(), dimension: fc.constantFrom(...dimensions), maxPoints: fc.integer({ min: 1, max: 20 }), indicator: fc.option(fc.constantFrom(...indicators), { nil: null }) });
    fc.assert(
      fc.property(fc.uniqueArray(criterion, { selector: (c) => c.id, maxLength: 12 }), fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { minLength: 36, maxLength: 36 }), (criteria, values) => {
        const marks = noMarks();
        criteria.forEach((c, i) => {
          marks.auto.set(c.id, values[i]!);
          if (i % 2) marks.self.set(c.id, values[i + 12]!);
          if (i % 3 === 0) marks.inspector.set(c.id, values[i + 24]!);
        });
        const result = totals(criteria, marks);
        expect(result.total).toBeCloseTo(dimensions.reduce((sum, d) => sum + result.byDimension[d], 0), 6);
        expect(result.total).toBeLessThanOrEqual(result.maxTotal + 1e-9);
      }),
    );
  });
});

describe('ranking', () => {
  it('equal totals share a place and the next place is skipped', () => {
    const ranked = rank([
      { id: 'a', total: 80 },
      { id: 'b', total: 92 },
      { id: 'c', total: 80 },
      { id: 'd', total: 70 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 4],
    ]);
    expect(rank([])).toEqual([]);
  });

  it('places follow the totals: a higher total never ranks below a lower one, and place = 1 + the number strictly ahead', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 20 }), (scores) => {
        const ranked = rank(scores.map((total, i) => ({ i, total })));
        expect(ranked).toHaveLength(scores.length);
        for (const row of ranked) expect(row.rank).toBe(1 + scores.filter((s) => s > row.total).length);
      }),
    );
  });
});

describe('rectification and the round', () => {
  it('a finding not closed is overdue from the day after its deadline', () => {
    expect(isFindingOverdue('open', '2026-03-10', '2026-03-10')).toBe(false);
    expect(isFindingOverdue('open', '2026-03-10', '2026-03-11')).toBe(true);
    expect(isFindingOverdue('rectifying', '2026-03-10', '2026-04-01')).toBe(true);
    expect(isFindingOverdue('closed', '2026-03-10', '2026-04-01')).toBe(false);
  });

  it('a round goes draft → self-assessment → inspection → published, one step at a time', () => {
    expect(roundStatuses.map(nextRoundStatus)).toEqual(['self_assessment', 'inspection', 'published', undefined]);
    expect(advanceProblem('draft', 0)).toBe('NO_CRITERIA');
    expect(advanceProblem('draft', 1)).toBeUndefined();
    expect(advanceProblem('self_assessment', 0)).toBeUndefined();
    expect(advanceProblem('published', 3)).toBe('ALREADY_PUBLISHED');
  });

  it('self-assessment is open only in its stage, up to and including the deadline day', () => {
    expect(selfAssessmentOpen('self_assessment', '2026-05-31', '2026-05-31')).toBe(true);
    expect(selfAssessmentOpen('self_assessment', '2026-05-31', '2026-06-01')).toBe(false);
    for (const status of ['draft', 'inspection', 'published'] as const) expect(selfAssessmentOpen(status, '2026-05-31', '2026-05-01')).toBe(false);
  });
});
