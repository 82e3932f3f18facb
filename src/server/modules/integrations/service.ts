import { sql, type Selectable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal, TokenResolver } from '../../platform/auth.ts';
import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import { hashToken, newId, newToken } from '../../platform/ids.ts';
import { announceIdentityChange } from '../../platform/principalCache.ts';
import { completeCase, decideCase, getCase, type CaseView } from '../cases/service.ts';
import { centerSubtree, getDepartment } from '../org/service.ts';
import { afterFailure, excerpt, hintOf, isDelivered, keyPrefix, requestTimeoutMs, secretPrefix, signature, webhookUrlProblem } from './rules.ts';
import type { DeliveryStatus, WebhookDeliveriesTable } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

/**
 * Department systems (实时对接): a department's own system holds an API key to pull the cases that
 * changed and to push its decisions; every case status change is also POSTed, signed, to the
 * department's webhook endpoints, with retries and a dead-letter list an admin can replay.
 */

export type SystemPrincipal = Extract<Principal, { kind: 'system' }>;

// ------------------------------------------------------------------ API keys

export interface IntegrationKeyView {
  id: string;
  centerId: string;
  departmentId: string;
  name: string;
  tokenHint: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function toKey(row: { id: string; center_id: string; department_id: string; name: string; token_hint: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }): IntegrationKeyView {
  return {
    id: row.id,
    centerId: row.center_id,
    departmentId: row.department_id,
    name: row.name,
    tokenHint: row.token_hint,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export async function getIntegrationKey(executor: Executor, id: string): Promise<IntegrationKeyView> {
  const row = await executor.selectFrom('integration_keys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('接口密钥', id);
  return toKey(row);
}

export async function listIntegrationKeys(executor: Executor, departmentId: string): Promise<IntegrationKeyView[]> {
  const rows = await executor.selectFrom('integration_keys').selectAll().where('department_id', '=', departmentId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toKey);
}

/** Issues a key for a department's system; the key is returned once, only its hash is kept. */
export async function createIntegrationKey(executor: Executor, actor: Actor, input: { departmentId: string; name: string }): Promise<{ key: IntegrationKeyView; token: string }> {
  return inTransaction(executor, async (trx) => {
    const department = await getDepartment(trx, input.departmentId);
    const id = newId();
    const token = newToken(keyPrefix);
    await trx
      .insertInto('integration_keys')
      .values({
        id,
        center_id: department.centerId,
        department_id: department.id,
        name: input.name.trim(),
        token_hash: hashToken(token),
        token_hint: hintOf(token, keyPrefix),
        created_by: actor.kind === 'user' ? actor.id : null,
      })
      .execute();
    const key = await getIntegrationKey(trx, id);
    await recordAudit(trx, actor, { action: 'integration_key.create', entityType: 'integration_key', entityId: id, centerId: department.centerId, after: key });
    return { key, token };
  });
}

/** Revokes a key at once on every node; revoking twice is refused. */
export async function revokeIntegrationKey(executor: Executor, actor: Actor, id: string, now = currentTime()): Promise<IntegrationKeyView> {
  return inTransaction(executor, async (trx) => {
    const before = await getIntegrationKey(trx, id);
    if (before.revokedAt) throw conflict('KEY_REVOKED', '该密钥已吊销');
    await trx.updateTable('integration_keys').set({ revoked_at: now }).where('id', '=', id).execute();
    const after = await getIntegrationKey(trx, id);
    await announceIdentityChange(trx);
    await recordAudit(trx, actor, { action: 'integration_key.revoke', entityType: 'integration_key', entityId: id, centerId: before.centerId, before, after });
    return after;
  });
}

/** Resolves `odk_…` keys to the department system's principal; a revoked key is refused. Last use is kept to the minute. */
export function integrationKeyResolver(executor: Executor): TokenResolver {
  return {
    prefix: keyPrefix,
    async resolve(token) {
      const row = await executor.selectFrom('integration_keys').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
      if (!row || row.revoked_at) return undefined;
      const now = currentTime();
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= 60_000) {
        await executor.updateTable('integration_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
      }
      return { kind: 'system', id: row.id, name: `部门系统：${row.name}`, centerId: row.center_id, departmentId: row.department_id };
    },
  };
}

// ------------------------------------------------------------------ pull and push

export interface PulledCases {
  items: CaseView[];
  /** Pass as `since` next time. */
  cursor: string;
  /** More changes wait after the cursor: ask again at once. */
  hasMore: boolean;
}

/** Events younger than this may still have an older-numbered neighbour in a transaction about to commit. */
export const settleMs = 2_000;

/**
 * The department's cases whose status changed after the cursor (an event_log id), each once, as they
 * are now, oldest change first. Cases of other departments are skipped, but the cursor moves past them.
 * The cursor moves only past events older than a couple of seconds: a change committed late with a
 * lower number is then still read next time, and the newest changes may come twice (at least once, never lost).
 */
export async function pullCases(executor: Executor, system: SystemPrincipal, since: number, limit: number, settle = settleMs): Promise<PulledCases> {
  const centers = await centerSubtree(executor, [system.centerId]);
  const events = await executor
    .selectFrom('event_log')
    .select(['id', 'data', sql<boolean>`at <= now() - ${settle} * interval '1 millisecond'`.as('settled')])
    .where('type', '=', 'case.updated')
    .where('center_id', 'in', centers)
    .where('id', '>', since)
    .orderBy('id')
    .limit(limit)
    .execute();
  const seen = new Set<string>();
  const items: CaseView[] = [];
  let cursor = since;
  let settled = true;
  for (const event of events) {
    settled &&= event.settled;
    if (settled) cursor = Number(event.id);
    const caseId = (event.data as { caseId?: unknown }).caseId;
    if (typeof caseId !== 'string' || seen.has(caseId)) continue;
    seen.add(caseId);
    const found = await getCase(executor, caseId).catch(() => undefined);
    if (found && found.departmentId === system.departmentId) items.push(found);
  }
  return { items, cursor: String(cursor), hasMore: events.length === limit && cursor > since };
}

/** One case of the department; another department's case answers as unknown. */
export async function getDepartmentCase(executor: Executor, system: SystemPrincipal, id: string): Promise<CaseView> {
  const found = await getCase(executor, id);
  if (found.departmentId !== system.departmentId) throw notFound('办件', id);
  return found;
}

/**
 * The cases module checks a person's roles; the department system acts as an approver of its own
 * department, and its steps and audit records name the system.
 */
function approverOf(system: SystemPrincipal): Principal {
  return { kind: 'user', id: system.id, username: `system:${system.id}`, name: system.name, roles: [{ role: 'dept_approver', centerId: system.centerId, departmentId: system.departmentId }], sessionId: '' };
}

const systemActor = (system: SystemPrincipal): Actor => ({ kind: 'system', name: system.name });

/** 准予 / 不予 pushed by the department's system. */
export async function decideCaseForDepartment(executor: Executor, system: SystemPrincipal, id: string, decision: { approved: boolean; reason?: string }): Promise<CaseView> {
  await getDepartmentCase(executor, system, id);
  return decideCase(executor, approverOf(system), systemActor(system), id, decision);
}

/** 办结 pushed by the department's system. */
export async function completeCaseForDepartment(executor: Executor, system: SystemPrincipal, id: string, delivery: 'window' | 'locker' | 'post' | 'electronic'): Promise<CaseView> {
  await getDepartmentCase(executor, system, id);
  return completeCase(executor, approverOf(system), systemActor(system), id, delivery);
}

// ------------------------------------------------------------------ webhook endpoints

export interface WebhookEndpointView {
  id: string;
  centerId: string;
  departmentId: string;
  name: string;
  url: string;
  secretHint: string;
  disabled: boolean;
  createdAt: string;
}

function toEndpoint(row: { id: string; center_id: string; department_id: string; name: string; url: string; secret_hint: string; disabled: boolean; created_at: Date }): WebhookEndpointView {
  return { id: row.id, centerId: row.center_id, departmentId: row.department_id, name: row.name, url: row.url, secretHint: row.secret_hint, disabled: row.disabled, createdAt: row.created_at.toISOString() };
}

export async function getWebhookEndpoint(executor: Executor, id: string): Promise<WebhookEndpointView> {
  const row = await executor.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('推送地址', id);
  return toEndpoint(row);
}

export async function listWebhookEndpoints(executor: Executor, departmentId: string): Promise<WebhookEndpointView[]> {
  const rows = await executor.selectFrom('webhook_endpoints').selectAll().where('department_id', '=', departmentId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toEndpoint);
}

/** Adds an endpoint; its signing secret is returned once. */
export async function createWebhookEndpoint(executor: Executor, actor: Actor, input: { departmentId: string; name: string; url: string }): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const problem = webhookUrlProblem(input.url);
  if (problem) throw badRequest('INVALID_URL', `推送地址不正确：${problem}`);
  return inTransaction(executor, async (trx) => {
    const department = await getDepartment(trx, input.departmentId);
    const id = newId();
    const secret = newToken(secretPrefix);
    await trx
      .insertInto('webhook_endpoints')
      .values({ id, center_id: department.centerId, department_id: department.id, name: input.name.trim(), url: input.url, secret, secret_hint: hintOf(secret, secretPrefix) })
      .execute();
    const endpoint = await getWebhookEndpoint(trx, id);
    await recordAudit(trx, actor, { action: 'webhook.create', entityType: 'webhook_endpoint', entityId: id, centerId: department.centerId, after: endpoint });
    return { endpoint, secret };
  });
}

/** Stops (or restarts) deliveries to an endpoint; its waiting deliveries wait until it is enabled again. */
export async function setWebhookEndpointDisabled(executor: Executor, actor: Actor, id: string, disabled: boolean, now = currentTime()): Promise<WebhookEndpointView> {
  return inTransaction(executor, async (trx) => {
    const before = await getWebhookEndpoint(trx, id);
    await trx.updateTable('webhook_endpoints').set({ disabled, updated_at: now }).where('id', '=', id).execute();
    const after = await getWebhookEndpoint(trx, id);
    await recordAudit(trx, actor, { action: disabled ? 'webhook.disable' : 'webhook.enable', entityType: 'webhook_endpoint', entityId: id, centerId: before.centerId, before, after });
    return after;
  });
}

// ------------------------------------------------------------------ deliveries

export interface DeliveryView {
  id: string;
  endpointId: string;
  endpointName: string;
  url: string;
  eventId: string;
  eventType: string;
  caseId: string | null;
  caseNo: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  responseExcerpt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

type DeliveryRow = Selectable<WebhookDeliveriesTable> & { endpoint_name: string; url: string };

function toDelivery(row: DeliveryRow): DeliveryView {
  let caseNo: string | null = null;
  try {
    caseNo = (JSON.parse(row.payload) as { case?: { caseNo?: string } }).case?.caseNo ?? null;
  } catch {
    caseNo = null;
  }
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    endpointName: row.endpoint_name,
    url: row.url,
    eventId: String(row.event_id),
    eventType: row.event_type,
    caseId: row.case_id,
    caseNo,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    responseExcerpt: row.response_excerpt,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

const deliveries = (executor: Executor) =>
  executor.selectFrom('webhook_deliveries as d').innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id').selectAll('d').select(['e.name as endpoint_name', 'e.url as url']);

export async function getDelivery(executor: Executor, id: string): Promise<DeliveryView & { centerId: string; departmentId: string }> {
  const row = await deliveries(executor).select(['e.center_id as center_id']).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('推送记录', id);
  return { ...toDelivery(row), centerId: row.center_id, departmentId: row.department_id };
}

export async function listDeliveries(executor: Executor, query: { departmentId: string; status?: DeliveryStatus; page: number; pageSize: number }): Promise<{ items: DeliveryView[]; total: number }> {
  let base = executor.selectFrom('webhook_deliveries').where('department_id', '=', query.departmentId);
  if (query.status) base = base.where('status', '=', query.status);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  let rows = deliveries(executor).where('d.department_id', '=', query.departmentId);
  if (query.status) rows = rows.where('d.status', '=', query.status);
  const items = await rows
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: items.map(toDelivery), total };
}

/** Puts a dead letter back in the queue: due at once, with a fresh round of attempts. */
export async function replayDelivery(executor: Executor, actor: Actor, id: string, now = currentTime()): Promise<DeliveryView> {
  return inTransaction(executor, async (trx) => {
    const before = await getDelivery(trx, id);
    if (before.status !== 'dead') throw conflict('NOT_DEAD_LETTER', '只有投递失败（死信）的记录可以重新投递');
    await trx.updateTable('webhook_deliveries').set({ status: 'pending', attempts: 0, next_attempt_at: now }).where('id', '=', id).where('status', '=', 'dead').execute();
    const { centerId: _c, departmentId: _d, ...after } = await getDelivery(trx, id);
    await recordAudit(trx, actor, { action: 'webhook_delivery.replay', entityType: 'webhook_delivery', entityId: id, centerId: before.centerId, before: { status: before.status, attempts: before.attempts }, after: { status: after.status } });
    return after;
  });
}

// ------------------------------------------------------------------ the dispatcher

const cursorName = 'webhooks';

export interface DispatchOptions {
  /** The clock: tests move it on instead of waiting for the back-off. */
  now?: Date;
  /** Events younger than this (by the database's clock) wait for the next round, so a transaction that commits late is not skipped. */
  settleMs?: number;
  /** Events read, and deliveries sent, per round. */
  batch?: number;
  fetch?: typeof fetch;
}

/**
 * Reads case.updated events after the stored cursor and creates one delivery per event and enabled
 * endpoint of the case's department (exactly once: the cursor row is locked, a unique key guards the
 * rest). A node that finds the cursor locked leaves the work to the node holding it.
 */
export async function enqueueDeliveries(executor: Executor, options: DispatchOptions = {}): Promise<number> {
  const now = options.now ?? currentTime();
  const settle = options.settleMs ?? settleMs;
  const batch = options.batch ?? 200;
  return inTransaction(executor, async (trx) => {
    const cursor = await trx.selectFrom('integration_cursors').select('last_event_id').where('name', '=', cursorName).forUpdate().skipLocked().executeTakeFirst();
    if (!cursor) return 0;
    const events = await trx
      .selectFrom('event_log')
      .selectAll()
      .where('id', '>', Number(cursor.last_event_id))
      .where('at', '<=', sql<Date>`now() - ${settle} * interval '1 millisecond'`)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (!events.length) return 0;
    let created = 0;
    const endpointsOf = new Map<string, { id: string }[]>();
    for (const event of events) {
      if (event.type !== 'case.updated') continue;
      const data = event.data as { caseId?: unknown; status?: unknown };
      if (typeof data.caseId !== 'string') continue;
      const found = await getCase(trx, data.caseId).catch(() => undefined);
      if (!found) continue;
      let endpoints = endpointsOf.get(found.departmentId);
      if (!endpoints) {
        endpoints = await trx.selectFrom('webhook_endpoints').select('id').where('department_id', '=', found.departmentId).where('disabled', '=', false).execute();
        endpointsOf.set(found.departmentId, endpoints);
      }
      if (!endpoints.length) continue;
      const payload = JSON.stringify({
        id: String(event.id),
        event: event.type,
        occurredAt: event.at.toISOString(),
        case: { ...found, status: typeof data.status === 'string' ? data.status : found.status, materials: undefined },
      });
      const inserted = await trx
        .insertInto('webhook_deliveries')
        .values(endpoints.map((e) => ({ id: newId(), endpoint_id: e.id, department_id: found.departmentId, event_id: event.id, event_type: event.type, case_id: found.id, payload, next_attempt_at: now })))
        .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
        .returning('id')
        .execute();
      created += inserted.length;
    }
    await trx.updateTable('integration_cursors').set({ last_event_id: events.at(-1)!.id }).where('name', '=', cursorName).execute();
    return created;
  });
}

interface Claimed {
  id: string;
  payload: string;
  attempts: number;
  event_id: string;
  url: string;
  secret: string;
}

/** How long a claimed delivery is left to its node before another may try it (the node may have died). */
const leaseMs = 60_000;

/** Reads at most `limit` bytes of a response body; the rest is dropped. */
async function readExcerpt(response: Response, limit = 4096): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return excerpt(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
}

/** One POST: the signed body, 5 s at most, redirects not followed. */
async function post(fetcher: typeof fetch, delivery: Claimed, now: Date): Promise<{ status: number | null; error: string | null; body: string | null }> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  try {
    const response = await fetcher(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(requestTimeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'OneDoor-Webhook/1',
        'x-onedoor-event-id': String(delivery.event_id),
        'x-onedoor-timestamp': timestamp,
        'x-onedoor-signature': signature(delivery.secret, timestamp, delivery.payload),
      },
      body: delivery.payload,
    });
    const body = await readExcerpt(response).catch(() => '');
    const redirect = response.status >= 300 && response.status < 400;
    return { status: response.status, error: isDelivered(response.status) ? null : redirect ? `HTTP ${response.status}：不跟随重定向` : `HTTP ${response.status}`, body };
  } catch (error) {
    const name = (error as { name?: string }).name;
    return { status: null, error: name === 'TimeoutError' || name === 'AbortError' ? `超时（${requestTimeoutMs / 1000} 秒）` : excerpt(String((error as { cause?: unknown }).cause ?? error), 300), body: null };
  }
}

/**
 * Sends the deliveries that are due. Each is claimed in one statement (SKIP LOCKED, with a lease), so
 * nodes never send the same attempt twice and no transaction stays open during the requests.
 */
export async function sendDueDeliveries(executor: Executor, options: DispatchOptions = {}): Promise<{ delivered: number; failed: number; dead: number }> {
  const now = options.now ?? currentTime();
  const fetcher = options.fetch ?? fetch;
  const batch = options.batch ?? 20;
  const { rows } = await sql<Claimed>`
    UPDATE webhook_deliveries d SET next_attempt_at = ${new Date(now.getTime() + leaseMs)}
    FROM webhook_endpoints e
    WHERE e.id = d.endpoint_id AND d.id IN (
      SELECT dd.id FROM webhook_deliveries dd JOIN webhook_endpoints ee ON ee.id = dd.endpoint_id
      WHERE dd.status = 'pending' AND dd.next_attempt_at <= ${now} AND NOT ee.disabled
      ORDER BY dd.next_attempt_at LIMIT ${batch}
      FOR UPDATE OF dd SKIP LOCKED)
    RETURNING d.id, d.payload, d.attempts, d.event_id::text AS event_id, e.url, e.secret`.execute(executor);
  const result = { delivered: 0, failed: 0, dead: 0 };
  await Promise.all(
    rows.map(async (delivery) => {
      const outcome = await post(fetcher, delivery, now);
      const attempts = delivery.attempts + 1;
      const common = { attempts, last_status: outcome.status, last_error: outcome.error, response_excerpt: outcome.body };
      let update;
      if (outcome.status !== null && isDelivered(outcome.status)) {
        update = { ...common, status: 'delivered' as const, delivered_at: now };
        result.delivered++;
      } else {
        const next = afterFailure(attempts, now);
        update = next.status === 'dead' ? { ...common, status: 'dead' as const } : { ...common, next_attempt_at: next.nextAttemptAt };
        result[next.status === 'dead' ? 'dead' : 'failed']++;
      }
      // Only if nobody took it over after the lease ran out.
      await executor.updateTable('webhook_deliveries').set(update).where('id', '=', delivery.id).where('attempts', '=', delivery.attempts).where('status', '=', 'pending').execute();
    }),
  );
  return result;
}

/** One round: new events become deliveries, then what is due is sent. */
export async function dispatchWebhooks(executor: Executor, options: DispatchOptions = {}) {
  const created = await enqueueDeliveries(executor, options);
  const sent = await sendDueDeliveries(executor, options);
  return { created, ...sent };
}

/** Runs a round every `intervalMs` on this node (rounds never overlap); returns how to stop it. */
export function startWebhookDispatcher(executor: Executor, options: { intervalMs: number; onError: (error: unknown) => void }): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = dispatchWebhooks(executor)
      .catch(options.onError)
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, options.intervalMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(tick, options.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
