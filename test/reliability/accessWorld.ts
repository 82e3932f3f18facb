import { roleNames, type RoleName } from '../../src/server/platform/auth.ts';
import { creditCodeCheckChar } from '../../src/server/platform/identity.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { addAccount, call, create, staffPassword, type Account } from '../helpers/fixtures.ts';
import { injectCall, signInCitizen } from '../helpers/citizens.ts';
import { idNumberBorn } from '../helpers/queue.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** Response bodies, as the API returns them. */
type Json = any;

/**
 * The places a role can be held for, seen from the city center that most rows act on:
 *   province ─ city ─ district        other (a sibling city)
 *                └ police (a department of the city)
 * and everywhere (no center: the platform admin's scope).
 */
export const scopeNames = ['global', 'province', 'city', 'police', 'district', 'other'] as const;
export type ScopeName = (typeof scopeNames)[number];

export const deviceKinds = ['kiosk', 'hall_display', 'window_display', 'rating_pad', 'terminal', 'locker'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export type UserCaller = `${RoleName}@${ScopeName}`;
export type DeviceCaller = `${DeviceKind}@${'city' | 'other'}`;
/** A department system holding its API key (实时对接). */
export type SystemCaller = `system@${'police' | 'other'}`;
export type CallerName = 'anonymous' | UserCaller | DeviceCaller | SystemCaller | 'citizen' | 'citizen+realname';

export const userCallers = roleNames.flatMap((role) => scopeNames.map((scope) => `${role}@${scope}` as UserCaller));
export const deviceCallers = deviceKinds.flatMap((kind) => (['city', 'other'] as const).map((place) => `${kind}@${place}` as DeviceCaller));
export const systemCallers: SystemCaller[] = ['system@police', 'system@other'];
export const citizenCallers = ['citizen', 'citizen+realname'] as const;
export const allCallers: CallerName[] = ['anonymous', ...userCallers, ...deviceCallers, ...systemCallers, ...citizenCallers];

export interface Caller {
  name: CallerName;
  token?: string;
  /** Users only: the account, to sign in afresh where a row ends the session. */
  account?: Account;
  /** Citizens only: the phone the person signs in with. */
  phone?: string;
}

/** The applicant of the world's cases and tickets: a real GB 11643 number. */
export const applicant = { idNumber: idNumberBorn('1980-05-17', 123, '440106'), name: '欧阳明远', phone: '13912345678' };
/** A company (GB 32100 credit code) asking for 帮办代办 and owning a project. */
export const company = { creditCode: `91441900MA4W1234${'5'}` + creditCodeCheckChar('91441900MA4W12345'), name: '示范智造科技有限公司', contact: '上官婉清', phone: '13688886666' };
export const realNameCitizen = { phone: '13700001111', idNumber: idNumberBorn('1990-03-08', 456, '441900'), name: '司马慧敏' };

const allWeek = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }];

let phoneSerial = 0;
let projectSerial = 0;
let roundSerial = 0;
/** A mainland mobile number not used before in this process (sign-in codes are limited per phone). */
export const freshPhone = () => `1380${String(process.pid % 1000).padStart(3, '0')}${String(++phoneSerial).padStart(4, '0')}`;

/**
 * The world the access matrix acts on: the centers above, a department system's key, one account per
 * role and scope, one device of each kind in the city and in the other city, two citizens, and records of
 * every kind (tickets, an appointment, cases, ratings, complaints, lockers, stations) to point requests at.
 */
export async function buildAccessWorld(t: TestApp) {
  const admin = t.adminToken;
  const province = await create(t, '/api/v1/centers', { name: '测试省政务服务中心', level: 'province' });
  const city = await create(t, '/api/v1/centers', { name: '测试市民服务中心', level: 'city', parentId: province.id, openingHours: allWeek });
  const district = await create(t, '/api/v1/centers', { name: '测试区政务服务中心', level: 'district', parentId: city.id, openingHours: allWeek });
  const other = await create(t, '/api/v1/centers', { name: '另一市民服务中心', level: 'city', openingHours: allWeek });
  const police = await create(t, '/api/v1/departments', { centerId: city.id, name: '公安局' });
  const tax = await create(t, '/api/v1/departments', { centerId: city.id, name: '税务局' });
  const otherPolice = await create(t, '/api/v1/departments', { centerId: other.id, name: '公安局' });
  const hall = await create(t, '/api/v1/halls', { centerId: city.id, name: '一号厅', floor: '1F' });
  const zone = await create(t, '/api/v1/zones', { hallId: hall.id, name: '综合受理区', kind: 'service' });
  const window = async (centerId: string, number: number, departmentId?: string) =>
    create(t, '/api/v1/windows', { centerId, name: `窗口 ${number}`, number, kind: departmentId ? 'dedicated' : 'general', ...(departmentId && { departmentId }) });
  const windows = {
    general: await window(city.id, 1),
    spare: await window(city.id, 2),
    police: await window(city.id, 3, police.id),
    other: await window(other.id, 1),
  };

  const item = await create(t, '/api/v1/items', {
    code: '11440100MB2C12345A4000117001',
    name: '居民身份证换领',
    departmentId: police.id,
    type: '行政确认',
    legalDays: 20,
    promisedDays: 5,
    online: true,
    terminal: true,
    materials: [{ name: '居民户口簿' }, { name: '近期照片', deferrable: true }],
  });
  const taxItem = await create(t, '/api/v1/items', { code: '11440100MB2C12345A4000117003', name: '个人所得税纳税记录开具', departmentId: tax.id, type: '公共服务', legalDays: 0, promisedDays: 0, mode: 'immediate' });
  // 政务定制: a change of a business licence's address brings this item along.
  const licenceItem = await create(t, '/api/v1/items', { code: '11440100MB2C12345A4000117004', name: '营业执照住所变更登记', departmentId: police.id, type: '行政许可', legalDays: 15, promisedDays: 3, changesLicence: '营业执照', changeKinds: ['address'], audience: ['company'] });
  const otherItem = await create(t, '/api/v1/items', { code: '11440100MB2C12345A4000117002', name: '户口迁移', departmentId: otherPolice.id, type: '行政确认', legalDays: 20, promisedDays: 5 });
  const category = await create(t, '/api/v1/categories', { centerId: city.id, name: '公安户政', prefix: 'C', itemIds: [item.id] });
  const otherCategory = await create(t, '/api/v1/categories', { centerId: other.id, name: '公安户政', prefix: 'C', itemIds: [otherItem.id] });
  for (const w of [windows.general, windows.spare, windows.police]) await call(t, 'PUT', `/api/v1/windows/${w.id}/profile`, 200, { token: admin, body: { tiers: [[category.id]] } });
  await call(t, 'PUT', `/api/v1/windows/${windows.other.id}/profile`, 200, { token: admin, body: { tiers: [[otherCategory.id]] } });
  const bundle = await create(t, '/api/v1/bundles', { name: '身份证一件事', itemIds: [item.id, taxItem.id] });

  const places: Record<ScopeName, { centerId?: string; departmentId?: string }> = {
    global: {},
    province: { centerId: province.id },
    city: { centerId: city.id },
    police: { centerId: city.id, departmentId: police.id },
    district: { centerId: district.id },
    other: { centerId: other.id },
  };
  const callers = new Map<CallerName, Caller>([['anonymous', { name: 'anonymous' }]]);
  for (const name of userCallers) {
    const [role, scope] = name.split('@') as [RoleName, ScopeName];
    const account = await addAccount(t, name.replace('@', '_at_'), [{ role, ...places[scope] }]);
    callers.set(name, { name, token: account.token, account });
  }
  const devices = {} as Record<DeviceCaller, Json>;
  for (const name of deviceCallers) {
    const [kind, place] = name.split('@') as [DeviceKind, 'city' | 'other'];
    const centerId = place === 'city' ? city.id : other.id;
    const windowId = kind === 'window_display' || kind === 'rating_pad' ? (place === 'city' ? windows.general.id : windows.other.id) : undefined;
    const created = await create(t, '/api/v1/devices', { centerId, kind, name: `${kind} ${place}`, ...(windowId ? { windowId } : { hallId: place === 'city' ? hall.id : undefined }) });
    devices[name] = created.device;
    callers.set(name, { name, token: created.token });
  }
  const policeKey = await create(t, `/api/v1/departments/${police.id}/integration-keys`, { name: '公安审批系统' });
  const otherKey = await create(t, `/api/v1/departments/${otherPolice.id}/integration-keys`, { name: '另一公安审批系统' });
  callers.set('system@police', { name: 'system@police', token: policeKey.token });
  callers.set('system@other', { name: 'system@other', token: otherKey.token });
  const webhook = await create(t, `/api/v1/departments/${police.id}/webhooks`, { name: '公安审批系统', url: 'http://127.0.0.1:9/hook' });

  const api = injectCall(t);
  const plainPhone = freshPhone();
  callers.set('citizen', { name: 'citizen', phone: plainPhone, token: await signInCitizen(api, t.database.db, { phone: plainPhone }) });
  callers.set('citizen+realname', { name: 'citizen+realname', phone: realNameCitizen.phone, token: await signInCitizen(api, t.database.db, realNameCitizen) });

  const token = (name: CallerName) => callers.get(name)!.token;
  /** A person signing in on the portal for the first time (no real name yet); returns the session's token. */
  const newCitizen = () => signInCitizen(api, t.database.db, { phone: freshPhone() });
  const staff = token('window_staff@city');
  await call(t, 'POST', `/api/v1/windows/${windows.general.id}/sign-in`, 200, { token: staff });
  await call(t, 'POST', `/api/v1/windows/${windows.police.id}/sign-in`, 200, { token: token('window_staff@police') });

  /** A ticket taken by the staff of the city for the applicant; `to` walks it through the window. */
  const ticket = async (to: 'waiting' | 'called' | 'serving' | 'done' = 'waiting'): Promise<Json> => {
    const taken = await create(t, '/api/v1/tickets', { centerId: city.id, categoryId: category.id, channel: 'staff', idNumber: applicant.idNumber, phone: applicant.phone }, staff);
    if (to === 'waiting') return taken;
    // Rows before may have left a ticket at the window: it must be done with before the next call.
    const current = (await t.request('GET', `/api/v1/windows/${windows.general.id}/current`, { token: staff })).json();
    if (current?.status === 'called') await call(t, 'POST', `/api/v1/tickets/${current.id}/no-show`, 200, { token: staff });
    if (current?.status === 'serving') await call(t, 'POST', `/api/v1/tickets/${current.id}/finish`, 200, { token: staff });
    for (;;) {
      const { ticket: next } = await call(t, 'POST', `/api/v1/windows/${windows.general.id}/call-next`, 200, { token: staff });
      if (next.id === taken.id) break;
      await call(t, 'POST', `/api/v1/tickets/${next.id}/no-show`, 200, { token: staff });
    }
    if (to === 'called') return taken;
    await call(t, 'POST', `/api/v1/tickets/${taken.id}/start`, 200, { token: staff });
    if (to === 'serving') return taken;
    await call(t, 'POST', `/api/v1/tickets/${taken.id}/finish`, 200, { token: staff });
    return taken;
  };
  /** The police item's materials as saved now (saving the item again gives them new ids). */
  const materialsOfItem = async (): Promise<Json[]> => (await call(t, 'GET', `/api/v1/items/${item.id}`, 200)).materials;
  /** A case of the police item for the applicant, received at the window (and accepted when asked). */
  const newCase = async (accepted = true): Promise<Json> => {
    const materials = (await materialsOfItem()).map((m: Json) => ({ materialId: m.id, status: 'received' }));
    const created = await create(t, '/api/v1/cases', { itemId: item.id, applicant: { kind: 'person', ...applicant }, channel: 'window', materials }, staff);
    if (accepted) await call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: staff });
    return created;
  };

  const served = await ticket('done');
  const acceptedCase = await newCase();
  const rating = await create(t, '/api/v1/ratings', { ticketId: served.id, score: 1, comment: '等太久了', tags: [] }, token('citizen+realname'));
  const rectifications = await call(t, 'GET', `/api/v1/centers/${city.id}/rectifications`, 200, { token: admin });
  const complaint = await create(t, '/api/v1/feedback', { kind: 'complaint', centerId: city.id, text: '窗口人员态度不好', contact: '联系人', phone: applicant.phone }, token('citizen+realname'));
  const today = shanghaiDate();
  const slotsOf = async (day: string): Promise<Json[]> => call(t, 'GET', `/api/v1/centers/${city.id}/slots?categoryId=${category.id}&date=${day}`, 200);
  // Bookable now: released, not about to start (a slot of late evening no longer is), not full.
  const bookable = (slot: Json) => slot.available === true;
  // Bookings are for today while a slot is left (check-in works then), else for tomorrow (a run late in the evening).
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const bookingDay = (await slotsOf(today)).some(bookable) ? today : tomorrow;
  /** A slot of the booking day with room left. */
  const openSlot = async (): Promise<Json> => (await slotsOf(bookingDay)).findLast(bookable);
  const station = await create(t, '/api/v1/stations', { centerId: city.id, name: '产业园微服务站', kind: 'park' });
  const certificateRequest = await create(t, `/api/v1/stations/${station.id}/certificate-requests`, { kind: '居住证明', name: applicant.name, phone: applicant.phone });
  // 帮办代办: the city's agent has a profile; the company (the real-name citizen) asked for help, which the agent took on.
  const agentId = callers.get('agent@city')!.account!.id;
  await create(t, '/api/v1/agents', { username: 'agent_at_city', centerId: city.id, level: 'city' });
  /** A request of the company for 帮办代办, assigned to the city's agent and taken on unless `to` says otherwise. */
  const assistanceRequest = async (to: 'submitted' | 'assigned' | 'in_progress' | 'completed' = 'in_progress'): Promise<Json> => {
    const asked = await create(t, '/api/v1/assistance/requests', { centerId: city.id, companyName: company.name, creditCode: company.creditCode, contactName: company.contact, contactPhone: company.phone, need: '新厂房施工许可咨询' }, token('citizen+realname'));
    if (to === 'submitted') return asked;
    await call(t, 'POST', `/api/v1/assistance/requests/${asked.id}/assign`, 200, { token: admin, body: { agentUserId: agentId } });
    if (to === 'assigned') return asked;
    await call(t, 'POST', `/api/v1/assistance/requests/${asked.id}/accept`, 200, { token: token('agent@city') });
    if (to === 'in_progress') return asked;
    await call(t, 'POST', `/api/v1/assistance/requests/${asked.id}/complete`, 200, { token: token('agent@city') });
    return asked;
  };
  const helped = await assistanceRequest();
  /** An investment project of the company in the city. */
  const project = () => create(t, '/api/v1/projects', { code: `2026-441900-48-01-${String(100000 + ++projectSerial)}`, name: '智造产业园二期', ownerCreditCode: company.creditCode, ownerName: company.name, location: '示范市产业园', centerId: city.id });
  const ownedProject = await project();
  const customBundle = await create(t, '/api/v1/custom-bundles', { centerId: city.id, company, heldLicences: ['营业执照'], change: 'address', items: [{ itemId: licenceItem.id, answers: {} }], materialsReceived: true });
  // 标杆大厅 assessment: rounds organised by the province over the city, as a draft, in self-assessment and in inspection.
  /** A round of the province assessing the city, with one criterion, moved on `steps` times from its draft. */
  const assessmentRound = async (steps = 0): Promise<Json> => {
    const round = await create(t, '/api/v1/assessment/rounds', { name: `考评 ${++roundSerial}`, year: 2026, scopeCenterId: province.id, centerIds: [city.id], periodFrom: '2026-01-01', periodTo: '2026-10-31', selfDeadline: '2099-12-31' });
    const criterion = await create(t, `/api/v1/assessment/rounds/${round.id}/criteria`, { dimension: 'service', title: '首问负责', maxPoints: 10 });
    for (let i = 0; i < steps; i++) await call(t, 'POST', `/api/v1/assessment/rounds/${round.id}/advance`, 200, { token: admin });
    return { ...round, criterion };
  };
  const draftRound = await assessmentRound();
  const selfRound = await assessmentRound(1);
  const inspectedRound = await assessmentRound(2);
  const finding = await create(t, `/api/v1/assessment/rounds/${inspectedRound.id}/findings`, { centerId: city.id, criterionId: inspectedRound.criterion.id, text: '导办台无人值守', severity: 'minor' }, token('supervisor@global'));
  const locker = devices['locker@city'];
  const compartments = await call(t, 'GET', `/api/v1/lockers/${locker.id}/compartments`, 200, { token: admin });
  if (compartments.length === 0) await create(t, `/api/v1/lockers/${locker.id}/compartments`, { count: 12 });

  return {
    t,
    province,
    city,
    district,
    other,
    police,
    tax,
    otherPolice,
    hall,
    zone,
    windows,
    item,
    taxItem,
    licenceItem,
    otherItem,
    category,
    bundle,
    devices,
    webhook,
    policeKey: policeKey.key,
    callers,
    token,
    newCitizen,
    materialsOfItem,
    ticket,
    newCase,
    served,
    acceptedCase,
    rating,
    rectification: rectifications.items[0],
    complaint,
    today,
    bookingDay,
    openSlot,
    station,
    certificateRequest,
    locker,
    agentId,
    assistanceRequest,
    helped,
    project,
    ownedProject,
    customBundle,
    assessmentRound,
    draftRound,
    selfRound,
    inspectedRound,
    finding,
    staffPassword,
  };
}

export type AccessWorld = Awaited<ReturnType<typeof buildAccessWorld>>;
