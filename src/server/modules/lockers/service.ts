import { randomInt } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { DB, Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { changeCenterSettings, readCenterSettings } from '../../platform/centerSettings.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import { publishEvents } from '../../platform/events.ts';
import { isValidIdNumber, isValidMobile, lookupHash, normaliseIdNumber } from '../../platform/identity.ts';
import { hashToken, newId } from '../../platform/ids.ts';
import { tryTransactionLock } from '../../platform/locks.ts';
import { maskName, maskPhone } from '../../platform/masking.ts';
import { enqueueMessage } from '../../platform/outbox.ts';
import { caseRecipient, completeCase } from '../cases/service.ts';
import { scanPersonalCode } from '../citizens/service.ts';
import { authorizeInCenter, getCenter, getDevice, listDevices, type DeviceView } from '../org/service.ts';
import {
  compartmentLabels,
  defaultLockerSettings,
  isUncollectedOverdue,
  maxWrongCodes,
  nextLabelNumber,
  pickupCodeDigits,
  wrongCodeWindowMinutes,
  type CompartmentSize,
  type LockerSettings,
} from './rules.ts';
import { currentTime } from '../../platform/clock.ts';

type DepositRow = Selectable<DB['locker_deposits']>;

/** A result in (or once in) a compartment, as staff screens show it: the recipient masked. */
export interface DepositView {
  id: string;
  lockerId: string;
  lockerName: string;
  compartmentId: string;
  compartmentLabel: string;
  centerId: string;
  caseId: string | null;
  caseNo: string | null;
  itemName: string;
  recipientName: string;
  recipientPhone: string;
  depositedAt: string;
  depositedBy: string;
  overdue: boolean;
  collectedAt: string | null;
  collectedBy: DepositRow['collected_by'];
  collectNote: string | null;
}

export interface CompartmentView {
  id: string;
  label: string;
  size: CompartmentSize;
  disabled: boolean;
  deposit: DepositView | null;
}

const staffRoles = ['window_staff', 'center_manager', 'admin'] as const;

export async function getLockerSettings(executor: Executor, centerId: string): Promise<LockerSettings> {
  return { ...defaultLockerSettings, ...((await readCenterSettings(executor, 'locker_settings', centerId)) as Partial<LockerSettings> | undefined) };
}

export async function updateLockerSettings(executor: Executor, actor: Actor, centerId: string, changes: Partial<LockerSettings>): Promise<LockerSettings> {
  return changeCenterSettings(
    executor,
    actor,
    'locker_settings',
    centerId,
    async (trx) => (await getCenter(trx, centerId), getLockerSettings(trx, centerId)),
    (before) => ({ ...before, ...changes }),
  );
}

async function lockerOf(executor: Executor, deviceId: string): Promise<DeviceView> {
  const device = await getDevice(executor, deviceId);
  if (device.kind !== 'locker') throw notFound('智能柜', deviceId);
  return device;
}

/** Views of deposits, with their locker's and compartment's names and whether each is overdue by its center's rule. */
async function toViews(executor: Executor, rows: DepositRow[], now: Date): Promise<DepositView[]> {
  if (rows.length === 0) return [];
  const places = await executor
    .selectFrom('locker_compartments')
    .innerJoin('devices', 'devices.id', 'locker_compartments.device_id')
    .select(['locker_compartments.id', 'locker_compartments.label', 'devices.name'])
    .where('locker_compartments.id', 'in', [...new Set(rows.map((r) => r.compartment_id))])
    .execute();
  const placeOf = new Map(places.map((p) => [p.id, p]));
  const settings = new Map<string, LockerSettings>();
  for (const centerId of new Set(rows.map((r) => r.center_id))) settings.set(centerId, await getLockerSettings(executor, centerId));
  return rows.map((r) => ({
    id: r.id,
    lockerId: r.device_id,
    lockerName: placeOf.get(r.compartment_id)?.name ?? '',
    compartmentId: r.compartment_id,
    compartmentLabel: placeOf.get(r.compartment_id)?.label ?? '',
    centerId: r.center_id,
    caseId: r.case_id,
    caseNo: r.case_no,
    itemName: r.item_name,
    recipientName: maskName(r.recipient_name),
    recipientPhone: maskPhone(r.recipient_phone),
    depositedAt: r.deposited_at.toISOString(),
    depositedBy: r.deposited_by,
    overdue: r.collected_at === null && isUncollectedOverdue(r.deposited_at, now, settings.get(r.center_id)!),
    collectedAt: r.collected_at?.toISOString() ?? null,
    collectedBy: r.collected_by,
    collectNote: r.collect_note,
  }));
}

/** The doors of a locker and what waits behind each. */
export async function listCompartments(executor: Executor, deviceId: string, now = currentTime()): Promise<CompartmentView[]> {
  await lockerOf(executor, deviceId);
  const compartments = await executor.selectFrom('locker_compartments').selectAll().where('device_id', '=', deviceId).orderBy('label').execute();
  const waiting = await executor.selectFrom('locker_deposits').selectAll().where('device_id', '=', deviceId).where('collected_at', 'is', null).execute();
  const views = new Map((await toViews(executor, waiting, now)).map((v) => [v.compartmentId, v]));
  return compartments.map((c) => ({ id: c.id, label: c.label, size: c.size, disabled: c.disabled, deposit: views.get(c.id) ?? null }));
}

/** How many usable compartments each locker has and how many hold a result, in one query. */
async function compartmentCounts(executor: Executor, deviceIds: string[]): Promise<Map<string, { total: number; occupied: number; free: number }>> {
  if (deviceIds.length === 0) return new Map();
  const rows = await executor
    .selectFrom('locker_compartments as c')
    .select([
      'c.device_id',
      sql<number>`count(*) FILTER (WHERE NOT c.disabled)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM locker_deposits d WHERE d.compartment_id = c.id AND d.collected_at IS NULL))::int`.as('occupied'),
    ])
    .where('c.device_id', 'in', deviceIds)
    .groupBy('c.device_id')
    .execute();
  const counts = new Map(rows.map((r) => [r.device_id, { total: r.total, occupied: r.occupied, free: Math.max(0, r.total - r.occupied) }]));
  return new Map(deviceIds.map((id) => [id, counts.get(id) ?? { total: 0, occupied: 0, free: 0 }]));
}

/** A center's lockers with how full each is (for staff choosing where to put a result). */
export async function listLockers(executor: Executor, centerId: string): Promise<{ id: string; name: string; hallId: string | null; total: number; free: number; occupied: number }[]> {
  const { items } = await listDevices(executor, { centerId, kind: 'locker', page: 1, pageSize: 200 });
  const counts = await compartmentCounts(executor, items.map((d) => d.id));
  return items.map((device) => ({ id: device.id, name: device.name, hallId: device.hallId, ...counts.get(device.id)! }));
}

/** Adds compartments to a locker, numbered after the ones it has. */
export async function addCompartments(executor: Executor, actor: Actor, deviceId: string, input: { count: number; prefix?: string; size?: CompartmentSize }): Promise<CompartmentView[]> {
  const locker = await lockerOf(executor, deviceId);
  const prefix = input.prefix ?? 'A';
  await inTransaction(executor, async (trx) => {
    await sql`SELECT id FROM devices WHERE id = ${deviceId} FOR UPDATE`.execute(trx);
    const existing = await trx.selectFrom('locker_compartments').select('label').where('device_id', '=', deviceId).execute();
    const labels = compartmentLabels(prefix, input.count, nextLabelNumber(existing.map((e) => e.label), prefix));
    await trx.insertInto('locker_compartments').values(labels.map((label) => ({ id: newId(), device_id: deviceId, label, size: input.size ?? 'medium' }))).execute();
    await recordAudit(trx, actor, { action: 'locker.add_compartments', entityType: 'device', entityId: deviceId, centerId: locker.centerId, after: { labels } });
  });
  return listCompartments(executor, deviceId);
}

export interface DepositInput {
  compartmentId?: string;
  caseId?: string;
  recipient?: { name: string; phone: string; idNumber?: string };
  itemName?: string;
}

interface Recipient {
  caseId: string | null;
  caseNo: string | null;
  itemName: string;
  name: string;
  phone: string;
  hash: string | null;
}

function typedRecipient(input: DepositInput & { recipient: NonNullable<DepositInput['recipient']> }): Recipient {
  const phone = input.recipient.phone.replace(/[\s-]/g, '');
  if (!isValidMobile(phone)) throw badRequest('INVALID_PHONE', '手机号码不正确：取件码以短信发送到这个号码');
  const idNumber = input.recipient.idNumber ? normaliseIdNumber(input.recipient.idNumber) : undefined;
  if (idNumber !== undefined && !isValidIdNumber(idNumber)) throw badRequest('INVALID_ID_NUMBER', '身份证号码不正确，请核对');
  const name = input.recipient.name.trim();
  const itemName = input.itemName?.trim();
  if (!name || !itemName) throw badRequest('VALIDATION_ERROR', '请填写领取人姓名和存放的材料');
  return { caseId: null, caseNo: null, itemName, name, phone, hash: idNumber ? lookupHash(idNumber) : null };
}

async function freeCompartment(trx: Executor, deviceId: string, chosen: string | undefined): Promise<{ id: string; label: string }> {
  if (chosen) {
    const compartment = await trx.selectFrom('locker_compartments').select(['id', 'label', 'disabled']).where('id', '=', chosen).where('device_id', '=', deviceId).executeTakeFirst();
    if (!compartment) throw notFound('柜格', chosen);
    if (compartment.disabled) throw conflict('COMPARTMENT_DISABLED', `${compartment.label} 号柜格已停用`);
    return compartment;
  }
  const { rows } = await sql<{ id: string; label: string }>`
    SELECT c.id, c.label FROM locker_compartments c
    WHERE c.device_id = ${deviceId} AND NOT c.disabled
      AND NOT EXISTS (SELECT 1 FROM locker_deposits d WHERE d.compartment_id = c.id AND d.collected_at IS NULL)
    ORDER BY c.label LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx);
  if (!rows[0]) throw conflict('LOCKER_FULL', '该智能柜没有空闲柜格');
  return rows[0];
}

const pickupHash = (deviceId: string, code: string) => hashToken(`locker:${deviceId}:${code}`);

/**
 * 存件: staff put a result in a compartment (the first free one unless chosen); a decided case is completed
 * with delivery by locker. The recipient alone gets the pickup code, by SMS; their personal code opens it too.
 */
export async function depositResult(executor: Executor, principal: Principal | undefined, actor: Actor, deviceId: string, input: DepositInput, now = currentTime()): Promise<DepositView> {
  const locker = await lockerOf(executor, deviceId);
  const staff = await authorizeInCenter(executor, principal, staffRoles, locker.centerId);
  if (!input.caseId === !input.recipient) throw badRequest('VALIDATION_ERROR', '请选择办件，或填写领取人（二选一）');
  const typed = input.recipient ? typedRecipient({ ...input, recipient: input.recipient }) : undefined;
  const view = await inTransaction(executor, async (trx) => {
    let recipient = typed;
    if (!recipient) {
      const found = await caseRecipient(trx, input.caseId!);
      if (found.centerId !== locker.centerId) throw conflict('CASE_ELSEWHERE', '该办件不属于本智能柜所在的中心');
      if (found.status !== 'decided') throw conflict('INVALID_CASE_STATE', '只有已作出决定、尚未办结的办件可以存入智能柜');
      await completeCase(trx, principal, actor, found.id, 'locker', now);
      recipient = { caseId: found.id, caseNo: found.caseNo, itemName: found.itemName, name: found.name, phone: found.phone, hash: found.identifierHash };
    }
    const compartment = await freeCompartment(trx, deviceId, input.compartmentId);
    // A clash with another waiting result's code (one in a million) just draws again; the occupied index cannot clash here but for a chosen door.
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = String(randomInt(0, 10 ** pickupCodeDigits)).padStart(pickupCodeDigits, '0');
      const row = await trx
        .insertInto('locker_deposits')
        .values({
          id: newId(),
          compartment_id: compartment.id,
          device_id: deviceId,
          center_id: locker.centerId,
          case_id: recipient.caseId,
          case_no: recipient.caseNo,
          item_name: recipient.itemName,
          recipient_name: recipient.name,
          recipient_phone: recipient.phone,
          recipient_hash: recipient.hash,
          pickup_code_hash: pickupHash(deviceId, code),
          deposited_by: staff.name,
          deposited_at: now,
          overdue_at: null,
          collected_at: null,
          collected_by: null,
          collect_note: null,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        const occupied = await trx.selectFrom('locker_deposits').select('id').where('compartment_id', '=', compartment.id).where('collected_at', 'is', null).executeTakeFirst();
        if (occupied) throw conflict('COMPARTMENT_OCCUPIED', `${compartment.label} 号柜格已有物品`);
        continue;
      }
      const settings = await getLockerSettings(trx, locker.centerId);
      await enqueueMessage(trx, {
        recipient: recipient.phone,
        reference: `locker:${row.id}`,
        body: `【一门通办】您的「${recipient.itemName}」已存入${locker.name} ${compartment.label} 号柜格，取件码 ${code}。请于 ${settings.uncollectedDays} 天内凭取件码或个人码领取，24 小时可取。`,
      });
      await recordAudit(trx, actor, { action: 'locker.deposit', entityType: 'locker_deposit', entityId: row.id, centerId: locker.centerId, after: { locker: locker.name, compartment: compartment.label, caseNo: recipient.caseNo } });
      const [deposited] = await toViews(trx, [row], now);
      await publishEvents(trx, [{ type: 'locker.deposited', centerId: locker.centerId, audience: 'staff', data: { depositId: row.id, lockerId: deviceId, compartment: compartment.label } }]);
      return deposited!;
    }
    throw new AppError(503, 'PICKUP_CODE_UNAVAILABLE', '暂时无法生成取件码，请重试');
  });
  return view;
}

/** What a locker shows while idle. */
export async function lockerState(executor: Executor, deviceId: string): Promise<{ name: string; centerId: string; total: number; free: number; occupied: number }> {
  const locker = await lockerOf(executor, deviceId);
  return { name: locker.name, centerId: locker.centerId, ...(await compartmentCounts(executor, [deviceId])).get(deviceId)! };
}

export interface OpenedCompartment {
  label: string;
  itemName: string;
  caseNo: string | null;
  recipientName: string;
}

/**
 * 取件 at the locker: the SMS pickup code opens its compartment; a personal code opens every compartment
 * holding its owner's results. Five wrong codes in ten minutes and the locker refuses for a while.
 */
export async function openLocker(executor: Executor, deviceId: string, actor: Actor, input: { pickupCode?: string; personalCode?: string }, now = currentTime()): Promise<{ opened: OpenedCompartment[] }> {
  if (!input.pickupCode === !input.personalCode) throw badRequest('VALIDATION_ERROR', '请输入取件码或出示个人码（二选一）');
  const locker = await lockerOf(executor, deviceId);
  const since = new Date(now.getTime() - wrongCodeWindowMinutes * 60_000);
  const { failures } = await executor.selectFrom('locker_open_failures').select(sql<number>`count(*)::int`.as('failures')).where('device_id', '=', deviceId).where('at', '>', since).executeTakeFirstOrThrow();
  if (failures >= maxWrongCodes) throw new AppError(429, 'TOO_MANY_ATTEMPTS', `取件码错误次数过多，请 ${wrongCodeWindowMinutes} 分钟后再试，或到服务窗口领取`);

  let match: { pickup_code_hash: string } | { recipient_hash: string };
  let collectedBy: 'pickup_code' | 'personal_code';
  if (input.pickupCode) {
    const code = input.pickupCode.trim();
    match = { pickup_code_hash: pickupHash(deviceId, code) };
    collectedBy = 'pickup_code';
  } else {
    const person = await scanPersonalCode(executor, actor, input.personalCode!, 'locker', now);
    match = { recipient_hash: lookupHash(person.idNumber) };
    collectedBy = 'personal_code';
  }
  const collected = await inTransaction(executor, async (trx) => {
    let update = trx.updateTable('locker_deposits').set({ collected_at: now, collected_by: collectedBy }).where('device_id', '=', deviceId).where('collected_at', 'is', null);
    update = 'pickup_code_hash' in match ? update.where('pickup_code_hash', '=', match.pickup_code_hash) : update.where('recipient_hash', '=', match.recipient_hash);
    const rows = await update.returningAll().execute();
    if (rows.length === 0) return [];
    await recordAudit(trx, actor, { action: 'locker.collect', entityType: 'device', entityId: deviceId, centerId: locker.centerId, after: { deposits: rows.map((r) => r.id), by: collectedBy } });
    await publishEvents(trx, rows.map((r) => ({ type: 'locker.collected', centerId: locker.centerId, audience: 'staff' as const, data: { depositId: r.id, lockerId: deviceId } })));
    return toViews(trx, rows, now);
  });
  if (collected.length === 0) {
    if (collectedBy === 'personal_code') throw notFoundHere();
    await executor.insertInto('locker_open_failures').values({ device_id: deviceId, at: now }).execute();
    throw badRequest('INVALID_PICKUP_CODE', '取件码不正确，请核对短信中的 6 位取件码');
  }
  return { opened: collected.map((c) => ({ label: c.compartmentLabel, itemName: c.itemName, caseNo: c.caseNo, recipientName: c.recipientName })) };
}

const notFoundHere = () => new AppError(404, 'NOTHING_TO_COLLECT', '本智能柜没有您待领取的物品');

/** 取出 by staff: handed over at the window instead, or cleared; the reason is kept. */
export async function collectByStaff(executor: Executor, principal: Principal | undefined, actor: Actor, depositId: string, reason: string, now = currentTime()): Promise<DepositView> {
  return inTransaction(executor, async (trx) => {
    const row = await trx.selectFrom('locker_deposits').selectAll().where('id', '=', depositId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('存件', depositId);
    const staff = await authorizeInCenter(trx, principal, staffRoles, row.center_id);
    if (row.collected_at) throw conflict('ALREADY_COLLECTED', '该物品已被取走');
    const note = `${staff.name}：${reason.trim()}`;
    const updated = await trx.updateTable('locker_deposits').set({ collected_at: now, collected_by: 'staff', collect_note: note }).where('id', '=', depositId).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'locker.staff_collect', entityType: 'locker_deposit', entityId: depositId, centerId: row.center_id, after: { reason } });
    await publishEvents(trx, [{ type: 'locker.collected', centerId: row.center_id, audience: 'staff', data: { depositId, lockerId: row.device_id } }]);
    return (await toViews(trx, [updated], now))[0]!;
  });
}

export type DepositStatus = 'waiting' | 'overdue' | 'collected';

/** A center's deposits by state, newest first. */
export async function listDeposits(executor: Executor, query: { centerId: string; status?: DepositStatus; page: number; pageSize: number }, now = currentTime()): Promise<{ items: DepositView[]; total: number }> {
  const settings = await getLockerSettings(executor, query.centerId);
  let base = executor.selectFrom('locker_deposits').where('center_id', '=', query.centerId);
  if (query.status === 'collected') base = base.where('collected_at', 'is not', null);
  else if (query.status) base = base.where('collected_at', 'is', null);
  if (query.status === 'overdue') base = base.where('deposited_at', '<=', new Date(now.getTime() - settings.uncollectedDays * 86_400_000));
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('deposited_at', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  return { items: await toViews(executor, rows, now), total };
}

const sweepLock = 0x10c6_e700;

/**
 * Flags results left past their center's limit, once each: the recipient is reminded by SMS and the staff
 * screens get `locker.overdue`. One node at a time.
 */
export async function flagUncollectedResults(executor: Executor, now = currentTime()): Promise<{ ran: boolean; flagged: number }> {
  return inTransaction(executor, async (trx) => {
    if (!(await tryTransactionLock(trx, sweepLock))) return { ran: false, flagged: 0 };
    const waiting = await trx.selectFrom('locker_deposits').selectAll().where('collected_at', 'is', null).where('overdue_at', 'is', null).execute();
    const settings = new Map<string, LockerSettings>();
    const due: DepositRow[] = [];
    for (const row of waiting) {
      if (!settings.has(row.center_id)) settings.set(row.center_id, await getLockerSettings(trx, row.center_id));
      if (isUncollectedOverdue(row.deposited_at, now, settings.get(row.center_id)!)) due.push(row);
    }
    if (due.length === 0) return { ran: true, flagged: 0 };
    await trx.updateTable('locker_deposits').set({ overdue_at: now }).where('id', 'in', due.map((r) => r.id)).execute();
    const views = await toViews(trx, due, now);
    for (const view of views) {
      const row = due.find((r) => r.id === view.id)!;
      await enqueueMessage(trx, { recipient: row.recipient_phone, reference: `locker:${row.id}`, body: `【一门通办】您的「${row.item_name}」仍在${view.lockerName} ${view.compartmentLabel} 号柜格，请尽快凭取件码或个人码领取；如不便领取，请联系服务中心。` });
    }
    await publishEvents(trx, views.map((v) => ({ type: 'locker.overdue', centerId: v.centerId, audience: 'staff' as const, data: { depositId: v.id, lockerName: v.lockerName, compartment: v.compartmentLabel, recipientName: v.recipientName } })));
    return { ran: true, flagged: due.length };
  });
}
