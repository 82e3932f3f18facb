import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, auditOf, call, create, expectError, expectRefused, orgApp, type Account, type Org } from '../../../../test/helpers/fixtures.ts';
import type { TestApp } from '../../../../test/helpers/testApp.ts';
import { newId } from '../../platform/ids.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { rateService } from '../ratings/service.ts';
import { rollUpDay } from '../stats/service.ts';

/** 标杆大厅 assessment over HTTP: rounds, criteria, automatic indicators from statistics, self-assessment, findings and follow-up, ranking. */

type Json = any;
let t: TestApp;
let o: Org;
let province: Json;
let provinceAdmin: Account;
let inspector: Account;
const statsDay = '2026-03-02';
const nextYear = Number(shanghaiDate().slice(0, 4)) + 1;
const openDeadline = `${nextYear}-12-31`;

const post = (url: string, token: string | undefined, body?: unknown) => t.request('POST', url, { token, body });
const roundBody = (over: Record<string, unknown> = {}) => ({ name: '2026 年度标杆大厅复查复审', year: 2026, scopeCenterId: province.id, periodFrom: '2026-03-01', periodTo: '2026-03-31', selfDeadline: openDeadline, ...over });
const sh = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);

/** Two visits served at the city center on statsDay after waits of 10 and 20 minutes, one rated 非常满意; rolled up. */
async function cityStatistics(): Promise<void> {
  const db = t.database.db;
  const category = await create(t, '/api/v1/categories', { centerId: o.city.id, name: '考评业务', prefix: 'K', itemIds: [] });
  const tickets: string[] = [];
  for (const [sequence, wait] of [
    [1, 10],
    [2, 20],
  ] as const) {
    const id = newId();
    const taken = sh(statsDay, '09:00');
    const called = new Date(taken.getTime() + wait * 60_000);
    await db
      .insertInto('tickets')
      .values({
        id,
        center_id: o.city.id,
        category_id: category.id,
        day: statsDay,
        sequence,
        number: `K00${sequence}`,
        channel: 'kiosk',
        status: 'done',
        taken_at: taken,
        virtual_at: taken,
        window_id: o.windows.general.id,
        window_number: 1,
        staff_user_id: o.accounts.staff.id,
        called_at: called,
        started_at: called,
        finished_at: new Date(called.getTime() + 5 * 60_000),
      })
      .execute();
    tickets.push(id);
  }
  await rateService(db, undefined, { ticketId: tickets[0]!, score: 5 }, sh(statsDay, '10:00'));
  await rollUpDay(db, statsDay);
}

beforeAll(async () => {
  ({ t, o } = await orgApp());
  province = await create(t, '/api/v1/centers', { name: '测试省政务服务数据管理局', level: 'province' });
  await call(t, 'PATCH', `/api/v1/centers/${o.city.id}`, 200, { token: t.adminToken, body: { parentId: province.id } });
  provinceAdmin = await addAccount(t, 'padmin', [{ role: 'admin', centerId: province.id }]);
  inspector = await addAccount(t, 'inspector', [{ role: 'supervisor', centerId: province.id }]);
  await cityStatistics();
});
afterAll(async () => {
  await t?.close();
});

let round: Json;
const criteria: Record<string, Json> = {};

describe('rounds and criteria', () => {
  it('a province admin creates a round of the city and district centers under the province', async () => {
    round = await create(t, '/api/v1/assessment/rounds', roundBody(), provinceAdmin.token);
    expect(round).toMatchObject({ status: 'draft', statusLabel: '草稿', scopeCenterId: province.id, scopeCenterName: '测试省政务服务数据管理局', criteria: [], access: { manage: true, inspect: false, centers: [o.city.id, o.district.id].sort() } });
    expect(round.centers.map((c: Json) => c.id).sort()).toEqual([o.city.id, o.district.id].sort());
    const [audit] = await auditOf(t, round.id);
    expect(audit).toMatchObject({ action: 'assessment.round.create', actorId: provinceAdmin.id });
  });

  it('an admin without a center runs a round of every city and district center; a chosen list is kept', async () => {
    const everywhere = await create(t, '/api/v1/assessment/rounds', roundBody({ scopeCenterId: undefined }));
    expect(everywhere.centers.map((c: Json) => c.id).sort()).toEqual([o.city.id, o.district.id, o.other.id].sort());
    const chosen = await create(t, '/api/v1/assessment/rounds', roundBody({ centerIds: [o.district.id, o.town.id, o.district.id] }), provinceAdmin.token);
    expect(chosen.centers.map((c: Json) => c.id).sort()).toEqual([o.district.id, o.town.id].sort());
  });

  it('refuses strangers, centers outside the province, non-province scopes, bad periods and bad input', async () => {
    await expectRefused(t, () => post('/api/v1/assessment/rounds', undefined, roundBody()), 401, 'UNAUTHENTICATED');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', o.accounts.cityAdmin.token, roundBody()), 403, 'FORBIDDEN');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', o.accounts.cityAdmin.token, roundBody({ scopeCenterId: undefined })), 403, 'FORBIDDEN');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', o.accounts.cityAdmin.token, roundBody({ scopeCenterId: o.city.id })), 400, 'NOT_A_PROVINCE');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', provinceAdmin.token, roundBody({ centerIds: [o.other.id] })), 400, 'CENTER_OUT_OF_SCOPE');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', provinceAdmin.token, roundBody({ centerIds: ['nobody'] })), 404, 'NOT_FOUND');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', provinceAdmin.token, roundBody({ scopeCenterId: 'nowhere' })), 404, 'NOT_FOUND');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', provinceAdmin.token, roundBody({ periodFrom: '2026-04-01' })), 400, 'INVALID_PERIOD');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', provinceAdmin.token, roundBody({ year: 1999 })), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', provinceAdmin.token, roundBody({ selfDeadline: '31/12/2026' })), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => post('/api/v1/assessment/rounds', provinceAdmin.token, roundBody({ periodTo: '2026-02-30' })), 400, 'VALIDATION_ERROR');
  });

  it('criteria under the four dimensions, one of them automatic; only the round’s admin, only in draft', async () => {
    const url = `/api/v1/assessment/rounds/${round.id}/criteria`;
    criteria.system = await create(t, url, { dimension: 'management', title: '制度建设与落实', maxPoints: 10 }, provinceAdmin.token);
    criteria.site = await create(t, url, { dimension: 'construction', title: '功能分区与标识', maxPoints: 10, description: '适老化、无障碍设施' }, provinceAdmin.token);
    criteria.wait = await create(t, url, { dimension: 'service', title: '等候时长', maxPoints: 10, indicator: 'avg_wait' }, provinceAdmin.token);
    criteria.innovation = await create(t, url, { dimension: 'innovation', title: '创新举措', maxPoints: 5 }, provinceAdmin.token);
    const spare = await create(t, url, { dimension: 'innovation', title: '待删除', maxPoints: 1 }, provinceAdmin.token);
    expect(criteria.wait).toMatchObject({ dimensionLabel: '服务成熟度', indicator: 'avg_wait', indicatorLabel: '平均等候时长', maxPoints: 10 });
    await call(t, 'DELETE', `${url}/${spare.id}`, 200, { token: provinceAdmin.token });
    expectError(await t.request('DELETE', `${url}/${spare.id}`, { token: provinceAdmin.token }), 404, 'NOT_FOUND');
    expectError(await post(url, o.accounts.cityManager.token, { dimension: 'management', title: '越权', maxPoints: 1 }), 403, 'FORBIDDEN');
    expectError(await post(url, undefined, { dimension: 'management', title: '越权', maxPoints: 1 }), 401, 'UNAUTHENTICATED');
    expectError(await post('/api/v1/assessment/rounds/nobody/criteria', provinceAdmin.token, { dimension: 'management', title: '无此批次', maxPoints: 1 }), 404, 'NOT_FOUND');
    expectError(await post(url, provinceAdmin.token, { dimension: 'happiness', title: '无此维度', maxPoints: 1 }), 400, 'VALIDATION_ERROR');
    expectError(await post(url, provinceAdmin.token, { dimension: 'management', title: '零分', maxPoints: 0 }), 400, 'VALIDATION_ERROR');
    expectError(await post(url, provinceAdmin.token, { dimension: 'service', title: '无此指标', maxPoints: 3, indicator: 'queue_length' }), 400, 'VALIDATION_ERROR');
    const read = await call(t, 'GET', `/api/v1/assessment/rounds/${round.id}`, 200, { token: inspector.token });
    expect(read.criteria.map((c: Json) => c.title)).toEqual(['制度建设与落实', '功能分区与标识', '等候时长', '创新举措']);
    expect(read.access).toMatchObject({ manage: false, inspect: true });
  });

  it('assessed centers do not see a draft; nobody outside sees a round; an unknown round is 404', async () => {
    expectError(await t.request('GET', `/api/v1/assessment/rounds/${round.id}`, { token: o.accounts.cityManager.token }), 403, 'FORBIDDEN');
    expect((await call(t, 'GET', '/api/v1/assessment/rounds', 200, { token: o.accounts.cityManager.token })).map((r: Json) => r.id)).not.toContain(round.id);
    expectError(await t.request('GET', `/api/v1/assessment/rounds/${round.id}`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/assessment/rounds/nobody', { token: provinceAdmin.token }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', '/api/v1/assessment/rounds', {}), 401, 'UNAUTHENTICATED');
  });

  it('a round without criteria cannot start; only its admin moves a round on', async () => {
    const empty = await create(t, '/api/v1/assessment/rounds', roundBody({ name: '空批次' }), provinceAdmin.token);
    await expectRefused(t, () => post(`/api/v1/assessment/rounds/${empty.id}/advance`, provinceAdmin.token), 409, 'NO_CRITERIA');
    await expectRefused(t, () => post(`/api/v1/assessment/rounds/${round.id}/advance`, inspector.token), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/assessment/rounds/nobody/advance', provinceAdmin.token), 404, 'NOT_FOUND');
    expectError(await post(`/api/v1/assessment/rounds/${round.id}/indicators`, provinceAdmin.token), 409, 'ROUND_NOT_OPEN');
  });
});

describe('self-assessment', () => {
  const selfUrl = (centerId: string, roundId = round.id) => `/api/v1/assessment/rounds/${roundId}/centers/${centerId}/self-scores`;

  it('starts the round: criteria are fixed, the city center sees it', async () => {
    const started = await call(t, 'POST', `/api/v1/assessment/rounds/${round.id}/advance`, 200, { token: provinceAdmin.token });
    expect(started).toMatchObject({ status: 'self_assessment', selfAssessmentOpen: true });
    expectError(await post(`/api/v1/assessment/rounds/${round.id}/criteria`, provinceAdmin.token, { dimension: 'management', title: '迟到的指标', maxPoints: 1 }), 409, 'ROUND_NOT_DRAFT');
    const criterionUrl = `/api/v1/assessment/rounds/${round.id}/criteria/${criteria.innovation.id}`;
    await expectRefused(t, () => t.request('DELETE', criterionUrl, { token: provinceAdmin.token }), 409, 'ROUND_NOT_DRAFT');
    await expectRefused(t, () => t.request('DELETE', criterionUrl, { token: o.accounts.cityManager.token }), 403, 'FORBIDDEN');
    await expectRefused(t, () => t.request('DELETE', criterionUrl, {}), 401, 'UNAUTHENTICATED');
    const listed = await call(t, 'GET', '/api/v1/assessment/rounds', 200, { token: o.accounts.cityManager.token });
    // A city's manager answers for the district under it as well.
    expect(listed.find((r: Json) => r.id === round.id).access).toEqual({ manage: false, inspect: false, centers: expect.arrayContaining([o.city.id, o.district.id]) });
    expect((await call(t, 'GET', '/api/v1/assessment/rounds', 200, { token: o.accounts.districtManager.token })).find((r: Json) => r.id === round.id).access.centers).toEqual([o.district.id]);
  });

  it('the center scores a manual criterion with evidence and links; a second save replaces the first', async () => {
    await call(t, 'PUT', selfUrl(o.city.id), 200, { token: o.accounts.cityManager.token, body: { criterionId: criteria.system.id, score: 8, evidence: '初稿' } });
    const card = await call(t, 'PUT', selfUrl(o.city.id), 200, {
      token: o.accounts.cityManager.token,
      body: { criterionId: criteria.system.id, score: 9, evidence: '制定首问负责、一次性告知等制度 12 项', links: ['https://example.gov.cn/zhidu.pdf', '制度汇编.pdf', '制度汇编.pdf'] },
    });
    const line = card.lines.find((l: Json) => l.criterion.id === criteria.system.id);
    expect(line).toMatchObject({ points: 9, source: 'self', sourceLabel: '自评分', self: { score: 9, evidence: '制定首问负责、一次性告知等制度 12 项', links: ['https://example.gov.cn/zhidu.pdf', '制度汇编.pdf'], scoredBy: '测试cityManager' } });
    const withPhone = await call(t, 'PUT', selfUrl(o.city.id), 200, { token: o.accounts.cityManager.token, body: { criterionId: criteria.site.id, score: 7.5, evidence: '无障碍通道已建成，助残预约 13800138000' } });
    expect(withPhone.lines.find((l: Json) => l.criterion.id === criteria.site.id).self.evidence).toBe('无障碍通道已建成，助残预约 138****8000');
    await call(t, 'PUT', selfUrl(o.district.id), 200, { token: o.accounts.districtManager.token, body: { criterionId: criteria.innovation.id, score: 5, evidence: '7×24 小时自助服务区' } });
  });

  it('refuses other centers, automatic criteria, scores above the maximum, and bad input', async () => {
    const body = { criterionId: criteria.system.id, score: 5, evidence: '佐证' };
    await expectRefused(t, () => t.request('PUT', selfUrl(o.city.id), { body }), 401, 'UNAUTHENTICATED');
    await expectRefused(t, () => t.request('PUT', selfUrl(o.city.id), { token: o.accounts.districtManager.token, body }), 403, 'FORBIDDEN');
    await expectRefused(t, () => t.request('PUT', selfUrl(o.city.id), { token: o.accounts.staff.token, body }), 403, 'FORBIDDEN');
    await expectRefused(t, () => t.request('PUT', selfUrl(o.other.id), { token: o.accounts.otherManager.token, body }), 404, 'NOT_FOUND');
    await expectRefused(t, () => t.request('PUT', selfUrl(o.city.id), { token: o.accounts.cityManager.token, body: { ...body, criterionId: criteria.wait.id } }), 400, 'AUTOMATIC_CRITERION');
    await expectRefused(t, () => t.request('PUT', selfUrl(o.city.id), { token: o.accounts.cityManager.token, body: { ...body, score: 10.5 } }), 400, 'SCORE_ABOVE_MAX');
    await expectRefused(t, () => t.request('PUT', selfUrl(o.city.id), { token: o.accounts.cityManager.token, body: { ...body, criterionId: 'nothing' } }), 404, 'NOT_FOUND');
    await expectRefused(t, () => t.request('PUT', selfUrl(o.city.id), { token: o.accounts.cityManager.token, body: { ...body, score: -1 } }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => t.request('PUT', selfUrl(o.city.id), { token: o.accounts.cityManager.token, body: { ...body, evidence: '' } }), 400, 'VALIDATION_ERROR');
  });

  it('after the deadline, self-assessment is refused with 409', async () => {
    const late = await create(t, '/api/v1/assessment/rounds', roundBody({ name: '已截止批次', selfDeadline: '2026-01-31' }), provinceAdmin.token);
    const criterion = await create(t, `/api/v1/assessment/rounds/${late.id}/criteria`, { dimension: 'management', title: '制度', maxPoints: 10 }, provinceAdmin.token);
    expect((await call(t, 'POST', `/api/v1/assessment/rounds/${late.id}/advance`, 200, { token: provinceAdmin.token })).selfAssessmentOpen).toBe(false);
    const error = expectError(await t.request('PUT', selfUrl(o.city.id, late.id), { token: o.accounts.cityManager.token, body: { criterionId: criterion.id, score: 5, evidence: '迟交' } }), 409, 'SELF_ASSESSMENT_CLOSED');
    expect(error.message).toContain('2026-01-31');
  });

  it('automatic indicators come from the statistics of the round’s period, with their source', async () => {
    await call(t, 'POST', `/api/v1/assessment/rounds/${round.id}/indicators`, 200, { token: provinceAdmin.token });
    expectError(await post(`/api/v1/assessment/rounds/${round.id}/indicators`, o.accounts.cityManager.token), 403, 'FORBIDDEN');
    const card = await call(t, 'GET', `/api/v1/assessment/rounds/${round.id}/centers/${o.city.id}`, 200, { token: o.accounts.cityManager.token });
    const line = card.lines.find((l: Json) => l.criterion.id === criteria.wait.id);
    // Waits of 10 and 20 minutes: 15 on average, (40 − 15) / 30 of 10 points.
    expect(line.auto).toMatchObject({ value: 15, points: 8.33, source: { from: '2026-03-01', to: '2026-03-31', basis: 2 } });
    expect(line.auto.source.statistic).toContain('等候');
    expect(line).toMatchObject({ points: 8.33, source: 'auto' });
    const district = await call(t, 'GET', `/api/v1/assessment/rounds/${round.id}/centers/${o.district.id}`, 200, { token: provinceAdmin.token });
    expect(district.lines.find((l: Json) => l.criterion.id === criteria.wait.id).auto).toMatchObject({ value: null, points: 0, source: { basis: 0 } });
    expect(card.rank).toBeNull();
    expect((await call(t, 'GET', `/api/v1/assessment/rounds/${round.id}/centers/${o.city.id}`, 200, { token: provinceAdmin.token })).rank).toBe(1);
  });
});

describe('inspection, findings and follow-up', () => {
  let finding: Json;
  let recent: Json;
  const findingsUrl = () => `/api/v1/assessment/rounds/${round.id}/findings`;
  const findingBody = (over: Record<string, unknown> = {}) => ({ centerId: o.city.id, criterionId: criteria.system.id, text: '首问负责制台账不全', severity: 'major', inspectorScore: 6, visitedOn: statsDay, ...over });

  it('findings only during inspection', async () => {
    await expectRefused(t, () => post(findingsUrl(), inspector.token, findingBody()), 409, 'ROUND_NOT_IN_INSPECTION');
    expect((await call(t, 'POST', `/api/v1/assessment/rounds/${round.id}/advance`, 200, { token: provinceAdmin.token })).status).toBe('inspection');
    expectError(await t.request('PUT', `/api/v1/assessment/rounds/${round.id}/centers/${o.city.id}/self-scores`, { token: o.accounts.cityManager.token, body: { criterionId: criteria.system.id, score: 10, evidence: '补充' } }), 409, 'SELF_ASSESSMENT_CLOSED');
  });

  it('the province inspector records a finding with a score and a deadline in working days; past its deadline it is overdue', async () => {
    finding = await create(t, findingsUrl(), findingBody(), inspector.token);
    // Monday 2 March 2026 plus 10 working days.
    expect(finding).toMatchObject({ severity: 'major', severityLabel: '较重', inspectorScore: 6, rectifyDays: 10, dueDate: '2026-03-16', status: 'open', statusLabel: '待整改', overdue: true, inspectorName: '测试inspector', followUps: [] });
    recent = await create(t, findingsUrl(), findingBody({ centerId: o.district.id, criterionId: criteria.site.id, text: '导视标识不统一', severity: 'minor', inspectorScore: undefined, visitedOn: undefined }), inspector.token);
    expect(recent).toMatchObject({ rectifyDays: 20, visitedOn: shanghaiDate(), overdue: false, inspectorScore: null });
    expect(recent.dueDate > shanghaiDate()).toBe(true);
  });

  it('refuses other supervisors, centers and criteria outside the round, scores above the maximum, future visits', async () => {
    await expectRefused(t, () => post(findingsUrl(), o.accounts.supervisor.token, findingBody()), 403, 'FORBIDDEN');
    await expectRefused(t, () => post(findingsUrl(), provinceAdmin.token, findingBody()), 403, 'FORBIDDEN');
    await expectRefused(t, () => post(findingsUrl(), undefined, findingBody()), 401, 'UNAUTHENTICATED');
    await expectRefused(t, () => post(findingsUrl(), inspector.token, findingBody({ centerId: o.other.id })), 404, 'NOT_FOUND');
    await expectRefused(t, () => post(findingsUrl(), inspector.token, findingBody({ criterionId: 'nothing' })), 404, 'NOT_FOUND');
    await expectRefused(t, () => post(findingsUrl(), inspector.token, findingBody({ inspectorScore: 11 })), 400, 'SCORE_ABOVE_MAX');
    await expectRefused(t, () => post(findingsUrl(), inspector.token, findingBody({ visitedOn: `${nextYear}-01-05` })), 400, 'VISIT_IN_FUTURE');
    await expectRefused(t, () => post(findingsUrl(), inspector.token, findingBody({ severity: 'fatal' })), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => post(findingsUrl(), inspector.token, findingBody({ rectifyDays: 0 })), 400, 'VALIDATION_ERROR');
  });

  it('the center reports rectification; the inspector closes it only after a report; a closed finding takes no more', async () => {
    const url = `/api/v1/assessment/findings/${finding.id}/follow-ups`;
    await expectRefused(t, () => post(url, inspector.token, { text: '直接销号', close: true }), 409, 'NO_RECTIFICATION');
    await expectRefused(t, () => post(url, o.accounts.districtManager.token, { text: '不是本中心' }), 403, 'FORBIDDEN');
    await expectRefused(t, () => post(url, o.accounts.cityManager.token, { text: '自行销号', close: true }), 403, 'FORBIDDEN');
    await expectRefused(t, () => post(url, undefined, { text: '匿名' }), 401, 'UNAUTHENTICATED');
    await expectRefused(t, () => post('/api/v1/assessment/findings/nothing/follow-ups', o.accounts.cityManager.token, { text: '无此问题' }), 404, 'NOT_FOUND');
    await expectRefused(t, () => post(url, o.accounts.cityManager.token, { text: '' }), 400, 'VALIDATION_ERROR');
    const reported = await call(t, 'POST', url, 200, { token: o.accounts.cityManager.token, body: { text: '已补齐 2026 年台账并建立月度检查' } });
    expect(reported).toMatchObject({ status: 'rectifying', statusLabel: '整改中', overdue: true, followUps: [{ text: '已补齐 2026 年台账并建立月度检查', authorName: '测试cityManager', closes: false }] });
    const closed = await call(t, 'POST', url, 200, { token: inspector.token, body: { text: '复核通过，予以销号', close: true } });
    expect(closed).toMatchObject({ status: 'closed', statusLabel: '已销号', overdue: false });
    expect(closed.followUps).toHaveLength(2);
    await expectRefused(t, () => post(url, o.accounts.cityManager.token, { text: '再补充' }), 409, 'FINDING_CLOSED');
    expect((await auditOf(t, finding.id))[0]).toMatchObject({ action: 'assessment.finding.close', actorId: inspector.id });
  });
});

describe('scores and ranking', () => {
  const rankingUrl = () => `/api/v1/assessment/rounds/${round.id}/ranking`;

  it('before publication only the province sees the ranking; a center sees its own scorecard only', async () => {
    expectError(await t.request('GET', rankingUrl(), { token: o.accounts.cityManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/assessment/rounds/${round.id}/centers/${o.city.id}`, { token: o.accounts.districtManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/assessment/rounds/${round.id}/centers/${o.other.id}`, { token: provinceAdmin.token }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', rankingUrl(), {}), 401, 'UNAUTHENTICATED');
    const card = await call(t, 'GET', `/api/v1/assessment/rounds/${round.id}/centers/${o.city.id}`, 200, { token: o.accounts.cityManager.token });
    expect(card.rank).toBeNull();
  });

  it('totals per dimension: the inspector’s score over the self-score, auto points, ranked; published rounds are read by the centers', async () => {
    const published = await call(t, 'POST', `/api/v1/assessment/rounds/${round.id}/advance`, 200, { token: provinceAdmin.token });
    expect(published).toMatchObject({ status: 'published', statusLabel: '已发布' });
    expect(published.publishedAt).toEqual(expect.any(String));
    const ranking = await call(t, 'GET', rankingUrl(), 200, { token: o.accounts.cityManager.token });
    expect(ranking).toEqual([
      // 6 (inspector, over a self-score of 9) + 7.5 + 8.33 (wait) + 0.
      { centerId: o.city.id, centerName: '测试市民服务中心', rank: 1, byDimension: { management: 6, construction: 7.5, service: 8.33, innovation: 0 }, total: 21.83, maxTotal: 35, openFindings: 0, overdueFindings: 0 },
      { centerId: o.district.id, centerName: '测试区政务服务中心', rank: 2, byDimension: { management: 0, construction: 0, service: 0, innovation: 5 }, total: 5, maxTotal: 35, openFindings: 1, overdueFindings: 0 },
    ]);
    const card = await call(t, 'GET', `/api/v1/assessment/rounds/${round.id}/centers/${o.city.id}`, 200, { token: o.accounts.cityManager.token });
    expect(card).toMatchObject({ rank: 1, totals: { total: 21.83 }, centerName: '测试市民服务中心' });
    expect(card.lines.find((l: Json) => l.criterion.id === criteria.system.id)).toMatchObject({ points: 6, source: 'inspector', inspectorScore: 6, self: { score: 9 } });
    expect(card.findings).toHaveLength(1);
    expectError(await t.request('GET', rankingUrl(), { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
  });

  it('a published round is final', async () => {
    await expectRefused(t, () => post(`/api/v1/assessment/rounds/${round.id}/advance`, provinceAdmin.token), 409, 'ALREADY_PUBLISHED');
    await expectRefused(t, () => post(`/api/v1/assessment/rounds/${round.id}/indicators`, provinceAdmin.token), 409, 'ROUND_NOT_OPEN');
    expect((await auditOf(t, round.id))[0]).toMatchObject({ action: 'assessment.round.advance', after: { status: 'published' } });
  });
});
