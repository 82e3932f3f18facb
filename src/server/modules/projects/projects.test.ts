import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../platform/identity.ts';
import type { Actor } from '../../platform/audit.ts';
import { auditOf, call, countRows, create, expectError, orgApp, type Org } from '../../../../test/helpers/fixtures.ts';
import type { TestApp } from '../../../../test/helpers/testApp.ts';
import { createProject } from './service.ts';

/** 一本总账, 暖企 policies and 政务定制 through HTTP: each use case, each refusal, nothing half-written. */

type Json = any;
let t: TestApp;
let o: Org;
const items: Record<string, Json> = {};

const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17)!;
const owner = creditCode('91441900MA51ABCDE');
const otherCompany = creditCode('91441900MA51FGHJK');
/** The id of an item's 是否委托他人代办 question. */
const proxyOf = (code: string): string => items[code].situations[0].id;
const token = (who: keyof Org['accounts']) => o.accounts[who].token;
const post = (url: string, who: string | undefined, body?: unknown) => t.request('POST', url, { token: who, body });
const project = (extra: Record<string, unknown> = {}) => ({ code: '2026-441900-48-01-012345', name: '示范智能制造产业园一期', ownerCreditCode: owner, ownerName: '示范智造科技有限公司', location: '东城区科技大道 18 号', centerId: o.city.id, ...extra });

const item = async (code: string, name: string, extra: Record<string, unknown> = {}) =>
  (items[code] = await create(t, '/api/v1/items', { code, name, departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, audience: ['company'], materials: [{ name: '申请书' }], ...extra }));

/** A case of `code` for a company, taken in by window staff and, unless left open, completed with approval by the admin. */
async function companyCase(code: string, creditCodeOf = owner, complete = true): Promise<Json> {
  const it = items[code];
  const created = await call(t, 'POST', '/api/v1/cases', 201, {
    token: token('staff'),
    body: { itemId: it.id, applicant: { kind: 'company', creditCode: creditCodeOf, name: '示范智造科技有限公司', contact: '林经理', phone: '13800138000' }, channel: 'window', materials: it.materials.map((m: Json) => ({ materialId: m.id, status: 'received' })) },
  });
  if (!complete) return created;
  for (const [action, body] of [['accept'], ['decide', { approved: true }], ['complete', { delivery: 'window' }]] as const) await call(t, 'POST', `/api/v1/cases/${created.id}/${action}`, 200, { token: t.adminToken, body });
  return created;
}

beforeAll(async () => {
  ({ t, o } = await orgApp());
  await item('GD-0117', '企业投资项目备案');
  await item('GD-0103', '建设项目用地预审与选址意见书核发');
  await item('GD-0101', '建设用地规划许可证核发');
  await item('GD-0202', '暖企政策：中小企业稳岗补贴申领', { type: '行政给付' });
  await item('GD-0204', '创业担保贷款贴息', { type: '行政给付' });
  const proxy = [{ question: '是否委托他人代办？', options: [{ id: 'self', label: '本人办理' }, { id: 'agent', label: '委托代办' }] }];
  await item('GD-0002', '有限责任公司变更登记', { changesLicence: '营业执照', changeKinds: ['address', 'name'], situations: proxy, materials: [{ name: '变更登记申请书' }, { name: '授权委托书', optionIds: ['agent'] }] });
  await item('GD-0015-BG', '食品经营许可（变更）', { changesLicence: '食品经营许可证', changeKinds: ['address'], situations: proxy, materials: [{ name: '变更申请书' }] });
  await item('GD-0030-BG', '药品经营许可（变更）', { changesLicence: '药品经营许可证', changeKinds: ['address'], materials: [{ name: '变更申请书' }] });
});
afterAll(async () => {
  await t?.close();
});

describe('stage settings', () => {
  it('lists the eight stages with norms and the 工程建设 items of each (data seeded from items.csv)', async () => {
    const settings = await call(t, 'GET', '/api/v1/projects/stages', 200, { token: token('staff') });
    expect(settings.map((s: Json) => s.label)).toEqual(['招商引资', '立项', '用地', '规划', '施工许可', '竣工验收', '不动产登记', '投产']);
    expect(settings[1].items).toEqual([{ code: 'GD-0117', name: '企业投资项目备案' }]);
    expect(settings[2].items.map((i: Json) => i.code)).toEqual(['GD-0103', 'GD-0101']);
  });

  it('only a global administrator changes them, audited', async () => {
    expectError(await t.request('PUT', '/api/v1/projects/stages/production', { token: token('cityAdmin'), body: { normDays: 30, items: [] } }), 403, 'FORBIDDEN');
    expectError(await t.request('PUT', '/api/v1/projects/stages/nowhere', { token: t.adminToken, body: { normDays: 30, items: [] } }), 400, 'VALIDATION_ERROR');
    const changed = await call(t, 'PUT', '/api/v1/projects/stages/production', 200, { token: t.adminToken, body: { normDays: 30, items: [] } });
    expect(changed).toMatchObject({ stage: 'production', normDays: 30 });
    expect((await auditOf(t, 'production')).map((a) => a.action)).toContain('project.stage_setting.update');
  });
});

describe('a project through its stages', () => {
  let id: string;

  it('registers a project by its 投资项目代码 and owner credit code, in 招商引资', async () => {
    const created = await call(t, 'POST', '/api/v1/projects', 201, { token: token('agent'), body: project() });
    id = created.id;
    expect(created).toMatchObject({ stage: 'attract', stageLabel: '招商引资', ownerCreditCode: owner, linkedCases: 0, bottlenecks: [] });
    expect(created.stages.map((s: Json) => s.state)).toEqual(['current', 'ahead', 'ahead', 'ahead', 'ahead', 'ahead', 'ahead', 'ahead']);
    expect(created.history).toHaveLength(1);
    expect(created.history[0].enteredBy).toBe('测试agent');
  });

  it('refuses a malformed code, a bad credit code, a code already registered, strangers and the wrong center', async () => {
    const before = await countRows(t, 'projects');
    expectError(await post('/api/v1/projects', token('staff'), project({ code: '2026-4419-48-01-012345' })), 400, 'INVALID_PROJECT_CODE');
    expectError(await post('/api/v1/projects', token('staff'), project({ code: '2026-441900-48-01-099999', ownerCreditCode: '91441900MA51ABCDE0' })), 400, 'INVALID_CREDIT_CODE');
    expectError(await post('/api/v1/projects', token('staff'), project()), 409, 'PROJECT_EXISTS');
    expectError(await post('/api/v1/projects', undefined, project({ code: '2026-441900-48-01-099999' })), 401, 'UNAUTHENTICATED');
    expectError(await post('/api/v1/projects', token('supervisor'), project({ code: '2026-441900-48-01-099999' })), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/projects', token('otherManager'), project({ code: '2026-441900-48-01-099999' })), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/projects', token('staff'), { ...project(), name: '' }), 400, 'VALIDATION_ERROR');
    expect(await countRows(t, 'projects')).toBe(before);
    expectError(await t.request('GET', `/api/v1/projects/${id}`, { token: token('otherManager') }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/projects/nope', { token: token('staff') }), 404, 'NOT_FOUND');
  });

  it('moves to 立项 (no items in 招商引资); skipping a stage or going back is refused', async () => {
    expectError(await post(`/api/v1/projects/${id}/advance`, token('staff'), { toStage: 'land' }), 409, 'STAGE_SKIPPED');
    const moved = await call(t, 'POST', `/api/v1/projects/${id}/advance`, 200, { token: token('staff'), body: { toStage: 'approval' } });
    expect(moved.stage).toBe('approval');
    expect(moved.stages[1].nextRequiredItems).toEqual([{ code: 'GD-0117', name: '企业投资项目备案' }]);
    expectError(await post(`/api/v1/projects/${id}/advance`, token('staff'), { toStage: 'attract' }), 409, 'STAGE_BACKWARDS');
  });

  it('will not leave 立项 while 企业投资项目备案 has no completed case, naming what is missing', async () => {
    const refused = expectError(await post(`/api/v1/projects/${id}/advance`, token('staff'), { toStage: 'land' }), 409, 'REQUIRED_ITEMS_PENDING');
    expect(refused.message).toContain('企业投资项目备案');
    expect(refused.details).toEqual({ items: [{ code: 'GD-0117', name: '企业投资项目备案' }] });
  });

  it('links the owner case by number (stage from its item); refuses another company case, a case of a stage not reached, a second link, an unknown number', async () => {
    const foreign = await companyCase('GD-0117', otherCompany);
    expectError(await post(`/api/v1/projects/${id}/cases`, token('staff'), { caseNo: foreign.caseNo }), 409, 'CASE_NOT_OF_OWNER');
    expectError(await post(`/api/v1/projects/${id}/cases`, token('staff'), { caseNo: '20990101-9999' }), 409, 'CASE_NOT_OF_OWNER');
    const landCase = await companyCase('GD-0103', owner, false);
    expectError(await post(`/api/v1/projects/${id}/cases`, token('staff'), { caseNo: landCase.caseNo }), 409, 'STAGE_NOT_REACHED');
    const filing = await companyCase('GD-0117');
    expectError(await post(`/api/v1/projects/${id}/cases`, token('staff'), { caseNo: filing.caseNo, stage: 'land' }), 409, 'STAGE_NOT_REACHED');
    const linked = await call(t, 'POST', `/api/v1/projects/${id}/cases`, 200, { token: token('agent'), body: { caseNo: filing.caseNo } });
    const approval = linked.stages[1];
    expect(approval.cases).toMatchObject([{ caseNo: filing.caseNo, itemCode: 'GD-0117', completed: true, status: 'completed', linkedBy: '测试agent' }]);
    expect(approval.nextRequiredItems).toEqual([]);
    expectError(await post(`/api/v1/projects/${id}/cases`, token('staff'), { caseNo: filing.caseNo }), 409, 'CASE_ALREADY_LINKED');
    expect((await auditOf(t, id)).map((a) => a.action)).toContain('project.case.link');
  });

  it('then moves to 用地 with the stage history (who, when) and the 用地 items next', async () => {
    const moved = await call(t, 'POST', `/api/v1/projects/${id}/advance`, 200, { token: token('agent'), body: { toStage: 'land' } });
    expect(moved.stage).toBe('land');
    expect(moved.history.map((h: Json) => [h.stage, h.leftBy, h.overrideReason])).toEqual([
      ['attract', '测试staff', null],
      ['approval', '测试agent', null],
      ['land', null, null],
    ]);
    expect(moved.stages[2].nextRequiredItems.map((i: Json) => i.code)).toEqual(['GD-0103', 'GD-0101']);
    expect(moved.stages.slice(0, 3).map((s: Json) => s.elapsedDays)).toEqual([0, 0, 0]);
  });

  it('an open case counts as linked but not done; leaving with items pending takes an explicit reason, audited', async () => {
    const open = await companyCase('GD-0103', owner, false);
    const linked = await call(t, 'POST', `/api/v1/projects/${id}/cases`, 200, { token: token('staff'), body: { caseNo: open.caseNo } });
    expect(linked.stages[2].nextRequiredItems.map((i: Json) => i.code)).toEqual(['GD-0103', 'GD-0101']);
    expectError(await post(`/api/v1/projects/${id}/advance`, token('staff'), { toStage: 'planning', overrideReason: '  ' }), 409, 'REQUIRED_ITEMS_PENDING');
    const moved = await call(t, 'POST', `/api/v1/projects/${id}/advance`, 200, { token: token('cityManager'), body: { toStage: 'planning', overrideReason: '用地手续并联办理，容缺推进' } });
    expect(moved.stages[2]).toMatchObject({ state: 'done', overrideReason: '用地手续并联办理，容缺推进' });
    const override = (await auditOf(t, id)).find((a) => a.action === 'project.stage.override')!;
    expect(override.after).toMatchObject({ stage: 'planning', overrideReason: '用地手续并联办理，容缺推进', pendingItems: ['GD-0103', 'GD-0101'] });
  });

  it('a stage past its norm is a bottleneck, counted in working days (Asia/Shanghai calendar)', async () => {
    const admin: Actor = { kind: 'user', id: 'x', name: '管理员' };
    const principal = { kind: 'user' as const, id: 'x', username: 'admin', name: '管理员', roles: [{ role: 'admin' as const, centerId: null, departmentId: null }], sessionId: 's' };
    // Entered 立项 on Monday 2026-09-28: 国庆 (10-01…10-08) holds no working days, the 调休 Sunday 09-27 is before it.
    const late = await createProject(t.database.db, principal, admin, project({ code: '2026-441900-48-01-000777', stage: 'approval' }), new Date('2026-09-28T02:00:00Z'));
    const detail = await call(t, 'GET', `/api/v1/projects/${late.id}`, 200, { token: token('supervisor') });
    expect(detail.stageDays).toBeGreaterThan(5);
    expect(detail.bottlenecks).toEqual([{ stage: 'approval', kind: 'over_norm', reason: `立项阶段已用 ${detail.stageDays} 个工作日，超过标准 5 个工作日` }]);
    const listed = await call(t, 'GET', '/api/v1/projects?stage=approval', 200, { token: token('staff') });
    expect(listed.items.map((p: Json) => [p.code, p.bottlenecks.length])).toEqual([['2026-441900-48-01-000777', 1]]);
  });

  it('lists by stage and search, only for the centers one may see, with the ledger figures', async () => {
    const all = await call(t, 'GET', '/api/v1/projects', 200, { token: token('staff') });
    expect(all.total).toBe(2);
    expect((await call(t, 'GET', '/api/v1/projects?q=000777', 200, { token: token('staff') })).total).toBe(1);
    expect((await call(t, 'GET', '/api/v1/projects', 200, { token: token('otherManager') })).total).toBe(0);
    expectError(await t.request('GET', `/api/v1/projects?centerId=${o.city.id}`, { token: token('otherManager') }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/projects', { token: o.tokens.kiosk }), 403, 'FORBIDDEN');
    const figures = await call(t, 'GET', '/api/v1/projects/figures', 200, { token: token('cityManager') });
    expect(figures).toMatchObject({ companies: 1, projects: 2, linkedCases: 2, customBundles: 0 });
    expect(figures.byStage.filter((s: Json) => s.projects > 0).map((s: Json) => [s.label, s.projects])).toEqual([['立项', 1], ['规划', 1]]);
  });
});

describe('帮办代办 on the ledger (modules/assistance)', () => {
  it('shows the project agent and services on the project, and the services in the figures of those who may read them', async () => {
    const code = '2026-441900-48-01-012345';
    const [{ id }] = (await call(t, 'GET', `/api/v1/projects?q=${code}`, 200, { token: token('staff') })).items;
    await create(t, '/api/v1/agents', { userId: o.accounts.agent.id, centerId: o.city.id, level: 'city' });
    const request = await create(t, '/api/v1/assistance/requests', { centerId: o.city.id, companyName: '示范智造科技有限公司', creditCode: owner, contactName: '林经理', contactPhone: '13800138000', projectCode: code, need: '产业园一期用地、规划手续全程帮办' }, token('staff'));
    await call(t, 'POST', `/api/v1/assistance/requests/${request.id}/assign`, 200, { token: token('cityManager'), body: { agentUserId: o.accounts.agent.id } });
    await call(t, 'POST', `/api/v1/assistance/requests/${request.id}/accept`, 200, { token: token('agent') });
    await call(t, 'POST', `/api/v1/assistance/requests/${request.id}/services`, 200, { token: token('agent'), body: { kind: 'consulting', date: '2026-11-20', minutes: 90, note: '讲解用地预审材料' } });
    const detail = await call(t, 'GET', `/api/v1/projects/${id}`, 200, { token: token('agent') });
    expect(detail.assistance).toMatchObject([{ agentName: '测试agent', totalMinutes: 90, services: [{ date: '2026-11-20', minutes: 90, note: '讲解用地预审材料' }] }]);
    const managerFigures = await call(t, 'GET', `/api/v1/projects/figures?centerId=${o.city.id}`, 200, { token: token('cityManager') });
    expect(managerFigures.assistance).toEqual({ companies: 1, projects: 1, services: 1, minutes: 90 });
    expect((await call(t, 'GET', `/api/v1/projects/figures?centerId=${o.city.id}`, 200, { token: token('staff') })).assistance).toBeNull();
  });
});

describe('暖企 policies', () => {
  const profile = { creditCode: owner, name: '示范智造科技有限公司', industry: '制造业', employees: 80, revenueFen: 3_000_000_000, district: '东城区', foundedOn: '2020-06-15' };

  it('a global administrator adds policies on catalogue items with criteria as data', async () => {
    const stable = await create(t, '/api/v1/policies', { itemId: items['GD-0202'].id, name: '中小企业稳岗补贴', kind: 'subsidy', benefit: '按上年度实际缴纳失业保险费的 60% 返还', criteria: { industries: ['制造业', '批发和零售业'], maxEmployees: 300, districts: ['东城区'], minYearsFounded: 1 } });
    expect(stable).toMatchObject({ itemCode: 'GD-0202', departmentName: '公安局' });
    await create(t, '/api/v1/policies', { itemId: items['GD-0204'].id, name: '创业担保贷款贴息', kind: 'interest', benefit: '贷款额度最高 300 万元，财政贴息 50%', criteria: { maxYearsFounded: 3, maxEmployees: 100 } });
    expectError(await post('/api/v1/policies', token('cityAdmin'), { itemId: items['GD-0204'].id, name: 'x', kind: 'relief', benefit: 'x', criteria: {} }), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/policies', t.adminToken, { itemId: 'nope', name: 'x', kind: 'relief', benefit: 'x', criteria: {} }), 400, 'INVALID_REFERENCE');
    expectError(await post('/api/v1/policies', t.adminToken, { itemId: items['GD-0204'].id, name: '创业担保贷款贴息', kind: 'relief', benefit: 'x', criteria: {} }), 409, 'POLICY_EXISTS');
    expectError(await post('/api/v1/policies', t.adminToken, { itemId: items['GD-0204'].id, name: 'y', kind: 'relief', benefit: 'x', criteria: { minEmployees: 10, maxEmployees: 5 } }), 400, 'INVALID_CRITERIA');
    expect((await call(t, 'GET', '/api/v1/policies', 200)).map((p: Json) => p.name).sort()).toEqual(['中小企业稳岗补贴', '创业担保贷款贴息'].sort());
  });

  it('suggests the policies a profile qualifies for with reasons, and near misses with what is missing; keeps the profile', async () => {
    const suggested = await call(t, 'POST', '/api/v1/policies/eligible-policies', 200, { token: token('agent'), body: profile });
    expect(suggested.eligible.map((p: Json) => p.name)).toEqual(['中小企业稳岗补贴']);
    expect(suggested.eligible[0].reasons).toContain('注册地在东城区');
    expect(suggested.nearMisses.map((p: Json) => [p.name, p.missing])).toEqual([['创业担保贷款贴息', ['限成立不满 3 年的企业（已成立 6 年）']]]);
    expect(await call(t, 'GET', `/api/v1/policies/profiles/${owner}`, 200, { token: token('staff') })).toEqual(profile);
  });

  it('refuses a bad credit code, an unknown industry, a future founding date, no sign-in; an unknown profile is 404', async () => {
    expectError(await post('/api/v1/policies/eligible-policies', token('staff'), { ...profile, creditCode: '91441900MA51ABCDE0' }), 400, 'INVALID_CREDIT_CODE');
    expectError(await post('/api/v1/policies/eligible-policies', token('staff'), { ...profile, industry: '炼金术' }), 400, 'VALIDATION_ERROR');
    expectError(await post('/api/v1/policies/eligible-policies', token('staff'), { ...profile, foundedOn: '2999-01-01' }), 400, 'INVALID_DATE');
    expectError(await post('/api/v1/policies/eligible-policies', undefined, profile), 401, 'UNAUTHENTICATED');
    expectError(await t.request('GET', `/api/v1/policies/profiles/${otherCompany}`, { token: token('staff') }), 404, 'NOT_FOUND');
  });
});

describe('政务定制', () => {
  const company = { creditCode: owner, name: '示范智造科技有限公司', contact: '林经理', phone: '13800138000' };
  const held = ['营业执照', '食品经营许可证'];

  it('proposes the change items of the licences held, the business licence first', async () => {
    const { items: proposed } = await call(t, 'POST', '/api/v1/custom-bundles/proposals', 200, { token: token('staff'), body: { heldLicences: held, change: 'address' } });
    expect(proposed.map((i: Json) => i.code)).toEqual(['GD-0002', 'GD-0015-BG']);
    expect(proposed[0].situations[0].question).toBe('是否委托他人代办？');
    expect((await call(t, 'POST', '/api/v1/custom-bundles/proposals', 200, { token: token('staff'), body: { heldLicences: held, change: 'scope' } })).items).toEqual([]);
  });

  it('starts them as one bundle: a case per item in one go, grouped, counted in the figures', async () => {
    const answers = { [proxyOf('GD-0002')]: 'agent' };
    const started = await call(t, 'POST', '/api/v1/custom-bundles', 201, {
      token: token('staff'),
      body: { centerId: o.city.id, company, heldLicences: held, change: 'address', items: [{ itemId: items['GD-0015-BG'].id, answers: { [proxyOf('GD-0015-BG')]: 'self' } }, { itemId: items['GD-0002'].id, answers }], materialsReceived: true },
    });
    expect(started.cases.map((c: Json) => [c.itemName, c.status])).toEqual([['有限责任公司变更登记', 'submitted'], ['食品经营许可（变更）', 'submitted']]);
    const firstCase = await call(t, 'GET', `/api/v1/cases/${started.cases[0].caseId}`, 200, { token: t.adminToken });
    expect(firstCase.materials.map((m: Json) => [m.name, m.status])).toEqual([['变更登记申请书', 'received'], ['授权委托书', 'received']]);
    expect(await call(t, 'GET', `/api/v1/custom-bundles/${started.id}`, 200, { token: token('supervisor') })).toEqual(started);
    expect((await call(t, 'GET', '/api/v1/projects/figures', 200, { token: token('staff') })).customBundles).toBe(1);
  });

  it('refuses a set other than the proposal, unchecked materials, a stranger, a bad phone; a failure half-way writes nothing', async () => {
    const body = { centerId: o.city.id, company, heldLicences: held, change: 'address', items: [{ itemId: items['GD-0002'].id, answers: { [proxyOf('GD-0002')]: 'self' } }, { itemId: items['GD-0015-BG'].id, answers: { [proxyOf('GD-0015-BG')]: 'self' } }], materialsReceived: true };
    const cases = await countRows(t, 'cases');
    const bundles = await countRows(t, 'custom_bundles');
    expectError(await post('/api/v1/custom-bundles', token('staff'), { ...body, items: body.items.slice(0, 1) }), 400, 'INVALID_BUNDLE');
    expectError(await post('/api/v1/custom-bundles', token('staff'), { ...body, items: [...body.items, { itemId: items['GD-0030-BG'].id, answers: {} }] }), 400, 'INVALID_BUNDLE');
    expectError(await post('/api/v1/custom-bundles', token('staff'), { ...body, materialsReceived: false }), 400, 'MATERIALS_NOT_CONFIRMED');
    expectError(await post('/api/v1/custom-bundles', token('staff'), { ...body, company: { ...company, phone: '12345' } }), 400, 'INVALID_PHONE');
    expectError(await post('/api/v1/custom-bundles', token('agent'), body), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/custom-bundles', token('otherManager'), body), 403, 'FORBIDDEN');
    // The first case is made, the second item's answer is wrong: the whole bundle is rolled back.
    expectError(await post('/api/v1/custom-bundles', token('staff'), { ...body, items: [body.items[0], { itemId: items['GD-0015-BG'].id, answers: { [proxyOf('GD-0015-BG')]: 'nobody' } }] }), 400, 'INVALID_ANSWER');
    expect(await countRows(t, 'cases')).toBe(cases);
    expect(await countRows(t, 'custom_bundles')).toBe(bundles);
    expect(await countRows(t, 'custom_bundle_cases')).toBe(2);
  });
});
