import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleName } from '../../src/server/platform/auth.ts';
import { lastSignInCode } from '../helpers/citizens.ts';
import { create, call } from '../helpers/fixtures.ts';
import { idNumberBorn } from '../helpers/queue.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { changedTables, fingerprint, tableNames, type FingerprintExclusions } from './fingerprint.ts';
import {
  allCallers,
  applicant,
  buildAccessWorld,
  company,
  citizenCallers,
  deviceCallers,
  deviceKinds,
  freshPhone,
  scopeNames,
  systemCallers,
  userCallers,
  type AccessWorld,
  type Caller,
  type CallerName,
  type DeviceKind,
  type ScopeName,
} from './accessWorld.ts';

/**
 * The access matrix: for every operation of /api/openapi.json, exactly who may call it. Every caller that
 * is not allowed must be refused (401 when nobody is signed in, else 403, in the error shape of API.md)
 * and leave every table as it was; every allowed caller must get past authorisation (no 401 or 403).
 * An operation of the document without a row, or a row naming no operation, fails the suite by name.
 */

type Json = any;

// ------------------------------------------------------------------ who

/** The roles named, held for any of the scopes named. */
const holding = (roles: readonly RoleName[], scopes: readonly ScopeName[]): CallerName[] => roles.flatMap((role) => scopes.map((scope) => `${role}@${scope}` as CallerName));
/** Scopes that cover the city center itself: everywhere, its parent, itself (not a department of it, not its child, not a sibling). */
const overCity = (...roles: RoleName[]) => holding(roles, ['global', 'province', 'city']);
/** Scopes that cover a thing of the city's police department: those over the city, and the department itself. */
const overPolice = (...roles: RoleName[]) => holding(roles, ['global', 'province', 'city', 'police']);
/** Scopes that cover the district below the city. */
const overDistrict = (...roles: RoleName[]) => holding(roles, ['global', 'province', 'city', 'district']);
const globalAdmin: CallerName[] = ['admin@global'];
const anyAdmin = holding(['admin'], scopeNames);
const allRoles: RoleName[] = ['admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor', 'agent'];
const devicesOfCity = (...kinds: DeviceKind[]) => kinds.map((kind) => `${kind}@city` as CallerName);
const allDevices = deviceCallers as CallerName[];
/** Who keeps and reads the city's project ledger (projects/service.ts). */
const ledgerWriters = overCity('admin', 'center_manager', 'window_staff', 'agent');
const ledgerReaders = overCity('admin', 'center_manager', 'window_staff', 'agent', 'supervisor');
/** A round of the province: organised by admins over the province, inspected by its supervisors, answered by the city's admins and managers. */
const organisers = holding(['admin'], ['global', 'province']);
const inspectors = holding(['supervisor'], ['global', 'province']);
const assessed = overCity('admin', 'center_manager');
/** Who acts on a case at the front desk, behind it, or either (cases/service.ts authorizeCase). */
const front = overPolice('window_staff', 'center_manager', 'admin');
const eitherSide = overPolice('window_staff', 'dept_approver', 'center_manager', 'admin');
const everyone = allCallers;
const citizens = [...citizenCallers] as CallerName[];
const anyUser = userCallers as CallerName[];
const but = (from: readonly CallerName[], ...out: CallerName[]) => from.filter((c) => !out.includes(c));

// ------------------------------------------------------------------ rows

interface Request {
  url: string;
  body?: unknown;
  /** Replaces the caller's token (a row that ends the caller's session signs in afresh). */
  token?: string;
  /** A server-sent event stream: only its status is read. */
  stream?: boolean;
  /** A body that is not JSON (an upload). */
  raw?: { payload: Buffer; contentType: string };
}

interface Row {
  /** `METHOD /path` exactly as in /api/openapi.json. */
  op: string;
  allowed: readonly CallerName[];
  /** What the request acts on: made once for the refused callers, and again for each allowed caller when `fresh`. */
  target?: (w: AccessWorld) => Promise<Json>;
  fresh?: boolean;
  /** Callers refused by not finding the thing (404): a department system asking for another department's case. */
  hidden?: readonly CallerName[];
  send: (w: AccessWorld, target: Json, caller: Caller) => Request | Promise<Request>;
}

let serial = 0;
const unique = (prefix: string) => `${prefix}${process.pid % 10000}${++serial}`;
const month = () => new Date().toISOString().slice(0, 7);

/** A fresh session of a user caller (for rows that end it). */
const freshUserSession = async (w: AccessWorld, caller: Caller) => (caller.account ? w.t.login(caller.account.username, w.staffPassword) : caller.token);

/** A small PDF as a multipart upload (不见面审批). */
function multipartPdf(): { payload: Buffer; contentType: string } {
  const boundary = 'access-matrix-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="申请书.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`),
    Buffer.alloc(100, 0x20),
    Buffer.from(`\n%%EOF\n\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A file the real-name citizen uploaded. */
async function uploadedPdf(w: AccessWorld): Promise<Json> {
  const { payload, contentType } = multipartPdf();
  const response = await w.t.app.inject({ method: 'POST', url: '/api/v1/citizen/me/files', payload, headers: { 'content-type': contentType, authorization: `Bearer ${w.token('citizen+realname')}` } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** A file per material of the police item, uploaded by the real-name citizen. */
const uploadsFor = (w: AccessWorld): Promise<Json>[] => [0, 1].map(async (i) => ({ ...(await uploadedPdf(w)), materialId: (await w.materialsOfItem())[i].id }));

/** An online application of the police item by the real-name citizen, waiting for 预审. */
async function onlineApplication(w: AccessWorld): Promise<Json> {
  const files = await Promise.all(uploadsFor(w));
  return create(w.t, '/api/v1/citizen/me/applications', { itemId: w.item.id, delivery: 'window', materials: files.map((f) => ({ materialId: f.materialId, fileId: f.id })) }, w.token('citizen+realname'));
}

/** A case from a passed online application, its second material not received and asked for (待补正). */
async function caseAwaitingSupplement(w: AccessWorld): Promise<{ caseId: string; materialId: string }> {
  const application = await onlineApplication(w);
  const materialId = application.materials[1].materialId;
  const passed = await call(w.t, 'POST', `/api/v1/online-applications/${application.id}/pass`, 200, { token: w.t.adminToken, body: { notReceived: [materialId] } });
  await call(w.t, 'POST', `/api/v1/cases/${passed.case.id}/supplement-notice`, 200, { token: w.t.adminToken });
  return { caseId: passed.case.id, materialId };
}

const rows: Row[] = [
  // ---------------------------------------------------------------- platform and accounts
  { op: 'GET /api/health', allowed: everyone, send: () => ({ url: '/api/health' }) },
  { op: 'GET /api/v1/audit', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/audit?centerId=${w.city.id}` }) },
  { op: 'POST /api/v1/auth/login', allowed: everyone, send: () => ({ url: '/api/v1/auth/login', body: { username: 'window_staff_at_city', password: 'Window#2026' } }) },
  { op: 'POST /api/v1/auth/logout', allowed: anyUser, send: async (w, _, caller) => ({ url: '/api/v1/auth/logout', token: await freshUserSession(w, caller) }) },
  { op: 'GET /api/v1/auth/me', allowed: anyUser, send: () => ({ url: '/api/v1/auth/me' }) },
  { op: 'POST /api/v1/auth/password', allowed: anyUser, send: () => ({ url: '/api/v1/auth/password', body: { currentPassword: 'not-the-password', newPassword: 'Other#20261' } }) },
  { op: 'GET /api/v1/users', allowed: anyAdmin, send: () => ({ url: '/api/v1/users' }) },
  {
    op: 'POST /api/v1/users',
    allowed: overCity('admin'),
    send: (w) => ({ url: '/api/v1/users', body: { username: unique('newbie'), password: 'Newbie#2026', name: '新人', roles: [{ role: 'window_staff', centerId: w.city.id }] } }),
  },
  { op: 'GET /api/v1/users/{id}', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/users/${w.callers.get('window_staff@city')!.account!.id}` }) },
  {
    op: 'PATCH /api/v1/users/{id}',
    allowed: overCity('admin'),
    target: (w) => create(w.t, '/api/v1/users', { username: unique('target'), password: 'Target#2026', name: '目标', roles: [{ role: 'window_staff', centerId: w.city.id }] }),
    send: (_, user) => ({ url: `/api/v1/users/${user.id}`, body: { name: '改名' } }),
  },
  {
    op: 'POST /api/v1/users/{id}/reset-password',
    allowed: overCity('admin'),
    target: (w) => create(w.t, '/api/v1/users', { username: unique('target'), password: 'Target#2026', name: '目标', roles: [{ role: 'window_staff', centerId: w.city.id }] }),
    send: (_, user) => ({ url: `/api/v1/users/${user.id}/reset-password`, body: {} }),
  },

  // ---------------------------------------------------------------- organisation
  { op: 'GET /api/v1/centers', allowed: everyone, send: () => ({ url: '/api/v1/centers' }) },
  { op: 'POST /api/v1/centers', allowed: overCity('admin'), send: (w) => ({ url: '/api/v1/centers', body: { name: unique('新镇'), level: 'town', parentId: w.city.id } }) },
  { op: 'GET /api/v1/centers/{id}', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}` }) },
  { op: 'PATCH /api/v1/centers/{id}', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}`, body: { address: '测试路 2 号' } }) },
  { op: 'GET /api/v1/centers/{id}/halls', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/halls` }) },
  { op: 'POST /api/v1/halls', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: '/api/v1/halls', body: { centerId: w.city.id, name: unique('厅') } }) },
  { op: 'PATCH /api/v1/halls/{id}', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/halls/${w.hall.id}`, body: { floor: '1F' } }) },
  {
    op: 'DELETE /api/v1/halls/{id}',
    allowed: overCity('admin', 'center_manager'),
    target: (w) => create(w.t, '/api/v1/halls', { centerId: w.city.id, name: unique('待删厅') }),
    fresh: true,
    send: (_, hall) => ({ url: `/api/v1/halls/${hall.id}` }),
  },
  { op: 'POST /api/v1/zones', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: '/api/v1/zones', body: { hallId: w.hall.id, name: unique('区'), kind: 'waiting' } }) },
  { op: 'PATCH /api/v1/zones/{id}', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/zones/${w.zone.id}`, body: { open24h: false } }) },
  {
    op: 'DELETE /api/v1/zones/{id}',
    allowed: overCity('admin', 'center_manager'),
    target: (w) => create(w.t, '/api/v1/zones', { hallId: w.hall.id, name: unique('待删区'), kind: 'other' }),
    fresh: true,
    send: (_, zone) => ({ url: `/api/v1/zones/${zone.id}` }),
  },
  { op: 'GET /api/v1/centers/{id}/departments', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/departments` }) },
  { op: 'POST /api/v1/departments', allowed: overCity('admin'), send: (w) => ({ url: '/api/v1/departments', body: { centerId: w.city.id, name: unique('局') } }) },
  { op: 'PATCH /api/v1/departments/{id}', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/departments/${w.tax.id}`, body: { name: '税务局' } }) },
  {
    op: 'DELETE /api/v1/departments/{id}',
    allowed: overCity('admin'),
    target: (w) => create(w.t, '/api/v1/departments', { centerId: w.city.id, name: unique('待撤局') }),
    fresh: true,
    send: (_, department) => ({ url: `/api/v1/departments/${department.id}` }),
  },
  // Anyone holding a role in the city (a department's people too) and the city's devices see its windows.
  { op: 'GET /api/v1/centers/{id}/windows', allowed: [...overPolice(...allRoles), ...deviceCallers.filter((d) => d.endsWith('@city'))], send: (w) => ({ url: `/api/v1/centers/${w.city.id}/windows` }) },
  { op: 'GET /api/v1/windows/mine', allowed: anyUser, send: () => ({ url: '/api/v1/windows/mine' }) },
  { op: 'GET /api/v1/windows/{id}', allowed: [...overPolice(...allRoles), ...deviceCallers.filter((d) => d.endsWith('@city'))], send: (w) => ({ url: `/api/v1/windows/${w.windows.general.id}` }) },
  { op: 'PATCH /api/v1/windows/{id}', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/windows/${w.windows.spare.id}`, body: { name: '窗口 2' } }) },
  {
    op: 'DELETE /api/v1/windows/{id}',
    allowed: overCity('admin', 'center_manager'),
    target: (w) => create(w.t, '/api/v1/windows', { centerId: w.city.id, name: unique('待删窗口'), number: 100 + serial, kind: 'general' }),
    fresh: true,
    send: (_, window) => ({ url: `/api/v1/windows/${window.id}` }),
  },
  { op: 'POST /api/v1/windows', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: '/api/v1/windows', body: { centerId: w.city.id, name: unique('新窗口'), number: 200 + serial, kind: 'general' } }) },
  { op: 'GET /api/v1/centers/{id}/devices', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/devices` }) },
  { op: 'POST /api/v1/devices', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: '/api/v1/devices', body: { centerId: w.city.id, kind: 'hall_display', name: unique('综合屏') } }) },
  { op: 'GET /api/v1/devices/me', allowed: allDevices, send: () => ({ url: '/api/v1/devices/me' }) },
  {
    op: 'PATCH /api/v1/devices/{id}',
    allowed: overCity('admin', 'center_manager'),
    target: async (w) => (await create(w.t, '/api/v1/devices', { centerId: w.city.id, kind: 'kiosk', name: unique('取号机') })).device,
    send: (_, device) => ({ url: `/api/v1/devices/${device.id}`, body: { name: '取号机（改）' } }),
  },
  {
    op: 'DELETE /api/v1/devices/{id}',
    allowed: overCity('admin', 'center_manager'),
    target: async (w) => (await create(w.t, '/api/v1/devices', { centerId: w.city.id, kind: 'kiosk', name: unique('待删取号机') })).device,
    fresh: true,
    send: (_, device) => ({ url: `/api/v1/devices/${device.id}` }),
  },
  {
    op: 'POST /api/v1/devices/{id}/rotate-token',
    allowed: overCity('admin', 'center_manager'),
    target: async (w) => (await create(w.t, '/api/v1/devices', { centerId: w.city.id, kind: 'kiosk', name: unique('取号机') })).device,
    send: (_, device) => ({ url: `/api/v1/devices/${device.id}/rotate-token` }),
  },

  // ---------------------------------------------------------------- catalogue and calendar
  { op: 'GET /api/v1/items', allowed: everyone, send: (w) => ({ url: `/api/v1/items?q=${encodeURIComponent('身份证')}&centerId=${w.city.id}` }) },
  {
    op: 'POST /api/v1/items',
    allowed: overCity('admin'),
    send: (w) => ({ url: '/api/v1/items', body: { code: `1144010000000000000000${String(100000 + ++serial)}`, name: unique('临时身份证'), departmentId: w.police.id, type: '行政确认', legalDays: 1, promisedDays: 1 } }),
  },
  { op: 'GET /api/v1/items/{id}', allowed: everyone, send: (w) => ({ url: `/api/v1/items/${w.item.id}` }) },
  {
    op: 'PUT /api/v1/items/{id}',
    allowed: overCity('admin'),
    send: (w) => ({ url: `/api/v1/items/${w.item.id}`, body: { code: w.item.code, name: w.item.name, departmentId: w.police.id, type: w.item.type, legalDays: w.item.legalDays, promisedDays: w.item.promisedDays, online: true, terminal: true, materials: w.item.materials } }),
  },
  { op: 'GET /api/v1/items/{id}/versions', allowed: everyone, send: (w) => ({ url: `/api/v1/items/${w.item.id}/versions` }) },
  { op: 'GET /api/v1/centers/{id}/disclosure', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/disclosure` }) },
  { op: 'GET /api/v1/bundles', allowed: everyone, send: () => ({ url: '/api/v1/bundles' }) },
  { op: 'POST /api/v1/bundles', allowed: globalAdmin, send: (w) => ({ url: '/api/v1/bundles', body: { name: unique('一件事'), itemIds: [w.item.id, w.taxItem.id] } }) },
  { op: 'GET /api/v1/bundles/{id}', allowed: everyone, send: (w) => ({ url: `/api/v1/bundles/${w.bundle.id}` }) },
  { op: 'PUT /api/v1/bundles/{id}', allowed: globalAdmin, send: (w) => ({ url: `/api/v1/bundles/${w.bundle.id}`, body: { name: '身份证一件事', itemIds: [w.item.id, w.taxItem.id] } }) },
  {
    op: 'DELETE /api/v1/bundles/{id}',
    allowed: globalAdmin,
    target: (w) => create(w.t, '/api/v1/bundles', { name: unique('待删一件事'), itemIds: [w.item.id, w.taxItem.id] }),
    fresh: true,
    send: (_, bundle) => ({ url: `/api/v1/bundles/${bundle.id}` }),
  },
  { op: 'GET /api/v1/licences/changeable', allowed: everyone, send: () => ({ url: '/api/v1/licences/changeable' }) },
  { op: 'POST /api/v1/bundles/propose', allowed: everyone, send: () => ({ url: '/api/v1/bundles/propose', body: { heldLicences: [], change: 'address' } }) },
  { op: 'POST /api/v1/prechecks', allowed: everyone, send: (w) => ({ url: '/api/v1/prechecks', body: { centerId: w.city.id, itemIds: [w.item.id, w.taxItem.id] } }) },
  { op: 'GET /api/v1/catalog/export', allowed: anyAdmin, send: () => ({ url: '/api/v1/catalog/export' }) },
  // Importing writes items of the departments named in the workbook: admins over all their centers; the whole
  // catalogue spans the city and the other city, so only an admin over everything.
  {
    op: 'POST /api/v1/catalog/import',
    allowed: globalAdmin,
    target: async (w) => (await w.t.app.inject({ method: 'GET', url: '/api/v1/catalog/export', headers: { authorization: `Bearer ${w.t.adminToken}` } })).rawPayload,
    send: (_, workbook) => ({ url: '/api/v1/catalog/import', raw: { payload: workbook, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }),
  },
  { op: 'GET /api/v1/calendar/working-days/add', allowed: everyone, send: () => ({ url: '/api/v1/calendar/working-days/add?from=2026-09-30&days=3' }) },
  { op: 'GET /api/v1/calendar/working-days/between', allowed: everyone, send: () => ({ url: '/api/v1/calendar/working-days/between?from=2026-09-30&to=2026-10-12' }) },
  { op: 'GET /api/v1/calendar/days', allowed: everyone, send: () => ({ url: '/api/v1/calendar/days?year=2026' }) },
  { op: 'PUT /api/v1/calendar/days/{date}', allowed: globalAdmin, send: () => ({ url: '/api/v1/calendar/days/2026-12-26', body: { kind: 'workday', name: '测试调休' } }) },
  { op: 'DELETE /api/v1/calendar/days/{date}', allowed: globalAdmin, send: () => ({ url: '/api/v1/calendar/days/2026-12-26' }) },

  // ---------------------------------------------------------------- queue
  { op: 'GET /api/v1/centers/{id}/categories', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/categories` }) },
  { op: 'POST /api/v1/categories', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: '/api/v1/categories', body: { centerId: w.city.id, name: unique('类别'), prefix: String.fromCharCode(65 + (++serial % 26)) + 'Z', itemIds: [] } }) },
  { op: 'PUT /api/v1/categories/{id}', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/categories/${w.category.id}`, body: { open: true } }) },
  { op: 'GET /api/v1/centers/{id}/queue-settings', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/queue-settings` }) },
  { op: 'PUT /api/v1/centers/{id}/queue-settings', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/queue-settings`, body: { recallLimit: 3 } }) },
  { op: 'GET /api/v1/windows/{id}/profile', allowed: overCity('admin', 'center_manager', 'window_staff', 'supervisor'), send: (w) => ({ url: `/api/v1/windows/${w.windows.general.id}/profile` }) },
  { op: 'PUT /api/v1/windows/{id}/profile', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/windows/${w.windows.general.id}/profile`, body: { tiers: [[w.category.id]] } }) },
  { op: 'GET /api/v1/centers/{id}/window-profiles', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/window-profiles` }) },
  {
    op: 'POST /api/v1/tickets',
    // A kiosk or terminal of the center, staff of the center, or anyone remotely (online) with an ID number and a
    // phone (the portal's form); a signed-in citizen online only once bound to a real name.
    allowed: [...devicesOfCity('kiosk', 'terminal'), 'citizen+realname', 'anonymous', ...systemCallers, ...overCity('admin', 'center_manager', 'window_staff')],
    send: (w, _, caller) => {
      const base = { centerId: w.city.id, categoryId: w.category.id };
      if (caller.name.includes('@') && deviceCallers.includes(caller.name as never)) return { url: '/api/v1/tickets', body: { ...base, channel: 'kiosk' } };
      if (userCallers.includes(caller.name as never)) return { url: '/api/v1/tickets', body: { ...base, channel: 'staff', idNumber: applicant.idNumber } };
      return { url: '/api/v1/tickets', body: { ...base, channel: 'online', idNumber: applicant.idNumber, phone: applicant.phone } };
    },
  },
  { op: 'GET /api/v1/tickets/{id}', allowed: everyone, send: (w) => ({ url: `/api/v1/tickets/${w.served.id}` }) },
  { op: 'GET /api/v1/tickets/{id}/history', allowed: overCity('admin', 'center_manager', 'window_staff', 'supervisor'), send: (w) => ({ url: `/api/v1/tickets/${w.served.id}/history` }) },
  {
    op: 'GET /api/v1/tickets/{id}/applicant',
    // Only the window staff serving the ticket (the person signed in at the window).
    allowed: ['window_staff@city'],
    target: (w) => w.ticket('serving'),
    send: (_, ticket) => ({ url: `/api/v1/tickets/${ticket.id}/applicant` }),
  },
  {
    op: 'POST /api/v1/windows/{id}/call-next',
    allowed: ['window_staff@city'],
    target: (w) => w.ticket('waiting'),
    send: (w) => ({ url: `/api/v1/windows/${w.windows.general.id}/call-next` }),
  },
  { op: 'GET /api/v1/windows/{id}/current', allowed: [...overCity('admin', 'center_manager', 'window_staff', 'supervisor'), ...devicesOfCity(...deviceKinds)], send: (w) => ({ url: `/api/v1/windows/${w.windows.general.id}/current` }) },
  ...(['recall', 'start', 'finish', 'no-show'] as const).map(
    (action): Row => ({
      op: `POST /api/v1/tickets/{id}/${action}`,
      // The staff who called the ticket, and the center's managers.
      allowed: ['window_staff@city', ...overCity('admin', 'center_manager')],
      target: (w) => w.ticket(action === 'finish' ? 'serving' : 'called'),
      fresh: true,
      send: (_, ticket) => ({ url: `/api/v1/tickets/${ticket.id}/${action}` }),
    }),
  ),
  {
    op: 'POST /api/v1/tickets/{id}/cancel',
    // A waiting ticket nobody has called: only the center's managers.
    allowed: overCity('admin', 'center_manager'),
    target: (w) => w.ticket('waiting'),
    fresh: true,
    send: (_, ticket) => ({ url: `/api/v1/tickets/${ticket.id}/cancel`, body: { reason: '办事人离开' } }),
  },
  {
    op: 'POST /api/v1/tickets/{id}/transfer',
    allowed: ['window_staff@city', ...overCity('admin', 'center_manager')],
    target: (w) => w.ticket('serving'),
    fresh: true,
    send: (w, ticket) => ({ url: `/api/v1/tickets/${ticket.id}/transfer`, body: { categoryId: w.category.id } }),
  },
  { op: 'GET /api/v1/centers/{id}/queue', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/queue` }) },
  { op: 'GET /api/v1/centers/{id}/calls', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/calls` }) },
  { op: 'GET /api/v1/centers/{id}/tickets', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/tickets` }) },
  { op: 'POST /api/v1/centers/{id}/close-day', allowed: overDistrict('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/centers/${w.district.id}/close-day`, body: { reason: '日终' } }) },

  // ---------------------------------------------------------------- appointments
  { op: 'GET /api/v1/centers/{id}/slots', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/slots?categoryId=${w.category.id}&date=${w.bookingDay}` }) },
  {
    op: 'POST /api/v1/appointments',
    allowed: everyone,
    send: async (w) => ({ url: '/api/v1/appointments', body: { slotId: (await w.openSlot()).id, idNumber: applicant.idNumber, name: applicant.name, phone: applicant.phone, itemId: w.item.id } }),
  },
  { op: 'GET /api/v1/appointments/{id}', allowed: everyone, target: (w) => appointment(w), send: (_, booked) => ({ url: `/api/v1/appointments/${booked.id}` }) },
  { op: 'POST /api/v1/appointments/{id}/cancel', allowed: everyone, target: (w) => appointment(w), fresh: true, send: (_, booked) => ({ url: `/api/v1/appointments/${booked.id}/cancel` }) },
  {
    op: 'POST /api/v1/appointments/check-in',
    allowed: [...devicesOfCity('kiosk', 'terminal'), ...overCity('admin', 'center_manager', 'window_staff')],
    target: (w) => appointment(w),
    fresh: true,
    send: (w, booked) => ({ url: '/api/v1/appointments/check-in', body: { centerId: w.city.id, code: booked.code } }),
  },
  { op: 'GET /api/v1/centers/{id}/appointments', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/appointments?date=${w.bookingDay}` }) },
  { op: 'GET /api/v1/centers/{id}/appointment-settings', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/appointment-settings` }) },
  { op: 'PUT /api/v1/centers/{id}/appointment-settings', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/appointment-settings`, body: { maxPerWeek: 50 } }) },

  // ---------------------------------------------------------------- cases
  {
    op: 'POST /api/v1/cases',
    // The front desk (window staff, and the center's managers standing in) of the center or the item's department; admins too.
    allowed: front,
    send: async (w) => ({ url: '/api/v1/cases', body: { itemId: w.item.id, applicant: { kind: 'person', ...applicant }, channel: 'window', materials: (await w.materialsOfItem()).map((m: Json) => ({ materialId: m.id, status: 'received' })) } }),
  },
  { op: 'GET /api/v1/cases/{id}', allowed: overPolice('admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor'), send: (w) => ({ url: `/api/v1/cases/${w.acceptedCase.id}` }) },
  { op: 'GET /api/v1/cases/{id}/steps', allowed: overPolice('admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor'), send: (w) => ({ url: `/api/v1/cases/${w.acceptedCase.id}/steps` }) },
  { op: 'GET /api/v1/cases/{id}/route', allowed: overPolice('admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor'), send: (w) => ({ url: `/api/v1/cases/${w.acceptedCase.id}/route` }) },
  // The world's item is decided directly (its route is 决定 alone): the approvers get past the guard to a 409.
  ...(['advance', 'send-back'] as const).map(
    (action): Row => ({
      op: `POST /api/v1/cases/{id}/${action}`,
      allowed: overPolice('dept_approver', 'admin'),
      target: (w) => w.newCase(true),
      send: (_, accepted) => ({ url: `/api/v1/cases/${accepted.id}/${action}`, body: action === 'advance' ? { opinion: '同意' } : { reason: '退回补充核查' } }),
    }),
  ),
  { op: 'GET /api/v1/items/{id}/workflow', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/items/${w.item.id}/workflow` }) },
  // Saved as it is (决定 alone), so the rows deciding the world's cases directly still can.
  { op: 'PUT /api/v1/items/{id}/workflow', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/items/${w.item.id}/workflow`, body: { steps: ['决定'], sameHandlerAllowed: false } }) },
  // Both items' departments are taken in for: the city's front staff, not the police department's alone.
  {
    op: 'POST /api/v1/bundle-cases',
    allowed: overCity('window_staff', 'center_manager', 'admin'),
    send: async (w) => ({
      url: '/api/v1/bundle-cases',
      body: { bundleId: w.bundle.id, applicant: { kind: 'person', ...applicant }, channel: 'window', items: [{ itemId: w.item.id, materials: (await w.materialsOfItem()).map((m: Json) => ({ materialId: m.id, status: 'received' })) }, { itemId: w.taxItem.id, materials: [] }] },
    }),
  },
  {
    op: 'GET /api/v1/bundle-cases/{id}',
    allowed: overCity('admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor'),
    target: async (w) => create(w.t, '/api/v1/bundle-cases', { bundleId: w.bundle.id, applicant: { kind: 'person', ...applicant }, channel: 'window', items: [{ itemId: w.taxItem.id, materials: [] }] }),
    send: (_, parent) => ({ url: `/api/v1/bundle-cases/${parent.id}` }),
  },
  // A real-name citizen downloads the notices of their own cases only; another's case is not found.
  {
    op: 'GET /api/v1/cases/{id}/notice.pdf',
    allowed: overPolice('admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor'),
    hidden: ['citizen+realname'],
    send: (w) => ({ url: `/api/v1/cases/${w.acceptedCase.id}/notice.pdf` }),
  },
  { op: 'GET /api/v1/centers/{id}/cases', allowed: overCity('admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/cases` }) },
  ...(['accept', 'supplement-notice'] as const).map(
    (action): Row => ({
      op: `POST /api/v1/cases/{id}/${action}`,
      allowed: front,
      target: (w) => w.newCase(false),
      fresh: true,
      send: (_, received) => ({ url: `/api/v1/cases/${received.id}/${action}` }),
    }),
  ),
  {
    op: 'POST /api/v1/cases/{id}/refuse',
    allowed: front,
    target: (w) => w.newCase(false),
    fresh: true,
    send: (_, received) => ({ url: `/api/v1/cases/${received.id}/refuse`, body: { reason: '不属于本中心受理范围' } }),
  },
  {
    op: 'POST /api/v1/cases/{id}/supply',
    allowed: eitherSide,
    target: (w) => w.newCase(true),
    send: async (w, accepted) => ({ url: `/api/v1/cases/${accepted.id}/supply`, body: { materialIds: [(await w.materialsOfItem())[1].id] } }),
  },
  {
    op: 'POST /api/v1/cases/{id}/suspend',
    allowed: overPolice('dept_approver', 'admin'),
    target: (w) => w.newCase(true),
    fresh: true,
    send: (_, accepted) => ({ url: `/api/v1/cases/${accepted.id}/suspend`, body: { reason: '专家评审' } }),
  },
  {
    op: 'POST /api/v1/cases/{id}/resume',
    allowed: overPolice('dept_approver', 'admin'),
    target: async (w) => {
      const accepted = await w.newCase(true);
      await call(w.t, 'POST', `/api/v1/cases/${accepted.id}/suspend`, 200, { token: w.t.adminToken, body: { reason: '专家评审' } });
      return accepted;
    },
    fresh: true,
    send: (_, suspended) => ({ url: `/api/v1/cases/${suspended.id}/resume` }),
  },
  {
    op: 'POST /api/v1/cases/{id}/decide',
    allowed: overPolice('dept_approver', 'admin'),
    target: (w) => w.newCase(true),
    fresh: true,
    send: (_, accepted) => ({ url: `/api/v1/cases/${accepted.id}/decide`, body: { approved: true } }),
  },
  {
    op: 'POST /api/v1/cases/{id}/complete',
    allowed: eitherSide,
    target: async (w) => {
      const accepted = await w.newCase(true);
      await call(w.t, 'POST', `/api/v1/cases/${accepted.id}/decide`, 200, { token: w.t.adminToken, body: { approved: true } });
      return accepted;
    },
    fresh: true,
    send: (_, decided) => ({ url: `/api/v1/cases/${decided.id}/complete`, body: { delivery: 'window' } }),
  },
  { op: 'GET /api/v1/public/cases/{caseNo}', allowed: everyone, send: (w) => ({ url: `/api/v1/public/cases/${w.acceptedCase.caseNo}?idSuffix=${applicant.idNumber.slice(-6)}` }) },

  // ---------------------------------------------------------------- department systems
  { op: 'GET /api/v1/departments/{id}/integration-keys', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/departments/${w.police.id}/integration-keys` }) },
  { op: 'POST /api/v1/departments/{id}/integration-keys', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/departments/${w.police.id}/integration-keys`, body: { name: unique('系统') } }) },
  {
    op: 'POST /api/v1/integration-keys/{id}/revoke',
    allowed: overCity('admin'),
    target: async (w) => (await create(w.t, `/api/v1/departments/${w.police.id}/integration-keys`, { name: unique('待吊销') })).key,
    fresh: true,
    send: (_, key) => ({ url: `/api/v1/integration-keys/${key.id}/revoke` }),
  },
  { op: 'GET /api/v1/departments/{id}/webhooks', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/departments/${w.police.id}/webhooks` }) },
  { op: 'POST /api/v1/departments/{id}/webhooks', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/departments/${w.police.id}/webhooks`, body: { name: unique('推送'), url: 'http://127.0.0.1:9/hook' } }) },
  { op: 'PATCH /api/v1/webhooks/{id}', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/webhooks/${w.webhook.endpoint?.id ?? w.webhook.id}`, body: { disabled: true } }) },
  { op: 'GET /api/v1/departments/{id}/webhook-deliveries', allowed: overCity('admin'), send: (w) => ({ url: `/api/v1/departments/${w.police.id}/webhook-deliveries` }) },
  { op: 'POST /api/v1/webhook-deliveries/{id}/replay', allowed: overCity('admin'), target: (w) => webhookDelivery(w), send: (_, delivery) => ({ url: `/api/v1/webhook-deliveries/${delivery.id}/replay` }) },
  { op: 'GET /api/v1/integration/cases', allowed: systemCallers, send: () => ({ url: '/api/v1/integration/cases' }) },
  { op: 'GET /api/v1/integration/cases/{id}', allowed: ['system@police'], hidden: ['system@other'], send: (w) => ({ url: `/api/v1/integration/cases/${w.acceptedCase.id}` }) },
  { op: 'POST /api/v1/integration/cases/{id}/decide', allowed: ['system@police'], hidden: ['system@other'], target: (w) => w.newCase(true), send: (_, accepted) => ({ url: `/api/v1/integration/cases/${accepted.id}/decide`, body: { approved: true } }) },
  {
    op: 'POST /api/v1/integration/cases/{id}/complete',
    allowed: ['system@police'],
    hidden: ['system@other'],
    target: async (w) => {
      const accepted = await w.newCase(true);
      await call(w.t, 'POST', `/api/v1/cases/${accepted.id}/decide`, 200, { token: w.t.adminToken, body: { approved: true } });
      return accepted;
    },
    send: (_, decided) => ({ url: `/api/v1/integration/cases/${decided.id}/complete`, body: { delivery: 'electronic' } }),
  },

  // ---------------------------------------------------------------- ratings (好差评)
  {
    op: 'POST /api/v1/ratings',
    // Holding the service's id is the right to rate it; a pad of its window, or a terminal or kiosk of its center,
    // may carry it; the staff who served may not rate themselves; other devices may not rate.
    allowed: but(everyone, 'window_staff@city', ...deviceCallers.filter((d) => !['rating_pad@city', 'terminal@city', 'kiosk@city'].includes(d))),
    target: (w) => w.ticket('done'),
    fresh: true,
    send: (_, ticket) => ({ url: '/api/v1/ratings', body: { ticketId: ticket.id, score: 5, tags: [] } }),
  },
  { op: 'GET /api/v1/ratings/of', allowed: everyone, send: (w) => ({ url: `/api/v1/ratings/of?ticketId=${w.served.id}` }) },
  { op: 'POST /api/v1/ratings/follow-up', allowed: everyone, target: (w) => ratedTicket(w), fresh: true, send: (_, ticket) => ({ url: '/api/v1/ratings/follow-up', body: { ticketId: ticket.id, comment: '后来问题解决了' } }) },
  { op: 'GET /api/v1/rating-tags', allowed: everyone, send: () => ({ url: '/api/v1/rating-tags' }) },
  // The rated staff member reads the rating of their own service (without the rater).
  { op: 'GET /api/v1/ratings/{id}', allowed: [...overCity('admin', 'center_manager', 'supervisor'), 'window_staff@city'], send: (w) => ({ url: `/api/v1/ratings/${w.rating.id}` }) },
  { op: 'GET /api/v1/ratings/{id}/rater', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/ratings/${w.rating.id}/rater` }) },
  { op: 'GET /api/v1/centers/{id}/ratings', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/ratings` }) },
  { op: 'GET /api/v1/centers/{id}/rating-summary', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/rating-summary` }) },
  { op: 'GET /api/v1/me/ratings', allowed: anyUser, send: () => ({ url: '/api/v1/me/ratings' }) },
  { op: 'GET /api/v1/public/centers/{id}/ratings', allowed: everyone, send: (w) => ({ url: `/api/v1/public/centers/${w.city.id}/ratings?month=${month()}` }) },
  // The follow-up and rectification periods are no secret: the portal tells raters how long they may add to a rating.
  { op: 'GET /api/v1/centers/{id}/rating-settings', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/rating-settings` }) },
  { op: 'PUT /api/v1/centers/{id}/rating-settings', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/rating-settings`, body: { rectifyDays: 10 } }) },
  { op: 'GET /api/v1/centers/{id}/rectifications', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/rectifications` }) },
  { op: 'GET /api/v1/rectifications/{id}', allowed: [...overCity('admin', 'center_manager', 'supervisor'), 'window_staff@city'], send: (w) => ({ url: `/api/v1/rectifications/${w.rectification.id}` }) },
  { op: 'POST /api/v1/rectifications/{id}/callback', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/rectifications/${w.rectification.id}/callback`, body: { reached: true, note: '已电话回访' } }) },
  { op: 'POST /api/v1/rectifications/{id}/close', allowed: overCity('admin', 'center_manager'), target: (w) => badRating(w), fresh: true, send: (_, r) => ({ url: `/api/v1/rectifications/${r.id}/close`, body: { outcome: 'unfounded', result: '经核实不属实' } }) },
  // Only the rated staff member appeals.
  { op: 'POST /api/v1/rectifications/{id}/appeal', allowed: ['window_staff@city'], target: (w) => badRating(w), send: (_, r) => ({ url: `/api/v1/rectifications/${r.id}/appeal`, body: { reason: '办事人材料不全，已一次性告知' } }) },
  {
    op: 'POST /api/v1/rectifications/{id}/appeal-decision',
    // The supervisor rules (RULES.md); the platform's admins may do what anyone in their centers may.
    allowed: overCity('supervisor', 'admin'),
    target: async (w) => {
      const r = await badRating(w);
      await call(w.t, 'POST', `/api/v1/rectifications/${r.id}/appeal`, 200, { token: w.token('window_staff@city'), body: { reason: '恶意差评' } });
      return r;
    },
    fresh: true,
    send: (_, r) => ({ url: `/api/v1/rectifications/${r.id}/appeal-decision`, body: { upheld: false, note: '不成立' } }),
  },
  { op: 'GET /api/v1/pad/state', allowed: ['rating_pad@city', 'rating_pad@other'], send: () => ({ url: '/api/v1/pad/state' }) },

  // ---------------------------------------------------------------- feedback
  {
    op: 'POST /api/v1/feedback',
    // Public; a device may carry it only when it is a terminal or kiosk of that center; signed-in staff enter it on
    // someone's behalf, so only staff of that center.
    allowed: [...but(everyone, ...deviceCallers.filter((d) => !['kiosk@city', 'terminal@city'].includes(d)), ...userCallers), ...overCity('admin', 'center_manager', 'window_staff', 'supervisor')],
    send: (w) => ({ url: '/api/v1/feedback', body: { kind: 'suggestion', centerId: w.city.id, text: '希望增加自助终端' } }),
  },
  { op: 'GET /api/v1/feedback/{id}', allowed: everyone, send: (w) => ({ url: `/api/v1/feedback/${w.complaint.id}` }) },
  { op: 'POST /api/v1/feedback/{id}/satisfaction', allowed: everyone, target: (w) => answeredFeedback(w), fresh: true, send: (_, f) => ({ url: `/api/v1/feedback/${f.id}/satisfaction`, body: { satisfaction: 'satisfied' } }) },
  // Complaints are read by the center's overseers and by department approvers (the 承办部门).
  { op: 'GET /api/v1/feedback/{id}/details', allowed: overCity('admin', 'center_manager', 'supervisor', 'dept_approver'), send: (w) => ({ url: `/api/v1/feedback/${w.complaint.id}/details` }) },
  { op: 'GET /api/v1/centers/{id}/feedback', allowed: overCity('admin', 'center_manager', 'supervisor', 'dept_approver'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/feedback` }) },
  { op: 'POST /api/v1/feedback/{id}/route', allowed: overCity('admin', 'center_manager'), target: (w) => create(w.t, '/api/v1/feedback', { kind: 'complaint', centerId: w.city.id, text: '办证太慢' }), fresh: true, send: (w, f) => ({ url: `/api/v1/feedback/${f.id}/route`, body: { departmentId: w.police.id } }) },
  { op: 'POST /api/v1/feedback/{id}/answer', allowed: overCity('admin', 'center_manager', 'dept_approver'), target: (w) => create(w.t, '/api/v1/feedback', { kind: 'suggestion', centerId: w.city.id, text: '多开窗口' }), fresh: true, send: (_, f) => ({ url: `/api/v1/feedback/${f.id}/answer`, body: { answer: '已增开窗口' } }) },

  // ---------------------------------------------------------------- statistics
  { op: 'GET /api/v1/stats/summary', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/stats/summary?centerId=${w.city.id}&from=${w.today}&to=${w.today}` }) },
  { op: 'GET /api/v1/stats/breakdown', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/stats/breakdown?centerId=${w.city.id}&from=${w.today}&to=${w.today}&by=category` }) },
  { op: 'GET /api/v1/stats/trend', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/stats/trend?centerId=${w.city.id}&from=${w.today}&to=${w.today}` }) },
  { op: 'GET /api/v1/stats/reports', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/stats/reports?centerId=${w.city.id}` }) },
  { op: 'GET /api/v1/stats/reports/{centerId}/{month}.{format}', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/stats/reports/${w.city.id}/${month()}.xlsx` }) },
  { op: 'GET /api/v1/me/stats', allowed: anyUser, send: (w) => ({ url: `/api/v1/me/stats?from=${w.today}&to=${w.today}` }) },

  // ---------------------------------------------------------------- citizens (个人中心)
  { op: 'POST /api/v1/citizen/sign-in-code', allowed: everyone, send: () => ({ url: '/api/v1/citizen/sign-in-code', body: { phone: freshPhone() } }) },
  {
    op: 'POST /api/v1/citizen/sessions',
    allowed: everyone,
    send: async (w) => {
      const phone = freshPhone();
      await call(w.t, 'POST', '/api/v1/citizen/sign-in-code', 200, { body: { phone } });
      return { url: '/api/v1/citizen/sessions', body: { phone, code: await lastSignInCode(w.t.database.db, phone) } };
    },
  },
  { op: 'GET /api/v1/citizen/me', allowed: citizens, send: () => ({ url: '/api/v1/citizen/me' }) },
  // Binds a fresh session's person, so the world's citizen without a real name keeps none.
  { op: 'POST /api/v1/citizen/me/real-name', allowed: citizens, send: async (w, _, caller) => ({ url: '/api/v1/citizen/me/real-name', token: citizens.includes(caller.name) ? await w.newCitizen() : caller.token, body: { idNumber: applicant.idNumber, name: applicant.name } }) },
  { op: 'POST /api/v1/citizen/me/personal-code', allowed: ['citizen+realname'], send: () => ({ url: '/api/v1/citizen/me/personal-code' }) },
  {
    op: 'POST /api/v1/personal-codes/scan',
    // Window staff (and managers, admins) of any center read the person; kiosks and terminals scan for their purpose.
    allowed: [...holding(['window_staff', 'center_manager', 'admin'], scopeNames), 'kiosk@city', 'kiosk@other', 'terminal@city', 'terminal@other', 'locker@city', 'locker@other'],
    target: (w) => personalCode(w),
    fresh: true,
    send: (_, code, caller) => {
      const kind = caller.name.split('@')[0];
      const purpose = kind === 'kiosk' || kind === 'terminal' || kind === 'locker' ? kind : 'window';
      return { url: '/api/v1/personal-codes/scan', body: { code, purpose } };
    },
  },
  { op: 'GET /api/v1/citizen/me/tickets', allowed: ['citizen+realname'], send: () => ({ url: '/api/v1/citizen/me/tickets' }) },
  { op: 'GET /api/v1/citizen/me/appointments', allowed: ['citizen+realname'], send: () => ({ url: '/api/v1/citizen/me/appointments' }) },
  { op: 'GET /api/v1/citizen/me/cases', allowed: ['citizen+realname'], send: () => ({ url: '/api/v1/citizen/me/cases' }) },
  { op: 'GET /api/v1/citizen/me/feedback', allowed: citizens, send: () => ({ url: '/api/v1/citizen/me/feedback' }) },

  // ---------------------------------------------------------------- lockers (智能柜)
  { op: 'GET /api/v1/centers/{id}/lockers', allowed: overCity('admin', 'center_manager', 'window_staff', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/lockers` }) },
  { op: 'GET /api/v1/lockers/{id}/compartments', allowed: overCity('admin', 'center_manager', 'window_staff', 'supervisor'), send: (w) => ({ url: `/api/v1/lockers/${w.locker.id}/compartments` }) },
  { op: 'POST /api/v1/lockers/{id}/compartments', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/lockers/${w.locker.id}/compartments`, body: { count: 1, prefix: 'Q' } }) },
  {
    op: 'POST /api/v1/lockers/{id}/deposits',
    allowed: overCity('admin', 'center_manager', 'window_staff'),
    send: (w) => ({ url: `/api/v1/lockers/${w.locker.id}/deposits`, body: { recipient: { name: applicant.name, phone: applicant.phone }, itemName: '居民身份证' } }),
  },
  { op: 'GET /api/v1/lockers/state', allowed: ['locker@city', 'locker@other'], send: () => ({ url: '/api/v1/lockers/state' }) },
  { op: 'POST /api/v1/lockers/open', allowed: ['locker@city', 'locker@other'], send: () => ({ url: '/api/v1/lockers/open', body: { pickupCode: '000000' } }) },
  { op: 'GET /api/v1/centers/{id}/locker-deposits', allowed: overCity('admin', 'center_manager', 'window_staff', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/locker-deposits` }) },
  { op: 'POST /api/v1/locker-deposits/{id}/collect', allowed: overCity('admin', 'center_manager', 'window_staff'), target: (w) => lockerDeposit(w), fresh: true, send: (_, d) => ({ url: `/api/v1/locker-deposits/${d.id}/collect`, body: { reason: '办事人到窗口领取' } }) },
  { op: 'GET /api/v1/centers/{id}/locker-settings', allowed: overCity('admin', 'center_manager', 'window_staff', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/locker-settings` }) },
  { op: 'PUT /api/v1/centers/{id}/locker-settings', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/locker-settings`, body: { uncollectedDays: 7 } }) },

  // ---------------------------------------------------------------- assistant, terminals, network
  { op: 'POST /api/v1/assistant/ask', allowed: everyone, send: (w) => ({ url: '/api/v1/assistant/ask', body: { question: '身份证丢了怎么办', centerId: w.city.id } }) },
  { op: 'POST /api/v1/terminals/heartbeat', allowed: ['terminal@city', 'terminal@other'], send: () => ({ url: '/api/v1/terminals/heartbeat', body: { printer: 'ok', paper: 'ok' } }) },
  { op: 'GET /api/v1/centers/{id}/terminals', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/terminals` }) },
  { op: 'GET /api/v1/terminals/hall', allowed: ['terminal@city', 'terminal@other', 'kiosk@city', 'kiosk@other'], send: () => ({ url: '/api/v1/terminals/hall' }) },
  // A terminal's own list of items: its managers set it; it, and they, read it.
  { op: 'GET /api/v1/terminals/{id}/items', allowed: [...overCity('admin', 'center_manager', 'supervisor'), 'terminal@city'], send: (w) => ({ url: `/api/v1/terminals/${w.devices['terminal@city'].id}/items` }) },
  { op: 'PUT /api/v1/terminals/{id}/items', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/terminals/${w.devices['terminal@city'].id}/items`, body: { itemIds: null } }) },
  // 请工作人员帮我: a kiosk or terminal calls; the hall's staff list and take the calls.
  { op: 'POST /api/v1/help-requests', allowed: ['kiosk@city', 'kiosk@other', 'terminal@city', 'terminal@other'], send: () => ({ url: '/api/v1/help-requests' }) },
  { op: 'GET /api/v1/centers/{id}/help-requests', allowed: overCity('admin', 'center_manager', 'window_staff', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/help-requests` }) },
  {
    op: 'GET /api/v1/help-requests/{id}',
    allowed: [...overCity('admin', 'center_manager', 'window_staff', 'supervisor'), 'terminal@city'],
    hidden: but(allDevices, 'terminal@city'),
    target: async (w) => (await w.t.request('POST', '/api/v1/help-requests', { token: w.token('terminal@city') })).json(),
    send: (_, help) => ({ url: `/api/v1/help-requests/${help.id}` }),
  },
  {
    op: 'POST /api/v1/help-requests/{id}/acknowledge',
    allowed: overCity('admin', 'center_manager', 'window_staff', 'supervisor'),
    target: async (w) => (await w.t.request('POST', '/api/v1/help-requests', { token: w.token('terminal@city') })).json(),
    fresh: true,
    send: (_, help) => ({ url: `/api/v1/help-requests/${help.id}/acknowledge` }),
  },
  { op: 'GET /api/v1/terminals/rateable', allowed: ['terminal@city', 'terminal@other'], send: (w) => ({ url: `/api/v1/terminals/rateable?ticketNo=${w.served.number}` }) },
  { op: 'POST /api/v1/terminals/certificates', allowed: ['terminal@city', 'terminal@other'], target: (w) => personalCode(w), fresh: true, send: (_, code) => ({ url: '/api/v1/terminals/certificates', body: { personalCode: code, kind: 'social_insurance' } }) },
  { op: 'POST /api/v1/terminals/applications', allowed: ['terminal@city', 'terminal@other'], target: (w) => personalCode(w), fresh: true, send: (w, code) => ({ url: '/api/v1/terminals/applications', body: { personalCode: code, itemId: w.item.id } }) },
  { op: 'GET /api/v1/public/certificates/{no}', allowed: everyone, send: () => ({ url: '/api/v1/public/certificates/NOSUCHCERT' }) },
  { op: 'GET /api/v1/service-points', allowed: everyone, send: () => ({ url: '/api/v1/service-points' }) },
  { op: 'GET /api/v1/centers/{id}/location', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/location` }) },
  { op: 'PUT /api/v1/centers/{id}/location', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/location`, body: { longitude: 113.75, latitude: 23.02 } }) },
  // A list filtered to the centers of the caller's roles, so any admin, manager or supervisor may ask.
  { op: 'GET /api/v1/stations', allowed: holding(['admin', 'center_manager', 'supervisor'], scopeNames), send: () => ({ url: '/api/v1/stations' }) },
  { op: 'POST /api/v1/stations', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: '/api/v1/stations', body: { centerId: w.city.id, name: unique('社区微服务站'), kind: 'community' } }) },
  { op: 'GET /api/v1/stations/{id}', allowed: everyone, send: (w) => ({ url: `/api/v1/stations/${w.station.id}` }) },
  { op: 'PATCH /api/v1/stations/{id}', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/stations/${w.station.id}`, body: { address: '产业园 1 号楼' } }) },
  {
    op: 'DELETE /api/v1/stations/{id}',
    allowed: overCity('admin', 'center_manager'),
    target: (w) => create(w.t, '/api/v1/stations', { centerId: w.city.id, name: unique('待删微服务站'), kind: 'company' }),
    fresh: true,
    send: (_, station) => ({ url: `/api/v1/stations/${station.id}` }),
  },
  { op: 'POST /api/v1/stations/{id}/certificate-requests', allowed: everyone, send: (w) => ({ url: `/api/v1/stations/${w.station.id}/certificate-requests`, body: { kind: '居住证明', name: applicant.name, phone: applicant.phone } }) },
  { op: 'GET /api/v1/centers/{id}/certificate-requests', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/certificate-requests` }) },
  { op: 'POST /api/v1/certificate-requests/{id}/status', allowed: overCity('admin', 'center_manager'), target: (w) => create(w.t, `/api/v1/stations/${w.station.id}/certificate-requests`, { kind: '居住证明', name: applicant.name, phone: applicant.phone }), fresh: true, send: (_, r) => ({ url: `/api/v1/certificate-requests/${r.id}/status`, body: { status: 'accepted' } }) },
  { op: 'GET /api/v1/certificate-requests/{id}/contact', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/certificate-requests/${w.certificateRequest.id}/contact` }) },
  { op: 'GET /api/v1/centers/{id}/events', allowed: everyone, send: (w) => ({ url: `/api/v1/centers/${w.city.id}/events`, stream: true }) },

  // ---------------------------------------------------------------- 帮办代办 (assistance)
  { op: 'GET /api/v1/agents', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/agents?centerId=${w.city.id}` }) },
  { op: 'POST /api/v1/agents', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: '/api/v1/agents', body: { username: 'agent_at_province', centerId: w.city.id, level: 'district' } }) },
  // Anyone holding the agent role, wherever: their own profile and requests.
  { op: 'GET /api/v1/agents/me', allowed: holding(['agent'], scopeNames), send: () => ({ url: '/api/v1/agents/me' }) },
  { op: 'GET /api/v1/agents/me/requests', allowed: holding(['agent'], scopeNames), send: () => ({ url: '/api/v1/agents/me/requests' }) },
  { op: 'PATCH /api/v1/agents/{userId}', allowed: overCity('admin', 'center_manager'), send: (w) => ({ url: `/api/v1/agents/${w.agentId}`, body: { specialties: ['工程建设'] } }) },
  {
    op: 'POST /api/v1/assistance/requests',
    // A company on the portal, or the center's front desk recording a visit or a call.
    allowed: [...citizens, ...overCity('admin', 'center_manager', 'window_staff')],
    send: (w) => ({ url: '/api/v1/assistance/requests', body: { centerId: w.city.id, companyName: company.name, creditCode: company.creditCode, contactName: company.contact, contactPhone: company.phone, need: '用地规划咨询' } }),
  },
  { op: 'GET /api/v1/assistance/requests', allowed: overCity('admin', 'center_manager', 'supervisor', 'window_staff'), send: (w) => ({ url: `/api/v1/assistance/requests?centerId=${w.city.id}` }) },
  { op: 'GET /api/v1/assistance/my-requests', allowed: citizens, send: () => ({ url: '/api/v1/assistance/my-requests' }) },
  // The request's overseers and front desk, its agent and the company that asked; another person is not told it exists.
  { op: 'GET /api/v1/assistance/requests/{id}', allowed: [...overCity('admin', 'center_manager', 'supervisor', 'window_staff'), 'agent@city', 'citizen+realname'], hidden: ['citizen'], send: (w) => ({ url: `/api/v1/assistance/requests/${w.helped.id}` }) },
  { op: 'GET /api/v1/assistance/requests/{id}/contact', allowed: [...overCity('admin', 'center_manager'), 'agent@city'], hidden: ['citizen'], send: (w) => ({ url: `/api/v1/assistance/requests/${w.helped.id}/contact` }) },
  { op: 'GET /api/v1/assistance/requests/{id}/candidates', allowed: overCity('admin', 'center_manager'), hidden: ['citizen'], send: (w) => ({ url: `/api/v1/assistance/requests/${w.helped.id}/candidates` }) },
  {
    op: 'POST /api/v1/assistance/requests/{id}/assign',
    allowed: overCity('admin', 'center_manager'),
    hidden: ['citizen'],
    target: (w) => w.assistanceRequest('submitted'),
    send: (w, r) => ({ url: `/api/v1/assistance/requests/${r.id}/assign`, body: { agentUserId: w.agentId } }),
  },
  ...(['accept', 'complete'] as const).map(
    (action): Row => ({
      op: `POST /api/v1/assistance/requests/{id}/${action}`,
      // Only the agent the request is assigned to.
      allowed: ['agent@city'],
      hidden: ['citizen'],
      target: (w) => w.assistanceRequest(action === 'accept' ? 'assigned' : 'in_progress'),
      send: (_, r) => ({ url: `/api/v1/assistance/requests/${r.id}/${action}` }),
    }),
  ),
  {
    op: 'POST /api/v1/assistance/requests/{id}/withdraw',
    allowed: [...overCity('admin', 'center_manager'), 'citizen+realname'],
    hidden: ['citizen'],
    target: (w) => w.assistanceRequest('submitted'),
    fresh: true,
    send: (_, r) => ({ url: `/api/v1/assistance/requests/${r.id}/withdraw` }),
  },
  { op: 'POST /api/v1/assistance/requests/{id}/plan-steps', allowed: ['agent@city'], hidden: ['citizen'], send: (w) => ({ url: `/api/v1/assistance/requests/${w.helped.id}/plan-steps`, body: { title: '准备施工许可材料', dueDate: w.today } }) },
  {
    op: 'POST /api/v1/assistance/requests/{id}/plan-steps/{stepId}/done',
    allowed: ['agent@city'],
    hidden: ['citizen'],
    target: async (w) => {
      const detail = await call(w.t, 'POST', `/api/v1/assistance/requests/${w.helped.id}/plan-steps`, 200, { token: w.token('agent@city'), body: { title: '现场踏勘', dueDate: w.today } });
      return detail.plan.at(-1);
    },
    send: (w, step) => ({ url: `/api/v1/assistance/requests/${w.helped.id}/plan-steps/${step.id}/done` }),
  },
  { op: 'POST /api/v1/assistance/requests/{id}/services', allowed: ['agent@city'], hidden: ['citizen'], send: (w) => ({ url: `/api/v1/assistance/requests/${w.helped.id}/services`, body: { kind: 'consulting', date: w.today, minutes: 30, note: '电话解答施工许可办理流程' } }) },
  // The company alone grants, revokes and rates.
  { op: 'POST /api/v1/assistance/requests/{id}/authorisations', allowed: ['citizen+realname'], hidden: ['citizen'], send: (w) => ({ url: `/api/v1/assistance/requests/${w.helped.id}/authorisations`, body: { scope: '代为申报施工许可', validUntil: w.today } }) },
  {
    op: 'POST /api/v1/assistance/requests/{id}/authorisations/{authorisationId}/revoke',
    allowed: ['citizen+realname'],
    hidden: ['citizen'],
    target: async (w) => {
      const detail = await call(w.t, 'POST', `/api/v1/assistance/requests/${w.helped.id}/authorisations`, 200, { token: w.token('citizen+realname'), body: { scope: '代为申报', validUntil: w.today } });
      return detail.authorisations.at(-1);
    },
    send: (w, a) => ({ url: `/api/v1/assistance/requests/${w.helped.id}/authorisations/${a.id}/revoke` }),
  },
  { op: 'POST /api/v1/assistance/requests/{id}/rating', allowed: ['citizen+realname'], hidden: ['citizen'], target: (w) => w.assistanceRequest('completed'), send: (_, r) => ({ url: `/api/v1/assistance/requests/${r.id}/rating`, body: { score: 5 } }) },
  { op: 'GET /api/v1/assistance/figures', allowed: overCity('admin', 'center_manager', 'supervisor'), send: (w) => ({ url: `/api/v1/assistance/figures?centerId=${w.city.id}` }) },

  // ---------------------------------------------------------------- 一本总账, 暖企, 政务定制 (projects)
  { op: 'GET /api/v1/projects/stages', allowed: anyUser, send: () => ({ url: '/api/v1/projects/stages' }) },
  { op: 'PUT /api/v1/projects/stages/{stage}', allowed: globalAdmin, send: () => ({ url: '/api/v1/projects/stages/attract', body: { normDays: 30, items: [] } }) },
  { op: 'GET /api/v1/projects/figures', allowed: ledgerReaders, send: (w) => ({ url: `/api/v1/projects/figures?centerId=${w.city.id}` }) },
  { op: 'GET /api/v1/projects', allowed: ledgerReaders, send: (w) => ({ url: `/api/v1/projects?centerId=${w.city.id}` }) },
  { op: 'POST /api/v1/projects', allowed: ledgerWriters, send: (w) => ({ url: '/api/v1/projects', body: { code: `2026-441900-48-02-${String(100000 + ++serial)}`, name: '仓储中心', ownerCreditCode: company.creditCode, ownerName: company.name, location: '示范市物流园', centerId: w.city.id } }) },
  { op: 'GET /api/v1/projects/{id}', allowed: ledgerReaders, send: (w) => ({ url: `/api/v1/projects/${w.ownedProject.id}` }) },
  { op: 'POST /api/v1/projects/{id}/cases', allowed: ledgerWriters, send: (w) => ({ url: `/api/v1/projects/${w.ownedProject.id}/cases`, body: { caseNo: w.customBundle.cases?.[0]?.caseNo ?? w.acceptedCase.caseNo } }) },
  { op: 'POST /api/v1/projects/{id}/advance', allowed: ledgerWriters, target: (w) => w.project(), fresh: true, send: (_, p) => ({ url: `/api/v1/projects/${p.id}/advance`, body: { toStage: 'approval', overrideReason: '招商阶段已完成' } }) },
  { op: 'GET /api/v1/policies', allowed: everyone, send: () => ({ url: '/api/v1/policies' }) },
  { op: 'POST /api/v1/policies', allowed: globalAdmin, send: (w) => ({ url: '/api/v1/policies', body: { itemId: w.item.id, name: unique('技改补贴'), kind: 'subsidy', benefit: '按设备投资额 10% 补贴', criteria: {} } }) },
  // Staff tools of any center: the company profile is the company's, not a center's.
  {
    op: 'POST /api/v1/policies/eligible-policies',
    allowed: anyUser,
    send: () => ({ url: '/api/v1/policies/eligible-policies', body: { creditCode: company.creditCode, name: company.name, industry: '制造业', employees: 120, revenueFen: 5_000_000_000, district: '东城区', foundedOn: '2015-06-01' } }),
  },
  { op: 'GET /api/v1/policies/profiles/{creditCode}', allowed: anyUser, send: () => ({ url: `/api/v1/policies/profiles/${company.creditCode}` }) },
  { op: 'POST /api/v1/custom-bundles/proposals', allowed: anyUser, send: () => ({ url: '/api/v1/custom-bundles/proposals', body: { heldLicences: ['营业执照'], change: 'address' } }) },
  { op: 'POST /api/v1/custom-bundles', allowed: overCity('admin', 'center_manager', 'window_staff'), send: (w) => ({ url: '/api/v1/custom-bundles', body: { centerId: w.city.id, company, heldLicences: ['营业执照'], change: 'address', items: [{ itemId: w.licenceItem.id, answers: {} }], materialsReceived: true } }) },
  { op: 'GET /api/v1/custom-bundles/{id}', allowed: ledgerReaders, send: (w) => ({ url: `/api/v1/custom-bundles/${w.customBundle.id}` }) },

  // ---------------------------------------------------------------- 标杆大厅 assessment (rounds of the province over the city)
  { op: 'GET /api/v1/assessment/rounds', allowed: anyUser, send: () => ({ url: '/api/v1/assessment/rounds' }) },
  {
    op: 'POST /api/v1/assessment/rounds',
    allowed: organisers,
    send: (w) => ({ url: '/api/v1/assessment/rounds', body: { name: unique('考评'), year: 2026, scopeCenterId: w.province.id, centerIds: [w.city.id], periodFrom: '2026-01-01', periodTo: '2026-10-31', selfDeadline: '2099-12-31' } }),
  },
  // Past its draft a round is seen by its organisers, its inspectors and the assessed center's admins and managers.
  { op: 'GET /api/v1/assessment/rounds/{id}', allowed: [...organisers, ...inspectors, ...assessed], send: (w) => ({ url: `/api/v1/assessment/rounds/${w.selfRound.id}` }) },
  { op: 'POST /api/v1/assessment/rounds/{id}/criteria', allowed: organisers, send: (w) => ({ url: `/api/v1/assessment/rounds/${w.draftRound.id}/criteria`, body: { dimension: 'management', title: unique('制度健全'), maxPoints: 5 } }) },
  {
    op: 'DELETE /api/v1/assessment/rounds/{id}/criteria/{criterionId}',
    allowed: organisers,
    target: (w) => create(w.t, `/api/v1/assessment/rounds/${w.draftRound.id}/criteria`, { dimension: 'innovation', title: unique('待删指标'), maxPoints: 5 }),
    fresh: true,
    send: (w, criterion) => ({ url: `/api/v1/assessment/rounds/${w.draftRound.id}/criteria/${criterion.id}` }),
  },
  { op: 'POST /api/v1/assessment/rounds/{id}/advance', allowed: organisers, target: (w) => w.assessmentRound(), fresh: true, send: (_, round) => ({ url: `/api/v1/assessment/rounds/${round.id}/advance` }) },
  { op: 'POST /api/v1/assessment/rounds/{id}/indicators', allowed: organisers, send: (w) => ({ url: `/api/v1/assessment/rounds/${w.selfRound.id}/indicators` }) },
  {
    op: 'PUT /api/v1/assessment/rounds/{id}/centers/{centerId}/self-scores',
    allowed: assessed,
    send: (w) => ({ url: `/api/v1/assessment/rounds/${w.selfRound.id}/centers/${w.city.id}/self-scores`, body: { criterionId: w.selfRound.criterion.id, score: 8, evidence: '首问负责制度及台账' } }),
  },
  { op: 'GET /api/v1/assessment/rounds/{id}/centers/{centerId}', allowed: [...organisers, ...inspectors, ...assessed], send: (w) => ({ url: `/api/v1/assessment/rounds/${w.selfRound.id}/centers/${w.city.id}` }) },
  // Before publication only the organisers and inspectors see the ranking.
  { op: 'GET /api/v1/assessment/rounds/{id}/ranking', allowed: [...organisers, ...inspectors], send: (w) => ({ url: `/api/v1/assessment/rounds/${w.selfRound.id}/ranking` }) },
  {
    op: 'POST /api/v1/assessment/rounds/{id}/findings',
    allowed: inspectors,
    send: (w) => ({ url: `/api/v1/assessment/rounds/${w.inspectedRound.id}/findings`, body: { centerId: w.city.id, criterionId: w.inspectedRound.criterion.id, text: '自助区指引不清', severity: 'minor' } }),
  },
  // The assessed center reports on its rectification (an inspector closes it, with close: true).
  { op: 'POST /api/v1/assessment/findings/{id}/follow-ups', allowed: assessed, send: (w) => ({ url: `/api/v1/assessment/findings/${w.finding.id}/follow-ups`, body: { text: '已安排专人值守导办台' } }) },

  // ---------------------------------------------------------------- 不见面审批 (remote): uploads, 预审, portal 补正, couriers
  { op: 'POST /api/v1/citizen/me/files', allowed: ['citizen+realname'], send: () => ({ url: '/api/v1/citizen/me/files', raw: multipartPdf() }) },
  { op: 'GET /api/v1/remote-files/{id}', allowed: ['citizen+realname', ...overPolice('window_staff', 'center_manager', 'admin', 'dept_approver')], target: onlineApplication, send: (_, a) => ({ url: `/api/v1/remote-files/${a.materials[0].file.id}` }) },
  {
    op: 'POST /api/v1/citizen/me/applications',
    allowed: ['citizen+realname'],
    target: async (w) => Promise.all(uploadsFor(w)),
    send: (w, files) => ({ url: '/api/v1/citizen/me/applications', body: { itemId: w.item.id, delivery: 'window', materials: files.map((f: Json) => ({ materialId: f.materialId, fileId: f.id })) } }),
  },
  { op: 'GET /api/v1/citizen/me/applications', allowed: citizens, send: () => ({ url: '/api/v1/citizen/me/applications' }) },
  {
    op: 'POST /api/v1/citizen/me/applications/{id}/resubmit',
    allowed: ['citizen+realname'],
    hidden: ['citizen'],
    target: async (w) => {
      const application = await onlineApplication(w);
      const materialId = application.materials[0].materialId;
      await call(w.t, 'POST', `/api/v1/online-applications/${application.id}/return`, 200, { token: w.t.adminToken, body: { reasons: [{ materialId, reason: '照片模糊' }] } });
      return { application, materialId, file: await uploadedPdf(w) };
    },
    send: (_, r) => ({ url: `/api/v1/citizen/me/applications/${r.application.id}/resubmit`, body: { materials: [{ materialId: r.materialId, fileId: r.file.id }] } }),
  },
  {
    op: 'POST /api/v1/citizen/me/cases/{id}/supplements',
    allowed: ['citizen+realname'],
    hidden: ['citizen'],
    target: async (w) => ({ ...(await caseAwaitingSupplement(w)), file: await uploadedPdf(w) }),
    send: (_, r) => ({ url: `/api/v1/citizen/me/cases/${r.caseId}/supplements`, body: { materialId: r.materialId, fileId: r.file.id } }),
  },
  { op: 'GET /api/v1/centers/{id}/online-applications', allowed: overCity('window_staff', 'center_manager', 'admin'), send: (w) => ({ url: `/api/v1/centers/${w.city.id}/online-applications` }) },
  { op: 'GET /api/v1/online-applications/{id}', allowed: ['citizen+realname', ...front], hidden: ['citizen'], target: onlineApplication, send: (_, a) => ({ url: `/api/v1/online-applications/${a.id}` }) },
  { op: 'POST /api/v1/online-applications/{id}/pass', allowed: front, target: onlineApplication, fresh: true, send: (_, a) => ({ url: `/api/v1/online-applications/${a.id}/pass`, body: {} }) },
  {
    op: 'POST /api/v1/online-applications/{id}/return',
    allowed: front,
    target: onlineApplication,
    fresh: true,
    send: (_, a) => ({ url: `/api/v1/online-applications/${a.id}/return`, body: { reasons: [{ materialId: a.materials[0].materialId, reason: '缺少签字' }] } }),
  },
  {
    op: 'GET /api/v1/cases/{id}/remote',
    allowed: ['citizen+realname', ...overPolice('window_staff', 'center_manager', 'admin', 'dept_approver', 'supervisor')],
    hidden: ['citizen'],
    target: caseAwaitingSupplement,
    send: (_, r) => ({ url: `/api/v1/cases/${r.caseId}/remote` }),
  },
  {
    op: 'POST /api/v1/cases/{id}/supplements/{supplementId}/confirm',
    allowed: eitherSide,
    fresh: true,
    target: async (w) => {
      const r = await caseAwaitingSupplement(w);
      const file = await uploadedPdf(w);
      return create(w.t, `/api/v1/citizen/me/cases/${r.caseId}/supplements`, { materialId: r.materialId, fileId: file.id }, w.token('citizen+realname'));
    },
    send: (_, supplement) => ({ url: `/api/v1/cases/${supplement.caseId}/supplements/${supplement.id}/confirm` }),
  },
  {
    op: 'POST /api/v1/cases/{id}/shipments',
    allowed: ['citizen+realname'],
    hidden: ['citizen'],
    target: caseAwaitingSupplement,
    send: (_, r) => ({ url: `/api/v1/cases/${r.caseId}/shipments`, body: { direction: 'inbound', courier: '顺丰速运', trackingNo: 'SF1234567890' } }),
  },

  // ---------------------------------------------------------------- last: rows that move people off their windows or end sessions
  {
    op: 'POST /api/v1/windows/{id}/sign-in',
    allowed: overCity('window_staff'),
    target: (w) => create(w.t, '/api/v1/windows', { centerId: w.city.id, name: unique('签到窗口'), number: 300 + serial, kind: 'general' }),
    fresh: true,
    send: (_, window) => ({ url: `/api/v1/windows/${window.id}/sign-in` }),
  },
  // The person at the window, and the center's managers.
  { op: 'POST /api/v1/windows/{id}/pause', allowed: ['window_staff@city', ...overCity('admin', 'center_manager')], send: (w) => ({ url: `/api/v1/windows/${w.windows.general.id}/pause`, body: { reason: '午休' } }) },
  { op: 'POST /api/v1/windows/{id}/resume', allowed: ['window_staff@city', ...overCity('admin', 'center_manager')], send: (w) => ({ url: `/api/v1/windows/${w.windows.general.id}/resume` }) },
  { op: 'POST /api/v1/windows/{id}/sign-out', allowed: ['window_staff@city', ...overCity('admin', 'center_manager')], send: (w) => ({ url: `/api/v1/windows/${w.windows.general.id}/sign-out` }) },

  // ---------------------------------------------------------------- e-licences (电子证照)
  {
    op: 'POST /api/v1/elicenses/lookup',
    allowed: overCity('window_staff', 'center_manager', 'admin'),
    send: (w) => ({ url: '/api/v1/elicenses/lookup', body: { centerId: w.city.id, holder: { kind: 'person', idNumber: applicant.idNumber }, applicantAgreed: true } }),
  },
  {
    op: 'POST /api/v1/elicenses/personal-code',
    allowed: overCity('window_staff', 'center_manager', 'admin'),
    target: (w) => personalCode(w),
    fresh: true,
    send: (w, code) => ({ url: '/api/v1/elicenses/personal-code', body: { centerId: w.city.id, code } }),
  },
  { op: 'GET /api/v1/elicenses/mine', allowed: ['citizen+realname'], send: () => ({ url: '/api/v1/elicenses/mine' }) },
  {
    op: 'POST /api/v1/elicenses',
    allowed: anyAdmin,
    send: () => ({ url: '/api/v1/elicenses', body: { holder: { kind: 'person', idNumber: applicant.idNumber }, holderName: applicant.name, licenceType: '居民户口簿', licenceNo: unique('LIC'), issuer: '公安局', issuedOn: '2020-01-01' } }),
  },
  {
    op: 'POST /api/v1/elicenses/{id}/revoke',
    allowed: anyAdmin,
    target: (w) => create(w.t, '/api/v1/elicenses', { holder: { kind: 'person', idNumber: applicant.idNumber }, holderName: applicant.name, licenceType: '居民户口簿', licenceNo: unique('REV'), issuer: '公安局', issuedOn: '2020-01-01' }),
    fresh: true,
    send: (_, licence) => ({ url: `/api/v1/elicenses/${licence.id}/revoke`, body: { reason: '户口迁出' } }),
  },
  { op: 'GET /api/v1/elicenses/item-results', allowed: anyAdmin, send: () => ({ url: '/api/v1/elicenses/item-results' }) },
  { op: 'PUT /api/v1/elicenses/item-results/{itemId}', allowed: anyAdmin, send: (w) => ({ url: `/api/v1/elicenses/item-results/${w.item.id}`, body: { licenceType: '居民身份证', validYears: 20 } }) },
  {
    op: 'DELETE /api/v1/elicenses/item-results/{itemId}',
    allowed: anyAdmin,
    target: (w) => call(w.t, 'PUT', `/api/v1/elicenses/item-results/${w.taxItem.id}`, 200, { token: w.t.adminToken, body: { licenceType: '纳税记录' } }),
    fresh: true,
    send: (w) => ({ url: `/api/v1/elicenses/item-results/${w.taxItem.id}` }),
  },

  // Last: it ends the citizens' sessions that every row before shares.
  { op: 'POST /api/v1/citizen/sign-out', allowed: citizens, send: () => ({ url: '/api/v1/citizen/sign-out' }) },
];

// ------------------------------------------------------------------ records the rows point at

async function appointment(w: AccessWorld): Promise<Json> {
  const open = await w.openSlot();
  // One booking per person a day: each booking is someone else's.
  return create(w.t, '/api/v1/appointments', { slotId: open.id, idNumber: idNumberBorn('1985-01-01', ++serial), name: applicant.name, phone: applicant.phone });
}

async function ratedTicket(w: AccessWorld): Promise<Json> {
  const ticket = await w.ticket('done');
  await create(w.t, '/api/v1/ratings', { ticketId: ticket.id, score: 4, tags: [] });
  return ticket;
}

/** A bad rating of a ticket the city's window staff served, and the rectification it opened. */
async function badRating(w: AccessWorld): Promise<Json> {
  const ticket = await w.ticket('done');
  const rating = await create(w.t, '/api/v1/ratings', { ticketId: ticket.id, score: 1, tags: [], comment: '态度差' }, w.token('citizen+realname'));
  const { items } = await call(w.t, 'GET', `/api/v1/centers/${w.city.id}/rectifications?pageSize=100`, 200, { token: w.t.adminToken });
  return items.find((r: Json) => r.ratingId === rating.id || r.rating?.id === rating.id) ?? items[0];
}

async function answeredFeedback(w: AccessWorld): Promise<Json> {
  const feedback = await create(w.t, '/api/v1/feedback', { kind: 'suggestion', centerId: w.city.id, text: '增加停车位' });
  await call(w.t, 'POST', `/api/v1/feedback/${feedback.id}/answer`, 200, { token: w.t.adminToken, body: { answer: '已协调' } });
  return feedback;
}

async function personalCode(w: AccessWorld): Promise<string> {
  const { code } = await call(w.t, 'POST', '/api/v1/citizen/me/personal-code', 200, { token: w.token('citizen+realname') });
  return code;
}

async function lockerDeposit(w: AccessWorld): Promise<Json> {
  return create(w.t, `/api/v1/lockers/${w.locker.id}/deposits`, { recipient: { name: applicant.name, phone: applicant.phone }, itemName: '居民身份证' });
}

async function webhookDelivery(w: AccessWorld): Promise<Json> {
  const { items } = await call(w.t, 'GET', `/api/v1/departments/${w.police.id}/webhook-deliveries`, 200, { token: w.t.adminToken });
  return items[0] ?? { id: 'no-delivery-yet' };
}

// ------------------------------------------------------------------ the run

/**
 * What a refused request may leave different: sessions, login attempts and a device's or key's last contact
 * record the request itself; statistics' rollups (and their announcements), webhook deliveries and the
 * outbox's sending state are written in the background after earlier (allowed) requests.
 */
const recordsOfTheRequest = ['sessions', 'citizen_sessions', 'login_attempts', 'webhook_deliveries', 'integration_cursors'];
const backgroundColumns = { devices: ['last_seen_at'], integration_keys: ['last_used_at'], outbox_messages: ['status', 'attempts', 'last_error', 'sent_at', 'due_at'] };
let unrecorded: FingerprintExclusions;

const dataState = () => fingerprint(t.database.db, unrecorded);

let t: TestApp;
let w: AccessWorld;
let baseUrl: string;
let operations: string[];

beforeAll(async () => {
  // No sweeps or rollups on a timer: only requests change the data between two fingerprints.
  process.env.CASE_SWEEP_SECONDS = '0';
  t = await createTestApp();
  unrecorded = {
    tables: [...recordsOfTheRequest, ...(await tableNames(t.database.db)).filter((name) => name.startsWith('stats_'))],
    columns: backgroundColumns,
    rows: { event_log: "t.type <> 'stats.updated'" },
  };
  w = await buildAccessWorld(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const doc = (await t.request('GET', '/api/openapi.json')).json();
  operations = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
});
/** How the allowed calls went: most should succeed, the rest be refused by the data, not by authorisation. */
const allowedAnswers = { succeeded: 0, other: 0 };
afterAll(async () => {
  console.info(`access matrix: ${rows.length} operations × ${allCallers.length} callers; allowed calls ${allowedAnswers.succeeded + allowedAnswers.other}, of which ${allowedAnswers.succeeded} succeeded (2xx)`);
  await t?.close();
});

async function send(row: Row, request: Request, caller: Caller): Promise<{ status: number; body: Json; contentType: string }> {
  const [method] = row.op.split(' ');
  const token = request.token ?? caller.token;
  if (request.stream) {
    const abort = new AbortController();
    const response = await fetch(baseUrl + request.url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: abort.signal });
    const body = response.headers.get('content-type')?.startsWith('application/json') ? await response.json() : undefined;
    abort.abort();
    return { status: response.status, body, contentType: response.headers.get('content-type') ?? '' };
  }
  const response = request.raw
    ? await t.app.inject({ method: method as 'POST', url: request.url, payload: request.raw.payload, headers: { 'content-type': request.raw.contentType, ...(token && { authorization: `Bearer ${token}` }) } })
    : await t.request(method!, request.url, { token, body: request.body });
  const contentType = String(response.headers['content-type'] ?? '');
  return { status: response.statusCode, body: contentType.startsWith('application/json') && response.body ? response.json() : undefined, contentType };
}

/** Why a refusal is not the refusal API.md describes, or undefined when it is. */
function wrongRefusal(caller: CallerName, answer: { status: number; body: Json }, hidden: boolean): string | undefined {
  const expected = hidden ? 404 : caller === 'anonymous' ? 401 : 403;
  if (answer.status !== expected) return `got ${answer.status} instead of ${expected}: ${JSON.stringify(answer.body)?.slice(0, 200)}`;
  const error = answer.body?.error;
  const shaped =
    answer.body && Object.keys(answer.body).join() === 'error' && typeof error?.code === 'string' && typeof error.message === 'string' && /[\u4e00-\u9fff]/.test(error.message) && Object.keys(error).every((k) => ['code', 'message', 'details'].includes(k));
  return shaped ? undefined : `refused outside the error shape of API.md: ${JSON.stringify(answer.body)}`;
}

describe('the access matrix', () => {
  it('has a row for every operation of /api/openapi.json, and every row names one', () => {
    const declared = rows.map((r) => r.op);
    const duplicates = declared.filter((op, i) => declared.indexOf(op) !== i);
    expect(duplicates, 'operations with two rows').toEqual([]);
    expect(operations.filter((op) => !declared.includes(op)), 'operations of /api/openapi.json without a row in the access matrix').toEqual([]);
    expect(declared.filter((op) => !operations.includes(op)), 'rows naming no operation of /api/openapi.json').toEqual([]);
    const unknown = rows.flatMap((r) => r.allowed.filter((c) => !allCallers.includes(c)).map((c) => `${r.op}: ${c}`));
    expect(unknown, 'callers that do not exist').toEqual([]);
  });

  it.each(rows.map((row) => [row.op, row] as const))('%s: exactly the declared callers get in', async (_, row) => {
    const problems: string[] = [];
    const refused = allCallers.filter((c) => !row.allowed.includes(c));
    const shared = row.target ? await row.target(w) : undefined;
    const requests = await Promise.all(refused.map(async (name) => [name, await row.send(w, shared, w.callers.get(name)!)] as const));
    const before = await dataState();
    for (const [name, request] of requests) {
      const problem = wrongRefusal(name, await send(row, request, w.callers.get(name)!), row.hidden?.includes(name) ?? false);
      if (problem) problems.push(`${row.op} as ${name} (not allowed): ${problem}`);
    }
    const changed = changedTables(before, await dataState());
    if (Object.keys(changed).length) problems.push(`${row.op}: refused callers changed tables ${Object.keys(changed).join(', ')}`);
    for (const name of row.allowed) {
      const caller = w.callers.get(name)!;
      const target = row.fresh && row.target ? await row.target(w) : shared;
      const answer = await send(row, await row.send(w, target, caller), caller);
      allowedAnswers[answer.status < 300 ? 'succeeded' : 'other']++;
      if (answer.status === 401 || answer.status === 403) problems.push(`${row.op} as ${name} (allowed): refused with ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 200)}`);
      if (answer.status >= 500) problems.push(`${row.op} as ${name} (allowed): ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 200)}`);
    }
    expect(problems, `callers let in or kept out against the matrix:\n${problems.join('\n')}\n`).toEqual([]);
  });
});
