import { sql } from 'kysely';
import { randomInt } from 'node:crypto';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { publishEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { lookupHash } from '../../platform/identity.ts';
import { maskIdNumber, maskName } from '../../platform/masking.ts';
import { chineseDate, chinesePdf, drawQrCode } from '../../platform/pdf.ts';
import { shanghaiClock, shanghaiDate } from '../../platform/time.ts';
import { createCase } from '../cases/service.ts';
import { getItemSummaries, itemChecklist } from '../catalog/service.ts';
import { scanPersonalCode } from '../citizens/service.ts';
import { centerSubtree, getCenter, getDevice, isCenterOpen, listCenters, listDevices } from '../org/service.ts';
import { ticketOfDayByNumber } from '../queue/service.ts';
import {
  certificateBody,
  certificateNumber,
  certificateTitles,
  paperMaterials,
  terminalHealth,
  type CertificateKind,
  type DeviceStatus,
  type PaperState,
  type PersonRecord,
  type PrinterState,
  type TerminalHealth,
} from './rules.ts';
import { currentTime } from '../../platform/clock.ts';

type DevicePrincipal = Extract<Principal, { kind: 'device' }>;

// ------------------------------------------------------------ heartbeat and status

/** Keeps a terminal's last report (one row a terminal) and answers how the server now sees it. */
export async function recordHeartbeat(executor: Executor, terminal: DevicePrincipal, status: DeviceStatus, now = currentTime()): Promise<TerminalHealth & { at: string }> {
  await executor
    .insertInto('terminal_heartbeats')
    .values({ device_id: terminal.id, printer: status.printer, paper: status.paper, at: now })
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ printer: status.printer, paper: status.paper, at: now }))
    .execute();
  return { at: now.toISOString(), ...terminalHealth(now, now, status) };
}

export interface TerminalView extends TerminalHealth {
  id: string;
  name: string;
  centerId: string;
  centerName: string;
  disabled: boolean;
  lastHeartbeatAt: string | null;
  printer: PrinterState | null;
  paper: PaperState | null;
}

/** Every terminal of a center and the centers below it with its health, those that are down first. */
export async function listTerminals(executor: Executor, centerId: string, now = currentTime()): Promise<TerminalView[]> {
  const centerIds = await centerSubtree(executor, [centerId]);
  const centerNames = new Map((await listCenters(executor)).map((c) => [c.id, c.name]));
  const devices = [];
  for (const id of centerIds) devices.push(...(await listDevices(executor, { centerId: id, kind: 'terminal', page: 1, pageSize: 10_000 })).items);
  if (devices.length === 0) return [];
  const beats = new Map(
    (await executor.selectFrom('terminal_heartbeats').selectAll().where('device_id', 'in', devices.map((d) => d.id)).execute()).map((b) => [b.device_id, b]),
  );
  const views = devices.map((device): TerminalView => {
    const beat = beats.get(device.id);
    const health: TerminalHealth = device.disabled ? { online: false, down: '设备已停用', warning: null } : terminalHealth(beat?.at ?? null, now, beat ?? null);
    return {
      id: device.id,
      name: device.name,
      centerId: device.centerId,
      centerName: centerNames.get(device.centerId) ?? '',
      disabled: device.disabled,
      lastHeartbeatAt: beat?.at.toISOString() ?? null,
      printer: beat?.printer ?? null,
      paper: beat?.paper ?? null,
      ...health,
    };
  });
  return views.sort((a, b) => Number(b.down !== null) - Number(a.down !== null) || a.centerName.localeCompare(b.centerName, 'zh') || a.name.localeCompare(b.name, 'zh'));
}

/** Whether the hall the terminal stands in is open now (a terminal offers 取号 only then; it serves 7×24 otherwise). */
export async function hallStatus(executor: Executor, terminal: DevicePrincipal, now = currentTime()): Promise<{ open: boolean }> {
  return { open: await isCenterOpen(executor, terminal.centerId, now) };
}

// ------------------------------------------------------------ the items a terminal offers

/** The terminal's own list of items, or null when it offers every terminal item of its center. */
export async function offeredItems(executor: Executor, terminalId: string): Promise<{ itemIds: string[] | null }> {
  const device = await getDevice(executor, terminalId);
  if (device.kind !== 'terminal') throw notFound('自助终端', terminalId);
  const row = await executor.selectFrom('terminal_items').select('item_ids').where('device_id', '=', terminalId).executeTakeFirst();
  return { itemIds: row?.item_ids ?? null };
}

/** Narrows what a terminal offers to these items (each one a terminal item), or with null back to all of its center's. */
export async function setOfferedItems(executor: Executor, actor: Actor, terminalId: string, itemIds: string[] | null): Promise<{ itemIds: string[] | null }> {
  const device = await getDevice(executor, terminalId);
  if (device.kind !== 'terminal') throw notFound('自助终端', terminalId);
  const ids = itemIds === null ? null : [...new Set(itemIds)];
  if (ids) {
    const found = await getItemSummaries(executor, ids);
    const unusable = ids.filter((id) => !found.some((item) => item.id === id && item.terminal && item.status === 'published'));
    if (unusable.length) throw badRequest('NOT_TERMINAL_ITEM', '所选事项中有不存在、已撤销或不能在自助终端办理的事项', { itemIds: unusable });
  }
  return inTransaction(executor, async (trx) => {
    const before = await trx.selectFrom('terminal_items').select('item_ids').where('device_id', '=', terminalId).executeTakeFirst();
    if (ids === null) await trx.deleteFrom('terminal_items').where('device_id', '=', terminalId).execute();
    else
      await trx
        .insertInto('terminal_items')
        .values({ device_id: terminalId, item_ids: JSON.stringify(ids), updated_at: new Date() })
        .onConflict((oc) => oc.column('device_id').doUpdateSet({ item_ids: JSON.stringify(ids), updated_at: new Date() }))
        .execute();
    await recordAudit(trx, actor, { action: 'terminal.items.set', entityType: 'device', entityId: terminalId, centerId: device.centerId, before: { itemIds: before?.item_ids ?? null }, after: { itemIds: ids } });
    return { itemIds: ids };
  });
}

// ------------------------------------------------------------ 请工作人员帮我

export interface HelpRequestView {
  id: string;
  centerId: string;
  deviceId: string;
  deviceName: string;
  status: 'open' | 'acknowledged';
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

const helpView = (row: { id: string; center_id: string; device_id: string; device_name: string; status: 'open' | 'acknowledged'; created_at: Date; acknowledged_at: Date | null; acknowledged_by: string | null }): HelpRequestView => ({
  id: row.id,
  centerId: row.center_id,
  deviceId: row.device_id,
  deviceName: row.device_name,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
  acknowledgedBy: row.acknowledged_by,
});

/** A visitor at a kiosk or terminal asks for a person: hall staff hear it live; pressing again while it is open is the same call. */
export async function requestHelp(executor: Executor, device: DevicePrincipal, actor: Actor, now = currentTime()): Promise<{ request: HelpRequestView; created: boolean }> {
  return inTransaction(executor, async (trx) => {
    const inserted = await trx
      .insertInto('hall_help_requests')
      .values({ id: newId(), center_id: device.centerId, device_id: device.id, device_name: device.name, status: 'open', created_at: now, acknowledged_at: null, acknowledged_by: null })
      .onConflict((oc) => oc.column('device_id').where(sql<boolean>`status = 'open'`).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      const open = await trx.selectFrom('hall_help_requests').selectAll().where('device_id', '=', device.id).where('status', '=', 'open').executeTakeFirstOrThrow();
      return { request: helpView(open), created: false };
    }
    const view = helpView(inserted);
    await recordAudit(trx, actor, { action: 'help.request', entityType: 'hall_help_request', entityId: view.id, centerId: device.centerId, after: { deviceName: device.name } });
    await publishEvent(trx, { type: 'help.requested', centerId: device.centerId, audience: 'staff', data: { ...view } });
    return { request: view, created: true };
  });
}

/** The center's calls for help, open ones first, then the day's acknowledged ones. */
export async function listHelpRequests(executor: Executor, centerId: string, now = currentTime()): Promise<HelpRequestView[]> {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const rows = await executor
    .selectFrom('hall_help_requests')
    .selectAll()
    .where('center_id', '=', centerId)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('created_at', '>=', since)]))
    .orderBy(sql`status = 'open'`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map(helpView);
}

export async function getHelpRequest(executor: Executor, id: string): Promise<HelpRequestView> {
  const row = await executor.selectFrom('hall_help_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('帮办呼叫', id);
  return helpView(row);
}

/** A member of staff takes the call: it leaves every other screen's open list at once. */
export async function acknowledgeHelp(executor: Executor, actor: Actor, id: string, now = currentTime()): Promise<HelpRequestView> {
  const by = actor.kind === 'anonymous' ? null : actor.name;
  return inTransaction(executor, async (trx) => {
    const row = await trx
      .updateTable('hall_help_requests')
      .set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: by })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const existing = await getHelpRequest(trx, id);
      throw conflict('ALREADY_ACKNOWLEDGED', `${existing.acknowledgedBy ?? '其他工作人员'}已响应该呼叫`);
    }
    const view = helpView(row);
    await recordAudit(trx, actor, { action: 'help.acknowledge', entityType: 'hall_help_request', entityId: id, centerId: row.center_id, after: { acknowledgedBy: by } });
    await publishEvent(trx, { type: 'help.acknowledged', centerId: row.center_id, audience: 'staff', data: { ...view } });
    return view;
  });
}

// ------------------------------------------------------------ rating at a terminal

/** The visit of today at the terminal's center with the number on a ticket, for 评价 at the terminal. */
export async function findRateableTicket(executor: Executor, terminal: DevicePrincipal, ticketNo: string) {
  const ticket = await ticketOfDayByNumber(executor, terminal.centerId, ticketNo, shanghaiDate());
  if (!ticket) throw new AppError(404, 'TICKET_NOT_FOUND', `本中心今天没有 ${ticketNo.trim().toUpperCase()} 号，请核对号票上的号码`);
  return { ticketId: ticket.id, number: ticket.number, categoryName: ticket.categoryName, rateable: ticket.status === 'done' && ticket.finishedAt !== null };
}

// ------------------------------------------------------------ certificates

export interface IssuedCertificate {
  no: string;
  kind: CertificateKind;
  title: string;
  holderName: string;
  idNumber: string;
  issuedAt: string;
  centerName: string;
  statement: string;
  rows: [string, string][];
  verifyUrl: string;
  /** The printable certificate, Base64. */
  pdf: string;
}

/** Stores (or replaces) a person's record of one kind; the ID number only as its lookup hash. */
export async function savePersonRecord(executor: Executor, idNumber: string, record: PersonRecord, now = currentTime()): Promise<void> {
  const data = JSON.stringify(record.data);
  await executor
    .insertInto('person_records')
    .values({ id_hash: lookupHash(idNumber), kind: record.kind, data, updated_at: now })
    .onConflict((oc) => oc.columns(['id_hash', 'kind']).doUpdateSet({ data, updated_at: now }))
    .execute();
}

const randomUnit = () => randomInt(0, 2 ** 32) / 2 ** 32;

/**
 * 证明开具: the person shows their personal code, the terminal prints the certificate from their record.
 * The certificate is numbered and kept (masked) so that whoever receives the paper can check it.
 */
export async function issueCertificate(
  executor: Executor,
  terminal: DevicePrincipal,
  actor: Actor,
  input: { personalCode: string; kind: CertificateKind },
  verifyBase: string,
  now = currentTime(),
): Promise<IssuedCertificate> {
  const person = await scanPersonalCode(executor, actor, input.personalCode, 'terminal', now);
  const idHash = lookupHash(person.idNumber);
  const title = certificateTitles[input.kind];
  const issued = await inTransaction(executor, async (trx) => {
    const row = await trx.selectFrom('person_records').select('data').where('id_hash', '=', idHash).where('kind', '=', input.kind).executeTakeFirst();
    if (!row) throw new AppError(404, 'RECORD_NOT_FOUND', `未查询到您的${title.replace(/证明$/, '')}记录，不能开具此证明。如有疑问请到窗口咨询`);
    const no = certificateNumber(shanghaiDate(now), randomUnit);
    const holderName = maskName(person.name);
    const idNumber = maskIdNumber(person.idNumber);
    await trx.insertInto('certificates').values({ no, kind: input.kind, center_id: terminal.centerId, device_id: terminal.id, id_hash: idHash, holder_name: holderName, id_number: idNumber, issued_at: now }).execute();
    await recordAudit(trx, actor, { action: 'certificate.issue', entityType: 'certificate', entityId: no, centerId: terminal.centerId, after: { kind: input.kind, citizenId: person.citizenId } });
    return { no, holderName, idNumber, body: certificateBody({ kind: input.kind, data: row.data } as PersonRecord) };
  });
  const center = await getCenter(executor, terminal.centerId);
  const verifyUrl = `${verifyBase}/api/v1/public/certificates/${issued.no}`;
  const pdf = await renderCertificate({ title, no: issued.no, fullName: person.name, idNumber: issued.idNumber, issuer: center.name, issuedAt: now, verifyUrl, ...issued.body });
  return { no: issued.no, kind: input.kind, title, holderName: issued.holderName, idNumber: issued.idNumber, issuedAt: now.toISOString(), centerName: center.name, ...issued.body, verifyUrl, pdf: pdf.toString('base64') };
}

/** One A4 page: the certificate addressed to whom it may concern, its facts, the number and a QR to check it. */
async function renderCertificate(c: { title: string; no: string; fullName: string; idNumber: string; issuer: string; issuedAt: Date; verifyUrl: string; statement: string; rows: [string, string][] }): Promise<Buffer> {
  const { doc, done } = chinesePdf({ margin: 60, info: { Title: c.title } });
  const left = 60;
  const width = doc.page.width - 120;
  doc.fontSize(10).fillColor('#555555').text(`编号：${c.no}`, left, 50, { width, align: 'right' });
  doc.fillColor('black').fontSize(22).text(c.title, left, 90, { width, align: 'center' });
  doc.moveDown(1.5).fontSize(12);
  doc.text(`姓名：${c.fullName}        公民身份号码：${c.idNumber}`, left, undefined, { width });
  doc.moveDown(0.8).text(c.statement, { width, lineGap: 4 });
  doc.moveDown(0.8);
  for (const [label, value] of c.rows) doc.text(`${label}：${value}`, { width, lineGap: 3 });
  doc.moveDown(1).text('特此证明。', { width });
  const { date, time } = shanghaiClock(c.issuedAt);
  doc.moveDown(2).text(c.issuer, { width, align: 'right' });
  doc.text(`${chineseDate(date)} ${time}`, { width, align: 'right' });
  const qrY = doc.page.height - 200;
  drawQrCode(doc, c.verifyUrl, left, qrY, 90);
  doc
    .fontSize(9)
    .fillColor('#333333')
    .text(`本证明由自助终端开具，扫描二维码或访问以下地址核验真伪（核验编号 ${c.no}）：\n${c.verifyUrl}`, left + 105, qrY + 10, { width: width - 105, lineGap: 2 });
  doc.end();
  return done;
}

/** The public check of a certificate by its number: genuine, what it is, and the holder masked. */
export async function verifyCertificate(executor: Executor, no: string) {
  const row = await executor.selectFrom('certificates').selectAll().where('no', '=', no).executeTakeFirst();
  if (!row) throw notFound('证明', no);
  const center = await getCenter(executor, row.center_id);
  return { no: row.no, kind: row.kind, title: certificateTitles[row.kind], holderName: row.holder_name, idNumber: row.id_number, issuedAt: row.issued_at.toISOString(), centerName: center.name, genuine: true as const };
}

// ------------------------------------------------------------ applying at a terminal

/**
 * 终端申报: the person shows their personal code and applies for one of the center's terminal items.
 * Nothing on paper is handed in at a terminal: materials are taken from e-licences, and an item that
 * needs a required material on paper is for a window (NEEDS_PAPER), checked before the code is used up.
 */
export async function applyAtTerminal(executor: Executor, terminal: DevicePrincipal, actor: Actor, input: { personalCode: string; itemId: string; situationId?: string }, now = currentTime()) {
  const { item, materials } = await itemChecklist(executor, input.itemId, {}, input.situationId ? [input.situationId] : []);
  if (!item.terminal) throw forbidden('该事项不能在自助终端申报，请到窗口办理', 'NOT_TERMINAL_ITEM');
  const { itemIds: offered } = await offeredItems(executor, terminal.id);
  if (offered && !offered.includes(item.id)) throw forbidden('本终端不办理该事项，请到其他终端或窗口办理', 'NOT_OFFERED_HERE');
  const paper = paperMaterials(materials);
  if (paper.length) throw badRequest('NEEDS_PAPER', `该事项需要提交纸质材料（${paper.join('、')}），请到窗口办理`, { materials: paper });
  const person = await scanPersonalCode(executor, actor, input.personalCode, 'terminal', now);
  const created = await createCase(
    executor,
    terminal,
    actor,
    {
      itemId: input.itemId,
      centerId: terminal.centerId,
      situationId: input.situationId,
      applicant: { kind: 'person', idNumber: person.idNumber, name: person.name, phone: person.phone },
      channel: 'terminal',
      materials: materials.map((m) => ({ materialId: m.id, status: m.elicense ? ('elicense' as const) : ('missing' as const) })),
      applicantIdentified: true,
    },
    now,
  );
  return { caseNo: created.caseNo, itemName: created.itemName, statusLabel: created.statusLabel, applicantName: maskName(person.name), promisedDeadline: created.promisedDeadline };
}
