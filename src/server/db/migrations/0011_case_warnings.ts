import { statements } from './statements.ts';

/**
 * 黄灯/红灯 as the periodic sweep last found them (so only a change is announced), and the 容缺 reminder
 * sent once per material. The level lives in a narrow table of its own, one row per warned case: the
 * first sweep over a million open cases may change a fifth of them, and updating that many rows of
 * `cases` (wide, seven indexes) took most of the sweep's time budget. No foreign key either: its check per row
 * cost more than the insert itself, and the sweep writes only ids it has just read from `cases`.
 */
export const caseWarnings = statements([
  `CREATE TABLE case_warnings (
    case_id text PRIMARY KEY,
    level text NOT NULL CHECK (level IN ('yellow','red')),
    since timestamptz NOT NULL DEFAULT now()
  )`,
  `ALTER TABLE case_materials ADD COLUMN reminded_at timestamptz`,
  // The sweep's 容缺 questions: which deferred materials are late, or due soon and not yet reminded of.
  `CREATE INDEX case_materials_deferred_idx ON case_materials (due_date) WHERE status = 'deferred'`,
]);
