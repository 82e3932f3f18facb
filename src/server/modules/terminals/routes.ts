import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, requireDevice } from '../../platform/auth.ts';
import { errors, IdParams } from '../../platform/schemas.ts';
import { forbidden, notFound, unauthorized } from '../../platform/errors.ts';
import { authorizeInCenter, getDevice } from '../org/service.ts';
import Type from 'typebox';
import * as schema from './schema.ts';
import * as terminals from './service.ts';

const tags = ['自助终端'];
/** Who answers a call for help in the hall. */
const hallStaff = ['admin', 'center_manager', 'window_staff', 'supervisor'] as const;

export const terminalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post('/api/v1/terminals/heartbeat', { schema: { tags, summary: '终端心跳：每 30 秒上报打印机和纸张状态（终端设备令牌）', body: schema.Heartbeat, response: { 200: schema.HeartbeatAnswer, ...errors(400, 401, 403) } } }, (request) =>
    terminals.recordHeartbeat(db, requireDevice(request, ['terminal']), request.body),
  );

  app.get('/api/v1/centers/:id/terminals', { schema: { tags, summary: '本中心及下级中心的自助终端和在线状态（管理员、大厅管理员、监察）', params: IdParams, response: { 200: Type.Array(schema.Terminal), ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, ['admin', 'center_manager', 'supervisor'], request.params.id);
    return terminals.listTerminals(db, request.params.id);
  });

  app.get('/api/v1/terminals/:id/items', { schema: { tags, summary: '终端可办事项：本终端单独配置的事项（null：本中心全部终端可办事项；管理员、大厅管理员或该终端本身）', params: IdParams, response: { 200: schema.OfferedItems, ...errors(401, 403, 404) } } }, async (request) => {
    const principal = request.principal;
    if (principal?.kind === 'device') {
      if (principal.id !== request.params.id) throw forbidden('终端只能读取自己的可办事项');
    } else await authorizeInCenter(db, principal, ['admin', 'center_manager', 'supervisor'], (await getDevice(db, request.params.id)).centerId);
    return terminals.offeredItems(db, request.params.id);
  });

  app.put('/api/v1/terminals/:id/items', { schema: { tags, summary: '设置终端可办事项（须为终端可办事项；null 恢复为本中心全部；管理员、大厅管理员；留痕）', params: IdParams, body: schema.OfferedItems, response: { 200: schema.OfferedItems, ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, ['admin', 'center_manager'], (await getDevice(db, request.params.id)).centerId);
    return terminals.setOfferedItems(db, actorOf(request), request.params.id, request.body.itemIds);
  });

  app.post('/api/v1/help-requests', { schema: { tags, summary: '请工作人员帮我：取号机或终端呼叫大厅工作人员（设备令牌；未响应前重复按下是同一呼叫）', response: { 200: schema.HelpRequest, 201: schema.HelpRequest, ...errors(401, 403) } } }, async (request, reply) => {
    const { request: help, created } = await terminals.requestHelp(db, requireDevice(request, ['kiosk', 'terminal']), actorOf(request));
    reply.code(created ? 201 : 200);
    return help;
  });

  app.get('/api/v1/centers/:id/help-requests', { schema: { tags, summary: '大厅的帮办呼叫：待响应在前，及近 24 小时已响应的（本中心工作人员）', params: IdParams, response: { 200: Type.Array(schema.HelpRequest), ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, hallStaff, request.params.id);
    return terminals.listHelpRequests(db, request.params.id);
  });

  app.get('/api/v1/help-requests/:id', { schema: { tags, summary: '一次帮办呼叫：发出呼叫的取号机或终端据此显示“工作人员已响应”（该设备，或本中心工作人员）', params: IdParams, response: { 200: schema.HelpRequest, ...errors(401, 403, 404) } } }, async (request) => {
    const principal = request.principal;
    if (!principal) throw unauthorized();
    const help = await terminals.getHelpRequest(db, request.params.id);
    if (principal.kind === 'device') {
      // Another device learns nothing, not even that the call exists.
      if (principal.id !== help.deviceId) throw notFound('帮办呼叫', request.params.id);
    } else await authorizeInCenter(db, principal, hallStaff, help.centerId);
    return help;
  });

  app.post('/api/v1/help-requests/:id/acknowledge', { schema: { tags, summary: '响应帮办呼叫（本中心工作人员；已被响应则 409 ALREADY_ACKNOWLEDGED）', params: IdParams, response: { 200: schema.HelpRequest, ...errors(401, 403, 404, 409) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, hallStaff, (await terminals.getHelpRequest(db, request.params.id)).centerId);
    return terminals.acknowledgeHelp(db, actorOf(request), request.params.id);
  });

  app.get('/api/v1/terminals/hall', { schema: { tags, summary: '终端或取号机所在中心此刻是否在取号时间（决定是否提供取号）', response: { 200: Type.Object({ open: Type.Boolean() }), ...errors(401, 403) } } }, (request) =>
    terminals.hallStatus(db, requireDevice(request, ['terminal', 'kiosk'])),
  );

  app.get('/api/v1/terminals/rateable', { schema: { tags, summary: '凭号码找到本中心今天的号票，用于在终端评价（终端设备令牌）', querystring: schema.RateableQuery, response: { 200: schema.Rateable, ...errors(400, 401, 403, 404) } } }, (request) =>
    terminals.findRateableTicket(db, requireDevice(request, ['terminal']), request.query.ticketNo),
  );

  app.post('/api/v1/terminals/certificates', { schema: { tags, summary: '证明开具：扫个人码，按本人记录出具带编号和核验二维码的证明（终端设备令牌；留痕）', body: schema.IssueCertificate, response: { 201: schema.IssuedCertificate, ...errors(400, 401, 403, 404, 409, 410) } } }, async (request, reply) => {
    const terminal = requireDevice(request, ['terminal']);
    const issued = await terminals.issueCertificate(db, terminal, actorOf(request), request.body, `${request.protocol}://${request.host}`);
    reply.code(201);
    return issued;
  });

  app.post('/api/v1/terminals/applications', { schema: { tags, summary: '终端申报：扫个人码，为本人申报本中心的终端可办事项（电子证照代替纸质材料）', body: schema.Apply, response: { 201: schema.Applied, ...errors(400, 401, 403, 404, 409, 410) } } }, async (request, reply) => {
    const applied = await terminals.applyAtTerminal(db, requireDevice(request, ['terminal']), actorOf(request), request.body);
    reply.code(201);
    return applied;
  });

  app.get('/api/v1/public/certificates/:no', { schema: { tags, summary: '证明真伪核验（公开：凭证明编号；持有人信息脱敏）', params: schema.CertificateParams, response: { 200: schema.VerifiedCertificate, ...errors(400, 404) } } }, (request) =>
    terminals.verifyCertificate(db, request.params.no),
  );
};
