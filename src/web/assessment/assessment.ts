/** 标杆大厅考评: the shapes the server answers (src/server/modules/assessment/schema.ts) and their labels on screens. */

export type Dimension = 'management' | 'construction' | 'service' | 'innovation';
export type Indicator = 'avg_wait' | 'satisfaction_rate' | 'on_time_rate' | 'online_rate' | 'callback_rate';
export type RoundStatus = 'draft' | 'self_assessment' | 'inspection' | 'published';
export type Severity = 'minor' | 'major' | 'critical';

export const dimensionOptions: { value: Dimension; label: string }[] = [
  { value: 'management', label: '管理完善度' },
  { value: 'construction', label: '建设规范度' },
  { value: 'service', label: '服务成熟度' },
  { value: 'innovation', label: '应用创新度' },
];

export const indicatorOptions: { value: Indicator; label: string }[] = [
  { value: 'avg_wait', label: '平均等候时长（≤10 分钟满分，≥40 分钟不得分）' },
  { value: 'satisfaction_rate', label: '好评率（≥99% 满分，≤80% 不得分）' },
  { value: 'on_time_rate', label: '按时办结率（≥99% 满分，≤80% 不得分）' },
  { value: 'online_rate', label: '网办率（≥90% 满分，≤30% 不得分）' },
  { value: 'callback_rate', label: '差评回访率（100% 满分，≤50% 不得分）' },
];

export const severityOptions: { value: Severity; label: string }[] = [
  { value: 'minor', label: '一般（默认 20 个工作日整改）' },
  { value: 'major', label: '较重（默认 10 个工作日整改）' },
  { value: 'critical', label: '严重（默认 5 个工作日整改）' },
];

export const statusColors: Record<RoundStatus, string> = { draft: 'default', self_assessment: 'blue', inspection: 'orange', published: 'green' };
export const severityColors: Record<Severity, string> = { minor: 'default', major: 'orange', critical: 'red' };
export const steps: RoundStatus[] = ['draft', 'self_assessment', 'inspection', 'published'];
export const nextStepLabels: Record<RoundStatus, string | null> = { draft: '开始自评', self_assessment: '进入实地核查', inspection: '发布结果', published: null };

export interface Criterion {
  id: string;
  dimension: Dimension;
  dimensionLabel: string;
  title: string;
  description: string | null;
  maxPoints: number;
  indicator: Indicator | null;
  indicatorLabel: string | null;
}

export interface Access {
  manage: boolean;
  inspect: boolean;
  centers: string[];
}

export interface RoundSummary {
  id: string;
  name: string;
  year: number;
  scopeCenterId: string | null;
  scopeCenterName: string | null;
  periodFrom: string;
  periodTo: string;
  selfDeadline: string;
  status: RoundStatus;
  statusLabel: string;
  selfAssessmentOpen: boolean;
  publishedAt: string | null;
  createdAt: string;
  access: Access;
}

export interface Round extends RoundSummary {
  centers: { id: string; name: string; level: string }[];
  criteria: Criterion[];
}

export interface Totals {
  byDimension: Record<Dimension, number>;
  total: number;
  maxTotal: number;
}

export interface RankingRow extends Totals {
  centerId: string;
  centerName: string;
  rank: number;
  openFindings: number;
  overdueFindings: number;
}

export interface Finding {
  id: string;
  centerId: string;
  criterionId: string;
  text: string;
  severity: Severity;
  severityLabel: string;
  inspectorScore: number | null;
  inspectorName: string;
  visitedOn: string;
  rectifyDays: number;
  dueDate: string;
  status: 'open' | 'rectifying' | 'closed';
  statusLabel: string;
  overdue: boolean;
  closedAt: string | null;
  followUps: { id: string; text: string; authorName: string; closes: boolean; createdAt: string }[];
}

export interface ScorecardLine {
  criterion: Criterion;
  auto: { value: number | null; points: number; source: { statistic: string; from: string; to: string; basis: number }; computedAt: string } | null;
  self: { score: number; evidence: string; links: string[]; scoredBy: string | null; updatedAt: string } | null;
  inspectorScore: number | null;
  points: number;
  source: 'inspector' | 'self' | 'auto' | 'none';
  sourceLabel: string;
}

export interface Scorecard {
  roundId: string;
  centerId: string;
  centerName: string;
  rank: number | null;
  totals: Totals;
  lines: ScorecardLine[];
  findings: Finding[];
}

/** An automatic figure as people read it: minutes for a wait, a percentage for a rate. */
export function figureText(indicator: Indicator, value: number | null): string {
  if (value === null) return '无数据';
  return indicator === 'avg_wait' ? `${value.toFixed(1)} 分钟` : `${(value * 100).toFixed(1)}%`;
}
