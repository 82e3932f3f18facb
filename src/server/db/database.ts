import { PGlite } from '@electric-sql/pglite';
import {
  Kysely,
  PGliteDialect,
  PostgresDialect,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { DB } from './types.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** The one database handle every module uses: a typed query builder plus notification plumbing. */
export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /** Receive every NOTIFY on `channel`, from this process or (on PostgreSQL) any other node. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// pg returns int8 and numeric as strings to avoid precision loss; our counters and ids fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Kysely's PGlite driver hands one shared connection to every caller without a lock, so a query from
 * one request could run inside another request's open transaction. PGlite is a single connection:
 * serialise access to it the way Kysely's SQLite driver does.
 */
class SerialisedDriver implements Driver {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(
    private readonly inner: Driver,
    private readonly isClosed: () => boolean,
  ) {}

  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.inner.acquireConnection();
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection);
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    // Kysely's PGlite driver waits forever for a transaction a closed PGlite never begins, holding the connection.
    if (this.isClosed()) return Promise.reject(new Error('PGlite is closed'));
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  destroy() {
    return this.inner.destroy();
  }
}

function serialised(dialect: Dialect, isClosed: () => boolean): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new SerialisedDriver(dialect.createDriver(), isClosed),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

export interface OpenOptions {
  /** postgres://… or undefined for the embedded database. */
  databaseUrl?: string;
  /** Folder of the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string;
  /** An already created PGlite (tests clone a migrated template). */
  pglite?: PGlite;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 20);
  const pglite = options.pglite ?? (await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {}));
  return {
    kind: 'pglite',
    db: new Kysely<DB>({ dialect: serialised(new PGliteDialect({ pglite }), () => pglite.closed) }),
    async listen(channel, onPayload) {
      const unlisten = await pglite.listen(channel, onPayload);
      return () => unlisten();
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function openPostgres(connectionString: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client that loses its server must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<{ client: pg.Client }>();
  return {
    kind: 'postgres',
    db,
    async listen(channel, onPayload) {
      // One dedicated connection per subscription: LISTEN is per session, and pooled clients are shared.
      const entry = { client: new pg.Client({ connectionString }) };
      let closed = false;
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString });
        client.on('notification', (message) => {
          if (message.channel === channel) onPayload(message.payload ?? '');
        });
        client.on('error', () => {
          if (closed) return;
          setTimeout(() => void connect().catch(() => {}), 1000);
        });
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        entry.client = client;
      };
      await connect();
      listeners.add(entry);
      return async () => {
        closed = true;
        listeners.delete(entry);
        await entry.client.end().catch(() => {});
      };
    },
    async close() {
      for (const entry of listeners) await entry.client.end().catch(() => {});
      listeners.clear();
      await db.destroy();
    },
  };
}
