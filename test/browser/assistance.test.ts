import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../src/server/platform/identity.ts';
import { fetchCall, signInCitizen } from '../helpers/citizens.ts';
import { chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, startDemo, stopDemo, submitDialog, type RunningServer, type TestPage } from './helpers.ts';

const phoneSize = { width: 390, height: 844 };
const companyName = '示范光电材料有限公司';
const projectCode = '2026-441900-39-01-000777';

describeInBrowser('帮办代办: a company asks on the portal, the manager assigns, the agent plans, serves and submits with authorisation, the company rates', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };
  let company: TestPage;
  let manager: TestPage;
  let agent: TestPage;

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
    const token = await signInCitizen(fetchCall(server.baseUrl), server.app.ctx.db, { phone: '13912347777' });
    company = await openPage(browser, phoneSize);
    await company.page.goto(server.baseUrl);
    await company.page.evaluate(`localStorage.setItem('onedoor.citizenToken', ${JSON.stringify(token)})`);
    manager = await openPage(browser);
    agent = await openPage(browser);
  });

  afterAll(() => stopDemo(server, browser));

  /** The company's request, opened on /my/assistance. */
  async function openMine(page: Page) {
    await page.goto(`${server.baseUrl}/my/assistance`);
    await page.getByTestId('my-assistance-request').filter({ hasText: companyName }).click();
    return page.getByTestId('assistance-detail');
  }

  /** The agent's request, opened on the workbench. */
  async function openAtWorkbench(page: Page) {
    await page.goto(`${server.baseUrl}/agent`);
    await page.getByTestId('agent-request').filter({ hasText: companyName }).click();
    return page.getByTestId('assistance-detail');
  }

  it('the company asks for help for its project on the portal', async () => {
    const { page } = company;
    await page.goto(`${server.baseUrl}/my`);
    await page.getByRole('link', { name: /帮办代办/ }).click();
    await page.waitForURL('**/my/assistance');
    await page.getByRole('button', { name: '申请帮办代办' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('向哪个政务服务中心申请').click();
    await page.locator('.ant-select-tree-title').filter({ hasText: `${city.name}（` }).first().click();
    await dialog.getByLabel('企业名称').fill(companyName);
    const first17 = '91441900MA5GD0777';
    await dialog.getByLabel('统一社会信用代码').fill(first17 + creditCodeCheckChar(first17));
    await dialog.getByLabel('联系人').fill('林小红');
    await dialog.getByLabel('联系电话').fill('13912347777');
    await dialog.getByLabel('投资项目代码（选填）').fill(projectCode);
    await dialog.getByLabel('需要帮办的事项').fill('新建光电材料生产基地，需要施工许可全程帮办');
    await submitDialog(dialog, /提交申请/);
    const detail = page.getByTestId('assistance-detail');
    await expect.poll(() => detail.getByTestId('assistance-status').textContent()).toBe('待分派');
    expect(await detail.textContent()).toContain('139****7777');
  });

  it('the manager assigns it to the suggested city agent (the least loaded)', async () => {
    const { page } = manager;
    await logInThroughForm(page, server.baseUrl, 'manager', demoPassword);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${server.baseUrl}/manage/assistance`);
    const row = page.getByRole('row').filter({ hasText: companyName });
    await row.getByRole('button', { name: /分\s*派/ }).click();
    const dialog = page.getByRole('dialog');
    // 孙立伟 has nothing open in the demo; 赵敏 already serves a company.
    await expect.poll(() => dialog.locator('.ant-select-content, .ant-select-selection-item').first().textContent()).toContain('孙立伟');
    await submitDialog(dialog, /分\s*派/);
    await expect.poll(() => row.textContent()).toContain('已分派');
  });

  it('the agent accepts, plans, records a consultation, and cannot submit on the company’s behalf without its authorisation', async () => {
    const { page } = agent;
    await logInThroughForm(page, server.baseUrl, 'agent01', demoPassword);
    await page.waitForURL('**/agent');
    const detail = await openAtWorkbench(page);
    await page.getByRole('button', { name: '接受分派' }).click();
    await expect.poll(() => detail.getByTestId('assistance-status').textContent()).toBe('服务中');
    expect(await page.getByTestId('authorisation-banner').textContent()).toContain('企业尚未授权');

    await page.getByRole('button', { name: '添加计划步骤' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('做什么').fill('梳理施工许可申请材料');
    await submitDialog(dialog);
    await detail.getByTestId('plan-step').filter({ hasText: '梳理施工许可申请材料' }).waitFor();

    await page.getByRole('button', { name: '记录服务' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('用时（分钟）').fill('45');
    await dialog.getByLabel('服务内容').fill('讲解施工许可办理流程和材料');
    await submitDialog(dialog);
    await expect.poll(() => detail.textContent()).toContain('共 1 次，45 分钟');

    await page.getByRole('button', { name: '记录服务' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('服务方式').click();
    await chooseOption(page, '代为申报');
    await dialog.getByLabel('服务内容').fill('代为提交施工许可申请');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.textContent()).toContain('代为申报须先取得企业的授权委托');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('the company sees its agent and plan, and grants the authorisation after confirming', async () => {
    const { page } = company;
    const detail = await openMine(page);
    await expect.poll(() => detail.getByTestId('assistance-agent').textContent()).toBe('孙立伟');
    expect(await detail.getByTestId('plan-step').textContent()).toContain('梳理施工许可申请材料');
    await page.getByRole('button', { name: '授权专员代为申报' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('授权范围').fill('建筑工程施工许可证核发的申报');
    await dialog.getByRole('button', { name: /确认授权/ }).click();
    // Not without ticking the confirmation.
    await expect.poll(() => dialog.textContent()).toContain('请确认授权');
    await dialog.getByRole('checkbox').check();
    await submitDialog(dialog, /确认授权/);
    await expect.poll(() => detail.getByTestId('authorisation').textContent()).toContain('有效');
  });

  it('the agent now submits on the company’s behalf and completes the request', async () => {
    const { page } = agent;
    const detail = await openAtWorkbench(page);
    await expect.poll(() => page.getByTestId('authorisation-banner').textContent()).toContain('已获企业授权代为申报');
    await page.getByRole('button', { name: '记录服务' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('服务方式').click();
    await chooseOption(page, '代为申报');
    await dialog.getByLabel('用时（分钟）').fill('60');
    await dialog.getByLabel('服务内容').fill('代为提交施工许可申请');
    await submitDialog(dialog);
    await expect.poll(() => detail.textContent()).toContain('共 2 次，1 小时 45 分');
    await page.getByRole('button', { name: /^办\s*结$/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /办\s*结/ }).click();
    await expect.poll(() => detail.getByTestId('assistance-status').textContent()).toBe('已办结');
  });

  it('the company rates the service once; the figures count it', async () => {
    const { page } = company;
    const detail = await openMine(page);
    await page.getByRole('button', { name: '评价服务' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('意见（选填）').fill('随叫随应，专业高效');
    await submitDialog(dialog, /提交评价/);
    await expect.poll(() => detail.textContent()).toContain('随叫随应，专业高效');
    expect(await page.getByRole('button', { name: '评价服务' }).count()).toBe(0);

    const figures = await server.api<{ byAgent: { name: string; services: number; minutes: number; averageRating: number | null }[] }>('manager', 'GET', `/api/v1/assistance/figures?centerId=${city.id}`);
    // 孙立伟's demo request (three services, 285 minutes, never rated) and this one (two, 105 minutes, rated 5).
    expect(figures.byAgent.find((a) => a.name === '孙立伟')).toMatchObject({ services: 5, minutes: 390, averageRating: 5 });
    const projects = await server.api<{ items: { projectCode: string | null; status: string; rating: { score: number } | null }[] }>('manager', 'GET', `/api/v1/assistance/requests?centerId=${city.id}&status=completed`);
    expect(projects.items.find((r) => r.projectCode === projectCode)).toMatchObject({ status: 'completed', rating: { score: 5 } });

    await manager.page.goto(`${server.baseUrl}/manage/assistance`);
    await manager.page.getByRole('tab', { name: '服务数据' }).click();
    await expect.poll(() => manager.page.getByTestId('assistance-figures').textContent()).toContain('服务企业');

    for (const opened of [company, manager, agent]) expectNoProblems(opened.problems);
  });
});
