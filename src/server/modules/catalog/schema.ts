import Type from 'typebox';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';
import { changeKinds, itemTypes } from './rules.ts';

export const ItemType = Type.Enum([...itemTypes], { description: '事项类型' });
export const Audience = Type.Enum(['person', 'company'], { description: 'person 个人 / company 法人' });
export const ChangeKind = Type.Enum(Object.keys(changeKinds) as (keyof typeof changeKinds)[], { description: '变更情形：地址、名称、法定代表人、经营范围' });
const OptionalText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));
const Url = Type.Optional(Nullable(Type.String({ maxLength: 500, pattern: '^(https?://|/)' })));

export const MaterialInput = Type.Object(
  {
    id: Type.Optional(Id),
    name: Text(100),
    required: Type.Optional(Type.Boolean({ default: true })),
    form: Type.Optional(Type.Enum(['original', 'copy', 'original_and_copy'], { default: 'original', description: '原件/复印件/原件及复印件' })),
    copies: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, default: 1 })),
    medium: Type.Optional(Type.Enum(['paper', 'electronic', 'paper_or_electronic'], { default: 'paper_or_electronic', description: '纸质/电子/纸质或电子' })),
    elicense: Type.Optional(Type.Boolean({ default: false, description: '可用电子证照替代' })),
    deferrable: Type.Optional(Type.Boolean({ default: false, description: '可容缺' })),
    blankFormUrl: Url,
    exampleUrl: Url,
    note: OptionalText(500),
    optionIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20, default: [], description: '选了这些情形选项之一时才需要' })),
  },
  { additionalProperties: false },
);

export const SituationInput = Type.Object(
  {
    id: Type.Optional(Id),
    question: Text(200),
    options: Type.Array(Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), label: Text(100) }, { additionalProperties: false }), { minItems: 2, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const FaqInput = Type.Object({ id: Type.Optional(Id), question: Text(300), answer: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });

export const ItemInput = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    name: Text(200),
    departmentId: Id,
    type: ItemType,
    legalDays: Type.Integer({ minimum: 0, maximum: 3650, description: '法定办结时限（工作日）' }),
    promisedDays: Type.Integer({ minimum: 0, maximum: 3650, description: '承诺办结时限（工作日），0 为即办' }),
    mode: Type.Optional(Type.Enum(['immediate', 'promised'], { description: '即办件/承诺件；不填时按承诺时限推断' })),
    visitsRequired: Type.Optional(Type.Integer({ minimum: 0, maximum: 9, default: 1 })),
    online: Type.Optional(Type.Boolean({ default: false })),
    terminal: Type.Optional(Type.Boolean({ default: false })),
    acceptedAt: Type.Optional(Type.Enum(['general', 'dedicated'], { default: 'general', description: '综合窗口受理或专窗受理' })),
    lenientAllowed: Type.Optional(Type.Boolean({ default: true, description: '允许容缺受理' })),
    feeFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0, description: '收费（分）' })),
    feeBasis: OptionalText(1000),
    legalBasis: OptionalText(5000),
    conditions: OptionalText(5000),
    process: OptionalText(5000),
    serviceHours: OptionalText(200),
    consultPhone: OptionalText(50),
    audience: Type.Optional(Type.Array(Audience, { minItems: 1, maxItems: 2, default: ['person'] })),
    keywords: Type.Optional(Type.Array(Text(50), { maxItems: 50, default: [] })),
    issuesLicence: OptionalText(100),
    changesLicence: OptionalText(100),
    changeKinds: Type.Optional(Type.Array(ChangeKind, { maxItems: 4, default: [] })),
    centerIds: Type.Optional(Type.Array(Id, { maxItems: 2000, default: [] })),
    status: Type.Optional(Type.Enum(['published', 'withdrawn'], { default: 'published' })),
    materials: Type.Optional(Type.Array(MaterialInput, { maxItems: 100, default: [] })),
    situations: Type.Optional(Type.Array(SituationInput, { maxItems: 20, default: [] })),
    faqs: Type.Optional(Type.Array(FaqInput, { maxItems: 200, default: [] })),
  },
  { additionalProperties: false },
);

const Department = Type.Object({ id: Id, name: Type.String() });

export const ItemSummary = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  department: Department,
  type: Type.String(),
  mode: Type.Enum(['immediate', 'promised']),
  legalDays: Type.Integer(),
  promisedDays: Type.Integer(),
  visitsRequired: Type.Integer(),
  online: Type.Boolean(),
  terminal: Type.Boolean(),
  feeFen: Type.Integer(),
  audience: Type.Array(Audience),
  status: Type.Enum(['published', 'withdrawn']),
});

const Material = Type.Object({
  id: Id,
  name: Type.String(),
  required: Type.Boolean(),
  form: Type.String(),
  copies: Type.Integer(),
  medium: Type.String(),
  elicense: Type.Boolean(),
  deferrable: Type.Boolean(),
  blankFormUrl: Nullable(Type.String()),
  exampleUrl: Nullable(Type.String()),
  note: Nullable(Type.String()),
  optionIds: Type.Array(Type.String()),
});
const Situation = Type.Object({ id: Id, question: Type.String(), options: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })) });

export const ItemGuide = Type.Object({
  ...ItemSummary.properties,
  acceptedAt: Type.String(),
  lenientAllowed: Type.Boolean(),
  feeBasis: Nullable(Type.String()),
  legalBasis: Nullable(Type.String()),
  conditions: Nullable(Type.String()),
  process: Nullable(Type.String()),
  serviceHours: Nullable(Type.String()),
  consultPhone: Nullable(Type.String()),
  keywords: Type.Array(Type.String()),
  issuesLicence: Nullable(Type.String()),
  changesLicence: Nullable(Type.String()),
  changeKinds: Type.Array(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  centers: Type.Array(Type.Object({ id: Id, name: Type.String(), address: Nullable(Type.String()) })),
  materials: Type.Array(Material),
  situations: Type.Array(Situation),
  faqs: Type.Array(Type.Object({ id: Id, question: Type.String(), answer: Type.String() })),
  bundles: Type.Array(Type.Object({ id: Id, name: Type.String() })),
});

export const ItemQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: '自然语言查询，如「孩子上户口」「开饭店」「sfz」' })),
  centerId: Type.Optional(Id),
  departmentId: Type.Optional(Id),
  audience: Type.Optional(Audience),
  online: Type.Optional(Type.Boolean()),
  terminal: Type.Optional(Type.Boolean({ description: '自助终端可办' })),
  type: Type.Optional(ItemType),
  includeWithdrawn: Type.Optional(Type.Boolean({ description: '含已撤销事项（仅管理员）' })),
  ...PageQuery,
});

export const ItemPage = Type.Object({ items: Type.Array(ItemSummary), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const ItemVersion = Type.Object({ version: Type.Integer(), at: Type.String({ format: 'date-time' }), actorName: Nullable(Type.String()), changes: Type.Array(Type.String()) });

export const Disclosure = Type.Object({
  items: Type.Array(Type.Object({ ...ItemSummary.properties, version: Type.Integer(), updatedAt: Type.String({ format: 'date-time' }), feeBasis: Nullable(Type.String()) })),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const Bundle = Type.Object({ id: Id, name: Type.String(), description: Nullable(Type.String()), items: Type.Array(ItemSummary) });
export const BundleInput = Type.Object({ name: Text(100), description: OptionalText(1000), itemIds: Type.Array(Id, { minItems: 2, maxItems: 30 }) }, { additionalProperties: false });
export const ProposeInput = Type.Object({ heldLicences: Type.Array(Text(100), { minItems: 1, maxItems: 50 }), change: ChangeKind }, { additionalProperties: false });

export const PreCheckInput = Type.Object(
  {
    centerId: Id,
    itemIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 30 })),
    bundleId: Type.Optional(Id),
    answers: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 64 })), { description: '事项 ID → (情形 ID → 选项 ID)' })),
  },
  { additionalProperties: false },
);

export const PreCheckResult = Type.Object({
  complete: Type.Boolean(),
  totalVisits: Type.Integer(),
  onlineItems: Type.Array(Type.String()),
  terminalItems: Type.Array(Type.String()),
  items: Type.Array(Type.Object({ ...ItemSummary.properties, acceptedAt: Type.String(), situations: Type.Array(Situation), unanswered: Type.Array(Type.String()) })),
  materials: Type.Array(
    Type.Object({ name: Type.String(), original: Type.Boolean(), copies: Type.Integer(), elicense: Type.Boolean(), deferrable: Type.Boolean(), required: Type.Boolean(), items: Type.Array(Type.String()) }),
  ),
  steps: Type.Array(Type.Object({ order: Type.Integer(), windowKind: Type.String(), departmentName: Nullable(Type.String()), windowNumbers: Type.Array(Type.Integer()), items: Type.Array(Type.String()) })),
});
