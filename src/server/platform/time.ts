import { currentTime } from './clock.ts';

/** Business time: every day, hour and weekday of the trade is Asia/Shanghai (UTC+8 all year, no daylight saving). */

const offsetMs = 8 * 3_600_000;

/** The date ('YYYY-MM-DD') of an instant in Asia/Shanghai. */
export function shanghaiDate(instant: Date = currentTime()): string {
  return new Date(instant.getTime() + offsetMs).toISOString().slice(0, 10);
}

/** The local wall clock of an instant in Asia/Shanghai: its date, ISO weekday (1 = Monday) and HH:MM. */
export function shanghaiClock(instant: Date = currentTime()): { date: string; isoWeekday: number; time: string } {
  const local = new Date(instant.getTime() + offsetMs);
  const iso = local.toISOString();
  return { date: iso.slice(0, 10), isoWeekday: local.getUTCDay() || 7, time: iso.slice(11, 16) };
}
