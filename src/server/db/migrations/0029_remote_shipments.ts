import { statements } from './statements.ts';

/** 不见面审批 after the case exists: materials supplied from the portal for a 待补正 case, and couriers both ways. */
export const remoteShipments = statements([
  `CREATE TABLE remote_supplements (
    id text PRIMARY KEY,
    case_id text NOT NULL REFERENCES cases(id),
    material_id text NOT NULL,
    file_id text NOT NULL REFERENCES remote_files(id),
    citizen_id text NOT NULL REFERENCES citizens(id),
    confirmed_by text,
    confirmed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX remote_supplements_case_idx ON remote_supplements (case_id, created_at)`,
  `CREATE INDEX remote_supplements_file_idx ON remote_supplements (file_id)`,
  `CREATE TABLE remote_shipments (
    id text PRIMARY KEY,
    case_id text NOT NULL REFERENCES cases(id),
    direction text NOT NULL CHECK (direction IN ('inbound','outbound')),
    courier text NOT NULL,
    tracking_no text NOT NULL,
    address text,
    entered_by_name text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (direction <> 'outbound' OR address IS NOT NULL)
  )`,
  `CREATE INDEX remote_shipments_case_idx ON remote_shipments (case_id, created_at)`,
]);
