import type { Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';
import type { CertificateStatus, StationKind, StationVideo } from './rules.ts';

/** What the map needs of a center and centers lack: where it is (GCJ-02) and how to reach it. */
export interface ServicePointProfileTable {
  center_id: string;
  longitude: number | null;
  latitude: number | null;
  /** 政务服务中心, 便民服务站, 银行网点自助点…: what the point is called on the map. */
  kind_label: string | null;
  contact_phone: string | null;
  transport_note: string | null;
  updated_at: UpdatedAt;
}

/** A 微服务站 of a company, park or community, attached to the service point that handles its requests. */
export interface MicroStationTable {
  id: string;
  center_id: string;
  name: string;
  kind: StationKind;
  address: string | null;
  /** 明白卡: catalogue item ids, in the order shown. */
  guide_item_ids: Json<string[]>;
  videos: Json<StationVideo[]>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A 基层证明 asked for at a station; the attached center's manager accepts and completes it. */
export interface CertificateRequestTable {
  id: string;
  /** Null once the station is removed; its name stays for the record. */
  station_id: string | null;
  station_name: string;
  center_id: string;
  kind: string;
  name: string;
  phone: string;
  note: string | null;
  status: Generated<CertificateStatus>;
  handled_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface NetworkTables {
  service_point_profiles: ServicePointProfileTable;
  micro_stations: MicroStationTable;
  certificate_requests: CertificateRequestTable;
}
