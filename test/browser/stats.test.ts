import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, serveTicket, staffAtWindowOne, startDemo, stopDemo, type RunningServer } from './helpers.ts';

interface Summary {
  visitors: number | null;
  satisfactionRate: number | null;
  ratingCounts: Record<string, number> | null;
}

/** Figures that arrive through the server's sweep (every 2 s here) or a throttled live reload. */
const soon = { timeout: 20_000 };

const shanghaiDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describeInBrowser('statistics: 统计分析, 大屏 and a staff member’s own figures', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };
  let windowId: string;
  let categoryId: string;
  let badTag: string;
  const day = shanghaiDay();
  const summaryOf = (from: string, to: string) => server.api<Summary>('manager', 'GET', `/api/v1/stats/summary?centerId=${city.id}&from=${from}&to=${to}`);

  /** A visit served to the end at window 1 by staff01, then rated with `score` as the citizen's phone would. */
  async function servedAndRated(score: number) {
    const ticket = await server.api<{ id: string }>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId, channel: 'staff' });
    await serveTicket(server, 'staff01', windowId, ticket.id);
    await server.api('admin', 'POST', '/api/v1/ratings', { ticketId: ticket.id, score, source: 'phone', ...(score <= 2 && { tags: [badTag] }) });
  }

  beforeAll(async () => {
    // Rollups every two seconds, so figures show up without waiting a minute.
    ({ server, browser, city } = await startDemo({ CASE_SWEEP_SECONDS: '2' }));
    ({ windowId, categoryId } = await staffAtWindowOne(server, city.id));
    badTag = (await server.api<{ bad: string[] }>('admin', 'GET', '/api/v1/rating-tags')).bad[0]!;
    await servedAndRated(5);
    await servedAndRated(5);
    await servedAndRated(2);
    // Until the sweep has rolled today up (expect.poll works only inside a test).
    for (let i = 0; i < 40 && (await summaryOf(day, day)).ratingCounts?.['5'] !== 2; i++) await new Promise((resolve) => setTimeout(resolve, 500));
  });

  afterAll(() => stopDemo(server, browser));

  it('统计分析: this month by default, headline cards, charts, today, a window filter, a breakdown exported as CSV with a BOM, an empty month', async () => {
    const month = `${day.slice(0, 8)}01`;
    const monthly = await summaryOf(month, day);
    const { context, page, problems } = await openPage(browser, { width: 1440, height: 900 });
    await logInThroughForm(page, server.baseUrl, 'manager', demoPassword);
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto(`${server.baseUrl}/stats`);
    await page.getByRole('heading', { name: '统计分析' }).waitFor();

    // antd draws a radio button over its hidden input: click what is seen.
    const preset = (name: string) => page.locator('.ant-radio-button-wrapper').filter({ hasText: name }).click();

    // 本月 is chosen; the cards show the server's figures.
    expect(await page.getByRole('radio', { name: '本月' }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('stat-visitors').locator('.ant-statistic-content').textContent(), soon).toBe(String(monthly.visitors));
    await expect.poll(() => page.getByTestId('stat-satisfaction').locator('.ant-statistic-content').textContent()).toBe(`${(monthly.satisfactionRate! * 100).toFixed(2)}%`);
    // ECharts draws on a canvas in each chart that has data.
    for (const chart of ['chart-trend', 'chart-hours', 'chart-ratings']) await page.getByTestId(chart).locator('canvas').waitFor();

    // 今日: three visits, 2 of 3 ratings are good.
    await preset('今日');
    await expect.poll(() => page.getByTestId('stat-visitors').locator('.ant-statistic-content').textContent(), soon).toBe('3');
    expect(await page.getByTestId('stat-satisfaction').locator('.ant-statistic-content').textContent()).toBe('66.67%');

    // One filter: window 1, which served all three.
    await page.locator('#stats-filter-dimension').click();
    await chooseOption(page, '窗口');
    await page.locator('#stats-filter-value').click();
    await chooseOption(page, '1 号窗口');
    await expect.poll(() => page.getByTestId('chart-hours').textContent()).toContain('筛选后不按时段统计');
    expect(await page.getByTestId('stat-visitors').locator('.ant-statistic-content').textContent()).toBe('3');
    // A channel on top: staff took all three tickets, none came from the kiosk.
    await page.locator('#stats-filter-channel').click();
    await chooseOption(page, '现场取号');
    await expect.poll(() => page.getByTestId('stat-visitors').locator('.ant-statistic-content').textContent(), soon).toBe('0');
    await page.locator('#stats-filter-channel').click();
    await chooseOption(page, '窗口代取');
    await expect.poll(() => page.getByTestId('stat-visitors').locator('.ant-statistic-content').textContent(), soon).toBe('3');

    // The breakdown by window, sorted by visits, exported as CSV that Excel reads as UTF-8.
    await page.getByRole('tab', { name: '按窗口' }).click();
    const panel = page.getByRole('tabpanel', { name: '按窗口' });
    await panel.getByRole('row').filter({ hasText: '1 号窗口' }).waitFor();
    await panel.getByRole('columnheader', { name: '来访人次' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: /导出 CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe(`统计分析-窗口-${day}至${day}.csv`);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('名称,来访人次,已办结号,平均等候,平均办理,窗口利用率,办件量,按时办结率,评价数,好评率');
    expect(lines.find((l) => l.startsWith('1 号窗口'))).toMatch(/,3,3,.*,3,66\.67%$/);

    // The monthly report of this month so far, as Excel (an .xlsx is a ZIP file: PK).
    const reports = page.getByTestId('monthly-reports');
    await reports.locator('.ant-picker input').fill(day.slice(0, 7));
    await reports.locator('.ant-picker input').press('Enter');
    const [report] = await Promise.all([page.waitForEvent('download'), reports.getByRole('button', { name: /下载 Excel/ }).click()]);
    expect(report.suggestedFilename()).toBe(`统计月报-${day.slice(0, 7)}.xlsx`);
    expect((await readFile((await report.path())!)).subarray(0, 2).toString()).toBe('PK');

    // A period before the demo began has nothing to show, and says so.
    await preset('今年');
    await page.locator('.ant-picker-range input').first().fill('2020-01-01');
    await page.locator('.ant-picker-range input').last().fill('2020-01-31');
    await page.locator('.ant-picker-range input').last().press('Enter');
    await expect.poll(() => page.getByTestId('chart-trend').textContent(), soon).toContain('所选期间没有数据');
    expect(await page.getByRole('radio', { name: '今年' }).isChecked()).toBe(false);
    expectNoProblems(problems);
    await context.close();
  });

  it('大屏: full screen without the menu at 1920×1080, no scrolling; a new visitor and a new rating show up live', async () => {
    const { context, page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await logInThroughForm(page, server.baseUrl, 'supervisor', demoPassword);
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto(`${server.baseUrl}/bigscreen`);
    await expect.poll(() => page.getByTestId('big-visitors').textContent(), soon).toBe('3');
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    expect(await page.evaluate<boolean>('document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await expect.poll(() => page.getByTestId('big-satisfaction-today').textContent()).toBe('66.7%');
    await page.getByTestId('big-hours').locator('canvas').waitFor();
    expect(await page.getByText('今日暂无办件').count()).toBe(1);
    // From the rollups: today's three waits.
    await expect.poll(() => page.getByTestId('big-wait').textContent(), soon).toMatch(/^\d+\.\d分$/);
    // The ticker names the window and the level, never a person.
    const ticker = page.getByTestId('big-ticker');
    expect(await ticker.locator('li').count()).toBe(3);
    expect(await ticker.textContent()).toContain('1 号窗口');
    expect(await ticker.textContent()).not.toMatch(/工作人员|staff01|张|李|王/);

    // A new ticket waits: visitors and the waiting count go up without a reload.
    const waitingBefore = Number(await page.getByTestId('big-queue-B-waiting').textContent());
    const ticket = await server.api<{ id: string }>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId, channel: 'staff' });
    await expect.poll(() => page.getByTestId('big-visitors').textContent(), soon).toBe('4');
    await expect.poll(() => page.getByTestId('big-queue-B-waiting').textContent(), soon).toBe(String(waitingBefore + 1));
    // Served and rated 非常满意: 3 of 4 good today, and the ticker grows.
    await serveTicket(server, 'staff01', windowId, ticket.id);
    await server.api('admin', 'POST', '/api/v1/ratings', { ticketId: ticket.id, score: 5, source: 'phone' });
    await expect.poll(() => page.getByTestId('big-satisfaction-today').textContent(), soon).toBe('75.0%');
    await expect.poll(() => ticker.locator('li').count(), soon).toBe(4);
    expectNoProblems(problems);
    await context.close();
  });

  it('我的工作台: staff01 sees this month’s served visits and ratings next to 我的评价', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'staff01', demoPassword);
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto(`${server.baseUrl}/me`);
    await page.getByText('本月数据').waitFor();
    await expect.poll(() => page.getByTestId('my-stat-served').locator('.ant-statistic-content').textContent(), soon).toBe('4');
    expect(await page.getByTestId('my-stat-ratings').locator('.ant-statistic-content').textContent()).toBe('4');
    expect(await page.getByTestId('my-stat-satisfaction').locator('.ant-statistic-content').textContent()).toBe('75.00%');
    expect(await page.getByTestId('my-rating-levels').textContent()).toContain('非常满意 3');
    await page.getByText('我的评价').waitFor();
    expectNoProblems(problems);
    await context.close();
  });
});
