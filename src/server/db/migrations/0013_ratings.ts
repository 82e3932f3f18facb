import { statements } from './statements.ts';

/**
 * 好差评: one rating per service (a finished ticket or a case), a 差评's rectification with its steps,
 * and each center's settings (追评 period, rectification deadline). A rating is written once: the
 * unique service reference keeps a retried or second rating out on every node, and the pad's own key
 * lets a retry of a delivered rating find it again.
 */
export const ratings = statements([
  `CREATE TABLE rating_settings (
    center_id text PRIMARY KEY REFERENCES centers(id) ON DELETE CASCADE,
    settings jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE ratings (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    subject_kind text NOT NULL CHECK (subject_kind IN ('ticket','case')),
    subject_id text NOT NULL,
    subject_no text NOT NULL,
    score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    tags text[] NOT NULL DEFAULT '{}',
    comment text,
    source text NOT NULL CHECK (source IN ('pad','phone','terminal','qr')),
    device_id text,
    channel text NOT NULL,
    item_id text,
    item_code text,
    item_name text,
    department_id text,
    window_id text,
    window_number integer,
    staff_user_id text,
    staff_name text,
    served_at timestamptz NOT NULL,
    rater_name text,
    rater_phone text,
    follow_up_score smallint CHECK (follow_up_score BETWEEN 1 AND 5),
    follow_up_comment text,
    followed_up_at timestamptz,
    excluded boolean NOT NULL DEFAULT false,
    client_key text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (subject_kind, subject_id)
  )`,
  `CREATE INDEX ratings_center_idx ON ratings (center_id, created_at DESC)`,
  `CREATE INDEX ratings_staff_idx ON ratings (staff_user_id, created_at DESC) WHERE staff_user_id IS NOT NULL`,
  `CREATE TABLE rectifications (
    id text PRIMARY KEY,
    rating_id text NOT NULL UNIQUE REFERENCES ratings(id),
    center_id text NOT NULL REFERENCES centers(id),
    department_id text,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','called_back','rectified','unfounded','revoked')),
    due_date text NOT NULL,
    callback_at timestamptz,
    callback_reached boolean,
    callback_note text,
    result text,
    closed_at timestamptz,
    appeal_status text CHECK (appeal_status IN ('pending','upheld','rejected')),
    appeal_reason text,
    appealed_at timestamptz,
    appeal_note text,
    appeal_decided_at timestamptz,
    escalated_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX rectifications_center_idx ON rectifications (center_id, created_at DESC)`,
  `CREATE INDEX rectifications_open_idx ON rectifications (due_date) WHERE closed_at IS NULL`,
  `CREATE TABLE rectification_steps (
    id bigserial PRIMARY KEY,
    rectification_id text NOT NULL REFERENCES rectifications(id),
    action text NOT NULL,
    actor_name text,
    note text,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX rectification_steps_idx ON rectification_steps (rectification_id, id)`,
]);
