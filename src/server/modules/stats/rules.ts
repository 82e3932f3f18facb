/**
 * The figures a center is judged by, defined once (docs/figures.md quotes these definitions): how daily
 * rollups add up, how a median or p90 comes out of a merged histogram, and each rate's formula.
 */

/**
 * Lower edges (minutes) of the histogram buckets for waits and handling times: every minute up to 30, five
 * minutes up to 60, then coarser; the last bucket is open (240 minutes and more). Daily histograms of
 * any centers and days add up bucket by bucket, so a median over a year never reads a single ticket.
 */
export const bucketEdges: readonly number[] = [
  ...Array.from({ length: 31 }, (_, i) => i),
  35, 40, 45, 50, 55, 60, 70, 80, 90, 105, 120, 150, 180, 240,
];

export const emptyHistogram = (): number[] => bucketEdges.map(() => 0);

/** The bucket of a duration in minutes (negative durations, from clock skew, count as 0). */
export function bucketOf(minutes: number): number {
  let lo = 0;
  let hi = bucketEdges.length - 1;
  const m = Math.max(0, minutes);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bucketEdges[mid]! <= m) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function addHistograms(into: number[], more: readonly number[]): number[] {
  for (let i = 0; i < into.length; i++) into[i]! += more[i] ?? 0;
  return into;
}

/**
 * The p-th percentile (0–100) of the durations counted in a histogram, interpolated linearly inside its
 * bucket (exact to the minute below 30 minutes); the open last bucket answers its lower edge. Null when empty.
 */
export function histogramPercentile(histogram: readonly number[], p: number): number | null {
  const n = histogram.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = (p / 100) * n;
  let below = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i]!;
    if (count > 0 && below + count >= rank) {
      const lower = bucketEdges[i]!;
      const upper = bucketEdges[i + 1];
      if (upper === undefined) return lower;
      return lower + ((rank - below) / count) * (upper - lower);
    }
    below += count;
  }
  return bucketEdges[bucketEdges.length - 1]!;
}

/** A share 0–1, or null when there is nothing to share (a rate of nothing is not 0 %). */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export const mean = (sum: number, n: number): number | null => (n > 0 ? sum / n : null);

/** Change from the previous period as a share of it; null when the previous period had none. */
export const change = (now: number | null, before: number | null): number | null => (now === null || before === null || before === 0 ? null : (now - before) / before);

// ------------------------------------------------------------ dates

/** Every date from `from` to `to` (YYYY-MM-DD, both included). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** The period of the same length just before [from, to]: what "compared with the previous period" means. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const days = datesBetween(from, to).length;
  const end = new Date(`${from}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() - 1);
  const start = new Date(end);
  start.setUTCDate(start.getUTCDate() - (days - 1));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

export const addDays = (date: string, n: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
