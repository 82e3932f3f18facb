import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chooseOption, describeInBrowser, expectNoProblems, launchBrowser, openPage, type RunningServer, startServer, stopDemo } from './helpers.ts';

const phone = { width: 390, height: 844 };

/** Whether the page scrolls sideways: on a phone, wide tables must scroll inside their card. */
const pageOverflows = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

/** The plan is dimmed while a new one loads: its opacity as the page sets it (a server-rendered page writes the style differently). */
const planOpacity = (page: Page) => page.getByTestId('precheck-plan').evaluate((element: { style: { opacity: string } }) => element.style.opacity);

/** The text of the plan, without the QR code, to compare two openings of the same link. */
const planText = (page: Page) => page.getByTestId('precheck-plan').innerText();

describeInBrowser('public catalogue and pre-check on a phone', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(() => stopDemo(server, browser));

  it('searches 开饭店, reads the guide, adds it to the list, plans 开办餐饮店一件事, and the link reproduces the plan', async () => {
    const { context, page, problems } = await openPage(browser, phone);
    await page.goto(server.baseUrl + '/');
    await page.getByRole('link', { name: /事项查询/ }).click();
    await page.waitForURL('**/items');

    await page.getByLabel('搜索事项').fill('开饭店');
    await page.getByLabel('搜索事项').press('Enter');
    await page.waitForURL(/\/items\?q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('开饭店');
    const links = page.getByTestId('item-link');
    // The list answers this query (not the unfiltered list shown before it).
    await page.locator('[data-testid="item-results"][data-loaded-q="开饭店"]').waitFor();
    await links.first().waitFor();
    const wanted = links.filter({ hasText: '食品经营许可（新办）' });
    const target = (await wanted.count()) ? wanted.first() : links.first();
    const name = (await target.innerText()).trim();
    expect(await pageOverflows(page)).toBe(false);

    await target.click();
    await page.waitForURL(/\/items\/[^/?]+$/);
    await page.getByRole('heading', { name, level: 3 }).waitFor();
    const materials = page.getByTestId('guide-materials');
    await materials.getByRole('columnheader', { name: '材料名称' }).waitFor();
    expect(await materials.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await page.getByTestId('qr-code').first().waitFor();
    await page.getByText('变更记录', { exact: true }).waitFor();
    expect(await pageOverflows(page)).toBe(false);

    await page.getByRole('button', { name: '加入审前清单' }).click();
    await page.getByRole('button', { name: /已加入审前清单/ }).waitFor();

    // The guide's button now leads to the pre-check, which starts from the saved list.
    await page.getByRole('button', { name: /已加入审前清单/ }).click();
    await page.waitForURL(/\/precheck\?.*items=/);
    await page.getByTestId('precheck-plan').waitFor();
    expect(await planText(page)).toContain(name);

    // Instead, the whole 开办餐饮店一件事.
    await page.getByText('一件事', { exact: true }).click();
    await page.getByRole('combobox', { name: '一件事', exact: true }).click();
    await chooseOption(page, '开办餐饮店一件事');
    await page.waitForURL(/bundle=/);
    await expect.poll(() => planText(page)).toContain('个体工商户设立登记');

    // 本人办理 wherever the proxy question is asked.
    const questions = page.getByTestId('precheck-questions');
    await questions.waitFor();
    const selfOptions = questions.getByRole('radio', { name: '本人办理' });
    const count = await selfOptions.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      await selfOptions.nth(i).check();
      await expect.poll(() => selfOptions.nth(i).isChecked()).toBe(true);
    }
    await expect.poll(() => new URL(page.url()).searchParams.get('answers') ?? '').toContain('self');

    const plan = page.getByTestId('precheck-plan');
    await expect.poll(() => plan.getByTestId('plan-materials').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    const steps = plan.getByTestId('plan-step');
    await expect.poll(() => steps.filter({ hasText: /\d+ 号窗口/ }).count()).toBeGreaterThan(0);
    await expect.poll(() => planOpacity(page)).toBe('1');
    // Every question is answered: wait for the plan of the last answer, not an earlier one still on screen.
    await expect.poll(() => planText(page)).not.toContain('未回答');
    const text = await planText(page);
    expect(text).toContain('需要带的材料');
    expect(await pageOverflows(page)).toBe(false);
    await page.getByRole('button', { name: '打印' }).waitFor();
    await plan.getByTestId('qr-code').waitFor();

    // The page's link is the plan: opened afresh, it shows the same plan with the answers kept.
    const link = page.url();
    const second = await openPage(browser, phone);
    await second.page.goto(link);
    await second.page.getByTestId('precheck-plan').waitFor();
    await expect.poll(() => planOpacity(second.page)).toBe('1');
    await expect.poll(() => planText(second.page)).toBe(text);
    const secondSelf = second.page.getByTestId('precheck-questions').getByRole('radio', { name: '本人办理' });
    expect(await secondSelf.count()).toBe(count);
    for (let i = 0; i < count; i++) expect(await secondSelf.nth(i).isChecked()).toBe(true);

    expectNoProblems(problems);
    expectNoProblems(second.problems);
    await second.context.close();
    await context.close();
  });

  it('shows the empty state for a search that finds nothing', async () => {
    const { context, page, problems } = await openPage(browser, phone);
    await page.goto(`${server.baseUrl}/items?q=${encodeURIComponent('量子纠缠')}&audience=company&online=true`);
    await page.getByText('没有找到相关事项，换个说法试试').waitFor();
    expectNoProblems(problems);
    await context.close();
  });
});
