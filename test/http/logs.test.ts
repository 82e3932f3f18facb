import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/server/app.ts';
import { loggerOptions } from '../../src/server/platform/logger.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { create } from '../helpers/fixtures.ts';

/** The request log, as written by the production logger settings, must not hold personal data or secrets. */

let t: TestApp;
let logged: App;
let lines: string[];
beforeAll(async () => {
  t = await createTestApp();
  lines = [];
  const stream = { write: (line: string) => void lines.push(line) };
  logged = await buildApp({ config: t.config, database: t.database, logger: { ...loggerOptions('info'), stream } });
  await logged.ready();
});
afterAll(async () => {
  await logged?.close();
  await t?.close();
});

/** Sends a request through the logging app and answers the log lines it caused. */
async function logOf(options: InjectOptions): Promise<string> {
  const before = lines.length;
  await logged.inject(options);
  const text = lines.slice(before).join('');
  expect(text.length, 'the request was logged').toBeGreaterThan(0);
  for (const line of lines.slice(before)) expect(() => JSON.parse(line)).not.toThrow();
  return text;
}

describe('request logs', () => {
  it('mask ID numbers and mobile numbers in URLs', async () => {
    const text = await logOf({ method: 'GET', url: '/api/v1/centers?idNumber=44010619900307123X&phone=13812345678&name=%E5%BC%A0%E4%B8%89' });
    expect(text).toContain('"url":"/api/v1/centers?idNumber=4401**********123X&phone=138****5678&name=[已隐藏]"');
    expect(text).not.toContain('44010619900307123X');
    expect(text).not.toContain('13812345678');
  });

  it('mask them in a path and right after URL-encoded Chinese', async () => {
    const text = await logOf({ method: 'GET', url: '/api/v1/people/110105194912310021/cases?remark=%E7%94%B5%E8%AF%9D15012345678' });
    expect(text).not.toContain('110105194912310021');
    expect(text).not.toContain('15012345678');
    expect(text).toContain('1101**********0021');
    expect(text).toContain('150****5678');
  });

  it('leave out names and free text in query strings, which have no shape to mask by', async () => {
    const name = encodeURIComponent('欧阳明远');
    const text = await logOf({ method: 'GET', url: `/api/v1/audit?actorName=${name}&entityType=case&q=${name}&contactName=${name}&pageSize=20` });
    expect(text).not.toContain(name);
    expect(text).toContain('/api/v1/audit?actorName=[已隐藏]&entityType=case&q=[已隐藏]&contactName=[已隐藏]&pageSize=20');
  });

  it('leave out the Authorization header and the session cookie', async () => {
    const text = await logOf({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${t.adminToken}`, cookie: `onedoor_session=${t.adminToken}` } });
    expect(text).not.toContain(t.adminToken);
    expect(text).not.toContain(t.adminToken.slice(4));
    expect(text.toLowerCase()).not.toContain('bearer');
  });

  it('leave out a device token carried in a screen URL', async () => {
    const center = await create(t, '/api/v1/centers', { name: '日志中心', level: 'city' });
    const { token } = await create(t, '/api/v1/devices', { centerId: center.id, kind: 'kiosk', name: '取号机' });
    const text = await logOf({ method: 'GET', url: `/kiosk?device=${token}` });
    expect(text).toContain('/kiosk?device=');
    expect(text).not.toContain(token.slice(4));
  });

  it('leave out a session token carried in a query', async () => {
    const text = await logOf({ method: 'GET', url: `/api/v1/centers?token=${t.adminToken}` });
    expect(text).not.toContain(t.adminToken.slice(4));
  });

  it('leave out passwords of a login, whatever the outcome', async () => {
    const text = await logOf({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Wrong#13812345678' } });
    expect(text).not.toContain('Wrong#');
    const ok = await logOf({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Sesame#2026' } });
    expect(ok).not.toContain('Sesame#2026');
    expect(ok).toContain('"statusCode":200');
  });
});
