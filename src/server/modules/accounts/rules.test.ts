import { describe, expect, it } from 'vitest';
import { failureWindowMinutes, isLockedOut, isSessionIdle, maxFailures, minutesUntilRetry, passwordProblem, shouldTouchSession } from './rules.ts';

const at = (minutes: number, seconds = 0) => new Date(Date.UTC(2026, 10, 5, 9, minutes, seconds));

describe('login throttle', () => {
  it('locks out at five failures, not before', () => {
    expect(maxFailures).toBe(5);
    expect(failureWindowMinutes).toBe(15);
    expect([0, 1, 2, 3, 4, 5, 6].map(isLockedOut)).toEqual([false, false, false, false, false, true, true]);
  });

  it.each([
    [0, 0, 15], // the oldest failure just now: the whole window
    [0, 30, 15], // 14.5 minutes left: rounded up
    [5, 0, 10],
    [14, 0, 1],
    [14, 59, 1],
    [15, 0, 1], // released exactly now: never less than one minute
    [40, 0, 1], // long past
  ])('oldest failure at 09:00, now 09:%i:%i → retry in %i minutes', (minutes, seconds, expected) => {
    expect(minutesUntilRetry(at(0), at(minutes, seconds))).toBe(expected);
  });
});

describe('sessions', () => {
  it('is idle only after more than the allowed minutes without a request', () => {
    expect(isSessionIdle(at(0), at(0), 1)).toBe(false);
    expect(isSessionIdle(at(0), at(1), 1)).toBe(false);
    expect(isSessionIdle(at(0), at(1, 1), 1)).toBe(true);
    expect(isSessionIdle(at(0), at(59, 59), 120)).toBe(false);
    expect(isSessionIdle(at(0), new Date(at(0).getTime() + 120 * 60_000 + 1), 120)).toBe(true);
  });

  it('touches last_seen_at at most once a minute', () => {
    expect(shouldTouchSession(at(0), at(0))).toBe(false);
    expect(shouldTouchSession(at(0), at(0, 59))).toBe(false);
    expect(shouldTouchSession(at(0), at(1))).toBe(true);
    expect(shouldTouchSession(at(0), at(30))).toBe(true);
  });
});

describe('passwordProblem', () => {
  it.each([
    ['Abc#123', '密码至少 8 位'],
    ['', '密码至少 8 位'],
    [`Aa1${'x'.repeat(126)}`, '密码最多 128 位'],
    ['abcdefgh', '密码需包含字母、数字、符号中的至少两类'],
    ['ABCDEFGH', '密码需包含字母、数字、符号中的至少两类'],
    ['12345678', '密码需包含字母、数字、符号中的至少两类'],
    ['!@#$%^&*', '密码需包含字母、数字、符号中的至少两类'],
  ])('%s → %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it.each(['abcdEFGH', 'abcd1234', 'ABCD1234', 'abcd!!!!', '1234!!!!', `Aa1${'x'.repeat(125)}`, 'Demo@2026'])('accepts %s', (password) => {
    expect(passwordProblem(password)).toBeUndefined();
  });

  it('refuses a password containing the username, in any case', () => {
    expect(passwordProblem('Zhang.san2026', 'zhang.san')).toBe('密码不能包含用户名');
    expect(passwordProblem('xxADMINxx9', 'admin')).toBe('密码不能包含用户名');
    expect(passwordProblem('Sesame#2026', 'admin')).toBeUndefined();
    expect(passwordProblem('Sesame#2026', '')).toBeUndefined();
  });
});
