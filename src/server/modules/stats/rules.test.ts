import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addHistograms, bucketEdges, bucketOf, change, datesBetween, emptyHistogram, histogramPercentile, previousPeriod, rate } from './rules.ts';

describe('histogram buckets', () => {
  it('are the 45 columns of migration 0015 (w0…w44, h0…h44), rising from 0', () => {
    expect(bucketEdges).toHaveLength(45);
    expect(bucketEdges[0]).toBe(0);
    for (let i = 1; i < bucketEdges.length; i++) expect(bucketEdges[i]!).toBeGreaterThan(bucketEdges[i - 1]!);
  });

  it('put every duration in the bucket whose edges hold it; negative as 0, very long in the last', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), (minutes) => {
        const i = bucketOf(minutes);
        expect(bucketEdges[i]!).toBeLessThanOrEqual(minutes);
        if (i + 1 < bucketEdges.length) expect(minutes).toBeLessThan(bucketEdges[i + 1]!);
      }),
    );
    expect(bucketOf(-3)).toBe(0);
    expect(bucketOf(10_000)).toBe(bucketEdges.length - 1);
  });

  it('give a percentile inside the bucket of the exact one (to the minute below 30 minutes)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 300, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 99 }), (values, p) => {
        const hist = emptyHistogram();
        for (const v of values) hist[bucketOf(v)]! += 1;
        const sorted = [...values].sort((a, b) => a - b);
        const exact = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
        const got = histogramPercentile(hist, p)!;
        const i = bucketOf(exact);
        expect(got).toBeGreaterThanOrEqual(bucketEdges[i]!);
        expect(got).toBeLessThanOrEqual(bucketEdges[i + 1] ?? bucketEdges[i]!);
      }),
    );
    expect(histogramPercentile(emptyHistogram(), 50)).toBeNull();
  });

  it('add up bucket by bucket: the percentile of merged days is the percentile of all their durations', () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    a[5] = 2;
    b[10] = 1;
    b[20] = 2;
    const both = addHistograms(emptyHistogram(), a);
    addHistograms(both, b);
    expect(both.reduce((x, y) => x + y, 0)).toBe(5);
    // 5, 5, 10, 20, 20: the median is in the 10-minute bucket.
    expect(Math.floor(histogramPercentile(both, 50)!)).toBe(10);
  });
});

describe('rates and periods', () => {
  it('a rate of nothing is null, not 0', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
    expect(change(5, 0)).toBeNull();
    expect(change(6, 4)).toBe(0.5);
  });

  it('the previous period has the same length and ends the day before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 400 }), (offset, length) => {
        const from = new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2024, 0, 1 + offset + length)).toISOString().slice(0, 10);
        const before = previousPeriod(from, to);
        expect(datesBetween(before.from, before.to)).toHaveLength(length + 1);
        expect(datesBetween(before.to, from)).toHaveLength(2);
      }),
    );
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
  });
});
