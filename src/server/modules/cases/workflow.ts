import type { Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { currentTime } from '../../platform/clock.ts';
import { getItemGuide } from '../catalog/service.ts';
import { authorizeInCenter, getDepartment } from '../org/service.ts';
import { statusLabels } from './rules.ts';
import { addStep, getCase, publishCaseChange, type CaseView } from './service.ts';
import { advancedPosition, atDecision, currentStep, directRoute, mayHandle, routeProblems, sentBackPosition, type RouteState } from './workflowRules.ts';

export interface ItemWorkflow {
  itemId: string;
  steps: string[];
  sameHandlerAllowed: boolean;
  /** false: the item has no route of its own and is decided directly. */
  configured: boolean;
}

export async function getItemWorkflow(executor: Executor, itemId: string): Promise<ItemWorkflow> {
  const row = await executor.selectFrom('item_workflows').selectAll().where('item_id', '=', itemId).executeTakeFirst();
  if (!row) {
    await getItemGuide(executor, itemId);
    return { itemId, steps: [...directRoute], sameHandlerAllowed: false, configured: false };
  }
  return { itemId, steps: row.steps, sameHandlerAllowed: row.same_handler_allowed, configured: true };
}

/** Saves an item's route (cases already accepted keep the route they started with). */
export async function saveItemWorkflow(executor: Executor, actor: Actor, itemId: string, input: { steps: string[]; sameHandlerAllowed: boolean }, now = currentTime()): Promise<ItemWorkflow> {
  const problems = routeProblems(input.steps);
  if (problems.length) throw badRequest('INVALID_WORKFLOW', problems.join('；'), problems);
  return inTransaction(executor, async (trx) => {
    const before = await getItemWorkflow(trx, itemId);
    const values = { steps: JSON.stringify(input.steps), same_handler_allowed: input.sameHandlerAllowed, updated_at: now };
    await trx
      .insertInto('item_workflows')
      .values({ item_id: itemId, ...values })
      .onConflict((oc) => oc.column('item_id').doUpdateSet(values))
      .execute();
    const after = await getItemWorkflow(trx, itemId);
    await recordAudit(trx, actor, { action: 'item.workflow', entityType: 'item', entityId: itemId, before, after });
    return after;
  });
}

/** The department a route is edited for: an admin over the item's department's center. */
export async function itemWorkflowScope(executor: Executor, itemId: string): Promise<{ centerId: string; departmentId: string }> {
  const item = await getItemGuide(executor, itemId);
  const department = await getDepartment(executor, item.department.id);
  return { centerId: department.centerId, departmentId: item.department.id };
}

interface CaseRoute extends RouteState {
  sameHandlerAllowed: boolean;
}

/**
 * The route a case follows: copied from its item when the case is accepted (or, for a case accepted
 * before routes existed, when first acted on), so changing an item's route later does not move cases
 * already under way. A read of a case not yet accepted shows its item's route without copying it.
 */
async function routeOf(trx: Executor, caseId: string, itemId: string, copy = true): Promise<CaseRoute> {
  const existing = await trx.selectFrom('case_routes').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (existing) return { steps: existing.steps, position: existing.position, sameHandlerAllowed: existing.same_handler_allowed };
  const workflow = await getItemWorkflow(trx, itemId);
  if (!copy) return { steps: workflow.steps, position: 0, sameHandlerAllowed: workflow.sameHandlerAllowed };
  await trx
    .insertInto('case_routes')
    .values({ case_id: caseId, steps: JSON.stringify(workflow.steps), same_handler_allowed: workflow.sameHandlerAllowed, position: 0 })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
  return { steps: workflow.steps, position: 0, sameHandlerAllowed: workflow.sameHandlerAllowed };
}

export interface Opinion {
  position: number;
  stepName: string;
  kind: 'advance' | 'send_back';
  opinion: string;
  actorName: string | null;
  at: string;
}

export interface CaseRouteView {
  steps: string[];
  position: number;
  currentStep: string;
  /** Only at the last step may the case be decided. */
  atDecision: boolean;
  opinions: Opinion[];
}

async function opinionsOf(executor: Executor, caseId: string) {
  return executor.selectFrom('case_opinions').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

/** Puts a case just accepted at the first step of its item's route (called by acceptCase in its transaction). */
export async function startRoute(trx: Executor, caseRow: { id: string; item_id: string }): Promise<void> {
  await routeOf(trx, caseRow.id, caseRow.item_id);
}

/** Where a case stands on its route, and the opinions given so far. */
export async function caseRoute(executor: Executor, caseRow: { id: string; itemId: string }): Promise<CaseRouteView> {
  const route = await routeOf(executor, caseRow.id, caseRow.itemId, false);
  const opinions = await opinionsOf(executor, caseRow.id);
  return {
    steps: [...route.steps],
    position: route.position,
    currentStep: currentStep(route),
    atDecision: atDecision(route),
    opinions: opinions.map((o) => ({ position: o.position, stepName: o.step_name, kind: o.kind, opinion: o.opinion, actorName: o.actor_name, at: o.at.toISOString() })),
  };
}

/** Refuses a decision before the case reaches the last step of its route (called by decideCase in its transaction). */
export async function assertAtDecision(trx: Executor, caseRow: { id: string; item_id: string }): Promise<void> {
  const route = await routeOf(trx, caseRow.id, caseRow.item_id);
  if (!atDecision(route)) throw conflict('INVALID_CASE_STATE', `办件当前在「${currentStep(route)}」步骤，须逐步提交到「决定」后才能作出决定`, { step: currentStep(route) });
}

async function lockedAcceptedCase(trx: Executor, principal: Principal | undefined, id: string) {
  const row = await trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('办件', id);
  const user = await authorizeInCenter(trx, principal, ['dept_approver', 'admin'], row.center_id, row.department_id);
  if (row.status !== 'accepted') throw conflict('INVALID_CASE_STATE', `办件当前${statusLabels[row.status]}，不能办理后台步骤`, { status: row.status });
  return { row, user, route: await routeOf(trx, row.id, row.item_id) };
}

/**
 * 提交下一步: the opinion of the current step (承办意见, 审核意见 …) recorded and the case moved on; at
 * 决定 the case is decided instead (POST /decide).
 */
export async function advanceCase(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, opinion: string, now = currentTime()): Promise<CaseView> {
  if (!opinion.trim()) throw badRequest('OPINION_REQUIRED', '请填写本步骤的意见');
  return inTransaction(executor, async (trx) => {
    const { row, user, route } = await lockedAcceptedCase(trx, principal, id);
    const next = advancedPosition(route);
    if (next === undefined) throw conflict('INVALID_CASE_STATE', '办件已到「决定」步骤，请作出决定', { step: currentStep(route) });
    const standing = standingHandlers(await opinionsOf(trx, id), route.position);
    if (!mayHandle(route, standing, user.id, route.sameHandlerAllowed)) throw forbidden(`您已办理本件的前一步骤，「${currentStep(route)}」须由另一位审批人员办理`);
    const step = currentStep(route);
    await trx.insertInto('case_opinions').values({ case_id: id, position: route.position, step_name: step, kind: 'advance', opinion, actor_id: user.id, actor_name: actor.kind === 'anonymous' ? null : actor.name, at: now }).execute();
    await trx.updateTable('case_routes').set({ position: next }).where('case_id', '=', id).execute();
    await addStep(trx, now, actor, id, 'advance', row.status, `${step}：${opinion}`);
    await recordAudit(trx, actor, { action: 'case.advance', entityType: 'case', entityId: id, centerId: row.center_id, after: { step, next: route.steps[next], opinion } });
    await publishCaseChange(trx, row, row.status);
    return getCase(trx, id);
  });
}

/** 退回上一步: the previous step is to be done again, for the reason given. */
export async function sendBackCase(executor: Executor, principal: Principal | undefined, actor: Actor, id: string, reason: string, now = currentTime()): Promise<CaseView> {
  if (!reason.trim()) throw badRequest('REASON_REQUIRED', '退回须说明理由');
  return inTransaction(executor, async (trx) => {
    const { row, user, route } = await lockedAcceptedCase(trx, principal, id);
    const previous = sentBackPosition(route);
    if (previous === undefined) throw conflict('INVALID_CASE_STATE', `办件在第一个步骤「${currentStep(route)}」，无处退回`, { step: currentStep(route) });
    const step = currentStep(route);
    await trx.insertInto('case_opinions').values({ case_id: id, position: route.position, step_name: step, kind: 'send_back', opinion: reason, actor_id: user.id, actor_name: actor.kind === 'anonymous' ? null : actor.name, at: now }).execute();
    await trx.updateTable('case_routes').set({ position: previous }).where('case_id', '=', id).execute();
    await addStep(trx, now, actor, id, 'send-back', row.status, `${step}退回「${route.steps[previous]}」：${reason}`);
    await recordAudit(trx, actor, { action: 'case.send_back', entityType: 'case', entityId: id, centerId: row.center_id, after: { from: step, to: route.steps[previous], reason } });
    await publishCaseChange(trx, row, row.status);
    return getCase(trx, id);
  });
}

/** Who gave the standing opinion of each step before `position` (a step sent back to is done again, so its later opinion counts). */
function standingHandlers(opinions: { position: number; kind: 'advance' | 'send_back'; actor_id: string | null }[], position: number): (string | null)[] {
  const latest = new Map<number, string | null>();
  for (const o of opinions) if (o.kind === 'advance' && o.position < position) latest.set(o.position, o.actor_id);
  return [...latest.values()];
}
