import { idNumberCheckChar } from '../src/server/platform/identity.ts';
import { Api, RefusedError, inParallel } from './api.ts';
import type { Hall, Mode, SimWindow } from './hall.ts';
import { meanAndP90, type Visitor } from './rules.ts';

interface TicketView {
  id: string;
  number: string;
  categoryId: string;
}

/** The statistics screen's figures of the day, as the server computes them. */
export interface ServerFigures {
  visitors: number | null;
  served: number;
  noShow: number;
  transferred: number;
  wait: { mean: number | null; p90: number | null };
  handle: { mean: number | null; p90: number | null };
  appointmentNoShows: number | null;
  satisfactionRate: number | null;
}

export interface DayOutcome {
  mode: Mode;
  date: string;
  windows: number;
  wallSeconds: number;
  requests: number;
  unexpected: string[];
  /** Tickets taken at the kiosk or by checking in a booking. */
  issued: number;
  booked: number;
  /** Booked, but the slot was full: they came as walk-ins. */
  bookingsRefused: number;
  served: number;
  noShows: number;
  transfers: number;
  /** Minutes from taking a ticket to being called, and from being called to finishing, as the simulator saw them. */
  wait: { mean: number; p90: number } | undefined;
  handle: { mean: number; p90: number } | undefined;
  /** When the last visitor left, Shanghai time. */
  lastFinish: string;
  /** Paced runs: the furthest real seconds the run fell behind its clock. */
  maxLagSeconds: number;
  server: ServerFigures;
}

interface Scheduled {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

/** A binary min-heap of scheduled events by instant (ties in the order they were scheduled). */
class Agenda {
  private items: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): Scheduled | undefined {
    return this.items[0];
  }

  push(at: number, run: () => Promise<void>): void {
    const items = this.items;
    items.push({ at, seq: this.seq++, run });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Scheduled | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (!items.length || !last) return top;
    items[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && this.before(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && this.before(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === i) break;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
    return top;
  }

  private before(a: Scheduled, b: Scheduled): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

const minute = 60_000;
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁';
const givenNames = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '华', '平'];

/** A valid ID number, phone and name for a visitor: distinct people, so booking and ticket rules treat them as such. */
function personOf(v: Visitor): { idNumber: string; phone: string; name: string } {
  const first17 = `4419${String(Math.floor(v.serial / 1000)).padStart(2, '0')}${v.birthDate.replaceAll('-', '')}${String(v.serial % 1000).padStart(3, '0')}`;
  return {
    idNumber: first17 + idNumberCheckChar(first17),
    phone: `139${String(10_000_000 + v.serial).slice(-8)}`,
    name: surnames[v.serial % surnames.length]! + givenNames[Math.floor(v.serial / surnames.length) % givenNames.length]!,
  };
}

/**
 * Replays one day of the hall through the HTTP API. Events run in time order, a few simulated seconds at a
 * time side by side (each request names its own instant), and windows call the next person the moment they
 * are free and somebody waits in one of their categories — the server decides who.
 */
export interface RunOptions {
  stepSeconds: number;
  /** Paced: simulated time runs this many times faster than real time (a load test); unpaced by default. */
  speed?: number;
  /** Stop at this Shanghai time (HH:MM) instead of when the last visitor leaves. */
  until?: string;
  onProgress?: (line: string) => void;
}

export async function runDay(api: Api, hall: Hall, mode: Mode, planned: readonly Visitor[], options: RunOptions): Promise<DayOutcome> {
  const started = Date.now();
  const midnight = new Date(`${hall.date}T00:00:00+08:00`).getTime();
  const instant = (ms: number) => new Date(ms);
  const agenda = new Agenda();
  const inflight = new Set<Promise<void>>();
  const ratings: Promise<unknown>[] = [];
  const track = (work: Promise<void>) => {
    const tracked = work.finally(() => inflight.delete(tracked));
    inflight.add(tracked);
  };

  const categoryOf = (v: Visitor) => (hall.ticketsByCategory ? hall.categoryOfDepartment.get(v.departmentId) : hall.categoryOfItem.get(v.itemId))!;

  // ---- bookings, the evening before
  const bookAt = instant(midnight - 4 * 60 * minute);
  const slotsOf = new Map<string, Promise<{ id: string; start: string; end: string }[]>>();
  let bookingsRefused = 0;
  const arrivals = await inParallel(planned, 6, async (v) => {
    if (!v.booked) return { v, at: midnight + v.arrivalMinute * minute };
    const categoryId = categoryOf(v);
    if (!slotsOf.has(categoryId)) slotsOf.set(categoryId, api.send('GET', `/api/v1/centers/${hall.centerId}/slots?categoryId=${categoryId}&date=${hall.date}`, { at: bookAt }));
    const target = midnight + v.arrivalMinute * minute;
    const slot = (await slotsOf.get(categoryId)!).find((s) => Date.parse(s.start) <= target && target < Date.parse(s.end));
    const person = personOf(v);
    try {
      if (!slot) throw new RefusedError(409, 'NO_SLOT', 'no slot at that time');
      const booking = await api.send<{ code: string }>('POST', '/api/v1/appointments', { at: bookAt, body: { slotId: slot.id, idNumber: person.idNumber, name: person.name, phone: person.phone, itemId: v.itemId } });
      // People with a booking come a few minutes before their slot, or not at all.
      return { v, at: Date.parse(slot.start) - (v.serial % 10) * minute, code: booking.code, noShow: v.booked.noShow };
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      bookingsRefused++;
      return { v, at: target };
    }
  });
  const booked = arrivals.filter((a) => a.code).length;

  // ---- the day
  const windows = [...hall.windows].sort((a, b) => a.number - b.number);
  const idle = new Set<SimWindow>(windows);
  const freeAt = new Map<SimWindow, number>(windows.map((w) => [w, midnight]));
  const waiting = new Map<string, number>();
  const reserved = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  const visitorOf = new Map<string, { v: Visitor; takenAt: number; leavesAt: number }>();
  // The latest ticket taken (or being taken) in each category, noted before the request goes out: a call is
  // never stamped before a ticket the server may give it, even one whose answer has not come back yet.
  const latestTaken = new Map<string, number>();
  const taking = (categoryId: string, at: number) => latestTaken.set(categoryId, Math.max(latestTaken.get(categoryId) ?? midnight, at));
  const waits: number[] = [];
  const handles: number[] = [];
  let issued = 0;
  let served = 0;
  let noShows = 0;
  let transfers = 0;
  let lastFinish = midnight;

  // A window may be given a ticket whose taking is answered to the simulator a moment later.
  const awaited = new Map<string, (entry: { v: Visitor; takenAt: number; leavesAt: number }) => void>();
  const entryOf = (ticketId: string) =>
    visitorOf.get(ticketId) ??
    new Promise<{ v: Visitor; takenAt: number; leavesAt: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`a window was given ticket ${ticketId}, which this simulation never took`)), 60_000);
      awaited.set(ticketId, (entry) => {
        clearTimeout(timer);
        resolve(entry);
      });
    });

  const register = (ticket: TicketView, v: Visitor, at: number, leavesAt: number) => {
    const entry = { v, takenAt: at, leavesAt };
    visitorOf.set(ticket.id, entry);
    awaited.get(ticket.id)?.(entry);
    add(waiting, ticket.categoryId, 1);
    dispatch(at);
  };

  const release = (w: SimWindow, at: number) => {
    freeAt.set(w, at);
    idle.add(w);
    dispatch(at);
  };

  /** Free windows call when one of their categories has somebody nobody else is calling yet. */
  function dispatch(trigger: number): void {
    for (const w of windows) {
      if (!idle.has(w)) continue;
      const category = w.serves.find((c) => (waiting.get(c) ?? 0) - (reserved.get(c) ?? 0) > 0);
      if (!category) continue;
      idle.delete(w);
      add(reserved, category, 1);
      // Never before the window is free, nor before the latest ticket it might be given was taken.
      const notBefore = Math.max(trigger, freeAt.get(w)!, ...w.serves.map((c) => latestTaken.get(c) ?? midnight));
      track(callNext(w, category, notBefore));
    }
  }

  const act = (w: SimWindow, ticketId: string, action: string, at: number, body?: unknown) =>
    api.send<TicketView>('POST', `/api/v1/tickets/${ticketId}/${action}`, { token: w.token, at: instant(at), ...(body !== undefined && { body }) });

  async function callNext(w: SimWindow, category: string, at: number): Promise<void> {
    let ticket: TicketView;
    try {
      ({ ticket } = await api.send<{ ticket: TicketView }>('POST', `/api/v1/windows/${w.id}/call-next`, { token: w.token, at: instant(at) }));
    } catch (error) {
      add(reserved, category, -1);
      if (!(error instanceof RefusedError && error.code === 'QUEUE_EMPTY')) throw error;
      freeAt.set(w, at);
      idle.add(w);
      return;
    }
    add(reserved, category, -1);
    add(waiting, ticket.categoryId, -1);
    const entry = await entryOf(ticket.id);
    waits.push((at - entry.takenAt) / minute);
    if (at > entry.leavesAt) {
      // They gave up and left: recalled, then marked a no-show.
      for (let n = 1; n <= hall.recallLimit; n++) agenda.push(at + n * minute, async () => void (await act(w, ticket.id, 'recall', at + n * minute)));
      const gone = at + (hall.recallLimit + 1) * minute;
      agenda.push(gone, async () => {
        await act(w, ticket.id, 'no-show', gone);
        noShows++;
        release(w, gone);
      });
      return;
    }
    const start = at + minute;
    agenda.push(start, async () => {
      await act(w, ticket.id, 'start', start);
      const { v } = entry;
      if (v.transfer) {
        const moved = start + v.transfer.afterMinutes * minute;
        agenda.push(moved, async () => {
          const to = hall.categoryOfDepartment.get(v.transfer!.departmentId)!;
          taking(to, moved);
          // The answer is the new ticket in the other category, which keeps the original arrival.
          const onward = await act(w, ticket.id, 'transfer', moved, { categoryId: to });
          transfers++;
          handles.push((moved - at) / minute);
          register(onward, { ...v, transfer: undefined }, moved, Number.POSITIVE_INFINITY);
          release(w, moved);
        });
        return;
      }
      const done = start + v.handleMinutes * minute;
      agenda.push(done, async () => {
        await act(w, ticket.id, 'finish', done);
        served++;
        handles.push((done - at) / minute);
        lastFinish = Math.max(lastFinish, done);
        release(w, done);
        if (v.rates) {
          const rated = done + 20_000;
          // Nothing in the hall waits for a rating: it goes out beside the day, not in its steps.
          ratings.push(api.attempt('POST', '/api/v1/ratings', { at: instant(rated), body: { ticketId: ticket.id, score: v.rates, source: 'qr' } }));
        }
      });
    });
  }

  for (const a of arrivals) {
    if (a.noShow) continue;
    const person = personOf(a.v);
    agenda.push(a.at, async () => {
      taking(categoryOf(a.v), a.at);
      const ticket = a.code
        ? await api.attempt<TicketView>('POST', '/api/v1/appointments/check-in', { token: hall.kioskToken, at: instant(a.at), body: { centerId: hall.centerId, code: a.code } })
        : await api.attempt<TicketView>('POST', '/api/v1/tickets', {
            token: hall.kioskToken,
            at: instant(a.at),
            body: {
              centerId: hall.centerId,
              ...(hall.ticketsByCategory ? { categoryId: categoryOf(a.v) } : { itemId: a.v.itemId }),
              channel: 'kiosk',
              idNumber: person.idNumber,
              phone: person.phone,
              ...(a.v.priority && { priority: a.v.priority }),
            },
          });
      if (!ticket) return;
      issued++;
      register(ticket, a.v, a.at, a.at + a.v.patienceMinutes * minute);
    });
  }

  const step = options.stepSeconds * 1000;
  const stopAt = options.until ? Date.parse(`${hall.date}T${options.until}:00+08:00`) : Number.POSITIVE_INFINITY;
  const pace = options.speed ? { simStart: agenda.peek()?.at ?? midnight, realStart: Date.now(), speed: options.speed } : undefined;
  let maxLagSeconds = 0;
  let reported = 0;
  while (agenda.size && agenda.peek()!.at < stopAt) {
    if (pace) {
      // A paced run keeps to the clock; how far it falls behind says whether the server keeps up.
      const due = pace.realStart + (agenda.peek()!.at - pace.simStart) / pace.speed;
      const ahead = due - Date.now();
      if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
      else maxLagSeconds = Math.max(maxLagSeconds, -ahead / 1000);
    }
    const end = agenda.peek()!.at + step;
    while (agenda.size && agenda.peek()!.at < end) track(agenda.pop()!.run());
    while (inflight.size) await Promise.all([...inflight]);
    if (options.onProgress && end - reported > 60 * minute) {
      reported = end;
      const clock = new Date(end + 8 * 3_600_000).toISOString().slice(11, 16);
      options.onProgress(`${mode} ${clock} 已取号 ${issued}，办结 ${served}，等候 ${[...waiting.values()].reduce((s, n) => s + n, 0)}，请求 ${api.requests}`);
    }
  }

  await Promise.all(ratings);
  const server = await serverFigures(api, hall, served, instant(Math.min(stopAt, lastFinish + 5 * minute)));
  return {
    mode,
    date: hall.date,
    windows: windows.length,
    wallSeconds: (Date.now() - started) / 1000,
    requests: api.requests,
    unexpected: api.unexpected,
    issued,
    booked,
    bookingsRefused,
    served,
    noShows,
    transfers,
    wait: meanAndP90(waits),
    handle: meanAndP90(handles),
    lastFinish: new Date(lastFinish + 8 * 3_600_000).toISOString().slice(11, 16),
    maxLagSeconds,
    server,
  };
}

/** The day's figures from the statistics API, once its rollup (a second after the last activity) has caught up. */
async function serverFigures(api: Api, hall: Hall, served: number, at: Date): Promise<ServerFigures> {
  interface Summary {
    visitors: number | null;
    satisfactionRate: number | null;
    figures: {
      visits: { served: number; noShow: number; transferred: number; wait: { mean: number | null; p90: number | null }; handle: { mean: number | null; p90: number | null } } | null;
      appointments: { noShow: number } | null;
    };
  }
  for (let attempt = 0; ; attempt++) {
    const summary = await api.send<Summary>('GET', `/api/v1/stats/summary?centerId=${hall.centerId}&from=${hall.date}&to=${hall.date}`, { token: hall.adminToken, at });
    const visits = summary.figures.visits;
    if ((visits && visits.served >= served) || attempt === 30) {
      return {
        visitors: summary.visitors,
        served: visits?.served ?? 0,
        noShow: visits?.noShow ?? 0,
        transferred: visits?.transferred ?? 0,
        wait: visits?.wait ?? { mean: null, p90: null },
        handle: visits?.handle ?? { mean: null, p90: null },
        appointmentNoShows: summary.figures.appointments?.noShow ?? null,
        satisfactionRate: summary.satisfactionRate,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
