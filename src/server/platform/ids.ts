import { randomBytes, createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Opaque, time-ordered ids (UUIDv7) keep indexes compact and sort by creation. */
export const newId = (): string => uuidv7();

/** A secret token with a readable prefix that says what it is (`ods_` session, `odd_` device …). */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

/** Tokens are stored only as hashes, so a database leak does not leak working credentials. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
