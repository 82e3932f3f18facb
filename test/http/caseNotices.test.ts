import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { buildOrg, call, create, expectError, type Org } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { holdLicence } from '../helpers/elicenses.ts';

/** GET /api/v1/cases/{id}/notice.pdf: the notice of the latest step, as a PDF whose Chinese text can be read back. */

let t: TestApp;
let o: Org;
let item: { id: string; materials: { id: string; name: string }[] };
const idNumber = (() => {
  const first17 = '11010519491231002';
  return first17 + idNumberCheckChar(first17);
})();
const applicant = { kind: 'person', idNumber, name: '王小明', phone: '13900139000' };

beforeAll(async () => {
  t = await createTestApp();
  o = await buildOrg(t);
  item = await create(t, '/api/v1/items', {
    code: 'NOTICE-1',
    name: '食品经营许可',
    departmentId: o.police.id,
    type: '行政许可',
    legalDays: 20,
    promisedDays: 5,
    materials: [{ name: '食品经营许可申请书' }, { name: '营业执照', elicense: true }, { name: '场所平面布局图', deferrable: true }],
  });
  await holdLicence(t, { kind: 'person', idNumber }, '营业执照', applicant.name);
});
afterAll(async () => t?.close());

const staff = () => o.accounts.staff.token;
const material = (name: string) => item.materials.find((m) => m.name === name)!.id;

async function newCase(materials: { name: string; status: string }[]) {
  return call(t, 'POST', '/api/v1/cases', 201, {
    token: staff(),
    body: { itemId: item.id, applicant, channel: 'window', materials: materials.map((m) => ({ materialId: material(m.name), status: m.status })) },
  });
}

/** The PDF's text, page by page joined; pdf.js reads it through the embedded font's ToUnicode map. */
async function pdfText(body: Buffer): Promise<{ text: string; pages: number; hasEmbeddedFont: boolean }> {
  const doc = await getDocument({ data: new Uint8Array(body), useSystemFonts: false, disableFontFace: true, isEvalSupported: false }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join('');
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { text: text.replace(/\s+/g, ''), pages, hasEmbeddedFont: body.includes('/FontFile2') || body.includes('/FontFile3') };
}

async function notice(caseId: string, token = staff()) {
  const res = await t.request('GET', `/api/v1/cases/${caseId}/notice.pdf`, { token });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  const read = await pdfText(res.rawPayload);
  expect(read.hasEmbeddedFont).toBe(true);
  return { ...read, disposition: String(res.headers['content-disposition']) };
}

describe('case notices', () => {
  it('一次性告知书 lists every missing material at once, with the case number and the issuing center', async () => {
    const created = await newCase([{ name: '食品经营许可申请书', status: 'received' }]);
    await call(t, 'POST', `/api/v1/cases/${created.id}/supplement-notice`, 200, { token: staff() });
    const { text, disposition } = await notice(created.id);
    expect(disposition).toContain(`${created.caseNo}-GZ.pdf`);
    for (const expected of ['一次性告知书', `编号：${created.caseNo}-GZ`, created.caseNo, '食品经营许可', '测试市民服务中心', '营业执照', '场所平面布局图', '行政许可法', '王*明', '扫码查询办理进度'])
      expect(text).toContain(expected);
    expect(text).toContain('1.营业执照2.场所平面布局图');
    expect(text).not.toContain('食品经营许可申请书'); // received, so not listed as missing
    expect(text).not.toContain(idNumber); // the ID number only masked
    expect(text).toContain(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    expect(text).toContain(`/progress?caseNo=${created.caseNo}`);

    // Supplying materials is the latest step now: no notice for it.
    await call(t, 'POST', `/api/v1/cases/${created.id}/supply`, 200, { token: staff(), body: { materialIds: [material('营业执照')] } });
    expectError(await t.request('GET', `/api/v1/cases/${created.id}/notice.pdf`, { token: staff() }), 409, 'NO_NOTICE');
  });

  it('受理通知书 gives the accepted date, the legal and promised deadlines, and each 容缺 material with its due date and what happens if late', async () => {
    const created = await newCase([
      { name: '食品经营许可申请书', status: 'received' },
      { name: '营业执照', status: 'elicense' },
      { name: '场所平面布局图', status: 'deferred' },
    ]);
    const accepted = await call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: staff() });
    const due = accepted.materials.find((m: { name: string }) => m.name === '场所平面布局图').dueDate as string;
    const cn = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
    const { text, pages } = await notice(created.id, o.accounts.approver.token);
    expect(pages).toBe(1);
    for (const expected of [
      '容缺受理通知书',
      `编号：${created.caseNo}-SL`,
      created.caseNo,
      '食品经营许可',
      `受理日期：${cn(accepted.acceptedOn)}`,
      `法定办结时限：20个工作日（${cn(accepted.legalDeadline)}前）`,
      `承诺办结时限：5个工作日（${cn(accepted.promisedDeadline)}前）`,
      `场所平面布局图，请于${cn(due)}前补交`,
      '逾期未补交',
      '测试市民服务中心（印章）',
    ])
      expect(text).toContain(expected);
  });

  it('受理通知书 without 容缺 has no list of materials to supply', async () => {
    const created = await newCase([
      { name: '食品经营许可申请书', status: 'received' },
      { name: '营业执照', status: 'received' },
      { name: '场所平面布局图', status: 'received' },
    ]);
    await call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: staff() });
    const { text } = await notice(created.id);
    expect(text).toContain('受理通知书');
    expect(text).not.toContain('容缺');
    expect(text).toContain('申请材料齐全、符合法定形式');
  });

  it('不予受理通知书 gives the reason and the applicant’s right to 行政复议 or 行政诉讼', async () => {
    const created = await newCase([{ name: '食品经营许可申请书', status: 'received' }]);
    const reason = '申请事项依法不需要取得行政许可，请到市场监管部门办理备案';
    await call(t, 'POST', `/api/v1/cases/${created.id}/refuse`, 200, { token: staff(), body: { reason } });
    const { text } = await notice(created.id);
    for (const expected of ['不予受理通知书', `编号：${created.caseNo}-BY`, created.caseNo, '食品经营许可', reason, '申请行政复议', '提起行政诉讼']) expect(text).toContain(expected);
  });

  it('answers 409 NO_NOTICE, 401, 403 and 404 like the case itself', async () => {
    const created = await newCase([{ name: '食品经营许可申请书', status: 'received' }]);
    const url = `/api/v1/cases/${created.id}/notice.pdf`;
    expectError(await t.request('GET', url, { token: staff() }), 409, 'NO_NOTICE'); // only 申报 so far
    await call(t, 'POST', `/api/v1/cases/${created.id}/supplement-notice`, 200, { token: staff() });
    expectError(await t.request('GET', url), 401, 'UNAUTHENTICATED');
    for (const person of ['otherManager', 'districtStaff', 'agent'] as const) expectError(await t.request('GET', url, { token: o.accounts[person].token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', url, { token: o.tokens.kiosk }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/cases/0190a0a0-0000-7000-8000-000000000000/notice.pdf', { token: staff() }), 404, 'NOT_FOUND');
    // The center's manager and supervisor may read it.
    await notice(created.id, o.accounts.cityManager.token);
    await notice(created.id, o.accounts.supervisor.token);
  });
});
