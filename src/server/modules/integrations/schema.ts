import Type from 'typebox';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';

export const IntegrationKey = Type.Object({
  id: Id,
  centerId: Id,
  departmentId: Id,
  name: Type.String(),
  tokenHint: Type.String({ description: '密钥开头几位，用于辨认' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const CreateKey = Type.Object({ name: Text(100, { description: '对接系统名称' }) }, { additionalProperties: false });
export const KeyWithToken = Type.Object({ key: IntegrationKey, token: Type.String({ description: '接口密钥，仅此一次显示' }) });

export const WebhookEndpoint = Type.Object({
  id: Id,
  centerId: Id,
  departmentId: Id,
  name: Type.String(),
  url: Type.String(),
  secretHint: Type.String(),
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CreateEndpoint = Type.Object({ name: Text(100), url: Type.String({ minLength: 8, maxLength: 2000, description: '接收推送的 http(s) 地址' }) }, { additionalProperties: false });
export const UpdateEndpoint = Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false });
export const EndpointWithSecret = Type.Object({ endpoint: WebhookEndpoint, secret: Type.String({ description: '签名密钥，仅此一次显示' }) });

export const DeliveryStatus = Type.Enum(['pending', 'delivered', 'dead'], { description: 'pending 待投递 / delivered 已送达 / dead 投递失败（死信）' });
export const Delivery = Type.Object({
  id: Id,
  endpointId: Id,
  endpointName: Type.String(),
  url: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  caseId: Nullable(Id),
  caseNo: Nullable(Type.String()),
  status: DeliveryStatus,
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String({ format: 'date-time' })),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  responseExcerpt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export const DeliveryQuery = Type.Object({ ...PageQuery, status: Type.Optional(DeliveryStatus) });

export const PullQuery = Type.Object({
  since: Type.Optional(Type.String({ maxLength: 20, description: '上次返回的 cursor；不填则从头开始' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, description: '本次最多读取的变更条数' })),
});
