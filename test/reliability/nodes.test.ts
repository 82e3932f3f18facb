import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream, type SseEvent, type Stream } from '../helpers/sse.ts';
import { expectAnswer, login, newLedger, prepareDemo, runLoad, verifyLedger, type Demo } from './crashWorkload.ts';
import { adminPassword } from '../helpers/testApp.ts';
import { postgresStore, ServerProcess, type DataStore } from '../../scripts/serverProcess.ts';

/**
 * Two, then three server nodes on one PostgreSQL database: a call made on one node reaches the displays
 * connected to the others, and killing a node under load loses no answered write while the others go on.
 */

const serverUrl = process.env.DATABASE_URL;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let store: DataStore | undefined;
const nodes: ServerProcess[] = [];
const streams: Stream[] = [];
afterAll(async () => {
  for (const stream of streams) stream.close();
  for (const node of nodes) await node.kill();
  await store?.remove();
});

const calledTicket = (event: SseEvent) => (event.event === 'ticket.called' ? (JSON.parse(event.data) as { ticketId: string }).ticketId : undefined);

/** A hall display on `node`: the center's event stream, open and ready. */
async function display(node: ServerProcess, demo: Demo): Promise<Stream> {
  const stream = await openStream(`${node.url}/api/v1/centers/${demo.centerId}/events`);
  expect(stream.status).toBe(200);
  streams.push(stream);
  await stream.waitFor((e) => e.event === 'ready');
  return stream;
}

async function startNode(name: string, demo: boolean): Promise<ServerProcess> {
  const node = new ServerProcess({ store: store!, demo, name, adminPassword });
  nodes.push(node);
  const ms = await node.start();
  console.log(`[nodes] ${name} started in ${ms} ms${demo ? ' (seeding the demo)' : ''}`);
  return node;
}

/** Wraps a step so that a failure shows what the nodes wrote. */
async function withNodeOutput(step: () => Promise<void>) {
  try {
    await step();
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- node output ---\n${nodes.map((n) => n.log()).join('\n')}`, { cause: error });
  }
}

describe.skipIf(!serverUrl)('several server nodes on one PostgreSQL (needs DATABASE_URL)', () => {
  let demo: Demo;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(() =>
    withNodeOutput(async () => {
      store = await postgresStore(serverUrl!);
      a = await startNode('node A', true);
      b = await startNode('node B', false);
      demo = await prepareDemo(a.url);
    }),
  );

  it('a call made on one node reaches the displays connected to the other, both ways', () =>
    withNodeOutput(async () => {
      const displays = { a: await display(a, demo), b: await display(b, demo) };
      for (const [caller, other] of [
        [a, displays.b],
        [b, displays.a],
      ] as const) {
        const ticket = await expectAnswer(caller.url, 'POST', '/api/v1/tickets', 201, { token: demo.kioskToken, body: { centerId: demo.centerId, categoryId: demo.categoryId, channel: 'kiosk' } });
        const { windowId, username } = demo.staff[0]!;
        const calledAt = Date.now();
        const { ticket: called } = await expectAnswer(caller.url, 'POST', `/api/v1/windows/${windowId}/call-next`, 200, { token: await login(caller.url, username) });
        expect(called.id).toBe(ticket.id);
        await other.waitFor((e) => calledTicket(e) === ticket.id, 5_000);
        console.log(`[nodes] ${ticket.number} called on ${caller.name} reached the display on the other node in ${Date.now() - calledAt} ms`);
        const token = await login(caller.url, username);
        await expectAnswer(caller.url, 'POST', `/api/v1/tickets/${ticket.id}/start`, 200, { token, body: {} });
        await expectAnswer(caller.url, 'POST', `/api/v1/tickets/${ticket.id}/finish`, 200, { token, body: {} });
      }
    }));

  it('with three nodes under load, killing one loses no answered write; the others answer and their displays go on', () =>
    withNodeOutput(async () => {
      const c = await startNode('node C', false);
      const displays = [await display(a, demo), await display(c, demo)];
      const ring = [a, b, c];
      let turn = 0;
      const ledger = newLedger();
      // Only what this load writes is checked against its ledger: the tickets called above came before.
      const loaded = { ...demo, since: new Date() };
      const load = runLoad(loaded, ledger, () => ring[turn++ % ring.length]!.url, { kiosks: 3 });

      const killAfterMs = 1_000 + Math.round(Math.random() * 3_000);
      await pause(killAfterMs);
      const beforeKill = { answered: ledger.answered, events: displays.map((d) => d.events.length) };
      await b.kill();
      await pause(3_000);
      const answeredAfterKill = ledger.answered - beforeKill.answered;
      // Calls made on the surviving nodes after the kill still reach both surviving displays.
      for (const [i, stream] of displays.entries()) await stream.waitFor((e) => calledTicket(e) !== undefined, 5_000, beforeKill.events[i]);
      await load.stop();
      expect(load.errors, 'no 5xx and no refusal the load did not expect').toEqual([]);
      expect(answeredAfterKill, 'the surviving nodes answer after the kill').toBeGreaterThan(0);

      const database = await store!.open();
      const verified = await verifyLedger(database, loaded, ledger).finally(() => database.close());
      console.log(
        `[nodes] node B killed ${killAfterMs} ms into the load after ${beforeKill.answered} 2xx answers; ${answeredAfterKill} more in the 3 s after it; ` +
          `${ledger.unanswered} requests cut; verified ${verified.tickets} tickets, ${verified.cases} cases, ${verified.ratings} ratings against ` +
          `${ledger.tickets.size}/${ledger.cases.size}/${ledger.ratings.size} answered; events after the kill on A and C: ${displays.map((d, i) => d.events.length - beforeKill.events[i]!).join(', ')}`,
      );
      expect(ledger.tickets.size).toBeGreaterThan(0);
      expect(ledger.ratings.size).toBeGreaterThan(0);
    }));
});
