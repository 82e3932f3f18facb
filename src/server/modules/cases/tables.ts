import type { Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { CaseStatus, MaterialStatus, WarningLevel } from './rules.ts';

export interface CaseCountersTable {
  day: string;
  last: number;
}

export interface CasesTable {
  id: string;
  /** Printed on notices, asked for by the public progress query. */
  case_no: string;
  center_id: string;
  item_id: string;
  /** The item's name when the case was made (a later rename does not rewrite history). */
  item_name: string;
  department_id: string;
  channel: 'window' | 'online' | 'terminal';
  ticket_id: string | null;
  situation_answers: Json<Record<string, string>>;
  applicant_kind: 'person' | 'company';
  applicant_name: string;
  /** The whole ID number or credit code (read unmasked only with an audit record). */
  applicant_identifier: string;
  applicant_hash: string;
  applicant_contact: string | null;
  applicant_phone: string;
  status: CaseStatus;
  mode: 'immediate' | 'promised';
  legal_days: number;
  promised_days: number;
  /** 'YYYY-MM-DD' (Asia/Shanghai) of 受理; deadlines count working days after it. */
  accepted_on: string | null;
  /** Working days the clock stood still in finished suspensions. */
  suspended_days: Generated<number>;
  suspended_since: string | null;
  suspend_reason: string | null;
  legal_deadline: string | null;
  promised_deadline: string | null;
  approved: boolean | null;
  decision_reason: string | null;
  refusal_reason: string | null;
  delivery: 'window' | 'locker' | 'post' | 'electronic' | null;
  created_by: string | null;
  idempotency_key: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  completed_at: Date | null;
}

export interface CaseMaterialsTable {
  case_id: string;
  material_id: string;
  name: string;
  required: boolean;
  status: MaterialStatus;
  /** For a 容缺 material: the date the applicant promised to supply it by. */
  due_date: string | null;
  supplied_at: Date | null;
  /** When the applicant was reminded of a 容缺 material's due date (once). */
  reminded_at: Generated<Date | null>;
  sort: number;
}

export interface CaseStepsTable {
  id: Generated<number>;
  case_id: string;
  action: string;
  status: CaseStatus;
  actor_name: string | null;
  note: string | null;
  /** The number of the written notice the step produced (受理/不予受理/一次性告知通知书). */
  notice_no: string | null;
  at: CreatedAt;
}

export interface CaseQueryFailuresTable {
  ip: string;
  at: CreatedAt;
}

/** The warning the last sweep found on a case (no row: none); changes are announced as `case.warning`. */
export interface CaseWarningsTable {
  case_id: string;
  level: WarningLevel;
  since: Generated<Date>;
}

export interface CaseTables {
  case_warnings: CaseWarningsTable;
  case_query_failures: CaseQueryFailuresTable;
  case_counters: CaseCountersTable;
  cases: CasesTable;
  case_materials: CaseMaterialsTable;
  case_steps: CaseStepsTable;
}
