import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPersonalCode, encodePersonalCode, isCitizenSessionIdle, otpRefusal, otpUsable, shanghaiDayStart } from './rules.ts';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);
const at = (iso: string) => new Date(iso);

describe('personal codes', () => {
  const payload = fc.record({
    citizenId: fc.uuid(),
    expiresAt: fc.integer({ min: 1_700_000_000, max: 2_100_000_000 }),
    nonce: fc.base64String({ minLength: 12, maxLength: 24 }).map((s) => s.replace(/[+/=]/g, 'x')).filter((s) => s.length >= 8),
  });

  it('reads back what it encoded, until the second it expires', () => {
    fc.assert(
      fc.property(payload, (p) => {
        const code = encodePersonalCode(p, key);
        expect(checkPersonalCode(code, key, new Date((p.expiresAt - 1) * 1000))).toEqual({ ok: true, payload: p });
        expect(checkPersonalCode(code, key, new Date(p.expiresAt * 1000))).toEqual({ ok: false, reason: 'expired' });
      }),
    );
  });

  it('any changed character, or another key, makes it invalid', () => {
    fc.assert(
      fc.property(payload, fc.nat(), fc.constantFrom('0', 'a', 'Z', '-', '_'), (p, position, replacement) => {
        const code = encodePersonalCode(p, key);
        const index = position % code.length;
        fc.pre(code[index] !== replacement && code[index] !== '.');
        const changed = code.slice(0, index) + replacement + code.slice(index + 1);
        const now = new Date((p.expiresAt - 30) * 1000);
        expect(checkPersonalCode(changed, key, now).ok).toBe(false);
        expect(checkPersonalCode(code, otherKey, now)).toEqual({ ok: false, reason: 'invalid' });
      }),
    );
  });

  it('refuses what is not a personal code at all', () => {
    for (const text of ['', 'ODC1', 'ODC2.a.b.c.d', 'ODC1.a.b.c', 'https://example.com/?a=1', 'ODC1..zz.nonce123.sig']) {
      expect(checkPersonalCode(text, key, at('2026-11-23T10:00:00Z'))).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});

describe('one-time sign-in codes', () => {
  const now = at('2026-11-23T10:00:00Z');

  it('one a minute, ten a Shanghai day', () => {
    expect(otpRefusal({ lastSentAt: null, sentToday: 0 }, now)).toBeUndefined();
    expect(otpRefusal({ lastSentAt: new Date(now.getTime() - 59_500), sentToday: 1 }, now)).toMatchObject({ code: 'OTP_TOO_FREQUENT', retryAfterSeconds: 1 });
    expect(otpRefusal({ lastSentAt: new Date(now.getTime() - 1_000), sentToday: 1 }, now)).toMatchObject({ code: 'OTP_TOO_FREQUENT', retryAfterSeconds: 59 });
    expect(otpRefusal({ lastSentAt: new Date(now.getTime() - 60_000), sentToday: 9 }, now)).toBeUndefined();
    // 10:00 UTC is 18:00 in Shanghai: six hours to the next day.
    expect(otpRefusal({ lastSentAt: new Date(now.getTime() - 3_600_000), sentToday: 10 }, now)).toMatchObject({ code: 'OTP_DAILY_LIMIT', retryAfterSeconds: 6 * 3600 });
  });

  it('the Shanghai day starts at 16:00 UTC the day before', () => {
    expect(shanghaiDayStart(at('2026-11-23T10:00:00Z')).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(shanghaiDayStart(at('2026-11-23T16:00:00Z')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(shanghaiDayStart(at('2026-11-23T15:59:59Z')).toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });

  it('a code works until it expires, is used, or was guessed wrong five times', () => {
    const fresh = { expiresAt: new Date(now.getTime() + 1000), attempts: 0, usedAt: null };
    expect(otpUsable(fresh, now)).toBe(true);
    expect(otpUsable({ ...fresh, attempts: 4 }, now)).toBe(true);
    expect(otpUsable({ ...fresh, attempts: 5 }, now)).toBe(false);
    expect(otpUsable({ ...fresh, usedAt: now }, now)).toBe(false);
    expect(otpUsable(fresh, fresh.expiresAt)).toBe(false);
  });

  it('a portal session ends after thirty idle days', () => {
    expect(isCitizenSessionIdle(at('2026-10-24T10:00:00Z'), now)).toBe(false);
    expect(isCitizenSessionIdle(at('2026-10-24T09:59:59Z'), now)).toBe(true);
  });
});
