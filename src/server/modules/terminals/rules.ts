/** What a terminal's native shell (or its browser page) says about its printer and paper. */
export const printerStates = ['ok', 'error', 'offline'] as const;
export type PrinterState = (typeof printerStates)[number];
export const paperStates = ['ok', 'low', 'out'] as const;
export type PaperState = (typeof paperStates)[number];

export interface DeviceStatus {
  printer: PrinterState;
  paper: PaperState;
}

/** A terminal that has not reported for longer than this counts as offline (it reports every 30 s). */
export const onlineWithinMinutes = 3;

export interface TerminalHealth {
  online: boolean;
  /** Why the terminal cannot serve people now, in Chinese; null when it can. */
  down: string | null;
  /** Something to see to before it stops the terminal (paper running low). */
  warning: string | null;
}

const printerDown: Record<Exclude<PrinterState, 'ok'>, string> = { error: '打印机故障', offline: '打印机未连接' };

/**
 * Whether a terminal is up, from its last heartbeat and what that heartbeat said. Silence decides first:
 * an old printer state says nothing about a terminal that stopped reporting.
 */
export function terminalHealth(lastHeartbeat: Date | null, now: Date, status: DeviceStatus | null): TerminalHealth {
  if (!lastHeartbeat || !status) return { online: false, down: '从未上报心跳（终端未开机或未打开终端页面）', warning: null };
  const silentMs = now.getTime() - lastHeartbeat.getTime();
  if (silentMs > onlineWithinMinutes * 60_000) return { online: false, down: `离线：超过 ${onlineWithinMinutes} 分钟未上报心跳`, warning: null };
  const problems = [status.printer !== 'ok' ? printerDown[status.printer] : null, status.paper === 'out' ? '打印纸已用完' : null].filter((p): p is string => p !== null);
  return { online: true, down: problems.length ? problems.join('，') : null, warning: status.paper === 'low' ? '打印纸即将用完' : null };
}

// ------------------------------------------------------------ certificates (证明开具)

export const certificateKinds = ['social_insurance', 'real_estate'] as const;
export type CertificateKind = (typeof certificateKinds)[number];

export const certificateTitles: Record<CertificateKind, string> = {
  social_insurance: '社会保险参保缴费证明',
  real_estate: '不动产登记信息查询结果证明',
};

/** The records a person has, as the demo (or a department's feed) stores them. */
export interface SocialInsuranceRecord {
  employer: string;
  insuranceTypes: string[];
  firstMonth: string;
  /** The last month paid, 'YYYY-MM'. */
  lastMonth: string;
  monthsPaid: number;
  /** The monthly contribution base in 分. */
  baseFen: number;
}

export interface RealEstateRecord {
  properties: { certificateNo: string; location: string; areaM2: number; use: string; registeredOn: string }[];
}

export type PersonRecord = { kind: 'social_insurance'; data: SocialInsuranceRecord } | { kind: 'real_estate'; data: RealEstateRecord };

/** 1234567 分 → 12,345.67 元 */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')} 元`;
}

/** 2026-03 → 2026年3月 */
const chineseMonth = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** The body of a certificate: the statement and its facts as label–value rows, the same on paper and on screen. */
export function certificateBody(record: PersonRecord): { statement: string; rows: [string, string][] } {
  if (record.kind === 'social_insurance') {
    const r = record.data;
    return {
      statement: `经查询，该参保人自${chineseMonth(r.firstMonth)}至${chineseMonth(r.lastMonth)}在本市参加社会保险，累计缴费 ${r.monthsPaid} 个月。`,
      rows: [
        ['参保单位', r.employer],
        ['参保险种', r.insuranceTypes.join('、')],
        ['缴费起止', `${chineseMonth(r.firstMonth)} 至 ${chineseMonth(r.lastMonth)}`],
        ['累计缴费月数', `${r.monthsPaid} 个月`],
        ['当前月缴费基数', yuan(r.baseFen)],
      ],
    };
  }
  const properties = record.data.properties;
  if (properties.length === 0) return { statement: '经查询，截至出具之日，该申请人在本市无不动产登记记录。', rows: [] };
  return {
    statement: `经查询，截至出具之日，该申请人在本市名下登记有不动产 ${properties.length} 处。`,
    rows: properties.flatMap((p, i): [string, string][] => [
      [`不动产 ${i + 1}`, p.location],
      ['不动产权证号', p.certificateNo],
      ['面积 / 用途', `${p.areaM2} 平方米 / ${p.use}`],
      ['登记日期', p.registeredOn],
    ]),
  };
}

/** Letters and digits nobody misreads on paper (no 0/O, 1/I/L). */
const numberAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * A certificate's number: the day it was issued and ten random characters, which are also what makes the
 * public check hard to guess (31^10 ≈ 8 × 10^14 per day). `random` gives values in [0, 1).
 */
export function certificateNumber(day: string, random: () => number): string {
  let tail = '';
  for (let i = 0; i < 10; i++) tail += numberAlphabet[Math.floor(random() * numberAlphabet.length)];
  return `ZM${day.replaceAll('-', '')}${tail}`;
}

export const certificateNumberPattern = `^ZM\\d{8}[${numberAlphabet}]{10}$`;

/** Required materials a terminal cannot take (no e-licence stands in for them): the names, to send the person to a window. */
export function paperMaterials(materials: { name: string; required: boolean; elicense: boolean }[]): string[] {
  return materials.filter((m) => m.required && !m.elicense).map((m) => m.name);
}
