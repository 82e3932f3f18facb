/**
 * 一本总账 (the project ledger), 暖企 policies and 政务定制: the pure rules. A project walks the eight stages
 * of an investment in order; each stage lists the catalogue items it needs; a stage that runs past its norm
 * or holds a late case is a bottleneck.
 */

export const stages = ['attract', 'approval', 'land', 'planning', 'construction', 'completion', 'registration', 'production'] as const;
export type Stage = (typeof stages)[number];

export const stageLabels: Record<Stage, string> = {
  attract: '招商引资',
  approval: '立项',
  land: '用地',
  planning: '规划',
  construction: '施工许可',
  completion: '竣工验收',
  registration: '不动产登记',
  production: '投产',
};

export const stageIndex = (stage: Stage): number => stages.indexOf(stage);

/** The stage after `stage`, none after 投产. */
export function nextStage(stage: Stage): Stage | undefined {
  return stages[stageIndex(stage) + 1];
}

export type MoveProblem = { code: 'FINAL_STAGE' | 'STAGE_SKIPPED' | 'STAGE_BACKWARDS'; message: string };

/** Why a project in `from` may not move to `to`: only the very next stage can follow. */
export function moveProblem(from: Stage, to: Stage): MoveProblem | undefined {
  const next = nextStage(from);
  if (!next) return { code: 'FINAL_STAGE', message: '项目已投产，没有下一阶段' };
  if (stageIndex(to) <= stageIndex(from)) return { code: 'STAGE_BACKWARDS', message: `项目已在${stageLabels[from]}阶段，不能回到${stageLabels[to]}` };
  if (to !== next) return { code: 'STAGE_SKIPPED', message: `不能跳过阶段：${stageLabels[from]}之后应进入${stageLabels[next]}` };
  return undefined;
}

/** Whether an item's code satisfies a required code: the item itself, or one of its variants (GD-0117-QJ is GD-0117 done at district level). */
export const codeSatisfies = (itemCode: string, requiredCode: string): boolean => itemCode === requiredCode || itemCode.startsWith(`${requiredCode}-`);

export interface StageItem {
  code: string;
  name: string;
}

/** A case linked to a project, as far as the ledger's rules care. */
export interface LinkedCaseFacts {
  stage: Stage;
  itemCode: string;
  completed: boolean;
  caseNo: string;
  warning: 'due_soon' | 'overdue' | null;
}

/** The items of a stage still to do: those with no completed linked case of that stage. */
export function nextRequiredItems<I extends StageItem>(stageItems: readonly I[], linked: readonly LinkedCaseFacts[], stage: Stage): I[] {
  const done = linked.filter((c) => c.stage === stage && c.completed);
  return stageItems.filter((item) => !done.some((c) => codeSatisfies(c.itemCode, item.code)));
}

/** When a project entered a stage and, unless it is still there, when it left. */
export interface StageVisit {
  stage: Stage;
  enteredOn: string;
  leftOn: string | null;
}

/**
 * Working days spent in each stage (summed over visits), counting up to `today` for the open one;
 * `countWorkingDays(a, b)` is the calendar's working days after `a` up to and including `b`.
 */
export function elapsedWorkingDays(visits: readonly StageVisit[], today: string, countWorkingDays: (from: string, to: string) => number): Map<Stage, number> {
  const elapsed = new Map<Stage, number>();
  for (const visit of visits) {
    const days = Math.max(0, countWorkingDays(visit.enteredOn, visit.leftOn ?? today));
    elapsed.set(visit.stage, (elapsed.get(visit.stage) ?? 0) + days);
  }
  return elapsed;
}

export interface Bottleneck {
  stage: Stage;
  kind: 'over_norm' | 'case_overdue' | 'case_due_soon';
  reason: string;
  caseNo?: string;
}

/** Stages past their norm (days per stage; none for a stage without one) and linked open cases that are late or nearly so. */
export function findBottlenecks(elapsed: ReadonlyMap<Stage, number>, norms: Partial<Record<Stage, number | null>>, linked: readonly LinkedCaseFacts[]): Bottleneck[] {
  const found: Bottleneck[] = [];
  for (const stage of stages) {
    const days = elapsed.get(stage);
    const norm = norms[stage];
    if (days !== undefined && norm !== undefined && norm !== null && days > norm) {
      found.push({ stage, kind: 'over_norm', reason: `${stageLabels[stage]}阶段已用 ${days} 个工作日，超过标准 ${norm} 个工作日` });
    }
    for (const c of linked.filter((l) => l.stage === stage && !l.completed && l.warning)) {
      found.push(
        c.warning === 'overdue'
          ? { stage, kind: 'case_overdue', caseNo: c.caseNo, reason: `办件 ${c.caseNo} 已超过承诺时限` }
          : { stage, kind: 'case_due_soon', caseNo: c.caseNo, reason: `办件 ${c.caseNo} 即将到期` },
      );
    }
  }
  return found;
}

// ---------------------------------------------------------------- 暖企 policies

/** A company's profile, what policy eligibility is judged on. Revenue in 分. */
export interface CompanyProfile {
  creditCode: string;
  name: string;
  industry: Industry;
  employees: number;
  revenueFen: number;
  district: string;
  foundedOn: string;
}

/** Eligibility criteria of a policy, as data: every one given must hold. */
export interface PolicyCriteria {
  industries?: Industry[];
  minEmployees?: number;
  maxEmployees?: number;
  maxRevenueFen?: number;
  districts?: string[];
  minYearsFounded?: number;
  maxYearsFounded?: number;
}

/** 国民经济行业门类 the policies are written for. */
export const industries = ['制造业', '批发和零售业', '住宿和餐饮业', '信息传输、软件和信息技术服务业', '建筑业', '交通运输、仓储和邮政业', '科学研究和技术服务业', '租赁和商务服务业', '居民服务、修理和其他服务业', '文化、体育和娱乐业', '农、林、牧、渔业'] as const;
export type Industry = (typeof industries)[number];

/** Whole years from `foundedOn` to `today` (both YYYY-MM-DD): an anniversary not yet reached does not count. */
export function yearsSince(foundedOn: string, today: string): number {
  const [fy, fm, fd] = foundedOn.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

const yuan = (fen: number) => `${(fen / 100 / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`;

export interface Eligibility {
  met: string[];
  missing: string[];
}

/** What a profile meets and misses of a policy's criteria, in words. */
export function judgeEligibility(criteria: PolicyCriteria, profile: CompanyProfile, today: string): Eligibility {
  const met: string[] = [];
  const missing: string[] = [];
  const check = (holds: boolean, yes: string, no: string) => (holds ? met : missing).push(holds ? yes : no);
  if (criteria.industries?.length) check(criteria.industries.includes(profile.industry), `行业为${profile.industry}`, `限${criteria.industries.join('、')}行业（当前：${profile.industry}）`);
  if (criteria.minEmployees !== undefined) check(profile.employees >= criteria.minEmployees, `从业人员 ${profile.employees} 人，不少于 ${criteria.minEmployees} 人`, `从业人员须不少于 ${criteria.minEmployees} 人（当前 ${profile.employees} 人）`);
  if (criteria.maxEmployees !== undefined) check(profile.employees <= criteria.maxEmployees, `从业人员 ${profile.employees} 人，不超过 ${criteria.maxEmployees} 人`, `从业人员须不超过 ${criteria.maxEmployees} 人（当前 ${profile.employees} 人）`);
  if (criteria.maxRevenueFen !== undefined) check(profile.revenueFen <= criteria.maxRevenueFen, `年营业收入 ${yuan(profile.revenueFen)}，不超过 ${yuan(criteria.maxRevenueFen)}`, `年营业收入须不超过 ${yuan(criteria.maxRevenueFen)}（当前 ${yuan(profile.revenueFen)}）`);
  if (criteria.districts?.length) check(criteria.districts.includes(profile.district), `注册地在${profile.district}`, `注册地须在${criteria.districts.join('、')}（当前：${profile.district}）`);
  const years = yearsSince(profile.foundedOn, today);
  if (criteria.minYearsFounded !== undefined) check(years >= criteria.minYearsFounded, `成立满 ${criteria.minYearsFounded} 年`, `须成立满 ${criteria.minYearsFounded} 年（当前 ${Math.max(0, years)} 年）`);
  if (criteria.maxYearsFounded !== undefined) check(years < criteria.maxYearsFounded, `成立不满 ${criteria.maxYearsFounded} 年`, `限成立不满 ${criteria.maxYearsFounded} 年的企业（已成立 ${years} 年）`);
  return { met, missing };
}

/** A near miss is a policy that fails on at most this many criteria: worth telling the company what is missing. */
export const nearMissLimit = 1;

export interface PolicySuggestions<P> {
  eligible: (P & { reasons: string[] })[];
  nearMisses: (P & { reasons: string[]; missing: string[] })[];
}

/** Splits policies into those the profile qualifies for (with why) and near misses (with what is missing). */
export function suggestPolicies<P extends { criteria: PolicyCriteria }>(policies: readonly P[], profile: CompanyProfile, today: string): PolicySuggestions<P> {
  const out: PolicySuggestions<P> = { eligible: [], nearMisses: [] };
  for (const policy of policies) {
    const { met, missing } = judgeEligibility(policy.criteria, profile, today);
    if (missing.length === 0) out.eligible.push({ ...policy, reasons: met });
    else if (missing.length <= nearMissLimit) out.nearMisses.push({ ...policy, reasons: met, missing });
  }
  return out;
}

// ---------------------------------------------------------------- 政务定制

/**
 * Whether the items a bundle is started with are exactly the proposed set (no item outside it, none
 * twice, none left out): the set is what the company's licences and change call for.
 */
export function bundleSetProblem(proposed: readonly string[], chosen: readonly string[]): string | undefined {
  if (proposed.length === 0) return '所持证照与计划变更没有需要一并办理的事项';
  if (new Set(chosen).size !== chosen.length) return '事项有重复';
  const outside = chosen.filter((id) => !proposed.includes(id));
  if (outside.length) return '所选事项不在推荐的一并办理事项中';
  if (chosen.length !== proposed.length) return '须一并办理推荐的全部事项';
  return undefined;
}
