import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf } from '../../platform/auth.ts';
import { errors, IdParams, Ok } from '../../platform/schemas.ts';
import * as schema from './schema.ts';
import * as assessment from './service.ts';

const tags = ['标杆大厅考评'];

export const assessmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get('/api/v1/assessment/rounds', { schema: { tags, summary: '我参与的考评批次（省级管理员、监察人员；被考评中心在自评开始后）', response: { 200: Type.Array(schema.RoundSummary), ...errors(401, 403) } } }, (request) =>
    assessment.listRounds(db, request.principal),
  );

  app.post('/api/v1/assessment/rounds', { schema: { tags, summary: '新建考评批次（省级中心管理员）', body: schema.CreateRound, response: { 201: schema.Round, ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    const round = await assessment.createRound(db, request.principal, actorOf(request), request.body);
    reply.code(201);
    return round;
  });

  app.get('/api/v1/assessment/rounds/:id', { schema: { tags, summary: '考评批次：被考评中心与指标', params: schema.RoundParams, response: { 200: schema.Round, ...errors(401, 403, 404) } } }, (request) =>
    assessment.getRound(db, request.principal, request.params.id),
  );

  app.post('/api/v1/assessment/rounds/:id/criteria', { schema: { tags, summary: '添加考评指标（草稿阶段）；可指定自动指标', params: schema.RoundParams, body: schema.CreateCriterion, response: { 201: schema.Criterion, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const criterion = await assessment.addCriterion(db, request.principal, actorOf(request), request.params.id, request.body);
    reply.code(201);
    return criterion;
  });

  app.delete('/api/v1/assessment/rounds/:id/criteria/:criterionId', { schema: { tags, summary: '删除考评指标（草稿阶段）', params: schema.CriterionParams, response: { 200: Ok, ...errors(401, 403, 404, 409) } } }, async (request) => {
    await assessment.removeCriterion(db, request.principal, actorOf(request), request.params.id, request.params.criterionId);
    return { ok: true as const };
  });

  app.post('/api/v1/assessment/rounds/:id/advance', { schema: { tags, summary: '进入下一阶段：草稿 → 自评 → 实地核查 → 发布（核查与发布时按统计数据计算自动指标）', params: schema.RoundParams, response: { 200: schema.Round, ...errors(401, 403, 404, 409) } } }, (request) =>
    assessment.advanceRound(db, request.principal, actorOf(request), request.params.id),
  );

  app.post('/api/v1/assessment/rounds/:id/indicators', { schema: { tags, summary: '按统计数据重新计算自动指标（自评、核查阶段）', params: schema.RoundParams, response: { 200: Ok, ...errors(401, 403, 404, 409) } } }, async (request) => {
    await assessment.refreshIndicators(db, request.principal, actorOf(request), request.params.id);
    return { ok: true as const };
  });

  app.put('/api/v1/assessment/rounds/:id/centers/:centerId/self-scores', { schema: { tags, summary: '中心自评一项指标：得分与佐证材料（自评截止前）', params: schema.CenterParams, body: schema.SelfScore, response: { 200: schema.Scorecard, ...errors(400, 401, 403, 404, 409) } } }, async (request) => {
    await assessment.saveSelfScore(db, request.principal, actorOf(request), request.params.id, request.params.centerId, request.body);
    return assessment.getScorecard(db, request.principal, request.params.id, request.params.centerId);
  });

  app.get('/api/v1/assessment/rounds/:id/centers/:centerId', { schema: { tags, summary: '中心考评计分卡：自动指标及来源、自评与佐证、核查问题与整改', params: schema.CenterParams, response: { 200: schema.Scorecard, ...errors(401, 403, 404) } } }, (request) =>
    assessment.getScorecard(db, request.principal, request.params.id, request.params.centerId),
  );

  app.get('/api/v1/assessment/rounds/:id/ranking', { schema: { tags, summary: '得分与排名（分维度小计）；被考评中心在发布后可见', params: schema.RoundParams, response: { 200: Type.Array(schema.RankingRow), ...errors(401, 403, 404) } } }, (request) =>
    assessment.getRanking(db, request.principal, request.params.id),
  );

  app.post('/api/v1/assessment/rounds/:id/findings', { schema: { tags, summary: '记录实地核查问题、核查评分与整改期限（省级监察人员）', params: schema.RoundParams, body: schema.RecordFinding, response: { 201: schema.Finding, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const finding = await assessment.recordFinding(db, request.principal, actorOf(request), request.params.id, request.body);
    reply.code(201);
    return finding;
  });

  app.post('/api/v1/assessment/findings/:id/follow-ups', { schema: { tags, summary: '整改跟进：中心报送整改情况；监察人员销号（close）', params: IdParams, body: schema.FollowUp, response: { 200: schema.Finding, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    assessment.followUpFinding(db, request.principal, actorOf(request), request.params.id, request.body),
  );
};
