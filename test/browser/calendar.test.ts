import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminPassword, chooseOption, describeInBrowser, expectNoProblems, launchBrowser, logInThroughForm, openPage, type RunningServer, startServer, stopDemo } from './helpers.ts';

interface Coverage {
  nextYear: number;
  nextYearCovered: boolean;
  warning: string | null;
}

const pageOverflows = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

describeInBrowser('节假日 calendar screen', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(() => stopDemo(server, browser));

  const addDay = async (from: string, days: number) => ((await (await fetch(`${server.baseUrl}/api/v1/calendar/working-days/add?from=${from}&days=${days}`)).json()) as { date: string }).date;

  it('shows the 2025 schedule, warns about a missing next year, and an admin adds, edits and deletes a day', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await page.getByRole('menuitem', { name: '节假日' }).click();
    await page.waitForURL('**/admin/calendar');

    // The coverage warning is shown exactly when the server says next year has no schedule.
    const { coverage } = await server.api<{ coverage: Coverage }>('admin', 'GET', '/api/v1/calendar/days?year=2025');
    if (coverage.warning) {
      await page.getByTestId('coverage-warning').waitFor();
      expect(await page.getByTestId('coverage-warning').textContent()).toContain(`${coverage.nextYear} 年`);
    } else {
      expect(await page.getByTestId('coverage-warning').count()).toBe(0);
    }

    // 2025: the National Day week in the grid and the list, the Sunday worked before it.
    await page.getByRole('combobox', { name: '年份' }).click();
    await chooseOption(page, '2025 年');
    await page.getByRole('cell', { name: '2025-10-08' }).waitFor();
    expect(await page.locator('[data-date="2025-10-01"]').getAttribute('aria-label')).toBe('2025-10-01 国庆节放假');
    expect(await page.locator('[data-date="2025-09-28"]').getAttribute('aria-label')).toBe('2025-09-28 国庆节调休上班');
    expect(await page.locator('[data-date="2025-09-29"]').getAttribute('aria-label')).toBe('2025-09-29 工作日');
    expect(await pageOverflows(page)).toBe(false);

    // 2027: not in the package. Click 10-01 (a Friday) in the grid and make it a holiday.
    expect(await addDay('2027-09-30', 1)).toBe('2027-10-01');
    await page.getByRole('combobox', { name: '年份' }).click();
    await chooseOption(page, '2027 年');
    await page.locator('[data-date="2027-10-01"]').click();
    const dialog = page.getByRole('dialog', { name: '新增节假日安排' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('日期').inputValue()).toBe('2027-10-01');
    await dialog.getByLabel('名称').fill('国庆节');
    await dialog.getByLabel('名称').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: '2027-10-01' });
    await row.waitFor();
    expect(await row.textContent()).toContain('管理员录入');
    expect(await addDay('2027-09-30', 1)).toBe('2027-10-04');

    // A 调休 Saturday added from the button; a weekday refused with the server's message.
    await page.getByRole('button', { name: '新增' }).click();
    const add = page.getByRole('dialog', { name: '新增节假日安排' });
    await add.waitFor();
    await add.getByLabel('日期').fill('2027-10-08');
    await add.getByText('调休上班', { exact: true }).click();
    await add.getByLabel('名称').fill('国庆节');
    await add.getByLabel('名称').press('Enter');
    await add.getByText('调休上班只能设在周六或周日', { exact: false }).first().waitFor();
    await add.getByLabel('日期').fill('2027-10-09');
    await add.getByLabel('名称').press('Enter');
    await add.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: '2027-10-09' }).waitFor();
    expect(await page.locator('[data-date="2027-10-09"]').getAttribute('aria-label')).toBe('2027-10-09 国庆节调休上班');

    // Edit: rename the holiday.
    await row.getByRole('button', { name: '修改' }).click();
    const edit = page.getByRole('dialog', { name: '修改 2027-10-01 的安排' });
    await edit.waitFor();
    await edit.getByLabel('名称').fill('国庆节（本地）');
    await edit.getByLabel('名称').press('Enter');
    await edit.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: '国庆节（本地）' }).waitFor();

    // Delete with confirmation: the day is a working day again.
    await row.getByRole('button', { name: '删除' }).click();
    // antd spaces out a two-character button label: 删 除
    await page.getByRole('tooltip').getByRole('button', { name: /删\s*除/ }).click();
    await row.waitFor({ state: 'detached' });
    expect(await addDay('2027-09-30', 1)).toBe('2027-10-01');

    const audit = await server.api<{ items: { action: string }[] }>('admin', 'GET', '/api/v1/audit?entityId=2027-10-01');
    expect(audit.items.map((a) => a.action)).toEqual(['calendar.remove', 'calendar.set', 'calendar.set']);

    expectNoProblems(problems);
    await context.close();
  });
});
