import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../platform/identity.ts';
import { injectCall, signInCitizen } from '../../../../test/helpers/citizens.ts';
import { call, countRows, create, expectError, orgApp, type Org } from '../../../../test/helpers/fixtures.ts';
import type { TestApp } from '../../../../test/helpers/testApp.ts';

/** 不见面审批 over HTTP: uploads sniffed and kept on disk, 预审 with return and pass, portal 补正, couriers both ways. */

type Json = any;
let t: TestApp;
let o: Org;
let storageDir: string;
let item: Json;
let windowItem: Json;
let applicant: string;
let stranger: string;
let unverified: string;

const maxBytes = 64 * 1024;
const validId = (first17: string) => first17 + idNumberCheckChar(first17);
const person = { phone: '13812340001', idNumber: validId('44190019900101001'), name: '陈思远' };

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(200, 0x20), Buffer.from('\n%%EOF\n')]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(60, 1)]);
/** A Windows program: "MZ", the DOS stub, and the PE header the sniffer recognises. */
const exe = (() => {
  const bytes = Buffer.alloc(512, 0);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
})();

function multipartBody(filename: string, contentType: string, content: Buffer) {
  const boundary = '----onedoor-test-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const upload = (token: string, filename: string, content: Buffer, contentType = 'application/pdf') => {
  const { body, contentType: header } = multipartBody(filename, contentType, content);
  return t.app.inject({ method: 'POST', url: '/api/v1/citizen/me/files', headers: { authorization: `Bearer ${token}`, 'content-type': header }, payload: body });
};

async function uploaded(token: string, filename = '申请书.pdf', content = pdf): Promise<Json> {
  const response = await upload(token, filename, content);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

async function apply(token: string, overrides: Record<string, unknown> = {}): Promise<Json> {
  const form = await uploaded(token);
  const id = await uploaded(token, '身份证.png', png);
  return call(t, 'POST', '/api/v1/citizen/me/applications', 201, {
    token,
    body: { itemId: item.id, delivery: 'post', deliveryAddress: '示范市人民路 8 号', materials: [{ materialId: item.materials[0].id, fileId: form.id }, { materialId: item.materials[1].id, fileId: id.id }], ...overrides },
  });
}

beforeAll(async () => {
  storageDir = await mkdtemp(path.join(tmpdir(), 'onedoor-uploads-'));
  ({ t, o } = await orgApp({ config: { storageDir, uploadMaxBytes: maxBytes } }));
  const materials = [{ name: '申请书' }, { name: '身份证' }, { name: '其他说明', required: false }];
  item = await create(t, '/api/v1/items', { code: 'REMOTE-1', name: '个体工商户登记', departmentId: o.police.id, type: '行政许可', mode: 'immediate', legalDays: 20, promisedDays: 0, online: true, materials });
  windowItem = await create(t, '/api/v1/items', { code: 'REMOTE-2', name: '须到窗口办理的事项', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 3, online: false, materials: [{ name: '申请书' }] });
  const calls = injectCall(t);
  applicant = await signInCitizen(calls, t.database.db, person);
  stranger = await signInCitizen(calls, t.database.db, { phone: '13812340002', idNumber: validId('44190019900101002'), name: '王五' });
  unverified = await signInCitizen(calls, t.database.db, { phone: '13812340003' });
});
afterAll(async () => {
  await t?.close();
  await rm(storageDir, { recursive: true, force: true });
});

describe('uploads', () => {
  it('keeps a PDF on disk with its sniffed type, size and sha256; the database only describes it', async () => {
    const file = await uploaded(applicant, '申请书.pdf', pdf);
    expect(file).toMatchObject({ name: '申请书.pdf', type: 'application/pdf', typeLabel: 'PDF', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });
    expect(await storedFiles()).toContain(file.id);
  });

  it('trusts the bytes, not the name or declared type: a program renamed .pdf is refused and nothing is kept', async () => {
    const before = { disk: (await storedFiles()).length, rows: await countRows(t, 'remote_files') };
    expectError(await upload(applicant, '申请书.pdf', exe, 'application/pdf'), 400, 'FILE_TYPE_NOT_ALLOWED');
    expectError(await upload(applicant, 'note.pdf', Buffer.from('just some text, not a PDF at all'), 'application/pdf'), 400, 'FILE_TYPE_NOT_ALLOWED');
    const png64 = await uploaded(applicant, 'photo.pdf', png);
    expect(png64.type).toBe('image/png');
    expect({ disk: (await storedFiles()).length, rows: await countRows(t, 'remote_files') }).toEqual({ disk: before.disk + 1, rows: before.rows + 1 });
  });

  it('refuses a file over the limit with 413 and keeps nothing of it', async () => {
    const before = { disk: (await storedFiles()).length, rows: await countRows(t, 'remote_files') };
    const big = Buffer.concat([pdf, Buffer.alloc(maxBytes, 0x20)]);
    const error = expectError(await upload(applicant, '大文件.pdf', big), 413, 'FILE_TOO_LARGE');
    expect(error.message).toContain('0.06 MB');
    expect({ disk: (await storedFiles()).length, rows: await countRows(t, 'remote_files') }).toEqual(before);
  });

  it('needs a signed-in, real-name citizen and a multipart body', async () => {
    expectError(await upload(unverified, 'a.pdf', pdf), 403, 'REAL_NAME_REQUIRED');
    expectError(await upload(o.accounts.staff.token, 'a.pdf', pdf), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/citizen/me/files', { token: applicant, body: { file: 'x' } }), 400, 'MULTIPART_REQUIRED');
  });

  it('answers a broken or empty multipart body with a 4xx and keeps nothing', async () => {
    const before = { disk: (await storedFiles()).length, rows: await countRows(t, 'remote_files') };
    const send = (contentType: string, payload: string) => t.app.inject({ method: 'POST', url: '/api/v1/citizen/me/files', headers: { authorization: `Bearer ${applicant}`, 'content-type': contentType }, payload });
    for (const response of [
      await send('multipart/form-data', '--x\r\n'),
      await send('multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4'),
      await send('multipart/form-data; boundary=x', '--x--\r\n'),
      await send('multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--x--\r\n'),
    ]) {
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, response.body).toBeLessThan(500);
      expect(response.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect({ disk: (await storedFiles()).length, rows: await countRows(t, 'remote_files') }).toEqual(before);
  });
});

describe('online application and 预审', () => {
  it('refuses an item not offered online, a missing required file, someone else’s file and a post without address', async () => {
    const mine = await uploaded(applicant);
    const theirs = await uploaded(stranger);
    const body = (overrides: Record<string, unknown>) => ({ itemId: item.id, delivery: 'window', materials: [{ materialId: item.materials[0].id, fileId: mine.id }], ...overrides });
    expectError(await t.request('POST', '/api/v1/citizen/me/applications', { token: applicant, body: body({ itemId: windowItem.id, materials: [{ materialId: windowItem.materials[0].id, fileId: mine.id }] }) }), 409, 'NOT_ONLINE');
    const missing = expectError(await t.request('POST', '/api/v1/citizen/me/applications', { token: applicant, body: body({}) }), 400, 'INVALID_UPLOADS');
    expect(missing.message).toBe('请上传「身份证」');
    const both = [{ materialId: item.materials[0].id, fileId: mine.id }, { materialId: item.materials[1].id, fileId: theirs.id }];
    expectError(await t.request('POST', '/api/v1/citizen/me/applications', { token: applicant, body: body({ materials: both }) }), 400, 'INVALID_FILE');
    const own = [{ materialId: item.materials[0].id, fileId: mine.id }, { materialId: item.materials[1].id, fileId: mine.id }];
    expectError(await t.request('POST', '/api/v1/citizen/me/applications', { token: applicant, body: body({ materials: own, delivery: 'post' }) }), 400, 'ADDRESS_REQUIRED');
    expect(await countRows(t, 'remote_applications')).toBe(0);
  });

  it('a file is downloaded by its owner and by the center’s staff (audited), not by another citizen or another center', async () => {
    const application = await apply(applicant);
    expect(application).toMatchObject({ status: 'pending', statusLabel: '待预审', applicantName: '陈*远', deliveryLabel: '邮寄送达' });
    const fileId = application.materials[0].file.id;
    const own = await t.request('GET', `/api/v1/remote-files/${fileId}`, { token: applicant });
    expect(own.statusCode).toBe(200);
    expect(own.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff' });
    expect(own.headers['content-disposition']).toBe(`attachment; filename="${fileId}.pdf"; filename*=UTF-8''${encodeURIComponent('申请书.pdf')}`);
    expect(own.rawPayload.equals(pdf)).toBe(true);
    expectError(await t.request('GET', `/api/v1/remote-files/${fileId}`, { token: stranger }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/remote-files/${fileId}`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/remote-files/${fileId}`), 401, 'UNAUTHENTICATED');
    expect(await countRows(t, 'audit_log', { action: 'remote.file.download' })).toBe(0);
    const staff = await t.request('GET', `/api/v1/remote-files/${fileId}`, { token: o.accounts.staff.token });
    expect(staff.statusCode).toBe(200);
    expect(staff.rawPayload.equals(pdf)).toBe(true);
    expect(await countRows(t, 'audit_log', { action: 'remote.file.download', entity_id: fileId, actor_id: o.accounts.staff.id })).toBe(1);
  });

  it('staff return materials with reasons; the applicant is told, uploads again, and it waits for 预审 again', async () => {
    const application = await apply(applicant);
    const list = await call(t, 'GET', `/api/v1/centers/${o.city.id}/online-applications`, 200, { token: o.accounts.staff.token });
    expect(list.items.map((a: Json) => a.id)).toContain(application.id);
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/online-applications`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    const idMaterial = item.materials[1].id;
    expectError(await t.request('POST', `/api/v1/online-applications/${application.id}/return`, { token: o.accounts.staff.token, body: { reasons: [{ materialId: 'nope', reason: '看不清' }] } }), 400, 'INVALID_RETURN');
    const returned = await call(t, 'POST', `/api/v1/online-applications/${application.id}/return`, 200, { token: o.accounts.staff.token, body: { reasons: [{ materialId: idMaterial, reason: '身份证照片模糊，请重新拍摄' }] } });
    expect(returned).toMatchObject({ status: 'returned', statusLabel: '退回补正' });
    const sms = await t.database.db.selectFrom('outbox_messages').select('body').where('recipient', '=', person.phone).where('reference', '=', `remote:${application.id}`).execute();
    expect(sms.map((m) => m.body)).toEqual(['您网上申报的「个体工商户登记」有 1 项材料需要补正，请登录个人中心查看退回理由并重新上传。']);
    const mine = (await call(t, 'GET', '/api/v1/citizen/me/applications', 200, { token: applicant })).find((a: Json) => a.id === application.id);
    expect(mine.materials.map((m: Json) => m.returnReason)).toEqual([null, '身份证照片模糊，请重新拍摄', null]);
    expectError(await t.request('POST', `/api/v1/online-applications/${application.id}/pass`, { token: o.accounts.staff.token, body: {} }), 409, 'INVALID_APPLICATION_STATE');

    const fresh = await uploaded(applicant, '身份证-重拍.png', png);
    expectError(await t.request('POST', `/api/v1/citizen/me/applications/${application.id}/resubmit`, { token: stranger, body: { materials: [{ materialId: idMaterial, fileId: fresh.id }] } }), 404, 'NOT_FOUND');
    expectError(await t.request('POST', `/api/v1/citizen/me/applications/${application.id}/resubmit`, { token: applicant, body: { materials: [{ materialId: item.materials[0].id, fileId: fresh.id }] } }), 400, 'INVALID_UPLOADS');
    const again = await call(t, 'POST', `/api/v1/citizen/me/applications/${application.id}/resubmit`, 200, { token: applicant, body: { materials: [{ materialId: idMaterial, fileId: fresh.id }] } });
    expect(again).toMatchObject({ status: 'pending' });
    expect(again.materials[1]).toMatchObject({ returnReason: null, file: { id: fresh.id, name: '身份证-重拍.png' } });
  });

  it('passing makes an online case with the uploads received; the applicant is told its number; it cannot pass twice', async () => {
    const application = await apply(applicant);
    expectError(await t.request('POST', `/api/v1/online-applications/${application.id}/pass`, { token: o.accounts.otherManager.token, body: {} }), 403, 'FORBIDDEN');
    const passed = await call(t, 'POST', `/api/v1/online-applications/${application.id}/pass`, 200, { token: o.accounts.staff.token, body: {} });
    expect(passed).toMatchObject({ status: 'passed', case: { status: 'submitted', statusLabel: '已申报', missing: [{ name: '其他说明' }] } });
    const made = await call(t, 'GET', `/api/v1/cases/${passed.case.id}`, 200, { token: o.accounts.staff.token });
    expect(made).toMatchObject({ channel: 'online', itemName: '个体工商户登记', applicant: { name: '陈*远' } });
    expect(made.materials.map((m: Json) => [m.name, m.status])).toEqual([
      ['申请书', 'received'],
      ['身份证', 'received'],
      ['其他说明', 'missing'],
    ]);
    const sms = await t.database.db.selectFrom('outbox_messages').select('body').where('reference', '=', `remote:${application.id}`).executeTakeFirstOrThrow();
    expect(sms.body).toBe(`您网上申报的「个体工商户登记」已通过预审，办件编号 ${made.caseNo}，工作人员将尽快受理。`);
    expectError(await t.request('POST', `/api/v1/online-applications/${application.id}/pass`, { token: o.accounts.staff.token, body: {} }), 409, 'INVALID_APPLICATION_STATE');
    expect(await countRows(t, 'cases', { channel: 'online' })).toBe(1);
  });
});

describe('after the case exists', () => {
  let caseId: string;

  it('a material not received at 预审 is asked for; the applicant uploads it from the portal; staff confirm it into the case', async () => {
    const application = await apply(applicant);
    const idMaterial = item.materials[1].id;
    const passed = await call(t, 'POST', `/api/v1/online-applications/${application.id}/pass`, 200, { token: o.accounts.staff.token, body: { notReceived: [idMaterial] } });
    caseId = passed.case.id;
    const file = await uploaded(applicant, '身份证原件扫描.pdf');
    expectError(await t.request('POST', `/api/v1/citizen/me/cases/${caseId}/supplements`, { token: applicant, body: { materialId: idMaterial, fileId: file.id } }), 409, 'INVALID_CASE_STATE');
    await call(t, 'POST', `/api/v1/cases/${caseId}/supplement-notice`, 200, { token: o.accounts.staff.token });
    expectError(await t.request('POST', `/api/v1/citizen/me/cases/${caseId}/supplements`, { token: stranger, body: { materialId: idMaterial, fileId: file.id } }), 404, 'NOT_FOUND');
    expectError(await t.request('POST', `/api/v1/citizen/me/cases/${caseId}/supplements`, { token: applicant, body: { materialId: item.materials[0].id, fileId: file.id } }), 400, 'MATERIAL_RECEIVED');
    const supplement = await call(t, 'POST', `/api/v1/citizen/me/cases/${caseId}/supplements`, 201, { token: applicant, body: { materialId: idMaterial, fileId: file.id } });
    expect(supplement).toMatchObject({ materialName: '身份证', confirmed: false, file: { name: '身份证原件扫描.pdf' } });
    expect((await call(t, 'GET', `/api/v1/cases/${caseId}`, 200, { token: o.accounts.staff.token })).materials[1].status).toBe('missing');
    // Staff open the supplied file before confirming it: allowed through the case, and audited.
    expect((await t.request('GET', `/api/v1/remote-files/${file.id}`, { token: o.accounts.policeStaff.token })).statusCode).toBe(200);
    const confirmed = await call(t, 'POST', `/api/v1/cases/${caseId}/supplements/${supplement.id}/confirm`, 200, { token: o.accounts.staff.token });
    expect(confirmed.confirmed).toBe(true);
    expect((await call(t, 'GET', `/api/v1/cases/${caseId}`, 200, { token: o.accounts.staff.token })).materials[1].status).toBe('received');
    expectError(await t.request('POST', `/api/v1/cases/${caseId}/supplements/${supplement.id}/confirm`, { token: o.accounts.staff.token }), 409, 'ALREADY_CONFIRMED');
  });

  it('the applicant enters the originals posted in; staff enter the result posted out once completed by post', async () => {
    const inbound = await call(t, 'POST', `/api/v1/cases/${caseId}/shipments`, 201, { token: applicant, body: { direction: 'inbound', courier: '顺丰速运', trackingNo: 'sf1234567890' } });
    expect(inbound).toMatchObject({ directionLabel: '申请人寄交原件', trackingNo: 'SF1234567890', address: null });
    expectError(await t.request('POST', `/api/v1/cases/${caseId}/shipments`, { token: stranger, body: { direction: 'inbound', courier: '顺丰速运', trackingNo: 'SF1234567899' } }), 404, 'NOT_FOUND');
    expectError(await t.request('POST', `/api/v1/cases/${caseId}/shipments`, { token: applicant, body: { direction: 'outbound', courier: '中国邮政', trackingNo: 'EMS123456789', address: '地址' } }), 403, 'FORBIDDEN');
    const outbound = { direction: 'outbound', courier: '中国邮政 EMS', trackingNo: '1187654321', address: '示范市人民路 8 号' };
    expectError(await t.request('POST', `/api/v1/cases/${caseId}/shipments`, { token: o.accounts.staff.token, body: outbound }), 409, 'INVALID_SHIPMENT');
    expectError(await t.request('POST', `/api/v1/cases/${caseId}/shipments`, { token: o.accounts.staff.token, body: { ...outbound, trackingNo: '单号' } }), 409, 'INVALID_SHIPMENT');
    await call(t, 'POST', `/api/v1/cases/${caseId}/accept`, 200, { token: o.accounts.staff.token });
    await call(t, 'POST', `/api/v1/cases/${caseId}/decide`, 200, { token: o.accounts.staff.token, body: { approved: true } });
    await call(t, 'POST', `/api/v1/cases/${caseId}/complete`, 200, { token: o.accounts.staff.token, body: { delivery: 'post' } });
    expectError(await t.request('POST', `/api/v1/cases/${caseId}/shipments`, { token: o.accounts.staff.token, body: { ...outbound, trackingNo: '单号' } }), 400, 'INVALID_TRACKING_NO');
    await call(t, 'POST', `/api/v1/cases/${caseId}/shipments`, 201, { token: o.accounts.staff.token, body: outbound });
    expectError(await t.request('POST', `/api/v1/cases/${caseId}/shipments`, { token: o.accounts.otherManager.token, body: outbound }), 403, 'FORBIDDEN');
    for (const token of [applicant, o.accounts.staff.token]) {
      const facts = await call(t, 'GET', `/api/v1/cases/${caseId}/remote`, 200, { token });
      expect(facts.shipments.map((s: Json) => [s.direction, s.courier, s.trackingNo])).toEqual([
        ['inbound', '顺丰速运', 'SF1234567890'],
        ['outbound', '中国邮政 EMS', '1187654321'],
      ]);
      expect(facts.supplements).toHaveLength(1);
      expect(facts).toMatchObject({ delivery: 'post', deliveryAddress: '示范市人民路 8 号' });
    }
    expectError(await t.request('GET', `/api/v1/cases/${caseId}/remote`, { token: stranger }), 404, 'NOT_FOUND');
  });
});
