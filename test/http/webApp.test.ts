import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';

/** How the built web app is served: the page never cached, its hashed assets cached for good. */

let t: TestApp;
let webRoot: string;
beforeAll(async () => {
  webRoot = mkdtempSync(path.join(tmpdir(), 'onedoor-web-'));
  mkdirSync(path.join(webRoot, 'assets'));
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>一门通办</title>');
  writeFileSync(path.join(webRoot, 'assets', 'main-Ab12Cd34.js'), 'console.log(1)');
  t = await createTestApp({ config: { webRoot } });
});
afterAll(async () => {
  await t?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('the web app', () => {
  it('serves a screen’s address with the page, never cached', async () => {
    for (const url of ['/', '/items/abc', '/kiosk']) {
      const res = await t.request('GET', url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('一门通办');
    }
  });

  it('serves hashed assets as immutable for a year', async () => {
    const res = await t.request('GET', '/assets/main-Ab12Cd34.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers an unknown API path with the error shape, not the page', async () => {
    const res = await t.request('GET', '/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
