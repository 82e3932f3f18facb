import { mkdirSync } from 'node:fs';
import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { demoPassword, demoAccounts } from './demo/seedDemo.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database.db);
  const boot = await bootstrap(database, { adminPassword: config.adminPassword, demo: config.demo });
  const app = await buildApp({ config, database, warmPageRenderer: true });
  await app.listen({ port: config.port, host: config.host });

  const address = `http://localhost:${config.port}`;
  const lines = [
    '',
    `OneDoor 一门通办 ${config.version} 已启动：${address}`,
    `数据库：${database.kind === 'pglite' ? `内置 PGlite（${config.dataDir}）` : 'PostgreSQL'}`,
    `登录：${address}/login    接口文档：${address}/api/docs`,
  ];
  if (boot.generatedAdminPassword) lines.push(`管理员账号 admin 的初始密码（只显示这一次，请登录后修改）：${boot.generatedAdminPassword}`);
  else if (boot.adminCreated) lines.push('管理员账号 admin 已创建，密码为 ADMIN_PASSWORD 的值');
  if (boot.demo) {
    lines.push(`已载入示范中心：${boot.demo.centers} 个中心，${boot.demo.departments} 个部门，${boot.demo.windows} 个窗口，${boot.demo.devices} 台设备，${boot.demo.items} 个事项，${boot.demo.bundles} 个一件事`);
    lines.push('示范设备地址（令牌只显示这一次，之后可在「设备」页重新生成）：');
    for (const device of boot.demo.deviceLinks) lines.push(`  ${device.name}：${address}${device.path}`);
    const history = boot.demo.history;
    if (history) lines.push(`示范历史（${history.day}）：${history.visits} 人次来访，${history.ratings} 条评价，${history.cases} 件办件 — 统计分析 ${address}/stats，监察 ${address}/supervision`);
  }
  if (boot.demoPresent) {
    lines.push(`示范账号（密码均为 ${demoPassword}）：`);
    for (const account of demoAccounts) lines.push(`  ${account.username.padEnd(12)} ${account.label}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  // Finish requests in flight, close live streams, then the database.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`配置错误：${error.message}\n`);
  } else {
    process.stderr.write(`启动失败：${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
