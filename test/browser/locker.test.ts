import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { fetchCall, personalCodeOf, signInCitizen } from '../helpers/citizens.ts';
import { chooseOption, closeDropdown, demoLocker, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, pickupCodeSentTo, type RunningServer, startDemo, stopDemo, submitDialog } from './helpers.ts';

interface CaseView {
  id: string;
  caseNo: string;
}

/** 食品小作坊登记 of 市场监督管理局, which the demo's approver decides. */
const itemName = '食品小作坊登记';
const validId = (first17: string) => first17 + idNumberCheckChar(first17);
const applicant = { idNumber: validId('44010119800101234'), name: '周文博', phone: '13800138021' };
const walkIn = { idNumber: validId('44010619880808321'), name: '郑雅婷', phone: '13900139022' };

const fitsScreen = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth && document.documentElement.scrollHeight <= window.innerHeight');

describeInBrowser('24-hour locker (智能柜)', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
  });

  afterAll(() => stopDemo(server, browser));

  /** A case accepted by staff01 and decided (准予) by the department's approver: its result waits for delivery. */
  async function decidedCase(): Promise<CaseView> {
    const item = (await server.api<{ items: { id: string; name: string }[] }>('staff01', 'GET', `/api/v1/items?q=${encodeURIComponent(itemName)}&centerId=${city.id}`)).items.find((i) => i.name === itemName)!;
    const guide = await server.api<{ materials: { id: string; optionIds: string[] }[]; situations: { id: string; options: { id: string }[] }[] }>('staff01', 'GET', `/api/v1/items/${item.id}`);
    const created = await server.api<CaseView>('staff01', 'POST', '/api/v1/cases', {
      itemId: item.id,
      centerId: city.id,
      applicant: { kind: 'person', ...applicant },
      answers: { [guide.situations[0]!.id]: guide.situations[0]!.options[0]!.id },
      channel: 'window',
      materials: guide.materials.filter((m) => !m.optionIds.length).map((m) => ({ materialId: m.id, status: 'received' })),
    });
    await server.api('staff01', 'POST', `/api/v1/cases/${created.id}/accept`);
    await server.api('approver', 'POST', `/api/v1/cases/${created.id}/decide`, { approved: true, reason: '符合条件' });
    return created;
  }

  const typeOnKeypad = async (page: Page, code: string) => {
    for (const digit of code) await page.getByRole('button', { name: digit, exact: true }).click();
  };

  it('staff put a decided case and a walk-in document into the locker; the SMS code and the personal code open them once; staff take out a third; the page lists all collected', async () => {
    const decided = await decidedCase();
    const locker = await demoLocker(server, city.id);

    // The demo's locker comes with 24 compartments; the manager adds two more.
    const staff = await openPage(browser);
    await logInThroughForm(staff.page, server.baseUrl, 'manager', demoPassword);
    await staff.page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await staff.page.getByRole('menuitem', { name: /智能柜/ }).click();
    await staff.page.waitForURL('**/manage/lockers');
    await staff.page.getByTestId('compartment-A24').waitFor();
    await staff.page.getByRole('button', { name: /增加柜格/ }).click();
    const setup = staff.page.getByRole('dialog');
    await setup.getByLabel('柜格数').fill('2');
    await submitDialog(setup);
    await staff.page.getByTestId('compartment-A26').waitFor();

    // 存件 by the case's number.
    await staff.page.getByRole('button', { name: /^存\s*件$/ }).click();
    const deposit = staff.page.getByRole('dialog');
    await deposit.getByTestId('deposit-case').click();
    await staff.page.keyboard.type(decided.caseNo);
    await chooseOption(staff.page, decided.caseNo);
    await submitDialog(deposit, /^存\s*件$/);
    const first = staff.page.getByTestId('compartment-A01');
    await expect.poll(() => first.textContent()).toContain(decided.caseNo);
    // The recipient is masked on the staff's screen.
    expect(await first.textContent()).not.toContain(applicant.name);
    const firstCode = await pickupCodeSentTo(server, applicant.phone);
    expect(await staff.page.content()).not.toContain(firstCode);

    // A walk-in document by a manually registered recipient, into the compartment clicked.
    await staff.page.getByTestId('compartment-A03').click();
    const manual = staff.page.getByRole('dialog');
    await manual.getByText('其他材料（手工登记领取人）').click();
    await manual.getByLabel('领取人姓名').fill(walkIn.name);
    await manual.getByLabel('手机号码').fill(walkIn.phone);
    await manual.getByLabel('身份证号码（选填）').fill(walkIn.idNumber);
    await manual.getByLabel('存放的材料或证照').fill('不动产权证书');
    await submitDialog(manual, /^存\s*件$/);
    await expect.poll(() => staff.page.getByTestId('compartment-A03').textContent()).toContain('不动产权证书');

    // The locker's own screen, portrait, opened by its device link.
    const screen = await openPage(browser, { width: 1080, height: 1920 });
    await screen.page.goto(`${server.baseUrl}/locker?device=${locker.token}`);
    await screen.page.getByTestId('locker-idle').waitFor();
    expect(screen.page.url()).not.toContain('device=');
    expect(await screen.page.getByTestId('locker-name').textContent()).toBe(locker.name);
    await expect.poll(() => screen.page.getByTestId('locker-free').textContent()).toBe('空闲柜格 24 / 26');
    expect((await screen.page.getByRole('button', { name: '5', exact: true }).boundingBox())!.height).toBeGreaterThanOrEqual(80);
    expect(await fitsScreen(screen.page)).toBe(true);

    await typeOnKeypad(screen.page, firstCode);
    await screen.page.getByRole('button', { name: '开柜' }).click();
    const opened = screen.page.getByTestId('locker-opened');
    await opened.waitFor();
    expect(await opened.textContent()).toContain('A01 号柜门已打开');
    expect(await opened.textContent()).toContain('请取走您的材料并关好柜门');
    expect(await opened.textContent()).toContain(decided.caseNo);
    // A touch goes back to the idle screen for the next person.
    await opened.click();
    await screen.page.getByTestId('locker-idle').waitFor();

    // The same code again, now from a keyboard: refused in plain Chinese.
    await screen.page.getByTestId('locker-scan').fill(firstCode);
    await screen.page.getByTestId('locker-scan').press('Enter');
    await expect.poll(() => screen.page.getByTestId('locker-problem').textContent()).toContain('取件码不正确');
    expect(await screen.page.getByTestId('locker-opened').count()).toBe(0);

    // The walk-in's personal code, scanned into the scan field, in landscape.
    await screen.page.setViewportSize({ width: 1280, height: 800 });
    const call = fetchCall(server.baseUrl);
    const personalCode = await personalCodeOf(call, await signInCitizen(call, server.app.ctx.db, walkIn));
    await screen.page.getByTestId('locker-scan').fill(personalCode);
    await screen.page.getByTestId('locker-scan').press('Enter');
    await screen.page.getByTestId('locker-opened').waitFor();
    expect(await screen.page.getByTestId('locker-opened').textContent()).toContain('A03 号柜门已打开');
    expect(await screen.page.getByTestId('locker-opened').textContent()).toContain('不动产权证书');
    expect(await fitsScreen(screen.page)).toBe(true);
    // Untouched, the screen goes back to idle by itself after 15 s.
    await screen.page.getByTestId('locker-idle').waitFor({ timeout: 20_000 });
    await expect.poll(() => screen.page.getByTestId('locker-free').textContent()).toBe('空闲柜格 26 / 26');

    // The staff page: both doors free again (pushed by the server).
    await expect.poll(() => staff.page.getByTestId('compartment-A01').textContent()).toContain('空闲');
    await expect.poll(() => staff.page.getByTestId('compartment-A03').textContent()).toContain('空闲');

    // A document nobody fetched is taken out by staff, with a reason, after a warning.
    await staff.page.getByRole('button', { name: /^存\s*件$/ }).click();
    const third = staff.page.getByRole('dialog');
    await third.getByText('其他材料（手工登记领取人）').click();
    await third.getByLabel('领取人姓名').fill('孙立群');
    await third.getByLabel('手机号码').fill('13700137023');
    await third.getByLabel('存放的材料或证照').fill('户口簿');
    await submitDialog(third, /^存\s*件$/);
    await expect.poll(() => staff.page.getByTestId('compartment-A01').textContent()).toContain('户口簿');
    await staff.page.getByTestId('compartment-A01').click();
    const takeOut = staff.page.getByRole('dialog');
    await takeOut.getByText('取出后，领取人的取件码和个人码不能再打开此柜门').waitFor();
    // The reason field offers the usual reasons.
    await takeOut.getByLabel('取出原因').click();
    await chooseOption(staff.page, '已在窗口当面交给领取人');
    await closeDropdown(takeOut);
    await submitDialog(takeOut, '确认取出');
    await expect.poll(() => staff.page.getByTestId('compartment-A01').textContent()).toContain('空闲');
    // Its pickup code no longer opens anything; typed on a keyboard attached to the locker, outside the scan field.
    const takenOutCode = await pickupCodeSentTo(server, '13700137023');
    await screen.page.getByTestId('locker-name').click();
    await screen.page.keyboard.type(takenOutCode);
    expect(await screen.page.getByTestId('locker-code').textContent()).toBe(takenOutCode);
    await screen.page.keyboard.press('Enter');
    await expect.poll(() => screen.page.getByTestId('locker-problem').textContent()).toContain('取件码不正确');

    // All three listed as collected, and how.
    await staff.page.getByRole('tab', { name: '存取记录' }).click();
    await staff.page.getByTestId('deposit-status').getByText('已取', { exact: true }).click();
    const rows = staff.page.getByTestId('deposits-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.filter({ hasText: decided.caseNo }).textContent()).toContain('取件码开柜');
    expect(await rows.filter({ hasText: '不动产权证书' }).textContent()).toContain('个人码开柜');
    expect(await rows.filter({ hasText: '户口簿' }).textContent()).toMatch(/工作人员取出（.*已在窗口当面交给领取人）/);
    await staff.page.getByTestId('deposit-status').getByText('待取', { exact: true }).click();
    await staff.page.getByTestId('deposits-table').getByText('智能柜里没有待取的物品').waitFor();

    // The manager sets when an uncollected result counts as overdue.
    await staff.page.getByRole('tab', { name: '规则' }).click();
    await staff.page.getByLabel('超期未取天数').fill('5');
    await staff.page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => server.api<{ uncollectedDays: number }>('manager', 'GET', `/api/v1/centers/${city.id}/locker-settings`)).toEqual({ uncollectedDays: 5 });

    expectNoProblems(staff.problems);
    expectNoProblems(screen.problems);
    await staff.context.close();
    await screen.context.close();
  });
});
