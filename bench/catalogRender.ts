import { performance } from 'node:perf_hooks';
import buildWebIfStale from '../test/browser/globalSetup.ts';
import { launchBrowser, openPage, startServer } from '../test/browser/helpers.ts';

/**
 * The public catalogue pages in Chromium on the demo data (~2,000 items): from navigation to the
 * answer on screen — the result list of a search, the browse list, and an item's guide with its
 * materials — once in a fresh browser context (nothing cached) and once again in the same context.
 */

export const title = '事项列表与办事指南页面渲染（浏览器）';
const target = { ms: 1000 };
const queries = ['孩子上户口', '开饭店', 'sfz', '公积金提取', '营业执照变更地址'];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function run(): Promise<{ databases: string[]; markdown: string }> {
  buildWebIfStale();
  const server = await startServer();
  const browser = await launchBrowser();
  const times: Record<'search' | 'browse' | 'guide', { cold: number[]; warm: number[] }> = { search: { cold: [], warm: [] }, browse: { cold: [], warm: [] }, guide: { cold: [], warm: [] } };
  try {
    const pages: { kind: keyof typeof times; path: string; ready: string }[] = [];
    for (const q of queries) {
      pages.push({ kind: 'search', path: `/items?q=${encodeURIComponent(q)}`, ready: '[data-testid="item-link"]' });
      const found = await (await fetch(`${server.baseUrl}/api/v1/items?q=${encodeURIComponent(q)}&pageSize=1`)).json() as { items: { id: string }[] };
      pages.push({ kind: 'guide', path: `/items/${found.items[0]!.id}`, ready: '[data-testid="guide-materials"]' });
      pages.push({ kind: 'browse', path: `/items?page=${queries.indexOf(q) + 1}`, ready: '[data-testid="item-link"]' });
    }
    for (const { kind, path, ready } of pages) {
      const { context, page } = await openPage(browser, { width: 390, height: 844 });
      for (const visit of ['cold', 'warm'] as const) {
        const t0 = performance.now();
        await page.goto(server.baseUrl + path);
        await page.locator(ready).first().waitFor({ state: 'visible', timeout: 20_000 });
        times[kind]![visit].push(performance.now() - t0);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const labels: Record<keyof typeof times, string> = { search: '检索结果 /items?q=…', browse: '事项列表 /items', guide: '办事指南 /items/{id}' };
  const row = (kind: keyof typeof times) => {
    const all = [...times[kind]!.cold, ...times[kind]!.warm].sort((a, b) => a - b);
    const cold = [...times[kind]!.cold].sort((a, b) => a - b);
    const worst = all[all.length - 1]!;
    return `| ${labels[kind]} | ${all.length} | ${percentile(cold, 50).toFixed(0)} | ${percentile([...times[kind]!.warm].sort((a, b) => a - b), 50).toFixed(0)} | ${worst.toFixed(0)} | ${worst < target.ms ? 'met' : '**not met**'} |`;
  };
  return {
    databases: [],
    markdown: [
      `Chromium (headless, phone viewport 390×844) against the built web app and the server on the embedded database with the demo catalogue (~2,000 items). Time from \`page.goto\` to the answer being visible: the first result of a search or list, or the materials card of a guide. Each page is loaded in a fresh browser context (cold: HTML, scripts and data fetched) and then again (warm). ${queries.length} queries, their first hit's guide, and ${queries.length} list pages.`,
      '',
      '| Page | Loads | Cold p50 (ms) | Warm p50 (ms) | Slowest (ms) | Target < 1,000 ms |',
      '|---|---:|---:|---:|---:|---|',
      row('search'),
      row('browse'),
      row('guide'),
    ].join('\n'),
  };
}
