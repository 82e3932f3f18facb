import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The server's "now": the wall clock, except on a server started in simulation mode (SIMULATION=true, which
 * the configuration refuses in production). There the day simulator replays a whole day of a hall in
 * minutes, and every request says which instant of that day it happens at (the `x-simulated-time` header):
 * deadlines, waits, opening hours and daily numbering then see a real day. Work done outside a request
 * (sweeps, rollups) happens at the latest instant the server has been given, since simulated time never
 * runs backwards.
 */
const requestInstant = new AsyncLocalStorage<number>();
let simulating = false;
let latestInstant = 0;

export const simulatedTimeHeader = 'x-simulated-time';

export function currentTime(): Date {
  if (!simulating) return new Date();
  const instant = requestInstant.getStore() ?? latestInstant;
  return instant ? new Date(instant) : new Date();
}

/** Turns simulation mode on for this process: only a server whose configuration asks for it calls this. */
export function startSimulatedClock(): void {
  simulating = true;
}

/** Leaves simulation mode (tests that start a simulated server, then others in the same process). */
export function stopSimulatedClock(): void {
  simulating = false;
  latestInstant = 0;
}

/** Runs `work` at `instant` (simulation mode only): everything it calls, awaited or not, sees that instant. */
export function runAt<T>(instant: Date, work: () => T): T {
  latestInstant = Math.max(latestInstant, instant.getTime());
  return requestInstant.run(instant.getTime(), work);
}
