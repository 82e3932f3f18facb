import { statements } from './statements.ts';

export const org = statements([
  `CREATE TABLE centers (
    id text PRIMARY KEY,
    name text NOT NULL,
    level text NOT NULL CHECK (level IN ('province','city','district','town','village')),
    parent_id text REFERENCES centers(id),
    address text,
    phone text,
    opening_hours jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX centers_parent_idx ON centers (parent_id)`,
  `CREATE TABLE halls (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    name text NOT NULL,
    floor text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (center_id, name)
  )`,
  `CREATE TABLE zones (
    id text PRIMARY KEY,
    hall_id text NOT NULL REFERENCES halls(id),
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('service','self_service','waiting','other')),
    open_24h boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (hall_id, name)
  )`,
  `CREATE TABLE departments (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (center_id, name)
  )`,
  `CREATE TABLE windows (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    hall_id text REFERENCES halls(id),
    zone_id text REFERENCES zones(id),
    name text NOT NULL,
    number integer NOT NULL,
    kind text NOT NULL CHECK (kind IN ('general','dedicated')),
    department_id text REFERENCES departments(id),
    status text NOT NULL DEFAULT 'closed' CHECK (status IN ('closed','open','paused')),
    staff_user_id text,
    pause_reason text,
    status_since timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (center_id, number)
  )`,
  `CREATE UNIQUE INDEX windows_one_per_staff ON windows (staff_user_id) WHERE staff_user_id IS NOT NULL`,
  `CREATE TABLE devices (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    kind text NOT NULL CHECK (kind IN ('kiosk','hall_display','window_display','rating_pad','terminal','locker')),
    name text NOT NULL,
    hall_id text REFERENCES halls(id),
    window_id text REFERENCES windows(id),
    token_hash text NOT NULL UNIQUE,
    token_hint text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    last_seen_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX devices_center_idx ON devices (center_id)`,
]);
