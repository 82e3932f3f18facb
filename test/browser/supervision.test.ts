import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, type RunningServer, serveTicket, startDemo, stopDemo, submitDialog } from './helpers.ts';

interface Center {
  id: string;
  name: string;
}

interface TicketView {
  id: string;
  number: string;
}

/** Live changes arrive through throttled refreshes on a shared, busy machine. */
const soon = { timeout: 15_000 };

const pageOverflows = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

describeInBrowser('好差评: the supervisor watches a 差评 arrive live, the manager calls back and closes it', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: Center;
  let windowId: string;

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo<Center>());
    const windows = await server.api<{ items: { id: string; number: number }[] }>('staff01', 'GET', `/api/v1/centers/${city.id}/windows?pageSize=200`);
    windowId = windows.items.find((w) => w.number === 1)!.id;
    await server.api('staff01', 'POST', `/api/v1/windows/${windowId}/sign-in`);
  });

  afterAll(() => stopDemo(server, browser));

  /** A visit served to the end at 综合窗口 1 by staff01 (signed in there), taken with a phone so its rating is real-name. */
  async function servedTicket(): Promise<TicketView> {
    const categories = await server.api<{ id: string; prefix: string }[]>('admin', 'GET', `/api/v1/centers/${city.id}/categories`);
    const ticket = await server.api<TicketView>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId: categories.find((c) => c.prefix === 'B')!.id, channel: 'staff', phone: '13800138000' });
    await serveTicket(server, 'staff01', windowId, ticket.id);
    return ticket;
  }

  it('非常不满意 on the window’s pad appears highlighted with a beep; 登记回访 and 已整改 on /manage/ratings close it and bring 回访率 to 100 %', async () => {
    const supervisor = await openPage(browser, { width: 1920, height: 1080 });
    // Counts the beep's tones: the sound itself cannot be heard in a test.
    await supervisor.page.addInitScript(`
      window.beeps = 0;
      const create = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function () {
        window.beeps++;
        return create.call(this);
      };
    `);
    await logInThroughForm(supervisor.page, server.baseUrl, 'supervisor', demoPassword);
    await supervisor.page.waitForURL('**/me');
    await supervisor.page.goto(`${server.baseUrl}/supervision`);
    await supervisor.page.getByRole('heading', { name: '监察' }).waitFor();
    await supervisor.page.getByTestId('today-figures').getByText('实名差评回访率').waitFor();
    // The supervisor mutes and unmutes (the click also lets the browser play sound).
    const mute = supervisor.page.getByTestId('mute-toggle');
    await mute.click();
    await expect.poll(() => mute.textContent()).toContain('已静音');
    await mute.click();
    await expect.poll(() => mute.textContent()).toContain('开');

    // The visitor rates on the window's pad: 非常不满意 and a tag.
    const { token } = await server.api<{ token: string }>('admin', 'POST', '/api/v1/devices', { centerId: city.id, kind: 'rating_pad', name: '1 号窗口评价器（测试）', windowId });
    const pad = await openPage(browser, { width: 1280, height: 800 });
    await pad.page.goto(`${server.baseUrl}/pad?device=${token}`);
    await pad.page.getByTestId('pad-idle').waitFor(soon);
    const ticket = await servedTicket();
    await expect.poll(() => pad.page.getByTestId('pad-service').textContent(), soon).toContain(ticket.number);
    await pad.page.getByRole('radio', { name: '非常不满意', exact: true }).click();
    await pad.page.getByRole('button', { name: '态度不好', exact: true }).click();
    await pad.page.getByRole('button', { name: '提交' }).click();
    await pad.page.getByTestId('pad-thanks').waitFor();
    expectNoProblems(pad.problems);
    await pad.context.close();

    // Live, without a reload: at the top of the feed, in red, with a beep; the 回访率 is short of 100 %.
    const item = supervisor.page.locator(`[data-testid="feed-rating"][data-subject="${ticket.number}"]`);
    await item.waitFor(soon);
    expect(await item.getAttribute('data-bad')).toBe('true');
    expect(await supervisor.page.evaluate<string>(`getComputedStyle(document.querySelector('[data-testid="feed-rating"][data-subject="${ticket.number}"]')).borderLeftColor`)).toBe('rgb(255, 77, 79)');
    expect(await supervisor.page.getByTestId('feed-rating').first().getAttribute('data-subject')).toBe(ticket.number);
    await expect.poll(() => supervisor.page.evaluate<number>('window.beeps'), soon).toBeGreaterThan(0);
    await expect.poll(() => item.textContent(), soon).toContain('待回访');
    await expect.poll(() => supervisor.page.getByTestId('callback-rate').textContent(), soon).not.toContain('100%');
    await supervisor.page.getByTestId('open-rectifications').getByText(ticket.number).waitFor(soon);

    // The drill-down: the rating, its rectification and the visit's history.
    await item.click();
    const drawer = supervisor.page.locator('.rating-drawer');
    await drawer.getByText('态度不好').first().waitFor();
    await drawer.getByTestId('drawer-rectification').getByText('待回访').waitFor();
    await drawer.getByText(`办理过程（号票 ${ticket.number}）`).waitFor();
    expect(await drawer.textContent()).not.toContain('13800138000');
    await supervisor.page.keyboard.press('Escape');

    // The manager handles it on /manage/ratings.
    const manager = await openPage(browser);
    await logInThroughForm(manager.page, server.baseUrl, 'manager', demoPassword);
    await manager.page.waitForURL((url) => url.pathname !== '/login');
    await manager.page.goto(`${server.baseUrl}/manage/ratings`);
    const row = manager.page.getByTestId('rectifications-table').getByRole('row').filter({ hasText: ticket.number });
    await row.click();
    const handling = manager.page.locator('.rectification-drawer');
    expect(await handling.getByTestId('rater-masked').textContent()).toContain('138****8000');
    await handling.getByRole('button', { name: '查看评价人电话' }).click();
    await expect.poll(() => handling.getByTestId('rater-full').textContent()).toContain('13800138000');

    await handling.getByRole('button', { name: '登记回访' }).click();
    const callback = manager.page.getByRole('dialog', { name: '登记回访' });
    await callback.getByLabel('回访情况').fill('已致电道歉，说明了办理要求');
    await submitDialog(callback);
    await handling.getByText('已致电道歉，说明了办理要求').first().waitFor();

    await handling.getByRole('button', { name: /^办\s*结$/ }).click();
    const closing = manager.page.getByRole('dialog', { name: '办结差评' });
    await closing.getByText('办理结果会在好差评公开页面公示').waitFor();
    await closing.getByLabel('整改情况（做了什么）').fill('对窗口人员进行了服务规范培训');
    await closing.getByRole('button', { name: /^办\s*结$/ }).click();
    await manager.page.getByRole('button', { name: /^确\s*认$/ }).click();
    await closing.waitFor({ state: 'hidden' });
    await handling.getByText('对窗口人员进行了服务规范培训').first().waitFor();

    // The supervisor's screen follows: closed, and every real-name 差评 of today called back.
    await expect.poll(() => item.textContent(), soon).toContain('已整改');
    await expect.poll(() => supervisor.page.getByTestId('callback-rate').textContent(), soon).toContain('100%');
    await expect.poll(() => supervisor.page.getByTestId('open-rectifications').getByText(ticket.number).count(), soon).toBe(0);

    // Usable on a smaller screen too.
    await supervisor.page.setViewportSize({ width: 1280, height: 800 });
    expect(await pageOverflows(supervisor.page)).toBe(false);

    expectNoProblems(supervisor.problems);
    expectNoProblems(manager.problems);
    await supervisor.context.close();
    await manager.context.close();
  });

  it('the staff member appeals a 差评 on /me (never seeing the rater); the supervisor upholds it from the drawer', async () => {
    const ticket = await servedTicket();
    const rated = await fetch(`${server.baseUrl}/api/v1/ratings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticketId: ticket.id, score: 2, comment: '按错了' }),
    });
    expect(rated.status).toBe(201);

    const staff = await openPage(browser);
    await logInThroughForm(staff.page, server.baseUrl, 'staff01', demoPassword);
    await staff.page.waitForURL('**/window');
    await staff.page.goto(`${server.baseUrl}/me`);
    const row = staff.page.getByTestId('my-ratings').getByRole('row').filter({ hasText: ticket.number });
    await row.getByText('不满意').waitFor();
    expect(await staff.page.getByTestId('my-ratings').textContent()).not.toContain('138****8000');
    await row.getByRole('button', { name: /申\s*诉/ }).click();
    const dialog = staff.page.getByRole('dialog', { name: '对差评申诉' });
    await dialog.getByLabel('申诉理由').fill('评价人离开后说按错了键，录像可证');
    await submitDialog(dialog, '提交申诉');
    await row.getByText('申诉待裁定').waitFor();
    expect(await row.getByRole('button').count()).toBe(0);

    const supervisor = await openPage(browser);
    await logInThroughForm(supervisor.page, server.baseUrl, 'supervisor', demoPassword);
    await supervisor.page.waitForURL('**/me');
    await supervisor.page.goto(`${server.baseUrl}/supervision`);
    const item = supervisor.page.locator(`[data-testid="feed-rating"][data-subject="${ticket.number}"]`);
    await item.click();
    const drawer = supervisor.page.locator('.rating-drawer');
    await drawer.getByRole('button', { name: '申诉成立' }).click();
    const ruling = supervisor.page.getByRole('dialog', { name: '裁定：申诉成立' });
    await ruling.getByLabel('裁定意见').fill('经查录像，评价人误按');
    await ruling.getByRole('button', { name: '提交裁定' }).click();
    await supervisor.page.getByRole('button', { name: /^确\s*认$/ }).click();
    await ruling.waitFor({ state: 'hidden' });
    await drawer.getByTestId('drawer-rectification').getByText('申诉成立，已撤销').waitFor();
    await supervisor.page.keyboard.press('Escape');
    await expect.poll(() => item.textContent(), soon).toContain('不计入统计');

    expectNoProblems(staff.problems);
    expectNoProblems(supervisor.problems);
    await staff.context.close();
    await supervisor.context.close();
  });
});
