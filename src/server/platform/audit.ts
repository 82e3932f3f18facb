import type { Executor } from '../db/types.ts';

/** Who did something: a signed-in person, a device with its token, or the system itself (start-up, sweeps). */
export type Actor =
  | { kind: 'user'; id: string; name: string; ip?: string }
  | { kind: 'device'; id: string; name: string; ip?: string }
  /** A person signed in on the portal (the name masked). */
  | { kind: 'citizen'; id: string; name: string; ip?: string }
  | { kind: 'system'; name: string }
  | { kind: 'anonymous'; ip?: string };

export const systemActor = (name = '系统'): Actor => ({ kind: 'system', name });

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  centerId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit record in the caller's transaction, so a change and its record commit together. */
export async function recordAudit(executor: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await recordAudits(executor, actor, [entry]);
}

/** Writes the records of a batch of changes (an import) in one statement. */
export async function recordAudits(executor: Executor, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await executor
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        actor_kind: actor.kind,
        actor_id: actor.kind === 'user' || actor.kind === 'device' || actor.kind === 'citizen' ? actor.id : null,
        actor_name: actor.kind === 'anonymous' ? null : actor.name,
        ip: actor.kind === 'system' ? null : (actor.ip ?? null),
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId ?? null,
        center_id: entry.centerId ?? null,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
      })),
    )
    .execute();
}
