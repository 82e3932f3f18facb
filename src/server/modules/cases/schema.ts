import Type from 'typebox';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';
import { caseStatuses, materialStatuses } from './rules.ts';

const Phone = Type.String({ minLength: 1, maxLength: 20, description: '手机号码' });
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const CaseStatus = Type.Enum([...caseStatuses]);
export const MaterialStatus = Type.Enum([...materialStatuses], { description: 'received 已收取 / elicense 电子证照代替 / deferred 容缺 / missing 缺少' });
export const Delivery = Type.Enum(['window', 'locker', 'post', 'electronic'], { description: '窗口领取 / 智能柜 / 邮寄 / 电子送达' });

/** One object for both kinds (a union would lose fields to ajv's removeAdditional); the service checks what each kind needs. */
export const Applicant = Type.Object(
  {
    kind: Type.Enum(['person', 'company']),
    name: Text(100),
    phone: Phone,
    idNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 22, description: '个人：居民身份证号码' })),
    creditCode: Type.Optional(Type.String({ minLength: 18, maxLength: 18, description: '企业：统一社会信用代码' })),
    contact: Type.Optional(Text(50, { description: '企业：联系人' })),
  },
  { additionalProperties: false },
);

export const CreateCase = Type.Object(
  {
    itemId: Id,
    centerId: Type.Optional(Id),
    applicant: Applicant,
    ticketId: Type.Optional(Id),
    situationId: Type.Optional(Id),
    answers: Type.Optional(Type.Record(Id, Id)),
    channel: Type.Enum(['window', 'online', 'terminal']),
    materials: Type.Array(Type.Object({ materialId: Id, status: MaterialStatus, dueDate: Type.Optional(DateString) }, { additionalProperties: false }), { maxItems: 200 }),
  },
  { additionalProperties: false },
);

export const Case = Type.Object({
  id: Id,
  caseNo: Type.String(),
  status: CaseStatus,
  statusLabel: Type.String(),
  centerId: Id,
  itemId: Id,
  itemName: Type.String(),
  departmentId: Id,
  channel: Type.String(),
  ticketId: Nullable(Id),
  applicant: Type.Object({ kind: Type.Enum(['person', 'company']), name: Type.String(), identifier: Type.String(), phone: Type.String(), contact: Nullable(Type.String()) }),
  mode: Type.Enum(['immediate', 'promised']),
  legalDays: Type.Integer(),
  promisedDays: Type.Integer(),
  acceptedOn: Nullable(Type.String()),
  legalDeadline: Nullable(Type.String()),
  promisedDeadline: Nullable(Type.String()),
  suspended: Nullable(Type.Object({ since: Type.String(), reason: Nullable(Type.String()) })),
  warning: Nullable(Type.Enum(['due_soon', 'overdue'])),
  approved: Nullable(Type.Boolean()),
  decisionReason: Nullable(Type.String()),
  refusalReason: Nullable(Type.String()),
  delivery: Nullable(Delivery),
  materials: Type.Array(Type.Object({ materialId: Id, name: Type.String(), required: Type.Boolean(), status: MaterialStatus, dueDate: Nullable(Type.String()) })),
  createdAt: Type.String({ format: 'date-time' }),
});

export const Step = Type.Object({
  action: Type.String(),
  name: Type.String(),
  status: CaseStatus,
  actorName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  noticeNo: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
});

export const Reason = Type.Object({ reason: Text(500) }, { additionalProperties: false });
export const Decide = Type.Object({ approved: Type.Boolean(), reason: Type.Optional(Text(500)) }, { additionalProperties: false });
export const Complete = Type.Object({ delivery: Delivery }, { additionalProperties: false });
export const Supply = Type.Object({ materialIds: Type.Array(Id, { minItems: 1, maxItems: 200 }) }, { additionalProperties: false });

export const CaseListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(CaseStatus),
  departmentId: Type.Optional(Id),
  warning: Type.Optional(Type.Enum(['due_soon', 'overdue'])),
  caseNo: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z-]+$', description: '办件编号（前几位即可，如扫一次性告知书上的编号）' })),
});

export const PublicQuery = Type.Object({ idSuffix: Type.String({ minLength: 6, maxLength: 6, description: '申请人身份证号码或统一社会信用代码的后六位' }) });
export const PublicCaseParams = Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 40 }) });
export const PublicProgress = Type.Object({
  caseNo: Type.String(),
  itemName: Type.String(),
  status: CaseStatus,
  statusLabel: Type.String(),
  applicantName: Type.String(),
  steps: Type.Array(Type.Object({ name: Type.String(), at: Type.String({ format: 'date-time' }) })),
  promisedDeadline: Nullable(Type.String()),
  rateableId: Nullable(Type.String({ description: '办结后：用于评价此办件（POST /api/v1/ratings 的 caseId）' })),
});
