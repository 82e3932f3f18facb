import { readFileSync } from 'node:fs';
import path from 'node:path';
import { passwordProblem } from './modules/accounts/rules.ts';

export interface Config {
  port: number;
  host: string;
  /** Folder of the embedded database (PGlite); ignored when databaseUrl is set. */
  dataDir: string;
  /** postgres://… — use this PostgreSQL server instead of the embedded database. */
  databaseUrl: string | undefined;
  /** Password of the `admin` account created on first start; undefined: a random one, printed once. */
  adminPassword: string | undefined;
  /** Load the demo center into an empty database. */
  demo: boolean;
  /** Sessions end after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** Folder of the built web app served at `/`. */
  webRoot: string;
  logLevel: string;
  version: string;
  /** How often this node looks for webhook deliveries to make and send; 0 turns the dispatcher off. */
  webhookIntervalMs: number;
  /** Requests may say which instant they happen at (the day simulator); refused in production. */
  simulation: boolean;
  /** Folder where uploaded files (不见面审批) are kept; the database only describes them. */
  storageDir: string;
  /** Largest upload accepted, in bytes (UPLOAD_MAX_MB, default 10). */
  uploadMaxBytes: number;
}

export class ConfigError extends Error {}

export const projectRoot = path.resolve(import.meta.dirname, import.meta.dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  // Plain decimal digits only: Number() would also take " ", "0x50" and "1e3".
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Every setting, from the environment, validated, with the defaults of API.md. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD must have at least 8 characters');
  }
  // The admin account is created with this password: refuse at once what account creation would refuse.
  const weakness = adminPassword === undefined ? undefined : passwordProblem(adminPassword, 'admin');
  if (weakness) throw new ConfigError(`ADMIN_PASSWORD is too weak: ${weakness}`);
  const simulation = parseBoolean('SIMULATION', env.SIMULATION, false);
  if (simulation && env.NODE_ENV === 'production') {
    throw new ConfigError('SIMULATION lets every request set the server clock: it cannot be used with NODE_ENV=production');
  }
  return {
    port: parseInteger('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    adminPassword,
    demo: parseBoolean('DEMO', env.DEMO, databaseUrl === undefined),
    sessionIdleMinutes: parseInteger('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 120, 1, 60 * 24 * 30),
    webRoot: path.resolve(env.WEB_ROOT || path.join(projectRoot, 'dist/web')),
    logLevel: env.LOG_LEVEL || 'info',
    version: readVersion(),
    webhookIntervalMs: parseInteger('WEBHOOK_INTERVAL_MS', env.WEBHOOK_INTERVAL_MS, 5_000, 0, 3_600_000),
    simulation,
    storageDir: path.resolve(env.STORAGE_DIR || './data/uploads'),
    uploadMaxBytes: parseInteger('UPLOAD_MAX_MB', env.UPLOAD_MAX_MB, 10, 1, 1024) * 1024 * 1024,
  };
}
