import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoPassword, describeInBrowser, expectNoProblems, launchBrowser, logInThroughForm, openPage, startServer, type RunningServer } from './helpers.ts';

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
    const centers = (await (await fetch(`${server.baseUrl}/api/v1/centers`)).json()) as Center[];
    city = centers.find((c) => c.name === '示范市民服务中心')!;
    categories = await server.api<Category[]>('admin', 'GET', `/api/v1/centers/${city.id}/categories`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

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
    await expect.poll(() => page.getByTestId('waiting-B').textContent()).toBe(String(before + 1));

    // Only 叫号 fits now.
    expect(await page.getByRole('button', { name: /办结/ }).isDisabled()).toBe(true);
    await page.keyboard.press('F1');
    await expect.poll(() => page.getByTestId('current-ticket-number').textContent()).toBe(ticket.number);
    await expect.poll(() => page.getByTestId('current-ticket-status').textContent()).toBe('已叫号');
    await expect.poll(() => page.getByTestId('waiting-B').textContent()).toBe(String(before));
    expect(await page.getByTestId('action-call').isDisabled()).toBe(true);
    // The phone is masked until asked for; the full one is there on request.
    expect(await page.getByTestId('applicant-phone').textContent()).not.toBe('13800138000');
    await page.getByRole('button', { name: '查看完整信息' }).click();
    await expect.poll(() => page.getByTestId('applicant-phone').textContent()).toBe('13800138000');

    // A reload shows the same ticket (the server knows it, not the page).
    await page.reload();
    await expect.poll(() => page.getByTestId('current-ticket-number').textContent()).toBe(ticket.number);

    await page.keyboard.press('F3');
    await expect.poll(() => page.getByTestId('current-ticket-status').textContent()).toBe('办理中');
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
    await expect.poll(() => page.getByTestId('window-status').textContent()).toContain('暂停服务');
    expect(await page.getByTestId('action-call').isDisabled()).toBe(true);
    await page.keyboard.press('F8');
    await expect.poll(() => page.getByTestId('window-status').textContent()).toContain('服务中');

    expectNoProblems(problems);
    await context.close();
  });
});
