import type { Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';

export type CenterLevel = 'province' | 'city' | 'district' | 'town' | 'village';
export type WindowKind = 'general' | 'dedicated';
export type WindowStatus = 'closed' | 'open' | 'paused';
export type DeviceKind = 'kiosk' | 'hall_display' | 'window_display' | 'rating_pad' | 'terminal' | 'locker';
export type ZoneKind = 'service' | 'self_service' | 'waiting' | 'other';

/** One rule of a center's week: on these ISO weekdays (1 = Monday … 7 = Sunday), open from–to (Asia/Shanghai). */
export interface OpeningRule {
  days: number[];
  open: string;
  close: string;
}

export interface CentersTable {
  id: string;
  name: string;
  level: CenterLevel;
  parent_id: string | null;
  address: string | null;
  phone: string | null;
  opening_hours: Json<OpeningRule[]>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface HallsTable {
  id: string;
  center_id: string;
  name: string;
  floor: string | null;
  created_at: CreatedAt;
}

export interface ZonesTable {
  id: string;
  hall_id: string;
  name: string;
  kind: ZoneKind;
  open_24h: Generated<boolean>;
  created_at: CreatedAt;
}

export interface DepartmentsTable {
  id: string;
  center_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface WindowsTable {
  id: string;
  center_id: string;
  hall_id: string | null;
  zone_id: string | null;
  name: string;
  number: number;
  kind: WindowKind;
  department_id: string | null;
  status: Generated<WindowStatus>;
  staff_user_id: string | null;
  pause_reason: string | null;
  status_since: UpdatedAt;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface DevicesTable {
  id: string;
  center_id: string;
  kind: DeviceKind;
  name: string;
  hall_id: string | null;
  window_id: string | null;
  token_hash: string;
  token_hint: string;
  disabled: Generated<boolean>;
  last_seen_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A staff member's time at a window, from sign-in to sign-out (open while signed in). */
export interface WindowSessionsTable {
  id: Generated<string>;
  window_id: string;
  center_id: string;
  staff_user_id: string;
  started_at: Date;
  ended_at: Date | null;
}

export interface OrgTables {
  centers: CentersTable;
  halls: HallsTable;
  zones: ZonesTable;
  departments: DepartmentsTable;
  windows: WindowsTable;
  devices: DevicesTable;
  window_sessions: WindowSessionsTable;
}
