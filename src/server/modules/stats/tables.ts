/** Daily rollups, one row per (dim, center, day, key); see migration 0015. */
interface Grain {
  dim: string;
  center_id: string;
  day: string;
  key: string;
}

export interface StatsVisitsTable extends Grain {
  visits: number;
  issued: number;
  served: number;
  no_show: number;
  cancelled: number;
  transferred: number;
  wait_n: number;
  wait_sum: number;
  handle_n: number;
  handle_sum: number;
  /** Seconds windows were staffed (sign-in to sign-out). */
  staffed_sum: number;
  /** Histogram buckets w0…w44 (waits) and h0…h44 (handling), see migration 0015. */
  [bucket: `w${number}` | `h${number}`]: number;
}

export interface StatsCasesTable extends Grain {
  submitted: number;
  accepted: number;
  accepted_deferred: number;
  refused: number;
  supplement_notices: number;
  completed: number;
  completed_on_time: number;
  completed_in_legal: number;
}

export interface StatsRatingsTable extends Grain {
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
  real_name_bad: number;
  called_back: number;
}

export interface StatsAppointmentsTable extends Grain {
  booked: number;
  checked_in: number;
  cancelled: number;
  no_show: number;
}

export interface StatsStateTable {
  id: number;
  event_cursor: number;
  rolled_at: Date;
}

export interface StatsReportsTable {
  center_id: string;
  month: string;
  xlsx: Buffer;
  pdf: Buffer;
  generated_at: Date;
}

export interface StatsTables {
  stats_visits: StatsVisitsTable;
  stats_cases: StatsCasesTable;
  stats_ratings: StatsRatingsTable;
  stats_appointments: StatsAppointmentsTable;
  stats_state: StatsStateTable;
  stats_reports: StatsReportsTable;
}
