import { createHmac } from 'node:crypto';

/** Pure rules of department integration (实时对接): signatures, the retry schedule, what is kept of a response. */

export const keyPrefix = 'odk_';
export const secretPrefix = 'whsec_';

/** Waits after the 1st, 2nd … failed attempt: 30 s, 2 min, 10 min, 1 h, 6 h. After the last attempt, a dead letter. */
export const retryDelaysMs = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;

/** Attempts in all: the first one and one after each wait. */
export const maxAttempts = retryDelaysMs.length + 1;

/** Outbound requests give up after this long. */
export const requestTimeoutMs = 5_000;

/** Characters of a receiver's answer kept for the admin to read. */
export const excerptLength = 500;

/** The signature header's value: HMAC-SHA256 over `timestamp + "." + body` with the endpoint's secret, in hex. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What happens after a failed attempt (`attempts` counts it): another try at a later time, or a dead letter. */
export function afterFailure(attempts: number, now: Date): { status: 'pending'; nextAttemptAt: Date } | { status: 'dead' } {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  if (attempts >= maxAttempts) return { status: 'dead' };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + retryDelaysMs[attempts - 1]!) };
}

/** Only a 2xx answer counts as delivered; a redirect is not followed and counts as a failure. */
export const isDelivered = (status: number): boolean => status >= 200 && status <= 299;

/** The start of a text, on one line, at most `length` characters. */
export function excerpt(text: string, length = excerptLength): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** Why a webhook address is not acceptable (undefined when it is): http(s) only, no credentials, no fragment. */
export function webhookUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '地址格式不正确';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '地址须以 http:// 或 https:// 开头';
  if (url.username || url.password) return '地址中不能包含用户名或密码';
  if (url.hash) return '地址中不能包含 # 片段';
  return undefined;
}

/** The readable start of a secret, shown in lists instead of the secret. */
export const hintOf = (secret: string, prefix: string): string => secret.slice(0, prefix.length + 4);

/** Cursor of the pull API: the last event id read, as an opaque decimal string. */
export function parseCursor(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}
