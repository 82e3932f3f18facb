import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contentShown, demoCity, describeInBrowser, expectNoProblems, launchBrowser, openPage, type RunningServer, startServer, stopDemo } from './helpers.ts';

const phone = { width: 390, height: 844 };

interface ItemsPage {
  items: { id: string; name: string }[];
}

describeInBrowser('public pages rendered by the server', () => {
  let server: RunningServer;
  let browser: Browser;
  let first: { id: string; name: string };
  let cityName: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    first = ((await (await fetch(`${server.baseUrl}/api/v1/items?page=1&pageSize=20`)).json()) as ItemsPage).items[0]!;
    cityName = (await demoCity(server)).name;
  });

  afterAll(() => stopDemo(server, browser));

  it('arrive readable without any script: the centers, the catalogue with its data, a guide’s materials, a form', async () => {
    const context = await browser.newContext({ viewport: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByText(cityName).first().waitFor();
    await page.goto(`${server.baseUrl}/items`);
    await page.getByTestId('item-link').filter({ hasText: first.name }).first().waitFor();
    await page.goto(`${server.baseUrl}/items/${first.id}`);
    await page.getByTestId('guide-materials').waitFor();
    expect(await page.locator('h1, h2, h3, h4').filter({ hasText: first.name }).count()).toBeGreaterThan(0);
    await page.goto(`${server.baseUrl}/progress`);
    await page.getByRole('button', { name: /查\s*询/ }).waitFor();
    // Nothing spins waiting for data that only a script would fetch.
    await page.goto(`${server.baseUrl}/items`);
    expect(await page.locator('.ant-skeleton, .ant-spin-spinning').count()).toBe(0);
    await context.close();
  });

  it('the app takes the page over without asking for its data again, then answers a search', async () => {
    const { context, page, problems } = await openPage(browser, phone);
    const itemListRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/items') itemListRequests.push(request.url());
    });
    await page.goto(`${server.baseUrl}/items`);
    await contentShown(page);
    // Once the app's code has run and settled (the page holds no live stream), it still has not asked.
    await page.waitForLoadState('networkidle');
    expect(itemListRequests).toEqual([]);
    await page.getByLabel('搜索事项').fill('开饭店');
    await page.getByLabel('搜索事项').press('Enter');
    await page.locator('[data-testid="item-results"][data-loaded-q="开饭店"]').waitFor();
    expect(itemListRequests.length).toBeGreaterThan(0);
    expectNoProblems(problems);
    await context.close();
  });

  it('a page that is not rendered by the server (a staff screen) is the app’s page as built', async () => {
    const html = await (await fetch(`${server.baseUrl}/login`)).text();
    expect(html).toContain('<div id="root"></div>');
    const rendered = await (await fetch(`${server.baseUrl}/items`)).text();
    expect(rendered).not.toContain('<div id="root"></div>');
    expect(rendered).toContain('id="onedoor-data"');
  });
});
