import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cases from './cases.ts';
import * as catalogRender from './catalogRender.ts';
import * as catalogSearch from './catalogSearch.ts';
import * as personalCode from './personalCode.ts';
import * as queue from './queue.ts';
import * as ratings from './ratings.ts';
import * as simulation from './simulation.ts';
import * as stats from './stats.ts';

/** Runs every benchmark module and writes BENCHMARKS.md with the machine it ran on. */

interface BenchModule {
  title: string;
  run(): Promise<{ databases: string[]; markdown: string }>;
}

// BENCH=queue,catalogRender runs only those (by file name) and only prints; all of them by default.
const all: Record<string, BenchModule> = { catalogSearch, catalogRender, queue, cases, ratings, stats, personalCode, simulation };
const chosen = process.env.BENCH?.split(',').map((s) => s.trim()) ?? Object.keys(all);
const unknown = chosen.filter((name) => !(name in all));
if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${Object.keys(all).join(', ')}`);
const modules = chosen.map((name) => all[name]!);

const sections: string[] = [];
const databases = new Set<string>();
for (const bench of modules) {
  console.log(`running ${bench.title} …`);
  const result = await bench.run();
  for (const d of result.databases) databases.add(d);
  sections.push(`## ${bench.title}\n\n${result.markdown}`);
  console.log(result.markdown);
}
const cpus = os.cpus();
const header = [
  '# Benchmarks',
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory, ${os.type()} ${os.release()} (${os.arch()})`,
  `- Node.js: ${process.version}`,
  `- Databases: ${[...databases].join('; ')}`,
  '',
  'Written by `npm run bench` (bench/run.ts); set DATABASE_URL to measure PostgreSQL as well.',
  '',
];
// A partial run (BENCH=…) only prints: BENCHMARKS.md always holds one whole run, on one machine.
if (process.env.BENCH) console.log('BENCH is set: BENCHMARKS.md is left as it was.');
else writeFileSync(path.resolve(import.meta.dirname, '../BENCHMARKS.md'), `${[...header, ...sections].join('\n')}\n`);
