/** 智能柜 as the web app reads it (src/server/modules/lockers/schema.ts is the source of truth) and its Chinese names. */

export type CompartmentSize = 'small' | 'medium' | 'large';
export type CollectedBy = 'pickup_code' | 'personal_code' | 'staff';
export type DepositStatus = 'waiting' | 'overdue' | 'collected';

export interface LockerDeposit {
  id: string;
  lockerId: string;
  lockerName: string;
  compartmentId: string;
  compartmentLabel: string;
  centerId: string;
  caseId: string | null;
  caseNo: string | null;
  itemName: string;
  /** Masked by the server. */
  recipientName: string;
  /** Masked by the server. */
  recipientPhone: string;
  depositedAt: string;
  depositedBy: string;
  overdue: boolean;
  collectedAt: string | null;
  collectedBy: CollectedBy | null;
  collectNote: string | null;
}

export interface Compartment {
  id: string;
  label: string;
  size: CompartmentSize;
  disabled: boolean;
  deposit: LockerDeposit | null;
}

/** GET /api/v1/lockers/state: what the locker's idle screen says about itself. */
/** A locker of a center, as staff choose it: how full it is. */
export interface LockerSummary {
  id: string;
  name: string;
  hallId: string | null;
  total: number;
  free: number;
  occupied: number;
}

export interface LockerState {
  name: string;
  centerId: string;
  total: number;
  free: number;
  occupied: number;
}

export interface OpenedCompartment {
  label: string;
  itemName: string;
  caseNo: string | null;
  recipientName: string;
}

export interface LockerSettings {
  uncollectedDays: number;
}

export const sizeLabels: Record<CompartmentSize, string> = { small: '小格', medium: '中格', large: '大格' };
export const collectedByLabels: Record<CollectedBy, string> = { pickup_code: '取件码开柜', personal_code: '个人码开柜', staff: '工作人员取出' };
export const depositStatusLabels: Record<DepositStatus, string> = { waiting: '待取', overdue: '超期未取', collected: '已取' };

/** What the one input of the locker screen holds: six digits are the SMS pickup code, anything else a scanned personal code. */
export function openRequestFor(entry: string): { pickupCode: string } | { personalCode: string } {
  const text = entry.trim();
  return /^\d{6}$/.test(text) ? { pickupCode: text } : { personalCode: text };
}

/** "A03" or "A03、A05": the doors one answer opened. */
export const doorLabels = (opened: OpenedCompartment[]): string => opened.map((o) => o.label).join('、');
