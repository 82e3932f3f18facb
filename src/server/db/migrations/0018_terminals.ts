import { statements } from './statements.ts';

/** 7×24 self-service terminals: their last heartbeat, the records they print from, the certificates they issued. */
export const terminals = statements([
  `CREATE TABLE terminal_heartbeats (
    device_id text PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
    printer text NOT NULL CHECK (printer IN ('ok','error','offline')),
    paper text NOT NULL CHECK (paper IN ('ok','low','out')),
    at timestamptz NOT NULL
  )`,
  `CREATE TABLE person_records (
    id_hash text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('social_insurance','real_estate')),
    data jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id_hash, kind)
  )`,
  `CREATE TABLE certificates (
    no text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('social_insurance','real_estate')),
    center_id text NOT NULL REFERENCES centers(id),
    device_id text NOT NULL,
    id_hash text NOT NULL,
    holder_name text NOT NULL,
    id_number text NOT NULL,
    issued_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX certificates_center_idx ON certificates (center_id, issued_at DESC)`,
]);
