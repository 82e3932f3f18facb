import Type from 'typebox';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';
import { agentLevels, maxServiceMinutes, requestChannels, requestStatuses, serviceKinds } from './rules.ts';

const Level = Type.Enum([...agentLevels], { description: 'city 市级 · district 区级 · park 园区' });
const Status = Type.Enum([...requestStatuses], { description: 'submitted 待分派 · assigned 已分派 · in_progress 服务中 · completed 已办结 · withdrawn 已撤回' });
const Channel = Type.Enum([...requestChannels], { description: 'portal 网上 · window 窗口 · phone 电话' });
const Kind = Type.Enum([...serviceKinds], { description: '政策咨询、材料准备、陪同办理、代为申报、部门协调、上门服务、视频会商' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间）' });
const Instant = Type.String({ format: 'date-time' });

export const Agent = Type.Object({
  userId: Id,
  name: Type.String(),
  centerId: Id,
  centerName: Type.String(),
  level: Level,
  levelLabel: Type.String(),
  area: Nullable(Type.String()),
  specialties: Type.Array(Type.String()),
  active: Type.Boolean(),
  openRequests: Type.Integer({ description: '在办申请数' }),
});

export const CreateAgent = Type.Object(
  {
    userId: Type.Optional(Id),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '或以登录名指定用户' })),
    centerId: Id,
    level: Level,
    area: Type.Optional(Nullable(Type.String({ maxLength: 100, description: '服务的区域或园区名称（园区专员必填）' }))),
    specialties: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const UpdateAgent = Type.Object(
  {
    level: Type.Optional(Level),
    area: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    specialties: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UserIdParams = Type.Object({ userId: Id });
export const CenterQuery = Type.Object({ centerId: Id });

export const SubmitRequest = Type.Object(
  {
    centerId: Id,
    companyName: Text(100),
    creditCode: Type.String({ minLength: 18, maxLength: 24, description: '统一社会信用代码（GB 32100）' }),
    contactName: Text(50),
    contactPhone: Type.String({ minLength: 1, maxLength: 20 }),
    projectCode: Type.Optional(Nullable(Type.String({ maxLength: 40, description: '投资项目代码，如 2026-441900-48-01-012345' }))),
    need: Text(2000),
    level: Type.Optional(Level),
    park: Type.Optional(Nullable(Type.String({ maxLength: 100, description: '园区名称：由园区专员服务' }))),
    channel: Type.Optional(Channel),
  },
  { additionalProperties: false },
);

export const Request = Type.Object({
  id: Id,
  centerId: Id,
  companyName: Type.String(),
  creditCode: Type.String(),
  contactName: Type.String({ description: '脱敏' }),
  contactPhone: Type.String({ description: '脱敏' }),
  projectCode: Nullable(Type.String()),
  need: Type.String(),
  level: Level,
  levelLabel: Type.String(),
  park: Nullable(Type.String()),
  channel: Channel,
  channelLabel: Type.String(),
  enteredBy: Nullable(Type.String()),
  status: Status,
  statusLabel: Type.String(),
  agent: Nullable(Type.Object({ userId: Id, name: Type.String() })),
  submittedAt: Instant,
  assignedAt: Nullable(Instant),
  acceptedAt: Nullable(Instant),
  completedAt: Nullable(Instant),
  withdrawnAt: Nullable(Instant),
  rating: Nullable(Type.Object({ score: Type.Integer(), comment: Nullable(Type.String()), ratedAt: Instant })),
});

const Service = Type.Object({
  id: Id,
  kind: Kind,
  kindLabel: Type.String(),
  date: Day,
  minutes: Type.Integer(),
  note: Type.String(),
  agentName: Type.String(),
  authorisationId: Nullable(Type.String({ description: '代为申报所依据的授权' })),
  recordedAt: Instant,
});

export const RequestDetail = Type.Object({
  ...Request.properties,
  plan: Type.Array(Type.Object({ id: Id, title: Type.String(), dueDate: Day, doneAt: Nullable(Instant), overdue: Type.Boolean() })),
  services: Type.Array(Service),
  totalMinutes: Type.Integer(),
  authorisations: Type.Array(
    Type.Object({
      id: Id,
      agentUserId: Id,
      agentName: Type.String(),
      scope: Type.String(),
      validUntil: Day,
      grantedAt: Instant,
      revokedAt: Nullable(Instant),
      state: Type.Enum(['valid', 'expired', 'revoked', 'other_agent']),
      stateLabel: Type.String(),
    }),
  ),
  assignments: Type.Array(
    Type.Object({ agentUserId: Id, agentName: Type.String(), assignedBy: Type.String(), reason: Nullable(Type.String()), suggested: Type.Boolean(), assignedAt: Instant, endedAt: Nullable(Instant) }),
  ),
});

export const RequestQuery = Type.Object({ centerId: Id, status: Type.Optional(Status), level: Type.Optional(Level), ...PageQuery });
export const StatusQuery = Type.Object({ status: Type.Optional(Status) });

export const Candidates = Type.Object({ suggestedUserId: Nullable(Id), agents: Type.Array(Agent) });
export const Assign = Type.Object({ agentUserId: Type.Optional(Id), reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export const Contact = Type.Object({ contactName: Type.String(), contactPhone: Type.String() });

export const PlanStep = Type.Object({ title: Text(200), dueDate: Day }, { additionalProperties: false });
export const StepParams = Type.Object({ id: Id, stepId: Id });
export const RecordService = Type.Object(
  { kind: Kind, date: Day, minutes: Type.Integer({ minimum: 1, maximum: maxServiceMinutes }), note: Text(2000) },
  { additionalProperties: false },
);
export const Grant = Type.Object({ scope: Text(500), validUntil: Day }, { additionalProperties: false });
export const AuthorisationParams = Type.Object({ id: Id, authorisationId: Id });
export const Rate = Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const FiguresQuery = Type.Object({ centerId: Id, from: Type.Optional(Day), to: Type.Optional(Day) });
const FigureLine = {
  companies: Type.Integer(),
  projects: Type.Integer(),
  services: Type.Integer(),
  minutes: Type.Integer(),
  ratings: Type.Integer(),
  averageRating: Nullable(Type.Number()),
};
export const Figures = Type.Object({
  centerId: Id,
  from: Nullable(Day),
  to: Nullable(Day),
  total: Type.Object(FigureLine),
  byAgent: Type.Array(Type.Object({ agentUserId: Id, name: Type.String(), ...FigureLine })),
  byLevel: Type.Array(Type.Object({ level: Level, label: Type.String(), ...FigureLine })),
});
