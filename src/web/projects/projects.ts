import type { RoleName } from '../shared/types';

/** Shapes of /api/v1/projects…, /api/v1/policies… and /api/v1/custom-bundles… (src/server/modules/projects/schema.ts). */

export type Stage = 'attract' | 'approval' | 'land' | 'planning' | 'construction' | 'completion' | 'registration' | 'production';

export const stageOrder: Stage[] = ['attract', 'approval', 'land', 'planning', 'construction', 'completion', 'registration', 'production'];
export const stageLabels: Record<Stage, string> = {
  attract: '招商引资',
  approval: '立项',
  land: '用地',
  planning: '规划',
  construction: '施工许可',
  completion: '竣工验收',
  registration: '不动产登记',
  production: '投产',
};

/** Who keeps the ledger (the server's rule): the center's staff and 帮办代办 agents; supervisors read it. */
export const ledgerRoles: RoleName[] = ['admin', 'center_manager', 'window_staff', 'agent', 'supervisor'];
export const ledgerWriterRoles: RoleName[] = ['admin', 'center_manager', 'window_staff', 'agent'];
export const bundleRoles: RoleName[] = ['admin', 'center_manager', 'window_staff'];

export interface Bottleneck {
  stage: Stage;
  kind: 'over_norm' | 'case_overdue' | 'case_due_soon';
  reason: string;
  caseNo?: string;
}

export interface ProjectSummary {
  id: string;
  code: string;
  name: string;
  ownerCreditCode: string;
  ownerName: string;
  location: string;
  centerId: string;
  centerName: string;
  stage: Stage;
  stageLabel: string;
  stageDays: number;
  linkedCases: number;
  bottlenecks: Bottleneck[];
  createdAt: string;
}

export interface StageItem {
  code: string;
  name: string;
}

export interface LinkedCase {
  caseId: string;
  caseNo: string;
  stage: Stage;
  itemCode: string;
  itemName: string;
  status: string;
  statusLabel: string;
  completed: boolean;
  promisedDeadline: string | null;
  warning: 'due_soon' | 'overdue' | null;
  linkedBy: string | null;
  linkedAt: string;
}

export interface StageView {
  stage: Stage;
  label: string;
  state: 'done' | 'current' | 'ahead';
  enteredAt: string | null;
  leftAt: string | null;
  elapsedDays: number | null;
  normDays: number | null;
  requiredItems: StageItem[];
  nextRequiredItems: StageItem[];
  cases: LinkedCase[];
  overrideReason: string | null;
}

export interface ProjectAssistance {
  id: string;
  need: string;
  status: string;
  statusLabel: string;
  levelLabel: string;
  agentName: string | null;
  totalMinutes: number;
  services: { kindLabel: string; date: string; minutes: number; note: string; agentName: string }[];
}

export interface ProjectDetail extends ProjectSummary {
  stages: StageView[];
  assistance: ProjectAssistance[];
  history: { stage: Stage; stageLabel: string; enteredAt: string; enteredBy: string | null; leftAt: string | null; leftBy: string | null; overrideReason: string | null }[];
}

export interface LedgerFigures {
  companies: number;
  projects: number;
  byStage: { stage: Stage; label: string; projects: number }[];
  linkedCases: number;
  customBundles: number;
  assistance: { companies: number; projects: number; services: number; minutes: number } | null;
}

export const industries = ['制造业', '批发和零售业', '住宿和餐饮业', '信息传输、软件和信息技术服务业', '建筑业', '交通运输、仓储和邮政业', '科学研究和技术服务业', '租赁和商务服务业', '居民服务、修理和其他服务业', '文化、体育和娱乐业', '农、林、牧、渔业'];

export interface CompanyProfile {
  creditCode: string;
  name: string;
  industry: string;
  employees: number;
  revenueFen: number;
  district: string;
  foundedOn: string;
}

export interface Policy {
  id: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  departmentName: string;
  name: string;
  kind: 'subsidy' | 'relief' | 'interest';
  benefit: string;
}

export const policyKindLabels: Record<Policy['kind'], string> = { subsidy: '补贴', relief: '减免缓缴', interest: '贴息' };

export interface Suggestions {
  profile: CompanyProfile;
  eligible: (Policy & { reasons: string[] })[];
  nearMisses: (Policy & { reasons: string[]; missing: string[] })[];
}

export const changeLabels = { address: '地址变更', name: '名称变更', legal_representative: '法定代表人变更', scope: '经营范围变更' } as const;
export type ChangeKind = keyof typeof changeLabels;

export interface ProposalItem {
  id: string;
  code: string;
  name: string;
  departmentName: string;
  promisedDays: number;
  situations: { id: string; question: string; options: { id: string; label: string }[] }[];
}

export interface CustomBundle {
  id: string;
  companyName: string;
  change: string;
  cases: { caseId: string; caseNo: string; itemName: string; statusLabel: string; promisedDeadline: string | null }[];
}
