import type { Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../platform/tables.ts';

export interface UsersTable {
  id: string;
  username: string;
  name: string;
  password_hash: string;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UserRolesTable {
  id: string;
  user_id: string;
  role: string;
  center_id: string | null;
  department_id: string | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
  ended_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string | null;
  success: boolean;
  at: CreatedAt;
}

export interface AccountsTables {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
}
