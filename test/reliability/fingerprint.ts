import { sql } from 'kysely';
import type { Executor } from '../../src/server/db/types.ts';

/** Per table: its row count and an md5 of its rows in a fixed order. Two equal fingerprints mean equal data. */
export type Fingerprint = Record<string, { rows: number; md5: string }>;

/** What a fingerprint leaves out: whole tables, columns of a table, and rows of a table that do not meet a condition. */
export interface FingerprintExclusions {
  tables?: readonly string[];
  columns?: Readonly<Record<string, readonly string[]>>;
  /** An SQL condition on the table's row (alias `t`), e.g. `t.type <> 'stats.updated'`. */
  rows?: Readonly<Record<string, string>>;
}

/** The base tables of the current schema, read from information_schema (so a new migration is covered without a change here). */
export async function tableNames(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
    ORDER BY table_name`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Fingerprints every table but the excluded ones. Rows are compared as jsonb without the excluded columns,
 * ordered by their own text, so the result does not depend on physical order or on a primary key's shape.
 */
export async function fingerprint(db: Executor, exclusions: FingerprintExclusions = {}): Promise<Fingerprint> {
  const skipped = new Set(exclusions.tables ?? []);
  const tables = (await tableNames(db)).filter((name) => !skipped.has(name));
  const perTable = tables.map((name) => {
    const dropped = sql`${sql.val(exclusions.columns?.[name] ?? [])}::text[]`;
    const condition = exclusions.rows?.[name];
    return sql`SELECT ${sql.lit(name)} AS name, count(*)::int AS rows,
      md5(coalesce(string_agg(r.doc, E'\n' ORDER BY r.doc), '')) AS md5
      FROM (SELECT (to_jsonb(t) - ${dropped})::text AS doc FROM ${sql.table(name)} t ${condition ? sql`WHERE ${sql.raw(condition)}` : sql``}) r`;
  });
  const { rows } = await sql<{ name: string; rows: number; md5: string }>`${sql.join(perTable, sql` UNION ALL `)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, md5: r.md5 }]));
}

/**
 * Fingerprints again and again, cheaply: every write leaves rows with a new (ctid, xmin), so a table whose set
 * of row versions is unchanged has unchanged contents, and only tables whose row versions changed are hashed
 * again (the audit log and the catalogue take a second or more to hash; their versions a few milliseconds).
 */
export class FingerprintWatcher {
  private readonly versions = new Map<string, string>();
  private readonly contents: Fingerprint = {};

  constructor(
    private readonly db: Executor,
    private readonly exclusions: FingerprintExclusions = {},
  ) {}

  async fingerprint(): Promise<Fingerprint> {
    const skipped = new Set(this.exclusions.tables ?? []);
    const tables = (await tableNames(this.db)).filter((name) => !skipped.has(name));
    const perTable = tables.map(
      (name) => sql`SELECT ${sql.lit(name)} AS name, count(*) || ':' || coalesce(sum(hashtext(t.ctid::text || ':' || t.xmin::text)::bigint), 0) AS versions FROM ${sql.table(name)} t`,
    );
    const { rows } = await sql<{ name: string; versions: string }>`${sql.join(perTable, sql` UNION ALL `)}`.execute(this.db);
    const stale = rows.filter((r) => this.versions.get(r.name) !== r.versions).map((r) => r.name);
    if (stale.length) Object.assign(this.contents, await fingerprint(this.db, { ...this.exclusions, tables: [...skipped, ...tables.filter((name) => !stale.includes(name))] }));
    for (const r of rows) this.versions.set(r.name, r.versions);
    for (const name of Object.keys(this.contents)) if (!tables.includes(name)) delete this.contents[name];
    return { ...this.contents };
  }
}

/** The tables whose fingerprint differs (or that exist on one side only), with both sides. */
export function changedTables(before: Fingerprint, after: Fingerprint): Record<string, { before?: Fingerprint[string]; after?: Fingerprint[string] }> {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed: Record<string, { before?: Fingerprint[string]; after?: Fingerprint[string] }> = {};
  for (const name of names) {
    const a = before[name];
    const b = after[name];
    if (a?.rows !== b?.rows || a?.md5 !== b?.md5) changed[name] = { before: a, after: b };
  }
  return changed;
}
