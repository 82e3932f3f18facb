import type { Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { AgentLevel, RequestChannel, RequestStatus, ServiceKind } from './rules.ts';

/** 首席服务专员: the profile of a user holding the `agent` role. */
export interface AssistanceAgentTable {
  user_id: string;
  /** The center whose requests (and those of the centers under it) the agent serves. */
  center_id: string;
  level: AgentLevel;
  /** The district or park the agent serves; a park agent's park is matched to the request's park. */
  area: string | null;
  specialties: Json<string[]>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** 帮办申请: a company (or one of its projects) asking for help. */
export interface AssistanceRequestTable {
  id: string;
  center_id: string;
  company_name: string;
  credit_code: string;
  contact_name: string;
  contact_phone: string;
  /** 投资项目代码, as the project ledger knows it. */
  project_code: string | null;
  need: string;
  level: AgentLevel;
  park: string | null;
  channel: RequestChannel;
  /** The portal account that asked: the company's contact, who alone grants authorisations and rates. */
  citizen_id: string | null;
  entered_by: string | null;
  status: Generated<RequestStatus>;
  agent_user_id: string | null;
  assigned_at: Date | null;
  accepted_at: Date | null;
  completed_at: Date | null;
  withdrawn_at: Date | null;
  rating_score: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AssistanceAssignmentTable {
  id: string;
  request_id: string;
  agent_user_id: string;
  assigned_by: string;
  reason: string | null;
  /** Whether the manager took the system's suggestion. */
  suggested: boolean;
  assigned_at: Date;
  ended_at: Date | null;
}

export interface AssistancePlanStepTable {
  id: string;
  request_id: string;
  title: string;
  due_date: string;
  done_at: Date | null;
  created_at: CreatedAt;
}

/** 授权委托: the company lets the assigned agent submit on its behalf, for a scope, through a last day. */
export interface AssistanceAuthorisationTable {
  id: string;
  request_id: string;
  agent_user_id: string;
  scope: string;
  valid_until: string;
  granted_by: string;
  granted_at: Date;
  revoked_at: Date | null;
}

export interface AssistanceServiceTable {
  id: string;
  request_id: string;
  agent_user_id: string;
  kind: ServiceKind;
  service_date: string;
  minutes: number;
  note: string;
  /** The authorisation a submission on the company's behalf rested on. */
  authorisation_id: string | null;
  created_at: CreatedAt;
}

export interface AssistanceTables {
  assistance_agents: AssistanceAgentTable;
  assistance_requests: AssistanceRequestTable;
  assistance_assignments: AssistanceAssignmentTable;
  assistance_plan_steps: AssistancePlanStepTable;
  assistance_authorisations: AssistanceAuthorisationTable;
  assistance_services: AssistanceServiceTable;
}
