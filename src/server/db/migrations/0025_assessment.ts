import { statements } from './statements.ts';

/** 标杆大厅 assessment: rounds, their centers and criteria, automatic indicator values, self-scores, inspection findings and follow-ups. */
export const assessment = statements([
  `CREATE TABLE assessment_rounds (
    id text PRIMARY KEY,
    name text NOT NULL,
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    scope_center_id text REFERENCES centers(id),
    period_from text NOT NULL,
    period_to text NOT NULL,
    self_deadline text NOT NULL,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','self_assessment','inspection','published')),
    created_by text NOT NULL,
    published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (period_from <= period_to)
  )`,
  `CREATE TABLE assessment_round_centers (
    round_id text NOT NULL REFERENCES assessment_rounds(id),
    center_id text NOT NULL REFERENCES centers(id),
    PRIMARY KEY (round_id, center_id)
  )`,
  `CREATE INDEX assessment_round_centers_center_idx ON assessment_round_centers (center_id)`,
  `CREATE TABLE assessment_criteria (
    id text PRIMARY KEY,
    round_id text NOT NULL REFERENCES assessment_rounds(id),
    dimension text NOT NULL CHECK (dimension IN ('management','construction','service','innovation')),
    title text NOT NULL,
    description text,
    max_points double precision NOT NULL CHECK (max_points > 0),
    indicator text CHECK (indicator IN ('avg_wait','satisfaction_rate','on_time_rate','online_rate','callback_rate')),
    sort integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX assessment_criteria_round_idx ON assessment_criteria (round_id, sort)`,
  `CREATE TABLE assessment_indicator_values (
    criterion_id text NOT NULL REFERENCES assessment_criteria(id),
    center_id text NOT NULL REFERENCES centers(id),
    value double precision,
    points double precision NOT NULL,
    source jsonb NOT NULL,
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (criterion_id, center_id)
  )`,
  `CREATE TABLE assessment_self_scores (
    criterion_id text NOT NULL REFERENCES assessment_criteria(id),
    center_id text NOT NULL REFERENCES centers(id),
    score double precision NOT NULL CHECK (score >= 0),
    evidence text NOT NULL,
    links jsonb NOT NULL,
    scored_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (criterion_id, center_id)
  )`,
  `CREATE TABLE assessment_findings (
    id text PRIMARY KEY,
    round_id text NOT NULL REFERENCES assessment_rounds(id),
    center_id text NOT NULL REFERENCES centers(id),
    criterion_id text NOT NULL REFERENCES assessment_criteria(id),
    text text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('minor','major','critical')),
    inspector_score double precision CHECK (inspector_score >= 0),
    visited_on text NOT NULL,
    rectify_days integer NOT NULL CHECK (rectify_days > 0),
    due_date text NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','rectifying','closed')),
    inspector_id text NOT NULL,
    inspector_name text NOT NULL,
    closed_at timestamptz,
    closed_by text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX assessment_findings_round_idx ON assessment_findings (round_id, center_id, created_at)`,
  `CREATE TABLE assessment_follow_ups (
    id text PRIMARY KEY,
    finding_id text NOT NULL REFERENCES assessment_findings(id),
    text text NOT NULL,
    author_id text NOT NULL,
    author_name text NOT NULL,
    closes boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX assessment_follow_ups_finding_idx ON assessment_follow_ups (finding_id, created_at)`,
]);
