import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { CertificateKind, PaperState, PrinterState, PersonRecord } from './rules.ts';

/** The last heartbeat of each terminal (one row a device, overwritten every 30 s). */
export interface TerminalHeartbeatTable {
  device_id: string;
  printer: PrinterState;
  paper: PaperState;
  at: Date;
}

/** Records a terminal prints certificates from, keyed by the ID number's lookup hash (never the number). */
export interface PersonRecordTable {
  id_hash: string;
  kind: CertificateKind;
  data: Json<PersonRecord['data']>;
  updated_at: UpdatedAt;
}

/** Every certificate issued, so that its number can be checked by anyone holding the paper. */
export interface CertificateTable {
  no: string;
  kind: CertificateKind;
  center_id: string;
  device_id: string;
  id_hash: string;
  /** Masked at issue: the public check shows these and nothing else about the person. */
  holder_name: string;
  id_number: string;
  issued_at: Date;
  created_at: CreatedAt;
}

/** The items a terminal offers, when narrowed from its center's terminal items. */
export interface TerminalItemsTable {
  device_id: string;
  item_ids: Json<string[]>;
  updated_at: UpdatedAt;
}

/** 请工作人员帮我 from a kiosk or terminal, open until hall staff acknowledge it. */
export interface HallHelpRequestTable {
  id: string;
  center_id: string;
  device_id: string;
  device_name: string;
  status: 'open' | 'acknowledged';
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

export interface TerminalTables {
  terminal_items: TerminalItemsTable;
  hall_help_requests: HallHelpRequestTable;
  terminal_heartbeats: TerminalHeartbeatTable;
  person_records: PersonRecordTable;
  certificates: CertificateTable;
}
