import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../test/helpers/testApp.ts';

/** What the benchmark modules share: percentiles, a load worker, and a test app on either database. */

/** The p-th percentile (nearest rank) of the values; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs CommonJS `source` in a worker thread with `workerData` and resolves with the one message it posts
 * (`{ failed }` rejects). The load runs there so that the clients' work does not queue behind the server's.
 */
export function runInWorker<T>(source: string, workerData: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData });
    worker.once('message', (result: T & { failed?: string }) => {
      void worker.terminate();
      if (result.failed) reject(new Error(result.failed));
      else resolve(result);
    });
    worker.once('error', reject);
  });
}

/** A migrated app on the embedded database, or on a scratch database of DATABASE_URL's server, with its name for the tables. */
export async function benchAppOn(kind: 'pglite' | 'postgres'): Promise<{ t: TestApp; name: string }> {
  const saved = process.env.DATABASE_URL;
  if (kind === 'pglite') delete process.env.DATABASE_URL;
  // Benchmarks run their sweeps themselves, when they mean to.
  process.env.CASE_SWEEP_SECONDS = '0';
  const t = await createTestApp();
  if (saved !== undefined) process.env.DATABASE_URL = saved;
  const { rows } = await sql<{ version: string }>`SELECT current_setting('server_version') AS version`.execute(t.database.db);
  return { t, name: kind === 'pglite' ? `PGlite（嵌入式 PostgreSQL ${rows[0]!.version}）` : `PostgreSQL ${rows[0]!.version}` };
}
