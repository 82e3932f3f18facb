import { sql, type RawBuilder } from 'kysely';

/**
 * `AND <column> IN (…)` when only some centers are wanted (today's rollup after activity in a few of them);
 * nothing when `centerIds` is undefined (all centers).
 */
export function andCenterIn(column: string, centerIds?: readonly string[]): RawBuilder<unknown> {
  if (centerIds === undefined) return sql``;
  if (centerIds.length === 0) return sql`AND false`;
  return sql`AND ${sql.ref(column)} IN (${sql.join(centerIds)})`;
}
