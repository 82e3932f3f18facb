import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { DB } from './db/types.ts';
import type { EventBus } from './platform/events.ts';

/** What route handlers need from the running server. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  bus: EventBus;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
