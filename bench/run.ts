import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as catalogSearch from './catalogSearch.ts';
import * as queue from './queue.ts';

/** Runs every benchmark module and writes BENCHMARKS.md with the machine it ran on. */

interface BenchModule {
  title: string;
  run(): Promise<{ databases: string[]; markdown: string }>;
}

const modules: BenchModule[] = [catalogSearch, queue];

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
writeFileSync(path.resolve(import.meta.dirname, '../BENCHMARKS.md'), `${[...header, ...sections].join('\n')}\n`);
