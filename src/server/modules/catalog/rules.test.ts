import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerProblems,
  applicableMaterials,
  buildPlan,
  describeChanges,
  itemProblems,
  materialKey,
  mergeMaterials,
  proposeChanges,
  type ItemShape,
  type MaterialRule,
  type PlanItemInput,
  type SituationRule,
} from './rules.ts';

const material = (name: string, extra: Partial<MaterialRule> = {}): MaterialRule => ({
  id: name,
  name,
  required: true,
  form: 'original',
  copies: 1,
  medium: 'paper_or_electronic',
  elicense: false,
  deferrable: false,
  optionIds: [],
  ...extra,
});

const proxy: SituationRule = { id: 'proxy', question: '是否委托他人代办？', options: [{ id: 'self', label: '本人办理' }, { id: 'agent', label: '委托代办' }] };
const married: SituationRule = { id: 'married', question: '婚姻状况', options: [{ id: 'yes', label: '已婚' }, { id: 'no', label: '未婚' }] };
const materials = [material('申请表'), material('授权委托书', { optionIds: ['agent'] }), material('结婚证', { optionIds: ['yes'] })];

describe('applicableMaterials', () => {
  it('keeps the materials every applicant brings and those of the chosen options', () => {
    expect(applicableMaterials(materials, {}).map((m) => m.name)).toEqual(['申请表']);
    expect(applicableMaterials(materials, { proxy: 'self' }).map((m) => m.name)).toEqual(['申请表']);
    expect(applicableMaterials(materials, { proxy: 'agent' }).map((m) => m.name)).toEqual(['申请表', '授权委托书']);
    expect(applicableMaterials(materials, { proxy: 'agent', married: 'yes' }).map((m) => m.name)).toEqual(['申请表', '授权委托书', '结婚证']);
  });

  it('applies a material named by any one of several options', () => {
    const either = [material('证明', { optionIds: ['a', 'b'] })];
    expect(applicableMaterials(either, { s: 'b' })).toHaveLength(1);
    expect(applicableMaterials(either, { s: 'c' })).toHaveLength(0);
  });
});

describe('answerProblems', () => {
  it('lists unanswered questions and answers naming an option the question does not have', () => {
    expect(answerProblems([proxy, married], {})).toEqual({ unanswered: [proxy, married], invalid: [] });
    expect(answerProblems([proxy, married], { proxy: 'self' })).toEqual({ unanswered: [married], invalid: [] });
    expect(answerProblems([proxy, married], { proxy: 'yes', married: 'no' })).toEqual({ unanswered: [], invalid: ['proxy'] });
  });

  it('ignores answers to questions the item does not ask', () => {
    expect(answerProblems([proxy], { proxy: 'agent', other: 'x' })).toEqual({ unanswered: [], invalid: [] });
  });
});

describe('materialKey', () => {
  it.each([
    ['居民身份证', '身份证'],
    ['居民身份证原件', '身份证'],
    ['申请人身份证明', '身份证'],
    ['营业执照（副本）', '营业执照'],
    ['营业执照副本', '营业执照'],
    ['户口簿 复印件', '户口簿'],
    ['《申请表》', '申请表'],
    ['住所使用证明', '住所使用证明'],
  ])('reads 「%s」 as 「%s」', (name, key) => expect(materialKey(name)).toBe(key));
});

describe('mergeMaterials', () => {
  it('lists a document once across items, with the most copies any item asks for', () => {
    const merged = mergeMaterials([
      { itemName: 'A', materials: [material('居民身份证', { form: 'original_and_copy', copies: 1 }), material('申请表')] },
      { itemName: 'B', materials: [material('身份证复印件', { form: 'copy', copies: 3 })] },
    ]);
    expect(merged).toEqual([
      { name: '居民身份证', original: true, copies: 3, elicense: false, deferrable: false, required: true, items: ['A', 'B'] },
      { name: '申请表', original: true, copies: 0, elicense: false, deferrable: false, required: true, items: ['A'] },
    ]);
  });

  it('allows an e-licence or 容缺 only when every item that asks for the document allows it', () => {
    const both = mergeMaterials([
      { itemName: 'A', materials: [material('营业执照', { elicense: true, deferrable: true })] },
      { itemName: 'B', materials: [material('营业执照副本', { elicense: true, deferrable: true })] },
    ]);
    expect(both[0]).toMatchObject({ elicense: true, deferrable: true, items: ['A', 'B'] });
    const one = mergeMaterials([
      { itemName: 'A', materials: [material('营业执照', { elicense: true, deferrable: true })] },
      { itemName: 'B', materials: [material('营业执照', { elicense: false, deferrable: true })] },
      { itemName: 'C', materials: [material('营业执照', { elicense: true, deferrable: false })] },
    ]);
    expect(one[0]).toMatchObject({ elicense: false, deferrable: false, items: ['A', 'B', 'C'] });
  });

  it('is required when any item requires it, and keeps the shortest name', () => {
    const merged = mergeMaterials([
      { itemName: 'A', materials: [material('户口簿原件', { required: false })] },
      { itemName: 'B', materials: [material('户口簿', { required: true })] },
    ]);
    expect(merged).toEqual([expect.objectContaining({ name: '户口簿', required: true })]);
  });

  it('names an item once even when it lists the same document twice', () => {
    const merged = mergeMaterials([{ itemName: 'A', materials: [material('身份证'), material('居民身份证')] }]);
    expect(merged).toEqual([expect.objectContaining({ items: ['A'] })]);
  });

  const names = fc.constantFrom('居民身份证', '身份证', '身份证复印件', '营业执照', '营业执照（副本）', '户口簿', '申请表', '授权委托书', '结婚证原件');
  const arbitraryMaterial = fc.record({
    name: names,
    required: fc.boolean(),
    form: fc.constantFrom('original' as const, 'copy' as const, 'original_and_copy' as const),
    copies: fc.integer({ min: 0, max: 5 }),
    elicense: fc.boolean(),
    deferrable: fc.boolean(),
  });
  const perItem = fc.array(fc.record({ itemName: fc.constantFrom('甲', '乙', '丙'), materials: fc.array(arbitraryMaterial.map((m) => material(m.name, m)), { maxLength: 6 }) }), { maxLength: 4 });

  it('never lists two materials with the same key, and keeps every input document', () => {
    fc.assert(
      fc.property(perItem, (input) => {
        const merged = mergeMaterials(input);
        const keys = merged.map((m) => materialKey(m.name));
        expect(new Set(keys).size).toBe(keys.length);
        for (const { itemName, materials: ms } of input) {
          for (const m of ms) {
            const found = merged.find((p) => materialKey(p.name) === materialKey(m.name));
            expect(found).toBeDefined();
            expect(found!.items).toContain(itemName);
            expect(found!.copies).toBeGreaterThanOrEqual(m.form === 'original' ? 0 : m.copies);
            if (!m.elicense) expect(found!.elicense).toBe(false);
            if (!m.deferrable) expect(found!.deferrable).toBe(false);
            if (m.required) expect(found!.required).toBe(true);
          }
        }
      }),
    );
  });

  it('does not depend on the order of the items, except for the names of the items', () => {
    fc.assert(
      fc.property(perItem, (input) => {
        const strip = (ms: ReturnType<typeof mergeMaterials>) =>
          ms.map(({ name, items, ...rest }) => ({ key: materialKey(name), ...rest, items: [...items].sort() })).sort((a, b) => a.key.localeCompare(b.key));
        expect(strip(mergeMaterials([...input].reverse()))).toEqual(strip(mergeMaterials(input)));
      }),
    );
  });
});

describe('buildPlan', () => {
  const item = (name: string, departmentName: string, extra: Partial<PlanItemInput> = {}): PlanItemInput => ({
    id: name,
    name,
    departmentName,
    acceptedAt: 'general',
    online: false,
    terminal: false,
    visitsRequired: 1,
    materials: [],
    ...extra,
  });
  const windows = { general: [1, 2, 3], byDepartmentName: new Map([['公安局', [20, 21]], ['不动产登记中心', [30]], ['税务局', []]]) };

  it('does 综合窗口 items together at one step, dedicated items at their department, in the order given', () => {
    const plan = buildPlan(
      [
        item('出生登记', '公安局', { acceptedAt: 'dedicated' }),
        item('医保参保', '医疗保障局'),
        item('不动产登记', '不动产登记中心', { acceptedAt: 'dedicated' }),
        item('社保卡申领', '人力资源和社会保障局'),
        item('居住证', '公安局', { acceptedAt: 'dedicated' }),
      ],
      windows,
    );
    expect(plan.steps).toEqual([
      { order: 1, windowKind: 'dedicated', departmentName: '公安局', windowNumbers: [20, 21], items: ['出生登记', '居住证'] },
      { order: 2, windowKind: 'general', departmentName: null, windowNumbers: [1, 2, 3], items: ['医保参保', '社保卡申领'] },
      { order: 3, windowKind: 'dedicated', departmentName: '不动产登记中心', windowNumbers: [30], items: ['不动产登记'] },
    ]);
  });

  it('sends a dedicated item of a department without windows here to the 综合窗口', () => {
    const plan = buildPlan([item('契税申报', '税务局', { acceptedAt: 'dedicated' }), item('发票领用', '未进驻部门', { acceptedAt: 'dedicated' })], windows);
    expect(plan.steps).toEqual([{ order: 1, windowKind: 'general', departmentName: null, windowNumbers: [1, 2, 3], items: ['契税申报', '发票领用'] }]);
  });

  it('counts the visits of the in-person items, lists online and terminal items, and merges the materials', () => {
    const plan = buildPlan(
      [
        item('A', '甲', { online: true, visitsRequired: 0, terminal: true, materials: [material('居民身份证')] }),
        item('B', '乙', { visitsRequired: 2, materials: [material('身份证')] }),
        item('C', '丙', { online: true, visitsRequired: 1 }),
      ],
      windows,
    );
    expect(plan.totalVisits).toBe(2);
    expect(plan.onlineItems).toEqual(['A', 'C']);
    expect(plan.terminalItems).toEqual(['A']);
    expect(plan.materials).toEqual([expect.objectContaining({ name: '身份证', items: ['A', 'B'] })]);
  });

  it('needs at least one trip for in-person items that say 0 visits, and none when everything is online', () => {
    expect(buildPlan([item('A', '甲', { visitsRequired: 0 })], windows).totalVisits).toBe(1);
    expect(buildPlan([item('A', '甲', { online: true, visitsRequired: 0 }), item('B', '乙', { online: true, visitsRequired: 0 })], windows).totalVisits).toBe(0);
    expect(buildPlan([], windows)).toEqual({ materials: [], steps: [], onlineItems: [], terminalItems: [], totalVisits: 0 });
  });

  it('numbers its steps 1, 2, 3 … and puts every item in exactly one step', () => {
    const departments = ['公安局', '不动产登记中心', '税务局', '民政局'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...departments), fc.boolean()), { maxLength: 12 }), (specs) => {
        const items = specs.map(([d, dedicated], i) => item(`事项${i}`, d, { acceptedAt: dedicated ? 'dedicated' : 'general' }));
        const plan = buildPlan(items, windows);
        expect(plan.steps.map((s) => s.order)).toEqual(plan.steps.map((_, i) => i + 1));
        expect(plan.steps.flatMap((s) => s.items).sort()).toEqual(items.map((i) => i.name).sort());
        expect(plan.steps.filter((s) => s.windowKind === 'general').length).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('proposeChanges', () => {
  const candidates = [
    { id: '1', name: '食品生产许可（变更）', changesLicence: '食品生产许可证', changeKinds: ['address', 'name'] },
    { id: '2', name: '排污许可证变更', changesLicence: '排污许可证', changeKinds: ['address'] },
    { id: '3', name: '有限责任公司变更登记', changesLicence: '营业执照', changeKinds: ['address', 'name', 'scope'] },
    { id: '4', name: '医师执业注册变更', changesLicence: '医师执业证书', changeKinds: ['address'] },
    { id: '5', name: '出生登记', changesLicence: null, changeKinds: [] },
  ];

  it('proposes the changes of the licences held, the business licence first', () => {
    expect(proposeChanges(candidates, ['排污许可证', ' 营业执照 ', '食品生产许可证'], 'address').map((c) => c.name)).toEqual([
      '有限责任公司变更登记',
      '排污许可证变更',
      '食品生产许可（变更）',
    ]);
  });

  it('leaves out licences not held and changes an item does not cover', () => {
    expect(proposeChanges(candidates, ['营业执照', '排污许可证', '食品生产许可证'], 'scope').map((c) => c.id)).toEqual(['3']);
    expect(proposeChanges(candidates, ['驾驶证'], 'address')).toEqual([]);
  });
});

describe('itemProblems', () => {
  const valid: ItemShape = {
    mode: 'promised',
    legalDays: 20,
    promisedDays: 5,
    audience: ['person'],
    materials: [{ name: '授权委托书', optionIds: ['agent'], deferrable: true }],
    situations: [proxy],
    lenientAllowed: true,
  };

  it('finds nothing wrong with a sound item', () => expect(itemProblems(valid)).toEqual([]));

  it.each<[string, Partial<ItemShape>, string]>([
    ['an immediate item with a promised limit', { mode: 'immediate', promisedDays: 3 }, '即办件的承诺时限应为 0 个工作日'],
    ['a promised item with no limit', { mode: 'promised', promisedDays: 0 }, '承诺件的承诺时限应大于 0 个工作日'],
    ['a promised limit beyond the legal one', { promisedDays: 30 }, '承诺时限不能超过法定时限'],
    ['no audience', { audience: [] }, '至少选择一类服务对象'],
    ['a situation with one option', { situations: [{ id: 's', question: '是否代办', options: [{ id: 'agent', label: '是' }] }] }, '情形「是否代办」至少需要两个选项'],
    ['an option id used twice', { situations: [proxy, { ...married, options: [{ id: 'agent', label: '已婚' }, { id: 'no', label: '未婚' }] }] }, '情形选项编号「agent」重复'],
    ['the same material twice under two names', { materials: [{ name: '居民身份证', optionIds: [], deferrable: false }, { name: '身份证复印件', optionIds: [], deferrable: false }] }, '材料「身份证复印件」重复'],
    ['a material naming a missing option', { materials: [{ name: '结婚证', optionIds: ['yes'], deferrable: false }] }, '材料「结婚证」引用了不存在的情形选项「yes」'],
    ['a deferrable material where 容缺 is not allowed', { lenientAllowed: false }, '事项不允许容缺受理，材料「授权委托书」不能标为可容缺'],
  ])('reports %s', (_what, change, problem) => {
    expect(itemProblems({ ...valid, ...change })).toEqual([problem]);
  });

  it('accepts a promised limit when the legal limit is not set (0)', () => {
    expect(itemProblems({ ...valid, legalDays: 0, promisedDays: 10 })).toEqual([]);
  });
});

describe('describeChanges', () => {
  const before = { name: '出生登记', promisedDays: 5, audience: ['person'], feeBasis: null, materials: [{ name: '出生医学证明' }], situations: [], faqs: [{ question: '要多久？', answer: '5 天' }] };

  it('says a first version is a publication', () => expect(describeChanges(undefined, before)).toEqual(['发布事项']));

  it('names every changed field in Chinese, with the old and new value', () => {
    expect(describeChanges(before, { ...before, promisedDays: 3, audience: ['person', 'company'], feeBasis: '按标准收取' })).toEqual([
      '承诺时限：5 → 3',
      '收费依据：无 → 按标准收取',
      '服务对象：个人 → 个人、法人',
    ]);
    expect(describeChanges({ ...before, online: false, mode: 'promised' }, { ...before, online: true, mode: 'immediate' })).toEqual(['办件类型：承诺件 → 即办件', '网上办理：否 → 是']);
  });

  it('lists added and removed materials, situations and FAQ', () => {
    const after = { ...before, materials: [{ name: '户口簿' }], situations: [{ question: '是否代办' }] };
    expect(describeChanges(before, after)).toEqual(['新增材料「户口簿」', '删除材料「出生医学证明」', '新增情形「是否代办」']);
  });

  it('says 修改 when a part changed without being added or removed', () => {
    expect(describeChanges(before, { ...before, faqs: [{ question: '要多久？', answer: '3 天' }] })).toEqual(['修改问答']);
  });

  it('says there was no real change when nothing differs', () => expect(describeChanges(before, { ...before })).toEqual(['无实质变更']));
});
