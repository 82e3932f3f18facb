import type { ColumnType } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { PolicyCriteria, Stage } from './rules.ts';

export interface ProjectsTable {
  id: string;
  /** 投资项目代码. */
  code: string;
  name: string;
  /** The owner company's unified social credit code (GB 32100): its cases are the ones that may be linked. */
  owner_credit_code: string;
  owner_name: string;
  location: string;
  center_id: string;
  stage: Stage;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One stay of a project in a stage; the open one (no left_at) is its current stage. */
export interface ProjectStageVisitsTable {
  id: string;
  project_id: string;
  stage: Stage;
  entered_at: Date;
  entered_by: string | null;
  left_at: Date | null;
  left_by: string | null;
  /** Why the stage was left with required items not done (an explicit, audited override). */
  override_reason: string | null;
}

export interface ProjectCasesTable {
  case_id: string;
  project_id: string;
  stage: Stage;
  case_no: string;
  linked_by: string | null;
  linked_at: CreatedAt;
}

export interface ProjectStageSettingsTable {
  stage: Stage;
  /** Working days a stage should take; null: no norm. */
  norm_days: number | null;
  updated_at: UpdatedAt;
}

export interface ProjectStageItemsTable {
  stage: Stage;
  item_code: string;
  item_name: string;
  sort: number;
}

export interface PoliciesTable {
  id: string;
  item_id: string;
  name: string;
  kind: 'subsidy' | 'relief' | 'interest';
  benefit: string;
  criteria: Json<PolicyCriteria>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CompanyProfilesTable {
  credit_code: string;
  name: string;
  industry: string;
  employees: number;
  /** bigint: PostgreSQL hands it back as a string. */
  revenue_fen: ColumnType<string | number, number, number>;
  district: string;
  founded_on: string;
  updated_at: UpdatedAt;
}

export interface CustomBundlesTable {
  id: string;
  center_id: string;
  credit_code: string;
  company_name: string;
  change_kind: string;
  held_licences: Json<string[]>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CustomBundleCasesTable {
  case_id: string;
  bundle_id: string;
  case_no: string;
  sort: number;
}

export interface ProjectTables {
  projects: ProjectsTable;
  project_stage_visits: ProjectStageVisitsTable;
  project_cases: ProjectCasesTable;
  project_stage_settings: ProjectStageSettingsTable;
  project_stage_items: ProjectStageItemsTable;
  policies: PoliciesTable;
  company_profiles: CompanyProfilesTable;
  custom_bundles: CustomBundlesTable;
  custom_bundle_cases: CustomBundleCasesTable;
}
