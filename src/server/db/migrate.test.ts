import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/testApp.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

type Opened = Awaited<ReturnType<typeof openTestDatabase>>;
const open: Opened[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.drop();
});
async function fresh() {
  const opened = await openTestDatabase();
  open.push(opened);
  return opened.database;
}

/** Every column of every table in the public schema, with its type and default. */
async function schemaOf(db: Parameters<typeof migrateToLatest>[0]) {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; column_default: string | null }>`
    SELECT table_name, column_name, data_type, column_default FROM information_schema.columns
    WHERE table_schema = 'public' ORDER BY table_name, column_name`.execute(db);
  return rows;
}

describe('migrateToLatest', () => {
  it('applies every migration in order on an empty database, then nothing the second time', async () => {
    const database = await fresh();
    expect(await migrateToLatest(database.db)).toEqual(Object.keys(migrations).sort());
    const schema = await schemaOf(database.db);
    expect(schema.map((c) => c.table_name)).toEqual(expect.arrayContaining(['audit_log', 'event_log', 'centers', 'windows', 'devices', 'users', 'sessions']));
    const applied = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(database.db);

    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await schemaOf(database.db)).toEqual(schema);
    expect((await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(database.db)).rows).toEqual(applied.rows);
  });

  it('keeps the data already there', async () => {
    const database = await fresh();
    await migrateToLatest(database.db);
    await sql`INSERT INTO centers (id, name, level) VALUES ('c1', '保留中心', 'city')`.execute(database.db);
    await migrateToLatest(database.db);
    expect((await sql<{ name: string }>`SELECT name FROM centers`.execute(database.db)).rows).toEqual([{ name: '保留中心' }]);
  });

  it('applies each migration once when several starts run it at the same time', async () => {
    const database = await fresh();
    const results = await Promise.all([migrateToLatest(database.db), migrateToLatest(database.db), migrateToLatest(database.db)]);
    expect(results.flat().sort()).toEqual(Object.keys(migrations).sort());
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations`.execute(database.db)).rows[0]!.n).toBe(Object.keys(migrations).length);
  });
});
