import type { Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { Dimension, FindingStatus, Indicator, RoundStatus, Severity } from './rules.ts';

export interface AssessmentRoundTable {
  id: string;
  name: string;
  year: number;
  /** The province center whose admins run the round; null for a round of the whole system. */
  scope_center_id: string | null;
  /** The period the automatic indicators cover ('YYYY-MM-DD'). */
  period_from: string;
  period_to: string;
  self_deadline: string;
  status: Generated<RoundStatus>;
  created_by: string;
  published_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AssessmentRoundCenterTable {
  round_id: string;
  center_id: string;
}

export interface AssessmentCriterionTable {
  id: string;
  round_id: string;
  dimension: Dimension;
  title: string;
  description: string | null;
  max_points: number;
  indicator: Indicator | null;
  sort: number;
  created_at: CreatedAt;
}

/** Where an automatic figure came from, kept beside it and shown. */
export interface IndicatorSource {
  statistic: string;
  from: string;
  to: string;
  /** How many visits, cases or ratings the figure rests on. */
  basis: number;
}

export interface AssessmentIndicatorValueTable {
  criterion_id: string;
  center_id: string;
  value: number | null;
  points: number;
  source: Json<IndicatorSource>;
  computed_at: Date;
}

export interface AssessmentSelfScoreTable {
  criterion_id: string;
  center_id: string;
  score: number;
  evidence: string;
  /** Links or uploaded file names backing the evidence. */
  links: Json<string[]>;
  scored_by: string;
  updated_at: UpdatedAt;
}

export interface AssessmentFindingTable {
  id: string;
  round_id: string;
  center_id: string;
  criterion_id: string;
  text: string;
  severity: Severity;
  inspector_score: number | null;
  visited_on: string;
  rectify_days: number;
  due_date: string;
  status: Generated<FindingStatus>;
  inspector_id: string;
  inspector_name: string;
  closed_at: Date | null;
  closed_by: string | null;
  created_at: CreatedAt;
}

export interface AssessmentFollowUpTable {
  id: string;
  finding_id: string;
  text: string;
  author_id: string;
  author_name: string;
  /** The inspector's closing note (销号) rather than the center's progress. */
  closes: Generated<boolean>;
  created_at: CreatedAt;
}

export interface AssessmentTables {
  assessment_rounds: AssessmentRoundTable;
  assessment_round_centers: AssessmentRoundCenterTable;
  assessment_criteria: AssessmentCriterionTable;
  assessment_indicator_values: AssessmentIndicatorValueTable;
  assessment_self_scores: AssessmentSelfScoreTable;
  assessment_findings: AssessmentFindingTable;
  assessment_follow_ups: AssessmentFollowUpTable;
}
