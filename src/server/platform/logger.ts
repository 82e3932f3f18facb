import type { LoggerOptions } from 'pino';
import { maskPersonalData } from './masking.ts';

/** Secret tokens carry a readable prefix (`ods_` session, `odd_` device …, see ids.ts). */
const tokenPattern = /(?<![A-Za-z0-9])(od[a-z]_)[A-Za-z0-9_-]{8,}/g;

/**
 * Query parameters that carry a person's name or free text (`?name=`, `?actorName=`, `?contact=`, the search
 * `?q=`): a name has no shape to mask by, so the value is left out whole.
 */
const namedQueryPattern = /([?&](?:[a-z]*name|contact[a-z]*|q)=)[^&"#\s\\]*/gi;

/** A log line without tokens (screen URLs carry a device token: `/kiosk?device=…`), names in query strings, and with personal data masked. */
export const scrubLogLine = (line: string): string => maskPersonalData(line.replace(tokenPattern, '$1[已隐藏]').replace(namedQueryPattern, '$1[已隐藏]'));

/**
 * Structured JSON logs. Secrets are removed by path, and tokens wherever they appear; anything shaped like
 * an ID number or a mobile number is masked in the final line (URLs, messages, error details).
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.newPassword', '*.currentPassword'],
      censor: '[已隐藏]',
    },
    hooks: {
      streamWrite: scrubLogLine,
    },
  };
}
