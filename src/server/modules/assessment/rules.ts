/** 标杆大厅 assessment: dimensions, automatic indicators and their scales, totals, ranking, rectification deadlines, round status. */

export const dimensions = ['management', 'construction', 'service', 'innovation'] as const;
export type Dimension = (typeof dimensions)[number];
export const dimensionLabels: Record<Dimension, string> = { management: '管理完善度', construction: '建设规范度', service: '服务成熟度', innovation: '应用创新度' };

export const indicators = ['avg_wait', 'satisfaction_rate', 'on_time_rate', 'online_rate', 'callback_rate'] as const;
export type Indicator = (typeof indicators)[number];

/**
 * Each indicator's statistic and its scale: full marks at `full` or better, none at `zero` or worse, linear
 * in between. A wait is better when lower, a rate when higher; the same formula serves both.
 */
export const indicatorScales: Record<Indicator, { label: string; statistic: string; unit: 'minutes' | 'rate'; full: number; zero: number }> = {
  avg_wait: { label: '平均等候时长', statistic: '统计：取号到叫号的平均等候（分钟）', unit: 'minutes', full: 10, zero: 40 },
  satisfaction_rate: { label: '好评率', statistic: '统计：好差评中非差评的比例', unit: 'rate', full: 0.99, zero: 0.8 },
  on_time_rate: { label: '按时办结率', statistic: '统计：办结件中按承诺时限办结的比例', unit: 'rate', full: 0.99, zero: 0.8 },
  online_rate: { label: '网办率', statistic: '统计：网上申报件占全部申报件的比例', unit: 'rate', full: 0.9, zero: 0.3 },
  callback_rate: { label: '差评回访率', statistic: '统计：实名差评中已回访整改的比例', unit: 'rate', full: 1, zero: 0.5 },
};

/** Points rounded to two decimals, the precision scores are shown and ranked at. */
export const roundPoints = (points: number): number => Math.round(points * 100) / 100;

/** An indicator's figure into points out of `maxPoints`; no figure (nothing happened in the period) earns none. */
export function indicatorPoints(indicator: Indicator, value: number | null, maxPoints: number): number {
  if (value === null || !Number.isFinite(value)) return 0;
  const { full, zero } = indicatorScales[indicator];
  const share = Math.min(1, Math.max(0, (value - zero) / (full - zero)));
  return roundPoints(share * maxPoints);
}

export interface CriterionFacts {
  id: string;
  dimension: Dimension;
  maxPoints: number;
  indicator: Indicator | null;
}

export interface CenterMarks {
  /** Automatic points per criterion id. */
  auto: ReadonlyMap<string, number>;
  self: ReadonlyMap<string, number>;
  inspector: ReadonlyMap<string, number>;
}

export type ScoreSource = 'inspector' | 'self' | 'auto' | 'none';
export const scoreSourceLabels: Record<ScoreSource, string> = { inspector: '核查评分', self: '自评分', auto: '自动指标', none: '未评分' };

/** Which mark counts for a criterion: the inspector's where given, else the automatic points or the self-score. */
export function criterionScore(criterion: CriterionFacts, marks: CenterMarks): { points: number; source: ScoreSource } {
  const capped = (points: number) => roundPoints(Math.min(criterion.maxPoints, Math.max(0, points)));
  const inspector = marks.inspector.get(criterion.id);
  if (inspector !== undefined) return { points: capped(inspector), source: 'inspector' };
  if (criterion.indicator) {
    const auto = marks.auto.get(criterion.id);
    return auto === undefined ? { points: 0, source: 'none' } : { points: capped(auto), source: 'auto' };
  }
  const self = marks.self.get(criterion.id);
  return self === undefined ? { points: 0, source: 'none' } : { points: capped(self), source: 'self' };
}

export interface Totals {
  byDimension: Record<Dimension, number>;
  total: number;
  maxTotal: number;
}

export function totals(criteria: readonly CriterionFacts[], marks: CenterMarks): Totals {
  const byDimension = Object.fromEntries(dimensions.map((d) => [d, 0])) as Record<Dimension, number>;
  let maxTotal = 0;
  for (const criterion of criteria) {
    byDimension[criterion.dimension] = roundPoints(byDimension[criterion.dimension] + criterionScore(criterion, marks).points);
    maxTotal += criterion.maxPoints;
  }
  return { byDimension, total: roundPoints(dimensions.reduce((sum, d) => sum + byDimension[d], 0)), maxTotal: roundPoints(maxTotal) };
}

/** Competition ranking (1, 2, 2, 4): equal totals share a place; ties keep the given order. */
export function rank<T extends { total: number }>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = rows.map((row, index) => ({ row, index })).sort((a, b) => b.row.total - a.row.total || a.index - b.index);
  return sorted.map(({ row }) => ({ ...row, rank: sorted.findIndex((s) => s.row.total === row.total) + 1 }));
}

export const severities = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof severities)[number];
export const severityLabels: Record<Severity, string> = { minor: '一般', major: '较重', critical: '严重' };
/** Working days to rectify when the inspector gives none: the graver, the sooner. */
export const defaultRectifyDays: Record<Severity, number> = { minor: 20, major: 10, critical: 5 };

export type FindingStatus = 'open' | 'rectifying' | 'closed';
export const findingStatusLabels: Record<FindingStatus, string> = { open: '待整改', rectifying: '整改中', closed: '已销号' };

/** A finding not closed by its deadline is overdue from the day after (dates 'YYYY-MM-DD', Shanghai). */
export const isFindingOverdue = (status: FindingStatus, dueDate: string, today: string): boolean => status !== 'closed' && dueDate < today;

export const roundStatuses = ['draft', 'self_assessment', 'inspection', 'published'] as const;
export type RoundStatus = (typeof roundStatuses)[number];
export const roundStatusLabels: Record<RoundStatus, string> = { draft: '草稿', self_assessment: '自评中', inspection: '实地核查', published: '已发布' };

/** The one next status of a round; undefined once published. */
export function nextRoundStatus(status: RoundStatus): RoundStatus | undefined {
  return roundStatuses[roundStatuses.indexOf(status) + 1];
}

/** Why a round cannot move on, or undefined: criteria must exist before centers self-assess. */
export function advanceProblem(status: RoundStatus, criteriaCount: number): 'ALREADY_PUBLISHED' | 'NO_CRITERIA' | undefined {
  if (nextRoundStatus(status) === undefined) return 'ALREADY_PUBLISHED';
  if (status === 'draft' && criteriaCount === 0) return 'NO_CRITERIA';
  return undefined;
}

/** Self-assessment is open while the round is in self-assessment, up to and including its deadline day. */
export const selfAssessmentOpen = (status: RoundStatus, deadline: string, today: string): boolean => status === 'self_assessment' && today <= deadline;

/** Centers assessed by default: the city and district centers of the scope. */
export const assessedLevels = ['city', 'district'] as const;
