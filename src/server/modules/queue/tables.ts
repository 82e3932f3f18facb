import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { Channel, Priority, QueueSettings, TicketStatus } from './rules.ts';

export interface QueueCategoriesTable {
  id: string;
  center_id: string;
  name: string;
  /** One or two capital letters printed before the number (A012). */
  prefix: string;
  item_ids: string[];
  open: Generated<boolean>;
  sort: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WindowProfilesTable {
  window_id: string;
  center_id: string;
  /** Category ids in ordered tiers: [[first tier …], [second tier …]]. */
  tiers: Json<string[][]>;
  updated_at: UpdatedAt;
}

export interface QueueSettingsTable {
  center_id: string;
  settings: Json<Partial<QueueSettings>>;
  updated_at: UpdatedAt;
}

export interface TicketCountersTable {
  category_id: string;
  /** 'YYYY-MM-DD' in Asia/Shanghai: numbers start again every day. */
  day: string;
  last: number;
}

export interface TicketsTable {
  id: string;
  center_id: string;
  category_id: string;
  day: string;
  sequence: number;
  number: string;
  channel: Channel;
  priority: Priority | null;
  item_id: string | null;
  appointment_id: string | null;
  /** The whole ID number, read only by the staff serving the ticket (audited). */
  id_number: string | null;
  /** For look-ups (bookings, no-shows) without the number in query logs. */
  id_hash: string | null;
  phone: string | null;
  status: Generated<TicketStatus>;
  taken_at: ColumnType<Date, Date | undefined, Date>;
  virtual_at: ColumnType<Date, Date, Date>;
  target_window_id: string | null;
  window_id: string | null;
  window_number: number | null;
  staff_user_id: string | null;
  called_at: Date | null;
  recalls: Generated<number>;
  started_at: Date | null;
  finished_at: Date | null;
  transferred_from: string | null;
  transferred_to: string | null;
  closed_reason: string | null;
  /** Who took it: the device or staff member's name (a citizen online: null). */
  taken_by: string | null;
  updated_at: UpdatedAt;
}

export interface TicketHistoryTable {
  id: Generated<number>;
  ticket_id: string;
  action: string;
  status: TicketStatus;
  window_number: number | null;
  actor_name: string | null;
  note: string | null;
  at: CreatedAt;
}

export interface QueueTables {
  queue_categories: QueueCategoriesTable;
  window_profiles: WindowProfilesTable;
  queue_settings: QueueSettingsTable;
  ticket_counters: TicketCountersTable;
  tickets: TicketsTable;
  ticket_history: TicketHistoryTable;
}
