import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { fetchCall, signInCitizen } from '../helpers/citizens.ts';
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

  it('政务地图 arrives with the points ranked from the city center, before the phone tells its position', async () => {
    const context = await browser.newContext({ viewport: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/map`);
    expect(await page.getByTestId('point-name').first().textContent()).toBe(cityName);
    expect(await page.getByText(`按离「${cityName}」由近到远排列`, { exact: false }).count()).toBe(1);
    await context.close();
  });

  it('the 个人中心 pages arrive rendered for the person whose session cookie comes with them, and for nobody else', async () => {
    const idNumber = `44010119900307123${idNumberCheckChar('44010119900307123')}`;
    const token = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13900139066', idNumber, name: '林小华' });
    const withCookie = (value: string) => ({ headers: { cookie: `theme=dark; onedoor_citizen=${value}` } });

    const mine = await fetch(`${server.baseUrl}/my`, withCookie(token));
    const html = await mine.text();
    expect(html).toContain('林*华');
    expect(html).not.toContain(idNumber);
    // Their own page is kept by no cache and is never the answer to another cookie.
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(mine.headers.get('vary')).toMatch(/cookie/i);
    // No cookie, or one whose session has ended, gets the app's page as built: the browser sends them to sign in.
    for (const answer of [await fetch(`${server.baseUrl}/my`), await fetch(`${server.baseUrl}/my`, withCookie('odp_ended0000000000000000000000000')), await fetch(`${server.baseUrl}/my`, withCookie('"><script>'))]) {
      const page = await answer.text();
      expect(page).toContain('<div id="root"></div>');
      expect(page).not.toContain('林*华');
    }
    // The public pages are the same for everyone: a cookie changes nothing there.
    expect(await (await fetch(`${server.baseUrl}/items`, withCookie(token))).text()).not.toContain('林*华');

    // Without scripts, 亮码 shows the person and a code the server just issued.
    const plain = await browser.newContext({ viewport: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', javaScriptEnabled: false });
    await plain.addCookies([{ name: 'onedoor_citizen', value: token, url: `${server.baseUrl}/my` }]);
    const plainPage = await plain.newPage();
    await plainPage.goto(`${server.baseUrl}/my/code`);
    expect(await plainPage.getByTestId('code-name').textContent()).toBe('林*华');
    expect(await plainPage.getByTestId('personal-code').locator('svg').getAttribute('data-text')).toMatch(/^\S{20,}$/);
    await plain.close();

    // Signed in in the browser: the cookie follows the session, and a rendered page is taken over without asking again.
    const { context, page, problems } = await openPage(browser, phone);
    await page.goto(`${server.baseUrl}/my/login`);
    await page.evaluate(`localStorage.setItem('onedoor.citizenToken', ${JSON.stringify(token)})`);
    // The sign-in page, not rendered for anyone, reads the account itself once it runs: wait for that before counting.
    const accountRead = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/citizen/me');
    await page.reload();
    await accountRead;
    expect((await context.cookies(`${server.baseUrl}/my`)).find((c) => c.name === 'onedoor_citizen')?.value).toBe(token);
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/citizen/me')) asked.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    await page.goto(`${server.baseUrl}/my/code`);
    const rendered = await page.getByTestId('personal-code').locator('svg').getAttribute('data-text');
    await expect.poll(() => page.getByTestId('code-countdown').textContent()).toMatch(/^\d+ 秒后自动刷新$/);
    expect(await page.getByTestId('personal-code').locator('svg').getAttribute('data-text')).toBe(rendered);
    expect(asked).toEqual([]);
    // Signing out takes the cookie away with the session.
    await page.goto(`${server.baseUrl}/my`);
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByRole('tooltip').getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL(`${server.baseUrl}/`);
    expect((await context.cookies(`${server.baseUrl}/my`)).find((c) => c.name === 'onedoor_citizen')).toBeUndefined();
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
