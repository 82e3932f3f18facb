import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../platform/tables.ts';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface IntegrationKeysTable {
  id: string;
  center_id: string;
  department_id: string;
  name: string;
  /** SHA-256 of the key; the key itself is shown once. */
  token_hash: string;
  token_hint: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface WebhookEndpointsTable {
  id: string;
  center_id: string;
  department_id: string;
  name: string;
  url: string;
  /** The signing secret: needed in full to sign every delivery, so kept as it is and never answered again. */
  secret: string;
  secret_hint: string;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  department_id: string;
  event_id: ColumnType<string, number | string, never>;
  event_type: string;
  case_id: string | null;
  /** The exact body sent on every attempt (and signed). */
  payload: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date, Date>;
  last_status: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  delivered_at: Date | null;
  created_at: CreatedAt;
}

export interface IntegrationCursorsTable {
  name: string;
  last_event_id: ColumnType<string, number | string, number | string>;
}

export interface IntegrationTables {
  integration_keys: IntegrationKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  integration_cursors: IntegrationCursorsTable;
}
