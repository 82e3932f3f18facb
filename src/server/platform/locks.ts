import { sql } from 'kysely';
import type { Executor } from '../db/types.ts';

/**
 * Takes a lock held until the transaction ends, if no one else holds it: a periodic job that every node
 * runs does its work on one node at a time, and the others skip their turn instead of queueing.
 */
export async function tryTransactionLock(trx: Executor, key: number): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${key}) AS locked`.execute(trx);
  return rows[0]?.locked === true;
}
