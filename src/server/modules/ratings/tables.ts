import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { AppealStatus, RatingSettings, RatingSource, RectificationStatus } from './rules.ts';

export interface RatingSettingsTable {
  center_id: string;
  settings: Json<Partial<RatingSettings>>;
  updated_at: UpdatedAt;
}

export interface RatingsTable {
  id: string;
  center_id: string;
  subject_kind: 'ticket' | 'case';
  subject_id: string;
  /** The ticket's number or the case's number, as the rater saw it. */
  subject_no: string;
  score: number;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  comment: string | null;
  source: RatingSource;
  device_id: string | null;
  /** How the service was used: the ticket's or the case's channel (forwarded to the provincial platform). */
  channel: string;
  item_id: string | null;
  item_code: string | null;
  item_name: string | null;
  department_id: string | null;
  window_id: string | null;
  window_number: number | null;
  staff_user_id: string | null;
  staff_name: string | null;
  served_at: Date;
  /** Real-name ratings keep the rater's name and phone for the callback; anonymous ones keep neither. */
  rater_name: string | null;
  rater_phone: string | null;
  follow_up_score: number | null;
  follow_up_comment: string | null;
  followed_up_at: Date | null;
  /** Left out of every rate after an upheld appeal; the rating itself stays on record. */
  excluded: Generated<boolean>;
  client_key: string | null;
  created_at: CreatedAt;
}

export interface RectificationsTable {
  id: string;
  rating_id: string;
  center_id: string;
  department_id: string | null;
  status: Generated<RectificationStatus>;
  /** 'YYYY-MM-DD' (Asia/Shanghai), the rating's day plus the center's working days for rectification. */
  due_date: string;
  callback_at: Date | null;
  callback_reached: boolean | null;
  callback_note: string | null;
  /** What was done, published without personal data once closed. */
  result: string | null;
  closed_at: Date | null;
  appeal_status: AppealStatus | null;
  appeal_reason: string | null;
  appealed_at: Date | null;
  appeal_note: string | null;
  appeal_decided_at: Date | null;
  escalated_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RectificationStepsTable {
  id: Generated<string>;
  rectification_id: string;
  action: string;
  actor_name: string | null;
  note: string | null;
  at: CreatedAt;
}

export interface RatingTables {
  rating_settings: RatingSettingsTable;
  ratings: RatingsTable;
  rectifications: RectificationsTable;
  rectification_steps: RectificationStepsTable;
}
