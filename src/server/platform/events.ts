import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Executor } from '../db/types.ts';

/** Who may receive an event on the live streams: everyone in the hall, or staff allowed to watch the center. */
export type Audience = 'public' | 'staff';

export interface DomainEvent {
  id: number;
  type: string;
  centerId: string | null;
  audience: Audience;
  data: Record<string, unknown>;
  at: string;
}

export interface NewEvent {
  type: string;
  centerId: string | null;
  audience: Audience;
  data: Record<string, unknown>;
}

const channel = 'onedoor_events';

/**
 * Records an event inside the caller's transaction and notifies every node. PostgreSQL delivers a NOTIFY
 * only when the transaction commits, so listeners never see an event whose change was rolled back.
 */
export async function publishEvent(executor: Executor, event: NewEvent): Promise<DomainEvent> {
  // One statement: the row, and its notification built from it (busy paths publish on every action).
  // NOTIFY payloads are limited to 8000 bytes; a large event is announced by id and read back from the log.
  const data = JSON.stringify(event.data);
  const { rows } = await sql<{ id: number; at: Date }>`
    WITH e AS (
      INSERT INTO event_log (type, center_id, audience, data) VALUES (${event.type}, ${event.centerId}, ${event.audience}, ${data}::jsonb)
      RETURNING id, at
    ), p AS (
      SELECT e.id, e.at, json_build_object(
        'id', e.id, 'type', ${event.type}::text, 'centerId', ${event.centerId}::text, 'audience', ${event.audience}::text,
        'data', ${data}::jsonb, 'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      )::text AS payload FROM e
    )
    SELECT id, at, pg_notify(${channel}, CASE WHEN octet_length(payload) < 7800 THEN payload ELSE json_build_object('id', id, 'ref', true)::text END) AS notified
    FROM p`.execute(executor);
  const row = rows[0]!;
  return { ...event, id: row.id, at: new Date(row.at).toISOString() };
}

function toEvent(row: { id: number; type: string; center_id: string | null; audience: Audience; data: unknown; at: Date }): DomainEvent {
  return { id: row.id, type: row.type, centerId: row.center_id, audience: row.audience, data: row.data as Record<string, unknown>, at: row.at.toISOString() };
}

/** Events of a center after a given id, oldest first: how a reconnecting screen catches up. */
export async function eventsSince(executor: Executor, centerId: string, afterId: number, limit = 500): Promise<DomainEvent[]> {
  const rows = await executor
    .selectFrom('event_log')
    .selectAll()
    .where('center_id', '=', centerId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

export type EventListener = (event: DomainEvent) => void;

/** One process-wide subscription to the database's notifications, fanned out to in-process listeners. */
export class EventBus {
  #listeners = new Set<EventListener>();
  #stop: (() => Promise<void>) | undefined;

  constructor(private readonly database: Database) {}

  async start(): Promise<void> {
    this.#stop = await this.database.listen(channel, (payload) => void this.#deliver(payload));
  }

  async #deliver(payload: string): Promise<void> {
    let event: DomainEvent | { id: number; ref: true };
    try {
      event = JSON.parse(payload) as DomainEvent | { id: number; ref: true };
    } catch {
      return;
    }
    if ('ref' in event) {
      const row = await this.database.db.selectFrom('event_log').selectAll().where('id', '=', event.id).executeTakeFirst();
      if (!row) return;
      event = toEvent(row);
    }
    for (const listener of this.#listeners) listener(event);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  async stop(): Promise<void> {
    this.#listeners.clear();
    await this.#stop?.();
  }
}
