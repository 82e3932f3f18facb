import { statements } from './statements.ts';

/**
 * The service network on the map (政务地图): where each service point is and how to reach it, the 微服务站
 * of companies, parks and communities attached to a point, and the 基层证明 requests taken at those stations.
 */
export const network = statements([
  `CREATE TABLE service_point_profiles (
    center_id text PRIMARY KEY REFERENCES centers(id) ON DELETE CASCADE,
    longitude double precision CHECK (longitude BETWEEN 73 AND 136),
    latitude double precision CHECK (latitude BETWEEN 3 AND 54),
    kind_label text,
    contact_phone text,
    transport_note text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((longitude IS NULL) = (latitude IS NULL))
  )`,
  `CREATE TABLE micro_stations (
    id text PRIMARY KEY,
    center_id text NOT NULL REFERENCES centers(id),
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('company','park','community')),
    address text,
    guide_item_ids jsonb NOT NULL DEFAULT '[]',
    videos jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX micro_stations_center_idx ON micro_stations (center_id, created_at DESC)`,
  `CREATE TABLE certificate_requests (
    id text PRIMARY KEY,
    station_id text REFERENCES micro_stations(id) ON DELETE SET NULL,
    station_name text NOT NULL,
    center_id text NOT NULL REFERENCES centers(id),
    kind text NOT NULL,
    name text NOT NULL,
    phone text NOT NULL,
    note text,
    status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','accepted','completed')),
    handled_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX certificate_requests_center_idx ON certificate_requests (center_id, created_at DESC)`,
]);
