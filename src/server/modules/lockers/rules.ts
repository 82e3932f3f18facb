export const compartmentSizes = ['small', 'medium', 'large'] as const;
export type CompartmentSize = (typeof compartmentSizes)[number];

/** How a result left its compartment: the SMS pickup code, the owner's personal code, or staff (handed over, cleared). */
export type CollectedBy = 'pickup_code' | 'personal_code' | 'staff';

export interface LockerSettings {
  /** Days a result may wait before it is flagged and the owner reminded. */
  uncollectedDays: number;
}

export const defaultLockerSettings: LockerSettings = { uncollectedDays: 3 };

/** Wrong codes a locker takes in the window below before it refuses for a while: guessing six digits must not pay. */
export const maxWrongCodes = 5;
export const wrongCodeWindowMinutes = 10;

export const pickupCodeDigits = 6;

/** Door labels A01, A02 … (a prefix and a two- or three-digit number, so they sort as printed). */
export function compartmentLabels(prefix: string, count: number, startAt = 1): string[] {
  const width = Math.max(2, String(startAt + count - 1).length);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(startAt + i).padStart(width, '0')}`);
}

/** Whether a result still in its compartment has waited past the center's limit (calendar days: the locker is open every day). */
export function isUncollectedOverdue(depositedAt: Date, now: Date, settings: LockerSettings): boolean {
  return now.getTime() - depositedAt.getTime() >= settings.uncollectedDays * 86_400_000;
}

/** The next label after the ones a locker already has, for compartments added later. */
export function nextLabelNumber(existing: string[], prefix: string): number {
  const numbers = existing.filter((l) => l.startsWith(prefix)).map((l) => Number(l.slice(prefix.length))).filter((n) => Number.isInteger(n));
  return numbers.length ? Math.max(...numbers) + 1 : 1;
}
