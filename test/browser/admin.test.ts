import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminPassword, demoPassword, describeInBrowser, expectNoProblems, launchBrowser, logInThroughForm, openPage, startServer, type RunningServer } from './helpers.ts';

interface Center {
  id: string;
  name: string;
}

interface WindowRow {
  id: string;
  number: number;
  name: string;
  kind: string;
  status: string;
  staff: { name: string } | null;
}

describeInBrowser('web app against a real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: Center;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const centers = (await (await fetch(`${server.baseUrl}/api/v1/centers`)).json()) as Center[];
    city = centers.find((c) => c.name === '示范市民服务中心')!;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('admin signs in, creates window 888 from the keyboard, finds it by number, and the API has it', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await expect.poll(() => page.getByTestId('current-user-name').textContent()).toBe('系统管理员');

    await page.getByRole('menuitem', { name: '窗口' }).click();
    await page.waitForURL('**/admin/windows');
    await page.getByRole('cell', { name: '综合窗口 1', exact: true }).waitFor();

    await page.getByRole('button', { name: '新建窗口' }).click();
    const dialog = page.getByRole('dialog', { name: '新建窗口' });
    await dialog.waitFor();
    // The first field has the focus, so the number can be typed straight away.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('number');
    await page.keyboard.type('888');
    await dialog.getByLabel('窗口名称').fill('综合窗口 888');
    await dialog.getByLabel('窗口名称').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已保存').waitFor();

    await page.getByRole('searchbox', { name: '搜索窗口' }).fill('888');
    await page.getByRole('searchbox', { name: '搜索窗口' }).press('Enter');
    const row = page.getByRole('row').filter({ hasText: '综合窗口 888' });
    await row.waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBe(2); // the header and the one match
    expect(await row.textContent()).toContain('未开窗');

    const found = await server.api<{ items: WindowRow[]; total: number }>('admin', 'GET', `/api/v1/centers/${city.id}/windows?q=888`);
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({ number: 888, name: '综合窗口 888', kind: 'general', status: 'closed' });

    expectNoProblems(problems);
    await context.close();
  });

  it('window staff signs in at a window, pauses with a reason, resumes and signs out', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'staff01', demoPassword);
    await page.waitForURL('**/window');
    await page.getByText('叫号、重呼、过号、转移与受理办件将随排队叫号模块上线', { exact: false }).waitFor();

    await page.getByRole('searchbox', { name: '搜索窗口' }).fill('7');
    await page.getByRole('searchbox', { name: '搜索窗口' }).press('Enter');
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '综合窗口 7', exact: true }) });
    await row.getByRole('button', { name: /签\s?到$/ }).click();

    await expect.poll(() => page.getByTestId('window-number').textContent()).toBe('7');
    await expect.poll(() => page.getByTestId('window-status').textContent()).toBe('服务中');
    const mine = await server.api<{ window: WindowRow | null }>('staff01', 'GET', '/api/v1/windows/mine');
    expect(mine.window).toMatchObject({ number: 7, status: 'open', staff: { name: '李晓华' } });

    // F2 opens the pause dialog with the reason field focused; Enter confirms.
    await page.keyboard.press('F2');
    const pause = page.getByRole('dialog', { name: '暂停服务' });
    await pause.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('reason');
    await page.keyboard.press('Enter');
    await pause.getByText('请填写暂停原因').waitFor();
    await page.keyboard.type('临时离开');
    await page.keyboard.press('Enter');
    await pause.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('window-status').textContent()).toBe('暂停服务临时离开');
    expect((await server.api<{ window: WindowRow }>('staff01', 'GET', '/api/v1/windows/mine')).window).toMatchObject({ status: 'paused', pauseReason: '临时离开' });

    await page.getByRole('button', { name: /恢复服务/ }).click();
    await expect.poll(() => page.getByTestId('window-status').textContent()).toBe('服务中');

    // Ctrl+Q asks before signing out.
    await page.keyboard.press('Control+q');
    await page.getByRole('tooltip').getByRole('button', { name: /签\s?退$/ }).click();
    await page.getByText('选择窗口签到').waitFor();
    expect((await server.api<{ window: WindowRow | null }>('staff01', 'GET', '/api/v1/windows/mine')).window).toBeNull();

    expectNoProblems(problems);
    await context.close();
  });

  it('a hall manager sees only its screens, and /admin/users says 无权访问', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'manager', demoPassword);
    await page.waitForURL('**/admin/windows');
    const menu = page.getByRole('menu');
    await menu.getByRole('menuitem', { name: '窗口' }).waitFor();
    const entries = await menu.getByRole('menuitem').allTextContents();
    expect(entries).toEqual(expect.arrayContaining(['大厅与服务区', '窗口', '设备', '我的工作台']));
    for (const hidden of ['账号', '审计日志', '中心', '部门']) expect(entries).not.toContain(hidden);

    await page.goto(`${server.baseUrl}/admin/users`);
    await page.getByText('无权访问').waitFor();
    await page.goto(`${server.baseUrl}/admin/audit`);
    await page.getByText('无权访问').waitFor();

    expectNoProblems(problems);
    await context.close();
  });

  it('the landing page lists the centers on a phone', async () => {
    const { context, page, problems } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(server.baseUrl);
    await page.getByText('示范市民服务中心').waitFor();
    await page.getByText('周一至周五 09:00–18:00').first().waitFor();
    await page.getByRole('link', { name: /工作人员登录/ }).waitFor();
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    expectNoProblems(problems);
    await context.close();
  });
});
