import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';

/** How the built web app is served: the page never cached, its hashed assets cached for good, compressed copies to browsers that accept them. */

let t: TestApp;
let webRoot: string;
beforeAll(async () => {
  webRoot = mkdtempSync(path.join(tmpdir(), 'onedoor-web-'));
  mkdirSync(path.join(webRoot, 'assets'));
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>一门通办</title>');
  writeFileSync(path.join(webRoot, 'assets', 'main-Ab12Cd34.js'), 'console.log(1)');
  // As the build writes them (vite.config.ts): a compressed copy next to the file.
  writeFileSync(path.join(webRoot, 'assets', 'main-Ab12Cd34.js.br'), brotliCompressSync('console.log(1)'));
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

  it('sends the Brotli copy of an asset to a browser that accepts it, and the file itself to one that does not', async () => {
    const br = await t.request('GET', '/assets/main-Ab12Cd34.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.headers['content-type']).toContain('javascript');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log(1)');
    const plain = await t.request('GET', '/assets/main-Ab12Cd34.js', { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log(1)');
  });

  it('answers an unknown API path with the error shape, not the page', async () => {
    const res = await t.request('GET', '/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
