import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectCall, signInCitizen } from '../../../../test/helpers/citizens.ts';
import { addAccount, auditOf, call, countRows, create, expectError, orgApp, type Account, type Org } from '../../../../test/helpers/fixtures.ts';
import type { TestApp } from '../../../../test/helpers/testApp.ts';
import { creditCodeCheckChar } from '../../platform/identity.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { addCalendarDays } from './rules.ts';
import { listAssistanceForProject } from './service.ts';

/** 帮办代办 over HTTP: agents, a company's request from the portal or a window, assignment, plan, services, authorisation, rating, figures. */

type Json = any;
let t: TestApp;
let o: Org;
let company: string;
let stranger: string;
let cityAgent2: Account;
let districtAgent: Account;
let parkAgent: Account;
const today = shanghaiDate();
const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17)!;
const companyCode = creditCode('91440300MA5F00001');
const projectCode = '2026-441900-48-01-012345';

const requestBody = (over: Record<string, unknown> = {}) => ({
  centerId: o.city.id,
  companyName: '示范智造科技有限公司',
  creditCode: companyCode,
  contactName: '林小红',
  contactPhone: '13800138000',
  projectCode,
  need: '新建厂房项目，需办理施工许可',
  ...over,
});
const post = (url: string, token: string | undefined, body?: unknown) => t.request('POST', url, { token, body });

beforeAll(async () => {
  ({ t, o } = await orgApp());
  const citizenCall = injectCall(t);
  company = await signInCitizen(citizenCall, t.database.db, { phone: '13800138000' });
  stranger = await signInCitizen(citizenCall, t.database.db, { phone: '13900139000' });
  cityAgent2 = await addAccount(t, 'agent2', [{ role: 'agent', centerId: o.city.id }]);
  districtAgent = await addAccount(t, 'agentd', [{ role: 'agent', centerId: o.district.id }]);
  parkAgent = await addAccount(t, 'agentp', [{ role: 'agent', centerId: o.district.id }]);
});
afterAll(async () => {
  await t?.close();
});

describe('agents', () => {
  it('managers give agent-role holders a profile; refusals for a non-agent, a park without its name, a duplicate, strangers', async () => {
    const created = await create(t, '/api/v1/agents', { userId: o.accounts.agent.id, centerId: o.city.id, level: 'city', specialties: ['工程建设', ' 工程建设 ', '外资'] }, o.accounts.cityManager.token);
    expect(created).toMatchObject({ userId: o.accounts.agent.id, name: '测试agent', level: 'city', levelLabel: '市级', specialties: ['工程建设', '外资'], active: true, openRequests: 0 });
    expect((await create(t, '/api/v1/agents', { username: 'agent2', centerId: o.city.id, level: 'city' }, o.accounts.cityManager.token)).userId).toBe(cityAgent2.id);
    expectError(await post('/api/v1/agents', o.accounts.cityManager.token, { username: 'nobody', centerId: o.city.id, level: 'city' }), 404, 'NOT_FOUND');
    expectError(await post('/api/v1/agents', o.accounts.cityManager.token, { centerId: o.city.id, level: 'city' }), 400, 'VALIDATION_FAILED');
    await create(t, '/api/v1/agents', { userId: districtAgent.id, centerId: o.district.id, level: 'district', area: '测试区' }, o.accounts.districtManager.token);
    expectError(await post('/api/v1/agents', o.accounts.districtManager.token, { userId: parkAgent.id, centerId: o.district.id, level: 'park' }), 400, 'AREA_REQUIRED');
    await create(t, '/api/v1/agents', { userId: parkAgent.id, centerId: o.district.id, level: 'park', area: '空港经济区' }, o.accounts.districtManager.token);
    expectError(await post('/api/v1/agents', o.accounts.cityManager.token, { userId: o.accounts.staff.id, centerId: o.city.id, level: 'city' }), 400, 'NOT_AN_AGENT');
    expectError(await post('/api/v1/agents', o.accounts.cityManager.token, { userId: o.accounts.agent.id, centerId: o.city.id, level: 'city' }), 409, 'AGENT_EXISTS');
    expectError(await post('/api/v1/agents', o.accounts.otherManager.token, { userId: o.accounts.agent.id, centerId: o.city.id, level: 'city' }), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/agents', undefined, { userId: o.accounts.agent.id, centerId: o.city.id, level: 'city' }), 401, 'UNAUTHENTICATED');
    expectError(await post('/api/v1/agents', o.accounts.cityManager.token, { userId: 'nobody', centerId: o.city.id, level: 'city' }), 404, 'NOT_FOUND');
    expect((await post('/api/v1/agents', o.accounts.cityManager.token, { userId: cityAgent2.id, centerId: o.city.id, level: 'county' })).statusCode).toBe(400);
  });

  it('lists a center’s agents and those below it; an agent reads their own profile; updates and deactivation', async () => {
    const listed = await call(t, 'GET', `/api/v1/agents?centerId=${o.city.id}`, 200, { token: o.accounts.supervisor.token });
    expect(listed.map((a: Json) => a.userId).sort()).toEqual([o.accounts.agent.id, cityAgent2.id, districtAgent.id, parkAgent.id].sort());
    expect((await call(t, 'GET', `/api/v1/agents?centerId=${o.district.id}`, 200, { token: o.accounts.districtManager.token })).length).toBe(2);
    expectError(await t.request('GET', `/api/v1/agents?centerId=${o.city.id}`, { token: o.accounts.staff.token }), 403, 'FORBIDDEN');
    expect((await call(t, 'GET', '/api/v1/agents/me', 200, { token: o.accounts.agent.token })).level).toBe('city');
    expectError(await t.request('GET', '/api/v1/agents/me', { token: o.accounts.staff.token }), 403, 'FORBIDDEN');
    const updated = await call(t, 'PATCH', `/api/v1/agents/${districtAgent.id}`, 200, { token: o.accounts.districtManager.token, body: { specialties: ['外资'], active: false } });
    expect(updated).toMatchObject({ active: false, specialties: ['外资'] });
    await call(t, 'PATCH', `/api/v1/agents/${districtAgent.id}`, 200, { token: o.accounts.districtManager.token, body: { active: true } });
    expectError(await t.request('PATCH', `/api/v1/agents/${districtAgent.id}`, { token: o.accounts.otherManager.token, body: { active: false } }), 403, 'FORBIDDEN');
    expectError(await t.request('PATCH', `/api/v1/agents/${districtAgent.id}`, { token: o.accounts.districtManager.token, body: { level: 'park', area: null } }), 400, 'AREA_REQUIRED');
    expectError(await t.request('PATCH', '/api/v1/agents/nobody', { token: o.accounts.cityManager.token, body: { active: false } }), 404, 'NOT_FOUND');
  });
});

describe('requests', () => {
  it('refuses a bad credit code, phone or project code, a park level without a park, a stranger, a device — writing nothing', async () => {
    const before = await countRows(t, 'assistance_requests');
    expectError(await post('/api/v1/assistance/requests', company, requestBody({ creditCode: '91440300MA5F000010' })), 400, 'INVALID_CREDIT_CODE');
    expectError(await post('/api/v1/assistance/requests', company, requestBody({ contactPhone: '12345' })), 400, 'INVALID_PHONE');
    expectError(await post('/api/v1/assistance/requests', company, requestBody({ projectCode: '2026-4419' })), 400, 'INVALID_PROJECT_CODE');
    expectError(await post('/api/v1/assistance/requests', company, requestBody({ level: 'park' })), 400, 'PARK_REQUIRED');
    expectError(await post('/api/v1/assistance/requests', company, requestBody({ channel: 'window' })), 400, 'INVALID_CHANNEL');
    expectError(await post('/api/v1/assistance/requests', o.accounts.staff.token, requestBody({ channel: 'portal' })), 400, 'INVALID_CHANNEL');
    expectError(await post('/api/v1/assistance/requests', undefined, requestBody()), 401, 'UNAUTHENTICATED');
    expectError(await post('/api/v1/assistance/requests', o.tokens.kiosk, requestBody()), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/assistance/requests', o.accounts.otherManager.token, requestBody()), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/assistance/requests', company, requestBody({ centerId: 'nowhere' })), 404, 'NOT_FOUND');
    expect((await post('/api/v1/assistance/requests', company, requestBody({ need: '' }))).statusCode).toBe(400);
    expect(await countRows(t, 'assistance_requests')).toBe(before);
  });

  it('takes the level from the center asked at (city, district under a town, park by name); staff record window and phone requests', async () => {
    const fromPortal = await create(t, '/api/v1/assistance/requests', requestBody(), company);
    expect(fromPortal).toMatchObject({ level: 'city', channel: 'portal', status: 'submitted', statusLabel: '待分派', contactPhone: '138****8000', contactName: '林*红', agent: null, projectCode });
    const atTown = await create(t, '/api/v1/assistance/requests', requestBody({ centerId: o.town.id, projectCode: null, channel: 'phone' }), o.accounts.districtStaff.token);
    expect(atTown).toMatchObject({ level: 'district', channel: 'phone', enteredBy: '测试districtStaff' });
    const park = await create(t, '/api/v1/assistance/requests', requestBody({ centerId: o.district.id, park: '空港经济区' }), o.accounts.districtStaff.token);
    expect(park).toMatchObject({ level: 'park', park: '空港经济区', channel: 'window' });
    const mine = await call(t, 'GET', '/api/v1/assistance/my-requests', 200, { token: company });
    expect(mine.map((r: Json) => r.id)).toEqual([fromPortal.id]);
    expect(await call(t, 'GET', '/api/v1/assistance/my-requests', 200, { token: stranger })).toEqual([]);
    expectError(await t.request('GET', '/api/v1/assistance/my-requests', { token: o.accounts.staff.token }), 403, 'FORBIDDEN');
    const listed = await call(t, 'GET', `/api/v1/assistance/requests?centerId=${o.city.id}&status=submitted`, 200, { token: o.accounts.cityManager.token });
    expect(listed.total).toBe(3);
    expect((await call(t, 'GET', `/api/v1/assistance/requests?centerId=${o.district.id}&level=park`, 200, { token: o.accounts.districtManager.token })).items.map((r: Json) => r.id)).toEqual([park.id]);
    expect((await call(t, 'GET', `/api/v1/assistance/requests?centerId=${o.city.id}`, 200, { token: o.accounts.staff.token })).total).toBe(3);
    expectError(await t.request('GET', `/api/v1/assistance/requests?centerId=${o.city.id}`, { token: o.accounts.districtStaff.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/assistance/requests?centerId=${o.city.id}`, { token: o.accounts.approver.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/assistance/requests?centerId=${o.city.id}`), 401, 'UNAUTHENTICATED');
  });
});

describe('the main path: assign, accept, plan, serve, authorise, submit on behalf, complete, rate', () => {
  let id: string;

  it('suggests the least-loaded fitting agent; assignment and reassignment keep history; only the manager assigns', async () => {
    id = (await create(t, '/api/v1/assistance/requests', requestBody({ companyName: '示范新材料有限公司', creditCode: creditCode('91440300MA5F00002') }), company)).id;
    const busy = (await create(t, '/api/v1/assistance/requests', requestBody({ projectCode: null }), company)).id;
    await call(t, 'POST', `/api/v1/assistance/requests/${busy}/assign`, 200, { token: o.accounts.cityManager.token, body: { agentUserId: o.accounts.agent.id } });
    const candidates = await call(t, 'GET', `/api/v1/assistance/requests/${id}/candidates`, 200, { token: o.accounts.cityManager.token });
    expect(candidates.suggestedUserId).toBe(cityAgent2.id);
    expect(candidates.agents.map((a: Json) => a.userId)).toEqual([cityAgent2.id, o.accounts.agent.id]);
    expectError(await t.request('GET', `/api/v1/assistance/requests/${id}/candidates`, { token: o.accounts.agent.token }), 403, 'FORBIDDEN');

    const suggested = await call(t, 'POST', `/api/v1/assistance/requests/${id}/assign`, 200, { token: o.accounts.cityManager.token, body: {} });
    expect(suggested).toMatchObject({ status: 'assigned', agent: { userId: cityAgent2.id } });
    expect(suggested.assignments).toMatchObject([{ agentUserId: cityAgent2.id, suggested: true, endedAt: null }]);
    expectError(await post(`/api/v1/assistance/requests/${id}/assign`, o.accounts.cityManager.token, { agentUserId: cityAgent2.id }), 409, 'ALREADY_ASSIGNED');
    expectError(await post(`/api/v1/assistance/requests/${id}/assign`, o.accounts.cityManager.token, { agentUserId: districtAgent.id }), 409, 'AGENT_NOT_ELIGIBLE');
    expectError(await post(`/api/v1/assistance/requests/${id}/assign`, o.accounts.cityManager.token, { agentUserId: 'nobody' }), 404, 'NOT_FOUND');
    expectError(await post(`/api/v1/assistance/requests/${id}/assign`, o.accounts.supervisor.token, {}), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/assistance/requests/${id}/assign`, o.accounts.otherManager.token, {}), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/assistance/requests/nothing/assign', o.accounts.cityManager.token, {}), 404, 'NOT_FOUND');

    const reassigned = await call(t, 'POST', `/api/v1/assistance/requests/${id}/assign`, 200, { token: o.accounts.cityManager.token, body: { agentUserId: o.accounts.agent.id, reason: '熟悉工程建设项目' } });
    expect(reassigned.assignments).toHaveLength(2);
    expect(reassigned.assignments[0].endedAt).not.toBeNull();
    expect(reassigned.assignments[1]).toMatchObject({ agentUserId: o.accounts.agent.id, reason: '熟悉工程建设项目', suggested: true, assignedBy: '测试cityManager' });
    expect((await auditOf(t, id)).map((a) => a.action)).toEqual(['assistance.request.reassign', 'assistance.request.assign', 'assistance.request.submit']);
  });

  it('no fitting agent: 409 NO_AGENT_AVAILABLE; the park request goes to its park agent', async () => {
    const park = (await call(t, 'GET', `/api/v1/assistance/requests?centerId=${o.district.id}&level=park`, 200, { token: o.accounts.districtManager.token })).items[0];
    expect((await call(t, 'POST', `/api/v1/assistance/requests/${park.id}/assign`, 200, { token: o.accounts.districtManager.token, body: {} })).agent.userId).toBe(parkAgent.id);
    const elsewhere = await create(t, '/api/v1/assistance/requests', requestBody({ centerId: o.district.id, park: '高新园区' }), company);
    expectError(await post(`/api/v1/assistance/requests/${elsewhere.id}/assign`, o.accounts.districtManager.token, {}), 409, 'NO_AGENT_AVAILABLE');
  });

  it('only the assigned agent accepts, plans and records; nothing before accepting', async () => {
    expectError(await post(`/api/v1/assistance/requests/${id}/plan-steps`, o.accounts.agent.token, { title: '梳理施工许可材料', dueDate: today }), 409, 'INVALID_REQUEST_STATE');
    expectError(await post(`/api/v1/assistance/requests/${id}/accept`, cityAgent2.token), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/assistance/requests/${id}/complete`, o.accounts.agent.token), 409, 'INVALID_REQUEST_STATE');
    expect((await call(t, 'POST', `/api/v1/assistance/requests/${id}/accept`, 200, { token: o.accounts.agent.token })).status).toBe('in_progress');
    expectError(await post(`/api/v1/assistance/requests/${id}/accept`, o.accounts.agent.token), 409, 'INVALID_REQUEST_STATE');

    let detail = await call(t, 'POST', `/api/v1/assistance/requests/${id}/plan-steps`, 200, { token: o.accounts.agent.token, body: { title: '梳理施工许可材料', dueDate: addCalendarDays(today, 3) } });
    detail = await call(t, 'POST', `/api/v1/assistance/requests/${id}/plan-steps`, 200, { token: o.accounts.agent.token, body: { title: '陪同提交申请', dueDate: addCalendarDays(today, 7) } });
    expect(detail.plan.map((s: Json) => s.title)).toEqual(['梳理施工许可材料', '陪同提交申请']);
    expectError(await post(`/api/v1/assistance/requests/${id}/plan-steps`, o.accounts.agent.token, { title: '日期错', dueDate: '2026-02-30' }), 400, 'INVALID_DATE');
    const stepId = detail.plan[0].id;
    expect((await call(t, 'POST', `/api/v1/assistance/requests/${id}/plan-steps/${stepId}/done`, 200, { token: o.accounts.agent.token })).plan[0].doneAt).not.toBeNull();
    expectError(await post(`/api/v1/assistance/requests/${id}/plan-steps/${stepId}/done`, o.accounts.agent.token), 409, 'STEP_ALREADY_DONE');
    expectError(await post(`/api/v1/assistance/requests/${id}/plan-steps/nothing/done`, o.accounts.agent.token), 404, 'NOT_FOUND');
    expectError(await post(`/api/v1/assistance/requests/${id}/plan-steps`, company, { title: '企业自己加', dueDate: today }), 403, 'FORBIDDEN');

    detail = await call(t, 'POST', `/api/v1/assistance/requests/${id}/services`, 200, { token: o.accounts.agent.token, body: { kind: 'consulting', date: today, minutes: 45, note: '讲解施工许可办理流程' } });
    detail = await call(t, 'POST', `/api/v1/assistance/requests/${id}/services`, 200, { token: o.accounts.agent.token, body: { kind: 'video_meeting', date: today, minutes: 30, note: '5G 视频会商' } });
    expect(detail.totalMinutes).toBe(75);
    expect(detail.services.map((s: Json) => s.kindLabel)).toEqual(['政策咨询', '视频会商']);
    expectError(await post(`/api/v1/assistance/requests/${id}/services`, o.accounts.agent.token, { kind: 'consulting', date: addCalendarDays(today, 1), minutes: 10, note: '明天' }), 400, 'INVALID_SERVICE');
    expect((await post(`/api/v1/assistance/requests/${id}/services`, o.accounts.agent.token, { kind: 'consulting', date: today, minutes: 0, note: '零' })).statusCode).toBe(400);
    expect((await post(`/api/v1/assistance/requests/${id}/services`, o.accounts.agent.token, { kind: 'lunch', date: today, minutes: 10, note: '吃饭' })).statusCode).toBe(400);
    expectError(await post(`/api/v1/assistance/requests/${id}/services`, cityAgent2.token, { kind: 'consulting', date: today, minutes: 10, note: '不是我的' }), 403, 'FORBIDDEN');
  });

  it('submitting on behalf needs the company’s authorisation: required, granted and used (audited), expired, revoked', async () => {
    const submission = { kind: 'submission_on_behalf', date: today, minutes: 60, note: '代为提交施工许可申请' };
    expectError(await post(`/api/v1/assistance/requests/${id}/services`, o.accounts.agent.token, submission), 403, 'AUTHORISATION_REQUIRED');
    expectError(await post(`/api/v1/assistance/requests/${id}/authorisations`, company, { scope: '施工许可申报', validUntil: addCalendarDays(today, 181) }), 400, 'INVALID_VALID_UNTIL');
    expectError(await post(`/api/v1/assistance/requests/${id}/authorisations`, company, { scope: '施工许可申报', validUntil: addCalendarDays(today, -1) }), 400, 'INVALID_VALID_UNTIL');
    expectError(await post(`/api/v1/assistance/requests/${id}/authorisations`, stranger, { scope: '施工许可申报', validUntil: today }), 404, 'NOT_FOUND');
    expectError(await post(`/api/v1/assistance/requests/${id}/authorisations`, o.accounts.agent.token, { scope: '自己授权自己', validUntil: today }), 403, 'FORBIDDEN');

    let detail = await call(t, 'POST', `/api/v1/assistance/requests/${id}/authorisations`, 200, { token: company, body: { scope: '施工许可申报', validUntil: addCalendarDays(today, 30) } });
    const authorisation = detail.authorisations[0];
    expect(authorisation).toMatchObject({ agentUserId: o.accounts.agent.id, state: 'valid', stateLabel: '有效', scope: '施工许可申报' });
    detail = await call(t, 'POST', `/api/v1/assistance/requests/${id}/services`, 200, { token: o.accounts.agent.token, body: submission });
    expect(detail.services.at(-1)).toMatchObject({ kind: 'submission_on_behalf', authorisationId: authorisation.id });
    expect((await auditOf(t, authorisation.id)).map((a) => [a.action, a.actorKind])).toEqual([
      ['assistance.authorisation.use', 'user'],
      ['assistance.authorisation.grant', 'citizen'],
    ]);

    // Time passes: the last day slips behind today, and the state follows without any sweep.
    await t.database.db.updateTable('assistance_authorisations').set({ valid_until: addCalendarDays(today, -1) }).where('id', '=', authorisation.id).execute();
    expect((await call(t, 'GET', `/api/v1/assistance/requests/${id}`, 200, { token: company })).authorisations[0].state).toBe('expired');
    expectError(await post(`/api/v1/assistance/requests/${id}/services`, o.accounts.agent.token, submission), 403, 'AUTHORISATION_EXPIRED');

    detail = await call(t, 'POST', `/api/v1/assistance/requests/${id}/authorisations`, 200, { token: company, body: { scope: '施工许可申报（续）', validUntil: addCalendarDays(today, 10) } });
    const renewed = detail.authorisations.find((a: Json) => a.state === 'valid');
    detail = await call(t, 'POST', `/api/v1/assistance/requests/${id}/authorisations/${renewed.id}/revoke`, 200, { token: company });
    expect(detail.authorisations.find((a: Json) => a.id === renewed.id).state).toBe('revoked');
    expectError(await post(`/api/v1/assistance/requests/${id}/authorisations/${renewed.id}/revoke`, company), 409, 'AUTHORISATION_REVOKED');
    expectError(await post(`/api/v1/assistance/requests/${id}/authorisations/nothing/revoke`, company), 404, 'NOT_FOUND');
    expectError(await post(`/api/v1/assistance/requests/${id}/services`, o.accounts.agent.token, submission), 403, 'AUTHORISATION_EXPIRED');
    expect((await auditOf(t, renewed.id)).map((a) => a.action)).toEqual(['assistance.authorisation.revoke', 'assistance.authorisation.grant']);
  });

  it('the company sees its agent, plan and progress (masked); the whole phone is for the agent and manager, audited', async () => {
    const seen = await call(t, 'GET', `/api/v1/assistance/requests/${id}`, 200, { token: company });
    expect(seen).toMatchObject({ agent: { userId: o.accounts.agent.id, name: '测试agent' }, status: 'in_progress', contactPhone: '138****8000' });
    expect(seen.plan).toHaveLength(2);
    expectError(await t.request('GET', `/api/v1/assistance/requests/${id}`, { token: stranger }), 404, 'NOT_FOUND');
    expect((await call(t, 'GET', `/api/v1/assistance/requests/${id}`, 200, { token: o.accounts.staff.token })).contactPhone).toBe('138****8000');
    expectError(await t.request('GET', `/api/v1/assistance/requests/${id}`, { token: o.accounts.approver.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/assistance/requests/${id}/contact`, { token: o.accounts.staff.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/assistance/requests/${id}`), 401, 'UNAUTHENTICATED');
    expect((await call(t, 'GET', `/api/v1/assistance/requests/${id}`, 200, { token: o.accounts.supervisor.token })).id).toBe(id);
    expect(await call(t, 'GET', `/api/v1/assistance/requests/${id}/contact`, 200, { token: o.accounts.agent.token })).toEqual({ contactName: '林小红', contactPhone: '13800138000' });
    expect((await auditOf(t, id))[0]).toMatchObject({ action: 'assistance.request.read_contact', actorId: o.accounts.agent.id });
    expectError(await t.request('GET', `/api/v1/assistance/requests/${id}/contact`, { token: o.accounts.supervisor.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/assistance/requests/${id}/contact`, { token: company }), 403, 'FORBIDDEN');
    const forAgent = await call(t, 'GET', '/api/v1/agents/me/requests?status=in_progress', 200, { token: o.accounts.agent.token });
    expect(forAgent.map((r: Json) => r.id)).toEqual([id]);
  });

  it('rated once by the company after completion; withdrawal only while open', async () => {
    expectError(await post(`/api/v1/assistance/requests/${id}/rating`, company, { score: 5 }), 409, 'NOT_RATEABLE');
    expect((await call(t, 'POST', `/api/v1/assistance/requests/${id}/complete`, 200, { token: o.accounts.agent.token })).status).toBe('completed');
    expectError(await post(`/api/v1/assistance/requests/${id}/services`, o.accounts.agent.token, { kind: 'consulting', date: today, minutes: 5, note: '办结后' }), 409, 'INVALID_REQUEST_STATE');
    expectError(await post(`/api/v1/assistance/requests/${id}/authorisations`, company, { scope: '办结后', validUntil: today }), 409, 'INVALID_REQUEST_STATE');
    expect((await post(`/api/v1/assistance/requests/${id}/rating`, company, { score: 6 })).statusCode).toBe(400);
    expectError(await post(`/api/v1/assistance/requests/${id}/rating`, o.accounts.agent.token, { score: 5 }), 403, 'FORBIDDEN');
    const rated = await call(t, 'POST', `/api/v1/assistance/requests/${id}/rating`, 200, { token: company, body: { score: 5, comment: '随叫随应，非常专业' } });
    expect(rated.rating).toMatchObject({ score: 5, comment: '随叫随应，非常专业' });
    expectError(await post(`/api/v1/assistance/requests/${id}/rating`, company, { score: 1 }), 409, 'ALREADY_RATED');
    expectError(await post(`/api/v1/assistance/requests/${id}/withdraw`, company), 409, 'INVALID_REQUEST_STATE');

    const another = await create(t, '/api/v1/assistance/requests', requestBody({ projectCode: null }), company);
    expectError(await post(`/api/v1/assistance/requests/${another.id}/withdraw`, stranger), 404, 'NOT_FOUND');
    expectError(await post(`/api/v1/assistance/requests/${another.id}/withdraw`, o.accounts.agent.token), 403, 'FORBIDDEN');
    expect((await call(t, 'POST', `/api/v1/assistance/requests/${another.id}/withdraw`, 200, { token: company })).status).toBe('withdrawn');
    expectError(await post(`/api/v1/assistance/requests/${another.id}/assign`, o.accounts.cityManager.token, {}), 409, 'INVALID_REQUEST_STATE');
  });

  it('figures: companies, projects, services, minutes and rating, per agent and level; the project ledger’s view by code', async () => {
    const figures = await call(t, 'GET', `/api/v1/assistance/figures?centerId=${o.city.id}&from=${today}&to=${today}`, 200, { token: o.accounts.supervisor.token });
    expect(figures.total).toEqual({ companies: 1, projects: 1, services: 3, minutes: 135, ratings: 1, averageRating: 5 });
    expect(figures.byAgent).toEqual([expect.objectContaining({ agentUserId: o.accounts.agent.id, services: 3, minutes: 135 })]);
    expect(figures.byLevel.find((l: Json) => l.level === 'city')).toMatchObject({ services: 3, companies: 1 });
    const earlier = await call(t, 'GET', `/api/v1/assistance/figures?centerId=${o.city.id}&to=${addCalendarDays(today, -1)}`, 200, { token: o.accounts.cityManager.token });
    expect(earlier.total).toMatchObject({ services: 0, ratings: 0, averageRating: null });
    expectError(await t.request('GET', `/api/v1/assistance/figures?centerId=${o.city.id}&from=${today}&to=${addCalendarDays(today, -1)}`, { token: o.accounts.supervisor.token }), 400, 'INVALID_RANGE');
    expect((await t.request('GET', `/api/v1/assistance/figures?centerId=${o.city.id}&from=yesterday`, { token: o.accounts.supervisor.token })).statusCode).toBe(400);
    expectError(await t.request('GET', `/api/v1/assistance/figures?centerId=${o.city.id}`, { token: o.accounts.agent.token }), 403, 'FORBIDDEN');

    const forProject = await listAssistanceForProject(t.database.db, projectCode);
    const served = forProject.find((r) => r.status === 'completed')!;
    expect(served).toMatchObject({ agent: { userId: o.accounts.agent.id }, totalMinutes: 135 });
    expect(served.services).toHaveLength(3);
    expect(forProject.every((r) => r.projectCode === projectCode)).toBe(true);
    expect(await listAssistanceForProject(t.database.db, '2026-000000-00-00-000000')).toEqual([]);
  });
});
