import { statements } from './statements.ts';

/** 暖企 support policies (catalogue items with eligibility criteria), company profiles, and 政务定制 bundles of cases. */
export const policies = statements([
  `CREATE TABLE policies (
    id text PRIMARY KEY,
    item_id text NOT NULL REFERENCES items(id),
    name text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('subsidy','relief','interest')),
    benefit text NOT NULL,
    criteria jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE company_profiles (
    credit_code text PRIMARY KEY,
    name text NOT NULL,
    industry text NOT NULL,
    employees integer NOT NULL CHECK (employees >= 0),
    revenue_fen bigint NOT NULL CHECK (revenue_fen >= 0),
    district text NOT NULL,
    founded_on text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE custom_bundles (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    credit_code text NOT NULL,
    company_name text NOT NULL,
    change_kind text NOT NULL,
    held_licences jsonb NOT NULL,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX custom_bundles_center_idx ON custom_bundles (center_id, created_at DESC)`,
  `CREATE TABLE custom_bundle_cases (
    case_id text PRIMARY KEY,
    bundle_id text NOT NULL REFERENCES custom_bundles(id),
    case_no text NOT NULL,
    sort integer NOT NULL
  )`,
]);
