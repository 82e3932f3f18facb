/** Pure rules of sign-in: password strength, the failure throttle, session idleness. */

export const maxFailures = 5;
export const failureWindowMinutes = 15;

/** After `maxFailures` wrong passwords within the window, further attempts are refused until the oldest ages out. */
export function isLockedOut(recentFailures: number): boolean {
  return recentFailures >= maxFailures;
}

/** Minutes until a locked-out account may try again, from the oldest failure still inside the window. */
export function minutesUntilRetry(oldestFailureInWindow: Date, now: Date): number {
  const releasedAt = oldestFailureInWindow.getTime() + failureWindowMinutes * 60_000;
  return Math.max(1, Math.ceil((releasedAt - now.getTime()) / 60_000));
}

export function isSessionIdle(lastSeenAt: Date, now: Date, idleMinutes: number): boolean {
  return now.getTime() - lastSeenAt.getTime() > idleMinutes * 60_000;
}

/** Writing last_seen_at on every request would make every read a write; once a minute is precise enough. */
export function shouldTouchSession(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= 60_000;
}

/** Why a password is too weak, in Chinese, or undefined when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (password.length < 8) return '密码至少 8 位';
  if (password.length > 128) return '密码最多 128 位';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) return '密码需包含字母、数字、符号中的至少两类';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return undefined;
}
