import { statements } from './statements.ts';

/**
 * Catalogue search moves into each process (modules/catalog/searchIndex.ts): items are stamped with the
 * catalogue version that last wrote them, so every node can load just what changed since it last looked.
 */
export const catalogSearch = statements([
  `CREATE TABLE catalog_state (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    version integer NOT NULL
  )`,
  `INSERT INTO catalog_state (id, version) VALUES (true, 1)`,
  `ALTER TABLE items ADD COLUMN change_seq integer NOT NULL DEFAULT 1`,
  `CREATE INDEX items_change_seq_idx ON items (change_seq)`,
  `DROP INDEX items_search_idx`,
]);
