import Type from 'typebox';
import { Id, Nullable } from '../../platform/schemas.ts';
import { certificateKinds, certificateNumberPattern, paperStates, printerStates } from './rules.ts';

export const Heartbeat = Type.Object(
  {
    printer: Type.Enum([...printerStates], { description: 'ok 正常 · error 故障 · offline 未连接' }),
    paper: Type.Enum([...paperStates], { description: 'ok 充足 · low 将尽 · out 已用完' }),
  },
  { additionalProperties: false },
);

const Health = {
  online: Type.Boolean({ description: '3 分钟内上报过心跳' }),
  down: Nullable(Type.String({ description: '不能服务的原因' })),
  warning: Nullable(Type.String()),
};

export const HeartbeatAnswer = Type.Object({ at: Type.String({ format: 'date-time' }), ...Health });

export const Terminal = Type.Object({
  id: Id,
  name: Type.String(),
  centerId: Id,
  centerName: Type.String(),
  disabled: Type.Boolean(),
  lastHeartbeatAt: Nullable(Type.String({ format: 'date-time' })),
  printer: Nullable(Type.Enum([...printerStates])),
  paper: Nullable(Type.Enum([...paperStates])),
  ...Health,
});

export const RateableQuery = Type.Object({ ticketNo: Type.String({ minLength: 2, maxLength: 12, pattern: '^[A-Za-z]{1,2}\\d{1,5}$', description: '号票上的号码，如 A003' }) });

export const Rateable = Type.Object({
  ticketId: Id,
  number: Type.String(),
  categoryName: Type.String(),
  rateable: Type.Boolean({ description: '已办结，可以评价' }),
});

const Kind = Type.Enum([...certificateKinds], { description: 'social_insurance 社会保险参保缴费证明 · real_estate 不动产登记信息查询结果证明' });

export const IssueCertificate = Type.Object(
  {
    personalCode: Type.String({ minLength: 1, maxLength: 500, description: '扫描到的个人码' }),
    kind: Kind,
  },
  { additionalProperties: false },
);

const CertificateFields = {
  no: Type.String({ description: '证明编号，也是核验编号' }),
  kind: Kind,
  title: Type.String(),
  holderName: Type.String({ description: '脱敏' }),
  idNumber: Type.String({ description: '脱敏' }),
  issuedAt: Type.String({ format: 'date-time' }),
  centerName: Type.String(),
};

export const IssuedCertificate = Type.Object({
  ...CertificateFields,
  statement: Type.String(),
  rows: Type.Array(Type.Tuple([Type.String(), Type.String()])),
  verifyUrl: Type.String(),
  pdf: Type.String({ description: 'PDF，Base64' }),
});

export const CertificateParams = Type.Object({ no: Type.String({ pattern: certificateNumberPattern, description: '证明编号' }) });

export const VerifiedCertificate = Type.Object({ ...CertificateFields, genuine: Type.Literal(true) });

export const Apply = Type.Object(
  {
    personalCode: Type.String({ minLength: 1, maxLength: 500, description: '扫描到的个人码' }),
    itemId: Id,
    situationId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const Applied = Type.Object({
  caseNo: Type.String(),
  itemName: Type.String(),
  statusLabel: Type.String(),
  applicantName: Type.String({ description: '脱敏' }),
  promisedDeadline: Nullable(Type.String()),
});

export const OfferedItems = Type.Object({ itemIds: Nullable(Type.Array(Id, { maxItems: 500 })) }, { additionalProperties: false });

export const HelpRequest = Type.Object({
  id: Id,
  centerId: Id,
  deviceId: Id,
  deviceName: Type.String(),
  status: Type.Enum(['open', 'acknowledged']),
  createdAt: Type.String({ format: 'date-time' }),
  acknowledgedAt: Nullable(Type.String({ format: 'date-time' })),
  acknowledgedBy: Nullable(Type.String()),
});
