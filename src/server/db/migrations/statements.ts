import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** A migration made of plain SQL statements, run one at a time: PGlite's extended protocol takes one per query. */
export function statements(list: string[]): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of list) await sql.raw(statement).execute(db);
    },
  };
}
