import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { chooseOption, demoLocker, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, pickupCodeSentTo, type RunningServer, startDemo, stopDemo, submitDialog } from './helpers.ts';

/** 食品小作坊登记 of 市场监督管理局: a promised item the demo's approver decides; 生产场所平面图 may not be deferred. */
const itemName = '食品小作坊登记';
const first17 = '44010219790412345';
const applicant = { idNumber: first17 + idNumberCheckChar(first17), name: '冯志强', phone: '13800138031' };

/**
 * Presses `opener` and answers the confirmation that asks `question` (a closed one may linger, hidden or fading
 * out; one answered before keeps its collapsed loading icon, which reads as part of its button's name).
 */
async function confirmed(page: Page, opener: Locator, question: string, button: RegExp): Promise<void> {
  await opener.click();
  await page.locator('.ant-popover:visible').filter({ hasText: question }).getByRole('button', { name: button }).click();
}

/**
 * Issue 6's whole path through the screens: a ticket served at the window, an application missing a material
 * (一次性告知), the applicant back with it (待补正 → 受理), the department's decision, the result in the
 * 24-hour locker opened with the SMS code, and the applicant's own progress query without logging in.
 */
describeInBrowser('a case from the ticket to the locker and the public query', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
  });

  afterAll(() => stopDemo(server, browser));

  it('ticket → one-time notice → supplement and 受理 → 准予 → locker pick-up → public query', async () => {
    const item = (await server.api<{ items: { id: string; name: string }[] }>('staff01', 'GET', `/api/v1/items?q=${encodeURIComponent(itemName)}&centerId=${city.id}`)).items.find((i) => i.name === itemName)!;
    const categories = await server.api<{ id: string; prefix: string }[]>('admin', 'GET', `/api/v1/centers/${city.id}/categories`);
    const ticket = await server.api<{ number: string }>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId: categories.find((c) => c.prefix === 'B')!.id, itemId: item.id, channel: 'staff', idNumber: applicant.idNumber, phone: applicant.phone });

    // The window calls the ticket and takes the application: one material is missing, so 一次性告知.
    const staff = await openPage(browser);
    await logInThroughForm(staff.page, server.baseUrl, 'staff01', demoPassword);
    await staff.page.waitForURL('**/window');
    await staff.page.getByRole('row').filter({ has: staff.page.getByRole('cell', { name: '综合窗口 1', exact: true }) }).getByRole('button', { name: '签到' }).click();
    await staff.page.getByTestId('action-call').click();
    await staff.page.getByTestId('current-ticket-number').filter({ hasText: ticket.number }).waitFor();
    await staff.page.keyboard.press('F3');
    await staff.page.getByTestId('current-ticket-status').getByText('办理中').waitFor();
    await staff.page.getByTestId('action-accept-case').click();
    const dialog = staff.page.getByRole('dialog', { name: `受理办件 · ${ticket.number}` });
    await dialog.getByTestId('material-checklist').getByText('生产场所平面图').waitFor();
    await dialog.getByRole('button', { name: /读取号票登记信息/ }).click();
    await expect.poll(() => dialog.getByLabel('居民身份证号码').inputValue()).toBe(applicant.idNumber);
    await dialog.getByLabel('姓名').fill(applicant.name);
    await dialog.getByTestId('material-checklist').getByRole('row').filter({ hasText: '生产场所平面图' }).getByText('缺少', { exact: true }).click();
    await dialog.getByTestId('outcome-notice').click();
    await dialog.getByTestId('case-outcome-title').getByText('已出具一次性告知书').waitFor();
    expect(await dialog.getByTestId('missing-materials').locator('li').allTextContents()).toEqual(['生产场所平面图']);
    const caseNo = (await dialog.getByTestId('case-no').textContent())!.trim();
    await dialog.getByRole('button', { name: 'Close' }).or(dialog.getByRole('button', { name: '关闭' })).first().click();

    // The applicant comes back with the plan: found by the number on the notice, supplied, accepted.
    await staff.page.getByRole('menuitem', { name: /待补正办件/ }).click();
    await staff.page.waitForURL('**/window/supplements');
    await staff.page.getByLabel('办件编号').fill(caseNo);
    await staff.page.getByLabel('办件编号').press('Enter');
    await staff.page.getByRole('row').filter({ hasText: caseNo }).filter({ hasText: '生产场所平面图' }).click();
    const drawer = staff.page.locator('.case-drawer');
    await drawer.getByTestId('drawer-status').getByText('待补正').waitFor();
    // Nothing brought yet: 受理 is refused with the reason.
    const accept = drawer.getByRole('button', { name: /^(check\s)?受\s?理$/ });
    await confirmed(staff.page, accept, '受理该办件？', /受\s?理$/);
    await staff.page.getByText(/材料不齐，不能受理/).waitFor();
    await drawer.getByRole('row').filter({ hasText: '生产场所平面图' }).getByRole('checkbox').check();
    await confirmed(staff.page, drawer.getByRole('button', { name: /补交所选材料/ }), '登记补交', /登记补交/);
    await drawer.getByRole('row').filter({ hasText: '生产场所平面图' }).getByText('收取', { exact: true }).waitFor();
    await drawer.getByTestId('drawer-steps').getByText('补交材料', { exact: true }).waitFor();
    await confirmed(staff.page, accept, '受理该办件？', /受\s?理$/);
    await drawer.getByTestId('drawer-status').getByText('已受理').waitFor();
    await drawer.getByTestId('drawer-promised').filter({ hasText: /^\d{4}-\d{2}-\d{2}$/ }).waitFor();
    // The list of cases waiting for materials no longer has it.
    await staff.page.locator('.case-drawer .ant-drawer-close').click();
    await staff.page.getByText('没有这个编号的待补正办件。').waitFor();
    expectNoProblems(staff.problems);
    await staff.context.close();

    // The department's approver grants it.
    const approver = await openPage(browser);
    await logInThroughForm(approver.page, server.baseUrl, 'approver', demoPassword);
    await approver.page.waitForURL('**/me');
    await approver.page.getByRole('menuitem', { name: /后台审批/ }).click();
    await approver.page.getByRole('row').filter({ hasText: caseNo }).click();
    const backoffice = approver.page.locator('.case-drawer');
    await backoffice.getByRole('button', { name: /准予/ }).click();
    await approver.page.locator('.ant-popover').getByRole('button', { name: /准\s?予/ }).click();
    await backoffice.getByTestId('drawer-status').getByText('已决定').waitFor();
    expectNoProblems(approver.problems);
    await approver.context.close();

    // The result goes into the 24-hour locker; the applicant opens it with the code the SMS carried.
    const locker = await demoLocker(server, city.id);
    const manager = await openPage(browser);
    await logInThroughForm(manager.page, server.baseUrl, 'manager', demoPassword);
    await manager.page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await manager.page.getByRole('menuitem', { name: /智能柜/ }).click();
    await manager.page.getByTestId('compartment-A01').waitFor();
    await manager.page.getByRole('button', { name: /^存\s*件$/ }).click();
    const deposit = manager.page.getByRole('dialog');
    await deposit.getByTestId('deposit-case').click();
    await manager.page.keyboard.type(caseNo);
    await chooseOption(manager.page, caseNo);
    await submitDialog(deposit, /^存\s*件$/);
    await expect.poll(() => manager.page.getByTestId('compartment-A01').textContent()).toContain(caseNo);
    const code = await pickupCodeSentTo(server, applicant.phone);
    const screen = await openPage(browser, { width: 1080, height: 1920 });
    await screen.page.goto(`${server.baseUrl}/locker?device=${locker.token}`);
    await screen.page.getByTestId('locker-idle').waitFor();
    for (const digit of code) await screen.page.getByRole('button', { name: digit, exact: true }).click();
    await screen.page.getByRole('button', { name: '开柜' }).click();
    await screen.page.getByTestId('locker-opened').filter({ hasText: caseNo }).waitFor();
    await expect.poll(() => manager.page.getByTestId('compartment-A01').textContent()).toContain('空闲');
    expectNoProblems(manager.problems);
    expectNoProblems(screen.problems);
    await manager.context.close();
    await screen.context.close();

    // The applicant checks the progress on a phone, with the case number and the ID number's last six.
    const phone = await openPage(browser, { width: 390, height: 844 });
    await phone.page.goto(`${server.baseUrl}/progress`);
    await phone.page.getByLabel('办件编号').fill(caseNo);
    await phone.page.getByLabel('证件号码后六位').fill(applicant.idNumber.slice(-6));
    await phone.page.getByRole('button', { name: /查\s*询/ }).click();
    const result = phone.page.getByTestId('progress-result');
    await result.getByText('已办结').first().waitFor();
    expect(await result.textContent()).toContain(itemName);
    expect(await result.textContent()).not.toContain(applicant.name);
    const steps = (await phone.page.getByTestId('progress-step').allTextContents()).join('|');
    for (const name of ['申报', '一次性告知', '补交材料', '受理', '作出决定', '办结送达']) expect(steps).toContain(name);
    expectNoProblems(phone.problems);
    await phone.context.close();
  });
});
