import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arrival,
  blockedUntil,
  bookable,
  bookingCode,
  completeAppointmentSettings,
  defaultAppointmentSettings,
  isNoShow,
  parseSlotId,
  shanghaiInstant,
  slotId,
  slotTimes,
  type AppointmentSettings,
} from './rules.ts';

const minute = 60_000;
const day = 86_400_000;
const settings = (changes: Partial<AppointmentSettings> = {}): AppointmentSettings => ({ ...defaultAppointmentSettings, ...changes });
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const toMinutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

describe('completeAppointmentSettings', () => {
  it('gives the defaults for nothing stored', () => {
    expect(completeAppointmentSettings(null)).toEqual(defaultAppointmentSettings);
    expect(completeAppointmentSettings(undefined)).toEqual(defaultAppointmentSettings);
    expect(completeAppointmentSettings({})).toEqual(defaultAppointmentSettings);
  });

  it('keeps what is stored, fills the rest, and never shares the per-category capacities with the defaults', () => {
    const s = completeAppointmentSettings({ slotMinutes: 15, capacityByCategory: { c1: 4 } });
    expect(s).toEqual({ ...defaultAppointmentSettings, slotMinutes: 15, capacityByCategory: { c1: 4 } });
    const d = completeAppointmentSettings(null);
    d.capacityByCategory.x = 1;
    expect(defaultAppointmentSettings.capacityByCategory).toEqual({});
  });
});

describe('shanghaiInstant', () => {
  it('is the wall clock in UTC+8', () => {
    expect(shanghaiInstant('2026-11-24', '09:30').toISOString()).toBe('2026-11-24T01:30:00.000Z');
    expect(shanghaiInstant('2026-01-01', '00:00').toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });
});

describe('slotTimes', () => {
  it('cuts a span into whole slots', () => {
    expect(slotTimes([{ open: '09:00', close: '11:00' }], 30)).toEqual([
      { start: '09:00', end: '09:30' },
      { start: '09:30', end: '10:00' },
      { start: '10:00', end: '10:30' },
      { start: '10:30', end: '11:00' },
    ]);
  });

  it('drops a short remainder at the end of a span', () => {
    expect(slotTimes([{ open: '09:00', close: '10:45' }], 30).map((s) => s.start)).toEqual(['09:00', '09:30', '10:00']);
    expect(slotTimes([{ open: '09:00', close: '09:29' }], 30)).toEqual([]);
  });

  it('has no slots on a closed day or for a span shorter than a slot', () => {
    expect(slotTimes([], 30)).toEqual([]);
    expect(slotTimes([{ open: '09:00', close: '09:00' }], 30)).toEqual([]);
    expect(slotTimes([{ open: '09:00', close: '10:00' }], 90)).toEqual([]);
  });

  it('orders spans by their opening time, keeping the lunch break free', () => {
    const slots = slotTimes([{ open: '14:00', close: '15:00' }, { open: '08:30', close: '09:30' }], 30);
    expect(slots.map((s) => `${s.start}-${s.end}`)).toEqual(['08:30-09:00', '09:00-09:30', '14:00-14:30', '14:30-15:00']);
  });

  it('reaches the last minute of the day', () => {
    const slots = slotTimes([{ open: '00:00', close: '23:59' }], 30);
    expect(slots).toHaveLength(47);
    expect(slots.at(-1)).toEqual({ start: '23:00', end: '23:30' });
  });

  it('property: every slot lies inside a span, lasts slotMinutes, each span gives floor(length / slotMinutes) slots, in time order for disjoint spans', () => {
    const span = fc
      .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }))
      .map(([a, b]) => ({ open: hhmm(Math.min(a, b)), close: hhmm(Math.max(a, b)) }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 4 }), fc.integer({ min: 5, max: 240 }), (spans, slotMinutes) => {
        const slots = slotTimes(spans, slotMinutes);
        const expected = spans.reduce((n, s) => n + Math.floor((toMinutes(s.close) - toMinutes(s.open)) / slotMinutes), 0);
        expect(slots).toHaveLength(expected);
        for (const slot of slots) {
          expect(slot.start).toMatch(/^\d{2}:\d{2}$/);
          expect(toMinutes(slot.end) - toMinutes(slot.start)).toBe(slotMinutes);
          expect(spans.some((s) => toMinutes(s.open) <= toMinutes(slot.start) && toMinutes(slot.end) <= toMinutes(s.close))).toBe(true);
        }
        // Opening hours never overlap; for those, the slots come in time order.
        const sortedSpans = [...spans].sort((a, b) => a.open.localeCompare(b.open));
        const disjoint = sortedSpans.every((s, i) => i === 0 || sortedSpans[i - 1]!.close <= s.open);
        if (disjoint) for (let i = 1; i < slots.length; i++) expect(slots[i]!.start >= slots[i - 1]!.end).toBe(true);
      }),
    );
  });

  it('does not change the spans it is given', () => {
    const spans = [{ open: '14:00', close: '15:00' }, { open: '08:30', close: '09:30' }];
    slotTimes(spans, 30);
    expect(spans[0]!.open).toBe('14:00');
  });
});

describe('slotId and parseSlotId', () => {
  it('reads the category, date and start back', () => {
    expect(slotId('cat1', '2026-11-24', '09:30')).toBe('cat1.2026-11-24T09:30');
    expect(parseSlotId('cat1.2026-11-24T09:30')).toEqual({ categoryId: 'cat1', date: '2026-11-24', start: '09:30' });
  });

  it('keeps a category id that itself holds dots', () => {
    expect(parseSlotId('a.b.c.2026-11-24T09:30')).toEqual({ categoryId: 'a.b.c', date: '2026-11-24', start: '09:30' });
  });

  it('refuses what is not a slot id', () => {
    for (const bad of ['', 'nothing', '.2026-11-24T09:30', 'cat.2026-11-24', 'cat.2026-11-24T9:30', 'cat.26-11-24T09:30', 'cat.2026-11-24T09:30x', 'cat2026-11-24T09:30', 'cat.2026-11-24 09:30']) {
      expect(parseSlotId(bad), bad).toBeUndefined();
    }
  });

  it('property: round trip for any category id without line breaks, any date and time', () => {
    const category = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\n\r\u2028\u2029]/.test(s));
    const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const start = fc.integer({ min: 0, max: 1439 }).map(hhmm);
    fc.assert(
      fc.property(category, date, start, (categoryId, d, s) => {
        expect(parseSlotId(slotId(categoryId, d, s))).toEqual({ categoryId, date: d, start: s });
      }),
    );
  });
});

describe('bookable', () => {
  const s = settings({ releaseDays: 7, closeBeforeMinutes: 30 });
  const now = shanghaiInstant('2026-11-23', '10:00');
  const today = '2026-11-23';

  it('opens the slots of today up to releaseDays ahead, not beyond and not in the past', () => {
    expect(bookable(shanghaiInstant('2026-11-23', '15:00'), today, '2026-11-23', now, s)).toBe(true);
    expect(bookable(shanghaiInstant('2026-11-30', '09:00'), today, '2026-11-30', now, s)).toBe(true);
    expect(bookable(shanghaiInstant('2026-12-01', '09:00'), today, '2026-12-01', now, s)).toBe(false);
    expect(bookable(shanghaiInstant('2026-11-22', '15:00'), today, '2026-11-22', now, s)).toBe(false);
  });

  it('with releaseDays 0, only today', () => {
    const zero = settings({ releaseDays: 0 });
    expect(bookable(shanghaiInstant('2026-11-23', '15:00'), today, '2026-11-23', now, zero)).toBe(true);
    expect(bookable(shanghaiInstant('2026-11-24', '09:00'), today, '2026-11-24', now, zero)).toBe(false);
  });

  it('closes closeBeforeMinutes before the start, to the millisecond', () => {
    expect(bookable(shanghaiInstant('2026-11-23', '10:30'), today, today, now, s)).toBe(true);
    expect(bookable(shanghaiInstant('2026-11-23', '10:30'), today, today, new Date(now.getTime() + 1), s)).toBe(false);
    expect(bookable(shanghaiInstant('2026-11-23', '10:00'), today, today, now, s)).toBe(false);
    expect(bookable(shanghaiInstant('2026-11-23', '09:00'), today, today, now, s)).toBe(false);
    expect(bookable(shanghaiInstant('2026-11-23', '10:00'), today, today, now, settings({ closeBeforeMinutes: 0 }))).toBe(true);
  });

  it('counts days across a month and a year end', () => {
    const eve = shanghaiInstant('2026-12-28', '10:00');
    expect(bookable(shanghaiInstant('2027-01-04', '09:00'), '2026-12-28', '2027-01-04', eve, s)).toBe(true);
    expect(bookable(shanghaiInstant('2027-01-05', '09:00'), '2026-12-28', '2027-01-05', eve, s)).toBe(false);
  });

  it('property: bookable exactly when 0 ≤ days ahead ≤ releaseDays and the start is at least closeBeforeMinutes away', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3, max: 70 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 1440 }),
        fc.integer({ min: 0, max: 1439 }),
        (ahead, startMinute, releaseDays, closeBeforeMinutes, nowMinute) => {
          const base = Date.parse('2026-03-01T00:00:00Z');
          const slotDate = new Date(base + ahead * day).toISOString().slice(0, 10);
          const start = shanghaiInstant(slotDate, hhmm(startMinute));
          const at = shanghaiInstant('2026-03-01', hhmm(nowMinute));
          const expected = ahead >= 0 && ahead <= releaseDays && start.getTime() - at.getTime() >= closeBeforeMinutes * minute;
          expect(bookable(start, '2026-03-01', slotDate, at, settings({ releaseDays, closeBeforeMinutes }))).toBe(expected);
        },
      ),
    );
  });
});

describe('blockedUntil', () => {
  const s = settings({ noShowLimit: 3, noShowWindowDays: 30, blockDays: 30 });
  const d = (iso: string) => new Date(`${iso}T10:30:00+08:00`);

  it('does not block for fewer no-shows than the limit', () => {
    expect(blockedUntil([], d('2026-11-01'), s)).toBeUndefined();
    expect(blockedUntil([d('2026-11-01'), d('2026-11-02')], d('2026-11-03'), s)).toBeUndefined();
  });

  it('blocks for blockDays after the third no-show within 30 days', () => {
    const until = blockedUntil([d('2026-11-01'), d('2026-11-10'), d('2026-11-20')], d('2026-11-21'), s);
    expect(until).toEqual(new Date(d('2026-11-20').getTime() + 30 * day));
  });

  it('counts a window of exactly noShowWindowDays, not one millisecond more', () => {
    const first = d('2026-10-01');
    const last = new Date(first.getTime() + 30 * day);
    expect(blockedUntil([first, d('2026-10-15'), last], last, s)).toEqual(new Date(last.getTime() + 30 * day));
    expect(blockedUntil([first, d('2026-10-15'), new Date(last.getTime() + 1)], last, s)).toBeUndefined();
  });

  it('does not block for three no-shows spread over more than 30 days', () => {
    expect(blockedUntil([d('2026-09-01'), d('2026-09-25'), d('2026-10-20')], d('2026-10-21'), s)).toBeUndefined();
  });

  it('ends the block after blockDays', () => {
    const noShows = [d('2026-11-01'), d('2026-11-10'), d('2026-11-20')];
    const end = new Date(d('2026-11-20').getTime() + 30 * day);
    expect(blockedUntil(noShows, new Date(end.getTime() - 1), s)).toEqual(end);
    expect(blockedUntil(noShows, end, s)).toBeUndefined();
  });

  it('takes the no-shows in any order and counts from the latest run that reaches the limit', () => {
    const noShows = [d('2026-11-20'), d('2026-09-01'), d('2026-11-01'), d('2026-09-02'), d('2026-11-10'), d('2026-09-03')];
    expect(blockedUntil(noShows, d('2026-11-21'), s)).toEqual(new Date(d('2026-11-20').getTime() + 30 * day));
  });

  it('follows the configured limit', () => {
    expect(blockedUntil([d('2026-11-01')], d('2026-11-02'), settings({ noShowLimit: 1, blockDays: 7 }))).toEqual(new Date(d('2026-11-01').getTime() + 7 * day));
    expect(blockedUntil([d('2026-11-01'), d('2026-11-02'), d('2026-11-03')], d('2026-11-04'), settings({ noShowLimit: 4 }))).toBeUndefined();
    expect(blockedUntil([d('2026-11-01'), d('2026-11-02'), d('2026-11-03')], d('2026-11-04'), settings({ blockDays: 0 }))).toBeUndefined();
  });

  it('property: a block is in the future and ends blockDays after a no-show that closes noShowLimit within the window; never with fewer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 * 24 * 60 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 220 * 24 * 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (offsets, nowOffset, noShowLimit, noShowWindowDays, blockDays) => {
          const base = Date.parse('2026-01-01T00:00:00Z');
          const noShows = offsets.map((m) => new Date(base + m * minute));
          const now = new Date(base + nowOffset * minute);
          const conf = settings({ noShowLimit, noShowWindowDays, blockDays });
          const until = blockedUntil(noShows, now, conf);
          const sorted = noShows.map((x) => x.getTime()).sort((a, b) => a - b);
          // Brute force: the latest no-show with at least noShowLimit no-shows in the window ending at it.
          let expected: number | undefined;
          for (const last of sorted) {
            const inWindow = sorted.filter((x) => x <= last && last - x <= noShowWindowDays * day).length;
            if (inWindow >= noShowLimit) expected = Math.max(expected ?? 0, last + blockDays * day);
          }
          if (noShows.length < noShowLimit) expect(until).toBeUndefined();
          if (expected === undefined || expected <= now.getTime()) expect(until).toBeUndefined();
          else expect(until?.getTime()).toBe(expected);
        },
      ),
    );
  });
});

describe('arrival', () => {
  const s = settings({ earlyMinutes: 30, lateMinutes: 15 });
  const start = shanghaiInstant('2026-11-24', '10:00');
  const end = shanghaiInstant('2026-11-24', '10:30');
  const at = (t: string) => shanghaiInstant('2026-11-24', t);

  it('is too early before earlyMinutes ahead of the start, and says when check-in opens', () => {
    expect(arrival(start, end, at('09:29'), s)).toEqual({ kind: 'too_early', opensAt: at('09:30') });
    expect(arrival(start, end, new Date(at('09:30').getTime() - 1), s).kind).toBe('too_early');
  });

  it('is on time from earlyMinutes ahead until the end of the slot, both included', () => {
    for (const t of ['09:30', '10:00', '10:15', '10:30']) expect(arrival(start, end, at(t), s), t).toEqual({ kind: 'on_time' });
  });

  it('is late up to lateMinutes after the end, then expired', () => {
    expect(arrival(start, end, new Date(end.getTime() + 1), s).kind).toBe('late');
    expect(arrival(start, end, at('10:45'), s).kind).toBe('late');
    expect(arrival(start, end, new Date(at('10:45').getTime() + 1), s).kind).toBe('expired');
  });

  it('with no early or late minutes: only during the slot', () => {
    const strict = settings({ earlyMinutes: 0, lateMinutes: 0 });
    expect(arrival(start, end, new Date(start.getTime() - 1), strict).kind).toBe('too_early');
    expect(arrival(start, end, start, strict).kind).toBe('on_time');
    expect(arrival(start, end, new Date(end.getTime() + 1), strict).kind).toBe('expired');
  });

  it('property: the kinds follow each other in time: too_early → on_time → late → expired', () => {
    const order = ['too_early', 'on_time', 'late', 'expired'];
    fc.assert(
      fc.property(fc.integer({ min: -300, max: 600 }), fc.integer({ min: -300, max: 600 }), fc.integer({ min: 0, max: 240 }), fc.integer({ min: 0, max: 240 }), (a, b, earlyMinutes, lateMinutes) => {
        const conf = settings({ earlyMinutes, lateMinutes });
        const [x, y] = a <= b ? [a, b] : [b, a];
        const kx = arrival(start, end, new Date(start.getTime() + x * minute), conf).kind;
        const ky = arrival(start, end, new Date(start.getTime() + y * minute), conf).kind;
        expect(order.indexOf(kx)).toBeLessThanOrEqual(order.indexOf(ky));
      }),
    );
  });
});

describe('isNoShow', () => {
  const s = settings({ lateMinutes: 15 });
  const end = shanghaiInstant('2026-11-24', '10:30');

  it('is a booking never checked in, once its late check-in time has passed', () => {
    expect(isNoShow('booked', end, shanghaiInstant('2026-11-24', '10:45'), s)).toBe(false);
    expect(isNoShow('booked', end, new Date(shanghaiInstant('2026-11-24', '10:45').getTime() + 1), s)).toBe(true);
  });

  it('is never a checked-in or cancelled booking', () => {
    const later = shanghaiInstant('2026-12-24', '10:45');
    expect(isNoShow('checked_in', end, later, s)).toBe(false);
    expect(isNoShow('cancelled', end, later, s)).toBe(false);
  });

  it('agrees with arrival: a booked slot is a no-show exactly when arriving now would be expired', () => {
    const start = shanghaiInstant('2026-11-24', '10:00');
    fc.assert(
      fc.property(fc.integer({ min: -120, max: 600 }), fc.integer({ min: 0, max: 240 }), (m, lateMinutes) => {
        const conf = settings({ lateMinutes });
        const now = new Date(start.getTime() + m * minute);
        expect(isNoShow('booked', end, now, conf)).toBe(arrival(start, end, now, conf).kind === 'expired');
      }),
    );
  });
});

describe('bookingCode', () => {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

  it('is 8 characters without 0, O, 1 or I', () => {
    const code = bookingCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(code).toBe('ABCDEFGH');
    expect(alphabet).not.toMatch(/[0O1I]/);
    expect(alphabet).toHaveLength(32);
  });

  it('uses only the first 8 bytes', () => {
    expect(bookingCode(new Uint8Array([31, 31, 31, 31, 31, 31, 31, 31, 0, 0]))).toBe('99999999');
  });

  it('reaches every character of the alphabet, each from the same number of byte values', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const c = bookingCode(new Uint8Array(8).fill(b))[0]!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe([...alphabet].sort().join(''));
    expect(new Set(counts.values())).toEqual(new Set([8]));
  });

  it('property: any 8 random bytes give 8 characters of the alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 16 }), (bytes) => {
        expect(bookingCode(bytes)).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{8}$/);
      }),
    );
  });
});
