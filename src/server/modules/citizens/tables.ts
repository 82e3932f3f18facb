import type { Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../platform/tables.ts';
import type { CodeScanPurpose } from './rules.ts';

export interface CitizensTable {
  id: string;
  /** The whole mobile number (the one-time codes go there); found by phone_hash. */
  phone: string;
  phone_hash: string;
  /** Set by real-name binding, with the ID number. */
  name: string | null;
  id_number: string | null;
  id_hash: string | null;
  real_name_at: Date | null;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CitizenOtpsTable {
  id: string;
  phone_hash: string;
  code_hash: string;
  expires_at: Date;
  attempts: Generated<number>;
  used_at: Date | null;
  ip: string | null;
  created_at: CreatedAt;
}

export interface CitizenSessionsTable {
  id: string;
  token_hash: string;
  citizen_id: string;
  last_seen_at: UpdatedAt;
  ended_at: Date | null;
  created_at: CreatedAt;
}

export interface PersonalCodeScansTable {
  nonce: string;
  citizen_id: string;
  purpose: CodeScanPurpose;
  scanner_kind: string;
  scanner_id: string | null;
  scanner_name: string | null;
  at: CreatedAt;
}

export interface PlatformSecretsTable {
  name: string;
  value: string;
  created_at: CreatedAt;
}

export interface CitizenTables {
  citizens: CitizensTable;
  citizen_otps: CitizenOtpsTable;
  citizen_sessions: CitizenSessionsTable;
  personal_code_scans: PersonalCodeScansTable;
  platform_secrets: PlatformSecretsTable;
}
