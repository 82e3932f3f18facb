import { statements } from './statements.ts';

/**
 * Back-office steps per item (承办 → 审核 → 决定): an item's route as configured by an admin, the route a
 * case follows (copied when it first needs one, so a later edit does not move cases already under way),
 * and the opinion given at each step.
 */
export const caseWorkflow = statements([
  `CREATE TABLE item_workflows (
    item_id text PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    steps jsonb NOT NULL,
    same_handler_allowed boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE case_routes (
    case_id text PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    steps jsonb NOT NULL,
    same_handler_allowed boolean NOT NULL,
    position integer NOT NULL DEFAULT 0 CHECK (position >= 0)
  )`,
  `CREATE TABLE case_opinions (
    id serial PRIMARY KEY,
    case_id text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    position integer NOT NULL,
    step_name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('advance','send_back')),
    opinion text NOT NULL,
    actor_id text,
    actor_name text,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX case_opinions_case_idx ON case_opinions (case_id, id)`,
]);
