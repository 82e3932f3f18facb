import { EditOutlined, KeyOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Popconfirm, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { coveredCenters, isGlobal } from '../shared/access';
import { api } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { passwordRules } from '../shared/ChangePasswordModal';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { roleLabels, roleNames } from '../shared/labels';
import { OneTimeSecretModal, type SecretItem } from '../shared/OneTimeSecretModal';
import { useCenters } from '../shared/orgData';
import { RoleGrantList, useScopeNames } from '../shared/RoleGrantList';
import { ScreenHeader } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Paged, RoleGrant, RoleName, User } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useDialog } from '../shared/useDialog';
import { usePagedTable } from '../shared/usePagedTable';
import { RoleGrantsEditor, toGrants } from './RoleGrantsEditor';

interface UserFilters {
  q?: string;
  role?: RoleName;
}

interface UserForm {
  username: string;
  name: string;
  password: string;
  roles: Partial<RoleGrant>[];
}

function UserFormModal({ user, open, onClose, centers, centerRequired, onSaved }: { user: User | undefined; open: boolean; onClose(): void; centers: Center[]; centerRequired: boolean; onSaved(): void }) {
  async function save(values: UserForm) {
    const roles = toGrants(values.roles);
    if (user) await api.patch(`/api/v1/users/${user.id}`, { name: values.name.trim(), roles });
    else await api.post('/api/v1/users', { username: values.username.trim(), name: values.name.trim(), password: values.password, roles });
    onSaved();
  }
  return (
    <FormModal<UserForm> open={open} title={user ? `编辑账号：${user.username}` : '新建账号'} initialValues={user ?? { roles: [] }} onSubmit={save} onClose={onClose} width={760}>
      <Flex gap={16} wrap>
        <Form.Item
          name="username"
          label="用户名"
          rules={[
            { required: true, message: '请输入用户名' },
            { min: 2, max: 64, message: '用户名为 2–64 个字符' },
            { pattern: /^[A-Za-z0-9_.-]+$/, message: '用户名只能包含字母、数字、下划线、点或连字符' },
          ]}
          style={{ flex: '1 1 200px' }}
        >
          <Input disabled={Boolean(user)} autoComplete="off" placeholder="如：staff03" />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 50, message: '最多 50 个字' }]} style={{ flex: '1 1 200px' }}>
          <Input placeholder="如：张三" />
        </Form.Item>
      </Flex>
      {!user && (
        <Form.Item name="password" label="初始密码" rules={passwordRules} extra="至少 8 位，包含字母、数字、符号中的至少两类，且不含用户名">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item label="角色与范围" required={false}>
        <RoleGrantsEditor name="roles" centers={centers} centerRequired={centerRequired} />
      </Form.Item>
    </FormModal>
  );
}

/** 账号: staff accounts, their roles and scopes; disabling ends their sessions at once. */
export function UsersPage() {
  const me = useCurrentUser();
  const { data: allCenters = [] } = useCenters();
  const centers = useMemo(() => coveredCenters(allCenters, me.roles, ['admin']), [allCenters, me.roles]);
  const table = usePagedTable<User, UserFilters>((query, signal) => api.get<Paged<User>>('/api/v1/users', { ...query }, signal), {});
  const scopeOf = useScopeNames(table.tableProps.dataSource.flatMap((u) => u.roles));
  const dialog = useDialog<User | undefined>();
  const [resetResult, setResetResult] = useState<{ user: User; items: SecretItem[] }>();
  const run = useAction();

  async function resetPassword(user: User) {
    const result = await run(() => api.post<{ password: string }>(`/api/v1/users/${user.id}/reset-password`, {}));
    if (result) setResetResult({ user, items: [{ label: `${user.name}（${user.username}）的新密码`, value: result.password }] });
  }

  const columns: TableColumnsType<User> = [
    { title: '用户名', dataIndex: 'username', width: 140 },
    { title: '姓名', dataIndex: 'name', width: 120 },
    { title: '角色与范围', key: 'roles', width: 300, render: (_, u) => <RoleGrantList grants={u.roles} scopeOf={scopeOf} /> },
    { title: '状态', dataIndex: 'disabled', width: 90, render: (disabled: boolean) => (disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>) },
    { title: '创建时间', dataIndex: 'createdAt', width: 170, render: (at: string) => formatTime(at, 'YYYY-MM-DD HH:mm') },
    {
      title: '操作',
      key: 'actions',
      width: 250,
      fixed: 'right',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => dialog.show(u)}>
            编辑
          </Button>
          <Popconfirm title={`重置「${u.name}」的密码？`} description="将生成一个新密码，并使其所有登录失效。" okText="重置" onConfirm={() => resetPassword(u)}>
            <Button type="link" size="small" icon={<KeyOutlined />}>
              重置密码
            </Button>
          </Popconfirm>
          {u.id !== me.id && (
            <Popconfirm
              title={u.disabled ? `启用「${u.name}」的账号？` : `停用「${u.name}」的账号？`}
              description={u.disabled ? undefined : '停用后该账号立即退出登录，且无法再登录。'}
              okText={u.disabled ? '启用' : '停用'}
              okButtonProps={{ danger: !u.disabled }}
              onConfirm={() => run(() => api.patch(`/api/v1/users/${u.id}`, { disabled: !u.disabled }), u.disabled ? '账号已启用' : '账号已停用').then(table.reload)}
            >
              <Button type="link" size="small" danger={!u.disabled} icon={u.disabled ? <CheckCircleOutlined /> : <StopOutlined />}>
                {u.disabled ? '启用' : '停用'}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <ScreenHeader
        title="账号"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => dialog.show(undefined)}>
            新建账号
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search placeholder="用户名或姓名" allowClear enterButton onSearch={(q) => table.setFilters({ q: q.trim() || undefined })} style={{ width: 260 }} aria-label="搜索账号" />
          <Select
            placeholder="按角色筛选"
            allowClear
            options={roleNames.map((r) => ({ value: r, label: roleLabels[r] }))}
            onChange={(role?: RoleName) => table.setFilters({ role })}
            style={{ width: 180 }}
          />
        </Space>
        {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
        <Table<User>
          rowKey="id"
          columns={columns}
          {...table.tableProps}
          scroll={{ x: 1150 }}
          locale={{ emptyText: <TableEmpty error={table.error} description={table.filters.q || table.filters.role ? '没有符合条件的账号。' : '还没有账号。'} /> }}
        />
      </Card>
      <UserFormModal user={dialog.subject} open={dialog.open} onClose={dialog.close} centers={centers} centerRequired={!isGlobal(me, ['admin'])} onSaved={table.reload} />
      <OneTimeSecretModal
        title="密码已重置"
        items={resetResult?.items}
        note="请将新密码当面或通过安全渠道告知本人，并提醒其登录后立即修改密码。"
        onClose={() => setResetResult(undefined)}
      />
    </>
  );
}
