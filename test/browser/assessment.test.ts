import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminPassword, chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, startDemo, stopDemo, submitDialog, type RunningServer, type TestPage } from './helpers.ts';

const roundName = '浏览器测试考评批次';
const nextYear = new Date().getFullYear() + 1;

describeInBrowser('标杆大厅考评: the admin sets up a round, the center self-assesses, the inspector records a finding, the round is published and ranked', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };
  let admin: TestPage;
  let manager: TestPage;
  let inspector: TestPage;
  let roundId: string;

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
    [admin, manager, inspector] = [await openPage(browser), await openPage(browser), await openPage(browser)];
    await logInThroughForm(admin.page, server.baseUrl, 'admin', adminPassword);
    await logInThroughForm(manager.page, server.baseUrl, 'manager', demoPassword);
    await logInThroughForm(inspector.page, server.baseUrl, 'inspector', demoPassword);
  });

  afterAll(() => stopDemo(server, browser));

  const dialog = (page: Page) => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') }).last();
  const confirm = (page: Page) => page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*认/ }).click();
  const openRound = async (page: Page) => {
    await page.goto(`${server.baseUrl}/assessment?round=${roundId}`);
    await page.getByRole('heading', { name: roundName }).waitFor();
  };

  it('the admin creates a round and its criteria, one filled in from statistics, and opens self-assessment', async () => {
    const { page, problems } = admin;
    await page.getByRole('menuitem', { name: /标杆大厅考评/ }).click();
    await page.getByRole('heading', { name: '标杆大厅考评' }).waitFor();
    await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '新建考评批次' }).click();
    const create = dialog(page);
    await create.getByLabel('批次名称').fill(roundName);
    await create.getByLabel('自评截止').fill(`${nextYear}-06-30`);
    await submitDialog(create, /创\s*建/);
    await page.getByRole('heading', { name: roundName }).waitFor();
    roundId = new URL(page.url()).searchParams.get('round')!;
    expect(roundId).toBeTruthy();

    for (const criterion of [
      { dimension: '管理完善度', title: '制度建设与落实', points: '10' },
      { dimension: '服务成熟度', title: '等候时长', points: '10', indicator: '平均等候时长' },
    ]) {
      await page.getByRole('button', { name: '添加指标' }).click();
      const add = dialog(page);
      await add.getByLabel('维度').click();
      await chooseOption(page, criterion.dimension);
      await add.getByLabel('指标', { exact: true }).fill(criterion.title);
      await add.getByLabel('分值').fill(criterion.points);
      if (criterion.indicator) {
        await add.getByLabel('自动指标').click();
        await chooseOption(page, criterion.indicator);
      }
      await submitDialog(add, /添\s*加/);
      await page.getByRole('cell', { name: criterion.title, exact: true }).waitFor();
    }
    await expect.poll(() => page.getByText('考评指标（满分 20 分）').count()).toBe(1);
    await page.getByRole('button', { name: '开始自评' }).click();
    await confirm(page);
    await page.locator('.ant-steps-item-process').filter({ hasText: '中心自评' }).waitFor();
    expectNoProblems(problems);
  });

  it('the city center’s manager scores the manual criterion with evidence', async () => {
    const { page, problems } = manager;
    await openRound(page);
    await page.getByText('排名在考评结果发布后可见。').waitFor();
    await page.getByRole('button', { name: city.name }).click();
    const card = page.getByTestId('assessment-scorecard');
    await card.waitFor();
    await card.locator('.ant-table-row').filter({ hasText: '制度建设与落实' }).getByRole('button', { name: /自\s*评/ }).click();
    const form = dialog(page);
    await form.getByLabel(/自评分/).fill('9');
    await form.getByLabel('佐证说明').fill('制定首问负责、一次性告知等制度 14 项');
    await form.getByLabel('佐证材料').fill('制度汇编.pdf');
    await submitDialog(form, '保存自评');
    await expect.poll(() => card.locator('.ant-table-row').filter({ hasText: '制度建设与落实' }).innerText()).toContain('自评 9 分：制定首问负责');
    expect(await card.locator('.ant-table-row').filter({ hasText: '制度建设与落实' }).innerText()).toContain('制度汇编.pdf');
    expectNoProblems(problems);
  });

  it('the admin moves the round to inspection: the automatic indicator shows its source', async () => {
    const { page, problems } = admin;
    await page.getByRole('button', { name: '进入实地核查' }).click();
    await confirm(page);
    await page.locator('.ant-steps-item-process').filter({ hasText: '实地核查' }).waitFor();
    await page.getByTestId('assessment-ranking').getByText(city.name, { exact: true }).click();
    const line = page.getByTestId('assessment-scorecard').getByRole('row').filter({ hasText: '等候时长' });
    await expect.poll(() => line.innerText()).toContain('来源：统计：取号到叫号的平均等候');
    expectNoProblems(problems);
  });

  it('the inspector records a finding with a score and a deadline in working days', async () => {
    const { page, problems } = inspector;
    await openRound(page);
    await page.getByTestId('assessment-ranking').getByText(city.name, { exact: true }).click();
    const card = page.getByTestId('assessment-scorecard');
    await card.locator('.ant-table-row').filter({ hasText: '制度建设与落实' }).getByRole('button', { name: '记录问题' }).click();
    const form = dialog(page);
    await form.getByLabel('问题描述').fill('首问负责制台账缺 2 个月记录');
    await form.getByLabel('核查评分').fill('7');
    await form.getByLabel('整改期限（工作日）').fill('5');
    await submitDialog(form, /记\s*录/);
    const finding = card.getByTestId('assessment-finding').filter({ hasText: '首问负责制台账缺 2 个月记录' });
    await expect.poll(() => finding.innerText()).toMatch(/整改期限\s*\d{4}-\d{2}-\d{2}（5 个工作日）/);
    expect(await finding.innerText()).toContain('待整改');
    await expect.poll(() => card.locator('.ant-table-row').filter({ hasText: '制度建设与落实' }).innerText()).toMatch(/7\s*核查评分/);
    expectNoProblems(problems);
  });

  it('published, the ranking with its dimension subtotals is shown to the center', async () => {
    await admin.page.getByRole('button', { name: '发布结果' }).click();
    await confirm(admin.page);
    await admin.page.locator('.ant-steps-item-finish, .ant-steps-item-process').filter({ hasText: '结果发布' }).waitFor();

    const { page, problems } = manager;
    await openRound(page);
    const ranking = page.getByTestId('assessment-ranking');
    await ranking.getByText('考评结果与排名').waitFor();
    const row = ranking.getByRole('row').filter({ hasText: city.name });
    // The inspector's 7 over the self-score of 9, and the wait's automatic points from the demo's served visits.
    await expect.poll(() => row.innerText()).toMatch(/^1\s+示范市民服务中心\s+7\s+0\s+[\d.]+\s+0\s+[\d.]+ \/ 20/);
    expect(await ranking.getByRole('columnheader').allInnerTexts()).toEqual(expect.arrayContaining(['管理完善度', '建设规范度', '服务成熟度', '应用创新度', '总分']));
    expectNoProblems(problems);
  });
});
