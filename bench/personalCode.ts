import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { issuePersonalCode } from '../src/server/modules/citizens/service.ts';
import { idNumberCheckChar } from '../src/server/platform/identity.ts';
import { buildOrg } from '../test/helpers/fixtures.ts';
import { injectCall, signInCitizen } from '../test/helpers/citizens.ts';
import type { TestApp } from '../test/helpers/testApp.ts';
import { benchAppOn, percentile, runInWorker } from './support.ts';

/**
 * 亮码 at the hall's devices (issue 10): kiosks and windows scan personal codes over HTTP
 * (POST /api/v1/personal-codes/scan), each code once; the latency is the scan's whole answer,
 * signature, expiry, the once-only record and the audit entry included.
 */

export const title = '个人码核验（亮码扫码）';

const target = { p95Ms: 20 };
const people = 200;
const scans = 3000;
const scanners = 4;

const workerSource = String.raw`
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { port, token, codes, scanners } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: scanners });

function scan(code) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify({ code, purpose: 'kiosk' });
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/personal-codes/scan', agent, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function main() {
  const latencies = [];
  const statuses = {};
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: scanners }, async () => {
    while (next < codes.length) {
      const code = codes[next++];
      const at = performance.now();
      const status = await scan(code);
      latencies.push(performance.now() - at);
      statuses[status] = (statuses[status] || 0) + 1;
    }
  }));
  return { latencies, statuses, seconds: (performance.now() - start) / 1000 };
}

main().then((r) => parentPort.postMessage(r), (e) => parentPort.postMessage({ failed: String((e && e.stack) || e) }));
`;

/** Real-name portal accounts, signed in through the API as a person would (SMS code, then real-name binding). */
async function portalPeople(t: TestApp): Promise<{ kind: 'citizen'; id: string; name: string; sessionId: string }[]> {
  const api = injectCall(t);
  const accounts = [];
  for (let i = 0; i < people; i++) {
    const first17 = `44190019900101${String(i).padStart(3, '0')}`;
    const token = await signInCitizen(api, t.database.db, { phone: `1350000${String(i).padStart(4, '0')}`, idNumber: first17 + idNumberCheckChar(first17), name: '测试人员' });
    const me = (await api('GET', '/api/v1/citizen/me', undefined, token)).body as { id: string };
    accounts.push({ kind: 'citizen' as const, id: me.id, name: '测*员', sessionId: '' });
  }
  return accounts;
}

async function measureOn(kind: 'pglite' | 'postgres') {
  const { t, name } = await benchAppOn(kind);
  try {
    const o = await buildOrg(t);
    const accounts = await portalPeople(t);
    // Codes are good for a minute: issued right before the scans, as phones would show them.
    const codes: string[] = [];
    for (let i = 0; i < scans; i++) codes.push((await issuePersonalCode(t.database.db, accounts[i % accounts.length]!)).code);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const result = await runInWorker<{ latencies: number[]; statuses: Record<string, number>; seconds: number }>(workerSource, { port, token: o.tokens.kiosk, codes, scanners });
    const recorded = await t.database.db.selectFrom('personal_code_scans').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    return { name, ...result, recorded: recorded.n };
  } finally {
    await t.close();
  }
}

export async function run(): Promise<{ databases: string[]; markdown: string }> {
  const results = [await measureOn('pglite')];
  if (process.env.DATABASE_URL) results.push(await measureOn('postgres'));
  const ms = (n: number) => n.toFixed(1);
  const lines = [
    `${scans.toLocaleString('en')} personal codes of ${people} real-name portal accounts, each scanned once by a kiosk token over HTTP (keep-alive) from ${scanners} scanners at once in a worker thread. Latency in ms per scan request; "Recorded" counts the once-only scan records afterwards (every code exactly once).`,
    '',
    '| Database | Scans | Per second | Answers | Recorded | p50 | p95 | p99 | max | Target p95 < 20 ms |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|---|',
    ...results.map((r) => {
      const p95 = percentile(r.latencies, 95);
      const answers = Object.entries(r.statuses).map(([status, n]) => `${status} ×${n.toLocaleString('en')}`).join('; ');
      const met = p95 < target.p95Ms && r.statuses['200'] === scans && r.recorded === scans;
      return `| ${r.name} | ${scans.toLocaleString('en')} | ${Math.round(scans / r.seconds).toLocaleString('en')} | ${answers} | ${r.recorded.toLocaleString('en')} | ${ms(percentile(r.latencies, 50))} | ${ms(p95)} | ${ms(percentile(r.latencies, 99))} | ${ms(Math.max(...r.latencies))} | ${met ? 'met' : '**not met**'} |`;
    }),
  ];
  return { databases: results.map((r) => r.name), markdown: lines.join('\n') };
}
