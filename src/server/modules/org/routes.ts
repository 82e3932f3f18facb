import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, requireUser } from '../../platform/auth.ts';
import { badRequest, forbidden, unauthorized } from '../../platform/errors.ts';
import { errors, IdParams, Ok, Paged } from '../../platform/schemas.ts';
import * as schema from './schema.ts';
import * as org from './service.ts';

const managers = ['admin', 'center_manager'] as const;
const tags = ['组织机构'];

export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  /**
   * Anyone with a role in the center (a department-scoped role included: 公安 staff choose their window
   * from the center's list), or a device of that center, may read its windows.
   */
  async function assertCanRead(request: Parameters<typeof actorOf>[0], centerId: string) {
    const principal = request.principal;
    if (!principal) throw unauthorized();
    if (principal.kind === 'device') {
      if (principal.centerId !== centerId) throw forbidden('设备不属于该中心');
      return;
    }
    if (principal.kind !== 'user') throw forbidden();
    const lineage = await org.centerLineage(db, centerId);
    if (!principal.roles.some((g) => g.centerId === null || lineage.includes(g.centerId))) throw forbidden();
  }

  // ------------------------------------------------------------ centers
  app.get('/api/v1/centers', { schema: { tags, summary: '中心列表（公开）', response: { 200: Type.Array(schema.Center) } } }, () => org.listCenters(db));

  app.get('/api/v1/centers/:id', { schema: { tags, summary: '中心详情（公开）', params: IdParams, response: { 200: schema.Center, ...errors(404) } } }, (request) =>
    org.getCenter(db, request.params.id),
  );

  app.post('/api/v1/centers', { schema: { tags, summary: '新建中心（管理员）', body: schema.CreateCenter, response: { 201: schema.Center, ...errors(400, 401, 403, 409) } } }, async (request, reply) => {
    const body = request.body;
    const user = requireUser(request);
    if (body.parentId) {
      await org.getCenter(db, body.parentId).catch(() => {
        throw badRequest('INVALID_PARENT', '上级中心不存在');
      });
      await org.authorizeInCenter(db, user, ['admin'], body.parentId);
    } else if (!user.roles.some((g) => g.role === 'admin' && g.centerId === null)) {
      throw forbidden('只有全局管理员可以新建顶级中心');
    }
    return reply.status(201).send(await org.createCenter(db, actorOf(request), body));
  });

  app.patch('/api/v1/centers/:id', { schema: { tags, summary: '修改中心（管理员）', params: IdParams, body: schema.UpdateCenter, response: { 200: schema.Center, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const user = await org.authorizeInCenter(db, request.principal, ['admin'], request.params.id);
    // Moving a center needs admin rights where it lands too, or a scoped admin could carry it out of its reach.
    const { parentId } = request.body;
    if (parentId !== undefined && parentId !== (await org.getCenter(db, request.params.id)).parentId) {
      if (parentId === null) {
        if (!user.roles.some((g) => g.role === 'admin' && g.centerId === null)) throw forbidden('只有全局管理员可以设置顶级中心');
      } else {
        await org.getCenter(db, parentId).catch(() => {
          throw badRequest('INVALID_PARENT', '上级中心不存在');
        });
        await org.authorizeInCenter(db, user, ['admin'], parentId);
      }
    }
    return org.updateCenter(db, actorOf(request), request.params.id, request.body);
  });

  // ------------------------------------------------------------ halls and zones
  app.get('/api/v1/centers/:id/halls', { schema: { tags, summary: '大厅与服务区（公开）', params: IdParams, response: { 200: Type.Array(schema.Hall), ...errors(404) } } }, async (request) => {
    await org.getCenter(db, request.params.id);
    return org.listHalls(db, request.params.id);
  });

  app.post('/api/v1/halls', { schema: { tags, summary: '新建大厅', body: schema.CreateHall, response: { 201: schema.Hall, ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    await org.authorizeInCenter(db, request.principal, managers, request.body.centerId);
    return reply.status(201).send(await org.createHall(db, actorOf(request), request.body));
  });

  app.patch('/api/v1/halls/:id', { schema: { tags, summary: '修改大厅', params: IdParams, body: schema.UpdateHall, response: { 200: schema.Hall, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const hall = await org.getHall(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, managers, hall.centerId);
    return org.updateHall(db, actorOf(request), hall.id, request.body);
  });

  app.delete('/api/v1/halls/:id', { schema: { tags, summary: '删除大厅', params: IdParams, response: { 200: Ok, ...errors(401, 403, 404, 409) } } }, async (request) => {
    const hall = await org.getHall(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, managers, hall.centerId);
    await org.deleteHall(db, actorOf(request), hall.id);
    return { ok: true as const };
  });

  app.post('/api/v1/zones', { schema: { tags, summary: '新建服务区', body: schema.CreateZone, response: { 201: schema.Zone, ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    const hall = await org.getHall(db, request.body.hallId);
    await org.authorizeInCenter(db, request.principal, managers, hall.centerId);
    return reply.status(201).send(await org.createZone(db, actorOf(request), request.body));
  });

  app.patch('/api/v1/zones/:id', { schema: { tags, summary: '修改服务区', params: IdParams, body: schema.UpdateZone, response: { 200: schema.Zone, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const { centerId } = await org.getZone(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, managers, centerId);
    return org.updateZone(db, actorOf(request), request.params.id, request.body);
  });

  app.delete('/api/v1/zones/:id', { schema: { tags, summary: '删除服务区', params: IdParams, response: { 200: Ok, ...errors(401, 403, 404, 409) } } }, async (request) => {
    const { centerId } = await org.getZone(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, managers, centerId);
    await org.deleteZone(db, actorOf(request), request.params.id);
    return { ok: true as const };
  });

  // ------------------------------------------------------------ departments
  app.get('/api/v1/centers/:id/departments', { schema: { tags, summary: '进驻部门（公开）', params: IdParams, response: { 200: Type.Array(schema.Department), ...errors(404) } } }, async (request) => {
    await org.getCenter(db, request.params.id);
    return org.listDepartments(db, request.params.id);
  });

  app.post('/api/v1/departments', { schema: { tags, summary: '新增进驻部门（管理员）', body: schema.CreateDepartment, response: { 201: schema.Department, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    await org.authorizeInCenter(db, request.principal, ['admin'], request.body.centerId);
    return reply.status(201).send(await org.createDepartment(db, actorOf(request), request.body));
  });

  app.patch('/api/v1/departments/:id', { schema: { tags, summary: '修改部门（管理员）', params: IdParams, body: schema.UpdateDepartment, response: { 200: schema.Department, ...errors(400, 401, 403, 404, 409) } } }, async (request) => {
    const department = await org.getDepartment(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, ['admin'], department.centerId);
    return org.updateDepartment(db, actorOf(request), department.id, request.body);
  });

  app.delete('/api/v1/departments/:id', { schema: { tags, summary: '撤出部门（管理员）', params: IdParams, response: { 200: Ok, ...errors(401, 403, 404, 409) } } }, async (request) => {
    const department = await org.getDepartment(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, ['admin'], department.centerId);
    await org.deleteDepartment(db, actorOf(request), department.id);
    return { ok: true as const };
  });

  // ------------------------------------------------------------ windows
  app.get('/api/v1/centers/:id/windows', { schema: { tags, summary: '窗口列表', params: IdParams, querystring: schema.WindowListQuery, response: { 200: Paged(schema.Window), ...errors(401, 403, 404) } } }, async (request) => {
    await assertCanRead(request, request.params.id);
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    const result = await org.listWindows(db, { ...request.query, centerId: request.params.id, page, pageSize });
    return { ...result, page, pageSize };
  });

  app.get('/api/v1/windows/mine', { schema: { tags, summary: '本人当前签到的窗口', response: { 200: Type.Object({ window: Type.Union([schema.Window, Type.Null()]) }), ...errors(401, 403) } } }, async (request) => {
    const user = requireUser(request);
    return { window: (await org.windowOfStaff(db, user.id)) ?? null };
  });

  app.get('/api/v1/windows/:id', { schema: { tags, summary: '窗口详情', params: IdParams, response: { 200: schema.Window, ...errors(401, 403, 404) } } }, async (request) => {
    const window = await org.getWindow(db, request.params.id);
    await assertCanRead(request, window.centerId);
    return window;
  });

  app.post('/api/v1/windows', { schema: { tags, summary: '新建窗口', body: schema.CreateWindow, response: { 201: schema.Window, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    await org.authorizeInCenter(db, request.principal, managers, request.body.centerId);
    return reply.status(201).send(await org.createWindow(db, actorOf(request), request.body));
  });

  app.patch('/api/v1/windows/:id', { schema: { tags, summary: '修改窗口', params: IdParams, body: schema.UpdateWindow, response: { 200: schema.Window, ...errors(400, 401, 403, 404, 409) } } }, async (request) => {
    const window = await org.getWindow(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, managers, window.centerId);
    return org.updateWindow(db, actorOf(request), window.id, request.body);
  });

  app.delete('/api/v1/windows/:id', { schema: { tags, summary: '删除窗口', params: IdParams, response: { 200: Ok, ...errors(401, 403, 404, 409) } } }, async (request) => {
    const window = await org.getWindow(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, managers, window.centerId);
    await org.deleteWindow(db, actorOf(request), window.id);
    return { ok: true as const };
  });

  const statusRoute = { tags, params: IdParams, response: { 200: schema.Window, ...errors(400, 401, 403, 404, 409) } };
  app.post('/api/v1/windows/:id/sign-in', { schema: { ...statusRoute, summary: '窗口签到（窗口工作人员）' } }, (request) =>
    org.changeWindowStatus(db, request.principal, actorOf(request), request.params.id, 'sign-in'),
  );
  app.post('/api/v1/windows/:id/pause', { schema: { ...statusRoute, summary: '暂停服务', body: schema.PauseWindow } }, (request) =>
    org.changeWindowStatus(db, request.principal, actorOf(request), request.params.id, 'pause', request.body.reason),
  );
  app.post('/api/v1/windows/:id/resume', { schema: { ...statusRoute, summary: '恢复服务' } }, (request) =>
    org.changeWindowStatus(db, request.principal, actorOf(request), request.params.id, 'resume'),
  );
  app.post('/api/v1/windows/:id/sign-out', { schema: { ...statusRoute, summary: '签退' } }, (request) =>
    org.changeWindowStatus(db, request.principal, actorOf(request), request.params.id, 'sign-out'),
  );

  // ------------------------------------------------------------ devices
  app.get('/api/v1/centers/:id/devices', { schema: { tags, summary: '设备列表', params: IdParams, querystring: schema.DeviceListQuery, response: { 200: Paged(schema.Device), ...errors(401, 403, 404) } } }, async (request) => {
    await org.authorizeInCenter(db, request.principal, managers, request.params.id);
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    return { ...(await org.listDevices(db, { centerId: request.params.id, kind: request.query.kind, page, pageSize })), page, pageSize };
  });

  app.post('/api/v1/devices', { schema: { tags, summary: '登记设备（返回一次性显示的令牌）', body: schema.CreateDevice, response: { 201: schema.DeviceWithToken, ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    await org.authorizeInCenter(db, request.principal, managers, request.body.centerId);
    return reply.status(201).send(await org.createDevice(db, actorOf(request), request.body));
  });

  app.get('/api/v1/devices/me', { schema: { tags, summary: '设备自身信息（设备令牌）', response: { 200: schema.DeviceMe, ...errors(401, 403) } } }, async (request) => {
    const principal = request.principal;
    if (!principal) throw unauthorized('UNAUTHENTICATED', '需要设备令牌');
    if (principal.kind !== 'device') throw forbidden('需要设备令牌');
    const device = await org.getDevice(db, principal.id);
    return { device, center: await org.getCenter(db, device.centerId), window: device.windowId ? await org.getWindow(db, device.windowId) : null };
  });

  app.patch('/api/v1/devices/:id', { schema: { tags, summary: '修改、停用或启用设备', params: IdParams, body: schema.UpdateDevice, response: { 200: schema.Device, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const device = await org.getDevice(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, managers, device.centerId);
    return org.updateDevice(db, actorOf(request), device.id, request.body);
  });

  app.post('/api/v1/devices/:id/rotate-token', { schema: { tags, summary: '重新生成设备令牌', params: IdParams, response: { 200: schema.DeviceWithToken, ...errors(401, 403, 404) } } }, async (request) => {
    const device = await org.getDevice(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, managers, device.centerId);
    return org.rotateDeviceToken(db, actorOf(request), device.id);
  });

  app.delete('/api/v1/devices/:id', { schema: { tags, summary: '删除设备', params: IdParams, response: { 200: Ok, ...errors(401, 403, 404) } } }, async (request) => {
    const device = await org.getDevice(db, request.params.id);
    await org.authorizeInCenter(db, request.principal, managers, device.centerId);
    await org.deleteDevice(db, actorOf(request), device.id);
    return { ok: true as const };
  });

};
