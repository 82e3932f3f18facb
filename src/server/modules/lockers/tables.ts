import type { Generated } from 'kysely';
import type { CreatedAt } from '../../platform/tables.ts';
import type { CollectedBy, CompartmentSize } from './rules.ts';

export interface LockerCompartmentsTable {
  id: string;
  device_id: string;
  /** What is printed on the door: A01 … */
  label: string;
  size: CompartmentSize;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
}

export interface LockerDepositsTable {
  id: string;
  compartment_id: string;
  device_id: string;
  center_id: string;
  /** The case whose result this is (null: a document handed in without a case). */
  case_id: string | null;
  case_no: string | null;
  item_name: string;
  recipient_name: string;
  /** The pickup code goes there by SMS. */
  recipient_phone: string;
  /** The lookup hash of the recipient's ID number or credit code: their personal code opens it too. */
  recipient_hash: string | null;
  pickup_code_hash: string;
  deposited_by: string;
  deposited_at: Date;
  /** When it was flagged as not collected in time (and the recipient reminded). */
  overdue_at: Date | null;
  collected_at: Date | null;
  collected_by: CollectedBy | null;
  collect_note: string | null;
}

export interface LockerOpenFailuresTable {
  device_id: string;
  at: CreatedAt;
}

export interface LockerSettingsTable {
  center_id: string;
  settings: unknown;
  updated_at: CreatedAt;
}

export interface LockerTables {
  locker_compartments: LockerCompartmentsTable;
  locker_deposits: LockerDepositsTable;
  locker_open_failures: LockerOpenFailuresTable;
  locker_settings: LockerSettingsTable;
}
