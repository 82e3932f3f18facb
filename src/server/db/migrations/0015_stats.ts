import { statements } from './statements.ts';

/**
 * Daily rollups for statistics: one row per day, center and grain (dim 'all', or one dimension and its
 * key), kept up to date by a sweep, so a dashboard over a year of a province reads rollups, never raw
 * rows. Waits and handling times keep a histogram so medians add up.
 * Plus the indexes the day's figures of cases and ratings are read by.
 */
/**
 * The 45 histogram buckets (stats/rules.ts bucketEdges) as columns w0…w44 (waits) and h0…h44 (handling):
 * plain integer columns sum in SQL far faster than arrays, and come back without array parsing.
 */
const buckets = (prefix: 'w' | 'h') => Array.from({ length: 45 }, (_, i) => `${prefix}${i} integer NOT NULL DEFAULT 0`).join(', ');

export const stats = statements([
  `CREATE TABLE stats_visits (
    dim text NOT NULL, center_id text NOT NULL, day text NOT NULL, key text NOT NULL,
    visits integer NOT NULL, issued integer NOT NULL, served integer NOT NULL, no_show integer NOT NULL,
    cancelled integer NOT NULL, transferred integer NOT NULL,
    wait_n integer NOT NULL, wait_sum float8 NOT NULL, handle_n integer NOT NULL, handle_sum float8 NOT NULL, staffed_sum float8 NOT NULL DEFAULT 0,
    ${buckets('w')}, ${buckets('h')},
    PRIMARY KEY (dim, center_id, day, key)
  )`,
  `CREATE TABLE stats_cases (
    dim text NOT NULL, center_id text NOT NULL, day text NOT NULL, key text NOT NULL,
    submitted integer NOT NULL, accepted integer NOT NULL, accepted_deferred integer NOT NULL, refused integer NOT NULL,
    supplement_notices integer NOT NULL, completed integer NOT NULL, completed_on_time integer NOT NULL, completed_in_legal integer NOT NULL,
    PRIMARY KEY (dim, center_id, day, key)
  )`,
  `CREATE TABLE stats_ratings (
    dim text NOT NULL, center_id text NOT NULL, day text NOT NULL, key text NOT NULL,
    c1 integer NOT NULL, c2 integer NOT NULL, c3 integer NOT NULL, c4 integer NOT NULL, c5 integer NOT NULL,
    real_name_bad integer NOT NULL, called_back integer NOT NULL,
    PRIMARY KEY (dim, center_id, day, key)
  )`,
  `CREATE TABLE stats_appointments (
    dim text NOT NULL, center_id text NOT NULL, day text NOT NULL, key text NOT NULL,
    booked integer NOT NULL, checked_in integer NOT NULL, cancelled integer NOT NULL, no_show integer NOT NULL,
    PRIMARY KEY (dim, center_id, day, key)
  )`,
  `CREATE INDEX stats_visits_day_idx ON stats_visits (day)`,
  `CREATE INDEX stats_cases_day_idx ON stats_cases (day)`,
  `CREATE INDEX stats_ratings_day_idx ON stats_ratings (day)`,
  `CREATE INDEX stats_appointments_day_idx ON stats_appointments (day)`,
  // How far the sweep has read the event log (rating days touched by later callbacks and appeals).
  `CREATE TABLE stats_state (
    id integer PRIMARY KEY CHECK (id = 1),
    event_cursor bigint NOT NULL,
    rolled_at timestamptz NOT NULL DEFAULT now()
  )`,
  // Windows' staffed time (org): sessions from sign-in to sign-out.
  `CREATE TABLE window_sessions (
    id bigserial PRIMARY KEY,
    window_id text NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
    center_id text NOT NULL,
    staff_user_id text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz
  )`,
  `CREATE INDEX window_sessions_time_idx ON window_sessions (started_at, ended_at)`,
  `CREATE UNIQUE INDEX window_sessions_open_idx ON window_sessions (window_id) WHERE ended_at IS NULL`,
  `CREATE INDEX cases_created_idx ON cases (created_at)`,
  `CREATE INDEX cases_accepted_on_idx ON cases (accepted_on) WHERE accepted_on IS NOT NULL`,
  `CREATE INDEX cases_completed_idx ON cases (completed_at) WHERE completed_at IS NOT NULL`,
  `CREATE INDEX case_steps_notice_idx ON case_steps (at) WHERE action IN ('supplement-notice', 'refuse')`,
  `CREATE INDEX ratings_created_idx ON ratings (created_at)`,
  `CREATE INDEX tickets_day_idx ON tickets (day)`,
]);
