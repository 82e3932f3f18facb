import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bundleSetProblem,
  codeSatisfies,
  elapsedWorkingDays,
  findBottlenecks,
  judgeEligibility,
  moveProblem,
  nextRequiredItems,
  nextStage,
  stageIndex,
  stages,
  suggestPolicies,
  yearsSince,
  type CompanyProfile,
  type LinkedCaseFacts,
  type PolicyCriteria,
  type Stage,
} from './rules.ts';

const stage = fc.constantFrom(...stages);

describe('stage order and moves', () => {
  it('the eight stages run 招商引资 → … → 投产 and each has exactly one next stage but the last', () => {
    expect(stages).toEqual(['attract', 'approval', 'land', 'planning', 'construction', 'completion', 'registration', 'production']);
    expect(nextStage('attract')).toBe('approval');
    expect(nextStage('production')).toBeUndefined();
  });

  it('only the very next stage is allowed; skipping, going back, staying and moving past 投产 are refused with their reason', () => {
    fc.assert(
      fc.property(stage, stage, (from, to) => {
        const problem = moveProblem(from, to);
        if (from === 'production') return problem?.code === 'FINAL_STAGE';
        if (stageIndex(to) === stageIndex(from) + 1) return problem === undefined;
        if (stageIndex(to) <= stageIndex(from)) return problem?.code === 'STAGE_BACKWARDS';
        return problem?.code === 'STAGE_SKIPPED' && problem.message.includes('不能跳过');
      }),
    );
  });
});

const linked = (over: Partial<LinkedCaseFacts> = {}): LinkedCaseFacts => ({ stage: 'land', itemCode: 'GD-0103', completed: true, caseNo: '20261124-0001', warning: null, ...over });

describe('next required items', () => {
  const landItems = [
    { code: 'GD-0103', name: '用地预审与选址意见书' },
    { code: 'GD-0101', name: '建设用地规划许可证' },
  ];

  it('lists the stage items without a completed case of that stage', () => {
    expect(nextRequiredItems(landItems, [], 'land')).toEqual(landItems);
    expect(nextRequiredItems(landItems, [linked()], 'land').map((i) => i.code)).toEqual(['GD-0101']);
    expect(nextRequiredItems(landItems, [linked(), linked({ itemCode: 'GD-0101' })], 'land')).toEqual([]);
  });

  it('an open case, a case of another stage or of another item does not count; a variant of the item does', () => {
    expect(nextRequiredItems(landItems, [linked({ completed: false }), linked({ stage: 'planning' }), linked({ itemCode: 'GD-0102' })], 'land')).toEqual(landItems);
    expect(nextRequiredItems(landItems, [linked({ itemCode: 'GD-0103-QJ' })], 'land').map((i) => i.code)).toEqual(['GD-0101']);
    expect(codeSatisfies('GD-01031', 'GD-0103')).toBe(false);
  });

  it('never lists an item twice or one outside the stage, and shrinks as cases complete', () => {
    const code = fc.constantFrom('GD-0101', 'GD-0102', 'GD-0103', 'GD-0106');
    fc.assert(
      fc.property(fc.array(fc.record({ stage, itemCode: code, completed: fc.boolean(), caseNo: fc.constant('x'), warning: fc.constant(null) })), (cases) => {
        const left = nextRequiredItems(landItems, cases, 'land');
        const more = nextRequiredItems(landItems, [...cases, linked({ itemCode: 'GD-0101' })], 'land');
        return left.every((i) => landItems.includes(i)) && more.length <= left.length && !more.some((i) => i.code === 'GD-0101');
      }),
    );
  });
});

describe('elapsed working days per stage', () => {
  /** A calendar where every day is a working day: days between two dates. */
  const everyDay = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

  it('counts each visit with the calendar function, the open one up to today, summing repeat visits', () => {
    const elapsed = elapsedWorkingDays(
      [
        { stage: 'attract', enteredOn: '2026-11-02', leftOn: '2026-11-09' },
        { stage: 'approval', enteredOn: '2026-11-09', leftOn: '2026-11-10' },
        { stage: 'approval', enteredOn: '2026-11-12', leftOn: null },
      ],
      '2026-11-20',
      everyDay,
    );
    expect(elapsed).toEqual(new Map<Stage, number>([['attract', 7], ['approval', 9]]));
  });

  it('uses the given calendar, and a visit ending the day it starts counts 0', () => {
    const calls: string[] = [];
    const elapsed = elapsedWorkingDays([{ stage: 'land', enteredOn: '2026-10-01', leftOn: '2026-10-08' }, { stage: 'planning', enteredOn: '2026-10-08', leftOn: '2026-10-08' }], '2026-10-09', (a, b) => {
      calls.push(`${a}/${b}`);
      return a === b ? 0 : 1; // 国庆: one working day (the 调休 Saturday)
    });
    expect(calls).toEqual(['2026-10-01/2026-10-08', '2026-10-08/2026-10-08']);
    expect(elapsed.get('land')).toBe(1);
    expect(elapsed.get('planning')).toBe(0);
  });
});

describe('bottlenecks', () => {
  const norms = { attract: 60, approval: 5, land: 20, production: null };

  it('a stage longer than its norm is one, with the days in its reason; at the norm or without a norm it is not', () => {
    const found = findBottlenecks(new Map<Stage, number>([['approval', 6], ['land', 20], ['production', 400]]), norms, []);
    expect(found).toEqual([{ stage: 'approval', kind: 'over_norm', reason: '立项阶段已用 6 个工作日，超过标准 5 个工作日' }]);
  });

  it('an open linked case overdue or nearly due is one; a completed one is not', () => {
    const found = findBottlenecks(new Map(), norms, [linked({ completed: false, warning: 'overdue', caseNo: 'A1' }), linked({ completed: false, warning: 'due_soon', caseNo: 'A2', stage: 'approval' }), linked({ completed: true, warning: 'overdue', caseNo: 'A3' })]);
    expect(found.map((b) => [b.stage, b.kind, b.caseNo])).toEqual([
      ['approval', 'case_due_soon', 'A2'],
      ['land', 'case_overdue', 'A1'],
    ]);
    expect(found[1]!.reason).toBe('办件 A1 已超过承诺时限');
  });

  it('over-norm bottlenecks are exactly the stages whose days exceed a norm', () => {
    fc.assert(
      fc.property(fc.dictionary(stage, fc.integer({ min: 0, max: 100 })), fc.dictionary(stage, fc.option(fc.integer({ min: 1, max: 60 }), { nil: null })), (days, normsOf) => {
        const found = findBottlenecks(new Map(Object.entries(days) as [Stage, number][]), normsOf, []);
        const expected = stages.filter((s) => days[s] !== undefined && normsOf[s] != null && days[s]! > normsOf[s]!);
        return JSON.stringify(found.map((b) => b.stage)) === JSON.stringify(expected);
      }),
    );
  });
});

describe('暖企 policy eligibility', () => {
  const profile: CompanyProfile = { creditCode: 'x', name: '示范智造', industry: '制造业', employees: 80, revenueFen: 30_000_000_00, district: '东城区', foundedOn: '2020-06-15' };
  const smallFactory: PolicyCriteria = { industries: ['制造业'], maxEmployees: 300, maxRevenueFen: 200_000_000_00, districts: ['东城区', '西城区'], minYearsFounded: 1 };

  it('a profile meeting every criterion is eligible, with one reason per criterion', () => {
    const { met, missing } = judgeEligibility(smallFactory, profile, '2026-11-24');
    expect(missing).toEqual([]);
    expect(met).toEqual(['行业为制造业', '从业人员 80 人，不超过 300 人', '年营业收入 3,000 万元，不超过 20,000 万元', '注册地在东城区', '成立满 1 年']);
  });

  it('each failed criterion says what is missing', () => {
    const { missing } = judgeEligibility({ industries: ['建筑业'], minEmployees: 100, maxYearsFounded: 3 }, profile, '2026-11-24');
    expect(missing).toEqual(['限建筑业行业（当前：制造业）', '从业人员须不少于 100 人（当前 80 人）', '限成立不满 3 年的企业（已成立 6 年）']);
  });

  it('years since founding count whole anniversaries', () => {
    expect(yearsSince('2020-06-15', '2026-06-14')).toBe(5);
    expect(yearsSince('2020-06-15', '2026-06-15')).toBe(6);
    expect(yearsSince('2024-02-29', '2025-02-28')).toBe(0);
  });

  it('suggestions: eligible with reasons, near misses (one criterion short) with what is missing, the rest left out', () => {
    const policies = [
      { name: '稳岗补贴', criteria: smallFactory },
      { name: '创业担保贷款贴息', criteria: { maxYearsFounded: 3, maxEmployees: 100 } },
      { name: '高新补贴', criteria: { industries: ['信息传输、软件和信息技术服务业'], minEmployees: 500 } },
    ] as { name: string; criteria: PolicyCriteria }[];
    const { eligible, nearMisses } = suggestPolicies(policies, profile, '2026-11-24');
    expect(eligible.map((p) => p.name)).toEqual(['稳岗补贴']);
    expect(nearMisses.map((p) => [p.name, p.missing])).toEqual([['创业担保贷款贴息', ['限成立不满 3 年的企业（已成立 6 年）']]]);
  });

  it('a policy without criteria suits everyone; an employee band is eligible inside it and a near miss outside', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (employees, revenueFen, min, width) => {
        const max = min + width;
        const p = { ...profile, employees, revenueFen };
        const { eligible, nearMisses } = suggestPolicies([{ name: 'all', criteria: {} }, { name: 'band', criteria: { minEmployees: min, maxEmployees: max } }], p, '2026-11-24');
        const inBand = employees >= min && employees <= max;
        return eligible.some((e) => e.name === 'all') && eligible.some((e) => e.name === 'band') === inBand && nearMisses.some((n) => n.name === 'band') === !inBand;
      }),
    );
  });
});

describe('政务定制 bundle set', () => {
  it('must be exactly the proposed items', () => {
    expect(bundleSetProblem(['a', 'b'], ['b', 'a'])).toBeUndefined();
    expect(bundleSetProblem([], [])).toContain('没有需要一并办理');
    expect(bundleSetProblem(['a', 'b'], ['a'])).toContain('全部事项');
    expect(bundleSetProblem(['a', 'b'], ['a', 'b', 'c'])).toContain('不在推荐');
    expect(bundleSetProblem(['a', 'b'], ['a', 'a'])).toContain('重复');
  });
});
