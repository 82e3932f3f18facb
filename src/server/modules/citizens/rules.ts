import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a scanned personal code is for: taking a ticket, identifying at a window or terminal, opening a locker. */
export const codeScanPurposes = ['kiosk', 'window', 'terminal', 'locker'] as const;
export type CodeScanPurpose = (typeof codeScanPurposes)[number];

// ------------------------------------------------------------------ one-time sign-in codes

export const otpDigits = 6;
/** How long a code sent by SMS signs in. */
export const otpTtlMinutes = 5;
/** A phone gets a new code at most once a minute … */
export const otpResendSeconds = 60;
/** … and at most this many a day, so the SMS gateway is not a free messaging service. */
export const otpDailyLimit = 10;
/** Wrong guesses a code survives; six digits and five guesses make a lucky guess one in 200,000. */
export const otpMaxAttempts = 5;

/** Why no new code may be sent now (and in how many seconds one may), or undefined when it may. */
export function otpRefusal(history: { lastSentAt: Date | null; sentToday: number }, now: Date): { code: 'OTP_TOO_FREQUENT' | 'OTP_DAILY_LIMIT'; message: string; retryAfterSeconds: number } | undefined {
  if (history.sentToday >= otpDailyLimit) {
    return { code: 'OTP_DAILY_LIMIT', message: `该手机号今天已获取 ${otpDailyLimit} 次验证码，请明天再试`, retryAfterSeconds: secondsToNextShanghaiDay(now) };
  }
  if (history.lastSentAt) {
    const wait = Math.ceil(otpResendSeconds - (now.getTime() - history.lastSentAt.getTime()) / 1000);
    if (wait > 0) return { code: 'OTP_TOO_FREQUENT', message: `验证码已发送，请 ${wait} 秒后再获取`, retryAfterSeconds: wait };
  }
  return undefined;
}

const shanghaiOffsetMs = 8 * 3_600_000;

/** The start of the Shanghai day containing `now`, as an instant (the daily limit counts Shanghai days). */
export function shanghaiDayStart(now: Date): Date {
  const local = now.getTime() + shanghaiOffsetMs;
  return new Date(local - (local % 86_400_000) - shanghaiOffsetMs);
}

function secondsToNextShanghaiDay(now: Date): number {
  return Math.ceil((shanghaiDayStart(now).getTime() + 86_400_000 - now.getTime()) / 1000);
}

/** Whether a one-time code may still be tried. */
export function otpUsable(otp: { expiresAt: Date; attempts: number; usedAt: Date | null }, now: Date): boolean {
  return otp.usedAt === null && otp.attempts < otpMaxAttempts && now < otp.expiresAt;
}

// ------------------------------------------------------------------ portal sessions

/** A phone stays signed in while it is used at least once a month. */
export const citizenSessionIdleDays = 30;

export const isCitizenSessionIdle = (lastSeenAt: Date, now: Date): boolean => now.getTime() - lastSeenAt.getTime() > citizenSessionIdleDays * 86_400_000;

// ------------------------------------------------------------------ personal code (亮码)

/** A code on the phone is good for a minute; the phone fetches the next one before that. */
export const personalCodeTtlSeconds = 60;

const codeVersion = 'ODC1';

export interface PersonalCodePayload {
  citizenId: string;
  /** Whole seconds since the epoch. */
  expiresAt: number;
  /** Random, unique per code: a code is used once, recorded by this. */
  nonce: string;
}

const signatureOf = (body: string, key: Buffer): string => createHmac('sha256', key).update(body).digest().subarray(0, 16).toString('base64url');

/** The text a QR code carries: version, citizen, expiry and nonce, signed with the server's key. */
export function encodePersonalCode(payload: PersonalCodePayload, key: Buffer): string {
  const body = [codeVersion, payload.citizenId, payload.expiresAt.toString(36), payload.nonce].join('.');
  return `${body}.${signatureOf(body, key)}`;
}

export type PersonalCodeCheck = { ok: true; payload: PersonalCodePayload } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Reads a scanned code: anything not made by this server's key is `invalid`, a genuine one past its minute
 * `expired`. Whether it was used already is the database's to say.
 */
export function checkPersonalCode(text: string, key: Buffer, now: Date): PersonalCodeCheck {
  const parts = text.trim().split('.');
  if (parts.length !== 5 || parts[0] !== codeVersion) return { ok: false, reason: 'invalid' };
  const [, citizenId, expiry, nonce, signature] = parts as [string, string, string, string, string];
  if (!/^[0-9a-z]{1,12}$/.test(expiry) || !/^[\w-]{8,64}$/.test(nonce) || !citizenId) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(signatureOf(parts.slice(0, 4).join('.'), key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const expiresAt = parseInt(expiry, 36);
  if (now.getTime() >= expiresAt * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, payload: { citizenId, expiresAt, nonce } };
}
