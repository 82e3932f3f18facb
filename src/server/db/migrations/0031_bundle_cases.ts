import { statements } from './statements.ts';

/**
 * 一件事 applications: one parent (numbered like a case, found by the public progress query) over a
 * child case per item; the parent's status is read from its children, never stored. No foreign key to
 * bundles: an admin may delete a 一件事 whose applications stay (they keep its name).
 */
export const bundleCases = statements([
  `CREATE TABLE bundle_cases (
    id text PRIMARY KEY,
    case_no text NOT NULL UNIQUE,
    bundle_id text NOT NULL,
    bundle_name text NOT NULL,
    center_id text NOT NULL REFERENCES centers(id),
    applicant_name text NOT NULL,
    applicant_identifier text NOT NULL,
    created_by text,
    idempotency_key text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE bundle_case_children (
    parent_id text NOT NULL REFERENCES bundle_cases(id) ON DELETE CASCADE,
    case_id text NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,
    sort integer NOT NULL,
    PRIMARY KEY (parent_id, case_id)
  )`,
]);
