import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string, string>;

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_kind: 'user' | 'device' | 'system' | 'anonymous' | 'citizen';
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  center_id: string | null;
  before: Json | null;
  after: Json | null;
  ip: string | null;
}

export interface EventLogTable {
  id: Generated<number>;
  at: CreatedAt;
  type: string;
  center_id: string | null;
  audience: 'public' | 'staff';
  data: Json;
}

export interface PlatformTables {
  audit_log: AuditLogTable;
  event_log: EventLogTable;
}

export type { CreatedAt, UpdatedAt };
