import { statements } from './statements.ts';

/** 请工作人员帮我: a press on a kiosk or terminal that calls hall staff over, open until one of them acknowledges it. */
export const hallHelp = statements([
  `CREATE TABLE hall_help_requests (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    device_id text NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    device_name text NOT NULL,
    status text NOT NULL CHECK (status IN ('open','acknowledged')),
    created_at timestamptz NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by text
  )`,
  // One open call a device: a second press while staff are on their way is the same call.
  `CREATE UNIQUE INDEX hall_help_open_device_idx ON hall_help_requests (device_id) WHERE status = 'open'`,
  `CREATE INDEX hall_help_center_idx ON hall_help_requests (center_id, status, created_at)`,
]);
