import type { Executor } from '../../db/types.ts';
import { sweepCaseWarnings } from './service.ts';

/** Seconds between sweeps (CASE_SWEEP_SECONDS, default 60; 0 turns the periodic sweep off). */
export function sweepSecondsFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.CASE_SWEEP_SECONDS;
  if (raw === undefined || raw === '') return 60;
  if (!/^\d{1,5}$/.test(raw)) throw new Error(`CASE_SWEEP_SECONDS must be a whole number of seconds, got "${raw}"`);
  return Number(raw);
}

/**
 * Runs the case warning sweep at start and then periodically in this process. Every node may run it: the
 * sweep takes an advisory lock and a node that does not get it skips its turn. Never two at once here.
 */
export function caseWarningSweeper(executor: Executor, onError: (error: unknown) => void, seconds = sweepSecondsFrom(process.env)) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= sweepCaseWarnings(executor)
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  return {
    start() {
      if (seconds <= 0 || timer) return;
      void runOnce();
      timer = setInterval(() => void runOnce(), seconds * 1000);
      timer.unref();
    },
    /** Stops the timer and waits for a sweep under way (before the database closes). */
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
