import { LoginOutlined, LogoutOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Descriptions, Empty, Flex, Form, Input, Popconfirm, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { CenterSelector, useCenterChoice } from '../shared/CenterSelector';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { windowKindLabels } from '../shared/labels';
import { useCenterEvents } from '../shared/live';
import { ScreenHeader } from '../shared/Screen';
import { LoadError, PageLoading, TableEmpty } from '../shared/StatusPages';
import type { Center, ServiceWindow, User } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { useHotkeys } from '../shared/useHotkeys';
import { usePagedTable } from '../shared/usePagedTable';
import { fetchWindows, WindowStatusTag, type WindowFilters } from '../shared/windows';
import { QueuePanel, WaitingCounts } from './QueuePanel';

const commonPauseReasons = ['临时离开', '业务咨询', '系统故障', '内部会议', '用餐'];

/** The department a staff member's grant ties them to in this center, if it does: they may only sit at its windows. */
function departmentOf(user: User, center: Center): string | undefined {
  const grant = user.roles.find((g) => g.role === 'window_staff' && g.centerId === center.id);
  return grant?.departmentId ?? undefined;
}

function ChooseWindow({ center, onSignedIn }: { center: Center; onSignedIn(window: ServiceWindow): void }) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [signingIn, setSigningIn] = useState<string>();
  const table = usePagedTable<ServiceWindow, WindowFilters>((query, signal) => fetchWindows(center.id, query, signal), { status: 'closed', departmentId: departmentOf(user, center) }, [center.id]);
  // Someone else signing in or out changes which windows are free.
  useCenterEvents(center.id, ['window.changed'], () => table.reload());

  async function signIn(w: ServiceWindow) {
    setSigningIn(w.id);
    try {
      const signed = await api.post<ServiceWindow>(`/api/v1/windows/${w.id}/sign-in`);
      message.success(`已在 ${signed.number} 号窗口签到`);
      onSignedIn(signed);
    } catch (error) {
      message.error(errorMessage(error));
      table.reload();
    } finally {
      setSigningIn(undefined);
    }
  }

  const columns: TableColumnsType<ServiceWindow> = [
    { title: '窗口号', dataIndex: 'number', width: 90 },
    { title: '名称', dataIndex: 'name' },
    { title: '类型', dataIndex: 'kind', width: 100, render: (k: ServiceWindow['kind']) => windowKindLabels[k] },
    { title: '部门', dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
    { title: '状态', key: 'status', width: 200, render: (_, w) => <WindowStatusTag window={w} /> },
    { title: '工作人员', key: 'staff', width: 110, render: (_, w) => w.staff?.name ?? '—' },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, w) => (
        <Button type="primary" size="small" icon={<LoginOutlined />} disabled={w.status !== 'closed'} loading={signingIn === w.id} onClick={() => signIn(w)}>
          签到
        </Button>
      ),
    },
  ];

  return (
    <Card title="选择窗口签到">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search placeholder="输入窗口号或名称" allowClear enterButton="搜索" autoFocus onSearch={(q) => table.setFilters({ q: q.trim() || undefined })} style={{ width: 280 }} aria-label="搜索窗口" />
        <Checkbox checked={table.filters.status === 'closed'} onChange={(e) => table.setFilters({ status: e.target.checked ? 'closed' : undefined })}>
          只显示未开窗的窗口
        </Checkbox>
      </Space>
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<ServiceWindow>
        rowKey="id"
        columns={columns}
        {...table.tableProps}
        scroll={{ x: 900 }}
        locale={{ emptyText: <TableEmpty error={table.error} description={table.filters.q ? '没有找到符合条件的窗口。' : '当前没有空闲的窗口。'} /> }}
      />
    </Card>
  );
}

function PauseModal({ open, onClose, onPause }: { open: boolean; onClose(): void; onPause(reason: string): Promise<unknown> }) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <FormModal<{ reason: string }> form={form} open={open} title="暂停服务" okText="暂停" successMessage="窗口已暂停服务" onSubmit={({ reason }) => onPause(reason.trim())} onClose={onClose}>
      <Form.Item name="reason" label="暂停原因" rules={[{ required: true, whitespace: true, message: '请填写暂停原因' }, { max: 100, message: '最多 100 个字' }]} extra="原因会显示在窗口状态中，大厅管理员可见">
        <Input placeholder="如：临时离开" maxLength={100} />
      </Form.Item>
      <Space wrap>
        {commonPauseReasons.map((reason) => (
          <Tag.CheckableTag key={reason} checked={false} onChange={() => form.setFieldValue('reason', reason)}>
            {reason}
          </Tag.CheckableTag>
        ))}
      </Space>
    </FormModal>
  );
}

function AtWindow({ window, onChange }: { window: ServiceWindow; onChange(window: ServiceWindow | null): void }) {
  const { message } = App.useApp();
  const [pausing, setPausing] = useState(false);
  const [confirmingSignOut, setConfirmingSignOut] = useState(false);
  const [busy, setBusy] = useState(false);

  async function act(action: 'resume' | 'sign-out', success: string) {
    setBusy(true);
    try {
      const next = await api.post<ServiceWindow>(`/api/v1/windows/${window.id}/${action}`);
      message.success(success);
      onChange(action === 'sign-out' ? null : next);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
      setConfirmingSignOut(false);
    }
  }

  // F8 pauses or resumes, Ctrl+Q asks to sign out: the hands stay on the keyboard between applicants.
  useHotkeys([
    {
      keys: ['F8'],
      enabled: !pausing && !busy && window.status !== 'closed',
      run: () => (window.status === 'open' ? setPausing(true) : void act('resume', '已恢复服务')),
    },
  ]);
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey && (event.key === 'q' || event.key === 'Q')) {
        event.preventDefault();
        setConfirmingSignOut(true);
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Card size="small">
      <Flex gap={16} wrap align="center">
        <div style={{ textAlign: 'center', minWidth: 100 }}>
          <Typography.Text type="secondary">当前窗口</Typography.Text>
          <div style={{ fontSize: 44, fontWeight: 700, lineHeight: 1.1, color: '#1677ff' }} data-testid="window-number">
            {window.number}
          </div>
          <Typography.Text strong>号窗口</Typography.Text>
        </div>
        <Descriptions
          column={1}
          size="small"
          style={{ flex: '1 1 200px' }}
          items={[
            { key: 'name', label: '窗口名称', children: window.name },
            { key: 'kind', label: '类型', children: `${windowKindLabels[window.kind]}${window.departmentName ? `（${window.departmentName}）` : ''}` },
            { key: 'status', label: '状态', children: <span data-testid="window-status"><WindowStatusTag window={window} /></span> },
            { key: 'since', label: '状态开始于', children: formatTime(window.statusSince, 'HH:mm:ss') },
          ]}
        />
      </Flex>
      <Flex gap={8} wrap style={{ marginTop: 12 }}>
        {window.status === 'open' && (
          <Button icon={<PauseCircleOutlined />} onClick={() => setPausing(true)} disabled={busy}>
            暂停服务（F8）
          </Button>
        )}
        {window.status === 'paused' && (
          <Button type="primary" icon={<PlayCircleOutlined />} loading={busy} onClick={() => act('resume', '已恢复服务')}>
            恢复服务（F8）
          </Button>
        )}
        <Popconfirm
          open={confirmingSignOut}
          onOpenChange={setConfirmingSignOut}
          title={`从 ${window.number} 号窗口签退？`}
          description="签退后窗口显示为未开窗。"
          okText="签退"
          okButtonProps={{ danger: true, autoFocus: true }}
          onConfirm={() => act('sign-out', '已签退')}
        >
          <Button danger icon={<LogoutOutlined />} disabled={busy}>
            签退（Ctrl+Q）
          </Button>
        </Popconfirm>
      </Flex>
      <PauseModal
        open={pausing}
        onClose={() => setPausing(false)}
        onPause={async (reason) => onChange(await api.post<ServiceWindow>(`/api/v1/windows/${window.id}/pause`, { reason }))}
      />
    </Card>
  );
}

function SignedInWindow({ initial, onSignedOut }: { initial: ServiceWindow; onSignedOut(): void }) {
  const [window, setWindow] = useState(initial);
  const { message } = App.useApp();
  // A hall manager may pause or sign the window out from the console; follow what the server says.
  useCenterEvents(window.centerId, ['window.changed'], (_, data) => {
    if (data.windowId !== window.id) return;
    api.get<ServiceWindow>(`/api/v1/windows/${window.id}`).then((fresh) => {
      if (fresh.staff?.id !== window.staff?.id) {
        message.info('您已从该窗口签退');
        onSignedOut();
      } else setWindow(fresh);
    }, () => undefined);
  });
  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <QueuePanel window={window} />
      </Col>
      <Col xs={24} lg={8}>
        <Flex vertical gap={16}>
          <AtWindow window={window} onChange={(next) => (next ? setWindow(next) : onSignedOut())} />
          <WaitingCounts window={window} />
        </Flex>
      </Col>
    </Row>
  );
}

/** 窗口工作台: sign in at a window, call and serve tickets from the keyboard, pause, resume, sign out. */
export function WorkstationPage() {
  const mine = useAsync(() => api.get<{ window: ServiceWindow | null }>('/api/v1/windows/mine'), []);
  const choice = useCenterChoice(['window_staff']);
  const [signedIn, setSignedIn] = useState<ServiceWindow | null>();
  const current = signedIn !== undefined ? signedIn : mine.data?.window;

  let body;
  if (mine.error) body = <LoadError error={mine.error} onRetry={mine.reload} />;
  else if (mine.loading && current === undefined) body = <PageLoading />;
  else if (current) body = <SignedInWindow key={current.id} initial={current} onSignedOut={() => setSignedIn(null)} />;
  else if (choice.error) body = <LoadError error={choice.error} onRetry={choice.reload} />;
  else if (!choice.center) body = choice.loading ? <PageLoading /> : <Empty description="您的账号还没有分配到任何中心，请联系管理员。" />;
  else body = <ChooseWindow key={choice.center.id} center={choice.center} onSignedIn={setSignedIn} />;

  return (
    <>
      <ScreenHeader title="窗口工作台" extra={!current && choice.centers.length > 1 && <CenterSelector choice={choice} />} />
      {body}
    </>
  );
}
