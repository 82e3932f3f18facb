import { statements } from './statements.ts';

/** E-licences (电子证照) per holder, and the licence an approved case of an item issues. */
export const elicenses = statements([
  `CREATE TABLE elicenses (
    id text PRIMARY KEY,
    holder_kind text NOT NULL CHECK (holder_kind IN ('person','company')),
    holder_hash text NOT NULL,
    holder_name text NOT NULL,
    licence_type text NOT NULL,
    licence_no text NOT NULL UNIQUE,
    issuer text NOT NULL,
    issued_on text NOT NULL,
    valid_until text,
    revoked_at timestamptz,
    revoke_reason text,
    source_case_id text UNIQUE REFERENCES cases(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_until IS NULL OR valid_until >= issued_on)
  )`,
  `CREATE INDEX elicenses_holder_idx ON elicenses (holder_hash, licence_type)`,
  `CREATE TABLE item_result_licences (
    item_id text PRIMARY KEY REFERENCES items(id),
    licence_type text NOT NULL,
    valid_years integer CHECK (valid_years BETWEEN 1 AND 100),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
]);
