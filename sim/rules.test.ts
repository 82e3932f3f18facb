import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dongguanDay, handleMinutesByDepartment, hourlyArrivalWeights, logNormal, meanAndP90, pickWeighted, planDay, randomSource, shareWindows, type HallShape } from './rules.ts';

const shape: HallShape = {
  date: '2026-11-25',
  hours: { open: '09:00', close: '18:00' },
  departments: [
    { id: 'police', name: '公安局', itemIds: ['id-card', 'household'], windows: 12 },
    { id: 'estate', name: '不动产登记中心', itemIds: ['transfer'], windows: 12 },
    { id: 'tax', name: '税务局', itemIds: ['invoice'], windows: 10 },
    { id: 'empty', name: '档案馆', itemIds: [], windows: 3 },
    { id: 'unstaffed', name: '侨务局', itemIds: ['overseas'], windows: 0 },
  ],
};

describe('randomSource', () => {
  it('repeats a day for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, randomSource(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('stays in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const random = randomSource(seed);
        for (let i = 0; i < 100; i++) {
          const x = random();
          if (x < 0 || x >= 1) return false;
        }
        return true;
      }),
    );
  });
});

describe('logNormal', () => {
  it('has the asked mean and a long right tail', () => {
    const random = randomSource(1);
    const draws = Array.from({ length: 50_000 }, () => logNormal(random, 20, 0.55));
    const { mean, p90 } = meanAndP90(draws)!;
    expect(mean).toBeGreaterThan(19.5);
    expect(mean).toBeLessThan(20.5);
    const median = [...draws].sort((a, b) => a - b)[25_000]!;
    expect(median).toBeLessThan(mean);
    expect(p90).toBeGreaterThan(1.5 * median);
    expect(Math.min(...draws)).toBeGreaterThan(0);
  });
});

describe('pickWeighted', () => {
  it('never picks a zero weight and picks in proportion', () => {
    const random = randomSource(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[pickWeighted(random, [1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3);
  });
});

describe('planDay', () => {
  const day = planDay(shape, dongguanDay, 42);

  it('plans the window visitors of a Dongguan-size day, the same for the same seed', () => {
    expect(day).toHaveLength(Math.round(7000 * (1 - dongguanDay.selfServiceShare)));
    expect(planDay(shape, dongguanDay, 42)).toEqual(day);
    expect(planDay(shape, dongguanDay, 43)).not.toEqual(day);
  });

  it('lets people in only during opening hours, in order of arrival, with the morning and afternoon peaks', () => {
    for (const [i, v] of day.entries()) {
      expect(v.arrivalMinute).toBeGreaterThanOrEqual(9 * 60);
      expect(v.arrivalMinute).toBeLessThan(18 * 60);
      if (i) expect(v.arrivalMinute).toBeGreaterThanOrEqual(day[i - 1]!.arrivalMinute);
    }
    const inHour = (h: number) => day.filter((v) => Math.floor(v.arrivalMinute / 60) === h).length;
    expect(inHour(10)).toBeGreaterThan(inHour(12) * 2);
    expect(inHour(14)).toBeGreaterThan(inHour(13));
    expect(inHour(17)).toBeLessThan(inHour(16));
    expect(Object.keys(hourlyArrivalWeights).map(Number)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('sends work to departments with items and windows, in proportion to their window-hours', () => {
    const of = (id: string) => day.filter((v) => v.departmentId === id);
    expect(of('empty')).toHaveLength(0);
    expect(of('unstaffed')).toHaveLength(0);
    const minutes = (id: string) => of(id).reduce((sum, v) => sum + v.handleMinutes, 0);
    // Police and estate have the same windows: the same work in minutes, so estate sees fewer, longer visits.
    expect(minutes('police') / minutes('estate')).toBeGreaterThan(0.85);
    expect(minutes('police') / minutes('estate')).toBeLessThan(1.15);
    expect(of('police').length).toBeGreaterThan(of('estate').length * 1.7);
    for (const v of day) expect(shape.departments.find((d) => d.id === v.departmentId)!.itemIds).toContain(v.itemId);
  });

  it('draws handling times around each department’s mean, within bounds', () => {
    const police = meanAndP90(day.filter((v) => v.departmentId === 'police').map((v) => v.handleMinutes))!;
    expect(Math.abs(police.mean - handleMinutesByDepartment['公安局']!)).toBeLessThan(1.5);
    for (const v of day) {
      expect(v.handleMinutes).toBeGreaterThanOrEqual(1);
      expect(v.handleMinutes).toBeLessThanOrEqual(240);
    }
  });

  it('mixes bookings, no-shows, priority classes, elders, transfers and ratings in the given shares', () => {
    const share = (predicate: (v: (typeof day)[number]) => boolean) => day.filter(predicate).length / day.length;
    expect(share((v) => v.booked !== undefined)).toBeCloseTo(dongguanDay.appointmentShare, 1);
    expect(share((v) => v.booked?.noShow === true)).toBeLessThan(0.03);
    expect(share((v) => v.booked?.noShow === true)).toBeGreaterThan(0);
    expect(share((v) => v.priority === 'enterprise')).toBeGreaterThan(0.02);
    expect(share((v) => v.rates !== undefined)).toBeCloseTo(dongguanDay.ratingShare, 1);
    expect(share((v) => Number(shape.date.slice(0, 4)) - Number(v.birthDate.slice(0, 4)) > 70)).toBeCloseTo(0.08, 1);
    for (const v of day.filter((d) => d.transfer)) expect(v.transfer!.departmentId).not.toBe(v.departmentId);
  });

  it('gives every visitor a real calendar birth date, for an ID number the server accepts', () => {
    for (const v of day) expect(new Date(`${v.birthDate}T00:00:00Z`).toISOString().slice(0, 10)).toBe(v.birthDate);
  });
});

describe('shareWindows', () => {
  it('hands out exactly the windows, at least one to every department with work, none to those without', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 40, max: 400 }), (work, windows) => {
        const map = new Map(work.map((minutes, i) => [`d${i}`, minutes]));
        const busy = work.filter((m) => m > 0).length;
        if (busy === 0) return true;
        const shares = shareWindows(map, windows);
        const total = [...shares.values()].reduce((sum, n) => sum + n, 0);
        if (total !== windows) return false;
        for (const [id, minutes] of map) {
          if (minutes === 0 && shares.has(id)) return false;
          if (minutes > 0 && !(shares.get(id)! >= 1)) return false;
        }
        return true;
      }),
    );
  });

  it('shares in proportion to the work (largest remainder)', () => {
    const shares = shareWindows(new Map([['a', 300], ['b', 100], ['c', 0]]), 10);
    expect(Object.fromEntries(shares)).toEqual({ a: 7, b: 3 });
  });

  it('refuses more busy departments than windows', () => {
    expect(() => shareWindows(new Map([['a', 1], ['b', 1], ['c', 1]]), 2)).toThrow(/cannot share/);
  });
});

describe('meanAndP90', () => {
  it('uses the nearest rank', () => {
    expect(meanAndP90([])).toBeUndefined();
    expect(meanAndP90([5])).toEqual({ mean: 5, p90: 5 });
    expect(meanAndP90(Array.from({ length: 10 }, (_, i) => i + 1))).toEqual({ mean: 5.5, p90: 9 });
  });
});
