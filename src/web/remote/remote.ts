/** 不见面审批 on the web: the shapes the remote module answers with, and the upload of one file. */
import { citizenRequest } from '../shared/citizenAuth';

export type ResultDelivery = 'window' | 'post' | 'electronic';
export const resultDeliveryLabels: Record<ResultDelivery, string> = { window: '窗口领取', post: '邮寄送达', electronic: '电子送达' };
export const applicationStatusColors: Record<string, string> = { pending: 'processing', returned: 'warning', passed: 'success' };

export interface RemoteFile {
  id: string;
  name: string;
  type: string;
  typeLabel: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface OnlineApplication {
  id: string;
  centerId: string;
  itemId: string;
  itemName: string;
  optionIds: string[];
  applicantName: string;
  delivery: ResultDelivery;
  deliveryLabel: string;
  deliveryAddress: string | null;
  status: 'pending' | 'returned' | 'passed';
  statusLabel: string;
  returnNote: string | null;
  submittedAt: string;
  reviewedAt: string | null;
  materials: { materialId: string; name: string; required: boolean; file: RemoteFile | null; returnReason: string | null }[];
  case: { id: string; caseNo: string; status: string; statusLabel: string; missing: { materialId: string; name: string }[] } | null;
}

export interface Shipment {
  id: string;
  caseId: string;
  direction: 'inbound' | 'outbound';
  directionLabel: string;
  courier: string;
  trackingNo: string;
  address: string | null;
  enteredBy: string | null;
  createdAt: string;
}

export interface Supplement {
  id: string;
  caseId: string;
  materialId: string;
  materialName: string;
  file: RemoteFile;
  confirmed: boolean;
  confirmedAt: string | null;
  createdAt: string;
}

export interface RemoteFacts {
  applicationId: string | null;
  delivery: ResultDelivery | null;
  deliveryAddress: string | null;
  supplements: Supplement[];
  shipments: Shipment[];
}

export const acceptedFileTypes = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

export const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * Uploads one file as the signed-in citizen. The multipart body is put together here with a boundary of our
 * own, so it goes through the same request helper (and its error handling) as every other call.
 */
export function uploadFile(file: File): Promise<RemoteFile> {
  const boundary = `onedoor-${crypto.randomUUID()}`;
  const safeName = file.name.replace(/["\r\n]/g, '_');
  const body = new Blob([`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`, file, `\r\n--${boundary}--\r\n`]);
  return citizenRequest<RemoteFile>('POST', '/api/v1/citizen/me/files', { file: { body, contentType: `multipart/form-data; boundary=${boundary}` } });
}
