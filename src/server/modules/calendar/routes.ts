import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf, requireUser } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';
import { errors, Ok } from '../../platform/schemas.ts';
import * as schema from './schema.ts';
import * as calendar from './service.ts';

const tags = ['工作日历'];

/** The calendar is the same for every center: only an administrator without a center scope edits it. */
function requireGlobalAdmin(request: FastifyRequest) {
  const user = requireUser(request);
  if (!user.roles.some((g) => g.role === 'admin' && g.centerId === null)) throw forbidden('只有全局管理员可以维护节假日安排');
  return user;
}

export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/api/v1/calendar/working-days/add',
    {
      schema: {
        tags,
        summary: '第 N 个工作日（公开）',
        description: '起始日之后的第 N 个工作日，起始日当天不计入；按国务院放假安排（含调休上班）。days=0 时返回起始日本身。',
        querystring: schema.AddWorkingDaysQuery,
        response: { 200: schema.AddWorkingDaysResult, ...errors(400) },
      },
    },
    async (request) => ({ date: await calendar.addWorkingDays(db, request.query.from, request.query.days) }),
  );

  app.get(
    '/api/v1/calendar/working-days/between',
    {
      schema: {
        tags,
        summary: '两个日期之间的工作日数（公开）',
        description: 'from 之后到 to（含）的工作日数：from 为今天、to 为期限时即剩余工作日，期限当天为 0，超期为负数。',
        querystring: schema.BetweenQuery,
        response: { 200: schema.BetweenResult, ...errors(400) },
      },
    },
    async (request) => ({ workingDays: await calendar.workingDaysBetween(db, request.query.from, request.query.to) }),
  );

  app.get(
    '/api/v1/calendar/days',
    { schema: { tags, summary: '某年的节假日与调休上班日（公开）', querystring: schema.YearQuery, response: { 200: schema.CalendarYear, ...errors(400) } } },
    async (request) => {
      const { year } = request.query;
      return { year, days: await calendar.listCalendarDays(db, year), coverage: await calendar.calendarCoverage(db) };
    },
  );

  app.put(
    '/api/v1/calendar/days/:date',
    {
      schema: {
        tags,
        summary: '设置某日为放假或调休上班（全局管理员）',
        params: schema.DateParams,
        body: schema.SetCalendarDay,
        response: { 200: schema.CalendarDay, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      requireGlobalAdmin(request);
      return calendar.setCalendarDay(db, actorOf(request), { date: request.params.date, ...request.body });
    },
  );

  app.delete(
    '/api/v1/calendar/days/:date',
    {
      schema: {
        tags,
        summary: '删除某日的设置，恢复为按星期计算（全局管理员）',
        params: schema.DateParams,
        response: { 200: Ok, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireGlobalAdmin(request);
      await calendar.removeCalendarDay(db, actorOf(request), request.params.date);
      return { ok: true as const };
    },
  );
};
