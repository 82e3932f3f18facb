import type { CreatedAt, UpdatedAt } from '../../platform/tables.ts';
import type { HolderKind } from './rules.ts';

export interface ElicensesTable {
  id: string;
  holder_kind: HolderKind;
  /** lookupHash of the ID number or credit code: the whole identifier is not kept, a licence is found by its holder. */
  holder_hash: string;
  holder_name: string;
  /** The catalogue material it replaces, by name (居民身份证, 营业执照…). */
  licence_type: string;
  licence_no: string;
  issuer: string;
  issued_on: string;
  /** The last valid day; null: 长期有效. */
  valid_until: string | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
  /** The OneDoor case whose approval issued it. */
  source_case_id: string | null;
  created_at: CreatedAt;
}

export interface ItemResultLicencesTable {
  item_id: string;
  licence_type: string;
  /** null: 长期有效. */
  valid_years: number | null;
  updated_at: UpdatedAt;
}

export interface ElicenseTables {
  elicenses: ElicensesTable;
  item_result_licences: ItemResultLicencesTable;
}
