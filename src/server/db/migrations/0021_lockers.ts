import { statements } from './statements.ts';

/** 24-hour lockers: compartments of a locker device, results deposited by staff and collected by code or personal code. */
export const lockers = statements([
  `CREATE TABLE locker_compartments (
    id text PRIMARY KEY,
    device_id text NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    label text NOT NULL,
    size text NOT NULL CHECK (size IN ('small','medium','large')),
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (device_id, label)
  )`,
  `CREATE TABLE locker_deposits (
    id text PRIMARY KEY,
    compartment_id text NOT NULL REFERENCES locker_compartments(id),
    device_id text NOT NULL,
    center_id text NOT NULL REFERENCES centers(id),
    case_id text,
    case_no text,
    item_name text NOT NULL,
    recipient_name text NOT NULL,
    recipient_phone text NOT NULL,
    recipient_hash text,
    pickup_code_hash text NOT NULL,
    deposited_by text NOT NULL,
    deposited_at timestamptz NOT NULL,
    overdue_at timestamptz,
    collected_at timestamptz,
    collected_by text CHECK (collected_by IN ('pickup_code','personal_code','staff')),
    collect_note text
  )`,
  // One result per compartment until it is collected, and no two waiting results with one pickup code at a locker.
  `CREATE UNIQUE INDEX locker_deposits_occupied_idx ON locker_deposits (compartment_id) WHERE collected_at IS NULL`,
  `CREATE UNIQUE INDEX locker_deposits_code_idx ON locker_deposits (device_id, pickup_code_hash) WHERE collected_at IS NULL`,
  `CREATE INDEX locker_deposits_recipient_idx ON locker_deposits (device_id, recipient_hash) WHERE collected_at IS NULL`,
  `CREATE INDEX locker_deposits_center_idx ON locker_deposits (center_id, deposited_at DESC)`,
  `CREATE TABLE locker_open_failures (
    device_id text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX locker_open_failures_idx ON locker_open_failures (device_id, at)`,
  `CREATE TABLE locker_settings (
    center_id text PRIMARY KEY REFERENCES centers(id) ON DELETE CASCADE,
    settings jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
]);
