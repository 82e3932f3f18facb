import type { Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { maskName } from '../../platform/masking.ts';
import { currentTime } from '../../platform/clock.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { getBundle, itemChecklist } from '../catalog/service.ts';
import { authorizeInCenter } from '../org/service.ts';
import { bundleStatusLabels, bundleStatusOf, shareMaterials, type BundleStatus, type GivenMaterial } from './bundleRules.ts';
import { statusLabels, suffixMatches, type CaseStatus } from './rules.ts';
import { assertQueryAllowed, createCase, nextCaseNumber, type Applicant } from './service.ts';

export interface BundleCaseInput {
  bundleId: string;
  centerId?: string;
  applicant: Applicant;
  channel: 'window' | 'online' | 'terminal';
  ticketId?: string;
  items: { itemId: string; situationId?: string; answers?: Record<string, string>; materials: GivenMaterial[] }[];
  idempotencyKey?: string;
}

export interface BundleCaseView {
  id: string;
  caseNo: string;
  bundle: true;
  bundleId: string;
  bundleName: string;
  centerId: string;
  status: BundleStatus;
  statusLabel: string;
  applicantName: string;
  children: { id: string; caseNo: string; itemId: string; itemName: string; status: CaseStatus; statusLabel: string }[];
  createdAt: string;
}

async function childrenOf(executor: Executor, parentId: string) {
  return executor
    .selectFrom('bundle_case_children as b')
    .innerJoin('cases as c', 'c.id', 'b.case_id')
    .select(['c.id', 'c.case_no', 'c.item_id', 'c.item_name', 'c.status', 'c.promised_deadline'])
    .where('b.parent_id', '=', parentId)
    .orderBy('b.sort')
    .execute();
}

async function bundleCaseView(executor: Executor, row: { id: string; case_no: string; bundle_id: string; bundle_name: string; center_id: string; applicant_name: string; created_at: Date }): Promise<BundleCaseView> {
  const children = await childrenOf(executor, row.id);
  const status = bundleStatusOf(children.map((c) => c.status));
  return {
    id: row.id,
    caseNo: row.case_no,
    bundle: true,
    bundleId: row.bundle_id,
    bundleName: row.bundle_name,
    centerId: row.center_id,
    status,
    statusLabel: bundleStatusLabels[status],
    applicantName: maskName(row.applicant_name),
    children: children.map((c) => ({ id: c.id, caseNo: c.case_no, itemId: c.item_id, itemName: c.item_name, status: c.status, statusLabel: statusLabels[c.status] })),
    createdAt: row.created_at.toISOString(),
  };
}

/** A 一件事 application, or undefined when the id is not one (it may be a case's). */
export async function findBundleCase(executor: Executor, id: string): Promise<BundleCaseView | undefined> {
  const row = await executor.selectFrom('bundle_cases').selectAll().where('id', '=', id).executeTakeFirst();
  return row && bundleCaseView(executor, row);
}

export async function getBundleCase(executor: Executor, id: string): Promise<BundleCaseView> {
  const found = await findBundleCase(executor, id);
  if (!found) throw notFound('一件事办件', id);
  return found;
}

/** The 一件事 a child case belongs to (null: a case of its own). */
export async function parentOf(executor: Executor, caseId: string): Promise<{ id: string; caseNo: string; bundleName: string } | null> {
  const row = await executor
    .selectFrom('bundle_case_children as b')
    .innerJoin('bundle_cases as p', 'p.id', 'b.parent_id')
    .select(['p.id', 'p.case_no', 'p.bundle_name'])
    .where('b.case_id', '=', caseId)
    .executeTakeFirst();
  return row ? { id: row.id, caseNo: row.case_no, bundleName: row.bundle_name } : null;
}

/**
 * Takes in a 一件事 application: one parent case and a child case per chosen item, in one transaction —
 * any child refused (a wrong checklist, an item not offered here) leaves nothing written. The applicant
 * is entered once and a material the items share once (by name). An Idempotency-Key makes a retry
 * return the parent the first request made.
 */
export async function createBundleCase(executor: Executor, principal: Principal | undefined, actor: Actor, input: BundleCaseInput, now = currentTime()): Promise<BundleCaseView> {
  const key = input.idempotencyKey;
  const madeBefore = async (trx: Executor) => {
    const existing = key ? await trx.selectFrom('bundle_cases').selectAll().where('idempotency_key', '=', key).executeTakeFirst() : undefined;
    if (existing) await authorizeInCenter(trx, principal, ['window_staff', 'center_manager', 'admin'], existing.center_id);
    return existing && bundleCaseView(trx, existing);
  };
  try {
    return await inTransaction(executor, async (trx) => (await madeBefore(trx)) ?? createBundleCaseOnce(trx, principal, actor, input, now));
  } catch (error) {
    // A retry racing the first request (PostgreSQL): it waited on the first one's key and lost; answer with its parent.
    if (key && !executor.isTransaction && (error as { code?: string }).code === '23505') {
      const existing = await madeBefore(executor);
      if (existing) return existing;
    }
    throw error;
  }
}

async function createBundleCaseOnce(trx: Executor, principal: Principal | undefined, actor: Actor, input: BundleCaseInput, now: Date): Promise<BundleCaseView> {
  const bundle = await getBundle(trx, input.bundleId);
  const itemIds = input.items.map((i) => i.itemId);
  if (new Set(itemIds).size !== itemIds.length) throw badRequest('INVALID_BUNDLE_ITEMS', '同一事项只能申请一次');
  const foreign = itemIds.filter((id) => !bundle.items.some((i) => i.id === id));
  if (foreign.length) throw badRequest('INVALID_BUNDLE_ITEMS', `所选事项不属于「${bundle.name}」`, { itemIds: foreign });
  const checklists = [];
  for (const i of input.items) checklists.push({ itemId: i.itemId, materials: (await itemChecklist(trx, i.itemId, i.answers ?? {}, i.situationId ? [i.situationId] : [])).materials });
  const { perItem, conflicts, unknown } = shareMaterials(checklists, input.items.flatMap((i) => i.materials));
  if (unknown.length) throw badRequest('INVALID_MATERIAL', '材料清单中有不属于所选事项（情形）的材料', { materialIds: unknown });
  if (conflicts.length) throw badRequest('INVALID_CHECKLIST', `同一材料只能有一种收取情况：${conflicts.join('、')}`, conflicts);

  const id = newId();
  const children = [];
  const caseNo = await nextCaseNumber(trx, shanghaiDate(now));
  for (const i of input.items) {
    const { itemId, situationId, answers } = i;
    children.push(
      await createCase(trx, principal, actor, { itemId, situationId, answers, centerId: input.centerId, applicant: input.applicant, ticketId: input.ticketId, channel: input.channel, materials: perItem.get(itemId)! }, now),
    );
  }
  const centerId = children[0]!.centerId;
  if (children.some((c) => c.centerId !== centerId)) throw badRequest('ITEM_NOT_OFFERED', '一件事的各事项须在同一中心办理，请选择办理中心');
  await trx
    .insertInto('bundle_cases')
    .values({
      id,
      case_no: caseNo,
      bundle_id: bundle.id,
      bundle_name: bundle.name,
      center_id: centerId,
      applicant_name: input.applicant.name,
      applicant_identifier: (input.applicant.kind === 'person' ? input.applicant.idNumber! : input.applicant.creditCode!).trim().toUpperCase(),
      created_by: actor.kind === 'user' ? actor.id : null,
      idempotency_key: input.idempotencyKey ?? null,
      created_at: now,
    })
    .execute();
  await trx.insertInto('bundle_case_children').values(children.map((c, sort) => ({ parent_id: id, case_id: c.id, sort }))).execute();
  await recordAudit(trx, actor, { action: 'bundle_case.create', entityType: 'bundle_case', entityId: id, centerId, after: { bundleId: bundle.id, children: children.map((c) => c.caseNo) } });
  return getBundleCase(trx, id);
}

/**
 * The public progress of a 一件事's number (with the applicant's last six characters): each child's item
 * and status. Undefined when the number is not a 一件事's or the suffix is wrong — the case query then
 * answers (and counts the wrong guess) exactly as for any unknown number.
 */
export async function publicBundleProgress(executor: Executor, caseNo: string, idSuffix: string, ip: string, now = currentTime()) {
  const row = await executor.selectFrom('bundle_cases').selectAll().where('case_no', '=', caseNo).executeTakeFirst();
  if (!row || !suffixMatches(row.applicant_identifier, idSuffix)) return undefined;
  await assertQueryAllowed(executor, ip, now);
  const view = await bundleCaseView(executor, row);
  const children = await childrenOf(executor, row.id);
  return {
    caseNo: view.caseNo,
    itemName: view.bundleName,
    status: view.status,
    statusLabel: view.statusLabel,
    applicantName: view.applicantName,
    steps: [{ name: '申报', at: view.createdAt }],
    promisedDeadline: null,
    rateableId: null,
    children: children.map((c) => ({ caseNo: c.case_no, itemName: c.item_name, statusLabel: statusLabels[c.status], promisedDeadline: c.promised_deadline })),
  };
}
