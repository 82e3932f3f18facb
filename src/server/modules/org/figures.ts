import { sql } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { andCenterIn } from '../../db/fragments.ts';
import { currentTime } from '../../platform/clock.ts';

/** A day's staffed time (sign-in to sign-out, pauses included) per window, per staff member, and per center in all. */
export interface StaffedFigures {
  centerId: string;
  dim: 'all' | 'window' | 'staff';
  key: string;
  /** Seconds within the day (Asia/Shanghai); a session still open counts up to `now`. */
  staffedSum: number;
}

export async function staffedFigures(executor: Executor, day: string, now = currentTime(), centerIds?: readonly string[]): Promise<StaffedFigures[]> {
  const from = new Date(`${day}T00:00:00+08:00`);
  const to = new Date(from.getTime() + 86_400_000);
  const { rows } = await sql<StaffedFigures>`
    SELECT center_id AS "centerId",
      CASE WHEN grouping(window_id) = 0 THEN 'window' WHEN grouping(staff_user_id) = 0 THEN 'staff' ELSE 'all' END AS dim,
      coalesce(window_id, staff_user_id, '') AS key,
      sum(extract(epoch FROM least(coalesce(ended_at, ${now}), ${to}) - greatest(started_at, ${from})))::float8 AS "staffedSum"
    FROM window_sessions
    WHERE started_at < ${to} AND coalesce(ended_at, ${now}) > ${from} ${andCenterIn('center_id', centerIds)}
    GROUP BY center_id, GROUPING SETS ((), (window_id), (staff_user_id))`.execute(executor);
  return rows.filter((r) => r.staffedSum > 0);
}
