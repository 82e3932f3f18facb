/** Pure rules of the catalogue: which materials apply, the pre-check plan, 政务定制 proposals, item checks. */

export const itemTypes = ['行政许可', '行政给付', '行政确认', '行政裁决', '行政奖励', '行政备案', '行政征收', '其他行政权力', '公共服务'] as const;
export type ItemType = (typeof itemTypes)[number];
export type Audience = 'person' | 'company';
export const changeKinds = { address: '地址变更', name: '名称变更', legal_representative: '法定代表人变更', scope: '经营范围变更' } as const;
export type ChangeKind = keyof typeof changeKinds;

export interface MaterialRule {
  id: string;
  name: string;
  required: boolean;
  form: 'original' | 'copy' | 'original_and_copy';
  copies: number;
  medium: 'paper' | 'electronic' | 'paper_or_electronic';
  elicense: boolean;
  deferrable: boolean;
  /** Situation options that make this material apply; empty: it always applies. */
  optionIds: string[];
}

export interface SituationRule {
  id: string;
  question: string;
  options: { id: string; label: string }[];
}

/** situationId → chosen optionId */
export type Answers = Record<string, string>;

/** The materials of an item for the chosen situation options. */
export function applicableMaterials<M extends MaterialRule>(materials: M[], answers: Answers): M[] {
  const chosen = new Set(Object.values(answers));
  return materials.filter((m) => m.optionIds.length === 0 || m.optionIds.some((id) => chosen.has(id)));
}

/** Questions left unanswered and answers that name an option the question does not have. */
export function answerProblems(situations: SituationRule[], answers: Answers): { unanswered: SituationRule[]; invalid: string[] } {
  const unanswered = situations.filter((s) => !(s.id in answers));
  const invalid = Object.entries(answers)
    .filter(([situationId, optionId]) => {
      const situation = situations.find((s) => s.id === situationId);
      return situation !== undefined && !situation.options.some((o) => o.id === optionId);
    })
    .map(([situationId]) => situationId);
  return { unanswered, invalid };
}

/**
 * The same document under the names different items give it: spaces and brackets dropped, the
 * 原件/复印件 suffix dropped, and 居民身份证 read as 身份证.
 */
export function materialKey(name: string): string {
  return name
    .replace(/[\s（）()【】[\]《》<>“”"'、，,。.:：]/g, '')
    .replace(/(原件|复印件|正本|副本|原件及复印件)$/, '')
    .replace(/^居民身份证/, '身份证')
    .replace(/^申请人身份证明$/, '身份证');
}

export interface PlanMaterial {
  name: string;
  /** Whether an original must be shown for at least one item. */
  original: boolean;
  /** Copies to bring: the most any one item asks for. */
  copies: number;
  /** An e-licence can stand in for it in every item that asks for it. */
  elicense: boolean;
  /** It may be handed in later (容缺) in every item that asks for it. */
  deferrable: boolean;
  required: boolean;
  items: string[];
}

/** One list of materials across several items, each document once. */
export function mergeMaterials(perItem: { itemName: string; materials: MaterialRule[] }[]): PlanMaterial[] {
  const merged = new Map<string, PlanMaterial>();
  for (const { itemName, materials } of perItem) {
    for (const m of materials) {
      const key = materialKey(m.name);
      const existing = merged.get(key);
      const original = m.form !== 'copy';
      const copies = m.form === 'original' ? 0 : m.copies;
      if (!existing) {
        merged.set(key, { name: m.name, original, copies, elicense: m.elicense, deferrable: m.deferrable, required: m.required, items: [itemName] });
        continue;
      }
      existing.original ||= original;
      existing.copies = Math.max(existing.copies, copies);
      existing.elicense &&= m.elicense;
      existing.deferrable &&= m.deferrable;
      existing.required ||= m.required;
      if (!existing.items.includes(itemName)) existing.items.push(itemName);
      if (m.name.length < existing.name.length) existing.name = m.name;
    }
  }
  return [...merged.values()];
}

export interface PlanItemInput {
  id: string;
  name: string;
  departmentName: string;
  acceptedAt: 'general' | 'dedicated';
  online: boolean;
  terminal: boolean;
  visitsRequired: number;
  materials: MaterialRule[];
}

export interface PlanStep {
  order: number;
  /** 'general' — any 综合窗口 (一窗受理); otherwise the department's dedicated windows. */
  windowKind: 'general' | 'dedicated';
  departmentName: string | null;
  windowNumbers: number[];
  items: string[];
}

export interface Plan {
  materials: PlanMaterial[];
  steps: PlanStep[];
  /** Items that can be applied for entirely online instead of at a window. */
  onlineItems: string[];
  /** Items a 24-hour self-service terminal can do. */
  terminalItems: string[];
  /** Trips to the center: the in-person items are done in one trip, as often as the most demanding needs. */
  totalVisits: number;
}

/**
 * The pre-check plan for several items: materials once, then where to go in order. Items accepted at
 * 综合窗口 are done together at one window; the others at their department's windows, in the order the
 * items were given (a bundle lists its items in the order they must be done).
 */
export function buildPlan(items: PlanItemInput[], windows: { general: number[]; byDepartmentName: Map<string, number[]> }): Plan {
  const steps: PlanStep[] = [];
  for (const item of items) {
    const general = item.acceptedAt === 'general' || (windows.byDepartmentName.get(item.departmentName)?.length ?? 0) === 0;
    const step = steps.find((s) => (general ? s.windowKind === 'general' : s.windowKind === 'dedicated' && s.departmentName === item.departmentName));
    if (step) {
      step.items.push(item.name);
      continue;
    }
    steps.push({
      order: steps.length + 1,
      windowKind: general ? 'general' : 'dedicated',
      departmentName: general ? null : item.departmentName,
      windowNumbers: general ? windows.general : (windows.byDepartmentName.get(item.departmentName) ?? []),
      items: [item.name],
    });
  }
  const inPerson = items.filter((i) => !(i.online && i.visitsRequired === 0));
  return {
    materials: mergeMaterials(items.map((i) => ({ itemName: i.name, materials: i.materials }))),
    steps,
    onlineItems: items.filter((i) => i.online).map((i) => i.name),
    terminalItems: items.filter((i) => i.terminal).map((i) => i.name),
    totalVisits: inPerson.length === 0 ? 0 : Math.max(1, ...inPerson.map((i) => i.visitsRequired)),
  };
}

export interface ChangeCandidate {
  id: string;
  name: string;
  changesLicence: string | null;
  changeKinds: string[];
}

/** The licence whose change every other change depends on: the business licence comes first. */
const primaryLicence = '营业执照';

/**
 * 政务定制: for the licences a company holds and the change it plans, the change items to do together,
 * the business licence first (the other licences are amended from it).
 */
export function proposeChanges<C extends ChangeCandidate>(candidates: C[], heldLicences: string[], change: ChangeKind): C[] {
  const held = new Set(heldLicences.map((l) => l.trim()));
  return candidates
    .filter((c) => c.changesLicence && held.has(c.changesLicence) && c.changeKinds.includes(change))
    .sort((a, b) => Number(b.changesLicence === primaryLicence) - Number(a.changesLicence === primaryLicence) || a.name.localeCompare(b.name, 'zh'));
}

export interface ItemShape {
  mode: 'immediate' | 'promised';
  legalDays: number;
  promisedDays: number;
  audience: string[];
  materials: { name: string; optionIds: string[]; deferrable: boolean }[];
  situations: { id: string; question: string; options: { id: string; label: string }[] }[];
  lenientAllowed: boolean;
}

/** Everything wrong with an item's guide, in Chinese; empty when it can be published. */
export function itemProblems(item: ItemShape): string[] {
  const problems: string[] = [];
  if (item.mode === 'immediate' && item.promisedDays !== 0) problems.push('即办件的承诺时限应为 0 个工作日');
  if (item.mode === 'promised' && item.promisedDays === 0) problems.push('承诺件的承诺时限应大于 0 个工作日');
  if (item.legalDays > 0 && item.promisedDays > item.legalDays) problems.push('承诺时限不能超过法定时限');
  if (item.audience.length === 0) problems.push('至少选择一类服务对象');
  const optionIds = new Set<string>();
  for (const s of item.situations) {
    if (s.options.length < 2) problems.push(`情形「${s.question}」至少需要两个选项`);
    for (const o of s.options) {
      if (optionIds.has(o.id)) problems.push(`情形选项编号「${o.id}」重复`);
      optionIds.add(o.id);
    }
  }
  const names = new Set<string>();
  for (const m of item.materials) {
    const key = materialKey(m.name);
    if (names.has(key)) problems.push(`材料「${m.name}」重复`);
    names.add(key);
    for (const id of m.optionIds) if (!optionIds.has(id)) problems.push(`材料「${m.name}」引用了不存在的情形选项「${id}」`);
    if (m.deferrable && !item.lenientAllowed) problems.push(`事项不允许容缺受理，材料「${m.name}」不能标为可容缺`);
  }
  return problems;
}

const fieldLabels: Record<string, string> = {
  name: '事项名称',
  code: '事项编码',
  departmentId: '实施部门',
  type: '事项类型',
  mode: '办件类型',
  legalDays: '法定时限',
  promisedDays: '承诺时限',
  visitsRequired: '到现场次数',
  online: '网上办理',
  terminal: '自助终端办理',
  acceptedAt: '受理窗口',
  lenientAllowed: '容缺受理',
  feeFen: '收费标准',
  feeBasis: '收费依据',
  legalBasis: '设定依据',
  conditions: '受理条件',
  process: '办理流程',
  serviceHours: '办理时间',
  consultPhone: '咨询电话',
  audience: '服务对象',
  keywords: '关键词',
  centerIds: '办理地点',
  status: '状态',
};

/** Stored codes as the disclosure history shows them. */
export const valueLabels: Record<string, string> = {
  person: '个人',
  company: '法人',
  immediate: '即办件',
  promised: '承诺件',
  general: '综合窗口',
  dedicated: '专窗',
  published: '已发布',
  withdrawn: '已撤销',
};

/** What changed between two versions of an item, one Chinese line per change (the disclosure history). */
export function describeChanges(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string[] {
  if (!before) return ['发布事项'];
  const lines: string[] = [];
  for (const [field, label] of Object.entries(fieldLabels)) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      const show = (v: unknown): string =>
        Array.isArray(v) ? v.map(show).join('、') || '无' : v === null || v === undefined || v === '' ? '无' : typeof v === 'boolean' ? (v ? '是' : '否') : (valueLabels[String(v)] ?? String(v));
      lines.push(`${label}：${show(before[field])} → ${show(after[field])}`);
    }
  }
  const names = (v: unknown, key: 'name' | 'question') => new Set(((v as Record<string, string>[] | undefined) ?? []).map((m) => m[key]!));
  for (const [part, key, label] of [['materials', 'name', '材料'], ['situations', 'question', '情形'], ['faqs', 'question', '问答']] as const) {
    const was = names(before[part], key);
    const now = names(after[part], key);
    for (const n of now) if (!was.has(n)) lines.push(`新增${label}「${n}」`);
    for (const n of was) if (!now.has(n)) lines.push(`删除${label}「${n}」`);
    if (lines.every((l) => !l.includes(`${label}「`)) && JSON.stringify(before[part]) !== JSON.stringify(after[part])) lines.push(`修改${label}`);
  }
  return lines.length ? lines : ['无实质变更'];
}
