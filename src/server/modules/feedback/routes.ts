import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/auth.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import { authorizeInCenter, centerSubtree } from '../org/service.ts';
import * as schema from './schema.ts';
import * as feedback from './service.ts';

const tags = ['投诉建议'];

export const feedbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post('/api/v1/feedback', { schema: { tags, summary: '提交投诉、建议或表扬（公开；终端带设备令牌；工作人员代为登记电话、来信）', body: schema.SubmitFeedback, response: { 201: schema.PublicFeedback, ...errors(400, 403, 404) } } }, async (request, reply) => {
    const created = await feedback.submitFeedback(db, request.principal, request.body);
    reply.code(201);
    return created;
  });

  app.get('/api/v1/feedback/:id', { schema: { tags, summary: '诉求办理情况与答复（凭诉求 ID 公开查询）', params: IdParams, response: { 200: schema.PublicFeedback, ...errors(404) } } }, (request) =>
    feedback.getPublicFeedback(db, request.params.id),
  );

  app.post('/api/v1/feedback/:id/satisfaction', { schema: { tags, summary: '对答复的满意度（凭诉求 ID，一次）', params: IdParams, body: schema.RateAnswer, response: { 200: schema.PublicFeedback, ...errors(400, 404, 409) } } }, (request) =>
    feedback.rateAnswer(db, request.params.id, request.body.satisfaction),
  );

  app.get('/api/v1/feedback/:id/details', { schema: { tags, summary: '诉求详情（管理员、监察、承办部门）', params: IdParams, response: { 200: schema.Feedback, ...errors(401, 403, 404) } } }, (request) =>
    feedback.getFeedback(db, request.principal, request.params.id),
  );

  app.get('/api/v1/centers/:id/feedback', { schema: { tags, summary: '投诉建议列表（含下级中心；部门人员须带 departmentId）', params: IdParams, querystring: schema.FeedbackQuery, response: { 200: Paged(schema.Feedback), ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, ['admin', 'center_manager', 'supervisor', 'dept_approver'], request.params.id, request.query.departmentId);
    const { page = 1, pageSize = 20, ...filters } = request.query;
    return { ...(await feedback.listFeedback(db, { ...filters, centerIds: await centerSubtree(db, [request.params.id]), page, pageSize })), page, pageSize };
  });

  app.post('/api/v1/feedback/:id/route', { schema: { tags, summary: '转办到承办部门（中心管理员）', params: IdParams, body: schema.Route, response: { 200: schema.Feedback, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    feedback.routeFeedback(db, request.principal, actorOf(request), request.params.id, request.body.departmentId),
  );

  app.post('/api/v1/feedback/:id/answer', { schema: { tags, summary: '答复（承办部门或中心；留有手机号则短信告知）', params: IdParams, body: schema.Answer, response: { 200: schema.Feedback, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    feedback.answerFeedback(db, request.principal, actorOf(request), request.params.id, request.body.answer),
  );
};
