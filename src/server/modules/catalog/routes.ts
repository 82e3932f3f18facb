import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import Type from 'typebox';
import { actorOf, requireRole, requireUser } from '../../platform/auth.ts';
import { badRequest, forbidden } from '../../platform/errors.ts';
import { errors, IdParams, Ok, PageQuery } from '../../platform/schemas.ts';
import { authorizeInCenter, getCenter, getDepartment } from '../org/service.ts';
import * as schema from './schema.ts';
import * as catalog from './service.ts';
import { exportCatalog, importCatalog, xlsxType } from './workbook.ts';

const tags = ['事项目录'];

/** Fills what the request left out: the mode follows from the promised limit (0 days is 即办). */
export function toItemInput(body: Static<typeof schema.ItemInput>): catalog.ItemInput {
  return {
    code: body.code,
    name: body.name,
    departmentId: body.departmentId,
    type: body.type,
    legalDays: body.legalDays,
    promisedDays: body.promisedDays,
    mode: body.mode ?? (body.promisedDays === 0 ? 'immediate' : 'promised'),
    visitsRequired: body.visitsRequired ?? 1,
    online: body.online ?? false,
    terminal: body.terminal ?? false,
    acceptedAt: body.acceptedAt ?? 'general',
    lenientAllowed: body.lenientAllowed ?? true,
    feeFen: body.feeFen ?? 0,
    feeBasis: body.feeBasis ?? null,
    legalBasis: body.legalBasis ?? null,
    conditions: body.conditions ?? null,
    process: body.process ?? null,
    serviceHours: body.serviceHours ?? null,
    consultPhone: body.consultPhone ?? null,
    audience: body.audience ?? ['person'],
    keywords: body.keywords ?? [],
    issuesLicence: body.issuesLicence ?? null,
    changesLicence: body.changesLicence ?? null,
    changeKinds: body.changeKinds ?? [],
    centerIds: body.centerIds ?? [],
    status: body.status ?? 'published',
    materials: (body.materials ?? []).map((m) => ({
      id: m.id ?? '',
      name: m.name,
      required: m.required ?? true,
      form: m.form ?? 'original',
      copies: m.copies ?? 1,
      medium: m.medium ?? 'paper_or_electronic',
      elicense: m.elicense ?? false,
      deferrable: m.deferrable ?? false,
      blankFormUrl: m.blankFormUrl ?? null,
      exampleUrl: m.exampleUrl ?? null,
      note: m.note ?? null,
      optionIds: m.optionIds ?? [],
    })),
    situations: (body.situations ?? []).map((s) => ({ id: s.id ?? '', question: s.question, options: s.options })),
    faqs: (body.faqs ?? []).map((f) => ({ id: f.id ?? '', question: f.question, answer: f.answer })),
  };
}

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  /** Catalogue editors: an administrator over the center of the item's department. */
  async function authorizeEditor(request: FastifyRequest, departmentId: string) {
    const department = await getDepartment(db, departmentId).catch(() => null);
    if (!department) return requireRole(request, ['admin']);
    return authorizeInCenter(db, request.principal, ['admin'], department.centerId);
  }

  app.get('/api/v1/items', { schema: { tags, summary: '事项检索（公开）：自然语言、拼音首字母、筛选', querystring: schema.ItemQuery, response: { 200: schema.ItemPage, ...errors(400, 401, 403) } } }, async (request) => {
    const { page = 1, pageSize = 20, includeWithdrawn, ...filters } = request.query;
    if (includeWithdrawn) requireRole(request, ['admin']);
    const result = await catalog.searchItems(db, { ...filters, includeWithdrawn, page, pageSize });
    return { ...result, page, pageSize };
  });

  app.get('/api/v1/items/:id', { schema: { tags, summary: '办事指南（公开）', params: IdParams, response: { 200: schema.ItemGuide, ...errors(404) } } }, (request) =>
    catalog.getItemGuide(db, request.params.id),
  );

  app.get('/api/v1/items/:id/versions', { schema: { tags, summary: '事项变更历史（公开）', params: IdParams, response: { 200: Type.Array(schema.ItemVersion), ...errors(404) } } }, (request) =>
    catalog.listItemVersions(db, request.params.id),
  );

  app.post('/api/v1/items', { schema: { tags, summary: '新增事项（管理员）', body: schema.ItemInput, response: { 201: schema.ItemGuide, ...errors(400, 401, 403, 409) } } }, async (request, reply) => {
    await authorizeEditor(request, request.body.departmentId);
    return reply.status(201).send(await catalog.createItem(db, actorOf(request), toItemInput(request.body)));
  });

  app.put('/api/v1/items/:id', { schema: { tags, summary: '修改事项（管理员；整体保存，版本加一）', params: IdParams, body: schema.ItemInput, response: { 200: schema.ItemGuide, ...errors(400, 401, 403, 404, 409) } } }, async (request) => {
    const current = await catalog.getItemGuide(db, request.params.id);
    await authorizeEditor(request, current.department.id);
    await authorizeEditor(request, request.body.departmentId);
    return catalog.updateItem(db, actorOf(request), current.id, toItemInput(request.body));
  });

  app.get('/api/v1/centers/:id/disclosure', { schema: { tags, summary: '事项公开（公开）', params: IdParams, querystring: Type.Object(PageQuery), response: { 200: schema.Disclosure, ...errors(404) } } }, async (request) => {
    await getCenter(db, request.params.id);
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    return { ...(await catalog.listDisclosure(db, request.params.id, page, pageSize)), page, pageSize };
  });

  app.get('/api/v1/bundles', { schema: { tags, summary: '一件事（公开）', response: { 200: Type.Array(schema.Bundle) } } }, () => catalog.listBundles(db));

  app.get('/api/v1/bundles/:id', { schema: { tags, summary: '一件事详情（公开）', params: IdParams, response: { 200: schema.Bundle, ...errors(404) } } }, (request) =>
    catalog.getBundle(db, request.params.id),
  );

  const bundleWriter = (request: FastifyRequest) => {
    const user = requireUser(request);
    // Bundles span departments and centers: only a global administrator edits them.
    if (!user.roles.some((g) => g.role === 'admin' && g.centerId === null)) throw forbidden('只有全局管理员可以维护一件事');
    return user;
  };

  app.post('/api/v1/bundles', { schema: { tags, summary: '新增一件事（管理员）', body: schema.BundleInput, response: { 201: schema.Bundle, ...errors(400, 401, 403, 409) } } }, async (request, reply) => {
    bundleWriter(request);
    const { name, description, itemIds } = request.body;
    return reply.status(201).send(await catalog.saveBundle(db, actorOf(request), undefined, { name, description: description ?? null, itemIds }));
  });

  app.put('/api/v1/bundles/:id', { schema: { tags, summary: '修改一件事（管理员）', params: IdParams, body: schema.BundleInput, response: { 200: schema.Bundle, ...errors(400, 401, 403, 404, 409) } } }, async (request) => {
    bundleWriter(request);
    const { name, description, itemIds } = request.body;
    return catalog.saveBundle(db, actorOf(request), request.params.id, { name, description: description ?? null, itemIds });
  });

  app.delete('/api/v1/bundles/:id', { schema: { tags, summary: '删除一件事（管理员）', params: IdParams, response: { 200: Ok, ...errors(401, 403, 404) } } }, async (request) => {
    bundleWriter(request);
    await catalog.deleteBundle(db, actorOf(request), request.params.id);
    return { ok: true as const };
  });

  app.get('/api/v1/licences/changeable', { schema: { tags, summary: '可办理变更的证照（公开，政务定制用）', response: { 200: Type.Array(Type.String()) } } }, () =>
    catalog.listChangeableLicences(db),
  );

  app.post('/api/v1/bundles/propose', { schema: { tags, summary: '政务定制：按已持证照和计划变更推荐一并办理的事项（公开）', body: schema.ProposeInput, response: { 200: Type.Object({ items: Type.Array(schema.ItemSummary) }), ...errors(400) } } }, async (request) => ({
    items: await catalog.proposeBundle(db, request.body.heldLicences, request.body.change),
  }));

  app.post('/api/v1/prechecks', { schema: { tags, summary: '审前服务：多个事项或一件事的一次性办事方案（公开）', body: schema.PreCheckInput, response: { 200: schema.PreCheckResult, ...errors(400, 404) } } }, async (request) => {
    await getCenter(db, request.body.centerId);
    return catalog.preCheck(db, request.body);
  });

  // Excel workbooks come as the raw request body.
  app.addContentTypeParser(xlsxType, { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.get('/api/v1/catalog/export', { schema: { tags, summary: '导出整个事项目录为 Excel（管理员）', response: errors(401, 403) } }, async (request, reply) => {
    requireRole(request, ['admin']);
    const file = await exportCatalog(db);
    return reply
      .header('content-type', xlsxType)
      .header('content-disposition', `attachment; filename="catalog.xlsx"; filename*=UTF-8''${encodeURIComponent('事项目录.xlsx')}`)
      .send(file);
  });

  app.post(
    '/api/v1/catalog/import',
    { schema: { tags, summary: '从 Excel 导入事项目录（管理员；先整体校验，按事项编码新增或更新）', response: { 200: Type.Object({ created: Type.Integer(), updated: Type.Integer() }), ...errors(400, 401, 403, 415) } } },
    async (request) => {
      requireRole(request, ['admin']);
      if (!Buffer.isBuffer(request.body)) throw badRequest('IMPORT_INVALID', `请以 ${xlsxType} 上传 Excel 文件`, [{ sheet: '', row: 0, column: '', message: '请求体不是 Excel 文件' }]);
      return importCatalog(db, actorOf(request), request.body, (centerId) => authorizeInCenter(db, request.principal, ['admin'], centerId).then(() => undefined));
    },
  );

};
