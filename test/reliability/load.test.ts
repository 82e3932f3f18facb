import { describe, expect, it } from 'vitest';
import { compareDays, defaultCompareOptions } from '../../sim/compare.ts';

/**
 * Load: the opening rush of a Dongguan-size day (7,000 visitors; from opening to 09:30) run by the day
 * simulator at ten times real speed, through the HTTP API of a server of its own, on PostgreSQL when
 * DATABASE_URL is set and on the embedded database otherwise. Nothing may fail: no refusal the simulation
 * did not expect, no server error logged, and the server keeps up with the clock.
 */
describe('the day simulator at 10× speed', () => {
  it('runs the opening rush of a Dongguan-size day without an error', async () => {
    const [day] = await compareDays({
      ...defaultCompareOptions,
      modes: ['onedoor'],
      speed: 10,
      until: '09:30',
      postgresUrl: process.env.DATABASE_URL || undefined,
      log: (line) => console.log(line),
    });
    console.log(
      `load: ${day!.requests} requests in ${day!.wallSeconds.toFixed(0)} s, ${day!.issued} tickets, ${day!.served} served, furthest behind the clock ${day!.maxLagSeconds.toFixed(1)} s`,
    );
    expect(day!.unexpected).toEqual([]);
    expect(day!.serverErrors).toEqual([]);
    // The first half hour of a 7,000-visitor day brings a few hundred window visitors.
    expect(day!.issued).toBeGreaterThan(200);
    expect(day!.served).toBeGreaterThan(50);
    expect(day!.maxLagSeconds).toBeLessThan(10);
  });
});
