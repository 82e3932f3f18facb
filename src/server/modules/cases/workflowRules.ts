/**
 * The back-office route of a case, without I/O: the ordered steps an accepted case goes through before
 * its decision (承办 → 审核 → 决定 by default for an item that has one), and who may give the next opinion.
 */

/** The step that decides; every route ends with it. */
export const decisionStep = '决定';

/**
 * The route of an item with none configured: the decision alone, so an accepted case is decided at once
 * (the API that accepted and then decided directly keeps working unchanged).
 */
export const directRoute: readonly string[] = [decisionStep];

/** The route an admin starts from when giving an item its steps. */
export const standardRoute: readonly string[] = ['承办', '审核', decisionStep];

export const maxRouteSteps = 8;

/** The names a case's history shows for its back-office steps. */
export const workflowStepLabels: Record<string, string> = { advance: '提交下一步', 'send-back': '退回上一步' };

/** What is wrong with a route an admin wants to save (empty: nothing). */
export function routeProblems(steps: readonly string[]): string[] {
  const problems: string[] = [];
  if (steps.length === 0) return ['至少需要「决定」一个步骤'];
  if (steps.length > maxRouteSteps) problems.push(`步骤不能超过 ${maxRouteSteps} 个`);
  if (steps[steps.length - 1] !== decisionStep) problems.push('最后一个步骤必须是「决定」');
  if (steps.slice(0, -1).includes(decisionStep)) problems.push('「决定」只能是最后一个步骤');
  if (steps.some((s) => s.trim() === '' || s !== s.trim())) problems.push('步骤名称不能为空或首尾有空格');
  if (new Set(steps).size !== steps.length) problems.push('步骤名称不能重复');
  return problems;
}

export interface RouteState {
  steps: readonly string[];
  position: number;
}

export const currentStep = (route: RouteState): string => route.steps[route.position]!;

/** Only the last step (决定) may decide. */
export const atDecision = (route: RouteState): boolean => route.position === route.steps.length - 1;

/** The position after giving this step's opinion, or undefined at the decision (decided, not advanced). */
export function advancedPosition(route: RouteState): number | undefined {
  return atDecision(route) ? undefined : route.position + 1;
}

/** The position after sending back one step, or undefined at the first step. */
export function sentBackPosition(route: RouteState): number | undefined {
  return route.position === 0 ? undefined : route.position - 1;
}

/**
 * Whether someone may give the opinion of the current step: the steps before the decision (承办, 审核 …)
 * are each given by a different person — whoever gave the standing opinion of an earlier step may not
 * give another — unless the item allows one person to handle them (a one-person office). The decision
 * itself is the approver's whatever they did before.
 */
export function mayHandle(route: RouteState, handlersOfEarlierSteps: readonly (string | null)[], actorId: string, sameHandlerAllowed: boolean): boolean {
  if (sameHandlerAllowed || atDecision(route)) return true;
  return !handlersOfEarlierSteps.includes(actorId);
}
