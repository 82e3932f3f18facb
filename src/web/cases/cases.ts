/** Cases (办件) as the web app reads them (src/server/modules/cases/schema.ts is the source of truth), their Chinese names and shared requests. */
import { api, fetchBlob } from '../shared/api';

export type CaseStatus = 'submitted' | 'supplement' | 'accepted' | 'suspended' | 'decided' | 'refused' | 'completed';
export type MaterialStatus = 'received' | 'elicense' | 'deferred' | 'missing';
export type Delivery = 'window' | 'locker' | 'post' | 'electronic';

export interface CaseMaterial {
  materialId: string;
  name: string;
  required: boolean;
  status: MaterialStatus;
  dueDate: string | null;
}

export interface CaseView {
  id: string;
  caseNo: string;
  status: CaseStatus;
  statusLabel: string;
  centerId: string;
  itemId: string;
  itemName: string;
  departmentId: string;
  channel: string;
  ticketId: string | null;
  applicant: { kind: 'person' | 'company'; name: string; identifier: string; phone: string; contact: string | null };
  mode: 'immediate' | 'promised';
  legalDays: number;
  promisedDays: number;
  acceptedOn: string | null;
  legalDeadline: string | null;
  promisedDeadline: string | null;
  suspended: { since: string; reason: string | null } | null;
  warning: 'due_soon' | 'overdue' | null;
  approved: boolean | null;
  decisionReason: string | null;
  refusalReason: string | null;
  delivery: Delivery | null;
  materials: CaseMaterial[];
  createdAt: string;
}

export interface CaseStep {
  action: string;
  name: string;
  status: CaseStatus;
  actorName: string | null;
  note: string | null;
  noticeNo: string | null;
  at: string;
}

export type Applicant =
  | { kind: 'person'; idNumber: string; name: string; phone: string }
  | { kind: 'company'; creditCode: string; name: string; contact: string; phone: string };

export interface CreateCaseBody {
  itemId: string;
  centerId?: string;
  applicant: Applicant;
  ticketId?: string;
  answers?: Record<string, string>;
  channel: 'window';
  materials: { materialId: string; status: MaterialStatus; dueDate?: string }[];
}

export const caseStatusColors: Record<CaseStatus, string> = {
  submitted: 'default',
  supplement: 'orange',
  accepted: 'processing',
  suspended: 'purple',
  decided: 'cyan',
  refused: 'red',
  completed: 'success',
};

export const materialStatusLabels: Record<MaterialStatus, string> = { received: '收取', elicense: '电子证照', deferred: '容缺', missing: '缺少' };
export const materialStatusColors: Record<MaterialStatus, string> = { received: 'green', elicense: 'blue', deferred: 'gold', missing: 'red' };

export const deliveryLabels: Record<Delivery, string> = { window: '窗口领取', locker: '智能柜', post: '邮寄', electronic: '电子' };

export const warningLabels = { overdue: '超期（红灯）', due_soon: '临近期限（黄灯）' } as const;
export const warningColors = { overdue: 'red', due_soon: 'gold' } as const;

/** The steps that stop the clock (RULES.md, "Items and acceptance"). */
export const suspendReasons = ['补正', '专家评审', '听证', '公示'] as const;

/** A fresh key for one submission: a retry or a double click sends the same one and gets the same case. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export const caseAction = <T = CaseView>(id: string, action: string, body?: unknown) => api.post<T>(`/api/v1/cases/${id}/${action}`, body);

/**
 * Opens the case's latest notice (受理 / 不予受理 / 一次性告知) as a PDF in a new tab. The tab is opened
 * at once, within the click, so no pop-up blocker stops it; the PDF, fetched with the bearer token, follows.
 */
export async function openNotice(caseId: string): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const blob = await fetchBlob(`/api/v1/cases/${caseId}/notice.pdf`);
    const url = URL.createObjectURL(blob);
    if (tab) tab.location.href = url;
    else window.location.assign(url);
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    tab?.close();
    throw error;
  }
}
