import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { createTestApp, openTestDatabase, type TestApp } from '../helpers/testApp.ts';
import { call } from '../helpers/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('GET /api/health', () => {
  it('answers ok, the database kind and the version', async () => {
    expect(await call(t, 'GET', '/api/health', 200)).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite', version });
  });

  it('answers 503 when the database is gone', async () => {
    const { database, drop } = await openTestDatabase();
    await migrateToLatest(database.db);
    const app = await buildApp({ config: t.config, database, logger: false });
    try {
      await database.close();
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'error', database: database.kind, version });
    } finally {
      await app.close().catch(() => {});
      await drop().catch(() => {});
    }
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3 document with bearer security and the error schema', async () => {
    const document = await call(t, 'GET', '/api/openapi.json', 200);
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.version).toBe(version);
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/api/v1/auth/login'].post.responses['401']).toBeDefined();
  });
});

describe('GET /metrics', () => {
  it('reports request durations by route in the Prometheus format', async () => {
    await call(t, 'GET', '/api/v1/centers', 200);
    const res = await t.request('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/^http_request_duration_seconds_count\{route="\/api\/v1\/centers",method="GET",status="200"\} [1-9]/m);
    expect(res.body).toMatch(/^onedoor_live_clients 0$/m);
  });
});
