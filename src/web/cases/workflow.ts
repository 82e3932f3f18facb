/** Back-office steps (承办 → 审核 → 决定) and 一件事 applications as the web app reads them (src/server/modules/cases/workflowSchema.ts is the source of truth). */
import type { CaseStatus } from './cases';

export interface Opinion {
  position: number;
  stepName: string;
  kind: 'advance' | 'send_back';
  opinion: string;
  actorName: string | null;
  at: string;
}

export interface CaseRoute {
  steps: string[];
  position: number;
  currentStep: string;
  atDecision: boolean;
  opinions: Opinion[];
}

/** GET /api/v1/cases/{id}/route: where the case stands, and the 一件事 it belongs to. */
export interface CaseRouteWithParent extends CaseRoute {
  parent: { id: string; caseNo: string; bundleName: string } | null;
}

export interface ItemWorkflow {
  itemId: string;
  steps: string[];
  sameHandlerAllowed: boolean;
  configured: boolean;
}

export interface BundleCase {
  id: string;
  caseNo: string;
  bundle: true;
  bundleId: string;
  bundleName: string;
  centerId: string;
  status: 'submitted' | 'in_progress' | 'finished';
  statusLabel: string;
  applicantName: string;
  children: { id: string; caseNo: string; itemId: string; itemName: string; status: CaseStatus; statusLabel: string }[];
  createdAt: string;
}

/** The step every route ends with (src/server/modules/cases/workflowRules.ts). */
export const decisionStep = '决定';
export const standardRoute = ['承办', '审核', decisionStep];
