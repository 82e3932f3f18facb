import { statements } from './statements.ts';

/** 不见面审批: uploaded files (kept on disk, described here), online applications awaiting 预审 and their materials. */
export const remoteApplications = statements([
  `CREATE TABLE remote_files (
    id text PRIMARY KEY,
    citizen_id text NOT NULL REFERENCES citizens(id),
    original_name text NOT NULL,
    detected_type text NOT NULL CHECK (detected_type IN ('application/pdf','image/jpeg','image/png')),
    size_bytes integer NOT NULL CHECK (size_bytes > 0),
    sha256 text NOT NULL,
    storage_path text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX remote_files_citizen_idx ON remote_files (citizen_id, created_at DESC)`,
  `CREATE TABLE remote_applications (
    id text PRIMARY KEY,
    citizen_id text NOT NULL REFERENCES citizens(id),
    center_id text NOT NULL REFERENCES centers(id),
    item_id text NOT NULL,
    item_name text NOT NULL,
    department_id text NOT NULL REFERENCES departments(id),
    option_ids jsonb NOT NULL DEFAULT '[]',
    delivery text NOT NULL CHECK (delivery IN ('window','post','electronic')),
    delivery_address text,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','returned','passed')),
    return_note text,
    case_id text REFERENCES cases(id),
    reviewed_by text,
    reviewed_at timestamptz,
    submitted_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (delivery <> 'post' OR delivery_address IS NOT NULL)
  )`,
  `CREATE INDEX remote_applications_citizen_idx ON remote_applications (citizen_id, created_at DESC)`,
  `CREATE INDEX remote_applications_center_idx ON remote_applications (center_id, status, submitted_at)`,
  `CREATE UNIQUE INDEX remote_applications_case_idx ON remote_applications (case_id) WHERE case_id IS NOT NULL`,
  `CREATE TABLE remote_application_materials (
    application_id text NOT NULL REFERENCES remote_applications(id),
    material_id text NOT NULL,
    name text NOT NULL,
    required boolean NOT NULL,
    sort integer NOT NULL,
    file_id text REFERENCES remote_files(id),
    return_reason text,
    PRIMARY KEY (application_id, material_id)
  )`,
  `CREATE INDEX remote_application_materials_file_idx ON remote_application_materials (file_id) WHERE file_id IS NOT NULL`,
]);
