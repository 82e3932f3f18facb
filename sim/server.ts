import { pgliteStore, postgresStore, ServerProcess } from '../scripts/serverProcess.ts';

export const simulationAdminPassword = 'Simulate#2026';

export interface SimulationServer {
  url: string;
  /** Lines the server logged at level error or fatal. */
  errors(): string[];
  stop(): Promise<void>;
}

/**
 * A OneDoor server of its own, in simulation mode, with the demo center, on a fresh embedded database or
 * a new database on the given PostgreSQL, in a separate process so it has a core of its own.
 */
export async function startSimulationServer(options: { postgresUrl?: string } = {}): Promise<SimulationServer> {
  const store = options.postgresUrl ? await postgresStore(options.postgresUrl) : await pgliteStore();
  const server = new ServerProcess({
    store,
    demo: true,
    adminPassword: simulationAdminPassword,
    name: 'simulation server',
    startTimeoutMs: 300_000,
    env: {
      SIMULATION: 'true',
      NODE_ENV: 'development',
      WEBHOOK_INTERVAL_MS: '0',
      // Simulated days pass in minutes while the set-up happens at the real time: sessions must outlast the gap.
      SESSION_IDLE_MINUTES: String(60 * 24 * 30),
    },
  });
  try {
    await server.start();
  } catch (error) {
    await store.remove();
    throw error;
  }
  return {
    url: server.url,
    errors: () => [...server.errors],
    async stop() {
      await server.stop();
      await store.remove();
    },
  };
}
