import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, excerpt, hintOf, isDelivered, keyPrefix, maxAttempts, parseCursor, retryDelaysMs, signature, webhookUrlProblem } from './rules.ts';

describe('signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of timestamp "." body with the secret', () => {
    const expected = createHmac('sha256', 'whsec_abc').update('1700000000.{"a":1}').digest('hex');
    expect(signature('whsec_abc', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('signs the timestamp and the body joined by a dot', () => {
    expect(signature('key', '1', 'x')).toBe(`sha256=${createHmac('sha256', 'key').update('1.x').digest('hex')}`);
    expect(signature('secret', '0', '')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('changes with the secret, the timestamp and every byte of the body', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ minLength: 1 }), (secret, body, extra) => {
        const base = signature(secret, '1700000000', body);
        expect(signature(secret, '1700000000', body)).toBe(base);
        expect(signature(secret, '1700000001', body)).not.toBe(base);
        expect(signature(secret, '1700000000', body + extra)).not.toBe(base);
        expect(signature(secret + extra, '1700000000', body)).not.toBe(base);
      }),
    );
  });
});

describe('the retry schedule', () => {
  const now = new Date('2026-11-23T08:00:00Z');

  it('waits 30 s, 2 min, 10 min, 1 h, 6 h after the 1st … 5th failure', () => {
    const waits = [1, 2, 3, 4, 5].map((n) => {
      const next = afterFailure(n, now);
      if (next.status !== 'pending') throw new Error('expected a retry');
      return next.nextAttemptAt.getTime() - now.getTime();
    });
    expect(waits).toEqual([30_000, 120_000, 600_000, 3_600_000, 21_600_000]);
    expect(retryDelaysMs).toEqual(waits);
  });

  it('makes a dead letter after the last attempt, and at any count past it', () => {
    expect(maxAttempts).toBe(6);
    for (let n = maxAttempts; n < maxAttempts + 5; n++) expect(afterFailure(n, now)).toEqual({ status: 'dead' });
  });

  it('always waits longer after more failures', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: maxAttempts - 2 }), (n) => {
        const a = afterFailure(n, now);
        const b = afterFailure(n + 1, now);
        expect(a.status === 'pending' && b.status === 'pending' && b.nextAttemptAt > a.nextAttemptAt).toBe(true);
      }),
    );
  });

  it('refuses a count that is not a positive integer', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => afterFailure(n, now)).toThrow(RangeError);
  });
});

describe('responses', () => {
  it('counts only 2xx as delivered (a redirect is not followed)', () => {
    for (const s of [200, 201, 202, 204, 299]) expect(isDelivered(s)).toBe(true);
    for (const s of [100, 199, 300, 301, 302, 307, 308, 400, 404, 410, 429, 500, 502, 503]) expect(isDelivered(s)).toBe(false);
  });

  it('keeps a short single-line excerpt', () => {
    expect(excerpt('  ok \n\n fine ')).toBe('ok fine');
    const long = excerpt('字'.repeat(2000));
    expect(long.length).toBe(500);
    expect(long.endsWith('…')).toBe(true);
    expect(excerpt('abcdef', 4)).toBe('abc…');
  });
});

describe('webhook addresses', () => {
  it('accepts http and https', () => {
    expect(webhookUrlProblem('https://dept.example.gov.cn/hooks/onedoor')).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:8080/x?y=1')).toBeUndefined();
  });

  it('refuses other schemes, credentials, fragments and garbage', () => {
    for (const url of ['ftp://x.cn/a', 'file:///etc/passwd', 'javascript:alert(1)', 'https://u:p@x.cn/', 'https://x.cn/#a', 'not a url', '']) {
      expect(webhookUrlProblem(url), url).toEqual(expect.any(String));
    }
  });
});

describe('hints and cursors', () => {
  it('shows the prefix and four characters', () => {
    expect(hintOf('odk_abcdefgh', keyPrefix)).toBe('odk_abcd');
  });

  it('reads a cursor as a non-negative integer, empty as the start', () => {
    expect(parseCursor(undefined)).toBe(0);
    expect(parseCursor('')).toBe(0);
    expect(parseCursor('42')).toBe(42);
    for (const bad of ['-1', '1.5', 'abc', '1e3', ' 1', '9'.repeat(16)]) expect(parseCursor(bad), bad).toBeUndefined();
  });
});
