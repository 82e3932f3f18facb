import { sql } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { andCenterIn } from '../../db/fragments.ts';

/** A day's rating figures for one center and grain (all, department, window, staff, source). */
export interface RatingFigures {
  centerId: string;
  dim: 'all' | 'department' | 'window' | 'staff' | 'source';
  key: string;
  /** Ratings per level, 1 … 5, without those an upheld appeal removed. */
  counts: [number, number, number, number, number];
  /** Real-name 差评 and how many of them were called back (回访). */
  realNameBad: number;
  calledBack: number;
}

/** The figures of the ratings made on `day` (Asia/Shanghai), as they stand now (a later upheld appeal removes one). */
export async function ratingFigures(executor: Executor, day: string, centerIds?: readonly string[]): Promise<RatingFigures[]> {
  const from = new Date(`${day}T00:00:00+08:00`);
  const to = new Date(from.getTime() + 86_400_000);
  const { rows } = await sql<Omit<RatingFigures, 'counts'> & { c1: number; c2: number; c3: number; c4: number; c5: number }>`
    SELECT r.center_id AS "centerId",
      CASE WHEN grouping(r.department_id) = 0 THEN 'department' WHEN grouping(r.window_id) = 0 THEN 'window' WHEN grouping(r.staff_user_id) = 0 THEN 'staff' WHEN grouping(r.source) = 0 THEN 'source' ELSE 'all' END AS dim,
      coalesce(r.department_id, r.window_id, r.staff_user_id, r.source, '') AS key,
      count(*) FILTER (WHERE r.score = 1)::int AS c1, count(*) FILTER (WHERE r.score = 2)::int AS c2, count(*) FILTER (WHERE r.score = 3)::int AS c3,
      count(*) FILTER (WHERE r.score = 4)::int AS c4, count(*) FILTER (WHERE r.score = 5)::int AS c5,
      count(x.id) FILTER (WHERE r.rater_phone IS NOT NULL)::int AS "realNameBad",
      count(x.id) FILTER (WHERE r.rater_phone IS NOT NULL AND x.callback_at IS NOT NULL)::int AS "calledBack"
    FROM ratings r LEFT JOIN rectifications x ON x.rating_id = r.id
    WHERE r.created_at >= ${from} AND r.created_at < ${to} AND NOT r.excluded ${andCenterIn('r.center_id', centerIds)}
    GROUP BY r.center_id, GROUPING SETS ((), (r.department_id), (r.window_id), (r.staff_user_id), (r.source))`.execute(executor);
  return rows
    .filter((r) => r.dim === 'all' || r.key !== '')
    .map(({ c1, c2, c3, c4, c5, ...r }) => ({ ...r, counts: [c1, c2, c3, c4, c5] }));
}
