import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, expectNoProblems, openPage, startDemo, stopDemo, type RunningServer } from './helpers.ts';

/**
 * 适老化/适残化: every public page, as a phone shows it, passes axe-core's WCAG 2 A and AA rules —
 * labels a screen reader can read, contrast an older eye can see, a language, landmarks.
 */

let server: RunningServer;
let browser: Browser;
let city: { id: string; name: string };

beforeAll(async () => {
  ({ server, browser, city } = await startDemo());
});
afterAll(async () => stopDemo(server, browser));

/** A page is ready when the network is quiet and nothing says it is still loading. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

async function publicPages(): Promise<string[]> {
  const items = (await (await fetch(`${server.baseUrl}/api/v1/items?q=${encodeURIComponent('开饭店')}&pageSize=1`)).json()) as { items: { id: string }[] };
  return [
    '/',
    '/items',
    `/items?q=${encodeURIComponent('身份证')}`,
    `/items/${items.items[0]!.id}`,
    '/precheck',
    '/disclosure',
    `/appointments/new?centerId=${city.id}`,
    `/queue/take?centerId=${city.id}`,
    '/progress',
    '/rate',
    `/feedback?centerId=${city.id}`,
    '/ratings',
    '/map',
    '/assistant',
    '/my/login',
  ];
}

describeInBrowser('accessibility of the public pages (axe-core, WCAG 2 A and AA)', () => {
  it('every public page on a phone has no serious or critical violation', async () => {
    const failures: string[] = [];
    for (const path of await publicPages()) {
      const { context, page, problems } = await openPage(browser, { width: 375, height: 812 });
      await page.goto(server.baseUrl + path);
      await settled(page);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        failures.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      }
      expectNoProblems(problems);
      await context.close();
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
