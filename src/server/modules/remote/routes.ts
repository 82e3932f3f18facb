import { createReadStream } from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/auth.ts';
import { badRequest } from '../../platform/errors.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import { requireCitizen } from '../citizens/routes.ts';
import { brokenUpload, fileForDownload, storeUpload, type Storage } from './files.ts';
import * as schema from './schema.ts';
import * as remote from './service.ts';

const tags = ['不见面审批'];

export const remoteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.ctx;
  const storage: Storage = { dir: config.storageDir, maxBytes: config.uploadMaxBytes };
  // Registered in this plugin only: multipart bodies are accepted by the upload route and nowhere else.
  await app.register(multipart, { limits: { fileSize: storage.maxBytes, files: 1, fields: 0, parts: 1 } });

  app.post(
    '/api/v1/citizen/me/files',
    { schema: { tags, summary: '上传申报材料（multipart 字段 file；只收 PDF、JPEG、PNG，按内容识别；实名用户）', consumes: ['multipart/form-data'], response: { 201: schema.File, ...errors(400, 401, 403, 413) } } },
    async (request, reply) => {
      const citizen = requireCitizen(request);
      if (!request.isMultipart()) throw badRequest('MULTIPART_REQUIRED', '请以 multipart/form-data 上传文件');
      // The parser throws on a body it cannot read (no boundary, an extra field): the uploader's mistake.
      const part = await request.file().catch(() => {
        throw brokenUpload();
      });
      if (!part) throw badRequest('FILE_REQUIRED', '请选择要上传的文件');
      const stored = await storeUpload(db, citizen, storage, { filename: part.filename, stream: part.file });
      reply.code(201);
      return stored;
    },
  );

  app.get('/api/v1/remote-files/:id', { schema: { tags, summary: '下载申报材料（本人，或受理中心的工作人员——留痕）', params: IdParams, response: errors(401, 403, 404) } }, async (request, reply) => {
    const { file, absolutePath } = await fileForDownload(db, request.principal, actorOf(request), storage, request.params.id);
    const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[file.type] ?? 'bin';
    reply
      .type(file.type)
      .header('content-disposition', `attachment; filename="${file.id}.${extension}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return reply.send(createReadStream(absolutePath));
  });

  app.post('/api/v1/citizen/me/applications', { schema: { tags, summary: '网上申报（实名用户；每项材料一个已上传的文件）', body: schema.SubmitApplication, response: { 201: schema.Application, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const created = await remote.submitApplication(db, requireCitizen(request), actorOf(request), request.body);
    reply.code(201);
    return created;
  });

  app.get('/api/v1/citizen/me/applications', { schema: { tags, summary: '我的网上申报', response: { 200: { type: 'array', items: schema.Application }, ...errors(401, 403) } } }, (request) =>
    remote.listMyApplications(db, requireCitizen(request)),
  );

  app.post('/api/v1/citizen/me/applications/:id/resubmit', { schema: { tags, summary: '退回补正后重新上传被退回的材料，再次提交预审', params: IdParams, body: schema.Resubmit, response: { 200: schema.Application, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    remote.resubmitApplication(db, requireCitizen(request), actorOf(request), request.params.id, request.body.materials),
  );

  app.post('/api/v1/citizen/me/cases/:id/supplements', { schema: { tags, summary: '待补正办件：从个人中心上传缺少的材料（工作人员确认后计入）', params: IdParams, body: schema.Supply, response: { 201: schema.Supplement, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const made = await remote.supplyFromPortal(db, requireCitizen(request), actorOf(request), request.params.id, request.body);
    reply.code(201);
    return made;
  });

  app.get('/api/v1/centers/:id/online-applications', { schema: { tags, summary: '网上申报预审列表（默认待预审，先到先审）', params: IdParams, querystring: schema.ApplicationQuery, response: { 200: Paged(schema.Application), ...errors(400, 401, 403) } } }, async (request) => {
    const { status = 'pending', page = 1, pageSize = 20 } = request.query;
    return { ...(await remote.listCenterApplications(db, request.principal, request.params.id, status, page, pageSize)), page, pageSize };
  });

  app.get('/api/v1/online-applications/:id', { schema: { tags, summary: '网上申报详情（申请人本人或受理中心工作人员）', params: IdParams, response: { 200: schema.Application, ...errors(401, 403, 404) } } }, (request) =>
    remote.getApplication(db, request.principal, request.params.id),
  );

  app.post('/api/v1/online-applications/:id/pass', { schema: { tags, summary: '预审通过：生成网上办件，转入受理', params: IdParams, body: schema.PassApplication, response: { 200: schema.Application, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    remote.passApplication(db, request.principal, actorOf(request), request.params.id, request.body?.notReceived),
  );

  app.post('/api/v1/online-applications/:id/return', { schema: { tags, summary: '退回补正：逐项材料写明理由', params: IdParams, body: schema.ReturnApplication, response: { 200: schema.Application, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    remote.returnApplication(db, request.principal, actorOf(request), request.params.id, request.body),
  );

  app.get('/api/v1/cases/:id/remote', { schema: { tags, summary: '办件的网上申报、网上补正材料与寄递（申请人本人或中心工作人员）', params: IdParams, response: { 200: schema.RemoteFacts, ...errors(401, 403, 404) } } }, (request) =>
    remote.remoteFactsOfCase(db, request.principal, request.params.id),
  );

  app.post('/api/v1/cases/:id/supplements/:supplementId/confirm', { schema: { tags, summary: '确认网上补正的材料（计入办件）', params: schema.SupplementParams, response: { 200: schema.Supplement, ...errors(401, 403, 404, 409) } } }, (request) =>
    remote.confirmSupplement(db, request.principal, actorOf(request), request.params.id, request.params.supplementId),
  );

  app.post('/api/v1/cases/:id/shipments', { schema: { tags, summary: '登记寄递：申请人寄交原件（inbound）；工作人员邮寄结果（outbound）', params: IdParams, body: schema.AddShipment, response: { 201: schema.Shipment, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const made = await remote.addShipment(db, request.principal, actorOf(request), request.params.id, request.body);
    reply.code(201);
    return made;
  });
};
