import { statements } from './statements.ts';

export const queue = statements([
  `CREATE TABLE queue_categories (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id) ON DELETE CASCADE,
    name text NOT NULL,
    prefix text NOT NULL CHECK (prefix ~ '^[A-Z]{1,2}$'),
    item_ids text[] NOT NULL DEFAULT '{}',
    open boolean NOT NULL DEFAULT true,
    sort integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (center_id, prefix),
    UNIQUE (center_id, name)
  )`,
  `CREATE TABLE window_profiles (
    window_id text PRIMARY KEY REFERENCES windows(id) ON DELETE CASCADE,
    center_id text NOT NULL REFERENCES centers(id) ON DELETE CASCADE,
    tiers jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX window_profiles_center_idx ON window_profiles (center_id)`,
  `CREATE TABLE queue_settings (
    center_id text PRIMARY KEY REFERENCES centers(id) ON DELETE CASCADE,
    settings jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // One row per category and day: taking a number is one atomic upsert, on any number of nodes.
  `CREATE TABLE ticket_counters (
    category_id text NOT NULL REFERENCES queue_categories(id) ON DELETE CASCADE,
    day text NOT NULL,
    last integer NOT NULL,
    PRIMARY KEY (category_id, day)
  )`,
  `CREATE TABLE tickets (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    category_id text NOT NULL REFERENCES queue_categories(id),
    day text NOT NULL,
    sequence integer NOT NULL,
    number text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('kiosk','online','appointment','staff')),
    priority text CHECK (priority IN ('elderly','disabled','veteran','enterprise')),
    item_id text,
    appointment_id text,
    id_number text,
    id_hash text,
    phone text,
    status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','called','serving','done','no_show','transferred','cancelled')),
    taken_at timestamptz NOT NULL DEFAULT now(),
    virtual_at timestamptz NOT NULL,
    target_window_id text REFERENCES windows(id) ON DELETE SET NULL,
    window_id text REFERENCES windows(id) ON DELETE SET NULL,
    window_number integer,
    staff_user_id text,
    called_at timestamptz,
    recalls integer NOT NULL DEFAULT 0,
    started_at timestamptz,
    finished_at timestamptz,
    transferred_from text REFERENCES tickets(id),
    transferred_to text REFERENCES tickets(id),
    closed_reason text,
    taken_by text,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // A transferred ticket keeps its number; only issued numbers must be unique in their day and category.
  `CREATE UNIQUE INDEX tickets_number_idx ON tickets (category_id, day, sequence) WHERE transferred_from IS NULL`,
  `CREATE INDEX tickets_waiting_idx ON tickets (center_id, virtual_at) WHERE status = 'waiting'`,
  `CREATE INDEX tickets_center_day_idx ON tickets (center_id, day, status)`,
  `CREATE INDEX tickets_window_idx ON tickets (window_id) WHERE status IN ('called','serving')`,
  `CREATE INDEX tickets_id_hash_idx ON tickets (id_hash, day) WHERE id_hash IS NOT NULL`,
  `CREATE INDEX tickets_finished_idx ON tickets (category_id, finished_at DESC) WHERE status = 'done'`,
  `CREATE TABLE ticket_history (
    id bigserial PRIMARY KEY,
    ticket_id text NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    action text NOT NULL,
    status text NOT NULL,
    window_number integer,
    actor_name text,
    note text,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX ticket_history_ticket_idx ON ticket_history (ticket_id, id)`,
]);
