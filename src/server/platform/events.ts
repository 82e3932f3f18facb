import { isExpression, sql, type RawBuilder } from 'kysely';
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
 * Records events inside the caller's transaction, in one statement; a trigger on event_log notifies every
 * node (migration 0010). PostgreSQL delivers a NOTIFY only when the transaction commits, so listeners
 * never see an event whose change was rolled back.
 */
export async function publishEvents(executor: Executor, events: NewEvent[]): Promise<DomainEvent[]> {
  if (!events.length) return [];
  const rows = await executor
    .insertInto('event_log')
    .values(events.map((e) => ({ type: e.type, center_id: e.centerId, audience: e.audience, data: JSON.stringify(e.data) })))
    .returning(['id', 'at'])
    .execute();
  return events.map((e, i) => ({ ...e, id: Number(rows[i]!.id), at: new Date(rows[i]!.at).toISOString() }));
}

export async function publishEvent(executor: Executor, event: NewEvent): Promise<DomainEvent> {
  return (await publishEvents(executor, [event]))[0]!;
}

/** An event to record for each row of a CTE: its center and data values, or SQL over the row's columns. */
export interface SourcedEvent extends Omit<NewEvent, 'centerId' | 'data'> {
  centerId: string | null | RawBuilder<unknown>;
  data: Record<string, unknown> | RawBuilder<unknown>;
}

/**
 * An INSERT of the events for each row of `source`, a data-modifying CTE of the caller's statement (none
 * when it changed nothing): a change and its announcement in one statement, so the busy paths need no
 * transaction around them. Use it as a CTE of its own: `WITH u AS (…), e AS (${eventsFrom('u', …)}) …`.
 */
export function eventsFrom(source: string, events: SourcedEvent[]): RawBuilder<Record<string, unknown>> {
  const rows = events.map((e) => {
    const data = isExpression(e.data) ? e.data : sql`${JSON.stringify(e.data)}`;
    const centerId = isExpression(e.centerId) ? e.centerId : sql`${e.centerId}`;
    return sql`(${e.type}::text, (${centerId})::text, ${e.audience}::text, (${data})::jsonb)`;
  });
  // In parentheses: Kysely puts a raw CTE body after AS as it is.
  return sql<Record<string, unknown>>`(INSERT INTO event_log (type, center_id, audience, data)
    SELECT v.type, v.center_id, v.audience, v.data FROM ${sql.table(source)}, LATERAL (VALUES ${sql.join(rows)}) AS v(type, center_id, audience, data))`;
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
