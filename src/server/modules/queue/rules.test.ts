import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOnDate, idNumberCheckChar } from '../../platform/identity.ts';
import {
  aheadOf,
  averageHandleMinutes,
  callingOrder,
  completeSettings,
  defaultQueueSettings,
  effectivePriority,
  estimateWaitMinutes,
  nextStatus,
  priorities,
  profileProblems,
  ticketNumber,
  ticketStatuses,
  virtualArrival,
  type Priority,
  type QueueSettings,
  type TicketAction,
  type TicketStatus,
  type Waiting,
} from './rules.ts';

const minute = 60_000;
const t0 = Date.UTC(2026, 10, 23, 1, 0); // 09:00 in Shanghai
const at = (minutes: number) => new Date(t0 + minutes * minute);

/** A valid GB 11643 number for someone born on `birth` (YYYY-MM-DD). */
function idNumber(birth: string, region = '440106', sequence = '123'): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${sequence}`;
  return first17 + idNumberCheckChar(first17);
}

describe('completeSettings', () => {
  it('gives the defaults for nothing stored', () => {
    expect(completeSettings(null)).toEqual(defaultQueueSettings);
    expect(completeSettings(undefined)).toEqual(defaultQueueSettings);
    expect(completeSettings({})).toEqual(defaultQueueSettings);
  });

  it('keeps what is stored and fills the rest, head starts one by one', () => {
    const s = completeSettings({ recallLimit: 5, headStartMinutes: { elderly: 45 } });
    expect(s.recallLimit).toBe(5);
    expect(s.elderlyAge).toBe(defaultQueueSettings.elderlyAge);
    expect(s.headStartMinutes).toEqual({ ...defaultQueueSettings.headStartMinutes, elderly: 45 });
  });

  it('does not change the defaults it starts from', () => {
    const copy = structuredClone(defaultQueueSettings);
    const s = completeSettings({ headStartMinutes: { appointment: 1 } });
    s.headStartMinutes.enterprise = 99;
    expect(defaultQueueSettings).toEqual(copy);
  });

  it('a key present but undefined (an older or partial version) falls back to the default', () => {
    const s = completeSettings({ elderlyAge: undefined, headStartMinutes: { elderly: undefined } });
    expect(s.elderlyAge).toBe(defaultQueueSettings.elderlyAge);
    expect(s.headStartMinutes.elderly).toBe(defaultQueueSettings.headStartMinutes.elderly);
  });

  it('property: always complete, and stored values win', () => {
    const minutes = fc.integer({ min: 0, max: 240 });
    const stored = fc.record(
      {
        elderlyAge: fc.integer({ min: 50, max: 100 }),
        recallLimit: fc.integer({ min: 0, max: 10 }),
        defaultHandleMinutes: fc.integer({ min: 1, max: 240 }),
        handleSample: fc.integer({ min: 1, max: 200 }),
        headStartMinutes: fc.record({ appointment: minutes, elderly: minutes, disabled: minutes, veteran: minutes, enterprise: minutes }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(stored, (partial) => {
        const s = completeSettings(partial);
        for (const key of ['elderlyAge', 'recallLimit', 'defaultHandleMinutes', 'handleSample'] as const) {
          expect(s[key]).toBe(partial[key] ?? defaultQueueSettings[key]);
        }
        for (const key of ['appointment', ...priorities] as const) {
          expect(s.headStartMinutes[key]).toBe(partial.headStartMinutes?.[key] ?? defaultQueueSettings.headStartMinutes[key]);
        }
      }),
    );
  });
});

describe('effectivePriority', () => {
  const s = defaultQueueSettings;
  it('nothing asked and no age, or too young: none', () => {
    expect(effectivePriority(undefined, undefined, s)).toBeUndefined();
    expect(effectivePriority(undefined, 30, s)).toBeUndefined();
    expect(effectivePriority(undefined, s.elderlyAge - 1, s)).toBeUndefined();
  });

  it('what was asked, when the age does not qualify', () => {
    for (const p of priorities) expect(effectivePriority(p, undefined, s)).toBe(p);
    for (const p of priorities) expect(effectivePriority(p, 40, s)).toBe(p);
  });

  it('绿色通道 from the threshold age on', () => {
    expect(effectivePriority(undefined, s.elderlyAge, s)).toBe('elderly');
    expect(effectivePriority(undefined, 101, s)).toBe('elderly');
    expect(effectivePriority(undefined, 65, { ...s, elderlyAge: 65 })).toBe('elderly');
    expect(effectivePriority(undefined, 69, { ...s, elderlyAge: 70 })).toBeUndefined();
  });

  it('of two classes, the one with the larger head start; on a tie the one asked for', () => {
    expect(effectivePriority('enterprise', 80, s)).toBe('elderly'); // 10 < 20
    expect(effectivePriority('disabled', 80, s)).toBe('disabled'); // 20 = 20
    expect(effectivePriority('veteran', 80, s)).toBe('veteran');
    const bigEnterprise = completeSettings({ headStartMinutes: { enterprise: 60 } });
    expect(effectivePriority('enterprise', 80, bigEnterprise)).toBe('enterprise');
  });

  it('age read from an ID number: turns elderly on the 70th birthday, not the day before', () => {
    const id = idNumber('1956-11-23');
    expect(ageOnDate(id, '2026-11-23')).toBe(70);
    expect(effectivePriority(undefined, ageOnDate(id, '2026-11-23'), s)).toBe('elderly');
    expect(ageOnDate(id, '2026-11-22')).toBe(69);
    expect(effectivePriority(undefined, ageOnDate(id, '2026-11-22'), s)).toBeUndefined();
    // Born on 29 February: 70 on 1 March of a common year.
    const leap = idNumber('1956-02-29');
    expect(effectivePriority(undefined, ageOnDate(leap, '2026-02-28'), s)).toBeUndefined();
    expect(effectivePriority(undefined, ageOnDate(leap, '2026-03-01'), s)).toBe('elderly');
  });

  it('property: the result is one of the candidates with the largest head start', () => {
    const minutes = fc.integer({ min: 0, max: 240 });
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom(...priorities), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
        fc.record({ elderly: minutes, disabled: minutes, veteran: minutes, enterprise: minutes }),
        fc.integer({ min: 50, max: 100 }),
        (asked, age, heads, elderlyAge) => {
          const settings = completeSettings({ elderlyAge, headStartMinutes: heads });
          const candidates: Priority[] = [...(asked ? [asked] : []), ...(age !== undefined && age >= elderlyAge ? ['elderly' as const] : [])];
          const result = effectivePriority(asked, age, settings);
          if (!candidates.length) {
            expect(result).toBeUndefined();
            return;
          }
          expect(candidates).toContain(result);
          for (const c of candidates) expect(settings.headStartMinutes[result!]).toBeGreaterThanOrEqual(settings.headStartMinutes[c]);
        },
      ),
    );
  });
});

describe('virtualArrival', () => {
  it('moves the arrival earlier by the largest head start', () => {
    expect(virtualArrival(at(60), [20])).toEqual(at(40));
    expect(virtualArrival(at(60), [20, 30])).toEqual(at(30));
    expect(virtualArrival(at(60), [0, 0])).toEqual(at(60));
  });

  it('with no head start, or negative ones, is the real arrival', () => {
    expect(virtualArrival(at(60), [])).toEqual(at(60));
    expect(virtualArrival(at(60), [-15])).toEqual(at(60));
    expect(virtualArrival(at(60), [-15, 5])).toEqual(at(55));
  });

  it('returns a new Date and leaves the one given alone', () => {
    const taken = at(10);
    const v = virtualArrival(taken, [0]);
    expect(v).not.toBe(taken);
    expect(taken).toEqual(at(10));
  });

  it('property: never later than the real arrival, and exactly max(0, …) earlier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * 24 * 60 }), fc.array(fc.integer({ min: -240, max: 240 }), { maxLength: 4 }), (m, heads) => {
        const v = virtualArrival(at(m), heads);
        expect(v.getTime()).toBeLessThanOrEqual(at(m).getTime());
        expect(at(m).getTime() - v.getTime()).toBe(Math.max(0, ...heads) * minute);
      }),
    );
  });
});

describe('callingOrder', () => {
  const w = (id: string, categoryId: string, virtualMin: number, takenMin = virtualMin, targetWindowId: string | null = null): Waiting => ({
    id,
    categoryId,
    virtualAt: at(virtualMin),
    takenAt: at(takenMin),
    targetWindowId,
  });
  const ids = (list: Waiting[]) => list.map((t) => t.id);

  it('nothing waiting or no profile: nothing to call', () => {
    expect(callingOrder('W1', [['A']], [])).toEqual([]);
    expect(callingOrder('W1', [], [w('1', 'A', 0)])).toEqual([]);
  });

  it('first tier before second, whatever the arrival', () => {
    const waiting = [w('b1', 'B', 0), w('a1', 'A', 50), w('c1', 'C', 1), w('b2', 'B', 2)];
    expect(ids(callingOrder('W1', [['A'], ['B', 'C']], waiting))).toEqual(['a1', 'b1', 'c1', 'b2']);
    expect(ids(callingOrder('W1', [['B'], ['A']], waiting))).toEqual(['b1', 'b2', 'a1']);
  });

  it('within a tier: virtual arrival, then real arrival, then id', () => {
    const waiting = [w('z', 'A', 10, 10), w('y', 'A', 10, 5), w('x', 'A', 10, 5), w('p', 'A', 3, 23), w('q', 'A', 12, 12)];
    expect(ids(callingOrder('W1', [['A']], waiting))).toEqual(['p', 'x', 'y', 'z', 'q']);
  });

  it('categories of one tier are mixed by arrival', () => {
    const waiting = [w('a', 'A', 5), w('b', 'B', 1), w('a2', 'A', 2)];
    expect(ids(callingOrder('W1', [['A', 'B']], waiting))).toEqual(['b', 'a2', 'a']);
  });

  it('leaves out categories the window does not serve', () => {
    expect(ids(callingOrder('W1', [['A']], [w('a', 'A', 5), w('x', 'X', 0)]))).toEqual(['a']);
  });

  it('a ticket transferred to this window comes first, even from a category it does not serve', () => {
    const waiting = [w('a', 'A', 0), w('t', 'X', 90, 90, 'W1'), w('t0', 'A', 95, 95, 'W1')];
    expect(ids(callingOrder('W1', [['A']], waiting))).toEqual(['t', 't0', 'a']);
  });

  it('a ticket transferred to another window is left out, even in a category this one serves', () => {
    const waiting = [w('a', 'A', 10), w('t', 'A', 0, 0, 'W2')];
    expect(ids(callingOrder('W1', [['A']], waiting))).toEqual(['a']);
    expect(ids(callingOrder('W2', [['B']], waiting))).toEqual(['t']);
  });

  it('a category named in two tiers counts in the first', () => {
    const waiting = [w('a', 'A', 10), w('b', 'B', 0)];
    expect(ids(callingOrder('W1', [['B'], ['A', 'B']], waiting))).toEqual(['b', 'a']);
    expect(ids(callingOrder('W1', [['A'], ['B', 'A']], waiting))).toEqual(['a', 'b']);
  });

  it('does not change the list it is given', () => {
    const waiting = [w('b', 'A', 5), w('a', 'A', 1)];
    const copy = [...waiting];
    callingOrder('W1', [['A']], waiting);
    expect(waiting).toEqual(copy);
  });

  it('property: a permutation of the servable tickets, sorted by (targeted, tier, virtual, real, id), independent of input order', () => {
    const cats = ['A', 'B', 'C', 'D'];
    const ticket = fc.record({
      categoryId: fc.constantFrom(...cats),
      virtual: fc.integer({ min: 0, max: 30 }),
      lag: fc.integer({ min: 0, max: 30 }),
      target: fc.constantFrom<string | null>(null, null, null, 'W1', 'W2'),
    });
    const tiers = fc.array(fc.uniqueArray(fc.constantFrom(...cats), { minLength: 1, maxLength: 3 }), { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 30 }), tiers, fc.nat(), (specs, profile, seed) => {
        const waiting = specs.map((s, i) => w(`t${String(i).padStart(2, '0')}`, s.categoryId, s.virtual, s.virtual + s.lag, s.target));
        const order = callingOrder('W1', profile, waiting);
        const tierOf = (c: string) => profile.findIndex((tier) => tier.includes(c)) + 1;
        const servable = waiting.filter((t) => t.targetWindowId === 'W1' || (t.targetWindowId === null && tierOf(t.categoryId) > 0));
        expect(new Set(ids(order))).toEqual(new Set(ids(servable)));
        expect(order.length).toBe(servable.length);
        const key = (t: Waiting) => [t.targetWindowId === 'W1' ? 0 : tierOf(t.categoryId), t.virtualAt.getTime(), t.takenAt.getTime()] as const;
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [key(order[i - 1]!), key(order[i]!)];
          const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (order[i - 1]!.id < order[i]!.id ? -1 : 1);
          expect(cmp).toBeLessThan(0);
        }
        // Same answer for any order of the input.
        const shuffled = [...waiting].sort((x, y) => ((x.id.charCodeAt(2) * 31 + seed) % 7) - ((y.id.charCodeAt(2) * 31 + seed) % 7));
        expect(ids(callingOrder('W1', profile, shuffled))).toEqual(ids(order));
      }),
    );
  });

  describe('a window calling from a stream of arrivals (simulation)', () => {
    const settings = defaultQueueSettings;
    const maxHeadStart = Math.max(...priorities.map((p) => settings.headStartMinutes[p]));
    interface Sim {
      id: string;
      categoryId: string;
      priority: Priority | undefined;
      taken: number;
      virtual: number;
    }
    const arrival = fc.record({
      gap: fc.integer({ min: 0, max: 6 }),
      categoryId: fc.constantFrom('A', 'A', 'B', 'X'),
      priority: fc.option(fc.constantFrom(...priorities), { nil: undefined, freq: 3 }),
    });
    const service = fc.integer({ min: 1, max: 9 });

    /** Runs the window: serving takes `durations` minutes in turn; arrivals come at their gaps. Returns who was served when. */
    function simulate(specs: { gap: number; categoryId: string; priority: Priority | undefined }[], durations: number[], tiers: string[][]) {
      let clock = 0;
      const arrivals: Sim[] = specs.map((s, i) => {
        clock += s.gap;
        const virtual = virtualArrival(at(clock), [s.priority ? settings.headStartMinutes[s.priority] : 0]);
        return { id: `t${String(i).padStart(3, '0')}`, categoryId: s.categoryId, priority: s.priority, taken: clock, virtual: (virtual.getTime() - t0) / minute };
      });
      const waiting: Sim[] = [];
      const served: { ticket: Sim; at: number; waitingThen: Sim[] }[] = [];
      let now = 0;
      let next = 0;
      let calls = 0;
      for (;;) {
        while (next < arrivals.length && arrivals[next]!.taken <= now) waiting.push(arrivals[next++]!);
        const order = callingOrder(
          'W1',
          tiers,
          waiting.map((s) => ({ id: s.id, categoryId: s.categoryId, virtualAt: at(s.virtual), takenAt: at(s.taken), targetWindowId: null })),
        );
        if (!order.length) {
          if (next >= arrivals.length) break;
          now = arrivals[next]!.taken; // idle until someone comes
          continue;
        }
        const ticket = waiting.find((s) => s.id === order[0]!.id)!;
        served.push({ ticket, at: now, waitingThen: [...waiting] });
        waiting.splice(waiting.indexOf(ticket), 1);
        now += durations[calls++ % durations.length]!;
        if (calls > 10_000) throw new Error('runaway');
      }
      return { arrivals, served, left: waiting };
    }

    it('property: nobody served twice, everyone served once arrivals stop, tiers respected, no priority overtakes beyond its head start', () => {
      fc.assert(
        fc.property(fc.array(arrival, { maxLength: 80 }), fc.array(service, { minLength: 1, maxLength: 10 }), (specs, durations) => {
          const tiers = [['A'], ['B']];
          const { arrivals, served, left } = simulate(specs, durations, tiers);
          const ids = served.map((s) => s.ticket.id);
          // Nobody twice.
          expect(new Set(ids).size).toBe(ids.length);
          // Everyone the window serves is served when arrivals stop; the category it does not serve never is.
          expect(new Set(ids)).toEqual(new Set(arrivals.filter((a) => a.categoryId !== 'X').map((a) => a.id)));
          expect(left.every((s) => s.categoryId === 'X')).toBe(true);
          for (const { ticket, at: when, waitingThen } of served) {
            expect(ticket.taken).toBeLessThanOrEqual(when);
            // Tiers: a second-tier ticket only when no first-tier ticket waits.
            if (ticket.categoryId === 'B') expect(waitingThen.some((s) => s.categoryId === 'A')).toBe(false);
            // Within its tier, nobody waiting had an earlier virtual arrival.
            for (const other of waitingThen.filter((s) => s.categoryId === ticket.categoryId)) {
              expect(other.virtual).toBeGreaterThanOrEqual(ticket.virtual);
            }
          }
          // No starvation: a normal ticket is never overtaken by a priority ticket of its tier taken more than
          // that priority's head start after it.
          const position = new Map(ids.map((id, i) => [id, i]));
          for (const normal of arrivals.filter((a) => !a.priority && a.categoryId !== 'X')) {
            for (const p of arrivals.filter((a) => a.priority && a.categoryId === normal.categoryId)) {
              if (p.taken > normal.taken + settings.headStartMinutes[p.priority!]) expect(position.get(p.id)!).toBeGreaterThan(position.get(normal.id)!);
            }
          }
        }),
        { numRuns: 300 },
      );
    });

    it('property: a first-tier ticket waits behind at most those already waiting plus those arriving within the largest head start after it', () => {
      fc.assert(
        fc.property(fc.array(arrival, { maxLength: 80 }), fc.array(service, { minLength: 1, maxLength: 10 }), (specs, durations) => {
          const { arrivals, served } = simulate(specs, durations, [['A'], ['B']]);
          const servedAt = new Map(served.map((s, i) => [s.ticket.id, i]));
          for (const ticket of arrivals.filter((a) => a.categoryId === 'A')) {
            const i = servedAt.get(ticket.id)!;
            const overtakers = served.slice(0, i).filter((s) => s.ticket.taken > ticket.taken);
            for (const o of overtakers) expect(o.ticket.taken).toBeLessThanOrEqual(ticket.taken + maxHeadStart);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('a steady stream of priority tickets does not starve a normal one', () => {
      // A priority visitor arrives every minute, a service takes two: the queue grows without bound,
      // yet the normal visitor who came at minute 0 is served once the head start (20) has passed.
      const elderly = { gap: 1, categoryId: 'A', priority: 'elderly' as const };
      const specs = [{ ...elderly, gap: 0 }, { gap: 0, categoryId: 'A', priority: undefined }, ...Array.from({ length: 200 }, () => elderly)];
      const { served } = simulate(specs, [2], [['A']]);
      const index = served.findIndex((s) => s.ticket.id === 't001');
      expect(index).toBeGreaterThan(0); // overtaken by the first few, fairly
      expect(served[index]!.at).toBeLessThanOrEqual(2 * 21);
      expect(served.slice(0, index).every((s) => s.ticket.taken <= 20)).toBe(true);
    });
  });
});

describe('aheadOf', () => {
  const w = (id: string, virtualMin: number, takenMin = virtualMin) => ({ id, virtualAt: at(virtualMin), takenAt: at(takenMin) });

  it('counts the tickets strictly before it, not itself', () => {
    const me = w('m', 10);
    expect(aheadOf(me, [])).toBe(0);
    expect(aheadOf(me, [me])).toBe(0);
    expect(aheadOf(me, [me, w('a', 5), w('b', 15), w('c', 9)])).toBe(2);
  });

  it('ties go by real arrival, then id', () => {
    const me = w('m', 10, 20);
    expect(aheadOf(me, [w('a', 10, 19), w('b', 10, 21)])).toBe(1);
    expect(aheadOf(me, [w('a', 10, 20), w('z', 10, 20)])).toBe(1);
  });

  it('property: equals the position in the calling order of one category', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), v: fc.integer({ min: 0, max: 20 }), lag: fc.integer({ min: 0, max: 20 }) }), { selector: (r) => r.id, maxLength: 25 }), (specs) => {
        const tickets = specs.map((s) => ({ id: s.id, categoryId: 'A', virtualAt: at(s.v), takenAt: at(s.v + s.lag), targetWindowId: null }));
        const order = callingOrder('W1', [['A']], tickets);
        order.forEach((t, i) => expect(aheadOf(t, tickets)).toBe(i));
      }),
    );
  });
});

describe('ticketNumber', () => {
  it('prefix and at least three digits', () => {
    expect(ticketNumber('A', 1)).toBe('A001');
    expect(ticketNumber('A', 42)).toBe('A042');
    expect(ticketNumber('A', 999)).toBe('A999');
    expect(ticketNumber('A', 1000)).toBe('A1000');
    expect(ticketNumber('AB', 7)).toBe('AB007');
  });

  it('property: distinct sequences give distinct numbers, and the sequence reads back', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{1,2}$/), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (prefix, a, b) => {
        const n = ticketNumber(prefix, a);
        expect(n).toMatch(new RegExp(`^${prefix}\\d{3,}$`));
        expect(Number(n.slice(prefix.length))).toBe(a);
        if (a !== b) expect(ticketNumber(prefix, b)).not.toBe(n);
      }),
    );
  });
});

describe('nextStatus', () => {
  const allowed: Record<TicketAction, Partial<Record<TicketStatus, TicketStatus>>> = {
    call: { waiting: 'called' },
    recall: { called: 'called' },
    start: { called: 'serving' },
    finish: { serving: 'done' },
    'no-show': { called: 'no_show' },
    transfer: { called: 'transferred', serving: 'transferred' },
    cancel: { waiting: 'cancelled', called: 'cancelled' },
  };
  for (const action of Object.keys(allowed) as TicketAction[]) {
    for (const status of ticketStatuses) {
      const expected = allowed[action][status];
      it(`${action} on ${status}: ${expected ?? 'refused'}`, () => {
        expect(nextStatus(status, action)).toBe(expected);
      });
    }
  }

  it('nothing leaves a final state', () => {
    for (const status of ['done', 'no_show', 'transferred', 'cancelled'] as const) {
      for (const action of Object.keys(allowed) as TicketAction[]) expect(nextStatus(status, action)).toBeUndefined();
    }
  });
});

describe('averageHandleMinutes', () => {
  const s = defaultQueueSettings;
  it('the default without history', () => {
    expect(averageHandleMinutes([], s)).toBe(s.defaultHandleMinutes);
    expect(averageHandleMinutes([NaN, -1, Infinity], s)).toBe(s.defaultHandleMinutes);
  });

  it('the mean of the most recent, up to the sample size, ignoring nonsense', () => {
    expect(averageHandleMinutes([4, 6], s)).toBe(5);
    expect(averageHandleMinutes([0, 10], s)).toBe(5);
    expect(averageHandleMinutes([4, -3, NaN, 6], s)).toBe(5);
    expect(averageHandleMinutes([2, 4, 100, 100], { ...s, handleSample: 2 })).toBe(3);
  });

  it('property: between the smallest and largest of the sample', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 600, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 60 }), (minutes, sample) => {
        const avg = averageHandleMinutes(minutes, { ...s, handleSample: sample });
        const used = minutes.slice(0, sample);
        expect(avg).toBeGreaterThanOrEqual(Math.min(...used) - 1e-9);
        expect(avg).toBeLessThanOrEqual(Math.max(...used) + 1e-9);
      }),
    );
  });
});

describe('estimateWaitMinutes', () => {
  it('nobody ahead: no wait', () => {
    expect(estimateWaitMinutes(0, 8, [])).toBe(0);
    expect(estimateWaitMinutes(0, 8, [{ tier: 1 }])).toBe(0);
  });

  it('people ahead times handle time over the windows, a later tier counting half, rounded up', () => {
    expect(estimateWaitMinutes(3, 8, [{ tier: 1 }])).toBe(24);
    expect(estimateWaitMinutes(3, 8, [{ tier: 1 }, { tier: 1 }])).toBe(12);
    expect(estimateWaitMinutes(3, 8, [{ tier: 1 }, { tier: 2 }])).toBe(16);
    expect(estimateWaitMinutes(3, 8, [{ tier: 1 }, { tier: 3 }, { tier: 2 }])).toBe(12);
    expect(estimateWaitMinutes(1, 7.5, [{ tier: 1 }, { tier: 1 }])).toBe(4);
  });

  it('no window serving it (or only one at a later tier): counted as one window', () => {
    expect(estimateWaitMinutes(2, 8, [])).toBe(16);
    expect(estimateWaitMinutes(2, 8, [{ tier: 2 }])).toBe(16);
  });

  it('property: a whole number, never negative, growing with the people ahead, shrinking with windows', () => {
    const windows = fc.array(fc.record({ tier: fc.integer({ min: 1, max: 4 }) }), { maxLength: 20 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 120, noNaN: true }), windows, fc.integer({ min: 1, max: 4 }), (ahead, handle, ws, tier) => {
        const e = estimateWaitMinutes(ahead, handle, ws);
        expect(Number.isInteger(e)).toBe(true);
        expect(e).toBeGreaterThanOrEqual(0);
        expect(estimateWaitMinutes(ahead + 1, handle, ws)).toBeGreaterThanOrEqual(e);
        expect(estimateWaitMinutes(ahead, handle, [...ws, { tier }])).toBeLessThanOrEqual(e);
      }),
    );
  });
});

describe('profileProblems', () => {
  const known = new Set(['A', 'B', 'C']);
  it('a good profile, or none at all, has no problems', () => {
    expect(profileProblems([], known)).toEqual([]);
    expect(profileProblems([['A'], ['B', 'C']], known)).toEqual([]);
  });

  it('an empty tier', () => {
    expect(profileProblems([['A'], []], known)).toEqual(['第 2 级没有业务类别']);
  });

  it('an unknown category (of another center, or none)', () => {
    expect(profileProblems([['A', 'Z']], known)).toEqual(['第 1 级的业务类别不存在或不属于该中心']);
  });

  it('a category twice, in one tier or across tiers', () => {
    expect(profileProblems([['A', 'A']], known)).toEqual(['业务类别在多个级别中重复出现']);
    expect(profileProblems([['A'], ['B', 'A']], known)).toEqual(['业务类别在多个级别中重复出现']);
  });

  it('each problem once', () => {
    const problems = profileProblems([['Z', 'Y', 'A', 'A', 'A'], [], [], ['Q']], known);
    expect(problems).toEqual(['第 1 级的业务类别不存在或不属于该中心', '业务类别在多个级别中重复出现', '第 2 级没有业务类别', '第 3 级没有业务类别', '第 4 级的业务类别不存在或不属于该中心']);
  });

  it('property: no problems exactly when every tier is non-empty, every id known and none repeated', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom('A', 'B', 'C', 'Z'), { maxLength: 4 }), { maxLength: 4 }), (tiers) => {
        const flat = tiers.flat();
        const ok = tiers.every((t) => t.length > 0) && flat.every((id) => known.has(id)) && new Set(flat).size === flat.length;
        expect(profileProblems(tiers, known).length === 0).toBe(ok);
      }),
    );
  });
});
