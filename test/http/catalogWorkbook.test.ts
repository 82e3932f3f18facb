import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxType } from '../../src/server/modules/catalog/workbook.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { call, countRows, expectError } from '../helpers/fixtures.ts';

/** Excel export and import of the whole demo catalogue. */

let t: TestApp;
let exported: Buffer;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  const res = await t.request('GET', '/api/v1/catalog/export', { token: t.adminToken });
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  expect(res.headers['content-type']).toBe(xlsxType);
  exported = res.rawPayload;
}, 300_000); // seeding the demo catalogue takes ~25 s alone, longer beside other suites
afterAll(async () => t?.close());

const load = async (file: Buffer) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook;
};
const save = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());
const upload = (file: Buffer, token = t.adminToken, contentType = xlsxType) => t.request('POST', '/api/v1/catalog/import', { token, body: file, headers: { 'content-type': contentType } });
/** The column number of a header in the first row. */
const column = (sheet: ExcelJS.Worksheet, header: string) => {
  let found = 0;
  sheet.getRow(1).eachCell((cell, i) => {
    if (cell.text === header) found = i;
  });
  expect(found, header).toBeGreaterThan(0);
  return found;
};
const catalogTables = ['items', 'materials', 'situations', 'faqs', 'item_versions', 'item_centers', 'bundles'];
const counts = async () => Object.fromEntries(await Promise.all(catalogTables.map(async (table) => [table, await countRows(t, table)])));

describe('GET /api/v1/catalog/export', () => {
  it('writes the five sheets with Chinese headers, money in 元, 是/否 and ;-separated lists', async () => {
    const workbook = await load(exported);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['事项', '材料', '情形', '问答', '一件事']);
    const items = workbook.getWorksheet('事项')!;
    expect(items.rowCount - 1).toBe(await countRows(t, 'items'));
    const byName = new Map<string, ExcelJS.Row>();
    items.eachRow((row) => byName.set(row.getCell(column(items, '事项名称')).text, row));
    const company = byName.get('企业开办（设立登记）')!;
    expect(company.getCell(column(items, '事项编码')).text).toBe('GD-0001');
    expect(company.getCell(column(items, '所属中心')).text).toBe('示范市民服务中心');
    expect(company.getCell(column(items, '实施部门')).text).toBe('市场监督管理局');
    expect(company.getCell(column(items, '网上办理')).text).toBe('是');
    expect(company.getCell(column(items, '服务对象')).text).toBe('法人');
    expect(company.getCell(column(items, '关键词')).text).toBe('开公司;注册公司;办营业执照;成立公司');
    const paid = [...byName.values()].find((r) => Number(r.getCell(column(items, '收费（元）')).text) > 0);
    if (paid) expect(paid.getCell(column(items, '收费（元）')).text).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(workbook.getWorksheet('一件事')!.rowCount - 1).toBe(await countRows(t, 'bundles'));
  });

  it('is for administrators only', async () => {
    expectError(await t.request('GET', '/api/v1/catalog/export'), 401, 'UNAUTHENTICATED');
    expectError(await t.request('GET', '/api/v1/catalog/export', { token: await t.login('staff01') }), 403, 'FORBIDDEN');
  });
});

describe('POST /api/v1/catalog/import', () => {
  it('reads back an unchanged export as updates only, and applies an edited cell', async () => {
    const items = await countRows(t, 'items');
    const bundles = await countRows(t, 'bundles');
    expect(await call(t, 'POST', '/api/v1/catalog/import', 200, { token: t.adminToken, body: exported, headers: { 'content-type': xlsxType } } as never)).toEqual({ created: 0, updated: items });
    expect(await countRows(t, 'items')).toBe(items);
    expect(await countRows(t, 'bundles')).toBe(bundles);

    const workbook = await load(exported);
    const sheet = workbook.getWorksheet('事项')!;
    sheet.getRow(2).getCell(column(sheet, '咨询电话')).value = '0769-12345678';
    sheet.getRow(2).getCell(column(sheet, '收费（元）')).value = 12.5;
    const code = sheet.getRow(2).getCell(column(sheet, '事项编码')).text;
    const res = await upload(await save(workbook));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.json()).toEqual({ created: 0, updated: items });
    const { items: found } = await call(t, 'GET', `/api/v1/items?q=${encodeURIComponent(code)}&pageSize=100`, 200);
    const edited = await call(t, 'GET', `/api/v1/items/${found.find((i: { code: string }) => i.code === code).id}`, 200);
    expect(edited).toMatchObject({ consultPhone: '0769-12345678', feeFen: 1250 });
  }, 300_000); // two imports of the whole catalogue

  it('creates the items of new codes', async () => {
    const workbook = await load(exported);
    const sheet = workbook.getWorksheet('事项')!;
    const row = sheet.getRow(2);
    sheet.addRow((row.values as ExcelJS.CellValue[]).slice(1));
    const last = sheet.getRow(sheet.rowCount);
    last.getCell(column(sheet, '事项编码')).value = 'NEW-0001';
    last.getCell(column(sheet, '事项名称')).value = '导入新增的事项';
    const res = await upload(await save(workbook));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.json().created).toBe(1);
    expect((await call(t, 'GET', `/api/v1/items?q=${encodeURIComponent('导入新增的事项')}&pageSize=1`, 200)).items[0].code).toBe('NEW-0001');
  }, 180_000);

  it('lists every bad row and column of a bad file in Chinese, and changes nothing', async () => {
    const workbook = await load(exported);
    const items = workbook.getWorksheet('事项')!;
    items.getRow(3).getCell(column(items, '法定时限（工作日）')).value = '十天';
    items.getRow(5).getCell(column(items, '网上办理')).value = '可以';
    items.getRow(7).getCell(column(items, '所属中心')).value = '不存在的中心';
    items.getRow(9).getCell(column(items, '事项名称')).value = '';
    const materials = workbook.getWorksheet('材料')!;
    materials.getRow(4).getCell(column(materials, '事项编码')).value = 'NO-SUCH-CODE';
    const bundles = workbook.getWorksheet('一件事')!;
    bundles.getRow(2).getCell(column(bundles, '事项编码')).value = 'GD-0001;NOPE';
    const before = await counts();
    const error = expectError(await upload(await save(workbook)), 400, 'IMPORT_INVALID');
    expect(error.details).toEqual(
      expect.arrayContaining([
        { sheet: '事项', row: 3, column: '法定时限（工作日）', message: '应为非负整数' },
        { sheet: '事项', row: 5, column: '网上办理', message: '应填「是」或「否」' },
        { sheet: '事项', row: 7, column: '所属中心', message: '没有名为「不存在的中心」的中心' },
        { sheet: '事项', row: 9, column: '事项名称', message: '不能为空' },
        { sheet: '材料', row: 4, column: '事项编码', message: '「事项」表中没有编码为「NO-SUCH-CODE」的事项' },
        { sheet: '一件事', row: 2, column: '事项编码', message: '没有编码为「NOPE」的事项' },
      ]),
    );
    expect(error.message).toContain('未导入任何内容');
    expect(await counts()).toEqual(before);
  });

  it('reports an item that breaks the catalogue rules, by row', async () => {
    const workbook = await load(exported);
    const items = workbook.getWorksheet('事项')!;
    items.getRow(2).getCell(column(items, '承诺时限（工作日）')).value = 999;
    const before = await counts();
    const error = expectError(await upload(await save(workbook)), 400, 'IMPORT_INVALID');
    expect(error.details).toEqual([{ sheet: '事项', row: 2, column: '事项名称', message: expect.stringContaining('承诺时限不能超过法定时限') }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a body that is not an Excel workbook', async () => {
    const before = await counts();
    expectError(await upload(Buffer.from('not a workbook')), 400, 'IMPORT_INVALID');
    expectError(await t.request('POST', '/api/v1/catalog/import', { token: t.adminToken, body: { items: [] } }), 400, 'IMPORT_INVALID');
    expect(await counts()).toEqual(before);
  });

  it('is for administrators only', async () => {
    expectError(await upload(exported, ''), 401, 'UNAUTHENTICATED');
    expectError(await upload(exported, await t.login('staff01')), 403, 'FORBIDDEN');
  });
});
