import { statements } from './statements.ts';

/** The portal's people: signed in by phone and a one-time code, real-name bound to an ID number; the personal code's scans. */
export const citizens = statements([
  `CREATE TABLE citizens (
    id text PRIMARY KEY,
    phone text NOT NULL,
    phone_hash text NOT NULL UNIQUE,
    name text,
    id_number text,
    id_hash text UNIQUE,
    real_name_at timestamptz,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE citizen_otps (
    id text PRIMARY KEY,
    phone_hash text NOT NULL,
    code_hash text NOT NULL,
    expires_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    used_at timestamptz,
    ip text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX citizen_otps_phone_idx ON citizen_otps (phone_hash, created_at DESC)`,
  `CREATE TABLE citizen_sessions (
    id text PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    citizen_id text NOT NULL REFERENCES citizens(id),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX citizen_sessions_citizen_idx ON citizen_sessions (citizen_id)`,
  // A personal code is usable once: its nonce is the key, so a second scan of the same code (a screenshot) finds it taken.
  `CREATE TABLE personal_code_scans (
    nonce text PRIMARY KEY,
    citizen_id text NOT NULL REFERENCES citizens(id),
    purpose text NOT NULL CHECK (purpose IN ('kiosk','window','terminal','locker')),
    scanner_kind text NOT NULL,
    scanner_id text,
    scanner_name text,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX personal_code_scans_citizen_idx ON personal_code_scans (citizen_id, at DESC)`,
  // Shared by every node: the key that signs personal codes is made once, on first use.
  `CREATE TABLE platform_secrets (
    name text PRIMARY KEY,
    value text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check`,
  `ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_kind_check CHECK (actor_kind IN ('user','device','system','anonymous','citizen'))`,
]);
