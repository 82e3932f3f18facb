import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf, hasRole, tokenOf } from '../../platform/auth.ts';
import { forbidden, unauthorized } from '../../platform/errors.ts';
import { maskIdNumber, maskName, maskPhone } from '../../platform/masking.ts';
import { errors, Ok, Paged, PageQuery } from '../../platform/schemas.ts';
import { shanghaiDate } from '../../platform/time.ts';
import Type from 'typebox';
import { Appointment } from '../appointments/schema.ts';
import { appointmentsOfPerson } from '../appointments/service.ts';
import { Case } from '../cases/schema.ts';
import { casesOfApplicant } from '../cases/service.ts';
import { PublicFeedback } from '../feedback/schema.ts';
import { feedbackOfCitizen } from '../feedback/service.ts';
import { Ticket } from '../queue/schema.ts';
import { ticketsOfPerson } from '../queue/service.ts';
import type { CodeScanPurpose } from './rules.ts';
import * as schema from './schema.ts';
import * as citizens from './service.ts';
import { currentTime } from '../../platform/clock.ts';

const tags = ['个人中心'];

/** How far back 我的取号 looks: a ticket is a matter of a day; a month covers "what happened last time". */
const ticketHistoryDays = 30;

/** The signed-in person on the portal, or 401. */
export function requireCitizen(request: FastifyRequest): citizens.CitizenPrincipal {
  const principal = request.principal;
  if (!principal) throw unauthorized('UNAUTHENTICATED', '请先用手机号登录');
  if (principal.kind !== 'citizen') throw forbidden('请用手机号登录个人中心');
  return principal;
}

/** Which device may scan a code for what; window staff identify people at their window. */
const devicePurposes: Record<string, CodeScanPurpose[]> = { kiosk: ['kiosk'], terminal: ['kiosk', 'terminal'], locker: ['locker'] };

export const citizenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post('/api/v1/citizen/sign-in-code', { schema: { tags, summary: '获取短信登录验证码（每分钟一次，每天十次）', body: schema.SendCode, response: { 200: schema.CodeSent, ...errors(400, 429) } } }, (request) =>
    citizens.sendSignInCode(db, { phone: request.body.phone, ip: request.ip }),
  );

  app.post('/api/v1/citizen/sessions', { schema: { tags, summary: '手机号 + 验证码登录（首次登录即注册）', body: schema.SignIn, response: { 201: schema.Session, ...errors(400, 401) } } }, async (request, reply) => {
    const session = await citizens.signInCitizen(db, { ...request.body, ip: request.ip });
    reply.code(201);
    return session;
  });

  app.post('/api/v1/citizen/sign-out', { schema: { tags, summary: '退出登录', response: { 200: Ok, ...errors(401, 403) } } }, async (request) => {
    requireCitizen(request);
    await citizens.signOutCitizen(db, tokenOf(request)!);
    return { ok: true as const };
  });

  app.get('/api/v1/citizen/me', { schema: { tags, summary: '我的账号（脱敏）', response: { 200: schema.Citizen, ...errors(401, 403) } } }, (request) => citizens.getCitizen(db, requireCitizen(request)));

  app.post('/api/v1/citizen/me/real-name', { schema: { tags, summary: '实名认证：绑定身份证号码与姓名（一次）', body: schema.RealName, response: { 200: schema.Citizen, ...errors(400, 401, 403, 409) } } }, (request) =>
    citizens.bindRealName(db, requireCitizen(request), actorOf(request), request.body),
  );

  app.post('/api/v1/citizen/me/personal-code', { schema: { tags, summary: '亮码：取一个新的个人码（60 秒内有效，只能扫一次）', response: { 200: schema.PersonalCode, ...errors(401, 403) } } }, (request) =>
    citizens.issuePersonalCode(db, requireCitizen(request)),
  );

  app.post('/api/v1/personal-codes/scan', { schema: { tags, summary: '扫个人码核验身份（窗口人员看到完整信息并留痕；设备看到脱敏信息）', body: schema.ScanCode, response: { 200: schema.ScannedPerson, ...errors(400, 401, 403, 409, 410) } } }, async (request) => {
    const principal = request.principal;
    const { code, purpose } = request.body;
    if (!principal) throw unauthorized();
    if (principal.kind === 'device') {
      if (!devicePurposes[principal.deviceKind]?.includes(purpose)) throw forbidden('该设备不能扫码办理此事项');
      const person = await citizens.scanPersonalCode(db, actorOf(request), code, purpose);
      return { citizenId: person.citizenId, name: maskName(person.name), idNumber: maskIdNumber(person.idNumber), phone: maskPhone(person.phone), masked: true };
    }
    if (purpose !== 'window' || !hasRole(principal, ['window_staff', 'center_manager', 'admin'])) throw forbidden('只有窗口工作人员可以扫码核验身份');
    return { ...(await citizens.scanPersonalCode(db, actorOf(request), code, purpose)), masked: false };
  });

  /** The person's ID number's lookup hash: "mine" means what was done under that ID number, at any window or online. */
  async function realNameHash(request: FastifyRequest): Promise<string> {
    const hash = await citizens.idHashOf(db, requireCitizen(request));
    if (!hash) throw forbidden('请先完成实名认证', 'REAL_NAME_REQUIRED');
    return hash;
  }

  app.get('/api/v1/citizen/me/tickets', { schema: { tags, summary: '我的取号（近 30 天，实名）', response: { 200: Type.Array(Ticket), ...errors(401, 403) } } }, async (request) =>
    ticketsOfPerson(db, await realNameHash(request), shanghaiDate(new Date(currentTime().getTime() - ticketHistoryDays * 86_400_000))),
  );

  app.get('/api/v1/citizen/me/appointments', { schema: { tags, summary: '我的预约（实名）', response: { 200: Type.Array(Appointment), ...errors(401, 403) } } }, async (request) =>
    appointmentsOfPerson(db, await realNameHash(request)),
  );

  const Page = Type.Object(PageQuery);
  app.get('/api/v1/citizen/me/cases', { schema: { tags, summary: '我的办件（实名）', querystring: Page, response: { 200: Paged(Case), ...errors(400, 401, 403) } } }, async (request) => {
    const { page = 1, pageSize = 20 } = request.query;
    return { ...(await casesOfApplicant(db, await realNameHash(request), page, pageSize)), page, pageSize };
  });

  app.get('/api/v1/citizen/me/feedback', { schema: { tags, summary: '我的诉求（登录后提交的投诉、建议、表扬）', querystring: Page, response: { 200: Paged(PublicFeedback), ...errors(400, 401, 403) } } }, async (request) => {
    const { page = 1, pageSize = 20 } = request.query;
    return { ...(await feedbackOfCitizen(db, requireCitizen(request).id, page, pageSize)), page, pageSize };
  });
};
