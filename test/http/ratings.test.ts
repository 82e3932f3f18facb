import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFollowUp, escalateOverdueRectifications } from '../../src/server/modules/ratings/service.ts';
import { auditOf, call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import { prefixes } from '../helpers/queue.ts';
import { idNumberCheckChar as idCheck } from '../../src/server/platform/identity.ts';
import { openStream, type Stream } from '../helpers/sse.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** 好差评 through HTTP: who may rate what and when, once; the 差评's rectification, appeal and escalation; the figures. */

let t: TestApp;
let o: Org;
let base: string;
let pad: { device: { id: string }; token: string };
let staffStream: Stream;
let publicStream: Stream;
const nextPrefix = prefixes();
type Json = any;

beforeAll(async () => {
  ({ t, o } = await orgApp());
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  await call(t, 'POST', `/api/v1/windows/${o.windows.policeWindow.id}/sign-in`, 200, { token: o.accounts.staff.token });
  pad = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'rating_pad', name: '3 号窗口评价器', windowId: o.windows.policeWindow.id });
  staffStream = await openStream(`${base}/api/v1/centers/${o.city.id}/events`, { authorization: `Bearer ${o.accounts.supervisor.token}` });
  publicStream = await openStream(`${base}/api/v1/centers/${o.city.id}/events`);
});
afterAll(async () => {
  staffStream?.close();
  publicStream?.close();
  await t?.close();
});

const staff = () => o.accounts.staff.token;
const W = () => o.windows.policeWindow.id;
const rate = (body: Record<string, unknown>, token?: string) => t.request('POST', '/api/v1/ratings', { token, body });

/** A visit served to the end at the police window by `staff`; `phone` makes its rating real-name. */
async function servedTicket(phone?: string): Promise<Json> {
  const prefix = nextPrefix();
  const category = await create(t, '/api/v1/categories', { centerId: o.city.id, name: `类别${prefix}`, prefix, itemIds: [] });
  await call(t, 'PUT', `/api/v1/windows/${W()}/profile`, 200, { token: t.adminToken, body: { tiers: [[category.id]] } });
  const ticket = await call(t, 'POST', '/api/v1/tickets', 201, { token: o.tokens.kiosk, body: { centerId: o.city.id, channel: 'kiosk', categoryId: category.id, ...(phone && { phone }) } });
  await call(t, 'POST', `/api/v1/windows/${W()}/call-next`, 200, { token: staff() });
  await call(t, 'POST', `/api/v1/tickets/${ticket.id}/start`, 200, { token: staff() });
  await call(t, 'POST', `/api/v1/tickets/${ticket.id}/finish`, 200, { token: staff() });
  return ticket;
}

async function badRating(phone: string | null = '13900001111'): Promise<{ ticket: Json; rectification: Json }> {
  const ticket = await servedTicket(phone ?? undefined);
  await call(t, 'POST', '/api/v1/ratings', 201, { token: pad.token, body: { ticketId: ticket.id, score: 1, tags: ['态度不好'], comment: '等了很久' } });
  const list = await call(t, 'GET', `/api/v1/centers/${o.city.id}/ratings?bad=true&pageSize=200`, 200, { token: o.accounts.supervisor.token });
  const rating = list.items.find((r: Json) => r.subjectId === ticket.id);
  return { ticket, rectification: await call(t, 'GET', `/api/v1/rectifications/${rating.rectification.id}`, 200, { token: o.accounts.cityManager.token }) };
}

describe('rating a service', () => {
  it('from the window’s pad once the visit is finished: 201, live to supervisors only, the pad offers it no more', async () => {
    const ticket = await servedTicket('13800138000');
    const state = await call(t, 'GET', '/api/v1/pad/state', 200, { token: pad.token });
    expect(state).toMatchObject({ window: { id: W(), number: 3 }, staffName: '测试staff', service: { ticketId: ticket.id, number: ticket.number, staffName: '测试staff' } });
    const from = staffStream.events.length;
    const rating = await call(t, 'POST', '/api/v1/ratings', 201, { token: pad.token, body: { ticketId: ticket.id, score: 5, tags: ['服务态度好'] } });
    expect(rating).toMatchObject({ subjectKind: 'ticket', subjectNo: ticket.number, score: 5, scoreLabel: '非常满意', tags: ['服务态度好'], followUp: null });
    const live = JSON.parse((await staffStream.waitFor((e) => e.event === 'rating.created', 5000, from)).data);
    expect(live).toMatchObject({ ratingId: rating.id, score: 5, bad: false, source: 'pad', windowNumber: 3, staffName: '测试staff', departmentName: '公安局', realName: true, raterPhone: '138****8000' });
    expect(JSON.stringify(live)).not.toContain('13800138000');
    expect(publicStream.ofType('rating.created')).toEqual([]);
    expect((await call(t, 'GET', '/api/v1/pad/state', 200, { token: pad.token })).service).toBeNull();
    expect(await call(t, 'GET', `/api/v1/ratings/of?ticketId=${ticket.id}`, 200)).toMatchObject({ id: rating.id, score: 5 });
  });

  it('one rating per service: a second is 409 ALREADY_RATED; the pad’s retry with its key finds the first', async () => {
    const ticket = await servedTicket();
    const first = await call(t, 'POST', '/api/v1/ratings', 201, { token: pad.token, body: { ticketId: ticket.id, score: 4, clientKey: `pad-${ticket.id}` } });
    expect(await call(t, 'POST', '/api/v1/ratings', 201, { token: pad.token, body: { ticketId: ticket.id, score: 4, clientKey: `pad-${ticket.id}` } })).toEqual(first);
    expectError(await rate({ ticketId: ticket.id, score: 1 }), 409, 'ALREADY_RATED');
    const other = await servedTicket();
    expectError(await rate({ ticketId: other.id, score: 4, clientKey: `pad-${ticket.id}` }, pad.token), 409, 'CLIENT_KEY_REUSED');
    const { total } = await call(t, 'GET', `/api/v1/centers/${o.city.id}/ratings?pageSize=1`, 200, { token: o.accounts.supervisor.token });
    const rows = await t.database.db.selectFrom('ratings').select('id').where('subject_id', '=', ticket.id).execute();
    expect(rows).toHaveLength(1);
    expect(total).toBeGreaterThan(0);
  });

  it('two ratings of the same visit at once: exactly one lands', async () => {
    const ticket = await servedTicket();
    const answers = await Promise.all([1, 2, 3, 4, 5].map((score) => rate({ ticketId: ticket.id, score })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await t.database.db.selectFrom('ratings').select('id').where('subject_id', '=', ticket.id).execute()).toHaveLength(1);
  });

  it('409 NOT_RATEABLE before the visit is finished; 404 for an unknown ticket; 400 without exactly one service', async () => {
    const prefix = nextPrefix();
    const category = await create(t, '/api/v1/categories', { centerId: o.city.id, name: `类别${prefix}`, prefix, itemIds: [] });
    const waiting = await call(t, 'POST', '/api/v1/tickets', 201, { token: o.tokens.kiosk, body: { centerId: o.city.id, channel: 'kiosk', categoryId: category.id } });
    expect(expectError(await rate({ ticketId: waiting.id, score: 5 }), 409, 'NOT_RATEABLE').message).toContain('办结后才能评价');
    expectError(await rate({ ticketId: 'no-such-ticket', score: 5 }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', '/api/v1/ratings/of?ticketId=no-such-ticket'), 404, 'NOT_FOUND');
    expectError(await t.request('GET', `/api/v1/ratings/of?ticketId=${waiting.id}`), 404, 'NOT_RATED');
    expectError(await rate({ score: 5 }), 400, 'INVALID_SUBJECT');
    expectError(await rate({ ticketId: waiting.id, caseId: 'x', score: 5 }), 400, 'INVALID_SUBJECT');
    for (const score of [0, 6, 2.5, '五']) expect((await rate({ ticketId: waiting.id, score })).statusCode).toBe(400);
    expect((await rate({ ticketId: waiting.id, score: 5, comment: 'x'.repeat(501) })).statusCode).toBe(400);
  });

  it('a pad rates only its own window’s visits; staff never their own; a display not at all', async () => {
    const ticket = await servedTicket();
    const otherPad = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'rating_pad', name: '1 号窗口评价器', windowId: o.windows.general.id });
    expectError(await rate({ ticketId: ticket.id, score: 5 }, otherPad.token), 403, 'FORBIDDEN');
    const display = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'hall_display', name: '综合屏' });
    expectError(await rate({ ticketId: ticket.id, score: 5 }, display.token), 403, 'FORBIDDEN');
    expectError(await rate({ ticketId: ticket.id, score: 5 }, staff()), 403, 'OWN_SERVICE');
    expect(await t.database.db.selectFrom('ratings').select('id').where('subject_id', '=', ticket.id).execute()).toEqual([]);
    await call(t, 'POST', '/api/v1/ratings', 201, { body: { ticketId: ticket.id, score: 5, source: 'qr' } });
  });
});

describe('rating a case', () => {
  it('once completed, by its QR code: real-name with the applicant, answerable by the item’s department', async () => {
    const item = await create(t, '/api/v1/items', { code: 'RATE-CASE-1', name: '测试许可事项', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, materials: [{ name: '申请书' }] });
    const applicant = { kind: 'person', idNumber: '44010119800101123' + idCheck('44010119800101123'), name: '王五', phone: '13700137000' };
    const created = await create(t, '/api/v1/cases', { itemId: item.id, applicant, channel: 'window', materials: [{ materialId: item.materials[0].id, status: 'received' }] });
    await call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: t.adminToken });
    expectError(await rate({ caseId: created.id, score: 2 }), 409, 'NOT_RATEABLE');
    await call(t, 'POST', `/api/v1/cases/${created.id}/decide`, 200, { token: t.adminToken, body: { approved: true } });
    await call(t, 'POST', `/api/v1/cases/${created.id}/complete`, 200, { token: t.adminToken, body: { delivery: 'window' } });
    const rating = await call(t, 'POST', '/api/v1/ratings', 201, { body: { caseId: created.id, score: 2, source: 'qr', comment: '审批慢' } });
    expect(rating).toMatchObject({ subjectKind: 'case', subjectNo: created.caseNo, score: 2 });
    const view = await call(t, 'GET', `/api/v1/ratings/${rating.id}`, 200, { token: o.accounts.supervisor.token });
    expect(view).toMatchObject({ source: 'qr', sourceLabel: '扫码', itemCode: 'RATE-CASE-1', serviceName: '测试许可事项', departmentName: '公安局', realName: true, raterName: '王*', raterPhone: '137****7000', rectification: { status: 'open' } });
    expect(await call(t, 'GET', `/api/v1/ratings/${rating.id}/rater`, 200, { token: o.accounts.supervisor.token })).toEqual({ name: '王五', phone: '13700137000' });
  });
});

describe('追评', () => {
  it('once, within the center’s period; 409 NOT_RATED before a rating; 409 FOLLOW_UP_CLOSED after the period', async () => {
    const ticket = await servedTicket();
    expectError(await t.request('POST', '/api/v1/ratings/follow-up', { body: { ticketId: ticket.id, comment: '补充' } }), 409, 'NOT_RATED');
    await call(t, 'POST', '/api/v1/ratings', 201, { body: { ticketId: ticket.id, score: 3 } });
    const followed = await call(t, 'POST', '/api/v1/ratings/follow-up', 200, { body: { ticketId: ticket.id, comment: '后来问题解决了', score: 5 } });
    expect(followed.followUp).toMatchObject({ score: 5, comment: '后来问题解决了' });
    expectError(await t.request('POST', '/api/v1/ratings/follow-up', { body: { ticketId: ticket.id, comment: '再补充' } }), 409, 'ALREADY_FOLLOWED_UP');

    const late = await servedTicket();
    await call(t, 'POST', '/api/v1/ratings', 201, { body: { ticketId: late.id, score: 3 } });
    const { followUpDays } = await call(t, 'GET', `/api/v1/centers/${o.city.id}/rating-settings`, 200);
    const after = new Date(Date.now() + (followUpDays + 1) * 86_400_000);
    await expect(addFollowUp(t.database.db, { ticketId: late.id, comment: '太晚了' }, after)).rejects.toMatchObject({ code: 'FOLLOW_UP_CLOSED' });
  });
});

describe('差评 rectification', () => {
  it('a real-name 差评 opens a rectification due in the configured working days, called back before it is closed', async () => {
    await call(t, 'PUT', `/api/v1/centers/${o.city.id}/rating-settings`, 200, { token: o.accounts.cityManager.token, body: { rectifyDays: 10 } });
    const { rectification } = await badRating();
    expect(rectification).toMatchObject({ status: 'open', statusLabel: '待回访', overdue: false, departmentName: '公安局', callback: null, appeal: null });
    expect(rectification.rating).toMatchObject({ score: 1, bad: true, realName: true, raterPhone: '139****1111' });
    expect(rectification.dueDate > new Date().toISOString().slice(0, 10)).toBe(true);
    const id = rectification.id;
    const manager = o.accounts.cityManager.token;
    expect(expectError(await t.request('POST', `/api/v1/rectifications/${id}/close`, { token: manager, body: { outcome: 'rectified', result: '已整改' } }), 409, 'INVALID_RECTIFICATION_STATE').message).toContain('先回访');
    expectError(await t.request('POST', `/api/v1/rectifications/${id}/callback`, { token: o.accounts.supervisor.token, body: { reached: true, note: '已致歉' } }), 403, 'FORBIDDEN');
    const called = await call(t, 'POST', `/api/v1/rectifications/${id}/callback`, 200, { token: manager, body: { reached: true, note: '已电话致歉，群众表示理解' } });
    expect(called).toMatchObject({ status: 'called_back', callback: { reached: true, note: '已电话致歉，群众表示理解' } });
    const closed = await call(t, 'POST', `/api/v1/rectifications/${id}/close`, 200, { token: manager, body: { outcome: 'rectified', result: '窗口增加高峰时段人手，对工作人员进行服务礼仪培训' } });
    expect(closed).toMatchObject({ status: 'rectified', statusLabel: '已整改', result: expect.stringContaining('服务礼仪') });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.steps.map((s: Json) => s.action)).toEqual(['open', 'callback', 'close']);
    expectError(await t.request('POST', `/api/v1/rectifications/${id}/callback`, { token: manager, body: { reached: true, note: '再次回访' } }), 409, 'INVALID_RECTIFICATION_STATE');
    expect((await auditOf(t, id)).map((a) => a.action)).toEqual(expect.arrayContaining(['rectification.callback', 'rectification.close']));

    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const report = await call(t, 'GET', `/api/v1/public/centers/${o.city.id}/ratings?month=${month}`, 200);
    expect(report.results).toEqual(expect.arrayContaining([expect.objectContaining({ departmentName: '公安局', scoreLabel: '非常不满意', outcome: '已整改', result: expect.stringContaining('服务礼仪') })]));
    expect(JSON.stringify(report)).not.toMatch(/139|测试staff/);
  });

  it('an anonymous 差评 cannot be called back and may be closed as unfounded at once', async () => {
    const { rectification } = await badRating(null);
    expect(rectification.rating).toMatchObject({ realName: false, raterPhone: null });
    expectError(await t.request('POST', `/api/v1/rectifications/${rectification.id}/callback`, { token: o.accounts.cityManager.token, body: { reached: false, note: '无号码' } }), 409, 'INVALID_RECTIFICATION_STATE');
    const closed = await call(t, 'POST', `/api/v1/rectifications/${rectification.id}/close`, 200, { token: o.accounts.cityManager.token, body: { outcome: 'unfounded', result: '调取录像，服务过程规范' } });
    expect(closed.status).toBe('unfounded');
  });

  it('the staff member rated appeals once; a supervisor upholds it and the rating leaves the figures but not the record', async () => {
    const { rectification, ticket } = await badRating();
    const id = rectification.id;
    const before = await call(t, 'GET', `/api/v1/centers/${o.city.id}/rating-summary`, 200, { token: o.accounts.supervisor.token });
    expectError(await t.request('POST', `/api/v1/rectifications/${id}/appeal`, { token: o.accounts.staff2.token, body: { reason: '不是我' } }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', `/api/v1/rectifications/${id}/appeal`, { body: { reason: '不是我' } }), 401, 'UNAUTHENTICATED');
    const mine = await call(t, 'GET', `/api/v1/rectifications/${id}`, 200, { token: staff() });
    expect(mine.rating).toMatchObject({ raterName: null, raterPhone: null });
    const appealed = await call(t, 'POST', `/api/v1/rectifications/${id}/appeal`, 200, { token: staff(), body: { reason: '评价人误按，已当面说明' } });
    expect(appealed.appeal).toMatchObject({ status: 'pending', statusLabel: '申诉待裁定', reason: '评价人误按，已当面说明' });
    expectError(await t.request('POST', `/api/v1/rectifications/${id}/appeal`, { token: staff(), body: { reason: '再申诉' } }), 409, 'INVALID_RECTIFICATION_STATE');
    expectError(await t.request('POST', `/api/v1/rectifications/${id}/appeal-decision`, { token: o.accounts.cityManager.token, body: { upheld: true, note: '同意' } }), 403, 'FORBIDDEN');
    const upheld = await call(t, 'POST', `/api/v1/rectifications/${id}/appeal-decision`, 200, { token: o.accounts.supervisor.token, body: { upheld: true, note: '经调取录像，属误按' } });
    expect(upheld).toMatchObject({ status: 'revoked', appeal: { status: 'upheld' }, rating: { excluded: true } });
    const after = await call(t, 'GET', `/api/v1/centers/${o.city.id}/rating-summary`, 200, { token: o.accounts.supervisor.token });
    expect(after.total).toBe(before.total - 1);
    expect(after.counts['1']).toBe(before.counts['1'] - 1);
    expect(after.excluded).toBe(before.excluded + 1);
    const listed = await call(t, 'GET', `/api/v1/centers/${o.city.id}/ratings?pageSize=200`, 200, { token: o.accounts.supervisor.token });
    expect(listed.items.find((r: Json) => r.subjectId === ticket.id)).toMatchObject({ excluded: true, score: 1 });
  });

  it('a rejected appeal leaves the rectification to be finished', async () => {
    const { rectification } = await badRating();
    await call(t, 'POST', `/api/v1/rectifications/${rectification.id}/appeal`, 200, { token: staff(), body: { reason: '不认可' } });
    expectError(await t.request('POST', `/api/v1/rectifications/${rectification.id}/close`, { token: o.accounts.cityManager.token, body: { outcome: 'unfounded', result: '待定' } }), 409, 'INVALID_RECTIFICATION_STATE');
    const rejected = await call(t, 'POST', `/api/v1/rectifications/${rectification.id}/appeal-decision`, 200, { token: o.accounts.supervisor.token, body: { upheld: false, note: '评价属实' } });
    expect(rejected).toMatchObject({ status: 'open', appeal: { status: 'rejected' }, rating: { excluded: false } });
  });

  it('past its due date a rectification is escalated once, live to supervisors', async () => {
    const { rectification } = await badRating();
    const later = new Date(`${rectification.dueDate}T12:00:00+08:00`);
    later.setUTCDate(later.getUTCDate() + 1);
    const from = staffStream.events.length;
    const first = await escalateOverdueRectifications(t.database.db, later);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const event = await staffStream.waitFor((e) => e.event === 'rectification.overdue' && JSON.parse(e.data).rectificationId === rectification.id, 5000, from);
    expect(JSON.parse(event.data)).toMatchObject({ dueDate: rectification.dueDate });
    expect(await escalateOverdueRectifications(t.database.db, later)).toEqual({ ran: true, escalated: 0 });
    const view = await call(t, 'GET', `/api/v1/rectifications/${rectification.id}`, 200, { token: o.accounts.supervisor.token });
    expect(view.escalated).toBe(true);
    expect(view.steps.at(-1)).toMatchObject({ action: 'escalate', actorName: '系统' });
  });
});

describe('reading ratings', () => {
  it('the rater’s whole phone only through an audited read by an overseer; staff see their own ratings without the rater', async () => {
    const { rectification } = await badRating('13700007777');
    const ratingId = rectification.rating.id;
    expectError(await t.request('GET', `/api/v1/ratings/${ratingId}/rater`, { token: staff() }), 403, 'FORBIDDEN');
    expect(await call(t, 'GET', `/api/v1/ratings/${ratingId}/rater`, 200, { token: o.accounts.cityManager.token })).toEqual({ name: null, phone: '13700007777' });
    expect((await auditOf(t, ratingId)).map((a) => a.action)).toContain('rating.read_rater');
    const own = await call(t, 'GET', '/api/v1/me/ratings?pageSize=200', 200, { token: staff() });
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((r: Json) => r.staffName === '测试staff' && r.raterPhone === null)).toBe(true);
    expect(await call(t, 'GET', '/api/v1/me/ratings', 200, { token: o.accounts.staff2.token })).toMatchObject({ items: [], total: 0 });
    expect(await call(t, 'GET', `/api/v1/ratings/${ratingId}`, 200, { token: staff() })).toMatchObject({ raterPhone: null });
    expectError(await t.request('GET', `/api/v1/ratings/${ratingId}`, { token: o.accounts.staff2.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/ratings`, { token: staff() }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/ratings`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
  });

  it('a date that does not exist (2026-13-01, 2026-02-30) in a rating query is 400 VALIDATION_ERROR', async () => {
    const token = o.accounts.supervisor.token;
    for (const query of ['to=2026-13-01', 'from=2026-02-30', 'to=2026-00-10']) {
      expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/rating-summary?${query}`, { token }), 400, 'VALIDATION_ERROR');
      expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/ratings?${query}`, { token }), 400, 'VALIDATION_ERROR');
      expectError(await t.request('GET', `/api/v1/me/ratings?${query}`, { token }), 400, 'VALIDATION_ERROR');
    }
    await call(t, 'GET', `/api/v1/centers/${o.city.id}/rating-summary?from=2024-02-29&to=2026-12-31`, 200, { token });
  });

  it('the summary counts each level, 好评率 and the 回访率 of real-name 差评', async () => {
    const summary = await call(t, 'GET', `/api/v1/centers/${o.city.id}/rating-summary`, 200, { token: o.accounts.supervisor.token });
    const rows = await t.database.db.selectFrom('ratings').select(['score', 'excluded', 'rater_phone', 'id']).execute();
    const counted = rows.filter((r) => !r.excluded);
    expect(summary.total).toBe(counted.length);
    for (const s of [1, 2, 3, 4, 5]) expect(summary.counts[String(s)]).toBe(counted.filter((r) => r.score === s).length);
    const bad = counted.filter((r) => r.score <= 2).length;
    expect(summary.satisfactionRate).toBeCloseTo((counted.length - bad) / counted.length, 10);
    const rectifications = await t.database.db.selectFrom('rectifications').innerJoin('ratings', 'ratings.id', 'rectifications.rating_id').select(['ratings.rater_phone', 'rectifications.callback_at', 'ratings.excluded']).execute();
    const realName = rectifications.filter((r) => !r.excluded && r.rater_phone !== null);
    expect(summary.realNameBad).toBe(realName.length);
    expect(summary.calledBack).toBe(realName.filter((r) => r.callback_at !== null).length);
    expect(summary.callbackRate).toBeCloseTo(summary.calledBack / summary.realNameBad, 10);
    expect(summary.byDepartment[0]).toMatchObject({ name: '公安局' });
    expect(summary.byWindow[0]).toMatchObject({ name: '3 号窗口' });
  });

  it('the public page: a month’s counts per department and window; a bad month is 400', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const report = await call(t, 'GET', `/api/v1/public/centers/${o.city.id}/ratings?month=${month}`, 200);
    expect(report).toMatchObject({ centerName: '测试市民服务中心', month });
    expect(report.totals.total).toBeGreaterThan(0);
    expect(report.departments[0]).toMatchObject({ name: '公安局' });
    expect((await t.request('GET', `/api/v1/public/centers/${o.city.id}/ratings?month=2026-13`)).statusCode).toBe(400);
    expect((await call(t, 'GET', `/api/v1/public/centers/${o.city.id}/ratings?month=2001-01`, 200)).totals).toMatchObject({ total: 0, satisfactionRate: null });
  });
});
