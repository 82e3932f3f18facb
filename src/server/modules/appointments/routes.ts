import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf } from '../../platform/auth.ts';
import { badRequest, forbidden } from '../../platform/errors.ts';
import { errors, IdParams, Paged } from '../../platform/schemas.ts';
import { scanPersonalCode } from '../citizens/service.ts';
import { Ticket } from '../queue/schema.ts';
import { authorizeInCenter, getCenter } from '../org/service.ts';
import * as schema from './schema.ts';
import * as appointments from './service.ts';

const managers = ['admin', 'center_manager'] as const;
const tags = ['预约'];

export const appointmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get('/api/v1/centers/:id/slots', { schema: { tags, summary: '可预约时段（公开）', params: IdParams, querystring: schema.SlotQuery, response: { 200: Type.Array(schema.Slot), ...errors(400, 404) } } }, (request) =>
    appointments.listSlots(db, request.params.id, request.query.categoryId, request.query.date),
  );

  app.post('/api/v1/appointments', { schema: { tags, summary: '实名预约（公开）', body: schema.Book, response: { 201: schema.Appointment, ...errors(400, 403, 409) } } }, async (request, reply) => {
    const booked = await appointments.bookAppointment(db, actorOf(request), request.body);
    reply.code(201);
    return booked;
  });

  app.get('/api/v1/appointments/:id', { schema: { tags, summary: '预约详情（凭预约 ID 公开查询）', params: IdParams, response: { 200: schema.Appointment, ...errors(404) } } }, (request) =>
    appointments.getAppointment(db, request.params.id),
  );

  app.post('/api/v1/appointments/:id/cancel', { schema: { tags, summary: '取消预约（开始前规定时间以内不可取消）', params: IdParams, response: { 200: schema.Appointment, ...errors(404, 409) } } }, (request) =>
    appointments.cancelAppointment(db, actorOf(request), request.params.id),
  );

  app.post('/api/v1/appointments/check-in', { schema: { tags, summary: '预约签到取号（取号机或工作人员；预约码、身份证号码或个人码）', body: schema.CheckIn, response: { 201: Ticket, ...errors(400, 401, 403, 404, 409, 410) } } }, async (request, reply) => {
    const principal = request.principal;
    if (principal?.kind === 'device') {
      if (!['kiosk', 'terminal'].includes(principal.deviceKind) || principal.centerId !== request.body.centerId) throw forbidden('该设备不能为此中心签到');
    } else await authorizeInCenter(db, principal, ['admin', 'center_manager', 'window_staff'], request.body.centerId);
    const { personalCode, ...keys } = request.body;
    if (personalCode !== undefined && (keys.code || keys.idNumber)) throw badRequest('CHECK_IN_KEY', '请输入预约码、身份证号码或出示个人码（三选一）');
    const person = personalCode === undefined ? undefined : await scanPersonalCode(db, actorOf(request), personalCode, principal?.kind === 'device' ? 'kiosk' : 'window');
    const ticket = await appointments.checkIn(db, actorOf(request), person ? { centerId: keys.centerId, idNumber: person.idNumber } : keys);
    reply.code(201);
    return ticket;
  });

  app.get('/api/v1/centers/:id/appointments', { schema: { tags, summary: '某日预约（大厅管理员）', params: IdParams, querystring: schema.AppointmentListQuery, response: { 200: Paged(schema.Appointment), ...errors(401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, [...managers, 'supervisor'], request.params.id);
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    return { ...(await appointments.listAppointments(db, request.params.id, request.query.date, page, pageSize)), page, pageSize };
  });

  app.get('/api/v1/centers/:id/appointment-settings', { schema: { tags, summary: '预约规则（公开：时段长度、放号天数等）', params: IdParams, response: { 200: schema.AppointmentSettings, ...errors(404) } } }, async (request) => {
    await getCenter(db, request.params.id);
    return appointments.getAppointmentSettings(db, request.params.id);
  });

  app.put('/api/v1/centers/:id/appointment-settings', { schema: { tags, summary: '修改预约规则', params: IdParams, body: schema.UpdateAppointmentSettings, response: { 200: schema.AppointmentSettings, ...errors(400, 401, 403, 404) } } }, async (request) => {
    await authorizeInCenter(db, request.principal, managers, request.params.id);
    return appointments.updateAppointmentSettings(db, actorOf(request), request.params.id, request.body);
  });
};
