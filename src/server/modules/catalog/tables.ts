import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../platform/tables.ts';

export interface ItemsTable {
  id: string;
  code: string;
  name: string;
  department_id: string;
  type: string;
  mode: 'immediate' | 'promised';
  legal_days: number;
  promised_days: number;
  visits_required: number;
  online: boolean;
  terminal: boolean;
  accepted_at: 'general' | 'dedicated';
  lenient_allowed: boolean;
  fee_fen: number;
  fee_basis: string | null;
  legal_basis: string | null;
  conditions: string | null;
  process: string | null;
  service_hours: string | null;
  consult_phone: string | null;
  audience: string[];
  keywords: string[];
  issues_licence: string | null;
  changes_licence: string | null;
  change_kinds: string[];
  status: Generated<'published' | 'withdrawn'>;
  version: Generated<number>;
  /** Pre-segmented tokens with weights (A name … D FAQ), written by the service, read by the search index. */
  search_vector: ColumnType<string, unknown, unknown>;
  /** The catalog_state version of the write that last touched the item. */
  change_seq: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ItemCentersTable {
  item_id: string;
  center_id: string;
}

export interface MaterialsTable {
  id: string;
  item_id: string;
  name: string;
  required: boolean;
  form: 'original' | 'copy' | 'original_and_copy';
  copies: number;
  medium: 'paper' | 'electronic' | 'paper_or_electronic';
  elicense: boolean;
  deferrable: boolean;
  blank_form_url: string | null;
  example_url: string | null;
  note: string | null;
  option_ids: string[];
  sort: number;
}

export interface SituationsTable {
  id: string;
  item_id: string;
  question: string;
  options: Json<{ id: string; label: string }[]>;
  sort: number;
}

export interface FaqsTable {
  id: string;
  item_id: string;
  question: string;
  answer: string;
  sort: number;
}

export interface ItemVersionsTable {
  id: Generated<number>;
  item_id: string;
  version: number;
  snapshot: Json;
  changes: Json<string[]>;
  actor_name: string | null;
  at: CreatedAt;
}

export interface BundlesTable {
  id: string;
  name: string;
  description: string | null;
  item_ids: string[];
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One row: the catalogue's version, bumped by every write (see searchIndex.ts). */
export interface CatalogStateTable {
  id: Generated<boolean>;
  version: number;
}

export interface CatalogTables {
  catalog_state: CatalogStateTable;
  items: ItemsTable;
  item_centers: ItemCentersTable;
  materials: MaterialsTable;
  situations: SituationsTable;
  faqs: FaqsTable;
  item_versions: ItemVersionsTable;
  bundles: BundlesTable;
}
