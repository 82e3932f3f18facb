import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, type RunningServer, startDemo, stopDemo } from './helpers.ts';
import { fetchCall, personalCodeOf, signInCitizen } from '../helpers/citizens.ts';

interface Center {
  id: string;
  name: string;
}

interface CaseView {
  id: string;
  caseNo: string;
  status: string;
  promisedDeadline: string | null;
  legalDeadline: string | null;
  materials: { name: string; status: string; dueDate: string | null }[];
}

/** 食品小作坊登记 of 市场监督管理局: 承诺 10 个工作日, four materials (从业人员健康证明 may be deferred) and the 代办 situation. */
const itemName = '食品小作坊登记';
const idNumber = (first17: string) => first17 + idNumberCheckChar(first17);
const first = idNumber('44010119850315123');
const second = idNumber('44010619920708456');

/** Marks one material of the checklist with one of 收取 / 电子证照 / 容缺 / 缺少. */
const markMaterial = (page: Page, material: string, status: string) => page.getByTestId('material-checklist').getByRole('row').filter({ hasText: material }).getByText(status, { exact: true }).click();

async function fillPerson(page: Page, id: string, name: string, phone: string) {
  await page.getByLabel('居民身份证号码').fill(id);
  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('手机号码').fill(phone);
}

describeInBrowser('cases: acceptance at the window and the back office', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: Center;

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
  });

  afterAll(() => stopDemo(server, browser));

  let acceptedNo = '';

  it('staff01 takes in an incomplete application (一次性告知 with its PDF) and a complete one (受理 with deadlines)', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'staff01', demoPassword);
    await page.waitForURL('**/window');
    await page.getByRole('menuitem', { name: /办件受理/ }).click();
    await page.waitForURL('**/window/accept');

    // Pick the item by searching its name.
    await page.getByLabel('搜索办理事项').fill('食品小作坊');
    await chooseOption(page, `${itemName}（市场监督管理局）`);
    await page.getByText('是否委托他人代办？').waitFor();
    await page.getByTestId('material-checklist').getByText('从业人员健康证明').waitFor();
    // 代办 adds its two materials; back to 本人办理 removes them.
    await page.getByText('委托代办', { exact: true }).click();
    await page.getByTestId('material-checklist').getByText('授权委托书').waitFor();
    await page.getByText('本人办理', { exact: true }).click();
    await page.getByTestId('material-checklist').getByText('授权委托书').waitFor({ state: 'detached' });
    // 容缺 only where the material allows it.
    expect(await page.getByTestId('material-checklist').getByRole('row').filter({ hasText: '从业人员健康证明' }).getByText('容缺', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('material-checklist').getByRole('row').filter({ hasText: '生产场所平面图' }).getByText('容缺', { exact: true }).count()).toBe(0);

    // A mistyped ID number is caught in the browser, in Chinese.
    await fillPerson(page, `${first.slice(0, 17)}${first[17] === '0' ? '1' : '0'}`, '王小明', '13800138001');
    await page.getByTestId('outcome-notice').click();
    await page.getByText('身份证号码校验不通过，请核对后重新输入').waitFor();
    await page.getByLabel('居民身份证号码').fill(first);
    await page.getByText('身份证号码校验不通过，请核对后重新输入').waitFor({ state: 'detached' });

    // One required material missing: 受理 is refused with the reason, 一次性告知 lists it.
    await markMaterial(page, '生产场所平面图', '缺少');
    await page.getByTestId('outcome-accept').click();
    await page.getByTestId('acceptance-error').getByText(/材料不齐，不能受理：生产场所平面图/).waitFor();
    await page.getByTestId('outcome-notice').click();
    await page.getByTestId('case-outcome-title').getByText('已出具一次性告知书').waitFor();
    expect(await page.getByTestId('missing-materials').locator('li').allTextContents()).toEqual(['生产场所平面图']);
    const noticeNo = (await page.getByTestId('case-no').textContent())!.trim();
    expect(noticeNo).toMatch(/^\d{14}$/);

    // The notice opens as a PDF in a new tab, fetched with the token.
    const [pdf, tab] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/notice.pdf')),
      context.waitForEvent('page'),
      page.getByRole('button', { name: /打开\/打印一次性告知通知书/ }).click(),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await expect.poll(() => tab.url()).toMatch(/^blob:/);
    // What the tab shows is that PDF.
    const head = await page.evaluate(async (url) => new TextDecoder().decode((await (await fetch(url)).arrayBuffer()).slice(0, 5)), tab.url());
    expect(head).toBe('%PDF-');
    await tab.close();

    // The case is there, waiting for the materials.
    const cases = await server.api<{ items: CaseView[] }>('admin', 'GET', `/api/v1/centers/${city.id}/cases?status=supplement&pageSize=100`);
    expect(cases.items.map((c) => c.caseNo)).toContain(noticeNo);

    // The next applicant brings everything: 受理 shows the case number and the deadlines.
    await page.getByRole('button', { name: '受理下一件' }).click();
    expect(await page.getByLabel('居民身份证号码').inputValue()).toBe('');
    // 陈大文 shows the personal code of the portal: the window scans it instead of typing (亮码).
    const citizen = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13900139002', idNumber: second, name: '陈大文' });
    await page.getByLabel('扫个人码').fill(await personalCodeOf(fetchCall(server.baseUrl), citizen));
    await page.getByLabel('扫个人码').press('Enter');
    await expect.poll(() => page.getByLabel('居民身份证号码').inputValue()).toBe(second);
    expect(await page.getByLabel('姓名').inputValue()).toBe('陈大文');
    expect(await page.getByLabel('手机号码').inputValue()).toBe('13900139002');
    await page.getByTestId('outcome-accept').click();
    await page.getByTestId('case-outcome-title').getByText('已受理').waitFor();
    acceptedNo = (await page.getByTestId('case-no').textContent())!.trim();
    const accepted = (await server.api<{ items: CaseView[] }>('admin', 'GET', `/api/v1/centers/${city.id}/cases?status=accepted&pageSize=100`)).items.find((c) => c.caseNo === acceptedNo)!;
    expect(accepted.materials.every((m) => m.status === 'received')).toBe(true);
    expect(accepted.promisedDeadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.getByTestId('promised-deadline').textContent()).toContain(`${accepted.promisedDeadline}（10 个工作日）`);
    expect(await page.getByTestId('legal-deadline').textContent()).toContain(accepted.legalDeadline!);
    expect(await page.getByTestId('case-status').textContent()).toBe('已受理');

    expectNoProblems(problems);
    await context.close();
  });

  it('at the workstation, 受理办件 opens the panel for the ticket being served: its item chosen, its registered applicant read in', async () => {
    const item = (await server.api<{ items: { id: string; name: string }[] }>('staff01', 'GET', `/api/v1/items?q=${encodeURIComponent(itemName)}&centerId=${city.id}`)).items.find((i) => i.name === itemName)!;
    const categories = await server.api<{ id: string; prefix: string }[]>('admin', 'GET', `/api/v1/centers/${city.id}/categories`);
    const ticket = await server.api<{ number: string }>('admin', 'POST', '/api/v1/tickets', { centerId: city.id, categoryId: categories.find((c) => c.prefix === 'B')!.id, itemId: item.id, channel: 'staff', idNumber: first, phone: '13800138001' });

    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'staff01', demoPassword);
    await page.waitForURL('**/window');
    await page.getByRole('row').filter({ has: page.getByRole('cell', { name: '综合窗口 1', exact: true }) }).getByRole('button', { name: '签到' }).click();
    await page.getByTestId('window-number').filter({ hasText: /^1$/ }).waitFor();
    await page.getByTestId('action-call').click();
    await page.getByTestId('current-ticket-number').filter({ hasText: ticket.number }).waitFor();
    await page.keyboard.press('F3');
    await page.getByTestId('current-ticket-status').getByText('办理中').waitFor();

    await page.getByTestId('action-accept-case').click();
    const dialog = page.getByRole('dialog', { name: `受理办件 · ${ticket.number}` });
    await dialog.getByText(`${itemName}（市场监督管理局）`).waitFor();
    await dialog.getByTestId('material-checklist').getByText('从业人员健康证明').waitFor();
    // The function keys rest while the dialog is open: F4 does not finish the ticket.
    await page.keyboard.press('F4');
    await dialog.getByRole('button', { name: /读取号票登记信息/ }).click();
    await expect.poll(() => dialog.getByLabel('居民身份证号码').inputValue()).toBe(first);
    expect(await dialog.getByLabel('手机号码').inputValue()).toBe('13800138001');
    await dialog.getByLabel('姓名').fill('王小明');
    await dialog.getByTestId('outcome-accept').click();
    await dialog.getByTestId('case-outcome-title').getByText('已受理').waitFor();
    const caseNo = (await dialog.getByTestId('case-no').textContent())!.trim();
    const accepted = (await server.api<{ items: (CaseView & { ticketId: string | null })[] }>('admin', 'GET', `/api/v1/centers/${city.id}/cases?status=accepted&pageSize=100`)).items.find((c) => c.caseNo === caseNo)!;
    expect(accepted.ticketId).not.toBeNull();
    await dialog.getByRole('button', { name: 'Close' }).or(dialog.getByRole('button', { name: '关闭' })).first().click();
    await page.getByTestId('current-ticket-status').getByText('办理中').waitFor();

    expectNoProblems(problems);
    await context.close();
  });

  it('a retried submission with the same Idempotency-Key makes one case', async () => {
    const item = (await server.api<{ items: { id: string; name: string }[] }>('staff01', 'GET', `/api/v1/items?q=${encodeURIComponent(itemName)}&centerId=${city.id}`)).items.find((i) => i.name === itemName)!;
    const guide = await server.api<{ materials: { id: string; optionIds: string[] }[]; situations: { id: string; options: { id: string }[] }[] }>('staff01', 'GET', `/api/v1/items/${item.id}`);
    const login = (await (await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff01', password: demoPassword }) })).json()) as { token: string };
    const body = {
      itemId: item.id,
      centerId: city.id,
      applicant: { kind: 'person', idNumber: second, name: '陈大文', phone: '13900139002' },
      answers: { [guide.situations[0]!.id]: guide.situations[0]!.options[0]!.id },
      channel: 'window',
      materials: guide.materials.filter((m) => !m.optionIds.length).map((m) => ({ materialId: m.id, status: 'received' })),
    };
    const send = () => fetch(`${server.baseUrl}/api/v1/cases`, { method: 'POST', headers: { authorization: `Bearer ${login.token}`, 'content-type': 'application/json', 'idempotency-key': 'cases-browser-test-0001' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ id: string }>);
    const [a, b] = [await send(), await send()];
    expect(a.id).toBe(b.id);
  });

  it('the approver suspends, resumes, approves and completes the case in /backoffice; the public query shows 已办结', async () => {
    expect(acceptedNo).not.toBe('');
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'approver', demoPassword);
    await page.waitForURL('**/me');
    await page.getByRole('menuitem', { name: /后台审批/ }).click();
    await page.waitForURL('**/backoffice');
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth')).toBe(false);

    // 待审批 lists the accepted case; its drawer shows the deadlines and the steps so far.
    await page.getByRole('tab', { name: /待审批/ }).waitFor();
    await page.getByRole('row').filter({ hasText: acceptedNo }).click();
    const drawer = page.locator('.case-drawer');
    await drawer.getByText(`办件 ${acceptedNo}`).waitFor();
    await drawer.getByTestId('drawer-status').getByText('已受理').waitFor();
    await drawer.getByTestId('remaining-days').getByText(/剩余 \d+ 个工作日/).waitFor();
    await drawer.getByTestId('drawer-steps').getByText('受理', { exact: true }).waitFor();
    expect(await drawer.getByText(second).count()).toBe(0); // the ID number stays masked

    // 暂停计时 for 专家评审.
    await drawer.getByRole('button', { name: /暂停计时/ }).click();
    const suspend = page.getByRole('dialog', { name: '暂停计时' });
    await suspend.getByText('专家评审', { exact: true }).click();
    await suspend.getByLabel('说明').fill('组织专家现场核查');
    await suspend.getByRole('button', { name: /暂停\s?计时/ }).click();
    await drawer.getByTestId('drawer-status').getByText('暂停计时').waitFor();
    await drawer.getByText('专家评审：组织专家现场核查').first().waitFor();
    // Behind the drawer the tabs count it: one case stands still, one (the workstation's) still waits.
    await expect.poll(() => page.getByRole('tab', { name: /暂停计时/ }).textContent()).toMatch(/暂停计时\s*1$/);
    await expect.poll(() => page.getByRole('tab', { name: /待审批/ }).textContent()).toMatch(/^待审批\s*1$/);

    // 恢复计时.
    await drawer.getByRole('button', { name: /恢复计时/ }).click();
    await page.locator('.ant-popover').getByRole('button', { name: /恢复\s?计时/ }).click();
    await drawer.getByTestId('drawer-status').getByText('已受理').waitFor();

    // 准予, then 办结送达 by 窗口领取.
    await drawer.getByRole('button', { name: /准予/ }).click();
    await page.locator('.ant-popover').getByRole('button', { name: /准\s?予/ }).click();
    await drawer.getByTestId('drawer-status').getByText('已决定').waitFor();
    await drawer.getByRole('button', { name: /办结送达/ }).click();
    const complete = page.getByRole('dialog', { name: '办结送达' });
    await complete.getByText('窗口领取', { exact: true }).click();
    await complete.getByRole('button', { name: /办\s?结/ }).click();
    await drawer.getByTestId('drawer-status').getByText('已办结').waitFor();
    await drawer.getByTestId('drawer-steps').getByText('办结送达').waitFor();

    const steps = (await drawer.getByTestId('drawer-steps').locator('.ant-timeline-item').allTextContents()).join('\n');
    for (const name of ['申报', '受理', '暂停计时', '恢复计时', '作出决定', '办结送达']) expect(steps).toContain(name);

    // The applicant's progress query.
    const progress = (await (await fetch(`${server.baseUrl}/api/v1/public/cases/${acceptedNo}?idSuffix=${second.slice(-6)}`)).json()) as { status: string; statusLabel: string; steps: { name: string }[] };
    expect(progress.status).toBe('completed');
    expect(progress.statusLabel).toBe('已办结');
    expect(progress.steps.map((s) => s.name)).toEqual(['申报', '受理', '暂停计时', '恢复计时', '作出决定', '办结送达']);

    // Live: a case the window accepts now shows up in 待审批 without a reload; its 容缺 material is 补交 here.
    await page.locator('.case-drawer .ant-drawer-close').click();
    await page.locator('.case-drawer .ant-drawer-mask').waitFor({ state: 'hidden' });
    const item = (await server.api<{ items: { id: string; name: string }[] }>('staff01', 'GET', `/api/v1/items?q=${encodeURIComponent(itemName)}&centerId=${city.id}`)).items.find((i) => i.name === itemName)!;
    const guide = await server.api<{ materials: { id: string; name: string; optionIds: string[] }[]; situations: { id: string; options: { id: string }[] }[] }>('staff01', 'GET', `/api/v1/items/${item.id}`);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const created = await server.api<CaseView>('staff01', 'POST', '/api/v1/cases', {
      itemId: item.id,
      centerId: city.id,
      applicant: { kind: 'person', idNumber: first, name: '王小明', phone: '13800138001' },
      answers: { [guide.situations[0]!.id]: guide.situations[0]!.options[0]!.id },
      channel: 'window',
      materials: guide.materials.filter((m) => !m.optionIds.length).map((m) => (m.name === '从业人员健康证明' ? { materialId: m.id, status: 'deferred', dueDate: today } : { materialId: m.id, status: 'received' })),
    });
    await server.api('staff01', 'POST', `/api/v1/cases/${created.id}/accept`);
    await page.getByRole('row').filter({ hasText: created.caseNo }).click({ timeout: 20_000 });
    await drawer.getByText(`办件 ${created.caseNo}`).waitFor();
    const deferredRow = drawer.getByRole('row').filter({ hasText: '从业人员健康证明' });
    await deferredRow.getByText(today).waitFor();
    await deferredRow.getByRole('checkbox').check();
    await drawer.getByRole('button', { name: /补交所选材料/ }).click();
    await page.locator('.ant-popover').getByRole('button', { name: /登记补交/ }).click();
    await deferredRow.getByText('收取', { exact: true }).waitFor();
    await drawer.getByTestId('drawer-steps').getByText('补交材料', { exact: true }).waitFor();

    expectNoProblems(problems);
    await context.close();
  });
});
