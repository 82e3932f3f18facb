import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/server/app.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { openDatabase, type Database } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';

export const adminPassword = 'Sesame#2026';

/**
 * A fresh database for one test file: an in-memory PGlite, or, when DATABASE_URL is set (CI runs the
 * suite on both), a new database on that PostgreSQL server, dropped afterwards.
 */
export async function openTestDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({});
    return { database, drop: () => database.close() };
  }
  const name = `onedoor_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return {
    database,
    async drop() {
      await database.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestApp {
  app: App;
  database: Database;
  config: Config;
  /** Signs in and returns the bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** The admin's bearer token. */
  adminToken: string;
  /** Sends a JSON request; `token` becomes the Authorization header. */
  request(method: string, url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(options: { demo?: boolean; config?: Partial<Config> } = {}): Promise<TestApp> {
  const { database, drop } = await openTestDatabase();
  await migrateToLatest(database.db);
  await bootstrap(database, { adminPassword, demo: options.demo ?? false });
  const config: Config = { ...loadConfig({}), logLevel: 'silent', demo: options.demo ?? false, ...options.config };
  const app = await buildApp({ config, database, logger: false });
  await app.ready();

  const request: TestApp['request'] = (method, url, { token, body, headers } = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...headers },
      ...(body !== undefined && { payload: body as object }),
    });
  const login = async (username: string, password = username === 'admin' ? adminPassword : 'Demo@2026') => {
    const response = await request('POST', '/api/v1/auth/login', { body: { username, password } });
    if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
    return (response.json() as { token: string }).token;
  };
  const adminToken = await login('admin');
  return {
    app,
    database,
    config,
    login,
    adminToken,
    request,
    async close() {
      await app.close();
      await drop();
    },
  };
}
