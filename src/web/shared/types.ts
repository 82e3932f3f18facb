/**
 * Shapes of the server's responses (src/server/modules/*\/schema.ts is the source of truth). The web
 * app does not import server code: it is bundled for the browser and must not pull in Node modules.
 */

export type RoleName = 'admin' | 'center_manager' | 'window_staff' | 'dept_approver' | 'supervisor' | 'agent';

export interface RoleGrant {
  role: RoleName;
  centerId: string | null;
  departmentId: string | null;
}

export interface User {
  id: string;
  username: string;
  name: string;
  disabled: boolean;
  roles: RoleGrant[];
  createdAt: string;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type CenterLevel = 'province' | 'city' | 'district' | 'town' | 'village';

/** ISO weekdays (1 = Monday … 7 = Sunday), open from–to in Asia/Shanghai as HH:mm. */
export interface OpeningRule {
  days: number[];
  open: string;
  close: string;
}

export interface Center {
  id: string;
  name: string;
  level: CenterLevel;
  parentId: string | null;
  address: string | null;
  phone: string | null;
  openingHours: OpeningRule[];
}

export type ZoneKind = 'service' | 'self_service' | 'waiting' | 'other';

export interface Zone {
  id: string;
  hallId: string;
  name: string;
  kind: ZoneKind;
  open24h: boolean;
}

export interface Hall {
  id: string;
  centerId: string;
  name: string;
  floor: string | null;
  zones: Zone[];
}

export interface Department {
  id: string;
  centerId: string;
  name: string;
}

export type WindowKind = 'general' | 'dedicated';
export type WindowStatus = 'closed' | 'open' | 'paused';

export interface ServiceWindow {
  id: string;
  centerId: string;
  hallId: string | null;
  zoneId: string | null;
  name: string;
  number: number;
  kind: WindowKind;
  departmentId: string | null;
  departmentName: string | null;
  status: WindowStatus;
  staff: { id: string; name: string } | null;
  pauseReason: string | null;
  statusSince: string;
}

export type DeviceKind = 'kiosk' | 'hall_display' | 'window_display' | 'rating_pad' | 'terminal' | 'locker';

export interface Device {
  id: string;
  centerId: string;
  kind: DeviceKind;
  name: string;
  hallId: string | null;
  windowId: string | null;
  tokenHint: string;
  disabled: boolean;
  lastSeenAt: string | null;
}

export interface DeviceWithToken {
  device: Device;
  token: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  centerId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}
