import { statements } from './statements.ts';

/**
 * 黄灯/红灯 kept on the case by the periodic sweep (so only a change is announced), and the 容缺 reminder
 * sent once per material.
 */
export const caseWarnings = statements([
  `ALTER TABLE cases ADD COLUMN warning_level text CHECK (warning_level IN ('yellow','red'))`,
  `ALTER TABLE case_materials ADD COLUMN reminded_at timestamptz`,
  // The sweep's 容缺 questions: which deferred materials are late, or due soon and not yet reminded of.
  `CREATE INDEX case_materials_deferred_idx ON case_materials (due_date) WHERE status = 'deferred'`,
  // Supervisors' lists of warned cases of a center.
  `CREATE INDEX cases_center_warning_idx ON cases (center_id, warning_level) WHERE warning_level IS NOT NULL`,
]);
