import { sql } from 'kysely';
import type { Database } from './db/database.ts';
import { inTransaction } from './db/transaction.ts';
import { countUsers, createUser, findUserIdByUsername } from './modules/accounts/service.ts';
import { generatePassword } from './modules/accounts/password.ts';
import { loadPackagedSchedule } from './modules/calendar/service.ts';
import { listCenters } from './modules/org/service.ts';
import { systemActor } from './platform/audit.ts';
import { demoAccounts, seedDemo, type DemoSummary } from './demo/seedDemo.ts';

export interface BootstrapResult {
  /** Set only when the admin account was created now with a generated password. */
  generatedAdminPassword?: string;
  adminCreated: boolean;
  demo?: DemoSummary;
  /** The demo accounts exist (seeded now or on an earlier start). */
  demoPresent: boolean;
}

/**
 * First-start work: the `admin` account, and the demo center when asked for and the database is empty.
 * An advisory lock keeps two nodes starting together from doing it twice.
 */
export async function bootstrap(database: Database, options: { adminPassword?: string; demo: boolean }): Promise<BootstrapResult> {
  return inTransaction(database.db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7100001)`.execute(trx);
    const result: BootstrapResult = { adminCreated: false, demoPresent: false };
    if ((await countUsers(trx)) === 0) {
      const password = options.adminPassword ?? generatePassword(14);
      await createUser(trx, 'system', systemActor('首次启动'), { username: 'admin', password, name: '系统管理员', roles: [{ role: 'admin', centerId: null, departmentId: null }] });
      result.adminCreated = true;
      if (!options.adminPassword) result.generatedAdminPassword = password;
    }
    // The State Council holiday schedule, each packaged year once (kept across restarts and admin edits).
    await loadPackagedSchedule(trx);
    if (options.demo && (await listCenters(trx)).length === 0) result.demo = await seedDemo(trx);
    result.demoPresent = (await findUserIdByUsername(trx, demoAccounts[0]!.username)) !== undefined;
    return result;
  });
}
