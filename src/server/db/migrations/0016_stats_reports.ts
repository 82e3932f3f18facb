import { statements } from './statements.ts';

/** Monthly reports as made at the month's end (Excel and PDF), kept so that what was reported stays as it was. */
export const statsReports = statements([
  `CREATE TABLE stats_reports (
    center_id text NOT NULL REFERENCES centers(id) ON DELETE CASCADE,
    month text NOT NULL,
    xlsx bytea NOT NULL,
    pdf bytea NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (center_id, month)
  )`,
]);
