import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionLabels, caseStatuses, nextCaseStatus, type CaseAction, type CaseStatus } from '../../src/server/modules/cases/rules.ts';
import { creditCodeCheckChar, idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { addAccount, auditOf, call, countRows, create, expectError, orgApp, type Account, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';
import { holdLicence } from '../helpers/elicenses.ts';

/** Every route of the cases module through HTTP: each error code, each transition and its refusal, each role. */

type Json = any;

let t: TestApp;
let o: Org;
let taxApprover: Account;
let otherApprover: Account;
/** 承诺件 of the police: 申请书, 居民身份证 (e-licence), 场地证明 (容缺), 照片 (optional). */
let item: Json;
/** 即办件 of the police. */
let immediate: Json;
/** With a situation: 旧证 only when renewing. */
let situated: Json;
/** 容缺 not allowed. */
let strict: Json;
let withdrawn: Json;
let taxItem: Json;

const idNumber = (first17: string) => first17 + idNumberCheckChar(first17);
const personId = idNumber('44010119800101123');
const xId = (() => {
  for (let n = 100; n < 1000; n++) {
    const id = idNumber(`44010119900101${n}`);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X');
})();
const creditCode = (() => {
  const first17 = '91440101MA5CXXXXX';
  return first17 + creditCodeCheckChar(first17)!;
})();
const person = { kind: 'person', idNumber: personId, name: '张三丰', phone: '13800138000' };
const company = { kind: 'company', creditCode, name: '某某科技有限公司', contact: '李四光', phone: '13900139000' };

const token = (who: keyof Org['accounts']) => o.accounts[who].token;
const mat = (it: Json, name: string): string => it.materials.find((m: Json) => m.name === name).id;
const complete = () => [
  { materialId: mat(item, '申请书'), status: 'received' },
  { materialId: mat(item, '居民身份证'), status: 'elicense' },
  { materialId: mat(item, '场地证明'), status: 'received' },
];
/** A company holds no 居民身份证 e-licence: its representative's is brought on paper. */
const onPaper = () => complete().map((m) => ({ ...m, status: 'received' }));
const body = (extra: Record<string, unknown> = {}) => ({ itemId: item.id, applicant: person, channel: 'window', materials: complete(), ...extra });
const post = (url: string, who: string | undefined, payload?: unknown, headers?: Record<string, string>) => t.request('POST', url, { token: who, body: payload, headers });
const newCase = async (extra: Record<string, unknown> = {}, who = token('staff')): Promise<Json> => call(t, 'POST', '/api/v1/cases', 201, { token: who, body: body(extra) });

beforeAll(async () => {
  ({ t, o } = await orgApp());
  taxApprover = await addAccount(t, 'taxApprover', [{ role: 'dept_approver', centerId: o.city.id, departmentId: o.tax.id }]);
  otherApprover = await addAccount(t, 'otherApprover', [{ role: 'dept_approver', centerId: o.other.id, departmentId: o.otherDept.id }]);
  await holdLicence(t, { kind: 'person', idNumber: personId }, '居民身份证', person.name);
  await holdLicence(t, { kind: 'person', idNumber: xId }, '居民身份证', person.name);
  item = await create(t, '/api/v1/items', {
    code: 'FLOW-1',
    name: '测试许可',
    departmentId: o.police.id,
    type: '行政许可',
    legalDays: 20,
    promisedDays: 5,
    materials: [{ name: '申请书' }, { name: '居民身份证', elicense: true }, { name: '场地证明', deferrable: true }, { name: '照片', required: false }],
  });
  immediate = await create(t, '/api/v1/items', { code: 'FLOW-2', name: '即办证明', departmentId: o.police.id, type: '公共服务', legalDays: 0, promisedDays: 0, mode: 'immediate', materials: [{ name: '申请书' }] });
  situated = await create(t, '/api/v1/items', {
    code: 'FLOW-3',
    name: '证件办理',
    departmentId: o.police.id,
    type: '行政许可',
    legalDays: 10,
    promisedDays: 3,
    situations: [{ question: '办理情形', options: [{ id: 'first', label: '首次申领' }, { id: 'renew', label: '换领' }] }],
    materials: [{ name: '申请书' }, { name: '旧证', optionIds: ['renew'] }],
  });
  strict = await create(t, '/api/v1/items', { code: 'FLOW-4', name: '严格事项', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, lenientAllowed: false, materials: [{ name: '申请书' }, { name: '场地证明' }] });
  withdrawn = await create(t, '/api/v1/items', { code: 'FLOW-5', name: '已停办事项', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, status: 'withdrawn', materials: [] });
  taxItem = await create(t, '/api/v1/items', { code: 'FLOW-6', name: '税务登记', departmentId: o.tax.id, type: '公共服务', legalDays: 10, promisedDays: 3, materials: [] });
  expect(immediate.mode).toBe('immediate');
  expect(item.mode).toBe('promised');
});
afterAll(async () => t?.close());

describe('POST /api/v1/cases', () => {
  it('takes in a person’s case: 已申报, numbered, masked, every checklist material listed (unlisted ones missing)', async () => {
    const created = await newCase();
    expect(created).toMatchObject({
      status: 'submitted',
      statusLabel: '已申报',
      caseNo: expect.stringMatching(/^\d{14}$/),
      centerId: o.city.id,
      itemId: item.id,
      itemName: '测试许可',
      departmentId: o.police.id,
      channel: 'window',
      ticketId: null,
      mode: 'promised',
      legalDays: 20,
      promisedDays: 5,
      acceptedOn: null,
      legalDeadline: null,
      promisedDeadline: null,
      suspended: null,
      warning: null,
      approved: null,
      delivery: null,
    });
    expect(created.applicant.kind).toBe('person');
    expect(created.applicant.identifier).not.toBe(personId);
    expect(created.applicant.identifier).toContain('*');
    expect(created.applicant.phone).not.toBe(person.phone);
    expect(created.applicant.name).not.toBe(person.name);
    expect(created.materials.map((m: Json) => [m.name, m.status, m.required])).toEqual([
      ['申请书', 'received', true],
      ['居民身份证', 'elicense', true],
      ['场地证明', 'received', true],
      ['照片', 'missing', false],
    ]);
    expect(await countRows(t, 'case_steps', { case_id: created.id })).toBe(1);
    const [audit] = await auditOf(t, created.id);
    expect(audit).toMatchObject({ action: 'case.create', actorId: o.accounts.staff.id, after: { itemId: item.id, channel: 'window' } });
  });

  it('takes in a company’s case with a valid credit code; its contact is masked', async () => {
    const created = await newCase({ applicant: company, channel: 'online', materials: onPaper() });
    expect(created.applicant).toMatchObject({ kind: 'company', identifier: creditCode });
    expect(created.applicant.contact).toContain('*');
    expect(created.channel).toBe('online');
  });

  it('refuses a bad applicant, and stores nothing', async () => {
    const before = await countRows(t, 'cases');
    const refuse = async (applicant: unknown, code: string) => expectError(await post('/api/v1/cases', token('staff'), body({ applicant })), 400, code);
    await refuse({ ...person, idNumber: personId.slice(0, 17) + (personId.endsWith('0') ? '1' : '0') }, 'INVALID_ID_NUMBER');
    await refuse({ kind: 'person', name: '张三', phone: '13800138000' }, 'INVALID_ID_NUMBER');
    await refuse({ ...company, creditCode: '91440101MA5CXXXXX1' === creditCode ? '91440101MA5CXXXXX2' : '91440101MA5CXXXXX1' }, 'INVALID_CREDIT_CODE');
    await refuse({ kind: 'company', name: '某公司', contact: '李四', phone: '13800138000' }, 'INVALID_CREDIT_CODE');
    await refuse({ ...company, contact: undefined }, 'CONTACT_REQUIRED');
    await refuse({ ...company, contact: '  ' }, 'CONTACT_REQUIRED');
    await refuse({ ...person, phone: '12345' }, 'INVALID_PHONE');
    await refuse({ ...person, phone: '12800138000' }, 'INVALID_PHONE');
    expect(await countRows(t, 'cases')).toBe(before);
  });

  it('accepts an ID number ending in x written in lower case', async () => {
    const created = await newCase({ applicant: { ...person, idNumber: xId.toLowerCase() } });
    const { rows } = await sql<{ applicant_identifier: string }>`SELECT applicant_identifier FROM cases WHERE id = ${created.id}`.execute(t.database.db);
    expect(rows[0]!.applicant_identifier).toBe(xId);
  });

  it('asks the situation, and takes the materials of the chosen option (situationId or answers)', async () => {
    const situation = situated.situations[0];
    const base = { itemId: situated.id, applicant: person, channel: 'window' };
    expectError(await post('/api/v1/cases', token('staff'), { ...base, materials: [] }), 400, 'SITUATION_REQUIRED');
    expectError(await post('/api/v1/cases', token('staff'), { ...base, situationId: 'nonexistent', materials: [] }), 400, 'INVALID_ANSWER');
    expectError(await post('/api/v1/cases', token('staff'), { ...base, answers: { [situation.id]: 'nonexistent' }, materials: [] }), 400, 'INVALID_ANSWER');
    const renewing = await call(t, 'POST', '/api/v1/cases', 201, { token: token('staff'), body: { ...base, situationId: 'renew', materials: [{ materialId: mat(situated, '旧证'), status: 'received' }] } });
    expect(renewing.materials.map((m: Json) => [m.name, m.status])).toEqual([
      ['申请书', 'missing'],
      ['旧证', 'received'],
    ]);
    const first = await call(t, 'POST', '/api/v1/cases', 201, { token: token('staff'), body: { ...base, answers: { [situation.id]: 'first' }, materials: [] } });
    expect(first.materials.map((m: Json) => m.name)).toEqual(['申请书']);
    // 旧证 does not belong to a first application.
    expectError(await post('/api/v1/cases', token('staff'), { ...base, situationId: 'first', materials: [{ materialId: mat(situated, '旧证'), status: 'received' }] }), 400, 'INVALID_MATERIAL');
  });

  it('refuses a material of another item, and a checklist 容缺 or e-licences do not allow', async () => {
    expectError(await post('/api/v1/cases', token('staff'), body({ materials: [{ materialId: mat(strict, '申请书'), status: 'received' }] })), 400, 'INVALID_MATERIAL');
    const invalid = async (payload: unknown) => expectError(await post('/api/v1/cases', token('staff'), payload), 400, 'INVALID_CHECKLIST');
    await invalid(body({ materials: [{ materialId: mat(item, '申请书'), status: 'elicense' }] }));
    await invalid(body({ materials: [{ materialId: mat(item, '申请书'), status: 'deferred' }, { materialId: mat(item, '居民身份证'), status: 'received' }] }));
    await invalid(body({ materials: [{ materialId: mat(item, '申请书'), status: 'deferred' }, { materialId: mat(item, '居民身份证'), status: 'deferred' }, { materialId: mat(item, '场地证明'), status: 'deferred' }] }));
    const strictError = await invalid({ itemId: strict.id, applicant: person, channel: 'window', materials: [{ materialId: mat(strict, '申请书'), status: 'received' }, { materialId: mat(strict, '场地证明'), status: 'deferred' }] });
    expect(strictError.message).toContain('不适用容缺受理');
    const e = await invalid(body({ materials: [{ materialId: mat(item, '申请书'), status: 'elicense' }, { materialId: mat(item, '居民身份证'), status: 'deferred' }] }));
    expect(e.details).toHaveLength(2);
  });

  it('refuses an item not offered at the center, a withdrawn item, an unknown item', async () => {
    expectError(await post('/api/v1/cases', t.adminToken, body({ centerId: o.other.id })), 400, 'ITEM_NOT_OFFERED');
    expectError(await post('/api/v1/cases', token('staff'), { itemId: withdrawn.id, applicant: person, channel: 'window', materials: [] }), 409, 'ITEM_WITHDRAWN');
    expectError(await post('/api/v1/cases', token('staff'), body({ itemId: 'no-such-item' })), 404, 'NOT_FOUND');
  });

  it('is for the window staff and managers of the center: 401 / 403 for everyone else', async () => {
    expectError(await post('/api/v1/cases', undefined, body()), 401, 'UNAUTHENTICATED');
    for (const who of ['districtStaff', 'otherManager', 'otherAdmin', 'supervisor', 'approver', 'agent'] as const) {
      expectError(await post('/api/v1/cases', token(who), body()), 403, 'FORBIDDEN');
    }
    expectError(await post('/api/v1/cases', o.tokens.kiosk, body()), 403, 'FORBIDDEN');
    for (const who of ['staff', 'policeStaff', 'cityManager', 'cityAdmin'] as const) await newCase({}, token(who));
    // Window staff of the police may not take in the tax office's cases.
    expectError(await post('/api/v1/cases', token('policeStaff'), { itemId: taxItem.id, applicant: person, channel: 'window', materials: [] }), 403, 'FORBIDDEN');
  });

  it('checks the Idempotency-Key', async () => {
    expectError(await post('/api/v1/cases', token('staff'), body(), { 'idempotency-key': 'short' }), 400, 'INVALID_IDEMPOTENCY_KEY');
    expectError(await post('/api/v1/cases', token('staff'), body(), { 'idempotency-key': 'k'.repeat(101) }), 400, 'INVALID_IDEMPOTENCY_KEY');
  });

  it('makes one case for a request retried with the same Idempotency-Key; another key makes another', async () => {
    const key = 'flow-retry-0001';
    const first = await post('/api/v1/cases', token('staff'), body(), { 'idempotency-key': key });
    const second = await post('/api/v1/cases', token('staff2'), body(), { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(await countRows(t, 'cases', { idempotency_key: key })).toBe(1);
    expect(await countRows(t, 'case_steps', { case_id: first.json().id })).toBe(1);
    const other = await post('/api/v1/cases', token('staff'), body(), { 'idempotency-key': 'flow-retry-0002' });
    expect(other.json().id).not.toBe(first.json().id);
  });

  it('does not show the case of a key to someone who may not take in cases there', async () => {
    const key = 'flow-retry-private';
    expect((await post('/api/v1/cases', token('staff'), body(), { 'idempotency-key': key })).statusCode).toBe(201);
    const before = await countRows(t, 'cases');
    expectError(await post('/api/v1/cases', undefined, body(), { 'idempotency-key': key }), 401, 'UNAUTHENTICATED');
    expectError(await post('/api/v1/cases', token('otherManager'), { ...body(), itemId: item.id }, { 'idempotency-key': key }), 403, 'FORBIDDEN');
    expect(await countRows(t, 'cases')).toBe(before);
  });

  it('makes one case when retries with the same key arrive together', async () => {
    const key = 'flow-concurrent-0001';
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('/api/v1/cases', token('staff'), body(), { 'idempotency-key': key })));
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(await countRows(t, 'cases', { idempotency_key: key })).toBe(1);
    expect(await countRows(t, 'case_steps', { case_id: answers[0]!.json().id })).toBe(1);
  });
});

/** A case brought to `status` by the admin, on item `it`. */
async function caseIn(status: CaseStatus, it: Json = item): Promise<Json> {
  const admin = t.adminToken;
  const all = it === item ? complete() : it.materials.map((m: Json) => ({ materialId: m.id, status: 'received' }));
  if (status === 'supplement') {
    const created = await call(t, 'POST', '/api/v1/cases', 201, { token: admin, body: { itemId: it.id, applicant: person, channel: 'window', materials: all.slice(1) } });
    await call(t, 'POST', `/api/v1/cases/${created.id}/supplement-notice`, 200, { token: admin });
    return call(t, 'POST', `/api/v1/cases/${created.id}/supply`, 200, { token: admin, body: { materialIds: [all[0].materialId] } });
  }
  const created = await call(t, 'POST', '/api/v1/cases', 201, { token: admin, body: { itemId: it.id, applicant: person, channel: 'window', materials: all } });
  const step = (action: string, payload?: unknown) => call(t, 'POST', `/api/v1/cases/${created.id}/${action}`, 200, { token: admin, body: payload });
  if (status === 'submitted') return created;
  if (status === 'refused') return step('refuse', { reason: '不属于受理范围' });
  const accepted = await step('accept');
  if (status === 'accepted') return accepted;
  if (status === 'suspended') return step('suspend', { reason: '专家评审' });
  await step('decide', { approved: true });
  if (status === 'decided') return getCase(created.id);
  return step('complete', { delivery: 'post' });
}
const getCase = (id: string) => call(t, 'GET', `/api/v1/cases/${id}`, 200, { token: t.adminToken });

const payloads: Record<CaseAction, unknown> = {
  accept: undefined,
  refuse: { reason: '不属于受理范围' },
  'supplement-notice': undefined,
  suspend: { reason: '专家评审' },
  resume: undefined,
  decide: { approved: true },
  complete: { delivery: 'window' },
};

describe('transitions', () => {
  for (const status of caseStatuses) {
    for (const action of Object.keys(actionLabels) as CaseAction[]) {
      // A 已申报 case with every material cannot get a one-time notice: NOTHING_MISSING, tested below.
      const to = status === 'submitted' && action === 'supplement-notice' ? undefined : nextCaseStatus(status, action);
      if (status === 'submitted' && action === 'supplement-notice') continue;
      it(`${status} → ${action}: ${to ? `200 ${to}` : '409 INVALID_CASE_STATE'}`, async () => {
        const before = await caseIn(status);
        expect(before.status).toBe(status);
        const stepsBefore = await countRows(t, 'case_steps', { case_id: before.id });
        const res = await post(`/api/v1/cases/${before.id}/${action}`, t.adminToken, payloads[action]);
        if (to) {
          expect(res.statusCode, res.body).toBe(200);
          expect(res.json().status).toBe(to);
          expect(await countRows(t, 'case_steps', { case_id: before.id })).toBe(stepsBefore + 1);
          const [audit] = await auditOf(t, before.id);
          expect(audit!.action).toBe(`case.${action.replace('-', '_')}`);
        } else {
          const error = expectError(res, 409, 'INVALID_CASE_STATE');
          expect(error.details).toEqual({ status });
          expect((await getCase(before.id)).status).toBe(status);
          expect(await countRows(t, 'case_steps', { case_id: before.id })).toBe(stepsBefore);
        }
      });
    }
  }

  it('supply: allowed while the case is open, refused once decided, refused or completed', async () => {
    for (const status of ['decided', 'refused', 'completed'] as const) {
      const c = await caseIn(status);
      expectError(await post(`/api/v1/cases/${c.id}/supply`, t.adminToken, { materialIds: [mat(item, '照片')] }), 409, 'INVALID_CASE_STATE');
    }
    for (const status of ['submitted', 'supplement', 'accepted', 'suspended'] as const) {
      const c = await caseIn(status);
      const supplied = await call(t, 'POST', `/api/v1/cases/${c.id}/supply`, 200, { token: t.adminToken, body: { materialIds: [mat(item, '照片')] } });
      expect(supplied.status).toBe(status);
      expect(supplied.materials.find((m: Json) => m.name === '照片').status).toBe('received');
    }
    const c = await caseIn('submitted');
    expectError(await post(`/api/v1/cases/${c.id}/supply`, t.adminToken, { materialIds: ['no-such-material'] }), 400, 'INVALID_MATERIAL');
  });

  it('MATERIALS_MISSING, NOTHING_MISSING, REASON_REQUIRED, INVALID_DUE_DATE', async () => {
    const incomplete = await newCase({ materials: complete().slice(1) });
    const e = expectError(await post(`/api/v1/cases/${incomplete.id}/accept`, token('staff')), 409, 'MATERIALS_MISSING');
    expect(e.details).toEqual({ missing: ['申请书'] });
    const full = await newCase();
    expectError(await post(`/api/v1/cases/${full.id}/supplement-notice`, token('staff')), 409, 'NOTHING_MISSING');
    expect((await getCase(full.id)).status).toBe('submitted');

    expectError(await post(`/api/v1/cases/${full.id}/refuse`, token('staff'), { reason: '' }), 400, 'VALIDATION_ERROR');
    expectError(await post(`/api/v1/cases/${full.id}/refuse`, token('staff'), {}), 400, 'VALIDATION_ERROR');
    const accepted = await caseIn('accepted');
    expectError(await post(`/api/v1/cases/${accepted.id}/decide`, token('approver'), { approved: false }), 400, 'REASON_REQUIRED');
    expectError(await post(`/api/v1/cases/${accepted.id}/decide`, token('approver'), { approved: false, reason: '   ' }), 400, 'REASON_REQUIRED');
    const denied = await call(t, 'POST', `/api/v1/cases/${accepted.id}/decide`, 200, { token: token('approver'), body: { approved: false, reason: '不符合条件' } });
    expect(denied).toMatchObject({ status: 'decided', approved: false, decisionReason: '不符合条件' });

    const deferred = (dueDate?: string) => newCase({ materials: [complete()[0], complete()[1], { materialId: mat(item, '场地证明'), status: 'deferred', ...(dueDate && { dueDate }) }] });
    for (const dueDate of ['2099-01-01', '2020-01-01']) {
      const c = await deferred(dueDate);
      expectError(await post(`/api/v1/cases/${c.id}/accept`, token('staff')), 400, 'INVALID_DUE_DATE');
      expect((await getCase(c.id)).status).toBe('submitted');
    }
    const c = await deferred();
    const ok = await call(t, 'POST', `/api/v1/cases/${c.id}/accept`, 200, { token: token('staff') });
    const m = ok.materials.find((x: Json) => x.name === '场地证明');
    expect(m.status).toBe('deferred');
    expect(m.dueDate > ok.acceptedOn && m.dueDate <= ok.promisedDeadline).toBe(true);
    const supplied = await call(t, 'POST', `/api/v1/cases/${c.id}/supply`, 200, { token: token('staff'), body: { materialIds: [mat(item, '场地证明')] } });
    expect(supplied.materials.find((x: Json) => x.name === '场地证明').status).toBe('received');
  });

  it('writes the audit trail, the SMS to the applicant, and a staff event per step', async () => {
    const c = await newCase({ materials: complete().slice(1) });
    await call(t, 'POST', `/api/v1/cases/${c.id}/supplement-notice`, 200, { token: token('staff') });
    await call(t, 'POST', `/api/v1/cases/${c.id}/supply`, 200, { token: token('staff'), body: { materialIds: [mat(item, '申请书')] } });
    await call(t, 'POST', `/api/v1/cases/${c.id}/accept`, 200, { token: token('staff') });
    await call(t, 'POST', `/api/v1/cases/${c.id}/suspend`, 200, { token: token('approver'), body: { reason: '现场核查' } });
    await call(t, 'POST', `/api/v1/cases/${c.id}/resume`, 200, { token: token('approver') });
    await call(t, 'POST', `/api/v1/cases/${c.id}/decide`, 200, { token: token('approver'), body: { approved: true, reason: '符合条件' } });
    await call(t, 'POST', `/api/v1/cases/${c.id}/complete`, 200, { token: token('staff'), body: { delivery: 'locker' } });
    const audits = (await auditOf(t, c.id)).map((a) => [a.action, a.actorId]).reverse();
    expect(audits).toEqual([
      ['case.create', o.accounts.staff.id],
      ['case.supplement_notice', o.accounts.staff.id],
      ['case.supply', o.accounts.staff.id],
      ['case.accept', o.accounts.staff.id],
      ['case.suspend', o.accounts.approver.id],
      ['case.resume', o.accounts.approver.id],
      ['case.decide', o.accounts.approver.id],
      ['case.complete', o.accounts.staff.id],
    ]);
    const { rows: messages } = await sql<{ recipient: string; body: string; status: string }>`SELECT recipient, body, status FROM outbox_messages WHERE reference = ${`case:${c.id}`} ORDER BY body`.execute(t.database.db);
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m.recipient).toBe(person.phone);
    const bodies = messages.map((m) => m.body).join('\n');
    expect(bodies).toContain('还需补齐：申请书');
    expect(bodies).toContain('已受理');
    expect(bodies).toContain('已办结，结果准予，送达方式：24 小时智能柜领取');
    const { rows: events } = await sql<{ status: string }>`SELECT data->>'status' AS status FROM event_log WHERE type = 'case.updated' AND data->>'caseId' = ${c.id} ORDER BY id`.execute(t.database.db);
    expect(events.map((e) => e.status)).toEqual(['supplement', 'accepted', 'suspended', 'accepted', 'decided', 'completed']);

    const steps = await call(t, 'GET', `/api/v1/cases/${c.id}/steps`, 200, { token: token('staff') });
    expect(steps.map((s: Json) => [s.action, s.name, s.status])).toEqual([
      ['submit', '申报', 'submitted'],
      ['supplement-notice', '一次性告知', 'supplement'],
      ['supply', '补交材料', 'supplement'],
      ['accept', '受理', 'accepted'],
      ['suspend', '暂停计时', 'suspended'],
      ['resume', '恢复计时', 'accepted'],
      ['decide', '作出决定', 'decided'],
      ['complete', '办结送达', 'completed'],
    ]);
    expect(steps.map((s: Json) => s.noticeNo)).toEqual([null, `${c.caseNo}-GZ`, null, `${c.caseNo}-SL`, null, null, null, null]);
    expect(steps[1].note).toBe('需补齐：申请书');
    expect(steps[0].actorName).toBe('测试staff');
    expect(steps[4].actorName).toBe('测试approver');

    const refused = await caseIn('refused');
    const refusedSteps = await call(t, 'GET', `/api/v1/cases/${refused.id}/steps`, 200, { token: token('staff') });
    expect(refusedSteps.at(-1)).toMatchObject({ action: 'refuse', noticeNo: `${refused.caseNo}-BY`, note: '不属于受理范围' });
    expect(refused.refusalReason).toBe('不属于受理范围');
  });
});

describe('who may act', () => {
  it('front steps: window staff and managers of the center; not approvers, other centers, devices or nobody', async () => {
    for (const action of ['accept', 'refuse'] as const) {
      const c = await caseIn('submitted');
      expectError(await post(`/api/v1/cases/${c.id}/${action}`, undefined, payloads[action]), 401, 'UNAUTHENTICATED');
      for (const who of ['approver', 'districtStaff', 'otherManager', 'supervisor'] as const) expectError(await post(`/api/v1/cases/${c.id}/${action}`, token(who), payloads[action]), 403, 'FORBIDDEN');
      expectError(await post(`/api/v1/cases/${c.id}/${action}`, o.tokens.kiosk, payloads[action]), 403, 'FORBIDDEN');
      expect((await call(t, 'POST', `/api/v1/cases/${c.id}/${action}`, 200, { token: token('cityManager'), body: payloads[action] })).status).toBe(nextCaseStatus('submitted', action));
    }
    const incomplete = await newCase({ materials: complete().slice(1) });
    expectError(await post(`/api/v1/cases/${incomplete.id}/supplement-notice`, token('approver')), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${incomplete.id}/supply`, token('otherManager'), { materialIds: [mat(item, '申请书')] }), 403, 'FORBIDDEN');
    await call(t, 'POST', `/api/v1/cases/${incomplete.id}/supplement-notice`, 200, { token: token('policeStaff') });
  });

  it('suspend and resume: the department’s approvers only', async () => {
    const c = await caseIn('accepted');
    for (const who of ['staff', 'cityManager', 'otherManager'] as const) expectError(await post(`/api/v1/cases/${c.id}/suspend`, token(who), { reason: '专家评审' }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/suspend`, taxApprover.token, { reason: '专家评审' }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/suspend`, otherApprover.token, { reason: '专家评审' }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/suspend`, token('approver'), { reason: '' }), 400, 'VALIDATION_ERROR');
    const suspended = await call(t, 'POST', `/api/v1/cases/${c.id}/suspend`, 200, { token: token('approver'), body: { reason: '专家评审' } });
    expect(suspended.suspended).toEqual({ since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), reason: '专家评审' });
    expect(suspended.warning).toBeNull();
    expectError(await post(`/api/v1/cases/${c.id}/resume`, token('staff')), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/resume`, taxApprover.token), 403, 'FORBIDDEN');
    const resumed = await call(t, 'POST', `/api/v1/cases/${c.id}/resume`, 200, { token: token('approver') });
    expect(resumed.suspended).toBeNull();
  });

  it('decide: a promised item by the department’s approver; an immediate one at the window too', async () => {
    const c = await caseIn('accepted');
    for (const who of ['staff', 'policeStaff', 'cityManager'] as const) expectError(await post(`/api/v1/cases/${c.id}/decide`, token(who), { approved: true }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/decide`, taxApprover.token, { approved: true }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/decide`, otherApprover.token, { approved: true }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/decide`, undefined, { approved: true }), 401, 'UNAUTHENTICATED');
    expect((await call(t, 'POST', `/api/v1/cases/${c.id}/decide`, 200, { token: token('approver'), body: { approved: true } })).approved).toBe(true);

    const quick = await caseIn('accepted', immediate);
    expect(quick.mode).toBe('immediate');
    expect(quick.promisedDeadline).toBe(quick.acceptedOn); // 即办: 0 working days
    expectError(await post(`/api/v1/cases/${quick.id}/decide`, taxApprover.token, { approved: true }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${quick.id}/decide`, token('districtStaff'), { approved: true }), 403, 'FORBIDDEN');
    expect((await call(t, 'POST', `/api/v1/cases/${quick.id}/decide`, 200, { token: token('staff'), body: { approved: true } })).status).toBe('decided');
    expect((await call(t, 'POST', `/api/v1/cases/${quick.id}/complete`, 200, { token: token('staff'), body: { delivery: 'window' } })).status).toBe('completed');
  });

  it('complete: window staff or the department’s approver', async () => {
    const c = await caseIn('decided');
    expectError(await post(`/api/v1/cases/${c.id}/complete`, taxApprover.token, { delivery: 'post' }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/complete`, token('otherManager'), { delivery: 'post' }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/complete`, token('approver'), { delivery: 'drone' }), 400, 'VALIDATION_ERROR');
    expect((await call(t, 'POST', `/api/v1/cases/${c.id}/complete`, 200, { token: token('approver'), body: { delivery: 'electronic' } })).delivery).toBe('electronic');
  });

  it('404 for an unknown case, on every route', async () => {
    for (const action of Object.keys(payloads) as CaseAction[]) expectError(await post(`/api/v1/cases/no-such-case/${action}`, t.adminToken, payloads[action]), 404, 'NOT_FOUND');
    expectError(await t.request('GET', '/api/v1/cases/no-such-case', { token: t.adminToken }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', '/api/v1/cases/no-such-case/steps', { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('reading cases', () => {
  it('GET /api/v1/cases/{id} and /steps: staff and approvers of the case, the supervisor; not other centers or departments', async () => {
    const c = await newCase();
    for (const who of ['staff', 'approver', 'supervisor', 'cityManager', 'policeStaff'] as const) {
      expect((await call(t, 'GET', `/api/v1/cases/${c.id}`, 200, { token: token(who) })).id).toBe(c.id);
      expect(await call(t, 'GET', `/api/v1/cases/${c.id}/steps`, 200, { token: token(who) })).toHaveLength(1);
    }
    for (const url of [`/api/v1/cases/${c.id}`, `/api/v1/cases/${c.id}/steps`]) {
      expectError(await t.request('GET', url), 401, 'UNAUTHENTICATED');
      for (const who of ['otherManager', 'districtStaff', 'agent'] as const) expectError(await t.request('GET', url, { token: token(who) }), 403, 'FORBIDDEN');
      expectError(await t.request('GET', url, { token: taxApprover.token }), 403, 'FORBIDDEN');
      expectError(await t.request('GET', url, { token: o.tokens.kiosk }), 403, 'FORBIDDEN');
    }
    expect(await call(t, 'GET', `/api/v1/cases/${c.id}`, 200, { token: token('staff') })).toEqual(c);
  });

  it('GET /api/v1/centers/{id}/cases: by status and department, newest first, in pages', async () => {
    const { t: t2, o: o2 } = await orgApp();
    try {
      const it2 = await create(t2, '/api/v1/items', { code: 'L-1', name: '列表事项', departmentId: o2.police.id, type: '行政许可', legalDays: 10, promisedDays: 5, materials: [] });
      const tax2 = await create(t2, '/api/v1/items', { code: 'L-2', name: '税务事项', departmentId: o2.tax.id, type: '行政许可', legalDays: 10, promisedDays: 5, materials: [] });
      const make = (itemId: string) => call(t2, 'POST', '/api/v1/cases', 201, { token: t2.adminToken, body: { itemId, applicant: person, channel: 'window', materials: [] } });
      const police = [];
      for (let i = 0; i < 5; i++) police.push(await make(it2.id));
      const taxes = [await make(tax2.id), await make(tax2.id)];
      await call(t2, 'POST', `/api/v1/cases/${police[0].id}/accept`, 200, { token: t2.adminToken });
      await call(t2, 'POST', `/api/v1/cases/${taxes[0].id}/refuse`, 200, { token: t2.adminToken, body: { reason: '不予受理' } });
      const list = (query: string, who = o2.accounts.staff.token) => call(t2, 'GET', `/api/v1/centers/${o2.city.id}/cases${query}`, 200, { token: who });

      const all = await list('');
      expect(all).toMatchObject({ total: 7, page: 1, pageSize: 20 });
      expect(new Set(all.items.map((c: Json) => c.id))).toEqual(new Set([...police, ...taxes].map((c) => c.id)));
      const created = all.items.map((c: Json) => c.createdAt);
      expect(created).toEqual([...created].sort().reverse());
      const pages = [await list('?pageSize=3&page=1'), await list('?pageSize=3&page=2'), await list('?pageSize=3&page=3')];
      expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
      expect(pages.flatMap((p) => p.items.map((c: Json) => c.id))).toEqual(all.items.map((c: Json) => c.id));
      expect(pages.every((p) => p.total === 7)).toBe(true);
      expect((await list('?pageSize=3&page=4')).items).toEqual([]);

      expect((await list('?status=accepted')).items.map((c: Json) => c.id)).toEqual([police[0].id]);
      expect((await list('?status=refused')).items.map((c: Json) => c.id)).toEqual([taxes[0].id]);
      expect((await list('?status=submitted')).total).toBe(5);
      expect((await list(`?departmentId=${o2.tax.id}`)).total).toBe(2);
      expect((await list(`?departmentId=${o2.tax.id}&status=submitted`)).items.map((c: Json) => c.id)).toEqual([taxes[1].id]);
      // By the case number on the notice the applicant brings back, whole or its start.
      expect((await list(`?caseNo=${taxes[1].caseNo}`)).items.map((c: Json) => c.id)).toEqual([taxes[1].id]);
      expect((await list(`?caseNo=${taxes[1].caseNo.slice(0, 8)}`)).total).toBe(7);
      expect((await list('?caseNo=0000')).total).toBe(0);
      expectError(await t2.request('GET', `/api/v1/centers/${o2.city.id}/cases?caseNo=${encodeURIComponent('20%')}`, { token: t2.adminToken }), 400, 'VALIDATION_ERROR');
      // Deadlines five working days away: no warning today.
      expect((await list('?warning=due_soon')).total).toBe(0);
      expect((await list('?warning=overdue')).total).toBe(0);

      // An approver sees their department's cases only.
      expect((await list(`?departmentId=${o2.police.id}`, o2.accounts.approver.token)).total).toBe(5);
      expectError(await t2.request('GET', `/api/v1/centers/${o2.city.id}/cases`, { token: o2.accounts.approver.token }), 403, 'FORBIDDEN');
      expectError(await t2.request('GET', `/api/v1/centers/${o2.city.id}/cases?departmentId=${o2.tax.id}`, { token: o2.accounts.approver.token }), 403, 'FORBIDDEN');
      expectError(await t2.request('GET', `/api/v1/centers/${o2.city.id}/cases`, { token: o2.accounts.otherManager.token }), 403, 'FORBIDDEN');
      expectError(await t2.request('GET', `/api/v1/centers/${o2.city.id}/cases`), 401, 'UNAUTHENTICATED');
      expectError(await t2.request('GET', `/api/v1/centers/${o2.city.id}/cases?status=lost`, { token: t2.adminToken }), 400, 'VALIDATION_ERROR');
      expectError(await t2.request('GET', `/api/v1/centers/${o2.city.id}/cases?warning=red`, { token: t2.adminToken }), 400, 'VALIDATION_ERROR');
      expect((await list('', o2.accounts.supervisor.token)).total).toBe(7);
    } finally {
      await t2.close();
    }
  });
});

describe('the public progress query', () => {
  const query = (caseNo: string, suffix: string, ip = '198.51.100.1') => t.request('GET', `/api/v1/public/cases/${caseNo}?idSuffix=${encodeURIComponent(suffix)}`, { headers: { 'x-forwarded-for': ip } });

  it('answers the right suffix (any case) with masked data only', async () => {
    const c = await newCase({ applicant: { ...person, idNumber: xId } });
    await call(t, 'POST', `/api/v1/cases/${c.id}/accept`, 200, { token: token('staff') });
    for (const suffix of [xId.slice(-6), xId.slice(-6).toLowerCase()]) {
      const res = await query(c.caseNo, suffix);
      expect(res.statusCode, res.body).toBe(200);
      const progress = res.json();
      expect(Object.keys(progress).sort()).toEqual(['applicantName', 'caseNo', 'itemName', 'promisedDeadline', 'rateableId', 'status', 'statusLabel', 'steps']);
      expect(progress.rateableId).toBeNull();
      expect(progress).toMatchObject({ caseNo: c.caseNo, itemName: '测试许可', status: 'accepted', statusLabel: '已受理', promisedDeadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      expect(progress.applicantName).not.toBe(person.name);
      expect(progress.steps).toEqual([
        { name: '申报', at: expect.any(String) },
        { name: '受理', at: expect.any(String) },
      ]);
      expect(res.body).not.toContain(xId);
      expect(res.body).not.toContain(person.phone);
      expect(res.body).not.toContain(person.name);
    }
    const company1 = await newCase({ applicant: company, materials: onPaper() });
    expect((await query(company1.caseNo, creditCode.slice(-6).toLowerCase())).statusCode).toBe(200);
  });

  it('answers a wrong suffix like an unknown number, checks the suffix, and locks an address after 10 wrong guesses', async () => {
    const c = await newCase();
    const wrong = expectError(await query(c.caseNo, '000000', '198.51.100.2'), 404, 'NOT_FOUND');
    const unknown = expectError(await query('20000101000001', personId.slice(-6), '198.51.100.2'), 404, 'NOT_FOUND');
    expect(wrong.message).toBe(unknown.message);
    expectError(await query(c.caseNo, personId.slice(-5), '198.51.100.2'), 400, 'VALIDATION_ERROR');
    expectError(await query(c.caseNo, personId.slice(-7), '198.51.100.2'), 400, 'VALIDATION_ERROR');

    const ip = '203.0.113.9';
    for (let i = 0; i < 10; i++) expectError(await query(c.caseNo, `00000${i}`, ip), 404, 'NOT_FOUND');
    expectError(await query(c.caseNo, '999999', ip), 429, 'TOO_MANY_ATTEMPTS');
    // Even the right suffix waits now; another address is not affected.
    expectError(await query(c.caseNo, personId.slice(-6), ip), 429, 'TOO_MANY_ATTEMPTS');
    expect((await query(c.caseNo, personId.slice(-6), '203.0.113.10')).statusCode).toBe(200);
    expect(await countRows(t, 'case_query_failures', { ip })).toBe(10);
  });
});
