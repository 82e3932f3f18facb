import type { FastifyServerOptions } from 'fastify';
import { maskPersonalData } from './masking.ts';

/**
 * Structured JSON logs. Secrets are removed by path; anything shaped like an ID number or a mobile
 * number is masked in the final line, wherever it appears (URLs, messages, error details).
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.newPassword', '*.currentPassword'],
      censor: '[已隐藏]',
    },
    hooks: {
      streamWrite: (line: string) => maskPersonalData(line),
    },
  };
}
