import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { errorMessage } from './api';
import { useAuth } from './auth';
import { ChangePasswordModal } from './ChangePasswordModal';
import { roleLabels } from './labels';
import { visibleEntries, type NavEntry } from './navigation';
import { PageLoading } from './StatusPages';
import type { User } from './types';

const { Header, Sider, Content } = Layout;

function menuItems(entries: NavEntry[]): MenuProps['items'] {
  const item = (e: NavEntry) => ({ key: e.path, icon: e.icon, label: <Link to={e.path}>{e.label}</Link> });
  const admin = entries.filter((e) => e.group === 'admin');
  const work = entries.filter((e) => e.group === 'work');
  return [
    ...(admin.length ? [{ type: 'group' as const, key: 'admin', label: '系统管理', children: admin.map(item) }] : []),
    { type: 'group' as const, key: 'work', label: '工作台', children: work.map(item) },
  ];
}

/** The entry a URL belongs to, so /admin/windows?page=2 still lights up 窗口. */
function selectedKey(entries: NavEntry[], pathname: string): string[] {
  const match = entries.filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
  return match ? [match.path] : [];
}

function UserBar({ user }: { user: User }) {
  const { logOut } = useAuth();
  const { message } = App.useApp();
  const [changingPassword, setChangingPassword] = useState(false);
  const roles = [...new Set(user.roles.map((g) => roleLabels[g.role]))].join('、');

  async function signOut() {
    // Signed out here either way; the layout then sends the person to the login page.
    try {
      await logOut();
    } catch (error) {
      message.warning(`退出时未能通知服务器：${errorMessage(error)}`);
    }
  }

  return (
    <Space size="middle">
      <Space size="small">
        <Avatar size="small" icon={<UserOutlined />} />
        <Typography.Text strong data-testid="current-user-name">
          {user.name}
        </Typography.Text>
        {roles && <Typography.Text type="secondary" className="hide-narrow">{roles}</Typography.Text>}
      </Space>
      <Button type="text" icon={<KeyOutlined />} onClick={() => setChangingPassword(true)}>
        修改密码
      </Button>
      <Button type="text" icon={<LogoutOutlined />} onClick={signOut}>
        退出登录
      </Button>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </Space>
  );
}

/** The frame of every staff screen: sign-in check, the menu of the person's roles, the user bar. */
export function AppLayout() {
  const { user, signedOutOnPurpose } = useAuth();
  const location = useLocation();
  if (user === undefined) return <PageLoading tip="正在确认登录状态…" />;
  if (user === null) return <Navigate to={signedOutOnPurpose ? '/login' : `/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  const entries = visibleEntries(user);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsedWidth={0} width={208} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <Link to="/" style={{ display: 'block', padding: '16px 24px', fontSize: 18, fontWeight: 600, color: '#0958d9' }}>
          一门通办
        </Link>
        <Menu mode="inline" items={menuItems(entries)} selectedKeys={selectedKey(entries, location.pathname)} style={{ borderInlineEnd: 0 }} />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #f0f0f0' }}>
          <UserBar user={user} />
        </Header>
        <Content style={{ padding: 24, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
