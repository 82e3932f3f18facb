import { statements } from './statements.ts';

export const cases = statements([
  `CREATE TABLE case_counters (
    day text PRIMARY KEY,
    last integer NOT NULL
  )`,
  `CREATE TABLE cases (
    id text PRIMARY KEY,
    case_no text NOT NULL UNIQUE,
    center_id text NOT NULL REFERENCES centers(id),
    item_id text NOT NULL REFERENCES items(id),
    item_name text NOT NULL,
    department_id text NOT NULL REFERENCES departments(id),
    channel text NOT NULL CHECK (channel IN ('window','online','terminal')),
    ticket_id text,
    situation_answers jsonb NOT NULL DEFAULT '{}',
    applicant_kind text NOT NULL CHECK (applicant_kind IN ('person','company')),
    applicant_name text NOT NULL,
    applicant_identifier text NOT NULL,
    applicant_hash text NOT NULL,
    applicant_contact text,
    applicant_phone text NOT NULL,
    status text NOT NULL CHECK (status IN ('submitted','supplement','accepted','suspended','decided','refused','completed')),
    mode text NOT NULL CHECK (mode IN ('immediate','promised')),
    legal_days integer NOT NULL,
    promised_days integer NOT NULL,
    accepted_on text,
    suspended_days integer NOT NULL DEFAULT 0,
    suspended_since text,
    suspend_reason text,
    legal_deadline text,
    promised_deadline text,
    approved boolean,
    decision_reason text,
    refusal_reason text,
    delivery text CHECK (delivery IN ('window','locker','post','electronic')),
    created_by text,
    idempotency_key text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
  )`,
  `CREATE INDEX cases_center_status_idx ON cases (center_id, status)`,
  `CREATE INDEX cases_department_status_idx ON cases (department_id, status)`,
  `CREATE INDEX cases_open_deadline_idx ON cases (promised_deadline) WHERE status IN ('accepted','suspended')`,
  `CREATE INDEX cases_applicant_idx ON cases (applicant_hash)`,
  `CREATE TABLE case_materials (
    case_id text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    material_id text NOT NULL,
    name text NOT NULL,
    required boolean NOT NULL,
    status text NOT NULL CHECK (status IN ('received','elicense','deferred','missing')),
    due_date text,
    supplied_at timestamptz,
    sort integer NOT NULL,
    PRIMARY KEY (case_id, material_id)
  )`,
  `CREATE TABLE case_steps (
    id bigserial PRIMARY KEY,
    case_id text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    action text NOT NULL,
    status text NOT NULL,
    actor_name text,
    note text,
    notice_no text,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX case_steps_case_idx ON case_steps (case_id, id)`,
  // Wrong guesses at the public progress query, per address: too many and the address waits.
  `CREATE TABLE case_query_failures (
    ip text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX case_query_failures_idx ON case_query_failures (ip, at)`,
]);
