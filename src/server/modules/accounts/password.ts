import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

const params = { N: 16384, r: 8, p: 1 };
const keyLength = 32;

/** `scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, keyLength, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  // An empty key would compare equal to an empty expectation: any password would pass.
  if (expected.length === 0) return false;
  // A damaged stored hash (impossible cost parameters) is a failed check, not a server error at login.
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) }).catch(() => undefined);
  return key !== undefined && timingSafeEqual(key, expected);
}

/** A hash to verify against when the user does not exist, so the answer takes as long either way. */
export const decoyHash = await hashPassword(randomBytes(12).toString('hex'));

/** A random password people can read aloud and type: no 0/O or 1/l/I. */
export function generatePassword(length = 12): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  // guarantee the two character classes the strength rule asks for
  return `${out.slice(0, length - 2)}${alphabet[bytes[0]! % 23]}${(bytes[1]! % 8) + 2}`;
}
