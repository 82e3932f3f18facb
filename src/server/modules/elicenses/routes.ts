import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, requireRole } from '../../platform/auth.ts';
import { errors, IdParams, Ok } from '../../platform/schemas.ts';
import { requireCitizen } from '../citizens/routes.ts';
import * as schema from './schema.ts';
import * as elicenses from './service.ts';

const tags = ['电子证照'];

export const elicenseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post('/api/v1/elicenses/lookup', { schema: { tags, summary: '窗口调用申请人的电子证照（须申请人同意；每次调用留痕）', body: schema.StaffLookup, response: { 200: schema.HolderLicences, ...errors(400, 401, 403, 404) } } }, (request) =>
    elicenses.readLicencesWithConsent(db, request.principal, actorOf(request), request.body),
  );

  app.post('/api/v1/elicenses/personal-code', { schema: { tags, summary: '窗口扫个人码：核验身份并调用其电子证照（亮码即同意；留痕）', body: schema.PersonalCodeLookup, response: { 200: schema.ScannedHolderLicences, ...errors(400, 401, 403, 404, 409, 410) } } }, (request) =>
    elicenses.readLicencesByPersonalCode(db, request.principal, actorOf(request), request.body),
  );

  app.get('/api/v1/elicenses/mine', { schema: { tags, summary: '我的电子证照（实名，脱敏）', response: { 200: Type.Array(schema.Licence), ...errors(401, 403) } } }, (request) =>
    elicenses.licencesOfCitizen(db, requireCitizen(request)),
  );

  app.post('/api/v1/elicenses', { schema: { tags, summary: '登记电子证照（管理员；发证部门接口接入前按其数据登记）', body: schema.RegisterLicence, response: { 201: schema.Licence, ...errors(400, 401, 403, 409) } } }, async (request, reply) => {
    requireRole(request, ['admin']);
    const licence = await elicenses.registerLicence(db, actorOf(request), request.body);
    reply.code(201);
    return licence;
  });

  app.post('/api/v1/elicenses/:id/revoke', { schema: { tags, summary: '注销电子证照（管理员）', params: IdParams, body: schema.Revoke, response: { 200: schema.Licence, ...errors(400, 401, 403, 404, 409) } } }, (request) => {
    requireRole(request, ['admin']);
    return elicenses.revokeLicence(db, actorOf(request), request.params.id, request.body.reason);
  });

  app.get('/api/v1/elicenses/item-results', { schema: { tags, summary: '准予后发放证照的事项（管理员）', response: { 200: Type.Array(schema.ItemResult), ...errors(401, 403) } } }, (request) => {
    requireRole(request, ['admin']);
    return elicenses.listItemResults(db);
  });

  app.put('/api/v1/elicenses/item-results/:itemId', { schema: { tags, summary: '设置事项准予后发放的证照（管理员）', params: schema.ItemParams, body: schema.SetItemResult, response: { 200: schema.ItemResult, ...errors(400, 401, 403, 404) } } }, (request) => {
    requireRole(request, ['admin']);
    return elicenses.setItemResult(db, actorOf(request), request.params.itemId, request.body);
  });

  app.delete('/api/v1/elicenses/item-results/:itemId', { schema: { tags, summary: '取消事项的发证设置（管理员）', params: schema.ItemParams, response: { 200: Ok, ...errors(401, 403, 404) } } }, async (request) => {
    requireRole(request, ['admin']);
    await elicenses.removeItemResult(db, actorOf(request), request.params.itemId);
    return { ok: true as const };
  });
};
