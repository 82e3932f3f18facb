import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf } from '../../platform/auth.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import * as schema from './schema.ts';
import * as assistance from './service.ts';

const tags = ['帮办代办'];

export const assistanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get('/api/v1/agents', { schema: { tags, summary: '中心（含下级）的帮办代办专员（管理员、中心管理员、监察）', querystring: schema.CenterQuery, response: { 200: Type.Array(schema.Agent), ...errors(400, 401, 403, 404) } } }, (request) =>
    assistance.listAgents(db, request.principal, request.query.centerId),
  );

  app.post('/api/v1/agents', { schema: { tags, summary: '建立专员档案：层级、服务区域、专长（用户须持有 agent 角色）', body: schema.CreateAgent, response: { 201: schema.Agent, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const agent = await assistance.createAgent(db, request.principal, actorOf(request), request.body);
    reply.code(201);
    return agent;
  });

  app.get('/api/v1/agents/me', { schema: { tags, summary: '我的专员档案（帮办代办专员）', response: { 200: schema.Agent, ...errors(401, 403, 404) } } }, (request) => assistance.getOwnAgent(db, request.principal));

  app.get('/api/v1/agents/me/requests', { schema: { tags, summary: '分派给我的帮办申请（帮办代办专员）', querystring: schema.StatusQuery, response: { 200: Type.Array(schema.Request), ...errors(400, 401, 403) } } }, (request) =>
    assistance.listAgentRequests(db, request.principal, request.query.status),
  );

  app.patch('/api/v1/agents/:userId', { schema: { tags, summary: '修改专员档案或停用', params: schema.UserIdParams, body: schema.UpdateAgent, response: { 200: schema.Agent, ...errors(400, 401, 403, 404) } } }, (request) =>
    assistance.updateAgent(db, request.principal, actorOf(request), request.params.userId, request.body),
  );

  app.post('/api/v1/assistance/requests', { schema: { tags, summary: '帮办申请：企业网上申请，或窗口、电话登记', body: schema.SubmitRequest, response: { 201: schema.Request, ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    const created = await assistance.submitRequest(db, request.principal, actorOf(request), request.body);
    reply.code(201);
    return created;
  });

  app.get('/api/v1/assistance/requests', { schema: { tags, summary: '中心（含下级）的帮办申请，待分派在前（管理员、中心管理员、监察、窗口工作人员）', querystring: schema.RequestQuery, response: { 200: Paged(schema.Request), ...errors(400, 401, 403, 404) } } }, async (request) => {
    const { centerId, page = 1, pageSize = 20, ...filters } = request.query;
    return { ...(await assistance.listRequests(db, request.principal, centerId, { ...filters, page, pageSize })), page, pageSize };
  });

  app.get('/api/v1/assistance/my-requests', { schema: { tags, summary: '我的帮办申请（网上办事账号）', response: { 200: Type.Array(schema.Request), ...errors(401, 403) } } }, (request) =>
    assistance.listCitizenRequests(db, request.principal),
  );

  app.get('/api/v1/assistance/requests/:id', { schema: { tags, summary: '申请详情：专员、计划、服务记录、授权、分派记录', params: IdParams, response: { 200: schema.RequestDetail, ...errors(401, 403, 404) } } }, (request) =>
    assistance.getRequest(db, request.principal, request.params.id),
  );

  app.get('/api/v1/assistance/requests/:id/contact', { schema: { tags, summary: '联系人完整电话（负责专员、中心管理员；留痕）', params: IdParams, response: { 200: schema.Contact, ...errors(401, 403, 404) } } }, (request) =>
    assistance.readContact(db, request.principal, actorOf(request), request.params.id),
  );

  app.get('/api/v1/assistance/requests/:id/candidates', { schema: { tags, summary: '可承接的专员（按在办量）及系统推荐', params: IdParams, response: { 200: schema.Candidates, ...errors(401, 403, 404) } } }, (request) =>
    assistance.agentCandidates(db, request.principal, request.params.id),
  );

  app.post('/api/v1/assistance/requests/:id/assign', { schema: { tags, summary: '分派或改派（不指定专员则按推荐）', params: IdParams, body: schema.Assign, response: { 200: schema.RequestDetail, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    assistance.assignRequest(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/v1/assistance/requests/:id/accept', { schema: { tags, summary: '专员接受分派', params: IdParams, response: { 200: schema.RequestDetail, ...errors(401, 403, 404, 409) } } }, (request) =>
    assistance.acceptRequest(db, request.principal, actorOf(request), request.params.id),
  );

  app.post('/api/v1/assistance/requests/:id/complete', { schema: { tags, summary: '专员办结', params: IdParams, response: { 200: schema.RequestDetail, ...errors(401, 403, 404, 409) } } }, (request) =>
    assistance.completeRequest(db, request.principal, actorOf(request), request.params.id),
  );

  app.post('/api/v1/assistance/requests/:id/withdraw', { schema: { tags, summary: '撤回申请（申请企业或中心管理员）', params: IdParams, response: { 200: schema.RequestDetail, ...errors(401, 403, 404, 409) } } }, (request) =>
    assistance.withdrawRequest(db, request.principal, actorOf(request), request.params.id),
  );

  app.post('/api/v1/assistance/requests/:id/plan-steps', { schema: { tags, summary: '专员添加服务计划步骤', params: IdParams, body: schema.PlanStep, response: { 200: schema.RequestDetail, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    assistance.addPlanStep(db, request.principal, request.params.id, request.body),
  );

  app.post('/api/v1/assistance/requests/:id/plan-steps/:stepId/done', { schema: { tags, summary: '标记计划步骤完成', params: schema.StepParams, response: { 200: schema.RequestDetail, ...errors(401, 403, 404, 409) } } }, (request) =>
    assistance.completePlanStep(db, request.principal, request.params.id, request.params.stepId),
  );

  app.post('/api/v1/assistance/requests/:id/services', { schema: { tags, summary: '记录一次服务及用时；代为申报须有有效授权（403 AUTHORISATION_REQUIRED / AUTHORISATION_EXPIRED）', params: IdParams, body: schema.RecordService, response: { 200: schema.RequestDetail, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    assistance.recordService(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/v1/assistance/requests/:id/authorisations', { schema: { tags, summary: '企业授权专员代为申报（范围、截止日期，最长 180 天；留痕）', params: IdParams, body: schema.Grant, response: { 200: schema.RequestDetail, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    assistance.grantAuthorisation(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/v1/assistance/requests/:id/authorisations/:authorisationId/revoke', { schema: { tags, summary: '企业撤销授权（留痕）', params: schema.AuthorisationParams, response: { 200: schema.RequestDetail, ...errors(401, 403, 404, 409) } } }, (request) =>
    assistance.revokeAuthorisation(db, request.principal, actorOf(request), request.params.id, request.params.authorisationId),
  );

  app.post('/api/v1/assistance/requests/:id/rating', { schema: { tags, summary: '办结后企业评价（1–5 分，一次）', params: IdParams, body: schema.Rate, response: { 200: schema.RequestDetail, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    assistance.rateRequest(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  app.get('/api/v1/assistance/figures', { schema: { tags, summary: '帮办代办数据：服务企业数、项目数、服务次数、时长、平均评分（按专员、层级）', querystring: schema.FiguresQuery, response: { 200: schema.Figures, ...errors(400, 401, 403, 404) } } }, (request) =>
    assistance.assistanceFigures(db, request.principal, request.query),
  );
};
