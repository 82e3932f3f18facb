/** 不见面审批: what may be uploaded, how an online application moves, and who enters which shipment. */

/** The only kinds of file accepted, by the type sniffed from their bytes (the declared type is not trusted). */
export const allowedFileTypes = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' } as const;
export type AllowedFileType = keyof typeof allowedFileTypes;

export function isAllowedFileType(mime: string | undefined): mime is AllowedFileType {
  return mime !== undefined && Object.hasOwn(allowedFileTypes, mime);
}

/** Megabytes as shown to a person: "10 MB", "0.5 MB". */
export function sizeLabel(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(2))} MB`;
}

export type ApplicationStatus = 'pending' | 'returned' | 'passed';
export type ApplicationAction = 'pass' | 'return' | 'resubmit';

export const applicationStatusLabels: Record<ApplicationStatus, string> = { pending: '待预审', returned: '退回补正', passed: '预审通过' };

const transitions: Record<ApplicationStatus, Partial<Record<ApplicationAction, ApplicationStatus>>> = {
  pending: { pass: 'passed', return: 'returned' },
  returned: { resubmit: 'pending' },
  passed: {},
};

/** The status after an action, or undefined when the action is not allowed in that status. */
export function nextApplicationStatus(status: ApplicationStatus, action: ApplicationAction): ApplicationStatus | undefined {
  return transitions[status][action];
}

export type ResultDelivery = 'window' | 'post' | 'electronic';
export const deliveryLabels: Record<ResultDelivery, string> = { window: '窗口领取', post: '邮寄送达', electronic: '电子送达' };

/** Why a delivery choice cannot be taken: a posted result needs an address. */
export function deliveryProblem(delivery: ResultDelivery, address: string | undefined | null): string | undefined {
  if (delivery === 'post' && !address?.trim()) return '选择邮寄送达须填写收件地址';
  return undefined;
}

export interface ChecklistMaterial {
  id: string;
  name: string;
  required: boolean;
}

/**
 * What is wrong with the files given for a checklist: a required material without a file, or a file for a
 * material the checklist does not have.
 */
export function uploadProblems(checklist: ChecklistMaterial[], uploaded: { materialId: string }[]): string[] {
  const given = new Set(uploaded.map((u) => u.materialId));
  const problems = checklist.filter((m) => m.required && !given.has(m.id)).map((m) => `请上传「${m.name}」`);
  const known = new Set(checklist.map((m) => m.id));
  if (uploaded.some((u) => !known.has(u.materialId))) problems.push('上传的文件中有不属于该事项（情形）的材料');
  if (given.size !== uploaded.length) problems.push('同一材料只能上传一个文件');
  return problems;
}

/** On a return, every material sent back needs its reason, and only materials of the application can be sent back. */
export function returnProblems(materialIds: string[], reasons: { materialId: string; reason: string }[]): string[] {
  if (!reasons.length) return ['请至少写明一项材料的退回理由'];
  const problems: string[] = [];
  if (reasons.some((r) => !materialIds.includes(r.materialId))) problems.push('退回的材料不属于该申请');
  if (reasons.some((r) => !r.reason.trim())) problems.push('每项退回的材料须写明理由');
  if (new Set(reasons.map((r) => r.materialId)).size !== reasons.length) problems.push('同一材料只能写一条退回理由');
  return problems;
}

/** On a resubmission, every returned material needs a new file, and nothing else may be replaced. */
export function resubmitProblems(returned: ChecklistMaterial[], uploaded: { materialId: string }[]): string[] {
  const returnedIds = new Set(returned.map((m) => m.id));
  const given = new Set(uploaded.map((u) => u.materialId));
  const problems = returned.filter((m) => !given.has(m.id)).map((m) => `请重新上传「${m.name}」`);
  if (uploaded.some((u) => !returnedIds.has(u.materialId))) problems.push('只能重新上传被退回的材料');
  return problems;
}

export type ShipmentDirection = 'inbound' | 'outbound';
export const directionLabels: Record<ShipmentDirection, string> = { inbound: '申请人寄交原件', outbound: '中心寄出结果' };

/** Who enters which shipment: the applicant posts the paper originals in; staff post the result out. */
export const shipmentEnterer: Record<ShipmentDirection, 'citizen' | 'staff'> = { inbound: 'citizen', outbound: 'staff' };

/**
 * Why a shipment cannot be entered now: originals are posted in while the case is open; the result is posted
 * out once the case is completed with delivery by post, to an address.
 */
export function shipmentProblem(direction: ShipmentDirection, caseState: { status: string; delivery: string | null }, address: string | undefined | null): string | undefined {
  if (direction === 'inbound') return ['completed', 'refused'].includes(caseState.status) ? '办件已结束，无需再寄交原件' : undefined;
  if (caseState.status !== 'completed' || caseState.delivery !== 'post') return '办件以邮寄送达方式办结后才能登记寄出';
  if (!address?.trim()) return '寄出结果须填写收件地址';
  return undefined;
}

/** A tracking number as couriers print them: letters and digits, 6–30 long. */
export function isTrackingNumber(value: string): boolean {
  return /^[A-Za-z0-9]{6,30}$/.test(value.trim());
}
