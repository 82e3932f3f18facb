import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { expectError, expectStatus } from '../helpers/fixtures.ts';
import { idNumberBorn } from '../helpers/queue.ts';

/**
 * The day simulator's clock: a server in simulation mode runs each request at the instant its
 * x-simulated-time header names — through body parsing, sign-in and the queue's rules — and a normal
 * server ignores the header.
 */

const openInstant = '2026-12-01T02:00:00Z'; // Tuesday 10:00 in Shanghai: the demo center is open
const nightInstant = '2026-12-01T14:00:00Z'; // 22:00: closed

async function demoCategory(t: TestApp): Promise<{ centerId: string; categoryId: string }> {
  const centers = expectStatus(await t.request('GET', '/api/v1/centers'), 200) as { id: string; level: string }[];
  const centerId = centers.find((c) => c.level === 'city')!.id;
  const categories = expectStatus(await t.request('GET', `/api/v1/centers/${centerId}/categories`), 200) as { id: string }[];
  return { centerId, categoryId: categories[0]!.id };
}

const onlineTicket = (place: { centerId: string; categoryId: string }, serial: number) => ({
  ...place,
  channel: 'online',
  idNumber: idNumberBorn('1990-05-17', serial),
  phone: '13912345678',
});

describe('a server in simulation mode', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ demo: true, config: { simulation: true } })));
  afterAll(async () => t?.close());

  it('refuses a remote ticket at a simulated hour when the hall is closed', async () => {
    const place = await demoCategory(t);
    expectError(await t.request('POST', '/api/v1/tickets', { body: onlineTicket(place, 2), headers: { 'x-simulated-time': nightInstant } }), 409, 'CENTER_CLOSED');
  });

  // The latest instant given is now the night: only the request's own instant lets this one through.
  it('takes a remote ticket at its own simulated instant, numbered in the simulated day', async () => {
    const place = await demoCategory(t);
    const ticket = expectStatus(await t.request('POST', '/api/v1/tickets', { body: onlineTicket(place, 1), headers: { 'x-simulated-time': openInstant } }), 201) as { takenAt: string; number: string };
    expect(ticket.takenAt).toBe(new Date(openInstant).toISOString());
    expect(ticket.number).toMatch(/001$/);
  });

  it('answers a malformed instant with 400', async () => {
    const place = await demoCategory(t);
    expectError(await t.request('POST', '/api/v1/tickets', { body: onlineTicket(place, 3), headers: { 'x-simulated-time': 'tomorrow morning' } }), 400, 'INVALID_SIMULATED_TIME');
  });

  it('runs a request without the header at the latest instant it was given', async () => {
    const place = await demoCategory(t);
    // The latest instant given so far is the night one: the hall is closed then.
    expectError(await t.request('POST', '/api/v1/tickets', { body: onlineTicket(place, 4) }), 409, 'CENTER_CLOSED');
  });
});

describe('a normal server', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ demo: true })));
  afterAll(async () => t?.close());

  it('ignores the header: the ticket is taken now', async () => {
    const place = await demoCategory(t);
    const before = Date.now();
    const res = await t.request('POST', '/api/v1/tickets', { body: { ...place, channel: 'staff' }, token: t.adminToken, headers: { 'x-simulated-time': openInstant } });
    const ticket = expectStatus(res, 201) as { takenAt: string };
    expect(Date.parse(ticket.takenAt)).toBeGreaterThanOrEqual(before - 1000);
  });
});
