import Type from 'typebox';
import { Day, Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';
import { rectificationStatuses } from './rules.ts';

// format date refuses what the pattern lets through (2026-13-01, 2026-02-30), which would become an invalid Date in a query.
const DateString = Day();
const Score = Type.Integer({ minimum: 1, maximum: 5, description: '5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意' });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 10, description: '评价标签' });
const Comment = Type.String({ maxLength: 500 });

export const Rate = Type.Object(
  {
    ticketId: Type.Optional(Id),
    caseId: Type.Optional(Id),
    score: Score,
    tags: Type.Optional(Tags),
    comment: Type.Optional(Comment),
    anonymous: Type.Optional(Type.Boolean({ description: '匿名评价：不留姓名和电话（无法回访）' })),
    source: Type.Optional(Type.Enum(['phone', 'qr'], { description: '不带设备令牌时：手机页面或扫码' })),
    clientKey: Type.Optional(Type.String({ minLength: 8, maxLength: 100, description: '评价器为每条评价生成的标识：重发时返回已记录的评价' })),
  },
  { additionalProperties: false },
);

export const FollowUp = Type.Object(
  { ticketId: Type.Optional(Id), caseId: Type.Optional(Id), comment: Text(500), score: Type.Optional(Score) },
  { additionalProperties: false },
);

export const ServiceRef = Type.Object({ ticketId: Type.Optional(Id), caseId: Type.Optional(Id) });

const FollowUpView = Nullable(Type.Object({ score: Nullable(Type.Integer()), comment: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) }));

export const PublicRating = Type.Object({
  id: Id,
  subjectKind: Type.Enum(['ticket', 'case']),
  subjectNo: Type.String(),
  score: Type.Integer(),
  scoreLabel: Type.String(),
  tags: Type.Array(Type.String()),
  comment: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  followUpUntil: Type.String({ format: 'date-time' }),
  followUp: FollowUpView,
});

const RectificationStatus = Type.Enum([...rectificationStatuses]);
const AppealStatus = Nullable(Type.Enum(['pending', 'upheld', 'rejected']));

const RectificationSummary = Type.Object({
  id: Id,
  status: RectificationStatus,
  statusLabel: Type.String(),
  dueDate: Type.String(),
  overdue: Type.Boolean(),
  appealStatus: AppealStatus,
});

export const Rating = Type.Object({
  id: Id,
  centerId: Id,
  subjectKind: Type.Enum(['ticket', 'case']),
  subjectId: Id,
  subjectNo: Type.String(),
  score: Type.Integer(),
  scoreLabel: Type.String(),
  bad: Type.Boolean(),
  tags: Type.Array(Type.String()),
  comment: Nullable(Type.String()),
  source: Type.Enum(['pad', 'phone', 'terminal', 'qr']),
  sourceLabel: Type.String(),
  channel: Type.String(),
  itemId: Nullable(Type.String()),
  itemCode: Nullable(Type.String()),
  serviceName: Nullable(Type.String()),
  departmentId: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  windowId: Nullable(Type.String()),
  windowNumber: Nullable(Type.Integer()),
  staffUserId: Nullable(Type.String()),
  staffName: Nullable(Type.String()),
  servedAt: Type.String({ format: 'date-time' }),
  realName: Type.Boolean(),
  raterName: Nullable(Type.String({ description: '脱敏' })),
  raterPhone: Nullable(Type.String({ description: '脱敏' })),
  followUp: FollowUpView,
  excluded: Type.Boolean({ description: '申诉成立，不计入统计' }),
  createdAt: Type.String({ format: 'date-time' }),
  rectification: Nullable(RectificationSummary),
});

export const RatingQuery = Type.Object({
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  score: Type.Optional(Score),
  bad: Type.Optional(Type.Boolean()),
  departmentId: Type.Optional(Id),
  windowId: Type.Optional(Id),
  staffUserId: Type.Optional(Id),
  ...PageQuery,
});

export const Rater = Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) });

const Counts = Type.Object({ '1': Type.Integer(), '2': Type.Integer(), '3': Type.Integer(), '4': Type.Integer(), '5': Type.Integer() });
const Totals = {
  total: Type.Integer(),
  counts: Counts,
  satisfactionRate: Nullable(Type.Number({ description: '好评率：非差评（基本满意及以上）占比' })),
  fiveStarRate: Nullable(Type.Number({ description: '五星好评率：非常满意占比' })),
  bad: Type.Integer(),
};
const Group = Type.Object({ key: Type.String(), name: Type.String(), ...Totals });

export const SummaryQuery = Type.Object({ from: Type.Optional(DateString), to: Type.Optional(DateString), departmentId: Type.Optional(Id) });

export const Summary = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  ...Totals,
  byDepartment: Type.Array(Group),
  byWindow: Type.Array(Group),
  byStaff: Type.Array(Group),
  realNameBad: Type.Integer(),
  calledBack: Type.Integer(),
  callbackRate: Nullable(Type.Number({ description: '实名差评回访率' })),
  openRectifications: Type.Integer(),
  overdueRectifications: Type.Integer(),
  excluded: Type.Integer(),
});

export const MonthQuery = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }) });

export const PublicReport = Type.Object({
  centerId: Id,
  centerName: Type.String(),
  month: Type.String(),
  totals: Type.Object(Totals),
  departments: Type.Array(Group),
  windows: Type.Array(Group),
  results: Type.Array(
    Type.Object({ date: Type.String(), departmentName: Nullable(Type.String()), serviceName: Nullable(Type.String()), scoreLabel: Type.String(), outcome: Type.String(), result: Nullable(Type.String()) }),
  ),
});

export const Rectification = Type.Object({
  ...RectificationSummary.properties,
  centerId: Id,
  departmentId: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  rating: Rating,
  callback: Nullable(Type.Object({ at: Type.String({ format: 'date-time' }), reached: Type.Boolean(), note: Nullable(Type.String()) })),
  result: Nullable(Type.String()),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  appeal: Nullable(
    Type.Object({ status: Type.Enum(['pending', 'upheld', 'rejected']), statusLabel: Type.String(), reason: Type.String(), at: Type.String({ format: 'date-time' }), note: Nullable(Type.String()), decidedAt: Nullable(Type.String({ format: 'date-time' })) }),
  ),
  escalated: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  steps: Type.Array(Type.Object({ action: Type.String(), actorName: Nullable(Type.String()), note: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) })),
});

export const RectificationQuery = Type.Object({
  status: Type.Optional(RectificationStatus),
  open: Type.Optional(Type.Boolean()),
  overdue: Type.Optional(Type.Boolean()),
  departmentId: Type.Optional(Id),
  ...PageQuery,
});

export const Callback = Type.Object({ reached: Type.Boolean({ description: '是否联系上评价人' }), note: Text(500) }, { additionalProperties: false });
export const Close = Type.Object({ outcome: Type.Enum(['rectified', 'unfounded']), result: Text(1000, { description: '整改情况或不属实的说明（公开，勿写个人信息）' }) }, { additionalProperties: false });
export const Appeal = Type.Object({ reason: Text(1000) }, { additionalProperties: false });
export const AppealDecision = Type.Object({ upheld: Type.Boolean(), note: Text(1000) }, { additionalProperties: false });

export const RatingSettings = Type.Object({
  followUpDays: Type.Integer({ minimum: 1, maximum: 90, description: '评价后可追评的天数' }),
  rectifyDays: Type.Integer({ minimum: 1, maximum: 30, description: '差评整改期限（工作日）' }),
});
export const UpdateRatingSettings = Type.Partial(RatingSettings, { additionalProperties: false, minProperties: 1 });

export const PadState = Type.Object({
  window: Nullable(Type.Object({ id: Id, number: Type.Integer(), name: Type.String(), status: Type.String() })),
  staffName: Nullable(Type.String()),
  service: Nullable(Type.Object({ ticketId: Id, number: Type.String(), serviceName: Type.String(), staffName: Nullable(Type.String()), finishedAt: Type.String({ format: 'date-time' }) })),
});

export const RatingTags = Type.Object({ good: Type.Array(Type.String()), bad: Type.Array(Type.String()) });
