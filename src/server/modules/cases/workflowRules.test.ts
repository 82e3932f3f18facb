import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundleStatusOf, shareMaterials } from './bundleRules.ts';
import { caseStatuses, type CaseStatus } from './rules.ts';
import { advancedPosition, atDecision, currentStep, decisionStep, directRoute, mayHandle, routeProblems, sentBackPosition, standardRoute } from './workflowRules.ts';

describe('routeProblems', () => {
  it('accepts the direct and the standard route, and any distinct steps ending with 决定', () => {
    expect(routeProblems(directRoute)).toEqual([]);
    expect(routeProblems(standardRoute)).toEqual([]);
    expect(routeProblems(['初审', '复审', '集体讨论', '决定'])).toEqual([]);
  });
  it('refuses an empty route, a last step other than 决定, 决定 in the middle, repeated or blank names, too many steps', () => {
    expect(routeProblems([])).toEqual(['至少需要「决定」一个步骤']);
    expect(routeProblems(['承办', '审核'])).toContain('最后一个步骤必须是「决定」');
    expect(routeProblems(['决定', '审核', '决定'])).toContain('「决定」只能是最后一个步骤');
    expect(routeProblems(['承办', '承办', '决定'])).toContain('步骤名称不能重复');
    expect(routeProblems([' 承办', '决定'])).toContain('步骤名称不能为空或首尾有空格');
    expect(routeProblems(['1', '2', '3', '4', '5', '6', '7', '8', '决定'])).toContain('步骤不能超过 8 个');
  });
});

describe('moving along a route', () => {
  const route = (position: number) => ({ steps: standardRoute, position });
  it('advances step by step; only the last step decides and cannot advance', () => {
    expect([0, 1, 2].map((p) => [currentStep(route(p)), atDecision(route(p)), advancedPosition(route(p))])).toEqual([
      ['承办', false, 1],
      ['审核', false, 2],
      ['决定', true, undefined],
    ]);
    expect(atDecision({ steps: directRoute, position: 0 })).toBe(true);
  });
  it('sends back one step, never before the first', () => {
    expect([0, 1, 2].map((p) => sentBackPosition(route(p)))).toEqual([undefined, 0, 1]);
  });
  it('any sequence of advances and send-backs stays on the route and reaches 决定 only at its end', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('', '审', '核', '查'), { minLength: 0, maxLength: 6 }), fc.array(fc.boolean(), { maxLength: 40 }), (names, moves) => {
        const steps = [...new Set(names.map((n, i) => `${n}${i}`)), decisionStep];
        let position = 0;
        for (const forward of moves) {
          const next = forward ? advancedPosition({ steps, position }) : sentBackPosition({ steps, position });
          if (next !== undefined) position = next;
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThan(steps.length);
          expect(atDecision({ steps, position })).toBe(currentStep({ steps, position }) === decisionStep);
        }
      }),
    );
  });
});

describe('mayHandle', () => {
  const at = (position: number) => ({ steps: standardRoute, position });
  it('keeps 承办 and 审核 apart unless the item allows one handler; the decision is anyone’s', () => {
    expect(mayHandle(at(0), [], 'a', false)).toBe(true);
    expect(mayHandle(at(1), ['a'], 'a', false)).toBe(false);
    expect(mayHandle(at(1), ['a'], 'b', false)).toBe(true);
    expect(mayHandle(at(1), ['a'], 'a', true)).toBe(true);
    expect(mayHandle(at(2), ['a', 'b'], 'a', false)).toBe(true);
  });
});

describe('bundleStatusOf', () => {
  it('is 已申报 until a child is accepted, 已办结 once every child is completed or refused, 办理中 between', () => {
    expect(bundleStatusOf(['submitted', 'supplement'])).toBe('submitted');
    expect(bundleStatusOf(['submitted', 'accepted'])).toBe('in_progress');
    expect(bundleStatusOf(['completed', 'decided'])).toBe('in_progress');
    expect(bundleStatusOf(['completed', 'refused'])).toBe('finished');
  });
  it('for any children: finished exactly when all are closed, submitted exactly when none has left the window', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<CaseStatus>(...caseStatuses), { minLength: 1, maxLength: 8 }), (children) => {
        const status = bundleStatusOf(children);
        expect(status === 'finished').toBe(children.every((s) => s === 'completed' || s === 'refused'));
        if (!children.every((s) => s === 'completed' || s === 'refused')) expect(status === 'submitted').toBe(children.every((s) => s === 'submitted' || s === 'supplement'));
      }),
    );
  });
});

describe('shareMaterials', () => {
  const checklists = [
    { itemId: 'i1', materials: [{ id: 'a-id', name: '居民身份证' }, { id: 'a-form', name: '申请书' }] },
    { itemId: 'i2', materials: [{ id: 'b-id', name: '居民身份证' }, { id: 'b-tax', name: '税务表' }] },
  ];
  it('a material entered once under one item counts for every item that asks for it by name', () => {
    const { perItem, conflicts, unknown } = shareMaterials(checklists, [
      { materialId: 'a-id', status: 'received' },
      { materialId: 'b-tax', status: 'received' },
    ]);
    expect(perItem.get('i1')).toEqual([{ materialId: 'a-id', status: 'received' }]);
    expect(perItem.get('i2')).toEqual([
      { materialId: 'b-id', status: 'received' },
      { materialId: 'b-tax', status: 'received' },
    ]);
    expect([conflicts, unknown]).toEqual([[], []]);
  });
  it('reports a shared material given two statuses, and a material of no chosen item', () => {
    const { conflicts, unknown } = shareMaterials(checklists, [
      { materialId: 'a-id', status: 'received' },
      { materialId: 'b-id', status: 'missing' },
      { materialId: 'elsewhere', status: 'received' },
    ]);
    expect(conflicts).toEqual(['居民身份证']);
    expect(unknown).toEqual(['elsewhere']);
  });
});
