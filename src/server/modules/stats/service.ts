import { sql } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { badRequest } from '../../platform/errors.ts';
import { publishEvents } from '../../platform/events.ts';
import { tryTransactionLock } from '../../platform/locks.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { staffNames } from '../accounts/service.ts';
import { appointmentFigures } from '../appointments/figures.ts';
import { caseFigures } from '../cases/figures.ts';
import { getItemSummaries } from '../catalog/service.ts';
import { staffedFigures } from '../org/figures.ts';
import { departmentNames, windowFacts } from '../org/service.ts';
import { visitFigures, type VisitFigures } from '../queue/figures.ts';
import { listCategories } from '../queue/service.ts';
import { ratingFigures } from '../ratings/figures.ts';
import { callbackRate, totalsOf, type ScoreCounts } from '../ratings/rules.ts';
import type { StatsAppointmentsTable, StatsCasesTable, StatsVisitsTable } from './tables.ts';
import { addDays, addHistograms, bucketEdges, change, datesBetween, emptyHistogram, histogramPercentile, mean, previousPeriod, rate } from './rules.ts';
import { currentTime } from '../../platform/clock.ts';

// ------------------------------------------------------------ rolling up

/** A day's queue figures of a grain with the time windows were staffed (org). */
type VisitRow = VisitFigures & { staffedSum: number };

/**
 * Adds a day's per-window queue figures up per department (a window's department as it is today), and
 * likewise its per-window-and-channel figures per department and channel.
 */
async function departmentVisitFigures(executor: Executor, rows: VisitRow[]): Promise<VisitRow[]> {
  const windows = rows.filter((r) => r.dim === 'window' || r.dim === 'window+channel');
  const facts = await windowFacts(executor, [...new Set(windows.map((r) => r.key.split('|')[0]!))]);
  const byDepartment = new Map<string, VisitRow>();
  for (const row of windows) {
    const [windowId, channel] = row.key.split('|');
    const departmentId = facts.get(windowId!)?.departmentId;
    if (!departmentId) continue;
    const grain = channel === undefined ? { dim: 'department', key: departmentId } : { dim: 'department+channel', key: `${departmentId}|${channel}` };
    const id = `${row.centerId}|${grain.dim}|${grain.key}`;
    const sum = byDepartment.get(id);
    if (!sum) {
      byDepartment.set(id, { ...row, ...grain, waitHist: [...row.waitHist], handleHist: [...row.handleHist] } as VisitRow);
      continue;
    }
    for (const k of ['visits', 'issued', 'served', 'noShow', 'cancelled', 'transferred', 'waitN', 'waitSum', 'handleN', 'handleSum', 'staffedSum'] as const) sum[k] += row[k];
    addHistograms(sum.waitHist, row.waitHist);
    addHistograms(sum.handleHist, row.handleHist);
  }
  return [...byDepartment.values()];
}

const inChunks = async <T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) => {
  for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
};

/** Recomputes every rollup of one day (of some centers, or of all) from the modules' own figures, replacing what was there. */
export async function rollUpDay(executor: Executor, day: string, now = currentTime(), centerIds?: readonly string[]): Promise<void> {
  if (centerIds?.length === 0) return;
  await inTransaction(executor, async (trx) => {
    const visits: VisitRow[] = (await visitFigures(trx, day, bucketEdges, centerIds)).map((v) => ({ ...v, staffedSum: 0 }));
    const byGrain = new Map(visits.map((v) => [`${v.centerId}|${v.dim}|${v.key}`, v]));
    for (const staffed of await staffedFigures(trx, day, now, centerIds)) {
      let row = byGrain.get(`${staffed.centerId}|${staffed.dim}|${staffed.key}`);
      if (!row) {
        // Staffed without a ticket that day: an idle window still counts in utilisation.
        row = { ...staffed, visits: 0, issued: 0, served: 0, noShow: 0, cancelled: 0, transferred: 0, waitN: 0, waitSum: 0, handleN: 0, handleSum: 0, waitHist: emptyHistogram(), handleHist: emptyHistogram() };
        visits.push(row);
      }
      row.staffedSum = staffed.staffedSum;
    }
    visits.push(...(await departmentVisitFigures(trx, visits)));
    const cases = await caseFigures(trx, day, centerIds);
    const ratings = await ratingFigures(trx, day, centerIds);
    const appointments = await appointmentFigures(trx, day, now, centerIds);
    for (const table of ['stats_visits', 'stats_cases', 'stats_ratings', 'stats_appointments'] as const) {
      let stale = trx.deleteFrom(table).where('day', '=', day);
      if (centerIds) stale = stale.where('center_id', 'in', centerIds);
      await stale.execute();
    }
    const grain = (r: { centerId: string; dim: string; key: string }) => ({ dim: r.dim, center_id: r.centerId, day, key: r.key });
    await inChunks(visits, (chunk) =>
      trx
        .insertInto('stats_visits')
        .values(
          chunk.map((r) => ({
            ...grain(r),
            visits: r.visits,
            issued: r.issued,
            served: r.served,
            no_show: r.noShow,
            cancelled: r.cancelled,
            transferred: r.transferred,
            wait_n: r.waitN,
            wait_sum: r.waitSum,
            handle_n: r.handleN,
            handle_sum: r.handleSum,
            staffed_sum: r.staffedSum,
            ...Object.fromEntries(r.waitHist.map((n, i) => [`w${i}`, n])),
            ...Object.fromEntries(r.handleHist.map((n, i) => [`h${i}`, n])),
          })),
        )
        .execute(),
    );
    await inChunks(cases, (chunk) =>
      trx
        .insertInto('stats_cases')
        .values(
          chunk.map((r) => ({
            ...grain(r),
            submitted: r.submitted,
            accepted: r.accepted,
            accepted_deferred: r.acceptedDeferred,
            refused: r.refused,
            supplement_notices: r.supplementNotices,
            completed: r.completed,
            completed_on_time: r.completedOnTime,
            completed_in_legal: r.completedInLegal,
          })),
        )
        .execute(),
    );
    await inChunks(ratings, (chunk) =>
      trx
        .insertInto('stats_ratings')
        .values(chunk.map((r) => ({ ...grain(r), c1: r.counts[0], c2: r.counts[1], c3: r.counts[2], c4: r.counts[3], c5: r.counts[4], real_name_bad: r.realNameBad, called_back: r.calledBack })))
        .execute(),
    );
    await inChunks(appointments, (chunk) =>
      trx.insertInto('stats_appointments').values(chunk.map((r) => ({ ...grain(r), booked: r.booked, checked_in: r.checkedIn, cancelled: r.cancelled, no_show: r.noShow }))).execute(),
    );
  });
}

/** One lock for every rollup: two rewriting the same day at once would collide on its rows. */
const rollupLock = 0x057a_7500;

/**
 * Today's rollup right after activity (the big screen shows it within seconds, not at the next sweep) of the
 * centers where it happened (all of them when undefined), then `stats.updated` to each such center's staff
 * screens. Skipped while another node or the sweep holds the lock.
 */
export async function rollUpToday(executor: Executor, now = currentTime(), centerIds?: readonly string[]): Promise<boolean> {
  return inTransaction(executor, async (trx) => {
    if (!(await tryTransactionLock(trx, rollupLock))) return false;
    const day = shanghaiDate(now);
    await rollUpDay(trx, day, now, centerIds);
    const centers = trx
      .selectFrom('stats_visits')
      .select('center_id')
      .where('dim', '=', 'all')
      .where('day', '=', day)
      .union(trx.selectFrom('stats_cases').select('center_id').where('dim', '=', 'all').where('day', '=', day))
      .union(trx.selectFrom('stats_ratings').select('center_id').where('dim', '=', 'all').where('day', '=', day));
    const rolled = (await centers.execute()).map((c) => c.center_id).filter((id) => !centerIds || centerIds.includes(id));
    await publishEvents(trx, rolled.map((centerId) => ({ type: 'stats.updated', centerId, audience: 'staff' as const, data: { day } })));
    return true;
  });
}

/** How long a transaction that publishes a callback may take and still be seen by the sweeps after it commits. */
const lateCommitLookBackMinutes = 10;

/** The longest history a first sweep rolls up (days before it are left to an explicit rollUpDays). */
const firstSweepDays = 800;

/**
 * Keeps the rollups current: today and yesterday (a ticket taken before midnight may finish after it), and
 * the days of ratings whose callback or appeal changed since the last sweep (or in the last minutes, see
 * lateCommitLookBackMinutes); on the first sweep, every day
 * since the first event. Any node may run it; one at a time does the work.
 */
export async function rollUpStats(executor: Executor, now = currentTime()): Promise<{ ran: boolean; days: string[] }> {
  return inTransaction(executor, async (trx) => {
    if (!(await tryTransactionLock(trx, rollupLock))) return { ran: false, days: [] };
    const today = shanghaiDate(now);
    const state = await trx.selectFrom('stats_state').select('event_cursor').where('id', '=', 1).executeTakeFirst();
    const { last } = await trx.selectFrom('event_log').select(sql<string | null>`max(id)::text`.as('last')).executeTakeFirstOrThrow();
    const cursor = Number(last ?? 0);
    const days = new Set([addDays(today, -1), today]);
    if (!state) {
      const { first } = await trx.selectFrom('event_log').select(sql<Date | null>`min(at)`.as('first')).executeTakeFirstOrThrow();
      const from = first ? shanghaiDate(first) : today;
      for (const day of datesBetween(from < addDays(today, -firstSweepDays) ? addDays(today, -firstSweepDays) : from, today)) days.add(day);
    } else {
      // Event numbers are taken at insert, not at commit: a callback committed after the last sweep read past
      // its number is found by its time instead (rolling a day again changes nothing that was right).
      const callbackDays = trx.selectFrom('event_log').select(sql<string>`data->>'ratingDay'`.as('day')).where('type', '=', 'rectification.changed');
      const touched = await callbackDays
        .where('id', '>', state.event_cursor)
        .union(callbackDays.where('at', '>=', sql<Date>`now() - ${sql.lit(lateCommitLookBackMinutes)} * interval '1 minute'`))
        .execute();
      for (const { day } of touched) if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) days.add(day);
    }
    const ordered = [...days].sort();
    for (const day of ordered) await rollUpDay(trx, day, now);
    await trx
      .insertInto('stats_state')
      .values({ id: 1, event_cursor: cursor, rolled_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ event_cursor: cursor, rolled_at: now }))
      .execute();
    return { ran: true, days: ordered };
  });
}

// ------------------------------------------------------------ reading

export const dimensions = ['category', 'department', 'window', 'staff', 'item', 'channel', 'hour'] as const;
export type Dimension = (typeof dimensions)[number];

export interface StatsQuery {
  centerIds: string[];
  from: string;
  to: string;
  /** One dimension and its key, and for any but channel itself, perhaps a channel too (figures are kept per such pair). */
  filter?: { dim: Exclude<Dimension, 'hour'>; key: string; channel?: string };
}

/** Which rollup answers a filter, per subject; null: the subject has no such dimension (its figures are left out). */
const grainOf = {
  visits: { category: 'category', department: 'department', window: 'window', staff: 'staff', item: null, channel: 'channel', hour: 'hour' },
  cases: { category: null, department: 'department', window: null, staff: null, item: 'item', channel: 'channel', hour: null },
  ratings: { category: null, department: 'department', window: 'window', staff: 'staff', item: null, channel: null, hour: null },
  appointments: { category: 'category', department: null, window: null, staff: null, item: null, channel: null, hour: null },
} as const satisfies Record<string, Record<Dimension, string | null>>;
type Subject = keyof typeof grainOf;

/** The grains also rolled up within each channel (`${grain}+channel`, key 'id|channel'), so that a filter may add a channel. */
const channelGrainsOf: Record<Subject, readonly string[]> = { visits: ['category', 'department', 'window', 'staff'], cases: ['department', 'item'], ratings: [], appointments: [] };

/** The rollup grain and key that answer a query's filter for a subject; null: the subject has no such grain. */
function filterGrain(subject: Subject, filter: NonNullable<StatsQuery['filter']>): { dim: string; key: string } | null {
  const dim = grainOf[subject][filter.dim];
  if (dim === null) return null;
  if (filter.channel === undefined) return { dim, key: filter.key };
  return channelGrainsOf[subject].includes(dim) ? { dim: `${dim}+channel`, key: `${filter.key}|${filter.channel}` } : null;
}

const tableOf = { visits: 'stats_visits', cases: 'stats_cases', ratings: 'stats_ratings', appointments: 'stats_appointments' } as const;

const bucketColumns = (prefix: 'w' | 'h') => bucketEdges.map((_, i) => `${prefix}${i}` as const);

/** The columns each subject's rollup sums (migration 0015). */
const columnsOf = {
  visits: ['visits', 'issued', 'served', 'no_show', 'cancelled', 'transferred', 'wait_n', 'wait_sum', 'handle_n', 'handle_sum', 'staffed_sum', ...bucketColumns('w'), ...bucketColumns('h')],
  cases: ['submitted', 'accepted', 'accepted_deferred', 'refused', 'supplement_notices', 'completed', 'completed_on_time', 'completed_in_legal'],
  ratings: ['c1', 'c2', 'c3', 'c4', 'c5', 'real_name_bad', 'called_back'],
  appointments: ['booked', 'checked_in', 'cancelled', 'no_show'],
} as const;

type Grain = 'dim' | 'center_id' | 'day' | 'key';
export type VisitSums = Omit<StatsVisitsTable, Grain | `w${number}` | `h${number}`> & { wait_hist: number[]; handle_hist: number[] };
type CaseSums = Omit<StatsCasesTable, Grain>;
type RatingSums = { counts: number[]; real_name_bad: number; called_back: number };
type AppointmentSums = Omit<StatsAppointmentsTable, Grain>;
type SumsOf<S extends Subject> = { visits: VisitSums; cases: CaseSums; ratings: RatingSums; appointments: AppointmentSums }[S] & { group: string };

/** A summed row back into the shapes the totals read (histograms and level counts as arrays). */
function shaped(subject: Subject, row: Record<string, number | string>): Record<string, unknown> {
  if (subject === 'visits') {
    const out: Record<string, unknown> = { ...row, wait_hist: bucketColumns('w').map((c) => Number(row[c])), handle_hist: bucketColumns('h').map((c) => Number(row[c])) };
    for (const c of [...bucketColumns('w'), ...bucketColumns('h')]) delete out[c];
    return out;
  }
  if (subject === 'ratings') return { group: row.group, counts: [1, 2, 3, 4, 5].map((n) => Number(row[`c${n}`])), real_name_bad: row.real_name_bad, called_back: row.called_back };
  return row;
}

/**
 * A subject's rollups in the query's centers and dates at a grain (all, the filter's dimension, or `by`),
 * summed in the database: into one row (`per` none), or one per key or per day. Undefined when the
 * subject has no such dimension (its figures are left out).
 */
async function sums<S extends Subject>(executor: Executor, subject: S, query: StatsQuery, by?: Dimension, per: 'none' | 'key' | 'day' = 'none'): Promise<SumsOf<S>[] | undefined> {
  const grain = by ? { dim: grainOf[subject][by], key: undefined } : query.filter ? filterGrain(subject, query.filter) : { dim: 'all', key: undefined };
  if (grain?.dim == null || query.centerIds.length === 0) return undefined;
  const { dim } = grain;
  const group = per === 'none' ? sql`''` : sql.ref(per);
  const keyFilter = grain.key === undefined ? sql`` : sql`AND key = ${grain.key}`;
  const { rows } = await sql<Record<string, number | string>>`
    SELECT ${group} AS "group", ${sql.join(columnsOf[subject].map((c) => sql`coalesce(sum(${sql.ref(c)}), 0)::float8 AS ${sql.ref(c)}`))}
    FROM ${sql.table(tableOf[subject])}
    WHERE dim = ${dim} AND center_id IN (${sql.join(query.centerIds)}) AND day >= ${query.from} AND day <= ${query.to} ${keyFilter}
    ${per === 'none' ? sql`` : sql`GROUP BY ${group}`}`.execute(executor);
  return rows.map((row) => shaped(subject, row) as unknown as SumsOf<S>);
}

const byGroup = <T extends { group: string }>(list: T[] | undefined) => (list ? new Map(list.map((r) => [r.group, r])) : undefined);

const sumOf = <T>(list: T[], pick: (row: T) => number) => list.reduce((total, row) => total + pick(row), 0);
const minutes = (seconds: number | null) => (seconds === null ? null : seconds / 60);

export interface DurationFigures {
  /** Minutes. */
  mean: number | null;
  median: number | null;
  p90: number | null;
  n: number;
}

function durations(list: { n: number; sum: number; hist: number[] }[]): DurationFigures {
  const hist = emptyHistogram();
  for (const r of list) addHistograms(hist, r.hist);
  const n = sumOf(list, (r) => r.n);
  return { mean: minutes(mean(sumOf(list, (r) => r.sum), n)), median: histogramPercentile(hist, 50), p90: histogramPercentile(hist, 90), n };
}

function visitTotals(list: VisitSums[]) {
  const issued = sumOf(list, (r) => r.issued);
  const noShow = sumOf(list, (r) => r.no_show);
  const called = sumOf(list, (r) => r.served + r.no_show);
  return {
    visits: sumOf(list, (r) => r.visits),
    issued,
    served: sumOf(list, (r) => r.served),
    noShow,
    cancelled: sumOf(list, (r) => r.cancelled),
    transferred: sumOf(list, (r) => r.transferred),
    /** No-shows among the tickets called (served or not). */
    noShowRate: rate(noShow, called),
    /** Taken and never served: no-shows and cancelled (closed at the end of the day). */
    abandoned: noShow + sumOf(list, (r) => r.cancelled),
    /** Handling time ÷ staffed time (sign-in to sign-out) of the windows; null where no one signed in. */
    utilisation: rate(sumOf(list, (r) => r.handle_sum), sumOf(list, (r) => r.staffed_sum)),
    wait: durations(list.map((r) => ({ n: r.wait_n, sum: r.wait_sum, hist: r.wait_hist }))),
    handle: durations(list.map((r) => ({ n: r.handle_n, sum: r.handle_sum, hist: r.handle_hist }))),
  };
}

function caseTotals(list: CaseSums[]) {
  const completed = sumOf(list, (r) => r.completed);
  return {
    submitted: sumOf(list, (r) => r.submitted),
    accepted: sumOf(list, (r) => r.accepted),
    acceptedDeferred: sumOf(list, (r) => r.accepted_deferred),
    refused: sumOf(list, (r) => r.refused),
    supplementNotices: sumOf(list, (r) => r.supplement_notices),
    completed,
    /** Completed no later than the promised deadline, of all completed. */
    onTimeRate: rate(sumOf(list, (r) => r.completed_on_time), completed),
    legalOnTimeRate: rate(sumOf(list, (r) => r.completed_in_legal), completed),
  };
}

/** 好评率 and the other rates as the ratings module defines them (ratings/rules.ts), over summed rollups. */
function ratingTotals(list: RatingSums[]) {
  const counts = Object.fromEntries([1, 2, 3, 4, 5].map((s) => [String(s), sumOf(list, (r) => r.counts[s - 1] ?? 0)])) as ScoreCounts;
  const { total, satisfactionRate, fiveStarRate } = totalsOf(counts);
  const realNameBad = sumOf(list, (r) => r.real_name_bad);
  return { total, counts, satisfactionRate, fiveStarRate, realNameBad, callbackRate: callbackRate(realNameBad, sumOf(list, (r) => r.called_back)) };
}

function appointmentTotals(list: AppointmentSums[]) {
  const booked = sumOf(list, (r) => r.booked);
  const due = booked - sumOf(list, (r) => r.cancelled);
  const noShow = sumOf(list, (r) => r.no_show);
  return { booked, checkedIn: sumOf(list, (r) => r.checked_in), cancelled: booked - due, noShow, noShowRate: rate(noShow, due) };
}

export interface Figures {
  from: string;
  to: string;
  visits: ReturnType<typeof visitTotals> | null;
  cases: ReturnType<typeof caseTotals> & { byChannel: { window: number; terminal: number; online: number }; onlineRate: number | null } | null;
  ratings: ReturnType<typeof ratingTotals> | null;
  appointments: ReturnType<typeof appointmentTotals> | null;
  busiestHours: { hour: number; visits: number }[] | null;
}

/** Every figure of a period, from the rollups; a subject without the filter's dimension is null. */
export async function periodFigures(executor: Executor, query: StatsQuery): Promise<Figures> {
  const visitRows = await sums(executor, 'visits', query);
  const caseRows = await sums(executor, 'cases', query);
  const ratingRows = await sums(executor, 'ratings', query);
  const appointmentRows = await sums(executor, 'appointments', query);
  // Channels and hours are grains of their own: read them only when no other filter is on.
  const channelRows = query.filter ? undefined : await sums(executor, 'cases', query, 'channel', 'key');
  const hourRows = query.filter ? undefined : await sums(executor, 'visits', query, 'hour', 'key');
  let cases: Figures['cases'] = null;
  if (caseRows) {
    const submittedBy = (channel: string) => sumOf((channelRows ?? []).filter((r) => r.group === channel), (r) => r.submitted);
    const totals = caseTotals(caseRows);
    const byChannel = { window: submittedBy('window'), terminal: submittedBy('terminal'), online: submittedBy('online') };
    cases = { ...totals, byChannel, onlineRate: channelRows ? rate(byChannel.online, totals.submitted) : null };
  }
  let busiestHours: Figures['busiestHours'] = null;
  if (hourRows) busiestHours = hourRows.map((r) => ({ hour: Number(r.group), visits: r.visits })).sort((a, b) => a.hour - b.hour);
  return {
    from: query.from,
    to: query.to,
    visits: visitRows ? visitTotals(visitRows) : null,
    cases,
    ratings: ratingRows ? ratingTotals(ratingRows) : null,
    appointments: appointmentRows ? appointmentTotals(appointmentRows) : null,
    busiestHours,
  };
}

/** The headline of API.md's GET /api/v1/stats/summary, with every figure of the period and the previous one. */
export async function summary(executor: Executor, query: StatsQuery) {
  const current = await periodFigures(executor, query);
  const before = await periodFigures(executor, { ...query, ...previousPeriod(query.from, query.to) });
  return {
    from: query.from,
    to: query.to,
    visitors: current.visits?.visits ?? null,
    tickets: current.visits?.issued ?? null,
    cases: current.cases?.submitted ?? null,
    avgWaitMinutes: current.visits?.wait.mean ?? null,
    avgHandleMinutes: current.visits?.handle.mean ?? null,
    satisfactionRate: current.ratings?.satisfactionRate ?? null,
    ratingCounts: current.ratings?.counts ?? null,
    onTimeRate: current.cases?.onTimeRate ?? null,
    byChannel: current.cases?.byChannel ?? null,
    figures: current,
    previous: before,
    changes: {
      visitors: change(current.visits?.visits ?? null, before.visits?.visits ?? null),
      cases: change(current.cases?.submitted ?? null, before.cases?.submitted ?? null),
      avgWaitMinutes: change(current.visits?.wait.mean ?? null, before.visits?.wait.mean ?? null),
      satisfactionRate: change(current.ratings?.satisfactionRate ?? null, before.ratings?.satisfactionRate ?? null),
    },
  };
}

export interface BreakdownRow {
  key: string;
  name: string;
  visits: ReturnType<typeof visitTotals> | null;
  cases: ReturnType<typeof caseTotals> | null;
  ratings: ReturnType<typeof ratingTotals> | null;
}

/** Names for the keys of a dimension, as the screens show them. */
async function namesOf(executor: Executor, by: Dimension, keys: string[], centerIds: string[]): Promise<Map<string, string>> {
  switch (by) {
    case 'department':
      return departmentNames(executor, keys);
    case 'window':
      return new Map([...(await windowFacts(executor, keys))].map(([id, w]) => [id, `${w.number} 号窗口（${w.name}）`]));
    case 'staff':
      return staffNames(executor, keys);
    case 'item':
      return new Map((await getItemSummaries(executor, keys)).map((i) => [i.id, i.name]));
    case 'category': {
      const names = new Map<string, string>();
      for (const centerId of centerIds) for (const c of await listCategories(executor, centerId)) names.set(c.id, c.name);
      return names;
    }
    case 'channel':
      return new Map(Object.entries(channelNames));
    case 'hour':
      return new Map(keys.map((k) => [k, `${k.padStart(2, '0')}:00–${String(Number(k) + 1).padStart(2, '0')}:00`]));
  }
}

/** Ticket channels (kiosk, staff, appointment) and case channels (window, terminal) share the dimension; online is both. */
const channelNames: Record<string, string> = { kiosk: '现场取号', staff: '窗口代取', appointment: '预约', online: '网上（取号 / 不见面审批）', window: '窗口受理', terminal: '自助终端' };

/** The period's figures per key of one dimension (per window, per department …), biggest first. */
export async function breakdown(executor: Executor, query: StatsQuery, by: Dimension): Promise<BreakdownRow[]> {
  if (query.filter) throw badRequest('INVALID_FILTER', '分组统计时不能再按其他维度筛选');
  const [visitRows, caseRows, ratingRows] = [await sums(executor, 'visits', query, by, 'key'), await sums(executor, 'cases', query, by, 'key'), await sums(executor, 'ratings', query, by, 'key')];
  const keys = [...new Set([...(visitRows ?? []), ...(caseRows ?? []), ...(ratingRows ?? [])].map((r) => r.group))];
  const names = await namesOf(executor, by, keys, query.centerIds);
  const [v, c, r] = [byGroup(visitRows), byGroup(caseRows), byGroup(ratingRows)];
  const one = <T>(row: T | undefined): T[] => (row ? [row] : []);
  return keys
    .map((key) => ({
      key,
      name: names.get(key) ?? key,
      visits: v ? visitTotals(one(v.get(key))) : null,
      cases: c ? caseTotals(one(c.get(key))) : null,
      ratings: r ? ratingTotals(one(r.get(key))) : null,
    }))
    .sort((a, b) => (by === 'hour' ? Number(a.key) - Number(b.key) : (b.visits?.visits ?? 0) + (b.cases?.submitted ?? 0) - ((a.visits?.visits ?? 0) + (a.cases?.submitted ?? 0))));
}

/** Day by day: visits, cases, average wait and 好评率 (for the dashboard's lines). */
export async function trend(executor: Executor, query: StatsQuery) {
  const [v, c, r] = [byGroup(await sums(executor, 'visits', query, undefined, 'day')), byGroup(await sums(executor, 'cases', query, undefined, 'day')), byGroup(await sums(executor, 'ratings', query, undefined, 'day'))];
  const one = <T>(row: T | undefined): T[] => (row ? [row] : []);
  return datesBetween(query.from, query.to).map((day) => {
    const visits = v ? visitTotals(one(v.get(day))) : null;
    const cases = c ? caseTotals(one(c.get(day))) : null;
    return {
      day,
      visits: visits?.visits ?? null,
      served: visits?.served ?? null,
      avgWaitMinutes: visits?.wait.mean ?? null,
      cases: cases?.submitted ?? null,
      completed: cases?.completed ?? null,
      satisfactionRate: r ? ratingTotals(one(r.get(day))).satisfactionRate : null,
    };
  });
}
