import { describe, expect, it } from 'vitest';
import { passwordProblem } from './rules.ts';
import { generatePassword, hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the password it hashed and refuses another', async () => {
    const stored = await hashPassword('Sesame#2026');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('Sesame');
    expect(await verifyPassword('Sesame#2026', stored)).toBe(true);
    expect(await verifyPassword('sesame#2026', stored)).toBe(false);
    expect(await verifyPassword('Sesame#2026 ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('Same#pass1'), hashPassword('Same#pass1')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Same#pass1', b)).toBe(true);
  });

  it('handles Chinese passwords', async () => {
    const stored = await hashPassword('芝麻开门2026');
    expect(await verifyPassword('芝麻开门2026', stored)).toBe(true);
    expect(await verifyPassword('芝麻关门2026', stored)).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['missing salt and hash', 'scrypt$16384$8$1'],
    ['an empty hash', 'scrypt$16384$8$1$c2FsdA==$'],
    ['a hash that decodes to nothing', 'scrypt$16384$8$1$c2FsdA==$!!!'],
    ['plain text', 'Sesame#2026'],
  ])('answers false for a malformed stored hash: %s', async (_what, stored) => {
    expect(await verifyPassword('Sesame#2026', stored)).toBe(false);
  });

  it.each([
    ['N not a power of two', '$1000$8$1$'],
    ['N not a number', '$abc$8$1$'],
    ['a cost beyond the memory limit', '$1048576$8$1$'],
  ])('answers false, not an exception, for impossible cost parameters: %s', async (_what, params) => {
    const stored = (await hashPassword('Sesame#2026')).replace('$16384$8$1$', params);
    await expect(verifyPassword('Sesame#2026', stored)).resolves.toBe(false);
  });

  it('generates readable passwords that pass the strength rule', () => {
    for (let i = 0; i < 500; i++) {
      const password = generatePassword();
      expect(password).toHaveLength(12);
      expect(password).not.toMatch(/[0O1lI]/);
      expect(passwordProblem(password)).toBeUndefined();
    }
    expect(generatePassword(20)).toHaveLength(20);
  });
});
