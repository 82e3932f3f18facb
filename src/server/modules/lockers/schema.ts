import Type from 'typebox';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';
import { compartmentSizes } from './rules.ts';

const Size = Type.Enum([...compartmentSizes], { description: 'small 小格 · medium 中格 · large 大格' });

export const AddCompartments = Type.Object(
  {
    count: Type.Integer({ minimum: 1, maximum: 200, description: '新增柜格数' }),
    prefix: Type.Optional(Type.String({ pattern: '^[A-Z]$', description: '柜门编号字母，默认 A' })),
    size: Type.Optional(Size),
  },
  { additionalProperties: false },
);

export const Deposit = Type.Object({
  id: Id,
  lockerId: Id,
  lockerName: Type.String(),
  compartmentId: Id,
  compartmentLabel: Type.String(),
  centerId: Id,
  caseId: Nullable(Id),
  caseNo: Nullable(Type.String()),
  itemName: Type.String(),
  recipientName: Type.String({ description: '领取人（脱敏）' }),
  recipientPhone: Type.String({ description: '手机号（脱敏）' }),
  depositedAt: Type.String({ format: 'date-time' }),
  depositedBy: Type.String(),
  overdue: Type.Boolean({ description: '超过中心规定天数仍未领取' }),
  collectedAt: Nullable(Type.String({ format: 'date-time' })),
  collectedBy: Nullable(Type.Enum(['pickup_code', 'personal_code', 'staff'])),
  collectNote: Nullable(Type.String()),
});

export const Compartment = Type.Object({ id: Id, label: Type.String(), size: Size, disabled: Type.Boolean(), deposit: Nullable(Deposit) });

/** A case's result (the applicant receives it), or anything else for a named recipient; one of the two. */
export const DepositInput = Type.Object(
  {
    caseId: Type.Optional(Id),
    recipient: Type.Optional(
      Type.Object({ name: Text(50), phone: Type.String({ minLength: 1, maxLength: 20 }), idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })) }, { additionalProperties: false }),
    ),
    itemName: Type.Optional(Text(100, { description: '存放的材料或证照（无办件时）' })),
    compartmentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const LockerSummary = Type.Object({ id: Id, name: Type.String(), hallId: Nullable(Id), total: Type.Integer(), free: Type.Integer(), occupied: Type.Integer() });

export const LockerState = Type.Object({ name: Type.String(), centerId: Id, total: Type.Integer(), free: Type.Integer(), occupied: Type.Integer() });

export const OpenInput = Type.Object(
  {
    pickupCode: Type.Optional(Type.String({ pattern: '^\\s*\\d{6}\\s*$', description: '短信中的 6 位取件码' })),
    personalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: '个人码（亮码）' })),
  },
  { additionalProperties: false },
);

export const Opened = Type.Object({
  opened: Type.Array(Type.Object({ label: Type.String(), itemName: Type.String(), caseNo: Nullable(Type.String()), recipientName: Type.String() })),
});

export const DepositQuery = Type.Object({ status: Type.Optional(Type.Enum(['waiting', 'overdue', 'collected'])), ...PageQuery });

export const Collect = Type.Object({ reason: Text(200) }, { additionalProperties: false });

export const LockerSettings = Type.Object({ uncollectedDays: Type.Integer({ minimum: 1, maximum: 90, description: '超过几天未领取即提醒' }) });
export const UpdateLockerSettings = Type.Partial(LockerSettings, { additionalProperties: false });
