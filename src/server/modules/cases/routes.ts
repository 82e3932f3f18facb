import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf } from '../../platform/auth.ts';
import { badRequest, forbidden, notFound } from '../../platform/errors.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import { idHashOf, type CitizenPrincipal } from '../citizens/service.ts';
import { authorizeInCenter } from '../org/service.ts';
import { loadNotice, renderNotice } from './notice.ts';
import * as schema from './schema.ts';
import * as cases from './service.ts';
import { findBundleCase, publicBundleProgress } from './bundles.ts';
import { caseWorkflowRoutes } from './workflowRoutes.ts';
import { BundleCase, PublicProgressWithChildren } from './workflowSchema.ts';

const tags = ['办件'];
const readers = ['admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor'] as const;
const stepResponse = { 200: schema.Case, ...errors(400, 401, 403, 404, 409) };

export const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post('/api/v1/cases', { schema: { tags, summary: '申报办件（窗口收件；支持 Idempotency-Key）', body: schema.CreateCase, response: { 201: schema.Case, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || key.length < 8 || key.length > 100)) throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key 应为 8 到 100 个字符');
    const created = await cases.createCase(db, request.principal, actorOf(request), { ...request.body, idempotencyKey: key });
    reply.code(201);
    return created;
  });

  app.get(
    '/api/v1/cases/:id',
    { schema: { tags, summary: '办件详情（中心或部门工作人员）；一件事主件列出各子件', params: IdParams, response: { 200: Type.Union([schema.Case, BundleCase]), ...errors(401, 403, 404) } } },
    async (request) => {
      const parent = await findBundleCase(db, request.params.id);
      if (parent) {
        await authorizeInCenter(db, request.principal, readers, parent.centerId);
        return parent;
      }
      const found = await cases.getCase(db, request.params.id);
      await authorizeInCenter(db, request.principal, readers, found.centerId, found.departmentId);
      return found;
    },
  );

  app.get('/api/v1/cases/:id/steps', { schema: { tags, summary: '办件流程记录', params: IdParams, response: { 200: Type.Array(schema.Step), ...errors(401, 403, 404) } } }, async (request) => {
    const found = await cases.getCase(db, request.params.id);
    await authorizeInCenter(db, request.principal, readers, found.centerId, found.departmentId);
    return cases.caseSteps(db, request.params.id);
  });

  /** A citizen reads only the cases filed under their real-name ID number; another's case is as if it did not exist. */
  async function assertOwnCase(citizen: CitizenPrincipal, caseId: string) {
    const hash = await idHashOf(db, citizen);
    if (!hash) throw forbidden('请先完成实名认证', 'REAL_NAME_REQUIRED');
    if ((await cases.caseRecipient(db, caseId)).identifierHash !== hash) throw notFound('办件', caseId);
  }

  app.get(
    '/api/v1/cases/:id/notice.pdf',
    {
      schema: {
        tags,
        summary: '最近一步的通知书 PDF（受理 / 不予受理 / 一次性告知；含进度查询二维码；工作人员，或实名的申请人本人）',
        params: IdParams,
        produces: ['application/pdf'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF 通知书' }), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const found = await cases.getCase(db, request.params.id);
      if (request.principal?.kind === 'citizen') await assertOwnCase(request.principal, found.id);
      else await authorizeInCenter(db, request.principal, readers, found.centerId, found.departmentId);
      const notice = await loadNotice(db, found.id, `${request.protocol}://${request.host}`);
      const pdf = await renderNotice(notice);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${notice.noticeNo}.pdf"; filename*=UTF-8''${encodeURIComponent(`${notice.noticeNo}.pdf`)}`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.get('/api/v1/centers/:id/cases', { schema: { tags, summary: '中心办件（可按状态、部门、预警筛选）', params: IdParams, querystring: schema.CaseListQuery, response: { 200: Paged(schema.Case), ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, readers, request.params.id, request.query.departmentId ?? null);
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    return { ...(await cases.listCases(db, { ...request.query, centerId: request.params.id, page, pageSize })), page, pageSize };
  });

  const principalOf = (request: { principal?: Parameters<typeof cases.acceptCase>[1] }) => request.principal;
  app.post('/api/v1/cases/:id/accept', { schema: { tags, summary: '受理', params: IdParams, response: stepResponse } }, (request) => cases.acceptCase(db, principalOf(request), actorOf(request), request.params.id));
  app.post('/api/v1/cases/:id/refuse', { schema: { tags, summary: '不予受理（须说明理由）', params: IdParams, body: schema.Reason, response: stepResponse } }, (request) =>
    cases.refuseCase(db, principalOf(request), actorOf(request), request.params.id, request.body.reason),
  );
  app.post('/api/v1/cases/:id/supplement-notice', { schema: { tags, summary: '一次性告知：列出全部缺少的材料', params: IdParams, response: stepResponse } }, (request) =>
    cases.issueSupplementNotice(db, principalOf(request), actorOf(request), request.params.id),
  );
  app.post('/api/v1/cases/:id/supply', { schema: { tags, summary: '补交材料', params: IdParams, body: schema.Supply, response: stepResponse } }, (request) =>
    cases.supplyMaterials(db, principalOf(request), actorOf(request), request.params.id, request.body.materialIds),
  );
  app.post('/api/v1/cases/:id/suspend', { schema: { tags, summary: '暂停计时（补正、专家评审、听证、公示）', params: IdParams, body: schema.Reason, response: stepResponse } }, (request) =>
    cases.suspendCase(db, principalOf(request), actorOf(request), request.params.id, request.body.reason),
  );
  app.post('/api/v1/cases/:id/resume', { schema: { tags, summary: '恢复计时', params: IdParams, response: stepResponse } }, (request) => cases.resumeCase(db, principalOf(request), actorOf(request), request.params.id));
  app.post('/api/v1/cases/:id/decide', { schema: { tags, summary: '作出决定（准予 / 不予）', params: IdParams, body: schema.Decide, response: stepResponse } }, (request) =>
    cases.decideCase(db, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/cases/:id/complete', { schema: { tags, summary: '办结送达', params: IdParams, body: schema.Complete, response: stepResponse } }, (request) =>
    cases.completeCase(db, principalOf(request), actorOf(request), request.params.id, request.body.delivery),
  );

  app.get(
    '/api/v1/public/cases/:caseNo',
    { schema: { tags, summary: '办件进度查询（公开：办件编号 + 证件号后六位；一件事列出各子件）', params: schema.PublicCaseParams, querystring: schema.PublicQuery, response: { 200: PublicProgressWithChildren, ...errors(400, 404, 429) } } },
    async (request) =>
      (await publicBundleProgress(db, request.params.caseNo, request.query.idSuffix, request.ip)) ?? cases.publicProgress(db, request.params.caseNo, request.query.idSuffix, request.ip),
  );

  await app.register(caseWorkflowRoutes);
};
