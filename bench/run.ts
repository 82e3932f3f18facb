import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cases from './cases.ts';
import * as catalogRender from './catalogRender.ts';
import * as catalogSearch from './catalogSearch.ts';
import * as personalCode from './personalCode.ts';
import * as publicPages from './publicPages.ts';
import * as queue from './queue.ts';
import * as ratings from './ratings.ts';
import * as simulation from './simulation.ts';
import * as stats from './stats.ts';

/** Runs every benchmark module and writes BENCHMARKS.md with the machine it ran on. */

interface BenchModule {
  title: string;
  run(): Promise<{ databases: string[]; markdown: string }>;
}

// BENCH=queue,catalogRender runs only those (by file name) and replaces their sections; all of them by default.
const all: Record<string, BenchModule> = { catalogSearch, catalogRender, publicPages, queue, cases, ratings, stats, personalCode, simulation };
const chosen = process.env.BENCH?.split(',').map((s) => s.trim()) ?? Object.keys(all);
const unknown = chosen.filter((name) => !(name in all));
if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${Object.keys(all).join(', ')}`);
const modules = chosen.map((name) => all[name]!);

const cpus = os.cpus();
const machine = `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory, ${os.type()} ${os.release()} (${os.arch()})`;
const target = path.resolve(import.meta.dirname, '../BENCHMARKS.md');
const partial = process.env.BENCH !== undefined;

const sections: { title: string; text: string }[] = [];
const databases = new Set<string>();
for (const bench of modules) {
  console.log(`running ${bench.title} …`);
  const result = await bench.run();
  for (const d of result.databases) databases.add(d);
  // A section measured on its own (BENCH=…) says when and where, since the file's header is another run's.
  const stamp = partial ? `_Measured on its own on ${new Date().toISOString()}: ${machine}, Node.js ${process.version}${result.databases.length ? `, ${result.databases.join('; ')}` : ''}._\n\n` : '';
  sections.push({ title: bench.title, text: `## ${bench.title}\n\n${stamp}${result.markdown}\n` });
  console.log(result.markdown);
}

if (!partial || !existsSync(target)) {
  const header = [
    '# Benchmarks',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine}`,
    `- Node.js: ${process.version}`,
    `- Databases: ${[...databases].join('; ')}`,
    '',
    'Written by `npm run bench` (bench/run.ts); set DATABASE_URL to measure PostgreSQL as well. `BENCH=name,…` measures only those and replaces their sections, each stamped with its own date and machine.',
    '',
  ];
  writeFileSync(target, `${[...header, ...sections.map((s) => s.text)].join('\n')}`);
} else {
  // Replace the measured sections in place (or append new ones); the rest of the file stays as it was.
  let text = readFileSync(target, 'utf8');
  for (const section of sections) {
    const start = text.indexOf(`## ${section.title}\n`);
    if (start < 0) {
      text = `${text.trimEnd()}\n\n${section.text}`;
      continue;
    }
    const next = text.indexOf('\n## ', start + 3);
    text = text.slice(0, start) + section.text + (next < 0 ? '' : text.slice(next + 1));
  }
  writeFileSync(target, text);
}
