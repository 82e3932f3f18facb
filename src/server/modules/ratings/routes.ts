import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, requireDevice, requireUser } from '../../platform/auth.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { authorizeInCenter, centerSubtree, getCenter } from '../org/service.ts';
import { badTags, goodTags } from './rules.ts';
import * as schema from './schema.ts';
import * as ratings from './service.ts';

const tags = ['好差评'];
const overseers = ['admin', 'center_manager', 'supervisor'] as const;

export const ratingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post('/api/v1/ratings', { schema: { tags, summary: '评价一次服务（公开：凭号票或办件 ID；评价器、终端带设备令牌）', body: schema.Rate, response: { 201: schema.PublicRating, ...errors(400, 403, 404, 409) } } }, async (request, reply) => {
    const rating = await ratings.rateService(db, request.principal, request.body);
    reply.code(201);
    return rating;
  });

  app.get('/api/v1/ratings/of', { schema: { tags, summary: '某次服务的评价（公开：凭号票或办件 ID）', querystring: schema.ServiceRef, response: { 200: schema.PublicRating, ...errors(400, 404) } } }, (request) =>
    ratings.ratingOfService(db, request.query),
  );

  app.post('/api/v1/ratings/follow-up', { schema: { tags, summary: '追评（评价后规定天数内，一次）', body: schema.FollowUp, response: { 200: schema.PublicRating, ...errors(400, 404, 409) } } }, (request) =>
    ratings.addFollowUp(db, request.body),
  );

  app.get('/api/v1/rating-tags', { schema: { tags, summary: '评价标签（公开）', response: { 200: schema.RatingTags } } }, async () => ({ good: [...goodTags], bad: [...badTags] }));

  app.get('/api/v1/ratings/:id', { schema: { tags, summary: '评价详情（监察、管理员；被评价的工作人员看不到评价人）', params: IdParams, response: { 200: schema.Rating, ...errors(401, 403, 404) } } }, async (request) => {
    const rating = await ratings.getRating(db, request.params.id);
    const user = requireUser(request);
    if (user.id === rating.staffUserId) return { ...rating, raterName: null, raterPhone: null };
    await authorizeInCenter(db, user, overseers, rating.centerId, rating.departmentId);
    return rating;
  });

  app.get('/api/v1/ratings/:id/rater', { schema: { tags, summary: '评价人完整姓名和电话（回访用；留痕）', params: IdParams, response: { 200: schema.Rater, ...errors(401, 403, 404) } } }, (request) =>
    ratings.readRater(db, request.principal, actorOf(request), request.params.id),
  );

  app.get('/api/v1/centers/:id/ratings', { schema: { tags, summary: '评价列表（含下级中心；部门管理员须带 departmentId）', params: IdParams, querystring: schema.RatingQuery, response: { 200: Paged(schema.Rating), ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, overseers, request.params.id, request.query.departmentId);
    const { page = 1, pageSize = 20, ...filters } = request.query;
    const centerIds = await centerSubtree(db, [request.params.id]);
    return { ...(await ratings.listRatings(db, { ...filters, centerIds, page, pageSize })), page, pageSize };
  });

  app.get('/api/v1/centers/:id/rating-summary', { schema: { tags, summary: '评价汇总：各等级数量、好评率、实名差评回访率（含下级中心）', params: IdParams, querystring: schema.SummaryQuery, response: { 200: schema.Summary, ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, overseers, request.params.id, request.query.departmentId);
    return ratings.summarizeRatings(db, { ...request.query, centerIds: await centerSubtree(db, [request.params.id]) });
  });

  app.get('/api/v1/me/ratings', { schema: { tags, summary: '我收到的评价（不含评价人信息）', querystring: schema.RatingQuery, response: { 200: Paged(schema.Rating), ...errors(401) } } }, async (request) => {
    const user = requireUser(request);
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    return { ...(await ratings.listOwnRatings(db, user.id, page, pageSize)), page, pageSize };
  });

  app.get('/api/v1/public/centers/:id/ratings', { schema: { tags, summary: '好差评公开：某月各部门、各窗口评价与差评整改结果（公开，不含个人信息）', params: IdParams, querystring: schema.MonthQuery, response: { 200: schema.PublicReport, ...errors(400, 404) } } }, (request) =>
    ratings.publicRatingReport(db, request.params.id, request.query.month),
  );

  app.get('/api/v1/centers/:id/rating-settings', { schema: { tags, summary: '评价规则（追评期限、整改期限）', params: IdParams, response: { 200: schema.RatingSettings, ...errors(404) } } }, async (request) => {
    await getCenter(db, request.params.id);
    return ratings.getRatingSettings(db, request.params.id);
  });

  app.put('/api/v1/centers/:id/rating-settings', { schema: { tags, summary: '修改评价规则（管理员、大厅管理员）', params: IdParams, body: schema.UpdateRatingSettings, response: { 200: schema.RatingSettings, ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, ['admin', 'center_manager'], request.params.id);
    return ratings.updateRatingSettings(db, actorOf(request), request.params.id, request.body);
  });

  app.get('/api/v1/centers/:id/rectifications', { schema: { tags, summary: '差评整改列表（含下级中心）', params: IdParams, querystring: schema.RectificationQuery, response: { 200: Paged(schema.Rectification), ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, overseers, request.params.id, request.query.departmentId);
    const { page = 1, pageSize = 20, ...filters } = request.query;
    const centerIds = await centerSubtree(db, [request.params.id]);
    return { ...(await ratings.listRectifications(db, { ...filters, centerIds, page, pageSize }, shanghaiDate())), page, pageSize };
  });

  app.get('/api/v1/rectifications/:id', { schema: { tags, summary: '差评整改详情与记录', params: IdParams, response: { 200: schema.Rectification, ...errors(401, 403, 404) } } }, (request) =>
    ratings.getRectification(db, request.principal, request.params.id),
  );

  const stepResponse = { 200: schema.Rectification, ...errors(400, 401, 403, 404, 409) };
  app.post('/api/v1/rectifications/:id/callback', { schema: { tags, summary: '登记回访（部门或中心管理员）', params: IdParams, body: schema.Callback, response: stepResponse } }, (request) =>
    ratings.recordCallback(db, request.principal, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/rectifications/:id/close', { schema: { tags, summary: '办结：已整改或经核实不属实（实名差评须先回访）', params: IdParams, body: schema.Close, response: stepResponse } }, (request) =>
    ratings.closeRectification(db, request.principal, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/rectifications/:id/appeal', { schema: { tags, summary: '被评价的工作人员申诉（一次）', params: IdParams, body: schema.Appeal, response: stepResponse } }, (request) =>
    ratings.appealRating(db, request.principal, actorOf(request), request.params.id, request.body.reason),
  );
  app.post('/api/v1/rectifications/:id/appeal-decision', { schema: { tags, summary: '监察裁定申诉：成立则该评价不计入统计（记录保留）', params: IdParams, body: schema.AppealDecision, response: stepResponse } }, (request) =>
    ratings.decideAppeal(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  app.get('/api/v1/pad/state', { schema: { tags, summary: '评价器：本窗口、工作人员与刚办结待评价的服务（评价器设备令牌）', response: { 200: schema.PadState, ...errors(401, 403) } } }, (request) => {
    const pad = requireDevice(request, ['rating_pad']);
    return ratings.padState(db, pad.windowId);
  });
};
