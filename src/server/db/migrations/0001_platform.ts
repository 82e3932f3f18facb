import { statements } from './statements.ts';

export const platform = statements([
  `CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor_kind text NOT NULL CHECK (actor_kind IN ('user','device','system','anonymous')),
    actor_id text,
    actor_name text,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text,
    center_id text,
    before jsonb,
    after jsonb,
    ip text
  )`,
  `CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`,
  `CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`,
  `CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC)`,
  `CREATE TABLE event_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    type text NOT NULL,
    center_id text,
    audience text NOT NULL CHECK (audience IN ('public','staff')),
    data jsonb NOT NULL
  )`,
  `CREATE INDEX event_log_center_idx ON event_log (center_id, id)`,
]);
