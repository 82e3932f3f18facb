import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import Type from 'typebox';
import { requireRole } from './auth.ts';
import { forbidden } from './errors.ts';
import { errors, Id, Nullable, PageQuery, Paged } from './schemas.ts';

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorKind: Type.String(),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Nullable(Type.String()),
  centerId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Nullable(Type.String()),
});

const AuditQuery = Type.Object({
  actorId: Type.Optional(Id),
  actorName: Type.Optional(Type.String({ maxLength: 50 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  entityType: Type.Optional(Type.String({ maxLength: 32 })),
  entityId: Type.Optional(Id),
  centerId: Type.Optional(Id),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  ...PageQuery,
});

export interface PlatformRouteOptions {
  /** The center and its ancestors (404 when unknown), for scoped role checks. */
  lineageOf(centerId: string): Promise<string[]>;
}

/** Health, audit log: what the platform itself answers. */
export const platformRoutes: FastifyPluginAsyncTypebox<PlatformRouteOptions> = async (app, options) => {
  const { db, database, config } = app.ctx;

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['平台'],
        summary: '健康检查',
        response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Enum(['pglite', 'postgres']), version: Type.String() }), 503: Type.Object({ status: Type.Literal('error'), database: Type.String(), version: Type.String() }) },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(db);
        return { status: 'ok' as const, database: database.kind, version: config.version };
      } catch {
        return reply.status(503).send({ status: 'error' as const, database: database.kind, version: config.version });
      }
    },
  );

  app.get('/api/v1/audit', { schema: { tags: ['平台'], summary: '审计日志（管理员）', querystring: AuditQuery, response: { 200: Paged(AuditEntry), ...errors(400, 401, 403) } } }, async (request) => {
    const q = request.query;
    const user = requireRole(request, ['admin'], q.centerId ? { lineage: await options.lineageOf(q.centerId) } : undefined);
    // A center-scoped admin sees only the records of a center it manages, so it must name one.
    if (!q.centerId && !user.roles.some((g) => g.role === 'admin' && g.centerId === null)) throw forbidden('请选择要查看的中心');
    let base = db.selectFrom('audit_log');
    if (q.actorId) base = base.where('actor_id', '=', q.actorId);
    if (q.actorName) base = base.where('actor_name', 'ilike', `%${q.actorName.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.action) base = base.where('action', 'like', `${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.entityType) base = base.where('entity_type', '=', q.entityType);
    if (q.entityId) base = base.where('entity_id', '=', q.entityId);
    if (q.centerId) base = base.where('center_id', '=', q.centerId);
    if (q.from) base = base.where('at', '>=', new Date(q.from));
    if (q.to) base = base.where('at', '<', new Date(q.to));
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    return {
      total,
      page,
      pageSize,
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        centerId: r.center_id,
        before: r.before,
        after: r.after,
        ip: r.ip,
      })),
    };
  });
};
