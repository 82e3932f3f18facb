import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdueFeedback } from '../../src/server/modules/feedback/service.ts';
import { auditOf, call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import { openStream, type Stream } from '../helpers/sse.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** 投诉 / 建议 / 表扬: taken from anyone, routed, answered by its deadline (by SMS when a phone was left), rated once. */

let t: TestApp;
let o: Org;
let staffStream: Stream;
type Json = any;

beforeAll(async () => {
  ({ t, o } = await orgApp());
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  staffStream = await openStream(`${base}/api/v1/centers/${o.city.id}/events`, { authorization: `Bearer ${o.accounts.supervisor.token}` });
});
afterAll(async () => {
  staffStream?.close();
  await t?.close();
});

const submit = (body: Record<string, unknown>, token?: string) => t.request('POST', '/api/v1/feedback', { token, body: { centerId: o.city.id, ...body } });

describe('taking feedback', () => {
  it('a complaint on the portal: 201 with its id and a due date 5 working days on; supervisors see it live, masked', async () => {
    const from = staffStream.events.length;
    const res = await submit({ kind: 'complaint', text: '3 号窗口工作人员态度生硬，我的电话 13912345678', contact: '李先生', phone: '139 1234 5678' });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ kind: 'complaint', kindLabel: '投诉', status: 'open', statusLabel: '办理中', answer: null, satisfaction: null });
    expect(created.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(created)).not.toContain('1391234');
    const live = JSON.parse((await staffStream.waitFor((e) => e.event === 'feedback.created', 5000, from)).data);
    expect(live).toMatchObject({ feedbackId: created.id, channel: 'portal', phone: '139****5678' });
    expect(live.text).not.toContain('13912345678');
    const listed = await call(t, 'GET', `/api/v1/centers/${o.city.id}/feedback?kind=complaint`, 200, { token: o.accounts.supervisor.token });
    expect(listed.items.map((f: Json) => f.id)).toContain(created.id);
    expect(await call(t, 'GET', `/api/v1/feedback/${created.id}`, 200)).toEqual(created);
  });

  it('staff enter a call or a letter (channel and who entered it recorded); a citizen cannot claim one; a kiosk is a terminal', async () => {
    const entered = await create(t, '/api/v1/feedback', { centerId: o.city.id, kind: 'praise', text: '感谢税务窗口耐心指导', channel: 'letter' }, o.accounts.staff.token);
    const details = await call(t, 'GET', `/api/v1/feedback/${entered.id}/details`, 200, { token: o.accounts.cityManager.token });
    expect(details).toMatchObject({ channel: 'letter', channelLabel: '来信', enteredBy: '测试staff' });
    expectError(await submit({ kind: 'praise', text: '好', channel: 'portal' }, o.accounts.staff.token), 400, 'INVALID_CHANNEL');
    expectError(await submit({ kind: 'praise', text: '好', channel: 'phone' }), 400, 'INVALID_CHANNEL');
    expectError(await submit({ kind: 'praise', text: '好' }, o.accounts.otherManager.token), 403, 'FORBIDDEN');
    const atTerminal = await create(t, '/api/v1/feedback', { centerId: o.city.id, kind: 'suggestion', text: '希望增加自助复印机' }, o.tokens.kiosk);
    expect((await call(t, 'GET', `/api/v1/feedback/${atTerminal.id}/details`, 200, { token: t.adminToken })).channel).toBe('terminal');
    expectError(await submit({ kind: 'suggestion', text: '跨中心' }, o.tokens.otherKiosk), 403, 'FORBIDDEN');
  });

  it('refuses a bad phone, an empty text, a department of another center, an unknown center — and writes nothing', async () => {
    const before = await t.database.db.selectFrom('feedback').select('id').execute();
    expectError(await submit({ kind: 'complaint', text: '有问题', phone: '12345' }), 400, 'INVALID_PHONE');
    expect((await submit({ kind: 'complaint', text: '' })).statusCode).toBe(400);
    expectError(await submit({ kind: 'complaint', text: '   ' }), 400, 'VALIDATION_FAILED');
    expectError(await submit({ kind: 'complaint', text: '有问题', departmentId: o.otherDept.id }), 400, 'INVALID_DEPARTMENT');
    expect((await t.request('POST', '/api/v1/feedback', { body: { centerId: 'nowhere', kind: 'complaint', text: '有问题' } })).statusCode).toBe(404);
    expect((await submit({ kind: 'grumble', text: '有问题' })).statusCode).toBe(400);
    expect(await t.database.db.selectFrom('feedback').select('id').execute()).toHaveLength(before.length);
  });
});

describe('handling feedback', () => {
  it('routed to a department, answered by its approver (SMS to the phone left), rated once by the person', async () => {
    const created = (await submit({ kind: 'complaint', text: '户籍窗口排队太久', phone: '13700001234' })).json();
    expectError(await t.request('POST', `/api/v1/feedback/${created.id}/satisfaction`, { body: { satisfaction: 'satisfied' } }), 409, 'NOT_ANSWERED');
    expectError(await t.request('POST', `/api/v1/feedback/${created.id}/route`, { token: o.accounts.supervisor.token, body: { departmentId: o.police.id } }), 403, 'FORBIDDEN');
    const routed = await call(t, 'POST', `/api/v1/feedback/${created.id}/route`, 200, { token: o.accounts.cityManager.token, body: { departmentId: o.police.id } });
    expect(routed).toMatchObject({ departmentId: o.police.id, departmentName: '公安局' });
    const approverList = await call(t, 'GET', `/api/v1/centers/${o.city.id}/feedback?departmentId=${o.police.id}`, 200, { token: o.accounts.approver.token });
    expect(approverList.items.map((f: Json) => f.id)).toContain(created.id);
    const answered = await call(t, 'POST', `/api/v1/feedback/${created.id}/answer`, 200, { token: o.accounts.approver.token, body: { answer: '已在高峰时段增开窗口' } });
    expect(answered).toMatchObject({ status: 'answered', answer: '已在高峰时段增开窗口', answeredBy: '测试approver' });
    const sms = await t.database.db.selectFrom('outbox_messages').selectAll().where('reference', '=', `feedback:${created.id}`).execute();
    expect(sms).toEqual([expect.objectContaining({ recipient: '13700001234', body: expect.stringContaining(`/feedback/${created.id}`) })]);
    expect(sms[0]!.body, 'the answer is free text: the SMS points to it instead of carrying it').not.toContain('已在高峰时段增开窗口');
    expectError(await t.request('POST', `/api/v1/feedback/${created.id}/answer`, { token: o.accounts.approver.token, body: { answer: '再答复' } }), 409, 'INVALID_FEEDBACK_STATE');
    expect(await call(t, 'GET', `/api/v1/feedback/${created.id}`, 200)).toMatchObject({ status: 'answered', answer: '已在高峰时段增开窗口' });
    const rated = await call(t, 'POST', `/api/v1/feedback/${created.id}/satisfaction`, 200, { body: { satisfaction: 'basically_satisfied' } });
    expect(rated).toMatchObject({ status: 'closed', satisfaction: 'basically_satisfied', satisfactionLabel: '基本满意' });
    expectError(await t.request('POST', `/api/v1/feedback/${created.id}/satisfaction`, { body: { satisfaction: 'satisfied' } }), 409, 'ALREADY_RATED');
    expect((await auditOf(t, created.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['feedback.route', 'feedback.answer']));
  });

  it('an approver of another department cannot answer; past its due date an item is escalated once', async () => {
    const created = (await submit({ kind: 'suggestion', text: '建议延长周六服务时间', departmentId: o.tax.id })).json();
    expectError(await t.request('POST', `/api/v1/feedback/${created.id}/answer`, { token: o.accounts.approver.token, body: { answer: '好' } }), 403, 'FORBIDDEN');
    const later = new Date(`${created.dueDate}T12:00:00+08:00`);
    later.setUTCDate(later.getUTCDate() + 1);
    const from = staffStream.events.length;
    expect((await escalateOverdueFeedback(t.database.db, later)).escalated).toBeGreaterThanOrEqual(1);
    await staffStream.waitFor((e) => e.event === 'feedback.overdue' && JSON.parse(e.data).feedbackId === created.id, 5000, from);
    expect(await escalateOverdueFeedback(t.database.db, later)).toEqual({ ran: true, escalated: 0 });
  });
});
