import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, requireDevice } from '../../platform/auth.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import { authorizeInCenter, getDevice } from '../org/service.ts';
import * as schema from './schema.ts';
import * as lockers from './service.ts';

const tags = ['智能柜'];
const managers = ['admin', 'center_manager'] as const;
const watchers = ['admin', 'center_manager', 'window_staff', 'supervisor'] as const;

export const lockerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get('/api/v1/centers/:id/lockers', { schema: { tags, summary: '中心的智能柜及空闲柜格数（本中心工作人员）', params: IdParams, response: { 200: Type.Array(schema.LockerSummary), ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, watchers, request.params.id);
    return lockers.listLockers(db, request.params.id);
  });

  app.get('/api/v1/lockers/:id/compartments', { schema: { tags, summary: '智能柜的柜格与存放情况（本中心工作人员）', params: IdParams, response: { 200: Type.Array(schema.Compartment), ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, watchers, (await getDevice(db, request.params.id)).centerId);
    return lockers.listCompartments(db, request.params.id);
  });

  app.post('/api/v1/lockers/:id/compartments', { schema: { tags, summary: '新增柜格（管理员、中心管理员）', params: IdParams, body: schema.AddCompartments, response: { 201: Type.Array(schema.Compartment), ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    await authorizeInCenter(db, request.principal, managers, (await getDevice(db, request.params.id)).centerId);
    const compartments = await lockers.addCompartments(db, actorOf(request), request.params.id, request.body);
    reply.code(201);
    return compartments;
  });

  app.post('/api/v1/lockers/:id/deposits', { schema: { tags, summary: '存件：办结结果放入柜格，取件码短信发给领取人', params: IdParams, body: schema.DepositInput, response: { 201: schema.Deposit, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const deposit = await lockers.depositResult(db, request.principal, actorOf(request), request.params.id, request.body);
    reply.code(201);
    return deposit;
  });

  app.get('/api/v1/lockers/state', { schema: { tags, summary: '本柜空闲柜格（智能柜设备）', response: { 200: schema.LockerState, ...errors(401, 403) } } }, (request) =>
    lockers.lockerState(db, requireDevice(request, ['locker']).id),
  );

  app.post('/api/v1/lockers/open', { schema: { tags, summary: '取件：凭取件码或个人码开柜（智能柜设备）', body: schema.OpenInput, response: { 200: schema.Opened, ...errors(400, 401, 403, 404, 409, 410, 429) } } }, (request) =>
    lockers.openLocker(db, requireDevice(request, ['locker']).id, actorOf(request), request.body),
  );

  app.get('/api/v1/centers/:id/locker-deposits', { schema: { tags, summary: '中心的智能柜存件（待取、超期未取、已取）', params: IdParams, querystring: schema.DepositQuery, response: { 200: Paged(schema.Deposit), ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, watchers, request.params.id);
    const { page = 1, pageSize = 20, status } = request.query;
    return { ...(await lockers.listDeposits(db, { centerId: request.params.id, status, page, pageSize })), page, pageSize };
  });

  app.post('/api/v1/locker-deposits/:id/collect', { schema: { tags, summary: '工作人员取出（改为窗口领取或清柜），须说明原因', params: IdParams, body: schema.Collect, response: { 200: schema.Deposit, ...errors(400, 401, 403, 404, 409) } } }, (request) =>
    lockers.collectByStaff(db, request.principal, actorOf(request), request.params.id, request.body.reason),
  );

  app.get('/api/v1/centers/:id/locker-settings', { schema: { tags, summary: '智能柜规则', params: IdParams, response: { 200: schema.LockerSettings, ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, watchers, request.params.id);
    return lockers.getLockerSettings(db, request.params.id);
  });

  app.put('/api/v1/centers/:id/locker-settings', { schema: { tags, summary: '修改智能柜规则（中心管理员）', params: IdParams, body: schema.UpdateLockerSettings, response: { 200: schema.LockerSettings, ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, managers, request.params.id);
    return lockers.updateLockerSettings(db, actorOf(request), request.params.id, request.body);
  });
};
