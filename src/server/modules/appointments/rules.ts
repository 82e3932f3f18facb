/**
 * The rules of booking, without I/O: which slots a day has, when they may be booked, who may book,
 * and what an arrival at check-in earns. Times of day are Asia/Shanghai; instants are Dates.
 */

export interface AppointmentSettings {
  /** Length of a slot. */
  slotMinutes: number;
  /** Bookings per slot and category, unless the category has its own. */
  capacityPerSlot: number;
  capacityByCategory: Record<string, number>;
  /** Slots are released this many days ahead (today counts as day 0). */
  releaseDays: number;
  /** Booking closes this many minutes before the slot starts. */
  closeBeforeMinutes: number;
  /** Active bookings a person may hold in any seven days. */
  maxPerWeek: number;
  /** Cancelling is possible until this many minutes before the start. */
  cancelBeforeMinutes: number;
  /** No-shows within `noShowWindowDays` that block booking for `blockDays`. */
  noShowLimit: number;
  noShowWindowDays: number;
  blockDays: number;
  /** Check-in opens this many minutes before the slot and keeps the appointment's head start until its end. */
  earlyMinutes: number;
  /** After the slot's end, check-in still gives a ticket (without the head start) for this many minutes. */
  lateMinutes: number;
}

export const defaultAppointmentSettings: AppointmentSettings = {
  slotMinutes: 30,
  capacityPerSlot: 10,
  capacityByCategory: {},
  releaseDays: 7,
  closeBeforeMinutes: 30,
  maxPerWeek: 3,
  cancelBeforeMinutes: 60,
  noShowLimit: 3,
  noShowWindowDays: 30,
  blockDays: 30,
  earlyMinutes: 30,
  lateMinutes: 15,
};

export function completeAppointmentSettings(stored: Partial<AppointmentSettings> | null | undefined): AppointmentSettings {
  return { ...defaultAppointmentSettings, ...stored, capacityByCategory: { ...stored?.capacityByCategory } };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmmOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The instant of a wall-clock time on a date in Asia/Shanghai. */
export function shanghaiInstant(date: string, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}

/** Whole slots inside each opening span of the day (a short remainder at the end of a span is no slot). */
export function slotTimes(spans: { open: string; close: string }[], slotMinutes: number): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  for (const span of [...spans].sort((a, b) => a.open.localeCompare(b.open))) {
    for (let t = minutesOf(span.open); t + slotMinutes <= minutesOf(span.close); t += slotMinutes) out.push({ start: hhmmOf(t), end: hhmmOf(t + slotMinutes) });
  }
  return out;
}

/** A slot's id: the category and the local start, readable and stable ("<category>.2026-11-24T09:30"). */
export const slotId = (categoryId: string, date: string, start: string) => `${categoryId}.${date}T${start}`;

export function parseSlotId(id: string): { categoryId: string; date: string; start: string } | undefined {
  const match = /^(.+)\.(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(id);
  return match ? { categoryId: match[1]!, date: match[2]!, start: match[3]! } : undefined;
}

/** Whether a slot may be booked now: released (within the days ahead) and not about to start. */
export function bookable(slotStart: Date, today: string, slotDate: string, now: Date, settings: AppointmentSettings): boolean {
  const daysAhead = Math.round((Date.parse(`${slotDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  return daysAhead >= 0 && daysAhead <= settings.releaseDays && slotStart.getTime() - now.getTime() >= settings.closeBeforeMinutes * 60_000;
}

/**
 * Until when a person may not book: after `noShowLimit` no-shows within `noShowWindowDays`, for
 * `blockDays` from the last of them. `noShows` are the ends of the missed slots.
 */
export function blockedUntil(noShows: Date[], now: Date, settings: AppointmentSettings): Date | undefined {
  const windowMs = settings.noShowWindowDays * 86_400_000;
  const sorted = [...noShows].sort((a, b) => a.getTime() - b.getTime());
  let until: Date | undefined;
  for (let i = settings.noShowLimit - 1; i < sorted.length; i++) {
    const first = sorted[i - settings.noShowLimit + 1]!;
    const last = sorted[i]!;
    if (last.getTime() - first.getTime() <= windowMs) until = new Date(last.getTime() + settings.blockDays * 86_400_000);
  }
  return until && until > now ? until : undefined;
}

export type Arrival = { kind: 'too_early'; opensAt: Date } | { kind: 'on_time' } | { kind: 'late' } | { kind: 'expired' };

/** What an arrival at check-in means for a booked slot. */
export function arrival(slotStart: Date, slotEnd: Date, now: Date, settings: AppointmentSettings): Arrival {
  const opensAt = new Date(slotStart.getTime() - settings.earlyMinutes * 60_000);
  if (now < opensAt) return { kind: 'too_early', opensAt };
  if (now <= slotEnd) return { kind: 'on_time' };
  if (now.getTime() <= slotEnd.getTime() + settings.lateMinutes * 60_000) return { kind: 'late' };
  return { kind: 'expired' };
}

/** Whether a booking counts as a no-show: never checked in, and its late check-in time has passed. */
export const isNoShow = (status: string, slotEnd: Date, now: Date, settings: AppointmentSettings) =>
  status === 'booked' && now.getTime() > slotEnd.getTime() + settings.lateMinutes * 60_000;

/** Booking codes: 8 characters people can read out without confusing 0/O or 1/I. */
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function bookingCode(random: Uint8Array): string {
  return [...random.slice(0, 8)].map((b) => codeAlphabet[b % codeAlphabet.length]).join('');
}
