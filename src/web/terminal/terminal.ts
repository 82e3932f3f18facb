/** Shapes of the terminal's own endpoints (server/modules/terminals/schema.ts). */

export type PrinterState = 'ok' | 'error' | 'offline';
export type PaperState = 'ok' | 'low' | 'out';

export interface TerminalStatus {
  id: string;
  name: string;
  centerId: string;
  centerName: string;
  disabled: boolean;
  lastHeartbeatAt: string | null;
  printer: PrinterState | null;
  paper: PaperState | null;
  online: boolean;
  down: string | null;
  warning: string | null;
}

/** The items one terminal offers; null: every terminal item of its center. */
export interface OfferedItems {
  itemIds: string[] | null;
}

/** 请工作人员帮我 from a kiosk or terminal (server/modules/terminals/schema.ts HelpRequest). */
export interface HelpRequest {
  id: string;
  centerId: string;
  deviceId: string;
  deviceName: string;
  status: 'open' | 'acknowledged';
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export const printerLabels: Record<PrinterState, string> = { ok: '正常', error: '故障', offline: '未连接' };
export const paperLabels: Record<PaperState, string> = { ok: '充足', low: '将尽', out: '已用完' };

export type CertificateKind = 'social_insurance' | 'real_estate';

export const certificateKinds: { kind: CertificateKind; title: string; hint: string }[] = [
  { kind: 'social_insurance', title: '社会保险参保缴费证明', hint: '参保单位、缴费月数、缴费基数' },
  { kind: 'real_estate', title: '不动产登记信息查询结果证明', hint: '名下不动产（有房 / 无房证明）' },
];

export interface IssuedCertificate {
  no: string;
  kind: CertificateKind;
  title: string;
  holderName: string;
  idNumber: string;
  issuedAt: string;
  centerName: string;
  statement: string;
  rows: [string, string][];
  verifyUrl: string;
  pdf: string;
}

export interface RateableTicket {
  ticketId: string;
  number: string;
  categoryName: string;
  rateable: boolean;
}
