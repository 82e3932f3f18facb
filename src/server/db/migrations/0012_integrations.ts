import { statements } from './statements.ts';

/** Department systems (实时对接): API keys, webhook endpoints, deliveries, and the dispatcher's place in event_log. */
export const integrations = statements([
  `CREATE TABLE integration_keys (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id) ON DELETE CASCADE,
    department_id text NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    token_hint text NOT NULL,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
  `CREATE INDEX integration_keys_department_idx ON integration_keys (department_id, created_at)`,
  `CREATE TABLE webhook_endpoints (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id) ON DELETE CASCADE,
    department_id text NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
    name text NOT NULL,
    url text NOT NULL,
    secret text NOT NULL,
    secret_hint text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX webhook_endpoints_department_idx ON webhook_endpoints (department_id) WHERE NOT disabled`,
  `CREATE TABLE webhook_deliveries (
    id text PRIMARY KEY,
    endpoint_id text NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    department_id text NOT NULL,
    event_id bigint NOT NULL,
    event_type text NOT NULL,
    case_id text,
    payload text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','dead')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_status integer,
    last_error text,
    response_excerpt text,
    delivered_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, event_id)
  )`,
  `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
  `CREATE INDEX webhook_deliveries_department_idx ON webhook_deliveries (department_id, created_at DESC)`,
  // How far the dispatcher has read event_log; its row is locked while one node fans events out.
  `CREATE TABLE integration_cursors (
    name text PRIMARY KEY,
    last_event_id bigint NOT NULL
  )`,
  `INSERT INTO integration_cursors (name, last_event_id) VALUES ('webhooks', 0)`,
]);
