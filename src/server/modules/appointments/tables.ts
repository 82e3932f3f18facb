import type { Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { AppointmentSettings } from './rules.ts';

export interface AppointmentSettingsTable {
  center_id: string;
  settings: Json<Partial<AppointmentSettings>>;
  updated_at: UpdatedAt;
}

export interface AppointmentsTable {
  id: string;
  /** Read out or scanned at the kiosk. */
  code: string;
  center_id: string;
  category_id: string;
  /** 'YYYY-MM-DD' of the slot in Asia/Shanghai. */
  slot_date: string;
  slot_start: Date;
  slot_end: Date;
  name: string;
  /** The whole ID number, for the ticket it becomes; found by id_hash. */
  id_number: string;
  id_hash: string;
  phone: string;
  item_id: string | null;
  form_data: Json<Record<string, unknown>> | null;
  status: Generated<'booked' | 'checked_in' | 'cancelled'>;
  ticket_id: string | null;
  created_at: CreatedAt;
  checked_in_at: Date | null;
  cancelled_at: Date | null;
}

export interface AppointmentTables {
  appointment_settings: AppointmentSettingsTable;
  appointments: AppointmentsTable;
}
