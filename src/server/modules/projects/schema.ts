import Type from 'typebox';
import { Day as DayOf, Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';
import { ChangeKind, ProposeInput } from '../catalog/schema.ts';
import { industries, stages } from './rules.ts';

export const StageName = Type.Enum([...stages], { description: 'attract 招商引资 · approval 立项 · land 用地 · planning 规划 · construction 施工许可 · completion 竣工验收 · registration 不动产登记 · production 投产' });
const Day = DayOf();
const Instant = Type.String({ format: 'date-time' });
const CreditCode = Type.String({ minLength: 18, maxLength: 24, description: '统一社会信用代码（GB 32100）' });

export const ProjectInput = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, description: '投资项目代码，如 2026-441900-48-01-012345' }),
    name: Text(100),
    ownerCreditCode: CreditCode,
    ownerName: Text(100),
    location: Text(200),
    centerId: Id,
    stage: Type.Optional(StageName),
  },
  { additionalProperties: false },
);

const StageItem = Type.Object({ code: Text(40), name: Text(100) }, { additionalProperties: false });

const Bottleneck = Type.Object({ stage: StageName, kind: Type.Enum(['over_norm', 'case_overdue', 'case_due_soon']), reason: Type.String(), caseNo: Type.Optional(Type.String()) });

const summaryFields = {
  id: Id,
  code: Type.String(),
  name: Type.String(),
  ownerCreditCode: Type.String(),
  ownerName: Type.String(),
  location: Type.String(),
  centerId: Id,
  centerName: Type.String(),
  stage: StageName,
  stageLabel: Type.String(),
  stageDays: Type.Integer({ description: '当前阶段已用工作日' }),
  linkedCases: Type.Integer(),
  bottlenecks: Type.Array(Bottleneck),
  createdAt: Instant,
};
export const ProjectSummary = Type.Object(summaryFields);

const LinkedCase = Type.Object({
  caseId: Id,
  caseNo: Type.String(),
  stage: StageName,
  itemId: Id,
  itemCode: Type.String(),
  itemName: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  completed: Type.Boolean(),
  promisedDeadline: Nullable(Type.String()),
  warning: Nullable(Type.Enum(['due_soon', 'overdue'])),
  linkedBy: Nullable(Type.String()),
  linkedAt: Instant,
});

export const ProjectDetail = Type.Object({
  ...summaryFields,
  stages: Type.Array(
    Type.Object({
      stage: StageName,
      label: Type.String(),
      state: Type.Enum(['done', 'current', 'ahead']),
      enteredAt: Nullable(Instant),
      leftAt: Nullable(Instant),
      elapsedDays: Nullable(Type.Integer()),
      normDays: Nullable(Type.Integer()),
      requiredItems: Type.Array(StageItem),
      nextRequiredItems: Type.Array(StageItem),
      cases: Type.Array(LinkedCase),
      overrideReason: Nullable(Type.String()),
    }),
  ),
  assistance: Type.Array(
    Type.Object({
      id: Id,
      need: Type.String(),
      status: Type.String(),
      statusLabel: Type.String(),
      levelLabel: Type.String(),
      agentName: Nullable(Type.String()),
      totalMinutes: Type.Integer(),
      services: Type.Array(Type.Object({ kindLabel: Type.String(), date: Type.String(), minutes: Type.Integer(), note: Type.String(), agentName: Type.String() })),
    }),
    { description: '帮办代办：该项目代码的帮办申请、专员与服务记录' },
  ),
  history: Type.Array(
    Type.Object({ stage: StageName, stageLabel: Type.String(), enteredAt: Instant, enteredBy: Nullable(Type.String()), leftAt: Nullable(Instant), leftBy: Nullable(Type.String()), overrideReason: Nullable(Type.String()) }),
  ),
});

export const ProjectQuery = Type.Object({ centerId: Type.Optional(Id), stage: Type.Optional(StageName), q: Type.Optional(Type.String({ maxLength: 50 })), ...PageQuery });

export const LinkCase = Type.Object({ caseNo: Text(40), stage: Type.Optional(StageName) }, { additionalProperties: false });
export const Advance = Type.Object({ toStage: StageName, overrideReason: Type.Optional(Type.String({ maxLength: 500, description: '必办事项未办结仍进入下一阶段的原因' })) }, { additionalProperties: false });

export const StageSetting = Type.Object({ stage: StageName, label: Type.String(), normDays: Nullable(Type.Integer()), items: Type.Array(StageItem) });
export const StageSettingInput = Type.Object({ normDays: Nullable(Type.Integer({ minimum: 1, maximum: 1000 })), items: Type.Array(StageItem, { maxItems: 50 }) }, { additionalProperties: false });
export const StageParams = Type.Object({ stage: StageName });

export const Figures = Type.Object({
  companies: Type.Integer({ description: '有项目的企业数' }),
  projects: Type.Integer(),
  byStage: Type.Array(Type.Object({ stage: StageName, label: Type.String(), projects: Type.Integer() })),
  linkedCases: Type.Integer(),
  customBundles: Type.Integer({ description: '政务定制业务数' }),
  assistance: Nullable(Type.Object({ companies: Type.Integer(), projects: Type.Integer(), services: Type.Integer(), minutes: Type.Integer() }, { description: '帮办代办服务数字（须指定中心，且有权查看）' })),
});
export const FiguresQuery = Type.Object({ centerId: Type.Optional(Id) });

// ---- 暖企 policies

const Criteria = Type.Object(
  {
    industries: Type.Optional(Type.Array(Type.Enum([...industries]), { maxItems: 20 })),
    minEmployees: Type.Optional(Type.Integer({ minimum: 0 })),
    maxEmployees: Type.Optional(Type.Integer({ minimum: 0 })),
    maxRevenueFen: Type.Optional(Type.Integer({ minimum: 0, description: '年营业收入上限（分）' })),
    districts: Type.Optional(Type.Array(Text(50), { maxItems: 50 })),
    minYearsFounded: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
    maxYearsFounded: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
const PolicyKind = Type.Enum(['subsidy', 'relief', 'interest'], { description: 'subsidy 补贴 · relief 减免缓缴 · interest 贴息' });

export const PolicyInput = Type.Object({ itemId: Id, name: Text(100), kind: PolicyKind, benefit: Text(500), criteria: Criteria }, { additionalProperties: false });
const policyFields = { id: Id, itemId: Id, itemCode: Type.String(), itemName: Type.String(), departmentName: Type.String(), name: Type.String(), kind: PolicyKind, benefit: Type.String(), criteria: Criteria };
export const Policy = Type.Object(policyFields);

export const CompanyProfile = Type.Object(
  {
    creditCode: CreditCode,
    name: Text(100),
    industry: Type.Enum([...industries]),
    employees: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    revenueFen: Type.Integer({ minimum: 0, maximum: 1e17, description: '上年度营业收入（分）' }),
    district: Text(50),
    foundedOn: Day,
  },
  { additionalProperties: false },
);
export const CreditCodeParams = Type.Object({ creditCode: CreditCode });

export const Suggestions = Type.Object({
  profile: CompanyProfile,
  eligible: Type.Array(Type.Object({ ...policyFields, reasons: Type.Array(Type.String()) })),
  nearMisses: Type.Array(Type.Object({ ...policyFields, reasons: Type.Array(Type.String()), missing: Type.Array(Type.String()) })),
});

// ---- 政务定制

export const BundleProposal = ProposeInput;
export const ProposalItems = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Id,
      code: Type.String(),
      name: Type.String(),
      departmentName: Type.String(),
      promisedDays: Type.Integer(),
      situations: Type.Array(Type.Object({ id: Type.String(), question: Type.String(), options: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })) })),
    }),
  ),
});

export const CustomBundleInput = Type.Object(
  {
    centerId: Id,
    company: Type.Object({ creditCode: CreditCode, name: Text(100), contact: Text(50), phone: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }),
    heldLicences: Type.Array(Text(100), { minItems: 1, maxItems: 50 }),
    change: ChangeKind,
    items: Type.Array(Type.Object({ itemId: Id, answers: Type.Record(Type.String(), Type.String()) }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
    materialsReceived: Type.Boolean({ description: '窗口已核验并收齐各事项材料' }),
  },
  { additionalProperties: false },
);

export const CustomBundle = Type.Object({
  id: Id,
  centerId: Id,
  creditCode: Type.String(),
  companyName: Type.String(),
  change: Type.String(),
  heldLicences: Type.Array(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: Instant,
  cases: Type.Array(Type.Object({ caseId: Id, caseNo: Type.String(), itemName: Type.String(), status: Type.String(), statusLabel: Type.String(), promisedDeadline: Nullable(Type.String()) })),
});
