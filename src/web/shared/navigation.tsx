import {
  CloudUploadOutlined,
  ApiOutlined,
  AppstoreAddOutlined,
  TrophyOutlined,
  InboxOutlined,
  AreaChartOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  ClusterOutlined,
  DesktopOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  EyeOutlined,
  FundProjectionScreenOutlined,
  LikeOutlined,
  NodeIndexOutlined,
  FileDoneOutlined,
  FileSyncOutlined,
  FileSearchOutlined,
  PrinterOutlined,
  ProfileOutlined,
  QrcodeOutlined,
  ReconciliationOutlined,
  ProjectOutlined,
  GiftOutlined,
  BlockOutlined,
  ShopOutlined,
  TeamOutlined,
  SolutionOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { hasAnyRole } from './access';
import { roleNames } from './labels';
import { ForbiddenPage } from './ResultPages';
import type { RoleName, User } from './types';

export interface NavEntry {
  path: string;
  label: string;
  icon: ReactNode;
  /** Who sees the menu entry and may open the screen. */
  roles: readonly RoleName[];
  group: 'admin' | 'work';
  /** Shown on the whole screen without the menu (a wall screen), still behind the sign-in. */
  fullScreen?: true;
}

const managers: RoleName[] = ['admin', 'center_manager'];

/** Every screen behind the sign-in: the menu and the route guards both read this list. */
export const navEntries: NavEntry[] = [
  { path: '/admin/centers', label: '中心', icon: <ClusterOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/halls', label: '大厅与服务区', icon: <ShopOutlined />, roles: managers, group: 'admin' },
  { path: '/admin/departments', label: '部门', icon: <ApartmentOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/windows', label: '窗口', icon: <SolutionOutlined />, roles: managers, group: 'admin' },
  { path: '/admin/users', label: '账号', icon: <TeamOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/devices', label: '设备', icon: <DesktopOutlined />, roles: managers, group: 'admin' },
  { path: '/admin/items', label: '事项管理', icon: <ProfileOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/bundles', label: '一件事', icon: <AppstoreOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/workflows', label: '办理步骤', icon: <NodeIndexOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/stations', label: '微服务站', icon: <QrcodeOutlined />, roles: managers, group: 'admin' },
  { path: '/admin/calendar', label: '节假日', icon: <CalendarOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/integrations', label: '对接管理', icon: <ApiOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/audit', label: '审计日志', icon: <AuditOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/manage', label: '大厅管理', icon: <DashboardOutlined />, roles: managers, group: 'work' },
  { path: '/manage/appointments', label: '预约管理', icon: <CarryOutOutlined />, roles: ['admin', 'center_manager', 'supervisor'], group: 'work' },
  { path: '/manage/ratings', label: '差评整改与投诉', icon: <LikeOutlined />, roles: managers, group: 'work' },
  { path: '/manage/terminals', label: '终端监控', icon: <PrinterOutlined />, roles: ['admin', 'center_manager', 'supervisor'], group: 'work' },
  { path: '/manage/lockers', label: '智能柜', icon: <InboxOutlined />, roles: ['admin', 'center_manager', 'window_staff', 'supervisor'], group: 'work' },
  { path: '/stats', label: '统计分析', icon: <AreaChartOutlined />, roles: ['admin', 'center_manager', 'supervisor'], group: 'work' },
  { path: '/bigscreen', label: '大屏', icon: <FundProjectionScreenOutlined />, roles: ['admin', 'center_manager', 'supervisor'], group: 'work', fullScreen: true },
  { path: '/supervision', label: '监察', icon: <EyeOutlined />, roles: ['supervisor', 'admin', 'center_manager'], group: 'work' },
  { path: '/window', label: '窗口工作台', icon: <CustomerServiceOutlined />, roles: ['window_staff'], group: 'work' },
  { path: '/window/accept', label: '办件受理', icon: <FileDoneOutlined />, roles: ['window_staff', 'center_manager', 'admin'], group: 'work' },
  { path: '/window/bundle', label: '一件事受理', icon: <AppstoreAddOutlined />, roles: ['window_staff', 'center_manager', 'admin'], group: 'work' },
  { path: '/window/supplements', label: '待补正办件', icon: <FileSyncOutlined />, roles: ['window_staff', 'center_manager', 'admin'], group: 'work' },
  { path: '/window/online', label: '网上申报预审', icon: <CloudUploadOutlined />, roles: ['window_staff', 'center_manager', 'admin'], group: 'work' },
  { path: '/manage/assistance', label: '帮办代办', icon: <ReconciliationOutlined />, roles: ['admin', 'center_manager', 'supervisor', 'window_staff'], group: 'work' },
  { path: '/agent', label: '帮办代办工作台', icon: <ReconciliationOutlined />, roles: ['agent'], group: 'work' },
  { path: '/projects', label: '一本总账', icon: <ProjectOutlined />, roles: ['admin', 'center_manager', 'window_staff', 'agent', 'supervisor'], group: 'work' },
  { path: '/policies', label: '暖企政策', icon: <GiftOutlined />, roles: ['admin', 'center_manager', 'window_staff', 'agent'], group: 'work' },
  { path: '/custom-bundles', label: '政务定制', icon: <BlockOutlined />, roles: ['admin', 'center_manager', 'window_staff'], group: 'work' },
  { path: '/assessment', label: '标杆大厅考评', icon: <TrophyOutlined />, roles: ['admin', 'center_manager', 'supervisor'], group: 'work' },
  { path: '/backoffice', label: '后台审批', icon: <FileSearchOutlined />, roles: ['dept_approver', 'admin'], group: 'work' },
  { path: '/me', label: '我的工作台', icon: <UserOutlined />, roles: roleNames, group: 'work' },
];

export const adminRoles = managers;

export function entryFor(path: string): NavEntry {
  const entry = navEntries.find((e) => e.path === path);
  if (!entry) throw new Error(`no navigation entry for ${path}`);
  return entry;
}

/** Entries the person's roles reach; someone with no role at all still has their own page. */
export function visibleEntries(user: User): NavEntry[] {
  return navEntries.filter((e) => e.path === '/me' || hasAnyRole(user, e.roles));
}

/** Renders the screen only for the roles of its entry; anyone else gets 无权访问. */
export function RequireRole({ user, roles, children }: { user: User; roles: readonly RoleName[]; children: ReactNode }) {
  return hasAnyRole(user, roles) ? <>{children}</> : <ForbiddenPage />;
}
