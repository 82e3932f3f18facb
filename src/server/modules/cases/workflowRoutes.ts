import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/auth.ts';
import { badRequest } from '../../platform/errors.ts';
import { errors, IdParams } from '../../platform/schemas.ts';
import { authorizeInCenter } from '../org/service.ts';
import { createBundleCase, getBundleCase, parentOf } from './bundles.ts';
import { Case, Reason } from './schema.ts';
import { getCase } from './service.ts';
import { advanceCase, caseRoute, getItemWorkflow, itemWorkflowScope, saveItemWorkflow, sendBackCase } from './workflow.ts';
import { Advance, BundleCase, CaseRouteWithParent, CreateBundleCase, ItemWorkflow, ItemWorkflowInput } from './workflowSchema.ts';

const tags = ['办件'];
const readers = ['admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor'] as const;

/** Back-office steps per item (承办 → 审核 → 决定) and 一件事 applications. */
export const caseWorkflowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;
  const stepResponse = { 200: Case, ...errors(400, 401, 403, 404, 409) };

  app.get('/api/v1/items/:id/workflow', { schema: { tags, summary: '事项的后台办理步骤（管理员）', params: IdParams, response: { 200: ItemWorkflow, ...errors(401, 403, 404) } } }, async (request) => {
    const scope = await itemWorkflowScope(db, request.params.id);
    await authorizeInCenter(db, request.principal, ['admin'], scope.centerId);
    return getItemWorkflow(db, request.params.id);
  });

  app.put('/api/v1/items/:id/workflow', { schema: { tags, summary: '设置事项的后台办理步骤（管理员；最后一步为「决定」）', params: IdParams, body: ItemWorkflowInput, response: { 200: ItemWorkflow, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const scope = await itemWorkflowScope(db, request.params.id);
    await authorizeInCenter(db, request.principal, ['admin'], scope.centerId);
    return saveItemWorkflow(db, actorOf(request), request.params.id, request.body);
  });

  app.get('/api/v1/cases/:id/route', { schema: { tags, summary: '后台办理步骤：当前步骤、各步意见，及所属一件事', params: IdParams, response: { 200: CaseRouteWithParent, ...errors(401, 403, 404) } } }, async (request) => {
    const found = await getCase(db, request.params.id);
    await authorizeInCenter(db, request.principal, readers, found.centerId, found.departmentId);
    return { ...(await caseRoute(db, found)), parent: await parentOf(db, found.id) };
  });

  app.post('/api/v1/cases/:id/advance', { schema: { tags, summary: '提交下一步（填写本步骤意见；部门审批人员）', params: IdParams, body: Advance, response: stepResponse } }, (request) =>
    advanceCase(db, request.principal, actorOf(request), request.params.id, request.body.opinion),
  );

  app.post('/api/v1/cases/:id/send-back', { schema: { tags, summary: '退回上一步（须说明理由；部门审批人员）', params: IdParams, body: Reason, response: stepResponse } }, (request) =>
    sendBackCase(db, request.principal, actorOf(request), request.params.id, request.body.reason),
  );

  app.post('/api/v1/bundle-cases', { schema: { tags, summary: '一件事申报：一个主件和每个事项一个子件（全部成功或全部不写；支持 Idempotency-Key）', body: CreateBundleCase, response: { 201: BundleCase, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || key.length < 8 || key.length > 100)) throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key 应为 8 到 100 个字符');
    const created = await createBundleCase(db, request.principal, actorOf(request), { ...request.body, idempotencyKey: key });
    reply.code(201);
    return created;
  });

  app.get('/api/v1/bundle-cases/:id', { schema: { tags, summary: '一件事办件（主件及各子件状态）', params: IdParams, response: { 200: BundleCase, ...errors(401, 403, 404) } } }, async (request) => {
    const found = await getBundleCase(db, request.params.id);
    await authorizeInCenter(db, request.principal, ['admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor'], found.centerId);
    return found;
  });
};
