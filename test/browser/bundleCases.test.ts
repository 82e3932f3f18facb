import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { adminPassword, chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, type RunningServer, startDemo, stopDemo } from './helpers.ts';

/**
 * 一件事 at the window and its children in the back office: 开办餐饮店一件事 for two of its items of
 * 市场监督管理局; 食品经营许可（新办） goes 承办 → 审核 → 决定 in the demo, the other is decided directly.
 */
const bundleName = '开办餐饮店一件事';
const routedItem = '食品经营许可（新办）';
const directItem = '个体工商户设立登记';
const first17 = '44010119880808123';
const idNumber = first17 + idNumberCheckChar(first17);

describeInBrowser('一件事: /window/bundle → children in /backoffice → 承办 → 审核 → 决定', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string };

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
  });
  afterAll(() => stopDemo(server, browser));

  let parentNo = '';

  it('staff01 applies for the bundle with the applicant and the merged checklist once, and accepts every child', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'staff01', demoPassword);
    await page.waitForURL('**/window');
    await page.getByRole('menuitem', { name: /一件事受理/ }).click();
    await page.waitForURL('**/window/bundle');

    await page.getByLabel('选择一件事').click();
    await chooseOption(page, bundleName);
    // Only the two items of 市场监督管理局 this time.
    for (const other of ['设置大型户外广告', '公共场所卫生许可']) await page.getByRole('checkbox', { name: new RegExp(other) }).uncheck();
    await page.getByLabel('身份证号码').fill(idNumber);
    await page.getByLabel('姓名').fill('林美食');
    await page.getByLabel('手机号码').fill('13700137000');
    // The question every item asks is answered once.
    await expect.poll(() => page.getByText('是否委托他人代办？').count()).toBe(1);
    await page.getByText('本人办理', { exact: true }).click();
    const checklist = page.getByTestId('merged-checklist');
    await checklist.getByText('食品经营许可申请书').waitFor();
    await checklist.getByText('个体工商户登记申请书').waitFor();
    // Each material appears once however many items ask for it.
    const names = await checklist.locator('tbody tr td:first-child').allTextContents();
    expect(new Set(names).size).toBe(names.length);

    await page.getByRole('button', { name: /申报一件事/ }).click();
    await page.getByTestId('bundle-case-no').or(page.getByTestId('bundle-error')).waitFor();
    expect(await page.getByTestId('bundle-error').count(), (await page.getByTestId('bundle-error').allTextContents()).join()).toBe(0);
    parentNo = (await page.getByTestId('bundle-case-no').textContent())!;
    expect(parentNo).toMatch(/^\d{14}$/);
    const children = page.getByTestId('bundle-children');
    await children.getByText(routedItem).waitFor();
    await children.getByText(directItem).waitFor();

    await page.getByRole('button', { name: /受理全部子件/ }).click();
    await expect.poll(async () => (await children.getByText('已受理').count())).toBe(2);
    expectNoProblems(problems);
    await context.close();
  });

  it('the approver gives the 承办 opinion, another person 审核, and the approver decides at 决定; the parent shows each child', async () => {
    expect(parentNo).not.toBe('');
    const progressOf = async () => (await (await fetch(`${server.baseUrl}/api/v1/public/cases/${parentNo}?idSuffix=${idNumber.slice(-6)}`)).json()) as { statusLabel: string; children: { caseNo: string; itemName: string; statusLabel: string }[] };
    expect((await progressOf()).statusLabel).toBe('办理中');
    const child = (await progressOf()).children.find((c) => c.itemName === routedItem);
    expect(child?.statusLabel).toBe('已受理');

    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'approver', demoPassword);
    await page.waitForURL('**/me');
    await page.getByRole('menuitem', { name: /后台审批/ }).click();
    await page.waitForURL('**/backoffice');
    await page.getByRole('row').filter({ hasText: routedItem }).filter({ hasText: '林' }).first().click();
    const drawer = page.locator('.case-drawer');
    await drawer.getByText(`${bundleName}（主件 ${parentNo}）`).waitFor();
    await drawer.getByTestId('current-step').getByText('承办').waitFor();
    // No decision before 决定.
    expect(await drawer.getByRole('button', { name: /准\s?予/ }).count()).toBe(0);

    await drawer.getByRole('button', { name: /提交下一步/ }).click();
    const advance = page.getByRole('dialog', { name: /承办：提交下一步/ });
    await advance.getByLabel('承办意见').fill('材料齐全，符合条件，建议准予');
    await advance.getByRole('button', { name: /提交至「审核」/ }).click();
    await drawer.getByTestId('current-step').getByText('审核').waitFor();
    await drawer.getByText('承办意见').waitFor();

    // The one who gave the 承办 opinion may not 审核 too: the server says so in the dialog.
    await drawer.getByRole('button', { name: /提交下一步/ }).click();
    const again = page.getByRole('dialog', { name: /审核：提交下一步/ });
    await again.getByLabel('审核意见').fill('同意');
    await again.getByRole('button', { name: /提交至「决定」/ }).click();
    await again.getByText(/须由另一位审批人员办理/).waitFor();
    await again.getByRole('button', { name: /取\s?消/ }).click();

    // 审核 by the administrator, then the approver decides.
    const { items } = await server.api<{ items: { id: string }[] }>('admin', 'GET', `/api/v1/centers/${city.id}/cases?caseNo=${child!.caseNo}`);
    await server.api('admin', 'POST', `/api/v1/cases/${items[0]!.id}/advance`, { opinion: '审核同意' });
    await page.reload();
    await page.getByRole('row').filter({ hasText: routedItem }).filter({ hasText: '林' }).first().click();
    await drawer.getByTestId('current-step').getByText('决定').waitFor();
    await drawer.getByTestId('case-route').getByText(/审核意见.*审核同意/).waitFor();
    await drawer.getByRole('button', { name: /准\s?予/ }).click();
    await page.locator('.ant-popover').getByRole('button', { name: /准\s?予/ }).click();
    await drawer.getByTestId('drawer-status').getByText('已决定').waitFor();
    const steps = (await drawer.getByTestId('drawer-steps').locator('.ant-timeline-item').allTextContents()).join('\n');
    for (const name of ['申报', '受理', '提交下一步', '作出决定']) expect(steps).toContain(name);

    const progress = await progressOf();
    expect(progress.children.map((c) => [c.itemName, c.statusLabel])).toEqual(expect.arrayContaining([[routedItem, '已决定'], [directItem, '已受理']]));
    expect(progress.statusLabel).toBe('办理中');
    expectNoProblems(problems);
    await context.close();
  });

  it('the administrator adds a step to the item’s route in /admin/workflows and the saved route has it before 决定', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await page.getByRole('menuitem', { name: '办理步骤' }).click();
    await page.waitForURL('**/admin/workflows');
    await page.getByLabel('搜索办理事项').fill('食品经营许可');
    await chooseOption(page, `${routedItem}（市场监督管理局）`);
    await page.getByText('已配置').waitFor();
    expect(await page.getByLabel('第 2 步名称').inputValue()).toBe('审核');
    await page.getByRole('button', { name: /添加步骤/ }).click();
    await page.getByLabel('第 3 步名称').fill('集体讨论');
    await page.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByText('已保存办理步骤，此后受理的办件按新步骤办理').waitFor();
    const { items } = await server.api<{ items: { id: string; name: string }[] }>('admin', 'GET', `/api/v1/items?q=${encodeURIComponent(routedItem)}`);
    const saved = await server.api<{ steps: string[] }>('admin', 'GET', `/api/v1/items/${items.find((i) => i.name === routedItem)!.id}/workflow`);
    expect(saved.steps).toEqual(['承办', '审核', '集体讨论', '决定']);
    expectNoProblems(problems);
    await context.close();
  });
});
