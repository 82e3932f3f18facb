import { sql } from 'kysely';
import { inTransaction } from '../db/transaction.ts';
import type { Executor } from '../db/types.ts';
import { recordAudit, type Actor } from './audit.ts';

/** A module's table of one JSON settings object per center: (center_id, settings jsonb, updated_at). */
export type CenterSettingsTable = `${string}_settings`;

/** The stored settings of a center (undefined: never changed), for the module to complete with its defaults. */
export async function readCenterSettings(executor: Executor, table: CenterSettingsTable, centerId: string): Promise<unknown> {
  const { rows } = await sql<{ settings: unknown }>`SELECT settings FROM ${sql.table(table)} WHERE center_id = ${centerId}`.execute(executor);
  return rows[0]?.settings;
}

/**
 * Changes a center's settings in one transaction: `read` gives the current ones (and may refuse an
 * unknown center), `change` the new ones, which are stored whole and audited with both.
 */
export async function changeCenterSettings<T>(
  executor: Executor,
  actor: Actor,
  table: CenterSettingsTable,
  centerId: string,
  read: (executor: Executor) => Promise<T>,
  change: (before: T) => T,
): Promise<T> {
  return inTransaction(executor, async (trx) => {
    const before = await read(trx);
    const after = change(before);
    await sql`INSERT INTO ${sql.table(table)} (center_id, settings) VALUES (${centerId}, ${JSON.stringify(after)}::jsonb)
      ON CONFLICT (center_id) DO UPDATE SET settings = excluded.settings, updated_at = now()`.execute(trx);
    await recordAudit(trx, actor, { action: `${table.replace(/_settings$/, '')}.settings`, entityType: 'center', entityId: centerId, centerId, before, after });
    return after;
  });
}
