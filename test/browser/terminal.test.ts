import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { fetchCall, personalCodeOf, signInCitizen } from '../helpers/citizens.ts';
import { chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, type RunningServer, serveTicket, staffAtWindowOne, startDemo, stopDemo } from './helpers.ts';

/** /terminal: the 7×24 self-service terminal of the demo city, and the manager's 终端监控. */

interface TicketView {
  id: string;
  number: string;
}

describeInBrowser('self-service terminal (自助终端)', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };
  let windowId: string;
  let terminal: { device: { id: string; name: string }; token: string };
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
    ({ windowId } = await staffAtWindowOne(server, city.id));
    terminal = await server.api('admin', 'POST', '/api/v1/devices', { centerId: city.id, kind: 'terminal', name: '测试自助终端' });
    ({ page, problems } = await openPage(browser, { width: 1920, height: 1080 }));
    await page.goto(`${server.baseUrl}/terminal?device=${terminal.token}`);
    await page.getByTestId('terminal-certificate').waitFor();
  });

  afterAll(() => stopDemo(server, browser));

  const home = async () => {
    await page.getByTestId('terminal-home').click();
    await page.getByTestId('terminal-certificate').waitFor();
  };
  const setHours = (openingHours: unknown[]) => server.api('admin', 'PATCH', `/api/v1/centers/${city.id}`, { openingHours });

  it('opens on big touch targets, reports its heartbeat, and the device token leaves the address bar', async () => {
    expect(page.url()).not.toContain('device=');
    for (const tile of ['certificate', 'progress', 'ticket', 'rate', 'feedback', 'guide', 'assistant']) {
      const box = await page.getByTestId(`terminal-${tile}`).boundingBox();
      expect(box!.height, tile).toBeGreaterThanOrEqual(64);
    }
    await expect
      .poll(async () => (await server.api<{ id: string; online: boolean }[]>('manager', 'GET', `/api/v1/centers/${city.id}/terminals`)).find((t) => t.id === terminal.device.id))
      .toMatchObject({ online: true, printer: 'ok', paper: 'ok', down: null });
    // 长者模式: fewer, bigger choices.
    await page.getByRole('button', { name: '长者模式' }).click();
    expect(await page.getByTestId('terminal-guide').count()).toBe(0);
    const elderBox = await page.getByTestId('terminal-ticket').boundingBox();
    expect(elderBox!.height).toBeGreaterThanOrEqual(120);
    await page.getByRole('button', { name: '长者模式' }).click();
    await page.getByTestId('terminal-guide').waitFor();
  });

  it('says when the hall is closed and gives its hours; when open, takes a ticket like the kiosk', async () => {
    await setHours([]);
    await page.getByTestId('terminal-ticket').click();
    await page.getByTestId('hall-closed').waitFor();
    expect(await page.getByTestId('hall-closed').textContent()).toContain('当前不在取号时间');
    await home();

    await setHours([{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }]);
    const { open } = (await (await fetch(`${server.baseUrl}/api/v1/terminals/hall`, { headers: { authorization: `Bearer ${terminal.token}` } })).json()) as { open: boolean };
    await page.getByTestId('terminal-ticket').click();
    // On a public holiday (or in the day's last minute) the hall stays closed whatever its hours: then the notice is right.
    if (!open) {
      await page.getByTestId('hall-closed').waitFor();
      return;
    }
    await page.getByTestId('category-B').click();
    await page.getByRole('button', { name: '不填，直接取号' }).click();
    const number = (await page.getByTestId('kiosk-ticket-number').textContent())!.trim();
    expect(number).toMatch(/^B\d+$/);
    const taken = await server.api<{ items: TicketView[] }>('manager', 'GET', `/api/v1/centers/${city.id}/tickets?pageSize=200`);
    expect(taken.items.map((t) => t.number)).toContain(number);
    await page.getByRole('button', { name: /完成/ }).click();
    await page.getByTestId('terminal-certificate').waitFor();
  });

  it('queries a completed case in large type and rates it; rates a finished visit 非常满意 by its number (source terminal)', async () => {
    // The demo history's first case: completed the previous working day, its applicant's ID made as seedHistory makes it.
    const cases = await server.api<{ items: { id: string; caseNo: string; itemName: string; applicant: { identifier: string } }[] }>('manager', 'GET', `/api/v1/centers/${city.id}/cases?status=completed&pageSize=50`);
    const first17 = '44190019850101120';
    const idNumber = first17 + idNumberCheckChar(first17);
    const completed = cases.items.find((c) => c.applicant.identifier.endsWith(idNumber.slice(-4)))!;
    expect(completed, 'the demo history case').toBeDefined();

    await page.getByTestId('terminal-progress').click();
    await page.getByTestId('progress-case-no').fill(completed.caseNo);
    await page.getByTestId('progress-id-suffix').fill(idNumber.slice(-6));
    await page.getByTestId('progress-submit').click();
    await page.getByTestId('progress-result').waitFor();
    expect(await page.getByTestId('progress-status').textContent()).toBe('已办结');
    expect(await page.getByTestId('progress-result').textContent()).toContain('陈*玲');
    const fontSize = await page.evaluate<number>("parseFloat(getComputedStyle(document.querySelector('[data-testid=progress-status]')).fontSize)");
    expect(fontSize).toBeGreaterThanOrEqual(28);
    await page.getByTestId('progress-rate').click();
    await page.getByTestId('score-4').click();
    await page.getByTestId('rate-done').waitFor();
    await home();

    const visit = await server.api<TicketView>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId: (await server.api<{ id: string; prefix: string }[]>('admin', 'GET', `/api/v1/centers/${city.id}/categories`)).find((c) => c.prefix === 'B')!.id, channel: 'staff' });
    await page.getByTestId('terminal-rate').click();
    await page.getByTestId('rate-ticket-no').fill(visit.number);
    await page.getByTestId('rate-find').click();
    expect(await page.getByTestId('rate-problem').textContent()).toContain('尚未办结');
    await serveTicket(server, 'staff01', windowId, visit.id);
    await page.getByTestId('rate-find').click();
    await page.getByTestId('score-5').click();
    await page.getByTestId('rate-done').waitFor();
    expect(await page.getByTestId('rate-done').textContent()).toContain('非常满意');

    const ratings = await server.api<{ items: { subjectId: string; score: number; source: string }[] }>('supervisor', 'GET', `/api/v1/centers/${city.id}/ratings?pageSize=100`);
    expect(ratings.items.find((r) => r.subjectId === visit.id)).toMatchObject({ score: 5, source: 'terminal' });
    expect(ratings.items.find((r) => r.subjectId === completed.id)).toMatchObject({ score: 4, source: 'terminal' });
    await home();
  });

  it('files a complaint at the terminal (channel terminal) and finds a terminal item’s guide', async () => {
    await page.getByTestId('terminal-feedback').click();
    await page.getByTestId('feedback-kind-complaint').click();
    await page.getByTestId('feedback-text').fill('自助终端旁边没有座位，老人排队很辛苦');
    await page.getByTestId('feedback-submit').click();
    await page.getByTestId('feedback-done').waitFor();
    expect(await page.getByTestId('feedback-done').textContent()).toContain('投诉已提交');
    const listed = await server.api<{ items: { text: string; channel: string; kind: string }[] }>('manager', 'GET', `/api/v1/centers/${city.id}/feedback?kind=complaint&pageSize=50`);
    expect(listed.items.find((f) => f.text.includes('没有座位'))).toMatchObject({ channel: 'terminal', kind: 'complaint' });
    await home();

    await page.getByTestId('terminal-guide').click();
    const terminalItems = await server.api<{ items: { name: string; terminal: boolean }[]; total: number }>('admin', 'GET', `/api/v1/items?centerId=${city.id}&terminal=true&pageSize=50`);
    expect(terminalItems.items.every((i) => i.terminal)).toBe(true);
    if (terminalItems.total === 0) {
      await page.getByText('暂未配置可在自助终端办理的事项').waitFor();
    } else {
      const first = terminalItems.items[0]!;
      await page.getByTestId('guide-items').getByRole('button', { name: new RegExp(first.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
      await page.getByTestId('terminal-guide-shown').waitFor();
      expect(await page.getByTestId('terminal-guide-shown').textContent()).toContain(first.name);
    }
    await home();
  });

  it('prints a certificate after a personal code (the preview shows the masked name and the number) and applies for a terminal item', async () => {
    const citizen = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13900008888', idNumber: '441900198506123410', name: '林小梅' });
    await page.getByTestId('terminal-certificate').click();
    await page.getByTestId('certificate-social_insurance').click();
    const scan = page.getByTestId('personal-code-scan');
    await scan.waitFor();
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null")).toBe('personal-code-scan');
    // A scanner types the code into the focused field and presses Enter.
    await page.keyboard.type(await personalCodeOf(fetchCall(server.baseUrl), citizen));
    await page.keyboard.press('Enter');
    await page.getByTestId('certificate-preview').waitFor();
    const no = (await page.getByTestId('certificate-no').textContent())!.replace('编号：', '').trim();
    expect(no).toMatch(/^ZM\d{8}[2-9A-Z]{10}$/);
    const holder = await page.getByTestId('certificate-holder').textContent();
    expect(holder).toContain('林*梅');
    expect(holder).not.toContain('441900198506123410');
    expect(await page.getByTestId('certificate-preview').textContent()).toContain('示范市智造科技有限公司');
    const verified = await (await fetch(`${server.baseUrl}/api/v1/public/certificates/${no}`)).json();
    expect(verified).toMatchObject({ no, genuine: true, holderName: '林*梅', title: '社会保险参保缴费证明' });
    await page.getByRole('button', { name: '返回', exact: true }).click();

    // A real-estate certificate for someone without a record of it: told so, in Chinese.
    const other = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13900008889', idNumber: '441900199203085626', name: '何小燕' });
    await page.getByTestId('terminal-certificate').click();
    await page.getByTestId('certificate-real_estate').click();
    await page.getByTestId('personal-code-scan').waitFor();
    await page.keyboard.type(await personalCodeOf(fetchCall(server.baseUrl), other));
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('personal-code-problem').textContent()).toContain('未查询到您的不动产登记信息查询结果记录');
    await home();

    // 终端申报: a terminal item whose material comes from an e-licence, applied for by the same person's code.
    const departments = await server.api<{ id: string; name: string }[]>('admin', 'GET', `/api/v1/centers/${city.id}/departments`);
    const item = await server.api<{ id: string; name: string }>('admin', 'POST', '/api/v1/items', {
      code: 'TERMINAL-TEST-1',
      name: '灵活就业人员参保登记（终端测试）',
      departmentId: departments.find((d) => d.name === '人力资源和社会保障局')!.id,
      type: '公共服务',
      legalDays: 5,
      promisedDays: 1,
      terminal: true,
      materials: [{ name: '居民身份证', elicense: true }],
    });
    await page.getByTestId('terminal-guide').click();
    await page.getByTestId('guide-search').fill('灵活就业人员参保登记');
    await page.getByTestId('guide-search').press('Enter');
    await page.getByTestId('guide-items').getByRole('button', { name: /终端测试/ }).click();
    await page.getByTestId('apply-here').click();
    await page.getByTestId('personal-code-scan').waitFor();
    await page.keyboard.type(await personalCodeOf(fetchCall(server.baseUrl), citizen));
    await page.keyboard.press('Enter');
    const caseNo = (await page.getByTestId('apply-case-no').textContent())!.trim();
    const made = await server.api<{ items: { caseNo: string; channel: string; itemId: string; applicant: { name: string } }[] }>('manager', 'GET', `/api/v1/centers/${city.id}/cases?pageSize=100`);
    expect(made.items.find((c) => c.caseNo === caseNo)).toMatchObject({ channel: 'terminal', itemId: item.id, applicant: { name: '林*梅' } });
    await home();
    expectNoProblems(problems);
  });

  it('after 90 s without a touch it goes home and forgets what was typed (it stands in a public place)', async () => {
    const idle = await openPage(browser, { width: 1280, height: 800 });
    await idle.page.clock.install();
    await idle.page.goto(`${server.baseUrl}/terminal?device=${terminal.token}`);
    await idle.page.getByTestId('terminal-progress').click();
    await idle.page.getByTestId('progress-id-suffix').fill('12345X');
    await idle.page.clock.fastForward(60_000);
    expect(await idle.page.getByTestId('progress-id-suffix').inputValue()).toBe('12345X');
    await idle.page.clock.fastForward(31_000);
    await idle.page.getByTestId('terminal-certificate').waitFor();
    await idle.page.getByTestId('terminal-progress').click();
    expect(await idle.page.getByTestId('progress-id-suffix').inputValue()).toBe('');
    expectNoProblems(idle.problems);
    await idle.context.close();
  });

  it('the manager sees a terminal that stopped sending heartbeats as 离线', async () => {
    await page.context().close();
    await server.app.ctx.db.updateTable('terminal_heartbeats').set({ at: new Date(Date.now() - 5 * 60_000) }).where('device_id', '=', terminal.device.id).execute();
    const manager = await openPage(browser, { width: 1280, height: 800 });
    await logInThroughForm(manager.page, server.baseUrl, 'manager', demoPassword);
    await manager.page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await manager.page.goto(`${server.baseUrl}/manage/terminals`);
    const row = manager.page.getByTestId('terminals-table').locator('tr', { hasText: '测试自助终端' });
    await row.waitFor();
    expect(await row.textContent()).toContain('离线');
    expect(await row.textContent()).toContain('超过 3 分钟未上报心跳');
    expect(await manager.page.getByTestId('terminals-summary').textContent()).toMatch(/台不能正常服务/);
    expectNoProblems(manager.problems);
  });

  it('智能客服 on the terminal: big touch targets, answers from the guides with where they came from', async () => {
    const screen = await openPage(browser, { width: 1920, height: 1080 });
    await screen.page.goto(`${server.baseUrl}/terminal?device=${terminal.token}`);
    await screen.page.getByTestId('terminal-assistant').click();
    const chat = screen.page.getByTestId('terminal-assistant-chat');
    const send = chat.getByRole('button', { name: /发\s*送/ });
    expect((await send.boundingBox())!.height).toBeGreaterThanOrEqual(64);
    expect((await chat.getByLabel('您的问题').boundingBox())!.height).toBeGreaterThanOrEqual(64);
    await chat.getByLabel('您的问题').fill('开饭店要带什么材料');
    await send.click();
    await expect.poll(() => chat.getByTestId('assistant-answer').count()).toBe(2);
    expect(await chat.getByTestId('assistant-answer').nth(1).textContent()).toMatch(/出处|我不确定/);
    expectNoProblems(screen.problems);
    await screen.context.close();
  });

  it('请工作人员帮我 on the terminal reaches the manager’s console live, and the manager takes it', async () => {
    const manager = await openPage(browser, { width: 1280, height: 800 });
    await logInThroughForm(manager.page, server.baseUrl, 'manager', demoPassword);
    await manager.page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await manager.page.goto(`${server.baseUrl}/manage/terminals`);
    const calls = manager.page.getByTestId('help-calls');
    await calls.getByText(/帮办呼叫（待响应 \d+）/).waitFor();

    const screen = await openPage(browser, { width: 1920, height: 1080 });
    await screen.page.goto(`${server.baseUrl}/terminal?device=${terminal.token}`);
    await screen.page.getByTestId('help-me').click();
    await expect.poll(() => screen.page.getByTestId('help-me').textContent()).toBe('已通知工作人员，请稍候');

    // Live: no reload on the console.
    const row = calls.locator('tr', { hasText: terminal.device.name });
    await row.getByRole('button', { name: '我去帮忙' }).click({ timeout: 10_000 });
    await expect.poll(() => row.textContent()).toContain('已响应');
    // The terminal tells the visitor that someone is on the way.
    await expect.poll(() => screen.page.getByTestId('help-me').textContent(), { timeout: 15_000 }).toBe('工作人员已响应，正在赶来');
    const answered = await server.api<{ deviceId: string; status: string }[]>('manager', 'GET', `/api/v1/centers/${city.id}/help-requests`);
    expect(answered.filter((c) => c.deviceId === terminal.device.id).map((c) => c.status)).toEqual(['acknowledged']);
    expectNoProblems(manager.problems);
    expectNoProblems(screen.problems);
    await manager.context.close();
    await screen.context.close();
  });

  it('the manager narrows the terminal to one item (可办事项); its 事项指南 then offers only that one', async () => {
    const { items } = await server.api<{ items: { id: string; name: string }[] }>('admin', 'GET', `/api/v1/items?centerId=${city.id}&terminal=true&pageSize=200`);
    expect(items.length).toBeGreaterThan(1);
    const kept = items[0]!;
    const manager = await openPage(browser, { width: 1280, height: 800 });
    await logInThroughForm(manager.page, server.baseUrl, 'manager', demoPassword);
    await manager.page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await manager.page.goto(`${server.baseUrl}/manage/terminals`);
    await manager.page.getByTestId(`offered-items-${terminal.device.id}`).click();
    const dialog = manager.page.getByRole('dialog');
    await dialog.getByText('现在提供本中心全部终端可办事项').waitFor();
    await dialog.getByTestId('offered-items').click();
    await manager.page.keyboard.type(kept.name);
    await chooseOption(manager.page, kept.name);
    await dialog.getByTestId('offered-items').getByText(kept.name).waitFor();
    // A multiple select keeps its list open: a click on the title closes it, off the 保存 button.
    await dialog.getByText(`可办事项 · ${terminal.device.name}`).click();
    await manager.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => server.api('manager', 'GET', `/api/v1/terminals/${terminal.device.id}/items`)).toEqual({ itemIds: [kept.id] });
    expectNoProblems(manager.problems);
    await manager.context.close();

    const kiosk = await openPage(browser, { width: 1920, height: 1080 });
    await kiosk.page.goto(`${server.baseUrl}/terminal?device=${terminal.token}`);
    await kiosk.page.getByTestId('terminal-guide').click();
    await kiosk.page.getByText('本终端可办事项（1 项）').waitFor();
    expect(await kiosk.page.getByTestId('guide-items').getByRole('button').allTextContents()).toEqual([expect.stringContaining(kept.name)]);
    expectNoProblems(kiosk.problems);
    await kiosk.context.close();
  });
});
