import type { Selectable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import { hasRole, type Principal } from '../../platform/auth.ts';
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { maskName } from '../../platform/masking.ts';
import { enqueueMessage } from '../../platform/outbox.ts';
import { currentTime } from '../../platform/clock.ts';
import { itemChecklist } from '../catalog/service.ts';
import { createCase, getCase, supplyMaterials, type CaseView } from '../cases/service.ts';
import { identifyCitizen, type CitizenPrincipal } from '../citizens/service.ts';
import { authorizeInCenter, scopeOf } from '../org/service.ts';
import { assertOwnFiles, toFileView, type FileView } from './files.ts';
import {
  applicationStatusLabels,
  deliveryLabels,
  deliveryProblem,
  directionLabels,
  isTrackingNumber,
  nextApplicationStatus,
  resubmitProblems,
  returnProblems,
  shipmentEnterer,
  shipmentProblem,
  uploadProblems,
  type ApplicationAction,
  type ApplicationStatus,
  type ResultDelivery,
  type ShipmentDirection,
} from './rules.ts';
import type { RemoteApplicationsTable } from './tables.ts';

type ApplicationRow = Selectable<RemoteApplicationsTable>;

const reviewers = ['window_staff', 'center_manager', 'admin'] as const;
const caseReaders = ['window_staff', 'center_manager', 'admin', 'dept_approver', 'supervisor'] as const;

export interface ApplicationView {
  id: string;
  centerId: string;
  itemId: string;
  itemName: string;
  optionIds: string[];
  applicantName: string;
  delivery: ResultDelivery;
  deliveryLabel: string;
  deliveryAddress: string | null;
  status: ApplicationStatus;
  statusLabel: string;
  returnNote: string | null;
  submittedAt: string;
  reviewedAt: string | null;
  materials: { materialId: string; name: string; required: boolean; file: FileView | null; returnReason: string | null }[];
  /** The case made when it passed 预审: its number, status and what it still lacks. */
  case: { id: string; caseNo: string; status: string; statusLabel: string; missing: { materialId: string; name: string }[] } | null;
}

/**
 * The person behind an application, whole: the citizens service reads a principal's id only, and the
 * applicant is not the one signed in when staff review.
 */
const personOf = (executor: Executor, citizenId: string) => identifyCitizen(executor, { kind: 'citizen', id: citizenId, name: '', sessionId: '' });

const caseSummary = (c: CaseView): NonNullable<ApplicationView['case']> => ({
  id: c.id,
  caseNo: c.caseNo,
  status: c.status,
  statusLabel: c.statusLabel,
  missing: c.materials.filter((m) => m.status === 'missing' || m.status === 'deferred').map((m) => ({ materialId: m.materialId, name: m.name })),
});

async function toViews(executor: Executor, rows: ApplicationRow[]): Promise<ApplicationView[]> {
  if (!rows.length) return [];
  const materials = await executor
    .selectFrom('remote_application_materials')
    .selectAll()
    .where(
      'application_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('sort')
    .execute();
  const fileIds = materials.flatMap((m) => (m.file_id ? [m.file_id] : []));
  const files = fileIds.length ? await executor.selectFrom('remote_files').selectAll().where('id', 'in', fileIds).execute() : [];
  const fileById = new Map(files.map((f) => [f.id, toFileView(f)]));
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      centerId: row.center_id,
      itemId: row.item_id,
      itemName: row.item_name,
      optionIds: row.option_ids,
      applicantName: maskName((await personOf(executor, row.citizen_id)).name),
      delivery: row.delivery,
      deliveryLabel: deliveryLabels[row.delivery],
      deliveryAddress: row.delivery_address,
      status: row.status,
      statusLabel: applicationStatusLabels[row.status],
      returnNote: row.return_note,
      submittedAt: row.submitted_at.toISOString(),
      reviewedAt: row.reviewed_at?.toISOString() ?? null,
      materials: materials
        .filter((m) => m.application_id === row.id)
        .map((m) => ({ materialId: m.material_id, name: m.name, required: m.required, file: m.file_id ? (fileById.get(m.file_id) ?? null) : null, returnReason: m.return_reason })),
      case: row.case_id ? caseSummary(await getCase(executor, row.case_id)) : null,
    })),
  );
}

const toView = async (executor: Executor, row: ApplicationRow) => (await toViews(executor, [row]))[0]!;

async function applicationRow(executor: Executor, id: string, lock = false): Promise<ApplicationRow> {
  const row = await executor.selectFrom('remote_applications').selectAll().where('id', '=', id).$if(lock, (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('网上申报', id);
  return row;
}

function assertStep(row: ApplicationRow, action: ApplicationAction): ApplicationStatus {
  const next = nextApplicationStatus(row.status, action);
  const verbs = { pass: '预审通过', return: '退回补正', resubmit: '重新提交' };
  if (!next) throw conflict('INVALID_APPLICATION_STATE', `申请当前${applicationStatusLabels[row.status]}，不能${verbs[action]}`, { status: row.status });
  return next;
}

export interface ApplicationInput {
  itemId: string;
  centerId?: string;
  optionIds?: string[];
  delivery: ResultDelivery;
  deliveryAddress?: string;
  materials: { materialId: string; fileId: string }[];
}

/** 网上申报: a real-name citizen applies for an item offered online, a file per material; it waits for 预审. */
export async function submitApplication(executor: Executor, citizen: CitizenPrincipal, actor: Actor, input: ApplicationInput, now = currentTime()): Promise<ApplicationView> {
  await identifyCitizen(executor, citizen);
  const { item, materials } = await itemChecklist(executor, input.itemId, {}, input.optionIds ?? []);
  if (item.status !== 'published') throw conflict('ITEM_WITHDRAWN', '该事项已停止办理');
  if (!item.online) throw conflict('NOT_ONLINE', '该事项不能网上申报，请到窗口办理');
  const centerId = input.centerId ?? item.centers[0]?.id;
  if (!centerId || !item.centers.some((c) => c.id === centerId)) throw badRequest('ITEM_NOT_OFFERED', '该事项不在此中心办理');
  const deliveryIssue = deliveryProblem(input.delivery, input.deliveryAddress);
  if (deliveryIssue) throw badRequest('ADDRESS_REQUIRED', deliveryIssue);
  const problems = uploadProblems(materials, input.materials);
  if (problems.length) throw badRequest('INVALID_UPLOADS', problems.join('；'), problems);
  await assertOwnFiles(executor, citizen.id, input.materials.map((m) => m.fileId));
  const fileOf = new Map(input.materials.map((m) => [m.materialId, m.fileId]));
  return inTransaction(executor, async (trx) => {
    const id = newId();
    const row = await trx
      .insertInto('remote_applications')
      .values({
        id,
        citizen_id: citizen.id,
        center_id: centerId,
        item_id: item.id,
        item_name: item.name,
        department_id: item.department.id,
        option_ids: JSON.stringify(input.optionIds ?? []),
        delivery: input.delivery,
        delivery_address: input.delivery === 'post' ? input.deliveryAddress!.trim() : null,
        submitted_at: now,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (materials.length) {
      await trx
        .insertInto('remote_application_materials')
        .values(materials.map((m, sort) => ({ application_id: id, material_id: m.id, name: m.name, required: m.required, sort, file_id: fileOf.get(m.id) ?? null })))
        .execute();
    }
    await recordAudit(trx, actor, { action: 'remote.application.submit', entityType: 'remote_application', entityId: id, centerId, after: { itemId: item.id, files: input.materials.length } });
    return toView(trx, row);
  });
}

/** 我的网上申报, newest first. */
export async function listMyApplications(executor: Executor, citizen: CitizenPrincipal): Promise<ApplicationView[]> {
  const rows = await executor.selectFrom('remote_applications').selectAll().where('citizen_id', '=', citizen.id).orderBy('created_at', 'desc').limit(100).execute();
  return toViews(executor, rows);
}

/** The center's online applications in a status (待预审 by default), oldest first: they are answered in order. */
export async function listCenterApplications(executor: Executor, principal: Principal | undefined, centerId: string, status: ApplicationStatus, page: number, pageSize: number): Promise<{ items: ApplicationView[]; total: number }> {
  await authorizeInCenter(executor, principal, reviewers, centerId);
  const base = executor.selectFrom('remote_applications').where('center_id', '=', centerId).where('status', '=', status);
  const { total } = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('submitted_at').orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { items: await toViews(executor, rows), total: Number(total) };
}

async function authorizeReview(executor: Executor, principal: Principal | undefined, row: ApplicationRow) {
  return authorizeInCenter(executor, principal, reviewers, row.center_id, row.department_id);
}

export async function getApplication(executor: Executor, principal: Principal | undefined, id: string): Promise<ApplicationView> {
  const row = await applicationRow(executor, id);
  if (principal?.kind === 'citizen') {
    if (row.citizen_id !== principal.id) throw notFound('网上申报', id);
  } else {
    await authorizeReview(executor, principal, row);
  }
  return toView(executor, row);
}

/**
 * 预审通过: the application becomes a case (channel online), which then follows the normal 受理 at the window;
 * the applicant is told by SMS. Every uploaded material counts as received, except those staff name as not
 * received (a file that does not stand in for the paper): the case starts with them missing, and a one-time
 * notice (待补正) asks for them.
 */
export async function passApplication(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, notReceived: string[] = [], now = currentTime()): Promise<ApplicationView> {
  return inTransaction(executor, async (trx) => {
    const row = await applicationRow(trx, id, true);
    await authorizeReview(trx, principal, row);
    const status = assertStep(row, 'pass');
    const person = await personOf(trx, row.citizen_id);
    const materials = await trx.selectFrom('remote_application_materials').select(['material_id', 'file_id']).where('application_id', '=', id).execute();
    if (notReceived.some((m) => !materials.some((x) => x.material_id === m))) throw badRequest('INVALID_MATERIAL', '材料不属于该申请');
    const uploaded = materials.filter((m) => m.file_id !== null && !notReceived.includes(m.material_id));
    const made = await createCase(
      trx,
      principal,
      actor,
      {
        itemId: row.item_id,
        centerId: row.center_id,
        applicant: { kind: 'person', name: person.name, idNumber: person.idNumber, phone: person.phone },
        answers: await answersOf(trx, row),
        channel: 'online',
        materials: uploaded.map((m) => ({ materialId: m.material_id, status: 'received' as const })),
        idempotencyKey: `online-application:${id}`,
      },
      now,
    );
    const updated = await trx.updateTable('remote_applications').set({ status, case_id: made.id, reviewed_by: actor.kind === 'user' ? actor.name : null, reviewed_at: now, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'remote.application.pass', entityType: 'remote_application', entityId: id, centerId: row.center_id, after: { caseId: made.id, caseNo: made.caseNo, notReceived } });
    await enqueueMessage(trx, { recipient: person.phone, reference: `remote:${id}`, body: `您网上申报的「${row.item_name}」已通过预审，办件编号 ${made.caseNo}，工作人员将尽快受理。` });
    return toView(trx, updated);
  });
}

/** The situation answers of an application, question by question, from the options chosen. */
async function answersOf(executor: Executor, row: ApplicationRow): Promise<Record<string, string>> {
  if (!row.option_ids.length) return {};
  const { item } = await itemChecklist(executor, row.item_id, {}, row.option_ids);
  const answers: Record<string, string> = {};
  for (const situation of item.situations) {
    const chosen = situation.options.find((o) => row.option_ids.includes(o.id));
    if (chosen) answers[situation.id] = chosen.id;
  }
  return answers;
}

/** 退回补正: each material sent back with its reason; the applicant is told by SMS and uploads again. */
export async function returnApplication(
  executor: Executor,
  principal: Principal | undefined,
  actor: Actor,
  id: string,
  input: { reasons: { materialId: string; reason: string }[]; note?: string },
  now = currentTime(),
): Promise<ApplicationView> {
  return inTransaction(executor, async (trx) => {
    const row = await applicationRow(trx, id, true);
    await authorizeReview(trx, principal, row);
    const status = assertStep(row, 'return');
    const materials = await trx.selectFrom('remote_application_materials').select('material_id').where('application_id', '=', id).execute();
    const problems = returnProblems(
      materials.map((m) => m.material_id),
      input.reasons,
    );
    if (problems.length) throw badRequest('INVALID_RETURN', problems.join('；'), problems);
    for (const { materialId, reason } of input.reasons) {
      await trx.updateTable('remote_application_materials').set({ return_reason: reason.trim() }).where('application_id', '=', id).where('material_id', '=', materialId).execute();
    }
    const updated = await trx
      .updateTable('remote_applications')
      .set({ status, return_note: input.note?.trim() || null, reviewed_by: actor.kind === 'user' ? actor.name : null, reviewed_at: now, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'remote.application.return', entityType: 'remote_application', entityId: id, centerId: row.center_id, after: input });
    const person = await personOf(trx, row.citizen_id);
    await enqueueMessage(trx, { recipient: person.phone, reference: `remote:${id}`, body: `您网上申报的「${row.item_name}」有 ${input.reasons.length} 项材料需要补正，请登录个人中心查看退回理由并重新上传。` });
    return toView(trx, updated);
  });
}

/** The applicant uploads the returned materials again; the application goes back to 预审. */
export async function resubmitApplication(executor: Executor, citizen: CitizenPrincipal, actor: Actor, id: string, uploads: { materialId: string; fileId: string }[], now = currentTime()): Promise<ApplicationView> {
  return inTransaction(executor, async (trx) => {
    const row = await applicationRow(trx, id, true);
    if (row.citizen_id !== citizen.id) throw notFound('网上申报', id);
    const status = assertStep(row, 'resubmit');
    const returned = await trx.selectFrom('remote_application_materials').selectAll().where('application_id', '=', id).where('return_reason', 'is not', null).execute();
    const problems = resubmitProblems(
      returned.map((m) => ({ id: m.material_id, name: m.name, required: m.required })),
      uploads,
    );
    if (problems.length) throw badRequest('INVALID_UPLOADS', problems.join('；'), problems);
    await assertOwnFiles(trx, citizen.id, uploads.map((u) => u.fileId));
    for (const upload of uploads) {
      await trx.updateTable('remote_application_materials').set({ file_id: upload.fileId, return_reason: null }).where('application_id', '=', id).where('material_id', '=', upload.materialId).execute();
    }
    const updated = await trx.updateTable('remote_applications').set({ status, return_note: null, submitted_at: now, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'remote.application.resubmit', entityType: 'remote_application', entityId: id, centerId: row.center_id, after: { materialIds: uploads.map((u) => u.materialId) } });
    return toView(trx, updated);
  });
}

// ---------------------------------------------------------------- after the case exists

/** The online application a case came from, if any. */
async function applicationOfCase(executor: Executor, caseId: string): Promise<ApplicationRow | undefined> {
  return executor.selectFrom('remote_applications').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

/** Who is asking about a case: its applicant (through the application it came from), or staff of its center. */
async function caseParty(executor: Executor, principal: Principal | undefined, caseId: string, staffRoles: readonly Parameters<typeof hasRole>[1][number][]): Promise<{ by: 'citizen' | 'staff'; view: CaseView }> {
  if (!principal) throw unauthorized();
  const view = await getCase(executor, caseId);
  if (principal.kind === 'citizen') {
    const application = await applicationOfCase(executor, caseId);
    if (!application || application.citizen_id !== principal.id) throw notFound('办件', caseId);
    return { by: 'citizen', view };
  }
  if (!hasRole(principal, staffRoles, await scopeOf(executor, view.centerId, view.departmentId))) throw forbidden();
  return { by: 'staff', view };
}

export interface SupplementView {
  id: string;
  caseId: string;
  materialId: string;
  materialName: string;
  file: FileView;
  confirmed: boolean;
  confirmedAt: string | null;
  createdAt: string;
}

async function supplementViews(executor: Executor, caseId: string, view: CaseView): Promise<SupplementView[]> {
  const rows = await executor.selectFrom('remote_supplements as s').innerJoin('remote_files as f', 'f.id', 's.file_id').selectAll('f').select(['s.id as supplement_id', 's.material_id', 's.confirmed_at', 's.created_at as supplied_at']).where('s.case_id', '=', caseId).orderBy('s.created_at').execute();
  return rows.map((r) => ({
    id: r.supplement_id,
    caseId,
    materialId: r.material_id,
    materialName: view.materials.find((m) => m.materialId === r.material_id)?.name ?? '',
    file: toFileView(r),
    confirmed: r.confirmed_at !== null,
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    createdAt: r.supplied_at.toISOString(),
  }));
}

/**
 * 补正 from the portal for a 待补正 case that came from an online application: the file waits for staff,
 * who look at it and confirm; only then does the case count the material as received.
 */
export async function supplyFromPortal(executor: Executor, citizen: CitizenPrincipal, actor: Actor, caseId: string, input: { materialId: string; fileId: string }): Promise<SupplementView> {
  const { view } = await caseParty(executor, citizen, caseId, []);
  if (view.status !== 'supplement') throw conflict('INVALID_CASE_STATE', `办件当前${view.statusLabel}，不需要补正材料`);
  const material = view.materials.find((m) => m.materialId === input.materialId);
  if (!material) throw badRequest('INVALID_MATERIAL', '材料不属于该办件');
  if (material.status !== 'missing' && material.status !== 'deferred') throw badRequest('MATERIAL_RECEIVED', `「${material.name}」已收到，无需补正`);
  await assertOwnFiles(executor, citizen.id, [input.fileId]);
  const id = newId();
  await executor.insertInto('remote_supplements').values({ id, case_id: caseId, material_id: input.materialId, file_id: input.fileId, citizen_id: citizen.id }).execute();
  await recordAudit(executor, actor, { action: 'remote.supplement.upload', entityType: 'case', entityId: caseId, centerId: view.centerId, after: { materialId: input.materialId, fileId: input.fileId } });
  return (await supplementViews(executor, caseId, view)).find((s) => s.id === id)!;
}

/** Staff confirm a material supplied from the portal: the case records it through the cases service. */
export async function confirmSupplement(executor: Executor, principal: Principal | undefined, actor: Actor, caseId: string, supplementId: string, now = currentTime()): Promise<SupplementView> {
  return inTransaction(executor, async (trx) => {
    const row = await trx.selectFrom('remote_supplements').selectAll().where('id', '=', supplementId).where('case_id', '=', caseId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('补正材料', supplementId);
    if (row.confirmed_at) throw conflict('ALREADY_CONFIRMED', '该补正材料已确认');
    const view = await supplyMaterials(trx, principal, actor, caseId, [row.material_id], now);
    await trx.updateTable('remote_supplements').set({ confirmed_by: actor.kind === 'user' ? actor.name : null, confirmed_at: now }).where('id', '=', supplementId).execute();
    return (await supplementViews(trx, caseId, view)).find((s) => s.id === supplementId)!;
  });
}

export interface ShipmentView {
  id: string;
  caseId: string;
  direction: ShipmentDirection;
  directionLabel: string;
  courier: string;
  trackingNo: string;
  address: string | null;
  enteredBy: string | null;
  createdAt: string;
}

async function shipmentViews(executor: Executor, caseId: string): Promise<ShipmentView[]> {
  const rows = await executor.selectFrom('remote_shipments').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    caseId,
    direction: r.direction,
    directionLabel: directionLabels[r.direction],
    courier: r.courier,
    trackingNo: r.tracking_no,
    address: r.address,
    enteredBy: r.entered_by_name,
    createdAt: r.created_at.toISOString(),
  }));
}

/** 不见面 by courier: the applicant enters the originals posted in; staff enter the result posted out. */
export async function addShipment(
  executor: Executor,
  principal: Principal | undefined,
  actor: Actor,
  caseId: string,
  input: { direction: ShipmentDirection; courier: string; trackingNo: string; address?: string },
): Promise<ShipmentView> {
  const { by, view } = await caseParty(executor, principal, caseId, reviewers);
  if (shipmentEnterer[input.direction] !== by) throw forbidden(by === 'citizen' ? '结果寄出由工作人员登记' : '原件寄交由申请人登记');
  const problem = shipmentProblem(input.direction, view, input.address);
  if (problem) throw conflict('INVALID_SHIPMENT', problem);
  if (!isTrackingNumber(input.trackingNo)) throw badRequest('INVALID_TRACKING_NO', '快递单号应为 6–30 位字母或数字');
  const id = newId();
  await executor
    .insertInto('remote_shipments')
    .values({ id, case_id: caseId, direction: input.direction, courier: input.courier.trim(), tracking_no: input.trackingNo.trim().toUpperCase(), address: input.address?.trim() || null, entered_by_name: actor.kind === 'anonymous' ? null : actor.name })
    .execute();
  await recordAudit(executor, actor, { action: 'remote.shipment.add', entityType: 'case', entityId: caseId, centerId: view.centerId, after: { direction: input.direction, courier: input.courier, trackingNo: input.trackingNo } });
  return (await shipmentViews(executor, caseId)).find((s) => s.id === id)!;
}

/** What the case drawer and the portal show of a case's remote side: its application, supplements and shipments. */
export async function remoteFactsOfCase(executor: Executor, principal: Principal | undefined, caseId: string): Promise<{ applicationId: string | null; delivery: ResultDelivery | null; deliveryAddress: string | null; supplements: SupplementView[]; shipments: ShipmentView[] }> {
  const { view } = await caseParty(executor, principal, caseId, caseReaders);
  const application = await applicationOfCase(executor, caseId);
  return {
    applicationId: application?.id ?? null,
    delivery: application?.delivery ?? null,
    deliveryAddress: application?.delivery_address ?? null,
    supplements: await supplementViews(executor, caseId, view),
    shipments: await shipmentViews(executor, caseId),
  };
}
