import type { Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../platform/tables.ts';
import type { FeedbackChannel, FeedbackKind, FeedbackStatus, Satisfaction } from './rules.ts';

export interface FeedbackTable {
  id: string;
  center_id: string;
  kind: FeedbackKind;
  text: string;
  /** How to reach the person (a name, an address), as they gave it. */
  contact: string | null;
  /** A mobile number: the answer is sent there by SMS. */
  phone: string | null;
  channel: FeedbackChannel;
  department_id: string | null;
  status: Generated<FeedbackStatus>;
  due_date: string;
  answer: string | null;
  answered_at: Date | null;
  answered_by: string | null;
  satisfaction: Satisfaction | null;
  satisfaction_at: Date | null;
  /** The staff member who entered a call, letter or visit. */
  entered_by: string | null;
  /** The portal account that sent it (我的诉求); null from a terminal, staff or someone not signed in. */
  citizen_id: Generated<string | null>;
  escalated_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FeedbackTables {
  feedback: FeedbackTable;
}
