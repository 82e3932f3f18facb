import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminPassword, chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, type RunningServer, startDemo, stopDemo } from './helpers.ts';

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

/** Whether the page scrolls sideways: wide tables must scroll inside their card, not the whole screen. */
const pageOverflows = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

/** The id of the focused element (tests run in Node, so the expression is a string evaluated in the page). */
const focusedId = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');

describeInBrowser('web app against a real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: Center;

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
  });

  afterAll(() => stopDemo(server, browser));

  it('admin signs in, creates window 888 from the keyboard, finds it by number, and the API has it', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await expect.poll(() => page.getByTestId('current-user-name').textContent()).toBe('系统管理员');

    await page.getByRole('menuitem', { name: '窗口' }).click();
    await page.waitForURL('**/admin/windows');
    await page.getByRole('cell', { name: '综合窗口 1', exact: true }).waitFor();
    expect(await pageOverflows(page)).toBe(false);

    await page.getByRole('button', { name: '新建窗口' }).click();
    const dialog = page.getByRole('dialog', { name: '新建窗口' });
    await dialog.waitFor();
    // The first field has the focus, so the number can be typed straight away.
    await expect.poll(() => focusedId(page)).toBe('number');
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
    await page.getByText('选择窗口签到').waitFor();

    await page.getByRole('searchbox', { name: '搜索窗口' }).fill('7');
    await page.getByRole('searchbox', { name: '搜索窗口' }).press('Enter');
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '综合窗口 7', exact: true }) });
    await row.getByRole('button', { name: /签\s?到$/ }).click();

    await expect.poll(() => page.getByTestId('window-number').textContent()).toBe('7');
    await expect.poll(() => page.getByTestId('window-status').textContent()).toBe('服务中');
    const mine = await server.api<{ window: WindowRow | null }>('staff01', 'GET', '/api/v1/windows/mine');
    expect(mine.window).toMatchObject({ number: 7, status: 'open', staff: { name: '李晓华' } });

    // F8 opens the pause dialog with the reason field focused; Enter confirms.
    await page.keyboard.press('F8');
    const pause = page.getByRole('dialog', { name: '暂停服务' });
    await pause.waitFor();
    await expect.poll(() => focusedId(page)).toBe('reason');
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

  it('a hall manager sees only its screens, and /admin/users says 无权访问 (at 1920×1080)', async () => {
    const { context, page, problems } = await openPage(browser, { width: 1920, height: 1080 });
    await logInThroughForm(page, server.baseUrl, 'manager', demoPassword);
    await page.waitForURL('**/admin/windows');
    const menu = page.getByRole('menu');
    await menu.getByRole('menuitem', { name: '窗口' }).waitFor();
    const entries = await menu.getByRole('menuitem').allTextContents();
    expect(entries).toEqual(expect.arrayContaining(['大厅与服务区', '窗口', '设备', '我的工作台']));
    for (const hidden of ['账号', '审计日志', '中心', '部门']) expect(entries).not.toContain(hidden);
    await page.getByRole('cell', { name: '综合窗口 1', exact: true }).waitFor();
    expect(await pageOverflows(page)).toBe(false);

    await page.goto(`${server.baseUrl}/admin/users`);
    await page.getByText('无权访问').waitFor();
    await page.goto(`${server.baseUrl}/admin/audit`);
    await page.getByText('无权访问').waitFor();

    expectNoProblems(problems);
    await context.close();
  });

  it('admin registers a rating pad at a window and sees its token once, with the /pad address', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await page.getByRole('menuitem', { name: '设备' }).click();
    await page.getByRole('tab', { name: '评价器' }).click();
    await page.getByRole('button', { name: /登记设备/ }).click();
    const dialog = page.getByRole('dialog', { name: '登记设备' });
    await dialog.getByLabel('设备类型').click();
    await chooseOption(page, '评价器');
    await dialog.getByLabel('设备名称').fill('测试评价器');
    await dialog.getByRole('button', { name: /登记并生成令牌/ }).click();
    await dialog.getByText('窗口屏和评价器必须绑定窗口').waitFor();
    await dialog.getByLabel('绑定窗口').fill('12');
    await chooseOption(page, '12 号 · 综合窗口 12');
    await dialog.getByRole('button', { name: /登记并生成令牌/ }).click();

    const secrets = page.getByTestId('one-time-secret');
    await expect.poll(() => secrets.count()).toBe(2);
    const token = (await secrets.nth(0).textContent())!.trim();
    expect(token).toMatch(/^odd_/);
    expect((await secrets.nth(1).textContent())!.trim()).toBe(`${server.baseUrl}/pad?device=${token}`);
    await page.getByRole('button', { name: '我已记录，关闭' }).click();
    // 270 pads in the demo (one per window) and now this one; the list refreshed after registering.
    await page.getByText('共 271 条').waitFor();

    // The token shown is the one the server accepts for this device.
    const me = await fetch(`${server.baseUrl}/api/v1/devices/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ device: { name: '测试评价器', kind: 'rating_pad' }, window: { number: 12 } });

    expectNoProblems(problems);
    await context.close();
  });

  it('admin resets a password and the generated one signs in', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await page.getByRole('menuitem', { name: '账号' }).click();
    await page.getByRole('searchbox', { name: '搜索账号' }).fill('staff02');
    await page.getByRole('searchbox', { name: '搜索账号' }).press('Enter');
    const row = page.getByRole('row').filter({ hasText: '王丽娟' });
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await row.getByRole('button', { name: /重置密码/ }).click();
    await page.getByRole('tooltip').getByRole('button', { name: /重\s?置/ }).click();
    const password = (await page.getByTestId('one-time-secret').textContent())!.trim();
    expect(password.length).toBeGreaterThanOrEqual(8);

    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff02', password }) });
    expect(login.status).toBe(200);

    expectNoProblems(problems);
    await context.close();
  });

  it('a wrong password shows the server message, and an unknown address says 页面不存在', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'supervisor', 'not-the-password');
    await page.getByRole('alert').getByText('用户名或密码错误').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    // Signing in from a deep link returns there; a supervisor has no admin screens, so it is refused.
    await page.goto(`${server.baseUrl}/admin/windows`);
    await page.waitForURL('**/login?next=%2Fadmin%2Fwindows');
    await page.getByLabel('用户名').fill('supervisor');
    await page.getByLabel('密码', { exact: true }).fill(demoPassword);
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await page.waitForURL('**/admin/windows');
    await page.getByText('无权访问').waitFor();

    await page.goto(`${server.baseUrl}/no/such/page`);
    await page.getByText('页面不存在', { exact: true }).waitFor();
    await page.getByRole('link', { name: /返回首页/ }).click();
    await page.getByText('示范市民服务中心').waitFor();

    expectNoProblems(problems);
    await context.close();
  });

  it('a person with no management role lands on /me, sees their scope named, and changes their password', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'approver', demoPassword);
    await page.waitForURL('**/me');
    await page.getByText('部门审批人员：示范市民服务中心 · 市场监督管理局').waitFor();

    await page.getByRole('banner').getByRole('button', { name: /修改密码/ }).click();
    const dialog = page.getByRole('dialog', { name: '修改密码' });
    await dialog.getByLabel('当前密码').fill(demoPassword);
    await dialog.getByLabel('新密码', { exact: true }).fill('short');
    await dialog.getByLabel('确认新密码').fill('Another#2027');
    await dialog.getByLabel('确认新密码').press('Enter');
    await dialog.getByText('密码至少 8 位').waitFor();
    await dialog.getByText('两次输入的新密码不一致').waitFor();
    await dialog.getByLabel('新密码', { exact: true }).fill('Another#2027');
    await dialog.getByLabel('确认新密码').press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'approver', password: 'Another#2027' }) });
    expect(login.status).toBe(200);

    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL('**/login');

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
    expect(await pageOverflows(page)).toBe(false);

    expectNoProblems(problems);
    await context.close();
  });
});
