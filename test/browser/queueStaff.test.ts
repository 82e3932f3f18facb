import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chooseOption, demoCity, demoPassword, describeInBrowser, expectNoProblems, launchBrowser, logInThroughForm, openPage, type RunningServer, startServer, stopDemo } from './helpers.ts';

interface Center {
  id: string;
  name: string;
}

interface Category {
  id: string;
  name: string;
  prefix: string;
  open: boolean;
}

interface Load {
  categoryId: string;
  prefix: string;
  waiting: number;
}

interface TicketView {
  id: string;
  number: string;
  status: string;
}

/** UI changes that arrive through a throttled live refresh on a shared, busy machine. */
const soon = { timeout: 10_000 };

/** Whether the page scrolls sideways. */
const pageOverflows = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

describeInBrowser('queue: window workstation and hall manager console', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: Center;
  let categories: Category[];
  const category = (prefix: string) => categories.find((c) => c.prefix === prefix)!;
  const issue = (prefix: string) => server.api<TicketView>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId: category(prefix).id, channel: 'staff', phone: '13800138000' });
  const waiting = async (prefix: string) => (await server.api<Load[]>('admin', 'GET', `/api/v1/centers/${city.id}/queue`)).find((l) => l.prefix === prefix)!.waiting;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    city = await demoCity(server);
    categories = await server.api<Category[]>('admin', 'GET', `/api/v1/centers/${city.id}/categories`);
  });

  afterAll(() => stopDemo(server, browser));

  it('staff signs in at window 1, calls with F1, starts with F3 and finishes with F4; the ticket survives a reload', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'staff01', demoPassword);
    await page.waitForURL('**/window');
    await page.getByRole('row').filter({ has: page.getByRole('cell', { name: '综合窗口 1', exact: true }) }).getByRole('button', { name: '签到' }).click();
    await page.getByTestId('window-number').filter({ hasText: /^1$/ }).waitFor();

    // Nothing is waiting: calling says so, in Chinese, and nothing is on screen.
    await page.getByTestId('current-ticket-empty').waitFor();
    await page.getByTestId('waiting-B').waitFor();
    const before = Number(await page.getByTestId('waiting-B').textContent());
    await page.keyboard.press('F1');
    await page.getByText('当前没有等候的号码').waitFor();

    // A ticket taken elsewhere shows up in the window's waiting count without a reload.
    const ticket = await issue('B');
    expect(ticket.number).toMatch(/^B\d{3}$/);
    await expect.poll(() => page.getByTestId('waiting-B').textContent(), soon).toBe(String(before + 1));

    // Only 叫号 fits now.
    expect(await page.getByRole('button', { name: /办结/ }).isDisabled()).toBe(true);
    await page.keyboard.press('F1');
    await expect.poll(() => page.getByTestId('current-ticket-number').textContent(), soon).toBe(ticket.number);
    await expect.poll(() => page.getByTestId('current-ticket-status').textContent(), soon).toBe('已叫号');
    await expect.poll(() => page.getByTestId('waiting-B').textContent(), soon).toBe(String(before));
    expect(await page.getByTestId('action-call').isDisabled()).toBe(true);
    // The phone is masked until asked for; the full one is there on request.
    expect(await page.getByTestId('applicant-phone').textContent()).not.toBe('13800138000');
    await page.getByRole('button', { name: '查看完整信息' }).click();
    await expect.poll(() => page.getByTestId('applicant-phone').textContent(), soon).toBe('13800138000');

    // A reload shows the same ticket (the server knows it, not the page).
    await page.reload();
    await expect.poll(() => page.getByTestId('current-ticket-number').textContent(), soon).toBe(ticket.number);

    await page.keyboard.press('F3');
    await expect.poll(() => page.getByTestId('current-ticket-status').textContent(), soon).toBe('办理中');
    expect((await server.api<TicketView>('admin', 'GET', `/api/v1/tickets/${ticket.id}`)).status).toBe('serving');

    await page.keyboard.press('F4');
    await page.getByTestId('current-ticket-empty').waitFor();
    expect((await server.api<TicketView>('admin', 'GET', `/api/v1/tickets/${ticket.id}`)).status).toBe('done');

    // F8 asks for a reason and pauses; calling is then off.
    await page.keyboard.press('F8');
    const dialog = page.getByRole('dialog', { name: '暂停服务' });
    await dialog.waitFor();
    await page.keyboard.type('临时离开');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('window-status').textContent(), soon).toContain('暂停服务');
    expect(await page.getByTestId('action-call').isDisabled()).toBe(true);
    await page.keyboard.press('F8');
    await expect.poll(() => page.getByTestId('window-status').textContent(), soon).toContain('服务中');

    expectNoProblems(problems);
    await context.close();
  });

  it('manager console: waiting count changes live, a window profile is edited, a category closed and reopened, and the day closed', async () => {
    const { context, page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await logInThroughForm(page, server.baseUrl, 'manager', demoPassword);
    await page.waitForURL('**/admin/**');
    await page.getByRole('menuitem', { name: '大厅管理' }).click();
    await page.waitForURL('**/manage');

    const rowC = page.locator('[data-testid="queue-table"] tr[data-prefix="C"]');
    const waitingCell = rowC.locator('td').nth(1);
    await rowC.waitFor();
    const before = await waiting('C');
    await expect.poll(() => waitingCell.textContent(), soon).toBe(String(before));
    await issue('C');
    await issue('C');
    // No reload: the console follows queue.changed.
    await expect.poll(() => waitingCell.textContent(), soon).toBe(String(before + 2));
    expect(await pageOverflows(page)).toBe(false);

    // Window 2 serves [B], then [A]; add 公安户政 as a tier and move it up to second place.
    await page.locator('[data-testid="window-tile"][data-number="2"]').click();
    await page.getByRole('button', { name: '编辑工作配置' }).click();
    const editor = page.getByRole('dialog', { name: /工作配置：2 号窗口/ });
    await editor.waitFor();
    await expect.poll(() => editor.getByTestId('profile-tier').count(), soon).toBe(2);
    await editor.getByRole('button', { name: '添加一级' }).click();
    await editor.getByLabel('第 3 级业务类别').click();
    await chooseOption(page, '公安户政');
    await editor.getByRole('button', { name: '上移第 3 级' }).click();
    await editor.getByRole('button', { name: /保\s*存/ }).click();
    await editor.waitFor({ state: 'hidden' });
    const window2 = (await server.api<{ items: { id: string; number: number }[] }>('admin', 'GET', `/api/v1/centers/${city.id}/windows?q=2`)).items.find((w) => w.number === 2)!;
    const profile = await server.api<{ tiers: string[][] }>('admin', 'GET', `/api/v1/windows/${window2.id}/profile`);
    expect(profile.tiers).toEqual([[category('B').id], [category('C').id], [category('A').id]]);
    await expect.poll(() => page.getByTestId('drawer-tiers').textContent(), soon).toContain('第 2 级：C 公安户政');
    await page.keyboard.press('Escape');

    // Close 公安户政 (with a confirmation); the kiosk channel refuses it; reopen it.
    await rowC.getByRole('switch').click();
    await page.getByRole('button', { name: '暂停取号' }).click();
    await expect.poll(async () => (await server.api<Category[]>('admin', 'GET', `/api/v1/centers/${city.id}/categories`)).find((c) => c.prefix === 'C')!.open, soon).toBe(false);
    await expect(issue('C')).rejects.toThrow(/CATEGORY_CLOSED/);
    await expect.poll(() => rowC.getByRole('switch').getAttribute('aria-checked'), soon).toBe('false');
    await rowC.getByRole('switch').click();
    await page.getByRole('button', { name: '开放取号' }).click();
    await expect.poll(async () => (await server.api<Category[]>('admin', 'GET', `/api/v1/centers/${city.id}/categories`)).find((c) => c.prefix === 'C')!.open, soon).toBe(true);
    await expect.poll(() => rowC.getByRole('switch').getAttribute('aria-checked'), soon).toBe('true');

    // End of day: the dialog says how many tickets it closes, and it closes exactly those.
    const loads = await server.api<Load[]>('admin', 'GET', `/api/v1/centers/${city.id}/queue`);
    const open = loads.reduce((sum, l) => sum + l.waiting, 0);
    expect(open).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: '日终清号' }).click();
    const closeDay = page.getByRole('dialog', { name: '日终清号' });
    await expect.poll(() => closeDay.getByTestId('close-day-count').textContent(), soon).toContain(`将关闭 ${open} 个号码`);
    await closeDay.getByRole('button', { name: `关闭 ${open} 个号码` }).click();
    await closeDay.waitFor({ state: 'hidden' });
    expect((await server.api<Load[]>('admin', 'GET', `/api/v1/centers/${city.id}/queue`)).every((l) => l.waiting === 0)).toBe(true);
    await expect.poll(() => waitingCell.textContent(), soon).toBe('0');

    // The tickets list shows them cancelled.
    await page.getByLabel('按状态筛选号票').click();
    await chooseOption(page, '已取消');
    await expect.poll(() => page.locator('[data-testid="tickets-table"] tbody tr.ant-table-row').count(), soon).toBeGreaterThanOrEqual(open);

    expectNoProblems(problems);
    await context.close();
  });

  it('manager console fits 1280×800 without sideways scrolling', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'manager', demoPassword);
    await page.waitForURL('**/admin/**');
    await page.goto(`${server.baseUrl}/manage`);
    await page.getByTestId('window-grid').waitFor();
    expect(await page.getByTestId('window-tile').count()).toBe(270);
    await page.getByLabel('查找窗口').fill('151');
    await page.getByLabel('查找窗口').press('Enter');
    await expect.poll(() => page.getByTestId('window-tile').count(), soon).toBe(1);
    expect(await pageOverflows(page)).toBe(false);
    expectNoProblems(problems);
    await context.close();
  });
});
