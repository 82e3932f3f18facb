import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, requireUser } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import * as schema from './schema.ts';
import * as projects from './service.ts';

const tags = ['一本总账'];
const policyTags = ['暖企服务'];
const bundleTags = ['政务定制'];

export const projectRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  /** The ledger's rules (stage norms and items) and the policy list cover every center: only a global administrator edits them. */
  const globalAdmin = (request: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(request);
    if (!user.roles.some((g) => g.role === 'admin' && g.centerId === null)) throw forbidden('只有全局管理员可以维护此项设置');
    return user;
  };

  app.get('/api/v1/projects/stages', { schema: { tags, summary: '八个阶段的标准时长与必办事项', response: { 200: Type.Array(schema.StageSetting), ...errors(401, 403) } } }, (request) => {
    requireUser(request);
    return projects.listStageSettings(db);
  });

  app.put('/api/v1/projects/stages/:stage', { schema: { tags, summary: '设置阶段标准时长与必办事项（全局管理员）', params: schema.StageParams, body: schema.StageSettingInput, response: { 200: schema.StageSetting, ...errors(400, 401, 403) } } }, (request) => {
    globalAdmin(request);
    return projects.updateStageSetting(db, actorOf(request), request.params.stage, request.body);
  });

  app.get('/api/v1/projects/figures', { schema: { tags, summary: '总账数字：企业、项目、各阶段项目、关联办件', querystring: schema.FiguresQuery, response: { 200: schema.Figures, ...errors(401, 403, 404) } } }, (request) =>
    projects.ledgerFigures(db, request.principal, request.query.centerId),
  );

  app.get('/api/v1/projects', { schema: { tags, summary: '项目总账列表（按阶段筛选，含卡点）', querystring: schema.ProjectQuery, response: { 200: Paged(schema.ProjectSummary), ...errors(400, 401, 403, 404) } } }, async (request) => {
    const { page = 1, pageSize = 20, ...filters } = request.query;
    return { ...(await projects.listProjects(db, request.principal, { ...filters, page, pageSize })), page, pageSize };
  });

  app.post('/api/v1/projects', { schema: { tags, summary: '登记项目（投资项目代码、业主、地点）', body: schema.ProjectInput, response: { 201: schema.ProjectDetail, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const created = await projects.createProject(db, request.principal, actorOf(request), request.body);
    reply.code(201);
    return created;
  });

  app.get('/api/v1/projects/:id', { schema: { tags, summary: '项目详情：八阶段时间线、各阶段办件、待办事项、卡点', params: IdParams, response: { 200: schema.ProjectDetail, ...errors(401, 403, 404) } } }, (request) =>
    projects.getProject(db, request.principal, request.params.id),
  );

  app.post('/api/v1/projects/:id/cases', { schema: { tags, summary: '按办件编号关联业主的办件', params: IdParams, body: schema.LinkCase, response: { 200: schema.ProjectDetail, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    projects.linkCase(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/v1/projects/:id/advance', { schema: { tags, summary: '进入下一阶段（不得跳过；必办事项未办结须填写原因）', params: IdParams, body: schema.Advance, response: { 200: schema.ProjectDetail, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    projects.advanceStage(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  // ---- 暖企 policies

  app.get('/api/v1/policies', { schema: { tags: policyTags, summary: '暖企政策（补贴、减免、贴息）及适用条件（公开）', response: { 200: Type.Array(schema.Policy) } } }, () => projects.listPolicies(db));

  app.post('/api/v1/policies', { schema: { tags: policyTags, summary: '新增暖企政策（全局管理员）', body: schema.PolicyInput, response: { 201: schema.Policy, ...errors(400, 401, 403, 409) } } }, async (request, reply) => {
    globalAdmin(request);
    const created = await projects.createPolicy(db, actorOf(request), request.body);
    reply.code(201);
    return created;
  });

  app.post('/api/v1/policies/eligible-policies', { schema: { tags: policyTags, summary: '按企业画像推荐可享受的政策（保存画像）', body: schema.CompanyProfile, response: { 200: schema.Suggestions, ...errors(400, 401, 403) } } }, (request) =>
    projects.suggestEligiblePolicies(db, request.principal, actorOf(request), request.body),
  );

  app.get('/api/v1/policies/profiles/:creditCode', { schema: { tags: policyTags, summary: '企业画像', params: schema.CreditCodeParams, response: { 200: schema.CompanyProfile, ...errors(401, 403, 404) } } }, (request) =>
    projects.getCompanyProfile(db, request.principal, request.params.creditCode),
  );

  // ---- 政务定制

  app.post('/api/v1/custom-bundles/proposals', { schema: { tags: bundleTags, summary: '按已持证照与计划变更列出一并办理的事项', body: schema.BundleProposal, response: { 200: schema.ProposalItems, ...errors(400, 401, 403) } } }, async (request) => {
    requireUser(request);
    return { items: await projects.proposeCustomBundle(db, request.body.heldLicences, request.body.change) };
  });

  app.post('/api/v1/custom-bundles', { schema: { tags: bundleTags, summary: '一并发起政务定制事项（同一事务内为每个事项建办件）', body: schema.CustomBundleInput, response: { 201: schema.CustomBundle, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const created = await projects.startCustomBundle(db, request.principal, actorOf(request), request.body);
    reply.code(201);
    return created;
  });

  app.get('/api/v1/custom-bundles/:id', { schema: { tags: bundleTags, summary: '政务定制业务及其办件', params: IdParams, response: { 200: schema.CustomBundle, ...errors(401, 403, 404) } } }, (request) =>
    projects.getCustomBundle(db, request.principal, request.params.id),
  );
};
