import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compareDays, defaultCompareOptions, reportOf } from './compare.ts';
import type { Mode } from './hall.ts';

/**
 * `npm run simulate`: a Dongguan-size day of the demo center, run through the real HTTP API twice — with
 * OneDoor's comprehensive windows and calling rules, and with one FIFO queue per department at dedicated
 * windows — printed and saved to SIMULATION.md. Options: --visitors N, --seed N, --date YYYY-MM-DD,
 * --step SECONDS, --only onedoor|baseline, --speed N (paced: N× real time, a load test), --until HH:MM;
 * DATABASE_URL runs it on that PostgreSQL.
 */
const { values } = parseArgs({
  options: {
    visitors: { type: 'string' },
    seed: { type: 'string' },
    date: { type: 'string' },
    step: { type: 'string' },
    only: { type: 'string' },
    speed: { type: 'string' },
    until: { type: 'string' },
  },
});
const positive = (name: string, raw: string | undefined, fallback: number) => {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return value;
};
if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new Error(`--date must be YYYY-MM-DD, got "${values.date}"`);
if (values.until !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(values.until)) throw new Error(`--until must be HH:MM, got "${values.until}"`);
if (values.only !== undefined && !['onedoor', 'baseline'].includes(values.only)) throw new Error('--only must be onedoor or baseline');

const options = {
  ...defaultCompareOptions,
  parameters: { ...defaultCompareOptions.parameters, visitors: positive('visitors', values.visitors, defaultCompareOptions.parameters.visitors) },
  seed: positive('seed', values.seed, defaultCompareOptions.seed),
  date: values.date,
  stepSeconds: positive('step', values.step, defaultCompareOptions.stepSeconds),
  postgresUrl: process.env.DATABASE_URL || undefined,
  modes: values.only ? [values.only as Mode] : defaultCompareOptions.modes,
  speed: values.speed === undefined ? undefined : positive('speed', values.speed, 1),
  until: values.until,
  log: (line: string) => console.log(line),
};

const started = Date.now();
const outcomes = await compareDays(options);
const report = reportOf(outcomes, options);
const cpus = os.cpus();
const text = [
  '# Day simulation',
  '',
  `- Date: ${new Date().toISOString()}; whole run ${((Date.now() - started) / 1000).toFixed(0)} s`,
  `- Machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory, Node.js ${process.version}`,
  '',
  'Written by `npm run simulate` (sim/cli.ts). "sim" columns are what the simulator measured of its own visitors; "stats API" columns are what `GET /api/v1/stats/summary` — the statistics screen — says of the same day.',
  '',
  report,
  '',
].join('\n');
console.log(`\n${report}`);
writeFileSync(path.resolve(import.meta.dirname, '../SIMULATION.md'), text);
