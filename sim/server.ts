import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const simulationAdminPassword = 'Simulate#2026';

const root = path.resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A database of its own for one run: a data folder for the embedded PGlite, or a new database on PostgreSQL. */
async function freshDatabase(postgresUrl: string | undefined): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (!postgresUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'onedoor-sim-'));
    return { env: { DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `onedoor_sim_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), DEMO: 'true' },
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface SimulationServer {
  url: string;
  /** Lines the server logged at level error or fatal (pino levels 50 and 60). */
  errors(): string[];
  stop(): Promise<void>;
}

/**
 * A OneDoor server of its own, in simulation mode, with the demo center, started from the source as a
 * user would start it (`src/server/main.ts`), in a separate process so it has a core of its own.
 */
export async function startSimulationServer(options: { postgresUrl?: string; log?: (line: string) => void } = {}): Promise<SimulationServer> {
  const database = await freshDatabase(options.postgresUrl);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], {
    cwd: root,
    env: { ...process.env, ...database.env, PORT: String(port), HOST: '127.0.0.1', DEMO: 'true', SIMULATION: 'true', ADMIN_PASSWORD: simulationAdminPassword, LOG_LEVEL: 'warn', WEBHOOK_INTERVAL_MS: '0', NODE_ENV: 'development',
      // Simulated days pass in minutes while the set-up happens at the real time: sessions must outlast the gap.
      SESSION_IDLE_MINUTES: String(60 * 24 * 30) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const errors: string[] = [];
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    for (const line of text.split('\n')) if (/"level":(50|60)\b/.test(line)) errors.push(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', (chunk: Buffer) => {
    collect(chunk);
    options.log?.(chunk.toString());
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped while starting:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within 5 minutes:\n${output}`);
    }
    const healthy = await fetch(`${url}/api/health`).then((res) => res.ok, () => false);
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    errors: () => [...errors],
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await database.drop();
    },
  };
}
