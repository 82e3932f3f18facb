import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { actorOf } from '../../platform/auth.ts';
import { badRequest, conflict, forbidden, unauthorized } from '../../platform/errors.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import { identifyCitizen, scanPersonalCode } from '../citizens/service.ts';
import { authorizeInCenter, getWindow, isCenterOpen, openingSpans } from '../org/service.ts';
import type { Channel } from './rules.ts';
import * as schema from './schema.ts';
import * as queue from './service.ts';
import { currentTime } from '../../platform/clock.ts';
import { shanghaiDate } from '../../platform/time.ts';

const managers = ['admin', 'center_manager'] as const;
const staff = ['admin', 'center_manager', 'window_staff'] as const;
const tags = ['排队叫号'];

export const queueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  // ------------------------------------------------------------ categories, settings, profiles
  app.get('/api/v1/centers/:id/categories', { schema: { tags, summary: '业务类别（公开）', params: IdParams, response: { 200: Type.Array(schema.Category), ...errors(404) } } }, (request) =>
    queue.listCategories(db, request.params.id),
  );

  app.post('/api/v1/categories', { schema: { tags, summary: '新建业务类别（管理员、大厅管理员）', body: schema.CreateCategory, response: { 201: schema.Category, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    await authorizeInCenter(db, request.principal, managers, request.body.centerId);
    reply.code(201);
    return queue.createCategory(db, actorOf(request), request.body);
  });

  app.put('/api/v1/categories/:id', { schema: { tags, summary: '修改业务类别，开放或暂停取号', params: IdParams, body: schema.UpdateCategory, response: { 200: schema.Category, ...errors(400, 401, 403, 404, 409) } } }, async (request) => {
    const category = await queue.getCategory(db, request.params.id);
    await authorizeInCenter(db, request.principal, managers, category.centerId);
    return queue.updateCategory(db, actorOf(request), request.params.id, request.body);
  });

  app.get('/api/v1/centers/:id/queue-settings', { schema: { tags, summary: '排队规则（优先提前量、重呼次数）', params: IdParams, response: { 200: schema.QueueSettings, ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, [...managers, 'supervisor'], request.params.id);
    return queue.getQueueSettings(db, request.params.id);
  });

  app.put('/api/v1/centers/:id/queue-settings', { schema: { tags, summary: '修改排队规则', params: IdParams, body: schema.UpdateQueueSettings, response: { 200: schema.QueueSettings, ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, managers, request.params.id);
    return queue.updateQueueSettings(db, actorOf(request), request.params.id, request.body);
  });

  app.get('/api/v1/windows/:id/profile', { schema: { tags, summary: '窗口工作配置（业务类别级别）', params: IdParams, response: { 200: schema.WindowProfile, ...errors(401, 403, 404) } } }, async (request) => {
    const window = await getWindow(db, request.params.id);
    await authorizeInCenter(db, request.principal, [...staff, 'supervisor'], window.centerId);
    return queue.getWindowProfile(db, request.params.id);
  });

  app.put('/api/v1/windows/:id/profile', { schema: { tags, summary: '设置窗口工作配置（大厅管理员）', params: IdParams, body: schema.WindowProfileInput, response: { 200: schema.WindowProfile, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const window = await getWindow(db, request.params.id);
    await authorizeInCenter(db, request.principal, managers, window.centerId);
    return queue.setWindowProfile(db, actorOf(request), request.params.id, request.body.tiers);
  });

  app.get('/api/v1/centers/:id/window-profiles', { schema: { tags, summary: '中心全部窗口的工作配置', params: IdParams, response: { 200: Type.Array(schema.WindowProfile), ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, [...managers, 'supervisor'], request.params.id);
    return queue.listWindowProfiles(db, request.params.id);
  });

  // ------------------------------------------------------------ tickets
  /** Refuses a kiosk or remote ticket while the hall is closed, naming today's hours so the visitor knows when to come. */
  async function assertHallOpen(centerId: string) {
    const now = currentTime();
    if (await isCenterOpen(db, centerId, now)) return;
    const hours = await openingSpans(db, centerId, shanghaiDate(now));
    const today = hours.length ? `今日取号时间 ${hours.map((h) => `${h.open}–${h.close}`).join('、')}` : '今日不办公';
    throw conflict('CENTER_CLOSED', `当前不在取号时间（${today}）`, { hours });
  }

  /** Who may take a ticket on which channel: a kiosk or terminal of the center while the hall is open, its staff, or a citizen remotely while it is open. */
  async function assertMayIssue(request: FastifyRequest, centerId: string, channel: Channel, body: { idNumber?: string; phone?: string }) {
    const principal = request.principal;
    if (principal?.kind === 'device') {
      if (!['kiosk', 'terminal'].includes(principal.deviceKind)) throw forbidden('该设备不能取号');
      if (principal.centerId !== centerId) throw forbidden('设备不属于该中心');
      if (channel !== 'kiosk') throw badRequest('INVALID_CHANNEL', '取号机取号的渠道应为 kiosk');
      await assertHallOpen(centerId);
      return;
    }
    if (channel === 'staff') {
      await authorizeInCenter(db, principal, staff, centerId);
      return;
    }
    if (channel === 'online') {
      if (!body.idNumber || !body.phone) throw badRequest('REAL_NAME_REQUIRED', '远程取号需要实名：请填写身份证号码和手机号码');
      await assertHallOpen(centerId);
      return;
    }
    if (!principal) throw unauthorized('UNAUTHENTICATED', channel === 'kiosk' ? '需要取号机的设备令牌' : '预约号请在取号机或窗口签到');
    throw forbidden(channel === 'kiosk' ? '取号机渠道只能由取号设备使用' : '预约号请通过预约签到取得');
  }

  /**
   * Who the ticket is for: as typed in, the person signed in on the portal (remote ticketing), or the
   * owner of the personal code the kiosk scanned — scanned only once the device may issue here.
   */
  async function ticketHolder(request: FastifyRequest, body: Static<typeof schema.IssueTicket>) {
    const { personalCode, ...input } = body;
    const principal = request.principal;
    if (personalCode !== undefined && (principal?.kind !== 'device' || !['kiosk', 'terminal'].includes(principal.deviceKind))) throw forbidden('个人码只能在取号机或自助终端上扫码取号');
    const signedIn = input.channel === 'online' && principal?.kind === 'citizen' ? await identifyCitizen(db, principal) : undefined;
    const holder = signedIn ? { ...input, idNumber: signedIn.idNumber, phone: signedIn.phone } : input;
    await assertMayIssue(request, holder.centerId, holder.channel, holder);
    if (personalCode === undefined) return holder;
    const person = await scanPersonalCode(db, actorOf(request), personalCode, 'kiosk');
    return { ...holder, idNumber: person.idNumber, phone: person.phone };
  }

  app.post('/api/v1/tickets', { schema: { tags, summary: '取号（取号机、远程、工作人员；取号机可扫个人码）', body: schema.IssueTicket, response: { 201: schema.Ticket, ...errors(400, 401, 403, 404, 409, 410) } } }, async (request, reply) => {
    const ticket = await queue.issueTicket(db, actorOf(request), await ticketHolder(request, request.body));
    reply.code(201);
    return ticket;
  });

  app.get('/api/v1/tickets/:id', { schema: { tags, summary: '号票状态（凭号票 ID 公开查询）', params: IdParams, response: { 200: schema.Ticket, ...errors(404) } } }, (request) =>
    queue.getTicket(db, request.params.id),
  );

  app.get('/api/v1/tickets/:id/history', { schema: { tags, summary: '号票流转记录（工作人员）', params: IdParams, response: { 200: Type.Array(schema.HistoryEntry), ...errors(401, 403, 404) } } }, async (request) => {
    const ticket = await queue.getTicket(db, request.params.id);
    await authorizeInCenter(db, request.principal, [...staff, 'supervisor'], ticket.centerId);
    return queue.ticketHistory(db, request.params.id);
  });

  app.get('/api/v1/tickets/:id/applicant', { schema: { tags, summary: '查看办事人完整身份信息（正在办理的窗口人员；留痕）', params: IdParams, response: { 200: schema.Applicant, ...errors(401, 403, 404) } } }, (request) =>
    queue.readTicketApplicant(db, request.principal, actorOf(request), request.params.id),
  );

  app.post('/api/v1/windows/:id/call-next', { schema: { tags, summary: '叫下一位（在此窗口签到的工作人员）', params: IdParams, response: { 200: schema.CallResult, ...errors(401, 403, 404, 409) } } }, async (request) => ({
    ticket: await queue.callNext(db, request.principal, actorOf(request), request.params.id),
  }));

  app.get('/api/v1/windows/:id/current', { schema: { tags, summary: '窗口当前号码', params: IdParams, response: { 200: schema.CurrentTicket, ...errors(401, 403, 404) } } }, async (request) => {
    const window = await getWindow(db, request.params.id);
    const principal = request.principal;
    if (principal?.kind === 'device') {
      if (principal.centerId !== window.centerId) throw forbidden('设备不属于该中心');
    } else await authorizeInCenter(db, principal, [...staff, 'supervisor'], window.centerId);
    return queue.currentTicketOfWindow(db, request.params.id);
  });

  const step = (action: 'recall' | 'start' | 'finish' | 'no-show', summary: string) =>
    app.post(`/api/v1/tickets/:id/${action}`, { schema: { tags, summary, params: IdParams, response: { 200: schema.Ticket, ...errors(401, 403, 404, 409) } } }, (request) =>
      queue.actOnTicket(db, request.principal, actorOf(request), request.params.id, action),
    );
  step('recall', '重呼（超过次数后只能过号）');
  step('start', '开始办理');
  step('finish', '办结');
  step('no-show', '过号');

  app.post('/api/v1/tickets/:id/cancel', { schema: { tags, summary: '取消号码（大厅管理员或窗口人员）', params: IdParams, body: schema.Reason, response: { 200: schema.Ticket, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    queue.actOnTicket(db, request.principal, actorOf(request), request.params.id, 'cancel', request.body?.reason),
  );

  app.post('/api/v1/tickets/:id/transfer', { schema: { tags, summary: '转移到其他业务类别或窗口（保留原到达时间）', params: IdParams, body: schema.Transfer, response: { 200: schema.Ticket, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    queue.transferTicket(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  // ------------------------------------------------------------ the hall
  app.get('/api/v1/centers/:id/queue', { schema: { tags, summary: '各业务类别等候人数与预计等候时间（公开）', params: IdParams, response: { 200: Type.Array(schema.CategoryLoad), ...errors(404) } } }, (request) =>
    queue.queueLoad(db, request.params.id),
  );

  app.get('/api/v1/centers/:id/calls', { schema: { tags, summary: '最近叫号（公开，综合屏启动时用）', params: IdParams, querystring: schema.CallsQuery, response: { 200: Type.Array(schema.Call), ...errors(404) } } }, (request) =>
    queue.recentCalls(db, request.params.id, request.query.limit ?? 10),
  );

  app.get('/api/v1/centers/:id/tickets', { schema: { tags, summary: '当日号票（大厅管理员、监察）', params: IdParams, querystring: schema.TicketListQuery, response: { 200: Paged(schema.Ticket), ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, [...managers, 'supervisor'], request.params.id);
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    return { ...(await queue.listTickets(db, { ...request.query, centerId: request.params.id, page, pageSize })), page, pageSize };
  });

  app.post('/api/v1/centers/:id/close-day', { schema: { tags, summary: '日终清号：关闭仍在等候和已叫未办的号码', params: IdParams, body: schema.RequiredReason, response: { 200: Type.Object({ closed: Type.Integer() }), ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, managers, request.params.id);
    return queue.closeDay(db, actorOf(request), request.params.id, request.body.reason);
  });
};
