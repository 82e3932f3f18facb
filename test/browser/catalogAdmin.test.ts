import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminPassword, chooseOption, closeDropdown, describeInBrowser, expectNoProblems, logInThroughForm, openPage, type RunningServer, startDemo, stopDemo } from './helpers.ts';

interface Center {
  id: string;
  name: string;
}

interface Summary {
  id: string;
  code: string;
  name: string;
  mode: 'immediate' | 'promised';
  legalDays: number;
  promisedDays: number;
}

interface Guide extends Summary {
  version: number;
  materials: { id: string; name: string; form: string; copies: number }[];
  situations: { id: string }[];
  faqs: { id: string }[];
}

interface Version {
  version: number;
  actorName: string | null;
  changes: string[];
}

interface Bundle {
  id: string;
  name: string;
  items: { id: string; name: string }[];
}

/** Whether the page scrolls sideways: wide tables must scroll inside their card, not the whole screen. */
const pageOverflows = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describeInBrowser('catalogue administration and public disclosure', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: Center;

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
  });

  afterAll(() => stopDemo(server, browser));

  const get = async <T>(path: string) => (await (await fetch(server.baseUrl + path)).json()) as T;

  it('admin searches an item, edits its promised days and adds a material, and the public guide shows the new version', async () => {
    // A 承诺件 whose promised limit can go down by one day and stay above zero.
    const found = await get<{ items: Summary[] }>(`/api/v1/items?q=${encodeURIComponent('食品经营许可')}&centerId=${city.id}&pageSize=50`);
    const target = found.items.find((i) => i.mode === 'promised' && i.promisedDays >= 2)!;
    expect(target).toBeDefined();
    const before = await get<Guide>(`/api/v1/items/${target.id}`);
    const newDays = before.promisedDays - 1;

    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await page.getByRole('menuitem', { name: '事项管理' }).click();
    await page.waitForURL('**/admin/items');
    await page.locator('.ant-table-row').first().waitFor();

    const everything = await page.getByText(/^共 \d+ 条$/).innerText();
    await page.getByLabel('搜索事项').fill(target.name);
    await page.getByLabel('搜索事项').press('Enter');
    const row = page.locator('.ant-table-row').filter({ has: page.getByRole('cell', { name: target.code, exact: true }) });
    await row.waitFor();
    // The list is the search's answer, not the whole catalogue.
    await expect.poll(() => page.getByText(/^共 \d+ 条$/).innerText()).not.toBe(everything);
    expect(await pageOverflows(page)).toBe(false);

    await row.getByRole('button', { name: /编\s*辑/ }).click();
    const drawer = page.getByRole('dialog', { name: /^编辑事项/ });
    await page.getByRole('dialog', { name: `编辑事项：${before.name}` }).waitFor();
    const promised = drawer.getByLabel('承诺办结时限');
    await expect.poll(() => promised.inputValue()).toBe(String(before.promisedDays));

    // A promised limit above the legal one is refused in Chinese before anything is sent.
    if (before.legalDays > 0) {
      await promised.fill(String(before.legalDays + 1));
      await drawer.getByRole('button', { name: /^保\s*存$/ }).click();
      await drawer.getByText('承诺时限不能超过法定时限').waitFor();
    }
    await promised.fill(String(newDays));

    await drawer.getByRole('tab', { name: '申请材料' }).click();
    const materialCards = drawer.getByTestId('material-card');
    expect(await materialCards.count()).toBe(before.materials.length);
    await drawer.getByRole('button', { name: '添加材料' }).click();
    await expect.poll(() => materialCards.count()).toBe(before.materials.length + 1);
    // Saving with the new material's name empty is refused and says why.
    await drawer.getByRole('button', { name: /^保\s*存$/ }).click();
    await drawer.getByText('请输入材料名称').waitFor();
    await materialCards.last().getByLabel('材料名称').fill('测试承诺书');
    await materialCards.last().getByLabel('份数').fill('2');

    // Removing a material asks first; cancelling keeps it.
    await materialCards.last().getByRole('button', { name: /删除材料/ }).click();
    await page.locator('.ant-popconfirm').getByText(`删除材料 ${before.materials.length + 1}？`).waitFor();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /取\s*消/ }).click();
    expect(await materialCards.count()).toBe(before.materials.length + 1);

    await drawer.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText(`已保存，当前为第 ${before.version + 1} 版`).waitFor();
    await drawer.waitFor({ state: 'hidden' });

    const after = await get<Guide>(`/api/v1/items/${target.id}`);
    expect(after.version).toBe(before.version + 1);
    expect(after.promisedDays).toBe(newDays);
    expect(after.materials.map((m) => m.name)).toEqual([...before.materials.map((m) => m.name), '测试承诺书']);
    expect(after.materials.at(-1)).toMatchObject({ copies: 2, form: 'original' });
    // The parts that were there keep their ids (cases and pre-check answers refer to them).
    expect(after.materials.slice(0, -1).map((m) => m.id)).toEqual(before.materials.map((m) => m.id));
    expect(after.situations.map((x) => x.id)).toEqual(before.situations.map((x) => x.id));
    expect(after.faqs.map((x) => x.id)).toEqual(before.faqs.map((x) => x.id));
    // The form carried every other field through unchanged: the version names only the two changes.
    const versions = await get<Version[]>(`/api/v1/items/${target.id}/versions`);
    expect(versions[0]).toMatchObject({ version: before.version + 1, actorName: '系统管理员' });
    expect(versions[0]!.changes.sort()).toEqual([`承诺时限：${before.promisedDays} → ${newDays}`, '新增材料「测试承诺书」'].sort());

    // The admin screen's history shows it too.
    await row.getByRole('button', { name: /历\s*史/ }).click();
    const history = page.getByRole('dialog', { name: `变更记录：${before.name}` });
    await history.getByText(`第 ${before.version + 1} 版`).waitFor();
    await history.getByText('新增材料「测试承诺书」').waitFor();
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });

    // The public guide (opened from the row's link) shows the new version in its history.
    const [guidePage] = await Promise.all([context.waitForEvent('page'), row.getByRole('link', { name: '办事指南' }).click()]);
    await guidePage.waitForURL(`**/items/${target.id}`);
    const card = guidePage.getByTestId('guide-versions');
    await card.getByText(`第 ${before.version + 1} 版`, { exact: true }).waitFor();
    await card.getByText(`承诺时限：${before.promisedDays} → ${newDays}`).waitFor();
    await card.getByText('新增材料「测试承诺书」').waitFor();
    expect(await card.innerText()).toContain('系统管理员');
    await guidePage.getByTestId('guide-materials').getByText('测试承诺书').waitFor();

    expectNoProblems(problems);
    await context.close();
  });

  it('admin creates a bundle by searching for its items', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await page.getByRole('menuitem', { name: /一件事$/ }).click();
    await page.waitForURL('**/admin/bundles');
    await page.locator('.ant-table-row').first().waitFor();

    await page.getByRole('button', { name: '新增一件事' }).click();
    const dialog = page.getByRole('dialog', { name: '新增一件事' });
    await dialog.waitFor();
    await dialog.getByLabel('名称').fill('测试开店一件事');
    // One item is not a bundle.
    const picker = dialog.getByLabel('包含事项');
    await picker.click();
    await picker.fill('食品经营许可');
    await chooseOption(page, '食品经营许可');
    await closeDropdown(dialog);
    await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
    await dialog.getByText('一件事至少包含两个事项').waitFor();
    await picker.fill('个体工商户设立');
    await chooseOption(page, '个体工商户设立');
    await closeDropdown(dialog);
    await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
    // The dialog closes once the server has saved (the 已保存 toast is gone after 3 s, too soon on a busy machine).
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });

    const row = page.locator('.ant-table-row').filter({ hasText: '测试开店一件事' });
    await row.waitFor();
    const bundles = await get<Bundle[]>('/api/v1/bundles');
    const created = bundles.find((b) => b.name === '测试开店一件事')!;
    expect(created.items).toHaveLength(2);
    expect(created.items.some((i) => i.name.includes('食品经营许可'))).toBe(true);
    expect(created.items.some((i) => i.name.includes('个体工商户设立'))).toBe(true);
    for (const item of created.items) await row.getByText(item.name).waitFor();

    // Deleting asks first.
    await row.getByRole('button', { name: /删\s*除/ }).click();
    await page.locator('.ant-popconfirm').getByText('删除一件事「测试开店一件事」？').waitFor();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /^删\s*除$/ }).click();
    await page.getByText('一件事已删除').waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await get<Bundle[]>('/api/v1/bundles')).some((b) => b.name === '测试开店一件事')).toBe(false);

    expectNoProblems(problems);
    await context.close();
  });

  it('admin exports the catalogue as an xlsx and a bad workbook shows every bad row and changes nothing', async () => {
    const { context, page, problems } = await openPage(browser);
    await logInThroughForm(page, server.baseUrl, 'admin', adminPassword);
    await page.waitForURL('**/admin/centers');
    await page.goto(`${server.baseUrl}/admin/items`);
    await page.locator('.ant-table-row').first().waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toBe('事项目录.xlsx');
    const file = await readFile((await download.path())!);
    expect(file.subarray(0, 2).toString()).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('事项')!;
    expect(sheet.rowCount).toBeGreaterThan(10);

    // Break two rows: an unknown center in row 2, a limit that is not a number in row 3.
    const headers = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, index) => headers.set(cell.text, index));
    const firstCode = sheet.getRow(2).getCell(headers.get('事项编码')!).text;
    const firstName = sheet.getRow(2).getCell(headers.get('事项名称')!).text;
    sheet.getRow(2).getCell(headers.get('所属中心')!).value = '不存在的中心';
    sheet.getRow(2).getCell(headers.get('事项名称')!).value = '改坏了的名称';
    sheet.getRow(3).getCell(headers.get('法定时限（工作日）')!).value = '十天';
    const bad = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.locator('input[type=file]').setInputFiles({ name: '有错误的目录.xlsx', mimeType: xlsxType, buffer: bad });
    const result = page.getByRole('dialog', { name: '导入结果' });
    await result.getByText(/导入文件有 \d+ 处错误，未导入任何内容/).waitFor();
    const table = result.getByTestId('import-problems');
    const centerRow = table.locator('tr').filter({ hasText: '第 2 行' }).filter({ hasText: '所属中心' });
    await centerRow.getByText('没有名为「不存在的中心」的中心').waitFor();
    const daysRow = table.locator('tr').filter({ hasText: '第 3 行' }).filter({ hasText: '法定时限（工作日）' });
    await daysRow.waitFor();
    expect(await daysRow.innerText()).toContain('事项');
    await result.getByRole('button', { name: '知道了' }).click();

    // Nothing was imported: the first row's item keeps its name.
    const stored = await get<{ items: Summary[] }>(`/api/v1/items?q=${encodeURIComponent(firstName)}&pageSize=50`);
    expect(stored.items.find((i) => i.code === firstCode)?.name).toBe(firstName);
    expect(stored.items.some((i) => i.name === '改坏了的名称')).toBe(false);

    // A file that is not a workbook at all is refused with the server's message.
    await page.locator('input[type=file]').setInputFiles({ name: '不是表格.xlsx', mimeType: xlsxType, buffer: Buffer.from('hello') });
    await result.getByText('文件不是有效的 Excel（.xlsx）工作簿').waitFor();
    await result.getByRole('button', { name: '知道了' }).click();

    expectNoProblems(problems);
    await context.close();
  });

  it('the public 事项公开 page lists the center’s items with pagination, on a phone and on a wide screen', async () => {
    const { total } = await get<{ total: number }>(`/api/v1/centers/${city.id}/disclosure?pageSize=1`);
    expect(total).toBeGreaterThan(20);

    for (const viewport of [{ width: 390, height: 844 }, { width: 1920, height: 1080 }]) {
      const { context, page, problems } = await openPage(browser, viewport);
      await page.goto(server.baseUrl + '/');
      await page.getByRole('link', { name: /事项公开/ }).click();
      await page.waitForURL('**/disclosure');
      const table = page.getByTestId('disclosure-table');
      const links = table.getByTestId('disclosure-item-link');
      await expect.poll(() => links.count()).toBe(20);
      await table.getByText(`共 ${total} 项`).waitFor();
      expect(await pageOverflows(page)).toBe(false);
      if (viewport.width > 1000) {
        for (const header of ['实施部门', '事项类型', '法定时限', '承诺时限', '收费', '到现场', '网上办理']) await table.getByRole('columnheader', { name: header }).waitFor();
      }
      const firstOnPageOne = await links.first().innerText();

      await table.locator('.ant-pagination-item-2').click();
      await page.waitForURL(/page=2/);
      await expect.poll(() => links.first().innerText()).not.toBe(firstOnPageOne);
      const second = await get<{ items: { name: string }[] }>(`/api/v1/centers/${city.id}/disclosure?page=2&pageSize=20`);
      await expect.poll(() => links.allInnerTexts()).toEqual(second.items.map((i) => i.name));

      await links.first().click();
      await page.waitForURL(/\/items\/[^/?]+$/);
      await page.getByRole('heading', { name: second.items[0]!.name, level: 3 }).waitFor();

      expectNoProblems(problems);
      await context.close();
    }
  });
});
