import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../src/server/platform/identity.ts';
import { demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, type RunningServer, startDemo, stopDemo, submitDialog } from './helpers.ts';

interface Center {
  id: string;
  name: string;
}

type Json = any;

const owner = { creditCode: (() => { const first17 = '91441900MA54HT7R2'; return first17 + creditCodeCheckChar(first17)!; })(), name: '示范新材料有限公司' };
const projectCode = '2026-441900-30-01-045678';

describeInBrowser('一本总账: a project through two stages with an agent', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: Center;
  /** The owner's 企业投资项目备案, taken in at the window and completed by the back office. */
  let filingNo = '';

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo<Center>());
    const found = await server.api<{ items: { id: string; code: string }[] }>('admin', 'GET', `/api/v1/items?q=${encodeURIComponent('企业投资项目备案')}&centerId=${city.id}&pageSize=50`);
    const itemId = found.items.find((i) => i.code === 'GD-0117')!.id;
    const guide = await server.api<Json>('admin', 'GET', `/api/v1/items/${itemId}`);
    const self = guide.situations[0].options.find((o: Json) => o.label === '本人办理');
    const materials = guide.materials.filter((m: Json) => !m.optionIds?.length).map((m: Json) => ({ materialId: m.id, status: 'received' }));
    const filing = await server.api<Json>('staff01', 'POST', '/api/v1/cases', { itemId, centerId: city.id, applicant: { kind: 'company', creditCode: owner.creditCode, name: owner.name, contact: '高经理', phone: '13622221234' }, situationId: self.id, channel: 'window', materials });
    for (const [action, body] of [['accept'], ['decide', { approved: true }], ['complete', { delivery: 'window' }]] as const) await server.api('admin', 'POST', `/api/v1/cases/${filing.id}/${action}`, body);
    filingNo = filing.caseNo;
  });

  afterAll(() => stopDemo(server, browser));

  it('the agent registers the project, moves it to 立项, links the completed 备案 case, and moves it on to 用地 with a confirmation', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'agent', demoPassword);
    await page.getByRole('menuitem', { name: /一本总账/ }).click();
    await page.waitForURL('**/projects');
    // The demo ledger: its figures and the 冷链 project held up past the 施工许可 norm.
    await page.getByLabel('总账数字').getByText('在账项目').waitFor();
    await expect.poll(() => page.getByRole('row', { name: /示范冷链物流中心（有卡点）/ }).count()).toBe(1);
    await page.getByRole('row', { name: /示范冷链物流中心/ }).getByText(/施工许可阶段已用 \d+ 个工作日，超过标准 10 个工作日/).waitFor();

    await page.getByRole('button', { name: /登记项目/ }).click();
    const register = page.getByRole('dialog', { name: '登记项目' });
    await register.getByLabel('投资项目代码').fill('2026-441900-30-01-45678');
    await register.getByLabel('项目名称').fill('示范新材料生产基地');
    await register.getByRole('button', { name: /保\s*存/ }).click();
    await register.getByText('格式应如 2026-441900-48-01-012345').waitFor();
    await register.getByLabel('投资项目代码').fill(projectCode);
    await register.getByLabel('业主单位').fill(owner.name);
    await register.getByLabel('业主统一社会信用代码').fill(owner.creditCode);
    await register.getByLabel('建设地点').fill('示范市东城区新材料产业园 3 号地块');
    await submitDialog(register);
    await page.waitForURL(/\/projects\/[^/]+$/);
    await page.getByRole('heading', { name: '示范新材料生产基地' }).waitFor();
    await page.getByText('本阶段没有必办的审批事项').first().waitFor();

    // 招商引资 → 立项: nothing required, a plain confirmation.
    await page.getByRole('button', { name: /进入立项阶段/ }).click();
    const toApproval = page.getByRole('dialog', { name: '确认进入立项阶段' });
    await toApproval.getByText('阶段不可回退').waitFor();
    await submitDialog(toApproval, /确认进入/);
    const waiting = page.getByLabel('待办事项');
    await waiting.getByText('下一步要办（立项）').waitFor();
    await waiting.getByText('企业投资项目备案（GD-0117）').waitFor();

    // A case number that is not the owner's is refused with the reason, in the dialog.
    await page.getByRole('button', { name: /关联办件/ }).click();
    const link = page.getByRole('dialog', { name: '关联办件' });
    await link.getByLabel('办件编号').fill('20990101-0001');
    await link.getByRole('button', { name: /关\s*联/ }).click();
    await link.getByText(/项目业主名下没有编号为 20990101-0001 的办件/).waitFor();
    await link.getByLabel('办件编号').fill(filingNo);
    await submitDialog(link, /关\s*联/);
    const approval = page.getByLabel('立项阶段');
    await approval.getByRole('row', { name: new RegExp(filingNo) }).getByText('已办结').waitFor();
    await waiting.getByText('本阶段必办事项已全部办结').waitFor();

    // 立项 → 用地: the items are done, so no reason is asked for.
    await page.getByRole('button', { name: /进入用地阶段/ }).click();
    const toLand = page.getByRole('dialog', { name: '确认进入用地阶段' });
    expect(await toLand.getByLabel('仍要进入下一阶段的原因').count()).toBe(0);
    await submitDialog(toLand, /确认进入/);
    await waiting.getByText('下一步要办（用地）').waitFor();
    await waiting.getByText('建设项目用地预审与选址意见书核发（GD-0103）').waitFor();
    await waiting.getByText('建设用地规划许可证核发（GD-0101）').waitFor();

    const detail = await server.api<Json>('agent', 'GET', `/api/v1/projects?q=${projectCode}`);
    expect(detail.items[0]).toMatchObject({ stage: 'land', linkedCases: 1, bottlenecks: [] });
    const history = (await server.api<Json>('agent', 'GET', `/api/v1/projects/${detail.items[0].id}`)).history;
    expect(history.map((h: Json) => [h.stageLabel, h.enteredBy])).toEqual([['招商引资', '赵敏'], ['立项', '赵敏'], ['用地', '赵敏']]);
    expectNoProblems(problems);
    await context.close();
  });

  it('window staff see the project in 用地 in the ledger, filtered by stage', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'staff01', demoPassword);
    await page.waitForURL('**/window');
    await page.goto(`${server.baseUrl}/projects`);
    await page.getByLabel('按阶段筛选').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: /^用地$/ }).click();
    await page.getByRole('row', { name: /示范新材料生产基地/ }).getByText('用地').waitFor();
    await expect.poll(() => page.getByRole('row', { name: /示范冷链物流中心/ }).count()).toBe(0);
    expectNoProblems(problems);
    await context.close();
  });

  it('at the 暖企 desk, staff match a company to its policies and start a 政务定制 address change as one bundle', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'staff01', demoPassword);
    await page.waitForURL('**/window');
    await page.getByRole('menuitem', { name: /暖企政策/ }).click();
    await page.waitForURL('**/policies');
    await page.getByLabel('统一社会信用代码').fill(owner.creditCode);
    await page.getByLabel('企业名称').fill(owner.name);
    await page.getByLabel('所属行业').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: /^制造业$/ }).click();
    await page.getByLabel('从业人数').fill('80');
    await page.getByLabel('上年营业收入（万元）').fill('3000');
    await page.getByLabel('成立日期').fill('2020-06-15');
    await page.getByLabel('成立日期').press('Enter');
    await page.getByRole('button', { name: '匹配政策' }).click();
    const eligible = page.getByLabel('可申领的政策');
    await eligible.getByText('中小企业稳岗补贴', { exact: true }).waitFor();
    await eligible.getByText('企业吸纳就业社保补贴', { exact: true }).waitFor();
    await page.getByLabel('差一点符合的政策').getByText('还差：限成立不满 5 年的企业（已成立 6 年）').waitFor();
    expect(await eligible.getByText('一次性创业资助', { exact: true }).count()).toBe(0);

    await page.getByRole('menuitem', { name: /政务定制/ }).click();
    await page.waitForURL('**/custom-bundles');
    // The policy page, with a field of the same label, stays until the bundle page's code has loaded.
    await page.getByText('企业与计划变更').waitFor();
    await page.getByLabel('统一社会信用代码').fill(owner.creditCode);
    await page.getByLabel('企业名称').fill(owner.name);
    await page.getByLabel('经办人').fill('高经理');
    await page.getByLabel('手机号').fill('13622221234');
    await page.getByLabel('已持有的证照').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: /^食品经营许可证$/ }).click();
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '列出一并办理的事项' }).click();
    const set = page.getByLabel('一并办理的事项');
    await set.getByText('有限责任公司变更登记').waitFor();
    await set.getByText('食品经营许可（变更）').waitFor();
    await expect.poll(() => set.getByRole('button', { name: '一并发起' }).isDisabled()).toBe(true);
    await set.getByText('已核验并收齐以上各事项所需材料').click();
    await set.getByRole('button', { name: '一并发起' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '一并发起' }).click();
    await page.getByText(`已为${owner.name}一并发起 2 个事项`).waitFor();
    const figures = await server.api<Json>('manager', 'GET', `/api/v1/projects/figures?centerId=${city.id}`);
    expect(figures.customBundles).toBe(1);
    expectNoProblems(problems);
    await context.close();
  });
});
