import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requireUser } from '../../platform/auth.ts';
import { badRequest } from '../../platform/errors.ts';
import { errors, Id } from '../../platform/schemas.ts';
import { authorizeInCenter, centerSubtree, listCenters, visibleCenterIds } from '../org/service.ts';
import { datesBetween } from './rules.ts';
import * as schema from './schema.ts';
import { listStoredReports, readReport } from './report.ts';
import * as stats from './service.ts';

const tags = ['统计'];
const readers = ['admin', 'center_manager', 'supervisor'] as const;
/** A dashboard reads at most this many days at once (three years). */
const longestRange = 1100;

type Filters = { from: string; to: string; departmentId?: string; windowId?: string; staffUserId?: string; itemId?: string; categoryId?: string; channel?: string };

function periodOf(q: { from: string; to: string }) {
  if (q.from > q.to) throw badRequest('INVALID_RANGE', '开始日期不能晚于结束日期');
  if (datesBetween(q.from, q.to).length > longestRange) throw badRequest('INVALID_RANGE', `一次最多统计 ${longestRange} 天`);
  return { from: q.from, to: q.to };
}

function filterOf(q: Filters): stats.StatsQuery['filter'] {
  const given = (
    [
      ['department', q.departmentId],
      ['window', q.windowId],
      ['staff', q.staffUserId],
      ['item', q.itemId],
      ['category', q.categoryId],
    ] as const
  ).filter(([, key]) => key !== undefined);
  if (given.length > 1) throw badRequest('INVALID_FILTER', '部门、窗口、人员、事项、业务类别一次只能选一个（可再加渠道）');
  if (!given[0]) return q.channel === undefined ? undefined : { dim: 'channel', key: q.channel };
  return { dim: given[0][0], key: given[0][1]!, ...(q.channel === undefined ? {} : { channel: q.channel }) };
}

export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  /** The center and every center below it, for a reader of the center (a department's reader passes its departmentId). */
  const scopeOf = async (principal: Parameters<typeof authorizeInCenter>[1], q: { centerId: string } & Filters) => {
    await authorizeInCenter(db, principal, readers, q.centerId, q.departmentId);
    return { centerIds: await centerSubtree(db, [q.centerId]), ...periodOf(q) };
  };

  app.get('/api/v1/stats/summary', { schema: { tags, summary: '统计汇总：来访、号票、办件、等候与办理时长、好评率、按时办结率、渠道（含下级中心；与上一周期比较）', querystring: schema.StatsQuery, response: { 200: schema.Summary, ...errors(400, 401, 403, 404) } } }, async (request) =>
    stats.summary(db, { ...(await scopeOf(request.principal, request.query)), filter: filterOf(request.query) }),
  );

  app.get('/api/v1/stats/breakdown', { schema: { tags, summary: '按维度分组统计（业务类别、部门、窗口、人员、事项、渠道、时段）', querystring: schema.BreakdownQuery, response: { 200: Type.Array(schema.BreakdownRow), ...errors(400, 401, 403, 404) } } }, async (request) =>
    stats.breakdown(db, await scopeOf(request.principal, request.query), request.query.by),
  );

  app.get('/api/v1/stats/trend', { schema: { tags, summary: '逐日趋势', querystring: schema.StatsQuery, response: { 200: Type.Array(schema.TrendPoint), ...errors(400, 401, 403, 404) } } }, async (request) =>
    stats.trend(db, { ...(await scopeOf(request.principal, request.query)), filter: filterOf(request.query) }),
  );

  app.get('/api/v1/stats/reports', { schema: { tags, summary: '已生成的统计月报（每月末自动生成）', querystring: Type.Object({ centerId: Id }), response: { 200: Type.Array(schema.StoredReport), ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, readers, request.query.centerId);
    return listStoredReports(db, request.query.centerId);
  });

  app.get(
    '/api/v1/stats/reports/:centerId/:month.:format',
    {
      schema: {
        tags,
        summary: '下载统计月报（Excel 或 PDF；已生成的按原样，否则当场生成）',
        params: schema.ReportParams,
        produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '月报文件' }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { centerId, month, format } = request.params;
      await authorizeInCenter(db, request.principal, readers, centerId);
      const { file } = await readReport(db, centerId, month, format);
      const name = `统计月报-${month}.${format}`;
      return reply
        .header('content-type', format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="report-${month}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'private, no-store')
        .send(file);
    },
  );

  app.get('/api/v1/me/stats', { schema: { tags, summary: '我的统计：我办理的号、等候与办理时长、收到的评价', querystring: schema.OwnQuery, response: { 200: schema.Figures, ...errors(400, 401) } } }, async (request) => {
    const user = requireUser(request);
    const visible = await visibleCenterIds(db, user);
    const centerIds = visible === 'all' ? (await listCenters(db)).map((c) => c.id) : visible;
    return stats.periodFigures(db, { centerIds, ...periodOf(request.query), filter: { dim: 'staff', key: user.id } });
  });
};
