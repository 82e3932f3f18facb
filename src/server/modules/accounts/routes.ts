import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, requireRole, requireUser, sessionCookie, type RoleGrant } from '../../platform/auth.ts';
import { errors, IdParams, Ok, Paged } from '../../platform/schemas.ts';
import * as schema from './schema.ts';
import * as accounts from './service.ts';

const tags = ['账号与登录'];

const toGrants = (roles: { role: RoleGrant['role']; centerId?: string | null; departmentId?: string | null }[]): RoleGrant[] =>
  roles.map((r) => ({ role: r.role, centerId: r.centerId ?? null, departmentId: r.departmentId ?? null }));

export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post('/api/v1/auth/login', { schema: { tags, summary: '登录', body: schema.Login, response: { 200: schema.LoginResult, ...errors(400, 401, 403, 429) } } }, async (request, reply) => {
    const result = await accounts.logIn(db, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] });
    // The cookie lets EventSource (which cannot send headers) open live streams; writes still need the bearer header.
    reply.setCookie(sessionCookie, result.token, { path: '/api', httpOnly: true, sameSite: 'strict', maxAge: 7 * 24 * 3600 });
    return result;
  });

  app.post('/api/v1/auth/logout', { schema: { tags, summary: '退出登录', response: { 200: Ok, ...errors(401, 403) } } }, async (request, reply) => {
    await accounts.logOut(db, requireUser(request), request.ip);
    reply.clearCookie(sessionCookie, { path: '/api' });
    return { ok: true as const };
  });

  app.get('/api/v1/auth/me', { schema: { tags, summary: '当前登录用户', response: { 200: schema.User, ...errors(401, 403) } } }, async (request) => {
    const user = requireUser(request);
    return accounts.getOwnAccount(db, user.id);
  });

  app.post('/api/v1/auth/password', { schema: { tags, summary: '修改本人密码', body: schema.ChangePassword, response: { 200: Ok, ...errors(400, 401, 403) } } }, async (request) => {
    await accounts.changeOwnPassword(db, requireUser(request), actorOf(request), request.body.currentPassword, request.body.newPassword);
    return { ok: true as const };
  });

  app.get('/api/v1/users', { schema: { tags, summary: '账号列表（管理员）', querystring: schema.UserListQuery, response: { 200: Paged(schema.User), ...errors(401, 403) } } }, async (request) => {
    const manager = requireRole(request, ['admin']);
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    const { users, total } = await accounts.listUsers(db, manager, { ...request.query, page, pageSize });
    return { items: users, total, page, pageSize };
  });

  app.post('/api/v1/users', { schema: { tags, summary: '新建账号（管理员）', body: schema.CreateUser, response: { 201: schema.User, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const manager = requireRole(request, ['admin']);
    const user = await accounts.createUser(db, manager, actorOf(request), { ...request.body, roles: toGrants(request.body.roles) });
    return reply.status(201).send(user);
  });

  app.get('/api/v1/users/:id', { schema: { tags, summary: '账号详情（管理员）', params: IdParams, response: { 200: schema.User, ...errors(401, 403, 404) } } }, async (request) => {
    return accounts.getUser(db, requireRole(request, ['admin']), request.params.id);
  });

  app.patch('/api/v1/users/:id', { schema: { tags, summary: '修改、停用、启用账号或调整角色（管理员）', params: IdParams, body: schema.UpdateUser, response: { 200: schema.User, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const manager = requireRole(request, ['admin']);
    const { roles, ...rest } = request.body;
    return accounts.updateUser(db, manager, actorOf(request), request.params.id, { ...rest, ...(roles && { roles: toGrants(roles) }) });
  });

  app.post('/api/v1/users/:id/reset-password', {
    schema: { tags, summary: '重置密码（管理员；不填则随机生成，只显示一次）', params: IdParams, body: Type.Optional(schema.ResetPassword), response: { 200: Type.Object({ password: Type.String() }), ...errors(400, 401, 403, 404) } },
    // The body may be left out entirely; validation would otherwise refuse a missing body as "not an object".
    preValidation: async (request) => {
      (request as { body: unknown }).body ??= {};
    },
  }, async (request) => {
    return accounts.resetPassword(db, requireRole(request, ['admin']), actorOf(request), request.params.id, request.body?.password);
  });
};
