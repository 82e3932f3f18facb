import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('platform', () => {
  it('answers health with the database kind', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
  });

  it('creates a center, a department and a window as admin', async () => {
    const center = await t.request('POST', '/api/v1/centers', { token: t.adminToken, body: { name: '测试中心', level: 'city' } });
    expect(center.statusCode).toBe(201);
    const dept = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { centerId: center.json().id, name: '公安局' } });
    expect(dept.statusCode).toBe(201);
    const win = await t.request('POST', '/api/v1/windows', {
      token: t.adminToken,
      body: { centerId: center.json().id, name: '公安专窗', number: 3, kind: 'dedicated', departmentId: dept.json().id },
    });
    expect(win.statusCode).toBe(201);
    expect(win.json()).toMatchObject({ number: 3, kind: 'dedicated', departmentName: '公安局', status: 'closed' });
  });

  it('refuses malformed JSON with 400 INVALID_JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/centers', headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_JSON');
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.request('GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/v1/windows/{id}/sign-in');
  });
});
