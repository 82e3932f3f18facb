import { statements } from './statements.ts';

/** Feedback sent by a person signed in on the portal is theirs: listed under 我的诉求. */
export const feedbackCitizen = statements([
  `ALTER TABLE feedback ADD COLUMN citizen_id text REFERENCES citizens(id)`,
  `CREATE INDEX feedback_citizen_idx ON feedback (citizen_id, created_at DESC) WHERE citizen_id IS NOT NULL`,
]);
