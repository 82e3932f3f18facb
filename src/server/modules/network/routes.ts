import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, requireRole } from '../../platform/auth.ts';
import { errors, IdParams, Ok, Paged } from '../../platform/schemas.ts';
import { authorizeInCenter, centerSubtree, visibleCenterIds } from '../org/service.ts';
import * as schema from './schema.ts';
import * as network from './service.ts';

const tags = ['政务地图'];
const stationTags = ['微服务站'];
const stationManagers = ['admin', 'center_manager', 'supervisor'] as const;

export const networkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get('/api/v1/service-points', { schema: { tags, summary: '服务网点（公开）：营业状态、可办事项数、排队人数；给出位置则由近到远，给出事项则只列可办网点', querystring: schema.ServicePointQuery, response: { 200: schema.ServicePointPage, ...errors(400, 404) } } }, async (request) => {
    const { page = 1, pageSize = 20, ...filters } = request.query;
    const { items, total, near } = await network.listServicePoints(db, { ...filters, page, pageSize });
    return { items, total, page, pageSize, near: near && { longitude: near.lng, latitude: near.lat } };
  });

  app.get('/api/v1/centers/:id/location', { schema: { tags, summary: '网点的位置、类型、联系电话与交通指引（公开）', params: IdParams, response: { 200: schema.PointLocation, ...errors(404) } } }, (request) =>
    network.getPointLocation(db, request.params.id),
  );

  app.put('/api/v1/centers/:id/location', { schema: { tags, summary: '设置网点位置（GCJ-02）与地图信息（管理员、中心管理员；留痕）', params: IdParams, body: schema.SetLocation, response: { 200: schema.PointLocation, ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, network.managers, request.params.id);
    return network.setPointLocation(db, actorOf(request), request.params.id, request.body);
  });

  app.get('/api/v1/stations', { schema: { tags: stationTags, summary: '微服务站列表（管理员、中心管理员、监察；centerId 含下级中心）', querystring: schema.StationQuery, response: { 200: Paged(schema.Station), ...errors(400, 401, 403, 404) } } }, async (request) => {
    const { page = 1, pageSize = 20, centerId } = request.query;
    let centerIds: string[] | 'all';
    if (centerId) {
      await authorizeInCenter(db, request.principal, stationManagers, centerId);
      centerIds = await centerSubtree(db, [centerId]);
    } else {
      centerIds = await visibleCenterIds(db, requireRole(request, stationManagers));
    }
    return { ...(await network.listStations(db, { centerIds, page, pageSize })), page, pageSize };
  });

  app.post('/api/v1/stations', { schema: { tags: stationTags, summary: '新建微服务站（所属中心的管理员或中心管理员）', body: schema.CreateStation, response: { 201: schema.Station, ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    const station = await network.createStation(db, request.principal, actorOf(request), request.body);
    reply.code(201);
    return station;
  });

  app.get('/api/v1/stations/:id', { schema: { tags: stationTags, summary: '微服务站页面（公开：海报二维码打开）', params: IdParams, response: { 200: schema.PublicStation, ...errors(404) } } }, (request) =>
    network.getPublicStation(db, request.params.id),
  );

  app.patch('/api/v1/stations/:id', { schema: { tags: stationTags, summary: '修改微服务站：名称、地址、明白卡、短视频', params: IdParams, body: schema.UpdateStation, response: { 200: schema.Station, ...errors(400, 401, 403, 404) } } }, (request) =>
    network.updateStation(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  app.delete('/api/v1/stations/:id', { schema: { tags: stationTags, summary: '删除微服务站（其基层证明须已全部办结）', params: IdParams, response: { 200: Ok, ...errors(401, 403, 404, 409) } } }, async (request) => {
    await network.deleteStation(db, request.principal, actorOf(request), request.params.id);
    return { ok: true as const };
  });

  app.post('/api/v1/stations/:id/certificate-requests', { schema: { tags: stationTags, summary: '申请基层证明（公开）', params: IdParams, body: schema.SubmitCertificate, response: { 201: schema.CertificateReceipt, ...errors(400, 404) } } }, async (request, reply) => {
    const receipt = await network.submitCertificateRequest(db, request.params.id, request.body);
    reply.code(201);
    return receipt;
  });

  app.get('/api/v1/centers/:id/certificate-requests', { schema: { tags: stationTags, summary: '基层证明申请（含下级中心；姓名、电话脱敏）', params: IdParams, querystring: schema.CertificateQuery, response: { 200: Paged(schema.CertificateRequest), ...errors(400, 401, 403, 404) } } }, async (request) => {
    const { page = 1, pageSize = 20, status } = request.query;
    return { ...(await network.listCertificateRequests(db, request.principal, request.params.id, { status, page, pageSize })), page, pageSize };
  });

  app.post('/api/v1/certificate-requests/:id/status', { schema: { tags: stationTags, summary: '受理或办结基层证明（所属中心的管理员）', params: IdParams, body: schema.MoveCertificate, response: { 200: schema.CertificateRequest, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    network.moveCertificateRequest(db, request.principal, actorOf(request), request.params.id, request.body.status),
  );

  app.get('/api/v1/certificate-requests/:id/contact', { schema: { tags: stationTags, summary: '申请人完整姓名与电话（回电用；每次查看留痕）', params: IdParams, response: { 200: Type.Object({ name: Type.String(), phone: Type.String() }), ...errors(401, 403, 404) } } }, (request) =>
    network.readCertificateContact(db, request.principal, actorOf(request), request.params.id),
  );
};
