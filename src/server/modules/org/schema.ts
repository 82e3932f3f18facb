import Type from 'typebox';
import { Id, Nullable, PageQuery, Text } from '../../platform/schemas.ts';

export const CenterLevel = Type.Enum(['province', 'city', 'district', 'town', 'village'], { description: '层级：省/市/区县/镇街/村居' });
export const WindowKind = Type.Enum(['general', 'dedicated'], { description: 'general 综合窗口 / dedicated 专窗' });
export const WindowStatus = Type.Enum(['closed', 'open', 'paused']);
export const DeviceKind = Type.Enum(['kiosk', 'hall_display', 'window_display', 'rating_pad', 'terminal', 'locker'], {
  description: '取号机、综合屏、窗口屏、评价器、自助终端、智能柜',
});
export const ZoneKind = Type.Enum(['service', 'self_service', 'waiting', 'other'], { description: '业务区、自助区、等候区、其他' });

export const OpeningRule = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, description: 'ISO 星期：1 周一 … 7 周日' }),
    open: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM（北京时间）' }),
    close: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
  },
  { additionalProperties: false },
);

export const Center = Type.Object({
  id: Id,
  name: Type.String(),
  level: CenterLevel,
  parentId: Nullable(Id),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  openingHours: Type.Array(OpeningRule),
});

const centerFields = {
  name: Text(100),
  level: CenterLevel,
  parentId: Type.Optional(Nullable(Id)),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  openingHours: Type.Optional(Type.Array(OpeningRule, { maxItems: 20 })),
};
export const CreateCenter = Type.Object(centerFields, { additionalProperties: false });
export const UpdateCenter = Type.Partial(CreateCenter);

export const Zone = Type.Object({ id: Id, hallId: Id, name: Type.String(), kind: ZoneKind, open24h: Type.Boolean() });
export const Hall = Type.Object({ id: Id, centerId: Id, name: Type.String(), floor: Nullable(Type.String()), zones: Type.Array(Zone) });
export const CreateHall = Type.Object({ centerId: Id, name: Text(50), floor: Type.Optional(Nullable(Type.String({ maxLength: 20 }))) }, { additionalProperties: false });
export const UpdateHall = Type.Partial(Type.Omit(CreateHall, ['centerId']));
export const CreateZone = Type.Object({ hallId: Id, name: Text(50), kind: ZoneKind, open24h: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const UpdateZone = Type.Partial(Type.Omit(CreateZone, ['hallId']));

export const Department = Type.Object({ id: Id, centerId: Id, name: Type.String() });
export const CreateDepartment = Type.Object({ centerId: Id, name: Text(50) }, { additionalProperties: false });
export const UpdateDepartment = Type.Object({ name: Text(50) }, { additionalProperties: false });

export const Window = Type.Object({
  id: Id,
  centerId: Id,
  hallId: Nullable(Id),
  zoneId: Nullable(Id),
  name: Type.String(),
  number: Type.Integer(),
  kind: WindowKind,
  departmentId: Nullable(Id),
  departmentName: Nullable(Type.String()),
  status: WindowStatus,
  staff: Nullable(Type.Object({ id: Id, name: Type.String() })),
  pauseReason: Nullable(Type.String()),
  statusSince: Type.String({ format: 'date-time' }),
});
export const CreateWindow = Type.Object(
  {
    centerId: Id,
    name: Text(50),
    number: Type.Integer({ minimum: 1, maximum: 9999, description: '窗口号，显示在叫号屏上' }),
    kind: WindowKind,
    departmentId: Type.Optional(Nullable(Id)),
    hallId: Type.Optional(Nullable(Id)),
    zoneId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export const UpdateWindow = Type.Partial(Type.Omit(CreateWindow, ['centerId']));
export const WindowListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50 })),
  kind: Type.Optional(WindowKind),
  departmentId: Type.Optional(Id),
  status: Type.Optional(WindowStatus),
  ...PageQuery,
});
export const PauseWindow = Type.Object({ reason: Text(100, { description: '暂停原因' }) }, { additionalProperties: false });

export const Device = Type.Object({
  id: Id,
  centerId: Id,
  kind: DeviceKind,
  name: Type.String(),
  hallId: Nullable(Id),
  windowId: Nullable(Id),
  tokenHint: Type.String({ description: '令牌前几位，便于辨认' }),
  disabled: Type.Boolean(),
  lastSeenAt: Nullable(Type.String({ format: 'date-time' })),
});
export const DeviceWithToken = Type.Object({ device: Device, token: Type.String({ description: '设备令牌，只显示这一次' }) });
export const CreateDevice = Type.Object(
  { centerId: Id, kind: DeviceKind, name: Text(50), hallId: Type.Optional(Nullable(Id)), windowId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);
export const UpdateDevice = Type.Object(
  { name: Type.Optional(Text(50)), hallId: Type.Optional(Nullable(Id)), windowId: Type.Optional(Nullable(Id)), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const DeviceListQuery = Type.Object({ kind: Type.Optional(DeviceKind), ...PageQuery });
export const DeviceMe = Type.Object({ device: Device, center: Center, window: Nullable(Window) });
