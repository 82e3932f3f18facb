import type { Executor } from '../../db/types.ts';
import { periodicJob } from '../../platform/periodic.ts';
import { sweepCaseWarnings } from './service.ts';

/** Seconds between deadline sweeps (CASE_SWEEP_SECONDS, default 60; 0 turns the periodic sweeps off). */
export function sweepSecondsFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.CASE_SWEEP_SECONDS;
  if (raw === undefined || raw === '') return 60;
  if (!/^\d{1,5}$/.test(raw)) throw new Error(`CASE_SWEEP_SECONDS must be a whole number of seconds, got "${raw}"`);
  return Number(raw);
}

/**
 * Runs the case warning sweep at start and then periodically in this process. Every node may run it: the
 * sweep takes an advisory lock and a node that does not get it skips its turn.
 */
export const caseWarningSweeper = (executor: Executor, onError: (error: unknown) => void, seconds = sweepSecondsFrom(process.env)) =>
  periodicJob(() => sweepCaseWarnings(executor), onError, seconds);
