import type { Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';

export interface ItemWorkflowsTable {
  item_id: string;
  /** The step names in order; the last is always 决定. */
  steps: Json<string[]>;
  same_handler_allowed: Generated<boolean>;
  updated_at: UpdatedAt;
}

export interface CaseRoutesTable {
  case_id: string;
  steps: Json<string[]>;
  same_handler_allowed: boolean;
  /** The index of the step the case is at. */
  position: Generated<number>;
}

export interface CaseOpinionsTable {
  id: Generated<number>;
  case_id: string;
  position: number;
  step_name: string;
  kind: 'advance' | 'send_back';
  opinion: string;
  actor_id: string | null;
  actor_name: string | null;
  at: CreatedAt;
}

export interface BundleCasesTable {
  id: string;
  case_no: string;
  bundle_id: string;
  /** The 一件事's name when applied for. */
  bundle_name: string;
  center_id: string;
  applicant_name: string;
  /** The whole ID number or credit code, for the public progress query's suffix check. */
  applicant_identifier: string;
  created_by: string | null;
  idempotency_key: string | null;
  created_at: CreatedAt;
}

export interface BundleCaseChildrenTable {
  parent_id: string;
  case_id: string;
  sort: number;
}

export interface CaseWorkflowTables {
  item_workflows: ItemWorkflowsTable;
  case_routes: CaseRoutesTable;
  case_opinions: CaseOpinionsTable;
  bundle_cases: BundleCasesTable;
  bundle_case_children: BundleCaseChildrenTable;
}
