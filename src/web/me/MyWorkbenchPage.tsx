import { KeyOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { hasAnyRole } from '../shared/access';
import { useCurrentUser } from '../shared/auth';
import { ChangePasswordModal } from '../shared/ChangePasswordModal';
import { formatTime } from '../shared/format';
import { visibleEntries } from '../shared/navigation';
import { RoleGrantList, useScopeNames } from '../shared/RoleGrantList';
import { ScreenHeader } from '../shared/Screen';
import { MyRatings } from './MyRatings';
import { MyStats } from './MyStats';

/** The roles whose services are rated (窗口, 审批, 帮办代办). */
const ratedRoles = ['window_staff', 'dept_approver', 'agent'] as const;

/** 我的工作台: who I am, what I may do where, and my password. */
export function MyWorkbenchPage() {
  const user = useCurrentUser();
  const scopeOf = useScopeNames(user.roles);
  const [changingPassword, setChangingPassword] = useState(false);
  const shortcuts = visibleEntries(user).filter((e) => e.path !== '/me');

  return (
    <>
      <ScreenHeader title="我的工作台" />
      <Card title="账号信息" style={{ marginBottom: 16 }} extra={<Button icon={<KeyOutlined />} onClick={() => setChangingPassword(true)}>修改密码</Button>}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          bordered
          size="medium"
          items={[
            { key: 'name', label: '姓名', children: user.name },
            { key: 'username', label: '用户名', children: user.username },
            { key: 'roles', label: '角色与范围', span: 'filled', children: <RoleGrantList grants={user.roles} scopeOf={scopeOf} vertical /> },
            { key: 'createdAt', label: '账号创建时间', span: 'filled', children: formatTime(user.createdAt) },
          ]}
        />
      </Card>
      <Card title="我可以使用的功能">
        {shortcuts.length ? (
          <Flex wrap gap={12}>
            {shortcuts.map((entry) => (
              <Link key={entry.path} to={entry.path}>
                <Button icon={entry.icon}>{entry.label}</Button>
              </Link>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">您的角色暂时没有可用的管理功能。审批、监察、帮办代办等功能将随相应模块上线。</Typography.Text>
        )}
      </Card>
      {hasAnyRole(user, ratedRoles) && <MyStats />}
      {hasAnyRole(user, ratedRoles) && <MyRatings />}
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </>
  );
}
