/** The clock arithmetic of the 个人中心 screens: the SMS resend countdown and the personal code's lifetime. */

/** Whole seconds from `now` until `until` (an ISO time or epoch ms), never below zero; a started second counts. */
export function secondsUntil(until: string | number, now: number): number {
  const at = typeof until === 'number' ? until : Date.parse(until);
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** How long before its expiry a personal code is replaced, so the one shown is never about to lapse at a scanner. */
export const codeRefreshLeadSeconds = 10;

/**
 * When to fetch the next personal code: `codeRefreshLeadSeconds` before this one expires (about every
 * 50 s for a 60 s code), at once if that moment has passed, and never later than its expiry even when
 * the phone's clock is off from the server's — the wait is measured from the code's own validity.
 */
export function codeRefreshDelayMs(code: { expiresAt: string; validSeconds: number }, fetchedAt: number, now: number): number {
  const byServerClock = Date.parse(code.expiresAt) - now;
  const byValidity = fetchedAt + code.validSeconds * 1000 - now;
  return Math.max(0, Math.min(byServerClock, byValidity) - codeRefreshLeadSeconds * 1000);
}
