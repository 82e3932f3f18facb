import { sql } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { andCenterIn } from '../../db/fragments.ts';

/**
 * A day's queue figures for one center and one grain: all, category, window, staff, channel, hour of taking,
 * or category, window or staff within a channel (key 'id|channel'), so that a filter may combine the two.
 */
export interface VisitFigures {
  centerId: string;
  dim: 'all' | 'category' | 'window' | 'staff' | 'channel' | 'hour' | 'category+channel' | 'window+channel' | 'staff+channel';
  key: string;
  /** Tickets taken, not counting the new ticket a transfer makes: one visit each. */
  visits: number;
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  transferred: number;
  /** Seconds from taking the ticket (for a transferred one: from the transfer) to its call, of called tickets. */
  waitN: number;
  waitSum: number;
  /** Seconds from start to finish of served tickets. */
  handleN: number;
  handleSum: number;
  /** Counts per bucket of the caller's minute edges. */
  waitHist: number[];
  handleHist: number[];
}

const grains = sql`GROUPING SETS ((), (category_id), (window_id), (staff_user_id), (channel), (hour), (category_id, channel), (window_id, channel), (staff_user_id, channel))`;
const grainDim = sql<VisitFigures['dim']>`CASE
  WHEN grouping(channel) = 0 AND grouping(category_id) = 0 THEN 'category+channel' WHEN grouping(channel) = 0 AND grouping(window_id) = 0 THEN 'window+channel'
  WHEN grouping(channel) = 0 AND grouping(staff_user_id) = 0 THEN 'staff+channel'
  WHEN grouping(category_id) = 0 THEN 'category' WHEN grouping(window_id) = 0 THEN 'window' WHEN grouping(staff_user_id) = 0 THEN 'staff'
  WHEN grouping(channel) = 0 THEN 'channel' WHEN grouping(hour) = 0 THEN 'hour' ELSE 'all' END`;
// A compound grain without its first value (a ticket never called has no window) gets the empty key, like a simple one.
const grainKey = sql<string>`CASE WHEN grouping(channel) = 0 AND grouping(category_id) + grouping(window_id) + grouping(staff_user_id) = 2
  THEN coalesce(coalesce(category_id, window_id, staff_user_id) || '|' || channel, '')
  ELSE coalesce(category_id, window_id, staff_user_id, channel, hour::text, '') END`;

/**
 * The figures of the tickets taken on `day` (Asia/Shanghai), whenever they were finished: a ticket taken
 * before midnight and served after it belongs to the day it was taken. `edges`: histogram bucket edges in minutes.
 */
export async function visitFigures(executor: Executor, day: string, edges: readonly number[], centerIds?: readonly string[]): Promise<VisitFigures[]> {
  const tickets = sql`(
    SELECT t.center_id, t.category_id, t.window_id, t.staff_user_id, t.channel, t.status,
      extract(hour FROM t.taken_at AT TIME ZONE 'Asia/Shanghai')::int AS hour,
      t.transferred_from IS NULL AS visit,
      CASE WHEN t.called_at IS NOT NULL THEN greatest(0, extract(epoch FROM t.called_at - coalesce(p.finished_at, t.taken_at)))::float8 END AS wait_s,
      CASE WHEN t.status = 'done' AND t.started_at IS NOT NULL AND t.finished_at IS NOT NULL THEN greatest(0, extract(epoch FROM t.finished_at - t.started_at))::float8 END AS handle_s
    FROM tickets t LEFT JOIN tickets p ON p.id = t.transferred_from
    WHERE t.day = ${day} ${andCenterIn('t.center_id', centerIds)}
  ) AS t`;
  const { rows } = await sql<Omit<VisitFigures, 'waitHist' | 'handleHist'>>`
    SELECT center_id AS "centerId", ${grainDim} AS dim, ${grainKey} AS key,
      count(*) FILTER (WHERE visit)::int AS visits, count(*)::int AS issued,
      count(*) FILTER (WHERE status = 'done')::int AS served, count(*) FILTER (WHERE status = 'no_show')::int AS "noShow",
      count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled, count(*) FILTER (WHERE status = 'transferred')::int AS transferred,
      count(wait_s)::int AS "waitN", coalesce(sum(wait_s), 0)::float8 AS "waitSum",
      count(handle_s)::int AS "handleN", coalesce(sum(handle_s), 0)::float8 AS "handleSum"
    FROM ${tickets}
    GROUP BY center_id, ${grains}`.execute(executor);
  const thresholds = sql`${`{${edges.join(',')}}`}::float8[]`;
  const { rows: buckets } = await sql<{ centerId: string; dim: string; key: string; measure: 'wait' | 'handle'; bucket: number; n: number }>`
    SELECT center_id AS "centerId", ${grainDim} AS dim, ${grainKey} AS key, measure, bucket, count(*)::int AS n
    FROM (
      SELECT t.*, m.measure, width_bucket(m.seconds / 60, ${thresholds}) - 1 AS bucket
      FROM ${tickets}, LATERAL (VALUES ('wait', wait_s), ('handle', handle_s)) AS m(measure, seconds)
      WHERE m.seconds IS NOT NULL
    ) AS b
    GROUP BY center_id, measure, bucket, ${grains}`.execute(executor);
  const byGrain = new Map(rows.map((r) => [`${r.centerId}|${r.dim}|${r.key}`, { ...r, waitHist: edges.map(() => 0), handleHist: edges.map(() => 0) }]));
  for (const b of buckets) {
    const figures = byGrain.get(`${b.centerId}|${b.dim}|${b.key}`);
    if (figures) (b.measure === 'wait' ? figures.waitHist : figures.handleHist)[b.bucket] = b.n;
  }
  // A grain without a value (tickets never called have no window) is not a grain of its own.
  return [...byGrain.values()].filter((f) => f.dim === 'all' || f.key !== '');
}
