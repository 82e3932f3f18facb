import type { CenterLevel, DeviceKind, RoleName, WindowKind, WindowStatus, ZoneKind } from './types';

/** The Chinese names the UI shows for the server's codes (GLOSSARY.md). */

export const roleLabels: Record<RoleName, string> = {
  admin: '系统管理员',
  center_manager: '大厅管理员',
  window_staff: '窗口工作人员',
  dept_approver: '部门审批人员',
  supervisor: '监察人员',
  agent: '帮办代办专员',
};

export const roleNames = Object.keys(roleLabels) as RoleName[];

export const levelLabels: Record<CenterLevel, string> = {
  province: '省级',
  city: '市级',
  district: '区县级',
  town: '镇街级',
  village: '村居级',
};

export const centerLevels = Object.keys(levelLabels) as CenterLevel[];

export const zoneKindLabels: Record<ZoneKind, string> = {
  service: '业务区',
  self_service: '自助区',
  waiting: '等候区',
  other: '其他',
};

export const windowKindLabels: Record<WindowKind, string> = { general: '综合窗口', dedicated: '专窗' };

export const windowStatusLabels: Record<WindowStatus, string> = { closed: '未开窗', open: '服务中', paused: '暂停服务' };

export const windowStatusColors: Record<WindowStatus, string> = { closed: 'default', open: 'success', paused: 'warning' };

export const deviceKindLabels: Record<DeviceKind, string> = {
  kiosk: '取号机',
  hall_display: '综合屏',
  window_display: '窗口屏',
  rating_pad: '评价器',
  terminal: '自助终端',
  locker: '智能柜',
};

export const deviceKinds = Object.keys(deviceKindLabels) as DeviceKind[];

/** Device kinds the server requires to be bound to one window. */
export const windowBoundDeviceKinds: DeviceKind[] = ['window_display', 'rating_pad'];

/** The screen each kind of device opens (API.md, "Screens"); a locker has none. */
export const deviceScreenPaths: Partial<Record<DeviceKind, string>> = {
  kiosk: '/kiosk',
  hall_display: '/display/hall',
  window_display: '/display/window',
  rating_pad: '/pad',
  terminal: '/terminal',
};
