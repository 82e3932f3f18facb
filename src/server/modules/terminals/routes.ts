import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, requireDevice } from '../../platform/auth.ts';
import { errors, IdParams } from '../../platform/schemas.ts';
import { authorizeInCenter } from '../org/service.ts';
import Type from 'typebox';
import * as schema from './schema.ts';
import * as terminals from './service.ts';

const tags = ['自助终端'];

export const terminalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post('/api/v1/terminals/heartbeat', { schema: { tags, summary: '终端心跳：每 30 秒上报打印机和纸张状态（终端设备令牌）', body: schema.Heartbeat, response: { 200: schema.HeartbeatAnswer, ...errors(400, 401, 403) } } }, (request) =>
    terminals.recordHeartbeat(db, requireDevice(request, ['terminal']), request.body),
  );

  app.get('/api/v1/centers/:id/terminals', { schema: { tags, summary: '本中心及下级中心的自助终端和在线状态（管理员、大厅管理员、监察）', params: IdParams, response: { 200: Type.Array(schema.Terminal), ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, ['admin', 'center_manager', 'supervisor'], request.params.id);
    return terminals.listTerminals(db, request.params.id);
  });

  app.get('/api/v1/terminals/hall', { schema: { tags, summary: '终端所在中心此刻是否在办公时间（决定是否提供取号）', response: { 200: Type.Object({ open: Type.Boolean() }), ...errors(401, 403) } } }, (request) =>
    terminals.hallStatus(db, requireDevice(request, ['terminal'])),
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
