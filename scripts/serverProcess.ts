import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../src/server/config.ts';
import { openDatabase, type Database } from '../src/server/db/database.ts';

/**
 * A real OneDoor server in a child process, started the way a user starts it (`node --import tsx
 * src/server/main.ts`, so it runs the current source), killed with SIGKILL and started again on the same
 * data: the reliability suite's crashes and nodes, and the day simulator's servers.
 */

/** Where a server keeps its data: a PGlite folder, or a database of its own on a PostgreSQL server. */
export interface DataStore {
  kind: 'pglite' | 'postgres';
  /** The environment that points a server at this store. */
  env: Record<string, string>;
  /** PostgreSQL only: the connection string of the store's database. */
  databaseUrl?: string;
  dataDir?: string;
  /** Opens the data directly, the way the server does (for PGlite only while no server holds it). */
  open(): Promise<Database>;
  /** Deletes the folder or drops the database. */
  remove(): Promise<void>;
}

export async function pgliteStore(): Promise<DataStore> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'onedoor-reliability-'));
  return { kind: 'pglite', env: { DATA_DIR: dataDir }, dataDir, open: () => openDatabase({ dataDir }), remove: () => rm(dataDir, { recursive: true, force: true }) };
}

/** A fresh database with a unique name on the PostgreSQL server of `serverUrl`, dropped by remove(). */
export async function postgresStore(serverUrl: string): Promise<DataStore> {
  const name = `onedoor_reliability_${randomBytes(6).toString('hex')}`;
  const onServer = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind: 'postgres',
    env: { DATABASE_URL: databaseUrl },
    databaseUrl,
    open: () => openDatabase({ databaseUrl, poolSize: 2 }),
    remove: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  store: DataStore;
  /** Seed the demo center into an empty database (the first node); false for further nodes. */
  demo: boolean;
  /** The password of `admin`, made on first start. */
  adminPassword: string;
  /** A name for failure messages ("node B"). */
  name?: string;
  env?: Record<string, string>;
  /** How long a start may take, the demo seeding included. */
  startTimeoutMs?: number;
}

const outputKept = 100;

export class ServerProcess {
  readonly name: string;
  port = 0;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  /** The last lines the server wrote (stdout and stderr), for failure messages. */
  readonly output: string[] = [];
  /** Every line it logged at level error or fatal (pino levels 50 and 60). */
  readonly errors: string[] = [];

  constructor(private readonly options: ServerOptions) {
    this.name = options.name ?? 'server';
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** Starts the server (on a new free port unless it had one) and waits until /api/health answers; returns the milliseconds it took. */
  async start(): Promise<number> {
    if (this.#child) throw new Error(`${this.name} is already running`);
    if (!this.port) this.port = await freePort();
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        ...this.options.store.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DEMO: String(this.options.demo),
        ADMIN_PASSWORD: this.options.adminPassword,
        LOG_LEVEL: 'warn',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    let exitCode: number | string | null | undefined;
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        exitCode = code ?? signal;
        if (this.#child === child) this.#child = undefined;
        resolve();
      }),
    );
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        this.output.push(`[${this.name}] ${line}`);
        if (/"level":(50|60)\b/.test(line)) this.errors.push(line);
      }
      this.output.splice(0, Math.max(0, this.output.length - outputKept));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);

    const deadline = started + (this.options.startTimeoutMs ?? 180_000);
    for (;;) {
      if (exitCode !== undefined) throw new Error(`${this.name} exited (${exitCode}) while starting:\n${this.log()}`);
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`${this.name} did not answer /api/health within ${this.options.startTimeoutMs ?? 180_000} ms:\n${this.log()}`);
      }
      try {
        const response = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return Date.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** kill -9: no shutdown hook runs, requests in flight get no answer. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.#exited;
  }

  /** A clean stop (SIGTERM), falling back to SIGKILL after a while. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.#exited;
    clearTimeout(timer);
  }

  log(): string {
    return this.output.join('\n');
  }
}
