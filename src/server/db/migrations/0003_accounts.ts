import { statements } from './statements.ts';

export const accounts = statements([
  `CREATE TABLE users (
    id text PRIMARY KEY,
    username text NOT NULL,
    name text NOT NULL,
    password_hash text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX users_username_key ON users (lower(username))`,
  `CREATE TABLE user_roles (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('admin','center_manager','window_staff','dept_approver','supervisor','agent')),
    center_id text,
    department_id text
  )`,
  `CREATE INDEX user_roles_user_idx ON user_roles (user_id)`,
  `CREATE TABLE sessions (
    id text PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    ip text,
    user_agent text
  )`,
  `CREATE INDEX sessions_user_idx ON sessions (user_id)`,
  `CREATE TABLE login_attempts (
    id bigserial PRIMARY KEY,
    username text NOT NULL,
    ip text,
    success boolean NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX login_attempts_username_idx ON login_attempts (lower(username), at)`,
]);
