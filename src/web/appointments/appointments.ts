/** What the appointment screens share: the API's shapes, the ID number check, and errors as Chinese sentences. */
import { ApiError, errorMessage } from '../shared/api';
import { businessZone, dayjs } from '../shared/format';

export interface QueueCategory {
  id: string;
  name: string;
  prefix: string;
  itemIds: string[];
}

export interface Slot {
  id: string;
  start: string;
  end: string;
  capacity: number;
  booked: number;
  available: boolean;
}

export type AppointmentStatus = 'booked' | 'checked_in' | 'cancelled' | 'no_show';

export interface Appointment {
  id: string;
  code: string;
  slotId: string;
  status: AppointmentStatus;
  centerId: string;
  categoryId: string;
  categoryName: string;
  start: string;
  end: string;
  nameMasked: string;
  idNumberMasked: string;
  phoneMasked: string;
  itemId: string | null;
  ticketId: string | null;
  createdAt: string;
}

export interface AppointmentSettings {
  slotMinutes: number;
  capacityPerSlot: number;
  capacityByCategory: Record<string, number>;
  releaseDays: number;
  closeBeforeMinutes: number;
  maxPerWeek: number;
  cancelBeforeMinutes: number;
  noShowLimit: number;
  noShowWindowDays: number;
  blockDays: number;
  earlyMinutes: number;
  lateMinutes: number;
}

export interface CheckInTicket {
  id: string;
  number: string;
  categoryId: string;
  status: string;
  ahead: number;
  estimatedWaitMinutes: number;
  takenAt: string;
}

export const statusLabels: Record<AppointmentStatus, { text: string; color: string }> = {
  booked: { text: '已预约', color: 'blue' },
  checked_in: { text: '已签到', color: 'green' },
  cancelled: { text: '已取消', color: 'default' },
  no_show: { text: '未到（爽约）', color: 'red' },
};

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

/** GB 11643: 18 characters, a real birth date, and the MOD 11-2 check character. */
export function isValidIdNumber(value: string): boolean {
  const id = value.replace(/\s+/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = dayjs(id.slice(6, 14), 'YYYYMMDD', true);
  if (!birth.isValid() || birth.year() < 1900) return false;
  const sum = weights.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return checkChars[sum % 11] === id[17];
}

export const isValidMobile = (value: string) => /^1[3-9]\d{9}$/.test(value.trim());

/** Today and the next `releaseDays` days, in Beijing time. */
export function bookingDates(releaseDays: number, now = dayjs()): { date: string; label: string }[] {
  const today = now.tz(businessZone);
  return Array.from({ length: releaseDays + 1 }, (_, i) => {
    const d = today.add(i, 'day');
    const prefix = i === 0 ? '今天' : i === 1 ? '明天' : d.format('ddd');
    return { date: d.format('YYYY-MM-DD'), label: `${d.format('MM-DD')} ${prefix}` };
  });
}

export const slotTime = (slot: { start: string; end: string }) => `${dayjs(slot.start).tz(businessZone).format('HH:mm')}–${dayjs(slot.end).tz(businessZone).format('HH:mm')}`;
export const slotDay = (iso: string) => dayjs(iso).tz(businessZone).format('YYYY年M月D日 dddd');

const messages: Record<string, string> = {
  SLOT_FULL: '该时段已约满，请选择其他时段。',
  SLOT_CLOSED: '该时段暂不可预约（尚未放号或即将开始），请选择其他时段。',
  INVALID_SLOT: '该时段不可预约（可能是非办公时间或节假日），请重新选择。',
  ALREADY_BOOKED: '您当天已预约过该类业务，同一天同一类业务只能预约一次。',
  INVALID_ID_NUMBER: '身份证号码不正确，请核对后重新输入。',
  INVALID_PHONE: '手机号码不正确，请输入 11 位手机号码。',
  CANCEL_TOO_LATE: '距离预约开始时间太近，已不能取消。',
  INVALID_APPOINTMENT_STATE: '该预约已取消或已签到，不能再取消。',
  NOT_FOUND: '未找到预约：请核对预约码或身份证号码，并确认预约的是今天、本中心。',
  CHECK_IN_KEY: '请输入预约码或身份证号码。',
  FORBIDDEN: '本设备不能为该中心办理签到，请联系工作人员。',
};

/** The sentence for an appointment error: the server's own where it carries specifics (dates, limits). */
export function appointmentError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'BOOKING_BLOCKED') return `暂不能预约：${error.message}。如有疑问请咨询中心工作人员。`;
    if (error.code === 'TOO_MANY_BOOKINGS') return `预约次数已达上限：${error.message}，请先办理或取消已有的预约。`;
    if (error.code === 'TOO_EARLY') return `还没到签到时间：${error.message}。`;
    if (error.code === 'NOT_FOUND' && error.message === '预约不存在') return '该预约不存在，请核对链接。';
    const known = messages[error.code];
    if (known) return known;
  }
  return errorMessage(error);
}

/** A request made with a device's token instead of a person's session (the kiosk). */
export async function deviceRequest<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请稍后重试');
  }
  const json = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!response.ok) throw new ApiError(response.status, json?.error?.code ?? 'HTTP_ERROR', json?.error?.message ?? `请求失败（${response.status}）`);
  return json as T;
}

/** Bookings made on this phone, so the booking page can list them again. */
const myKey = 'onedoor.appointments';
export function rememberedBookings(): string[] {
  try {
    const value = JSON.parse(localStorage.getItem(myKey) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
export function rememberBooking(id: string): void {
  localStorage.setItem(myKey, JSON.stringify([id, ...rememberedBookings().filter((x) => x !== id)].slice(0, 10)));
}
