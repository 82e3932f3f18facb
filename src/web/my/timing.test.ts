import { describe, expect, it } from 'vitest';
import { codeRefreshDelayMs, secondsUntil } from './timing';

const t0 = Date.parse('2026-11-23T08:00:00Z');

describe('secondsUntil', () => {
  it('counts a started second and stops at zero', () => {
    expect(secondsUntil(t0 + 60_000, t0)).toBe(60);
    expect(secondsUntil(t0 + 59_001, t0)).toBe(60);
    expect(secondsUntil(t0 + 59_000, t0)).toBe(59);
    expect(secondsUntil(new Date(t0 + 1).toISOString(), t0)).toBe(1);
    expect(secondsUntil(t0, t0)).toBe(0);
    expect(secondsUntil(t0 - 5000, t0)).toBe(0);
  });
});

describe('codeRefreshDelayMs', () => {
  const code = { expiresAt: new Date(t0 + 60_000).toISOString(), validSeconds: 60 };

  it('replaces a fresh 60-second code after 50 seconds', () => {
    expect(codeRefreshDelayMs(code, t0, t0)).toBe(50_000);
    expect(codeRefreshDelayMs(code, t0, t0 + 20_000)).toBe(30_000);
  });

  it('replaces it at once when its refresh time has passed (the phone slept)', () => {
    expect(codeRefreshDelayMs(code, t0, t0 + 55_000)).toBe(0);
    expect(codeRefreshDelayMs(code, t0, t0 + 120_000)).toBe(0);
  });

  it('goes by whichever ends first when the phone clock differs from the server', () => {
    // The phone is 30 s ahead: by its clock the code expires in 30 s.
    expect(codeRefreshDelayMs(code, t0 + 30_000, t0 + 30_000)).toBe(20_000);
    // The phone is 30 s behind: the code's own 60 s still bound the wait.
    expect(codeRefreshDelayMs(code, t0 - 30_000, t0 - 30_000)).toBe(50_000);
  });
});
