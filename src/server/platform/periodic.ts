/**
 * A background job of this process: run at start and then every `seconds`, never two runs at once.
 * Jobs that several nodes run take a database lock inside `run`, so a node that does not get it skips.
 */
export function periodicJob(run: () => Promise<unknown>, onError: (error: unknown) => void, seconds: number) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= run()
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  return {
    /** 0 seconds leaves the job off. */
    start() {
      if (seconds <= 0 || timer) return;
      void runOnce();
      timer = setInterval(() => void runOnce(), seconds * 1000);
      timer.unref();
    },
    /** Stops the timer and waits for a run under way (before the database closes). */
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
