import Type from 'typebox';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';
import { feedbackChannels, feedbackKinds, satisfactionLevels } from './rules.ts';

const Kind = Type.Enum([...feedbackKinds], { description: 'complaint 投诉 · suggestion 建议 · praise 表扬' });
const Satisfaction = Type.Enum([...satisfactionLevels]);

export const SubmitFeedback = Type.Object(
  {
    kind: Kind,
    centerId: Id,
    text: Text(2000),
    contact: Type.Optional(Type.String({ maxLength: 100, description: '称呼或其他联系方式' })),
    phone: Type.Optional(Type.String({ maxLength: 20, description: '手机号：答复以短信发送' })),
    channel: Type.Optional(Type.Enum([...feedbackChannels], { description: '工作人员代为登记时：phone 电话、letter 来信、window 窗口' })),
    departmentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const publicFields = {
  id: Id,
  centerId: Id,
  kind: Kind,
  kindLabel: Type.String(),
  status: Type.Enum(['open', 'answered', 'closed']),
  statusLabel: Type.String(),
  dueDate: Type.String({ description: '答复期限（工作日计）' }),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String({ format: 'date-time' })),
  satisfaction: Nullable(Satisfaction),
  satisfactionLabel: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
};

export const PublicFeedback = Type.Object(publicFields);

export const Feedback = Type.Object({
  ...publicFields,
  text: Type.String(),
  contact: Nullable(Type.String({ description: '脱敏' })),
  phone: Nullable(Type.String({ description: '脱敏' })),
  channel: Type.Enum([...feedbackChannels]),
  channelLabel: Type.String(),
  departmentId: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  enteredBy: Nullable(Type.String()),
  answeredBy: Nullable(Type.String()),
  overdue: Type.Boolean(),
});

export const FeedbackQuery = Type.Object({
  kind: Type.Optional(Kind),
  status: Type.Optional(Type.Enum(['open', 'answered', 'closed'])),
  overdue: Type.Optional(Type.Boolean()),
  departmentId: Type.Optional(Id),
  ...PageQuery,
});

export const Route = Type.Object({ departmentId: Id }, { additionalProperties: false });
export const Answer = Type.Object({ answer: Text(2000) }, { additionalProperties: false });
export const RateAnswer = Type.Object({ satisfaction: Satisfaction }, { additionalProperties: false });
