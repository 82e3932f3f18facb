import Type from 'typebox';
import { Day, Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';
import { channels, priorities, ticketStatuses } from './rules.ts';

export const Priority = Type.Enum([...priorities], { description: '优先类别：elderly 老年人（70 岁以上按身份证自动识别）、disabled 残疾人、veteran 退役军人、enterprise 暖企' });
export const Channel = Type.Enum([...channels], { description: '取号渠道：kiosk 取号机、online 远程取号、appointment 预约签到、staff 工作人员代取' });
export const TicketStatus = Type.Enum([...ticketStatuses]);
const Prefix = Type.String({ pattern: '^[A-Z]{1,2}$', description: '号码字头：一到两个大写字母' });

export const Category = Type.Object({ id: Id, centerId: Id, name: Type.String(), prefix: Type.String(), itemIds: Type.Array(Id), open: Type.Boolean(), sort: Type.Integer() });
export const CreateCategory = Type.Object(
  { centerId: Id, name: Text(30), prefix: Prefix, itemIds: Type.Array(Id, { maxItems: 5000 }), open: Type.Optional(Type.Boolean()), sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 999 })) },
  { additionalProperties: false },
);
export const UpdateCategory = Type.Partial(Type.Omit(CreateCategory, ['centerId']), { additionalProperties: false });

const Minutes = Type.Integer({ minimum: 0, maximum: 240 });
export const QueueSettings = Type.Object({
  headStartMinutes: Type.Object({ appointment: Minutes, elderly: Minutes, disabled: Minutes, veteran: Minutes, enterprise: Minutes }),
  elderlyAge: Type.Integer({ minimum: 50, maximum: 100 }),
  recallLimit: Type.Integer({ minimum: 0, maximum: 10 }),
  defaultHandleMinutes: Type.Integer({ minimum: 1, maximum: 240 }),
  handleSample: Type.Integer({ minimum: 1, maximum: 200 }),
});
export const UpdateQueueSettings = Type.Partial(
  Type.Object({ ...QueueSettings.properties, headStartMinutes: Type.Partial(QueueSettings.properties.headStartMinutes, { additionalProperties: false }) }),
  { additionalProperties: false },
);

export const WindowProfile = Type.Object({ windowId: Id, tiers: Type.Array(Type.Array(Id)) });
export const WindowProfileInput = Type.Object(
  { tiers: Type.Array(Type.Array(Id, { maxItems: 100 }), { maxItems: 10, description: '按优先顺序排列的业务类别级别：先叫第一级，第一级无人等候时再叫第二级' }) },
  { additionalProperties: false },
);

const ChinaIdNumber = Type.String({ minLength: 15, maxLength: 22, description: '居民身份证号码（GB 11643，校验位）' });
const Mobile = Type.String({ minLength: 1, maxLength: 20, description: '手机号码' });

export const IssueTicket = Type.Object(
  {
    centerId: Id,
    categoryId: Type.Optional(Id),
    itemId: Type.Optional(Id),
    channel: Channel,
    idNumber: Type.Optional(ChinaIdNumber),
    phone: Type.Optional(Mobile),
    priority: Type.Optional(Priority),
    personalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: '个人码（亮码）：取号机或自助终端扫码取号，代替身份证号码和手机号' })),
  },
  { additionalProperties: false },
);

export const Ticket = Type.Object({
  id: Id,
  number: Type.String(),
  centerId: Id,
  categoryId: Id,
  categoryName: Type.String(),
  status: TicketStatus,
  statusLabel: Type.String(),
  channel: Channel,
  priority: Nullable(Priority),
  itemId: Nullable(Id),
  takenAt: Type.String({ format: 'date-time' }),
  windowId: Nullable(Id),
  windowNumber: Nullable(Type.Integer()),
  calledAt: Nullable(Type.String({ format: 'date-time' })),
  recalls: Type.Integer(),
  ahead: Type.Integer(),
  estimatedWaitMinutes: Type.Integer(),
  transferredTo: Nullable(Id),
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
});

export const HistoryEntry = Type.Object({
  action: Type.String(),
  actionLabel: Type.String(),
  status: TicketStatus,
  windowNumber: Nullable(Type.Integer()),
  actorName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
});
export const CurrentTicket = Nullable(Type.Object({ ...Ticket.properties, history: Type.Array(HistoryEntry) }));

export const CallResult = Type.Object({ ticket: Ticket });
export const Transfer = Type.Object({ categoryId: Type.Optional(Id), windowId: Type.Optional(Id) }, { additionalProperties: false });
export const Reason = Type.Object({ reason: Type.Optional(Text(200)) }, { additionalProperties: false });
export const RequiredReason = Type.Object({ reason: Text(200) }, { additionalProperties: false });

export const CategoryLoad = Type.Object({
  categoryId: Id,
  name: Type.String(),
  prefix: Type.String(),
  open: Type.Boolean(),
  waiting: Type.Integer(),
  estimatedWaitMinutes: Type.Integer(),
  servingWindows: Type.Integer(),
  longestWaitMinutes: Type.Integer(),
});

export const TicketListQuery = Type.Object({ ...PageQuery, status: Type.Optional(TicketStatus), categoryId: Type.Optional(Id), day: Type.Optional(Day()) });
export const Call = Type.Object({ ticketId: Id, number: Type.String(), categoryId: Id, windowId: Id, windowNumber: Type.Integer(), status: TicketStatus, at: Type.String({ format: 'date-time' }) });
export const CallsQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })) });
export const Applicant = Type.Object({ idNumber: Nullable(Type.String()), phone: Nullable(Type.String()) });
