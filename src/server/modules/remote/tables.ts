import type { Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { AllowedFileType, ApplicationStatus, ResultDelivery, ShipmentDirection } from './rules.ts';

export interface RemoteFilesTable {
  id: string;
  citizen_id: string;
  original_name: string;
  detected_type: AllowedFileType;
  size_bytes: number;
  sha256: string;
  /** Relative to the storage folder (STORAGE_DIR). */
  storage_path: string;
  created_at: CreatedAt;
}

export interface RemoteApplicationsTable {
  id: string;
  citizen_id: string;
  center_id: string;
  item_id: string;
  item_name: string;
  department_id: string;
  /** The situation options (情形) chosen. */
  option_ids: Json<string[]>;
  delivery: ResultDelivery;
  delivery_address: string | null;
  status: Generated<ApplicationStatus>;
  return_note: string | null;
  case_id: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  submitted_at: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RemoteApplicationMaterialsTable {
  application_id: string;
  material_id: string;
  name: string;
  required: boolean;
  sort: number;
  file_id: string | null;
  return_reason: string | null;
}

export interface RemoteSupplementsTable {
  id: string;
  case_id: string;
  material_id: string;
  file_id: string;
  citizen_id: string;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  created_at: CreatedAt;
}

export interface RemoteShipmentsTable {
  id: string;
  case_id: string;
  direction: ShipmentDirection;
  courier: string;
  tracking_no: string;
  address: string | null;
  entered_by_name: string | null;
  created_at: CreatedAt;
}

export interface RemoteTables {
  remote_files: RemoteFilesTable;
  remote_applications: RemoteApplicationsTable;
  remote_application_materials: RemoteApplicationMaterialsTable;
  remote_supplements: RemoteSupplementsTable;
  remote_shipments: RemoteShipmentsTable;
}
