import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compartmentLabels, isUncollectedOverdue, nextLabelNumber } from './rules.ts';

describe('compartment labels', () => {
  it('numbers doors from the prefix, padded so they sort as printed', () => {
    expect(compartmentLabels('A', 3)).toEqual(['A01', 'A02', 'A03']);
    expect(compartmentLabels('B', 2, 99)).toEqual(['B099', 'B100']);
    fc.assert(
      fc.property(fc.constantFrom('A', 'B', 'C'), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 50 }), (prefix, count, start) => {
        const labels = compartmentLabels(prefix, count, start);
        expect(labels).toHaveLength(count);
        expect(new Set(labels).size).toBe(count);
        expect([...labels].sort()).toEqual(labels);
      }),
    );
  });

  it('continues after the highest existing number of the prefix', () => {
    expect(nextLabelNumber([], 'A')).toBe(1);
    expect(nextLabelNumber(['A01', 'A07', 'B09'], 'A')).toBe(8);
    expect(nextLabelNumber(['B09'], 'A')).toBe(1);
  });
});

describe('uncollected results', () => {
  const at = new Date('2026-11-20T02:00:00Z');
  it('are overdue once the center’s days have passed, to the millisecond', () => {
    expect(isUncollectedOverdue(at, new Date('2026-11-23T01:59:59.999Z'), { uncollectedDays: 3 })).toBe(false);
    expect(isUncollectedOverdue(at, new Date('2026-11-23T02:00:00Z'), { uncollectedDays: 3 })).toBe(true);
    expect(isUncollectedOverdue(at, at, { uncollectedDays: 0 })).toBe(true);
  });
});
