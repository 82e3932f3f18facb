import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { demoPassword } from '../../src/server/demo/seedDemo.ts';
import type { Database } from '../../src/server/db/database.ts';
import { isBad } from '../../src/server/modules/ratings/rules.ts';
import { adminPassword } from '../helpers/testApp.ts';
import { idNumberBorn } from '../helpers/queue.ts';

/**
 * The load of the crash and several-node tests, on the demo center: kiosks issue tickets, window staff
 * call, start and finish them and accept a case for some, a rating pad rates the finished tickets.
 * Every write answered 2xx goes into a ledger, with the state it was answered in; verifyLedger then reads
 * the database and checks that each is there in at least that state, that nothing is there twice and
 * that nothing is half-written.
 */

/** A request that got no answer at all: the server died (or was unreachable) before answering. */
export class NoAnswer extends Error {
  constructor(
    readonly base: string,
    readonly refused: boolean,
    cause: unknown,
  ) {
    super(`no answer from ${base}`, { cause });
  }
}

export interface Answer {
  status: number;
  body: any;
}

/** One JSON request; throws NoAnswer when the connection fails, never on an HTTP status. */
export async function send(base: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(options.token && { authorization: `Bearer ${options.token}` }), ...(options.body !== undefined && { 'content-type': 'application/json' }), ...options.headers },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(15_000),
    });
    text = await response.text();
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    throw new NoAnswer(base, code === 'ECONNREFUSED', error);
  }
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A request that must succeed (set-up and checks): anything but the expected status fails the test. */
export async function expectAnswer(base: string, method: string, path: string, status: number, options: Parameters<typeof send>[3] = {}): Promise<any> {
  const answer = await send(base, method, path, options);
  if (answer.status !== status) throw new Error(`${method} ${path} answered ${answer.status}, expected ${status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export const login = async (base: string, username: string) =>
  (await expectAnswer(base, 'POST', '/api/v1/auth/login', 200, { body: { username, password: username === 'admin' ? adminPassword : demoPassword } })).token as string;

type TicketState = 'waiting' | 'called' | 'serving' | 'done';
const ticketOrder: TicketState[] = ['waiting', 'called', 'serving', 'done'];

/** Every write answered 2xx, with what the answer said. */
export interface Ledger {
  tickets: Map<string, { number: string; categoryId: string; state: TicketState }>;
  cases: Map<string, { caseNo: string; accepted: boolean }>;
  /** By the rated ticket's id. */
  ratings: Map<string, { id: string; score: number }>;
  /** Writes sent (answered or not): no more rows than this may appear. */
  attempts: { tickets: number; cases: number; ratings: number };
  /** 2xx answers of any kind (reads included). */
  answered: number;
  /** Requests that got no answer. */
  unanswered: number;
}

export function newLedger(): Ledger {
  return { tickets: new Map(), cases: new Map(), ratings: new Map(), attempts: { tickets: 0, cases: 0, ratings: 0 }, answered: 0, unanswered: 0 };
}

export interface Demo {
  centerId: string;
  categoryId: string;
  kioskToken: string;
  /** Staff accounts and the windows they are signed in at. */
  staff: { username: string; windowId: string }[];
  /** An item to accept cases for: its situation answers and the materials they ask for. */
  item: { id: string; answers: Record<string, string>; materialIds: string[] };
  /** When the set-up began: rows older than this belong to the demo's history. */
  since: Date;
}

/** Signs staff01 and staff02 in at two general windows that serve the same category and registers a kiosk. */
export async function prepareDemo(base: string): Promise<Demo> {
  const since = new Date();
  const admin = await login(base, 'admin');
  const centers: { id: string; level: string }[] = await expectAnswer(base, 'GET', '/api/v1/centers', 200);
  const centerId = centers.find((c) => c.level === 'city')!.id;
  // Kiosks issue only while the hall is open, and this runs at any hour.
  await expectAnswer(base, 'PATCH', `/api/v1/centers/${centerId}`, 200, { token: admin, body: { openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] } });
  const profiles: { windowId: string; tiers: string[][] }[] = await expectAnswer(base, 'GET', `/api/v1/centers/${centerId}/window-profiles`, 200, { token: admin });
  const { items: windows }: { items: { id: string; number: number; kind: string }[] } = await expectAnswer(base, 'GET', `/api/v1/centers/${centerId}/windows?kind=general&pageSize=200`, 200, { token: admin });
  const general = windows.sort((a, b) => a.number - b.number).map((w) => profiles.find((p) => p.windowId === w.id)!);
  const categoryId = general[0]!.tiers[0]![0]!;
  const serving = general.filter((p) => p.tiers[0]!.includes(categoryId)).slice(0, 2);
  expect(serving).toHaveLength(2);
  const staff = ['staff01', 'staff02'].map((username, i) => ({ username, windowId: serving[i]!.windowId }));
  for (const { username, windowId } of staff) await expectAnswer(base, 'POST', `/api/v1/windows/${windowId}/sign-in`, 200, { token: await login(base, username) });
  const kiosk = await expectAnswer(base, 'POST', '/api/v1/devices', 201, { token: admin, body: { centerId, kind: 'kiosk', name: '可靠性测试取号机' } });

  const categories: { id: string; itemIds: string[] }[] = await expectAnswer(base, 'GET', `/api/v1/centers/${centerId}/categories`, 200);
  // The first item of the category offered here, every situation question answered with its first option.
  let item: Demo['item'] | undefined;
  for (const itemId of categories.find((c) => c.id === categoryId)!.itemIds) {
    const guide: { status: string; centers: { id: string }[]; situations: { id: string; options: { id: string }[] }[]; materials: { id: string; optionIds: string[] }[] } = await expectAnswer(base, 'GET', `/api/v1/items/${itemId}`, 200);
    const answers = Object.fromEntries(guide.situations.map((s) => [s.id, s.options[0]!.id]));
    const chosen = new Set(Object.values(answers));
    const materialIds = guide.materials.filter((m) => m.optionIds.length === 0 || m.optionIds.some((o) => chosen.has(o))).map((m) => m.id);
    if (guide.status === 'published' && guide.centers.some((c) => c.id === centerId) && materialIds.length > 0) {
      item = { id: itemId, answers, materialIds };
      break;
    }
  }
  if (!item) throw new Error('no item of the category to accept cases for');
  return { centerId, categoryId, kioskToken: kiosk.token, staff, item, since };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the clients until stop() (or, for a client, until its server stops answering and `bases` offers no
 * other). `bases` gives the server to send the next request to: one server, or the nodes in turn. A
 * request refused before it was sent (ECONNREFUSED) is sent again to the next base; a case or rating that
 * got no answer is sent again with the same Idempotency-Key / clientKey, which must not write it twice.
 */
export function runLoad(demo: Demo, ledger: Ledger, bases: () => string, options: { kiosks?: number } = {}) {
  let stopping = false;
  const errors: string[] = [];
  const toRate: string[] = [];

  /** Sends to the next base; retries what was refused, and (when `retryUnanswered`) what got no answer. */
  const request = async (method: string, path: string, opts: Parameters<typeof send>[3], retryUnanswered = false): Promise<Answer | undefined> => {
    for (let tries = 0; tries < 5 && !stopping; tries++) {
      try {
        const answer = await send(bases(), method, path, opts);
        if (answer.status < 300) ledger.answered++;
        else if (answer.status >= 500) errors.push(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer;
      } catch (error) {
        if (!(error instanceof NoAnswer)) throw error;
        if (!error.refused) ledger.unanswered++;
        if (!error.refused && !retryUnanswered) return undefined;
        await pause(50);
      }
    }
    return undefined;
  };

  const kiosk = async () => {
    while (!stopping) {
      ledger.attempts.tickets++;
      const answer = await request('POST', '/api/v1/tickets', { token: demo.kioskToken, body: { centerId: demo.centerId, categoryId: demo.categoryId, channel: 'kiosk' } });
      if (answer?.status === 201) ledger.tickets.set(answer.body.id, { number: answer.body.number, categoryId: answer.body.categoryId, state: 'waiting' });
      else if (answer) errors.push(`ticket → ${answer.status} ${JSON.stringify(answer.body)}`);
      await pause(20);
    }
  };

  const answeredAs = (ticketId: string, state: TicketState) => {
    const ticket = ledger.tickets.get(ticketId);
    // A ticket issued without an answer (its POST was cut) may still be called: it is not in the ledger.
    if (ticket && ticketOrder.indexOf(state) > ticketOrder.indexOf(ticket.state)) ticket.state = state;
  };

  const acceptCase = async (token: string, ticketId: string, serial: number) => {
    const idempotencyKey = randomUUID();
    ledger.attempts.cases++;
    const body = {
      itemId: demo.item.id,
      centerId: demo.centerId,
      answers: demo.item.answers,
      ticketId,
      channel: 'window',
      applicant: { kind: 'person', idNumber: idNumberBorn('1985-06-15', serial), name: '可靠测', phone: '13800138000' },
      materials: demo.item.materialIds.map((materialId) => ({ materialId, status: 'received' })),
    };
    const created = await request('POST', '/api/v1/cases', { token, body, headers: { 'idempotency-key': idempotencyKey } }, true);
    if (created?.status !== 201) {
      if (created) errors.push(`case → ${created.status} ${JSON.stringify(created.body)}`);
      return;
    }
    const entry = { caseNo: created.body.caseNo, accepted: false };
    ledger.cases.set(created.body.id, entry);
    const accepted = await request('POST', `/api/v1/cases/${created.body.id}/accept`, { token, body: {} });
    if (accepted?.status === 200) entry.accepted = true;
    else if (accepted) errors.push(`accept → ${accepted.status} ${JSON.stringify(accepted.body)}`);
  };

  const window = async (username: string, windowId: string) => {
    const token = await login(bases(), username);
    let served = 0;
    while (!stopping) {
      const current = await request('GET', `/api/v1/windows/${windowId}/current`, { token });
      if (!current) continue;
      const ticket = current.body as { id: string; status: string } | null;
      if (!ticket) {
        const called = await request('POST', `/api/v1/windows/${windowId}/call-next`, { token, body: {} });
        if (called?.status === 200) answeredAs(called.body.ticket.id, 'called');
        else if (called?.status === 409) await pause(30);
      } else if (ticket.status === 'called') {
        if ((await request('POST', `/api/v1/tickets/${ticket.id}/start`, { token, body: {} }))?.status === 200) answeredAs(ticket.id, 'serving');
      } else {
        const finished = await request('POST', `/api/v1/tickets/${ticket.id}/finish`, { token, body: {} });
        if (finished?.status !== 200) continue;
        answeredAs(ticket.id, 'done');
        toRate.push(ticket.id);
        if (++served % 3 === 0) await acceptCase(token, ticket.id, served);
      }
    }
  };

  const pad = async () => {
    while (!stopping) {
      const ticketId = toRate.shift();
      if (!ticketId) {
        await pause(30);
        continue;
      }
      ledger.attempts.ratings++;
      const score = 1 + (ticketId.charCodeAt(0) % 5);
      const rated = await request('POST', '/api/v1/ratings', { body: { ticketId, score, clientKey: `pad-${ticketId}` } }, true);
      if (rated?.status === 201) ledger.ratings.set(ticketId, { id: rated.body.id, score });
      else if (rated) errors.push(`rating → ${rated.status} ${JSON.stringify(rated.body)}`);
    }
  };

  const clients = [
    ...Array.from({ length: options.kiosks ?? 2 }, kiosk),
    ...demo.staff.map(({ username, windowId }) => window(username, windowId)),
    pad(),
  ].map((client) => client.catch((error: unknown) => void errors.push(String(error))));
  return {
    /** 5xx answers and unexpected refusals so far. */
    errors,
    async stop() {
      stopping = true;
      await Promise.all(clients);
    },
  };
}

/** What the database holds, checked against the ledger; returns the figures. */
export async function verifyLedger(database: Database, demo: Demo, ledger: Ledger) {
  const db = database.db;
  const tickets = await db.selectFrom('tickets').select(['id', 'number', 'category_id', 'day', 'status']).where('taken_at', '>=', demo.since).execute();
  const byId = new Map(tickets.map((t) => [t.id, t]));
  for (const [id, answered] of ledger.tickets) {
    const row = byId.get(id);
    expect(row, `ticket ${answered.number} was answered as issued`).toBeDefined();
    expect({ number: row!.number, categoryId: row!.category_id }).toEqual({ number: answered.number, categoryId: answered.categoryId });
    expect(ticketOrder.indexOf(row!.status as TicketState), `ticket ${answered.number} answered ${answered.state}, found ${row!.status}`).toBeGreaterThanOrEqual(ticketOrder.indexOf(answered.state));
  }
  expect(tickets.length).toBeLessThanOrEqual(ledger.attempts.tickets);
  const numbers = new Set(tickets.map((t) => `${t.category_id} ${t.day} ${t.number}`));
  expect(numbers.size, 'ticket numbers are unique per category and day').toBe(tickets.length);
  // A ticket is never without its history: its last history row has its status.
  const { rows: ticketsWithoutHistory } = await sql<{ number: string; status: string; last: string | null }>`
    SELECT t.number, t.status,
      (SELECT h.status FROM ticket_history h WHERE h.ticket_id = t.id ORDER BY h.id DESC LIMIT 1) AS last
    FROM tickets t WHERE t.taken_at >= ${demo.since}`.execute(db);
  expect(ticketsWithoutHistory.filter((t) => t.last !== t.status)).toEqual([]);

  const cases = await db
    .selectFrom('cases')
    .select((eb) => [
      'id',
      'case_no',
      'status',
      'idempotency_key',
      eb.selectFrom('case_materials').whereRef('case_materials.case_id', '=', 'cases.id').select((m) => m.fn.countAll<number>().as('n')).as('materials'),
      eb.selectFrom('case_steps').whereRef('case_steps.case_id', '=', 'cases.id').select((m) => m.fn.countAll<number>().as('n')).as('steps'),
    ])
    .where('created_at', '>=', demo.since)
    .execute();
  const casesById = new Map(cases.map((c) => [c.id, c]));
  for (const [id, answered] of ledger.cases) {
    const row = casesById.get(id);
    expect(row, `case ${answered.caseNo} was answered as created`).toBeDefined();
    expect(row!.case_no).toBe(answered.caseNo);
    if (answered.accepted) expect(row!.status, `case ${answered.caseNo} was answered as accepted`).toBe('accepted');
  }
  expect(cases.length).toBeLessThanOrEqual(ledger.attempts.cases);
  expect(new Set(cases.map((c) => c.case_no)).size, 'case numbers are unique').toBe(cases.length);
  expect(new Set(cases.map((c) => c.idempotency_key)).size, 'one case per Idempotency-Key').toBe(cases.length);
  const halfCases = cases.filter((c) => Number(c.materials) !== demo.item.materialIds.length || Number(c.steps) < 1);
  expect(halfCases, 'every case has its materials and a step').toEqual([]);

  const ratings = await db.selectFrom('ratings').select(['id', 'subject_id', 'score']).where('subject_kind', '=', 'ticket').where('created_at', '>=', demo.since).execute();
  const ratingBySubject = new Map(ratings.map((r) => [r.subject_id, r]));
  for (const [ticketId, answered] of ledger.ratings) expect(ratingBySubject.get(ticketId), `rating ${answered.id}`).toMatchObject({ id: answered.id, score: answered.score });
  expect(ratingBySubject.size, 'one rating per ticket').toBe(ratings.length);
  expect(ratings.length).toBeLessThanOrEqual(ledger.attempts.ratings);
  // A 差评 opens its rectification in the rating's transaction: never one without the other.
  const rectified = ratings.length ? await db.selectFrom('rectifications').select('rating_id').where('rating_id', 'in', ratings.map((r) => r.id)).execute() : [];
  expect(rectified.map((r) => r.rating_id).sort(), 'one rectification per 差评').toEqual(ratings.filter((r) => isBad(r.score)).map((r) => r.id).sort());

  return { tickets: tickets.length, cases: cases.length, ratings: ratings.length };
}
