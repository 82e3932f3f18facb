import type { Transaction } from 'kysely';
import type { DB, Executor } from './types.ts';

/**
 * Runs `work` in a transaction: the caller's, when it already holds one (so services compose into one
 * commit), or a new one. Inside, use only the transaction handed in: on the embedded database a second
 * query through the pool would wait for this very transaction to end.
 */
export function inTransaction<T>(executor: Executor, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (executor.isTransaction) return work(executor as Transaction<DB>);
  return executor.transaction().execute(work);
}
