import type { Selectable } from 'kysely';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { currentTime } from '../../platform/clock.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { isValidCreditCode, isValidIdNumber, lookupHash, normaliseIdNumber } from '../../platform/identity.ts';
import { newId } from '../../platform/ids.ts';
import { maskIdNumber, maskName } from '../../platform/masking.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { getItemGuide } from '../catalog/service.ts';
import { idHashOf, scanPersonalCode, type CitizenPrincipal, type IdentifiedPerson } from '../citizens/service.ts';
import { authorizeInCenter } from '../org/service.ts';
import { licenceKey, licenceStatus, licenceStatusLabels, maskLicenceNo, unheldLicences, validUntilOf, type ConsentKind, type HolderKind, type LicenceStatus } from './rules.ts';
import type { ElicensesTable } from './tables.ts';

export interface HolderInput {
  kind: HolderKind;
  idNumber?: string;
  creditCode?: string;
}

/** A licence as every screen shows it: the holder's name and the licence number masked. */
export interface LicenceView {
  id: string;
  holderKind: HolderKind;
  holderName: string;
  licenceType: string;
  licenceNo: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  status: LicenceStatus;
  statusLabel: string;
  sourceCaseId: string | null;
}

/** Who may read a holder's licences at a center (with the holder's consent). */
const readerRoles = ['window_staff', 'center_manager', 'admin'] as const;

function toView(row: Selectable<ElicensesTable>, today: string): LicenceView {
  const status = licenceStatus({ revokedAt: row.revoked_at, validUntil: row.valid_until }, today);
  return {
    id: row.id,
    holderKind: row.holder_kind,
    holderName: row.holder_kind === 'person' ? maskName(row.holder_name) : row.holder_name,
    licenceType: row.licence_type,
    licenceNo: maskLicenceNo(row.licence_no),
    issuer: row.issuer,
    issuedOn: row.issued_on,
    validUntil: row.valid_until,
    status,
    statusLabel: licenceStatusLabels[status],
    sourceCaseId: row.source_case_id,
  };
}

/** The holder's lookup hash, with the identifier checked (GB 11643 / GB 32100) and masked for the audit record. */
function checkedHolder(holder: HolderInput): { kind: HolderKind; hash: string; masked: string } {
  if (holder.kind === 'person') {
    const idNumber = normaliseIdNumber(holder.idNumber ?? '');
    if (!isValidIdNumber(idNumber)) throw badRequest('INVALID_ID_NUMBER', '身份证号码不正确，请核对后重新输入');
    return { kind: 'person', hash: lookupHash(idNumber), masked: maskIdNumber(idNumber) };
  }
  const creditCode = (holder.creditCode ?? '').trim().toUpperCase();
  if (!isValidCreditCode(creditCode)) throw badRequest('INVALID_CREDIT_CODE', '统一社会信用代码不正确，请核对后重新输入');
  return { kind: 'company', hash: lookupHash(creditCode), masked: creditCode };
}

async function licencesOf(executor: Executor, kind: HolderKind, holderHash: string, today: string): Promise<LicenceView[]> {
  const rows = await executor.selectFrom('elicenses').selectAll().where('holder_kind', '=', kind).where('holder_hash', '=', holderHash).orderBy('licence_type').orderBy('issued_on', 'desc').execute();
  return rows.map((row) => toView(row, today));
}

/** A staff read, in the audit log: who read whose licences, under which consent, and which licences they saw. */
async function auditedRead(executor: Executor, actor: Actor, centerId: string, holder: { kind: HolderKind; hash: string; masked: string }, consent: ConsentKind, now: Date) {
  const licences = await licencesOf(executor, holder.kind, holder.hash, shanghaiDate(now));
  await recordAudit(executor, actor, {
    action: 'elicense.read',
    entityType: 'elicense_holder',
    entityId: holder.hash,
    centerId,
    after: { holder: holder.masked, consent, licences: licences.map((l) => ({ id: l.id, licenceType: l.licenceType, licenceNo: l.licenceNo })) },
  });
  return { consent, licences };
}

/** 调用电子证照 at the window: only when the window records that the applicant agreed. */
export async function readLicencesWithConsent(executor: Executor, principal: Principal | undefined, actor: Actor, input: { centerId: string; holder: HolderInput; applicantAgreed: boolean }, now = currentTime()) {
  await authorizeInCenter(executor, principal, readerRoles, input.centerId);
  if (!input.applicantAgreed) throw forbidden('调用电子证照须经申请人同意，请先确认“申请人已同意调用电子证照”', 'CONSENT_REQUIRED');
  return auditedRead(executor, actor, input.centerId, checkedHolder(input.holder), 'applicant_agreed', now);
}

/** 亮码 at the window: the scan identifies the person and is their consent to read their licences. */
export async function readLicencesByPersonalCode(executor: Executor, principal: Principal | undefined, actor: Actor, input: { centerId: string; code: string }, now = currentTime()): Promise<{ person: IdentifiedPerson; consent: 'personal_code'; licences: LicenceView[] }> {
  await authorizeInCenter(executor, principal, readerRoles, input.centerId);
  const person = await scanPersonalCode(executor, actor, input.code, 'window', now);
  const holder = { kind: 'person' as const, hash: lookupHash(person.idNumber), masked: maskIdNumber(person.idNumber) };
  const { licences } = await auditedRead(executor, actor, input.centerId, holder, 'personal_code', now);
  return { person, consent: 'personal_code', licences };
}

/** 我的电子证照: the signed-in person's own licences, after real-name binding. */
export async function licencesOfCitizen(executor: Executor, citizen: CitizenPrincipal, now = currentTime()): Promise<LicenceView[]> {
  const hash = await idHashOf(executor, citizen);
  if (!hash) throw forbidden('请先完成实名认证', 'REAL_NAME_REQUIRED');
  return licencesOf(executor, 'person', hash, shanghaiDate(now));
}

/**
 * A case's materials marked 电子证照 must each be replaced by a valid licence the applicant holds (by the
 * material's name); otherwise the case is refused, naming the materials.
 */
export async function assertLicencesHeld(executor: Executor, applicant: { kind: HolderKind; hash: string }, materialNames: string[], now = currentTime()): Promise<void> {
  if (!materialNames.length) return;
  const held = await licencesOf(executor, applicant.kind, applicant.hash, shanghaiDate(now));
  const missing = unheldLicences(materialNames, held.filter((l) => l.status === 'valid').map((l) => l.licenceType));
  if (missing.length) throw badRequest('ELICENSE_NOT_FOUND', `申请人没有有效的电子证照：${missing.join('、')}，请收取纸质材料`, { materials: missing });
}

/** A licence registered from an issuing authority's records (before that authority's interface is connected). */
export async function registerLicence(
  executor: Executor,
  actor: Actor,
  input: { holder: HolderInput; holderName: string; licenceType: string; licenceNo: string; issuer: string; issuedOn: string; validUntil?: string | null },
  now = currentTime(),
): Promise<LicenceView> {
  const holder = checkedHolder(input.holder);
  const validUntil = input.validUntil ?? null;
  if (validUntil !== null && validUntil < input.issuedOn) throw badRequest('INVALID_VALIDITY', '有效期不能早于发证日期');
  return inTransaction(executor, async (trx) => {
    const licenceNo = input.licenceNo.trim();
    // A number registered twice at once: the second insert does nothing and is answered 409, not 500.
    const row = await trx
      .insertInto('elicenses')
      .values({ id: newId(), holder_kind: holder.kind, holder_hash: holder.hash, holder_name: input.holderName.trim(), licence_type: input.licenceType.trim(), licence_no: licenceNo, issuer: input.issuer.trim(), issued_on: input.issuedOn, valid_until: validUntil, revoked_at: null, revoke_reason: null, source_case_id: null, created_at: now })
      .onConflict((oc) => oc.column('licence_no').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw conflict('LICENCE_NO_TAKEN', '该证照编号已登记');
    await recordAudit(trx, actor, { action: 'elicense.register', entityType: 'elicense', entityId: row.id, after: { holder: holder.masked, licenceType: row.licence_type, licenceNo: maskLicenceNo(licenceNo) } });
    return toView(row, shanghaiDate(now));
  });
}

/** 注销: a revoked licence no longer replaces a material. */
export async function revokeLicence(executor: Executor, actor: Actor, id: string, reason: string, now = currentTime()): Promise<LicenceView> {
  return inTransaction(executor, async (trx) => {
    const row = await trx.selectFrom('elicenses').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('电子证照', id);
    if (row.revoked_at) throw conflict('LICENCE_REVOKED', '该证照已注销');
    const updated = await trx.updateTable('elicenses').set({ revoked_at: now, revoke_reason: reason.trim() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'elicense.revoke', entityType: 'elicense', entityId: id, after: { reason: reason.trim() } });
    return toView(updated, shanghaiDate(now));
  });
}

// ------------------------------------------------------------ licences issued by approved cases

export interface DecidedCase {
  id: string;
  caseNo: string;
  itemId: string;
  applicantKind: HolderKind;
  applicantHash: string;
  applicantName: string;
}

/** 准予 issues the licence the item is set to issue (if any) into the applicant's store, once per case, by the item's department. */
export async function issueCaseLicence(executor: Executor, kase: DecidedCase, now = currentTime()): Promise<void> {
  const result = await executor.selectFrom('item_result_licences').selectAll().where('item_id', '=', kase.itemId).executeTakeFirst();
  if (!result) return;
  const item = await getItemGuide(executor, kase.itemId);
  const issuedOn = shanghaiDate(now);
  const issued = await executor
    .insertInto('elicenses')
    .values({ id: newId(), holder_kind: kase.applicantKind, holder_hash: kase.applicantHash, holder_name: kase.applicantName, licence_type: result.licence_type, licence_no: `OD${kase.caseNo}`, issuer: item.department.name, issued_on: issuedOn, valid_until: validUntilOf(issuedOn, result.valid_years), revoked_at: null, revoke_reason: null, source_case_id: kase.id, created_at: now })
    // One licence per case; a number already registered by hand is not issued twice either.
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (issued) await recordAudit(executor, { kind: 'system', name: '电子证照' }, { action: 'elicense.issue', entityType: 'elicense', entityId: issued.id, after: { caseId: kase.id, licenceType: result.licence_type } });
}

export interface ItemResultView {
  itemId: string;
  itemName: string;
  licenceType: string;
  validYears: number | null;
}

export async function listItemResults(executor: Executor): Promise<ItemResultView[]> {
  const rows = await executor.selectFrom('item_result_licences').selectAll().orderBy('licence_type').execute();
  return Promise.all(rows.map(async (row) => ({ itemId: row.item_id, itemName: (await getItemGuide(executor, row.item_id)).name, licenceType: row.licence_type, validYears: row.valid_years })));
}

/** Sets which licence an approved case of the item issues. */
export async function setItemResult(executor: Executor, actor: Actor, itemId: string, input: { licenceType: string; validYears?: number }, now = currentTime()): Promise<ItemResultView> {
  const validYears = input.validYears ?? null;
  const item = await getItemGuide(executor, itemId);
  const licenceType = input.licenceType.trim();
  if (!licenceKey(licenceType)) throw badRequest('INVALID_LICENCE_TYPE', '请填写证照名称');
  return inTransaction(executor, async (trx) => {
    await trx
      .insertInto('item_result_licences')
      .values({ item_id: itemId, licence_type: licenceType, valid_years: validYears, updated_at: now })
      .onConflict((oc) => oc.column('item_id').doUpdateSet({ licence_type: licenceType, valid_years: validYears, updated_at: now }))
      .execute();
    await recordAudit(trx, actor, { action: 'elicense.item_result', entityType: 'item', entityId: itemId, after: { licenceType, validYears } });
    return { itemId, itemName: item.name, licenceType, validYears };
  });
}

export async function removeItemResult(executor: Executor, actor: Actor, itemId: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const removed = await trx.deleteFrom('item_result_licences').where('item_id', '=', itemId).returning('item_id').executeTakeFirst();
    if (!removed) throw notFound('事项的发证设置', itemId);
    await recordAudit(trx, actor, { action: 'elicense.item_result_remove', entityType: 'item', entityId: itemId });
  });
}
