import { compareDays, defaultCompareOptions, reportOf } from '../sim/compare.ts';

/**
 * A Dongguan-size day of the demo center (issue 9): the day simulator, run with OneDoor's rules and with
 * the baseline of one FIFO queue per department, on the embedded database and, with DATABASE_URL, on
 * PostgreSQL. Targets: the whole day in under 5 minutes; OneDoor's average wait at most half the baseline's.
 */

export const title = '一日模拟（东莞规模：7,000 人次，270 个窗口）';

export async function run(): Promise<{ databases: string[]; markdown: string }> {
  const sections: string[] = [];
  const databases = ['PGlite (embedded)'];
  const onEach = [undefined, ...(process.env.DATABASE_URL ? [process.env.DATABASE_URL] : [])];
  for (const postgresUrl of onEach) {
    const started = Date.now();
    const options = { ...defaultCompareOptions, postgresUrl, log: (line: string) => console.log(line) };
    const outcomes = await compareDays(options);
    const seconds = (Date.now() - started) / 1000;
    if (postgresUrl) databases.push('PostgreSQL');
    const slowest = Math.max(...outcomes.map((o) => o.wallSeconds));
    sections.push(
      `### ${postgresUrl ? 'PostgreSQL' : 'Embedded PGlite'}`,
      '',
      reportOf(outcomes, options),
      '',
      `Both days ran side by side in ${seconds.toFixed(0)} s, each server in a process of its own, start-up (loading the demo) and preparing the hall (270 staff accounts signed in) included; the slowest day itself took ${slowest.toFixed(0)} s. Target for a day: under 300 s — ${seconds < 300 ? 'met' : '**not met**'}.`,
      '',
    );
  }
  return { databases, markdown: sections.join('\n') };
}
