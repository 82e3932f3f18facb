import Type from 'typebox';
import { Day, Id, PageQuery, Text } from '../../platform/schemas.ts';

const DateString = Day();

export const SlotQuery = Type.Object({ categoryId: Id, date: DateString });
export const Slot = Type.Object({
  id: Type.String(),
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  capacity: Type.Integer(),
  booked: Type.Integer(),
  available: Type.Boolean({ description: '现在可以预约：已放号、未临近开始、未约满' }),
});

export const Book = Type.Object(
  {
    slotId: Type.String({ minLength: 1, maxLength: 100 }),
    idNumber: Type.String({ minLength: 15, maxLength: 22, description: '居民身份证号码（GB 11643，校验位）' }),
    name: Text(30),
    phone: Type.String({ minLength: 1, maxLength: 20 }),
    itemId: Type.Optional(Id),
    formData: Type.Optional(Type.Record(Type.String({ maxLength: 50 }), Type.Unknown(), { maxProperties: 50 })),
  },
  { additionalProperties: false },
);

export const Appointment = Type.Object({
  id: Id,
  code: Type.String({ description: '预约码：在取号机签到用' }),
  slotId: Type.String(),
  status: Type.Enum(['booked', 'checked_in', 'cancelled', 'no_show']),
  centerId: Id,
  categoryId: Id,
  categoryName: Type.String(),
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  nameMasked: Type.String(),
  idNumberMasked: Type.String(),
  phoneMasked: Type.String(),
  itemId: Type.Union([Type.Null(), Id]),
  ticketId: Type.Union([Type.Null(), Id]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CheckIn = Type.Object(
  {
    centerId: Id,
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    idNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 22 })),
    personalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: '个人码（亮码）：代替身份证号码签到' })),
  },
  { additionalProperties: false },
);

const Minutes = (max: number) => Type.Integer({ minimum: 0, maximum: max });
export const AppointmentSettings = Type.Object({
  slotMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
  capacityPerSlot: Type.Integer({ minimum: 0, maximum: 1000 }),
  capacityByCategory: Type.Record(Id, Type.Integer({ minimum: 0, maximum: 1000 })),
  releaseDays: Type.Integer({ minimum: 0, maximum: 60 }),
  closeBeforeMinutes: Minutes(1440),
  maxPerWeek: Type.Integer({ minimum: 1, maximum: 50 }),
  cancelBeforeMinutes: Minutes(2880),
  noShowLimit: Type.Integer({ minimum: 1, maximum: 20 }),
  noShowWindowDays: Type.Integer({ minimum: 1, maximum: 365 }),
  blockDays: Type.Integer({ minimum: 0, maximum: 365 }),
  earlyMinutes: Minutes(240),
  lateMinutes: Minutes(240),
});
export const UpdateAppointmentSettings = Type.Partial(AppointmentSettings, { additionalProperties: false });
export const AppointmentListQuery = Type.Object({ ...PageQuery, date: DateString });
