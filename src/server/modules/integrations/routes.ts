import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { actorOf } from '../../platform/auth.ts';
import { badRequest, forbidden, unauthorized } from '../../platform/errors.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import { Case, Complete, Decide } from '../cases/schema.ts';
import { authorizeInCenter, getDepartment } from '../org/service.ts';
import { parseCursor } from './rules.ts';
import * as schema from './schema.ts';
import * as integrations from './service.ts';

const tags = ['部门对接'];
const admins = ['admin'] as const;

export const integrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  /** An admin over the department's center (or everywhere). */
  async function assertAdminOfDepartment(request: FastifyRequest, departmentId: string) {
    const department = await getDepartment(db, departmentId);
    await authorizeInCenter(db, request.principal, admins, department.centerId);
    return department;
  }

  /** The department system calling with its key. */
  function requireSystem(request: FastifyRequest): integrations.SystemPrincipal {
    const principal = request.principal;
    if (!principal) throw unauthorized('UNAUTHENTICATED', '需要部门系统接口密钥');
    if (principal.kind !== 'system') throw forbidden('该接口仅供部门系统使用（接口密钥）');
    return principal;
  }

  // ------------------------------------------------------------ keys (admin)
  app.get('/api/v1/departments/:id/integration-keys', { schema: { tags, summary: '部门的接口密钥（只显示开头）', params: IdParams, response: { 200: Type.Array(schema.IntegrationKey), ...errors(401, 403, 404) } } }, async (request) => {
    await assertAdminOfDepartment(request, request.params.id);
    return integrations.listIntegrationKeys(db, request.params.id);
  });

  app.post('/api/v1/departments/:id/integration-keys', { schema: { tags, summary: '为部门系统创建接口密钥（密钥仅显示一次）', params: IdParams, body: schema.CreateKey, response: { 201: schema.KeyWithToken, ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    await assertAdminOfDepartment(request, request.params.id);
    return reply.status(201).send(await integrations.createIntegrationKey(db, actorOf(request), { departmentId: request.params.id, name: request.body.name }));
  });

  app.post('/api/v1/integration-keys/:id/revoke', { schema: { tags, summary: '吊销接口密钥', params: IdParams, response: { 200: schema.IntegrationKey, ...errors(401, 403, 404, 409) } } }, async (request) => {
    const key = await integrations.getIntegrationKey(db, request.params.id);
    await assertAdminOfDepartment(request, key.departmentId);
    return integrations.revokeIntegrationKey(db, actorOf(request), request.params.id);
  });

  // ------------------------------------------------------------ webhook endpoints (admin)
  app.get('/api/v1/departments/:id/webhooks', { schema: { tags, summary: '部门的推送地址', params: IdParams, response: { 200: Type.Array(schema.WebhookEndpoint), ...errors(401, 403, 404) } } }, async (request) => {
    await assertAdminOfDepartment(request, request.params.id);
    return integrations.listWebhookEndpoints(db, request.params.id);
  });

  app.post('/api/v1/departments/:id/webhooks', { schema: { tags, summary: '新增推送地址（签名密钥仅显示一次）', params: IdParams, body: schema.CreateEndpoint, response: { 201: schema.EndpointWithSecret, ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    await assertAdminOfDepartment(request, request.params.id);
    return reply.status(201).send(await integrations.createWebhookEndpoint(db, actorOf(request), { departmentId: request.params.id, ...request.body }));
  });

  app.patch('/api/v1/webhooks/:id', { schema: { tags, summary: '停用或启用推送地址', params: IdParams, body: schema.UpdateEndpoint, response: { 200: schema.WebhookEndpoint, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const endpoint = await integrations.getWebhookEndpoint(db, request.params.id);
    await assertAdminOfDepartment(request, endpoint.departmentId);
    return integrations.setWebhookEndpointDisabled(db, actorOf(request), request.params.id, request.body.disabled);
  });

  app.get('/api/v1/departments/:id/webhook-deliveries', { schema: { tags, summary: '推送记录（可筛选死信）', params: IdParams, querystring: schema.DeliveryQuery, response: { 200: Paged(schema.Delivery), ...errors(401, 403, 404) } } }, async (request) => {
    await assertAdminOfDepartment(request, request.params.id);
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    return { ...(await integrations.listDeliveries(db, { departmentId: request.params.id, status: request.query.status, page, pageSize })), page, pageSize };
  });

  app.post('/api/v1/webhook-deliveries/:id/replay', { schema: { tags, summary: '重新投递死信', params: IdParams, response: { 200: schema.Delivery, ...errors(401, 403, 404, 409) } } }, async (request) => {
    const delivery = await integrations.getDelivery(db, request.params.id);
    await assertAdminOfDepartment(request, delivery.departmentId);
    return integrations.replayDelivery(db, actorOf(request), request.params.id);
  });

  // ------------------------------------------------------------ the department system (API key)
  const pullSummary = '拉取本部门状态有变化的办件（接口密钥）：按 cursor 增量读取';
  app.get('/api/v1/integration/cases', { schema: { tags, summary: pullSummary, querystring: schema.PullQuery, response: { 200: Type.Object({ items: Type.Array(Case), cursor: Type.String(), hasMore: Type.Boolean() }), ...errors(400, 401, 403) } } }, async (request) => {
    const system = requireSystem(request);
    const since = parseCursor(request.query.since);
    if (since === undefined) throw badRequest('INVALID_CURSOR', 'cursor 不正确，请使用上次返回的 cursor');
    return integrations.pullCases(db, system, since, request.query.limit ?? 100);
  });

  app.get('/api/v1/integration/cases/:id', { schema: { tags, summary: '本部门办件详情（接口密钥）', params: IdParams, response: { 200: Case, ...errors(401, 403, 404) } } }, async (request) =>
    integrations.getDepartmentCase(db, requireSystem(request), request.params.id),
  );

  const pushResponse = { 200: Case, ...errors(400, 401, 403, 404, 409) };
  app.post('/api/v1/integration/cases/:id/decide', { schema: { tags, summary: '回传审批决定（准予 / 不予，接口密钥）', params: IdParams, body: Decide, response: pushResponse } }, async (request) =>
    integrations.decideCaseForDepartment(db, requireSystem(request), request.params.id, request.body),
  );

  app.post('/api/v1/integration/cases/:id/complete', { schema: { tags, summary: '回传办结及送达方式（接口密钥）', params: IdParams, body: Complete, response: pushResponse } }, async (request) =>
    integrations.completeCaseForDepartment(db, requireSystem(request), request.params.id, request.body.delivery),
  );
};
