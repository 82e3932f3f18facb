import { Button, Card, Col, Drawer, Form, Input, Popconfirm, Radio, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { hasAnyRole } from '../shared/access';
import { api } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, PageLoading, TableEmpty } from '../shared/StatusPages';
import type { Center, Paged, RoleName } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { usePagedTable } from '../shared/usePagedTable';
import { businessDay, levelOptions, minutesText, statusColors, statusOptions, type Agent, type AgentLevel, type AssistanceRequest, type Figures, type FigureLine, type RequestDetail, type RequestStatus } from './assistance';
import { RequestFields, requestBody, type RequestValues } from './RequestFields';
import { RequestProgress } from './RequestProgress';

const managers: RoleName[] = ['admin', 'center_manager'];
const overseers: RoleName[] = [...managers, 'supervisor'];
/** Who records a request made at the window or by phone. */
const recorders: RoleName[] = [...managers, 'window_staff'];

function AssignModal({ request, onClose, onAssigned }: { request: AssistanceRequest | undefined; onClose(): void; onAssigned(): void }) {
  const candidates = useAsync(
    (signal) => (request ? api.get<{ suggestedUserId: string | null; agents: Agent[] }>(`/api/v1/assistance/requests/${request.id}/candidates`, undefined, signal) : Promise.resolve(undefined)),
    [request?.id],
  );
  const data = candidates.data;
  return (
    <FormModal<{ agentUserId: string; reason?: string }>
      open={Boolean(request) && Boolean(data)}
      title={request?.agent ? `改派：${request.companyName}` : `分派：${request?.companyName ?? ''}`}
      okText={request?.agent ? '改派' : '分派'}
      successMessage="已分派"
      initialValues={{ agentUserId: data?.suggestedUserId ?? undefined }}
      onClose={onClose}
      onSubmit={async (values) => {
        await api.post(`/api/v1/assistance/requests/${request!.id}/assign`, { agentUserId: values.agentUserId, reason: values.reason?.trim() || undefined });
        onAssigned();
      }}
    >
      <Form.Item name="agentUserId" label="首席服务专员" rules={[{ required: true, message: '请选择专员' }]} extra={data?.agents.length ? '按在办申请数排序，系统推荐在办最少的专员' : `暂无可承接的${request?.levelLabel ?? ''}专员`}>
        <Select
          options={(data?.agents ?? []).map((a) => ({
            value: a.userId,
            label: `${a.name}（${a.levelLabel}${a.area ? ` · ${a.area}` : ''}，在办 ${a.openRequests} 件）${a.userId === data?.suggestedUserId ? ' · 推荐' : ''}`,
          }))}
        />
      </Form.Item>
      {request?.agent && (
        <Form.Item name="reason" label="改派原因">
          <Input maxLength={200} />
        </Form.Item>
      )}
    </FormModal>
  );
}

function RequestDrawer({ id, onClose }: { id: string | undefined; onClose(): void }) {
  const loaded = useAsync((signal) => (id ? api.get<RequestDetail>(`/api/v1/assistance/requests/${id}`, undefined, signal) : Promise.resolve(undefined)), [id]);
  const detail = loaded.data?.id === id ? loaded.data : undefined;
  return (
    <Drawer open={Boolean(id)} onClose={onClose} title="帮办申请详情" size={720}>
      {loaded.error ? (
        <LoadError error={loaded.error} onRetry={loaded.reload} />
      ) : !detail ? (
        <PageLoading />
      ) : (
        <RequestProgress
          detail={detail}
          extra={
            detail.assignments.length > 0 && (
              <Card size="small" title="分派记录">
                <Timeline
                  items={detail.assignments.map((a) => ({
                    key: a.assignedAt,
                    content: `${formatTime(a.assignedAt, 'MM-DD HH:mm')} ${a.assignedBy} 分派给 ${a.agentName}${a.suggested ? '（系统推荐）' : ''}${a.reason ? `：${a.reason}` : ''}`,
                  }))}
                />
              </Card>
            )
          }
        />
      )}
    </Drawer>
  );
}

function RequestsTab({ center }: { center: Center }) {
  const user = useCurrentUser();
  const canManage = hasAnyRole(user, managers);
  const canRecord = hasAnyRole(user, recorders);
  const run = useAction();
  const table = usePagedTable<AssistanceRequest, { status?: RequestStatus }>(
    (query, signal) => api.get<Paged<AssistanceRequest>>('/api/v1/assistance/requests', { centerId: center.id, ...query }, signal),
    {},
    [center.id],
  );
  const [assigning, setAssigning] = useState<AssistanceRequest>();
  const [viewing, setViewing] = useState<string>();
  const [recording, setRecording] = useState(false);
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select allowClear placeholder="全部状态" style={{ width: 140 }} value={table.filters.status} onChange={(status) => table.setFilters({ status })} options={statusOptions} />
        {canRecord && <Button onClick={() => setRecording(true)}>登记窗口/电话申请</Button>}
      </Space>
      <Table<AssistanceRequest>
        rowKey="id"
        size="small"
        {...table.tableProps}
        scroll={{ x: 900 }}
        locale={{ emptyText: <TableEmpty error={table.error} description="暂无帮办申请" /> }}
        columns={[
          { title: '企业', dataIndex: 'companyName', render: (name: string, r) => <Typography.Link onClick={() => setViewing(r.id)}>{name}</Typography.Link> },
          { title: '项目代码', dataIndex: 'projectCode', render: (code: string | null) => code ?? '—' },
          { title: '层级', dataIndex: 'levelLabel', width: 90, render: (label: string, r) => (r.park ? `${label}·${r.park}` : label) },
          { title: '来源', dataIndex: 'channelLabel', width: 90 },
          { title: '状态', dataIndex: 'status', width: 90, render: (_: unknown, r) => <Tag color={statusColors[r.status]}>{r.statusLabel}</Tag> },
          { title: '专员', dataIndex: ['agent', 'name'], width: 90, render: (name: string | undefined) => name ?? '—' },
          { title: '提交时间', dataIndex: 'submittedAt', width: 130, render: (at: string) => formatTime(at, 'MM-DD HH:mm') },
          {
            title: '操作',
            width: 150,
            render: (_: unknown, r) =>
              canManage &&
              ['submitted', 'assigned', 'in_progress'].includes(r.status) && (
                <Space>
                  <Button size="small" type={r.agent ? 'default' : 'primary'} onClick={() => setAssigning(r)}>
                    {r.agent ? '改派' : '分派'}
                  </Button>
                  <Popconfirm title="确认撤回该申请？" okText="撤回" cancelText="取消" onConfirm={() => run(() => api.post(`/api/v1/assistance/requests/${r.id}/withdraw`), '已撤回').then(table.reload)}>
                    <Button size="small" danger>
                      撤回
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <AssignModal request={assigning} onClose={() => setAssigning(undefined)} onAssigned={table.reload} />
      <RequestDrawer id={viewing} onClose={() => setViewing(undefined)} />
      <FormModal<RequestValues & { channel: 'window' | 'phone' }>
        open={recording}
        title="登记帮办申请"
        successMessage="已登记"
        initialValues={{ channel: 'window' }}
        onClose={() => setRecording(false)}
        onSubmit={async ({ channel, ...values }) => {
          await api.post('/api/v1/assistance/requests', { centerId: center.id, channel, ...requestBody(values) });
          table.reload();
        }}
      >
        <Form.Item name="channel" label="来源">
          <Radio.Group options={[{ value: 'window', label: '窗口' }, { value: 'phone', label: '电话' }]} />
        </Form.Item>
        <RequestFields />
      </FormModal>
    </>
  );
}

interface AgentValues {
  username: string;
  level: AgentLevel;
  area?: string;
  specialties?: string[];
}

function AgentsTab({ center }: { center: Center }) {
  const user = useCurrentUser();
  const canManage = hasAnyRole(user, managers);
  const run = useAction();
  const agents = useAsync((signal) => api.get<Agent[]>('/api/v1/agents', { centerId: center.id }, signal), [center.id]);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<AgentValues>();
  const level = Form.useWatch('level', form);
  return (
    <>
      {canManage && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setAdding(true)}>
          建立专员档案
        </Button>
      )}
      {agents.error && <LoadError error={agents.error} onRetry={agents.reload} />}
      <Table<Agent>
        rowKey="userId"
        size="small"
        loading={agents.loading}
        dataSource={agents.data ?? []}
        pagination={false}
        locale={{ emptyText: <TableEmpty error={agents.error} description="还没有首席服务专员档案" /> }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '层级', dataIndex: 'levelLabel', width: 80 },
          { title: '所属中心', dataIndex: 'centerName' },
          { title: '服务区域', dataIndex: 'area', render: (area: string | null) => area ?? '—' },
          { title: '专长', dataIndex: 'specialties', render: (list: string[]) => list.map((s) => <Tag key={s}>{s}</Tag>) },
          { title: '在办', dataIndex: 'openRequests', width: 70 },
          {
            title: '在岗',
            dataIndex: 'active',
            width: 80,
            render: (active: boolean, a) => (
              <Switch
                checked={active}
                disabled={!canManage}
                aria-label={`${a.name}在岗`}
                onChange={(next) => void run(() => api.patch(`/api/v1/agents/${a.userId}`, { active: next }), next ? '已启用' : '已停用').then(agents.reload)}
              />
            ),
          },
        ]}
      />
      <FormModal<AgentValues>
        open={adding}
        form={form}
        title="建立专员档案"
        initialValues={{ level: center.level === 'city' || center.level === 'province' ? 'city' : 'district' }}
        onClose={() => setAdding(false)}
        onSubmit={async (values) => {
          await api.post('/api/v1/agents', { username: values.username.trim(), centerId: center.id, level: values.level, area: values.area?.trim() || null, specialties: values.specialties ?? [] });
          agents.reload();
        }}
      >
        <Form.Item name="username" label="登录名" extra="该账号须已在「账号」中授予帮办代办专员角色" rules={[{ required: true, whitespace: true, message: '请填写登录名' }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="level" label="层级" rules={[{ required: true }]}>
          <Radio.Group options={levelOptions} />
        </Form.Item>
        <Form.Item name="area" label={level === 'park' ? '服务园区' : '服务区域（选填）'} rules={[{ required: level === 'park', whitespace: true, message: '请填写园区名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="specialties" label="专长（选填）">
          <Select mode="tags" placeholder="如：工程建设、外资、用地规划" />
        </Form.Item>
      </FormModal>
    </>
  );
}

function FigureCards({ line }: { line: FigureLine }) {
  const cards = [
    { title: '服务企业', value: line.companies, suffix: '家' },
    { title: '服务项目', value: line.projects, suffix: '个' },
    { title: '服务次数', value: line.services, suffix: '次' },
    { title: '服务时长', value: minutesText(line.minutes) },
    { title: '平均评分', value: line.averageRating ?? '—', suffix: line.averageRating === null ? undefined : `分（${line.ratings} 条）` },
  ];
  return (
    <Row gutter={[12, 12]} data-testid="assistance-figures">
      {cards.map((c) => (
        <Col key={c.title} xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={c.title} value={c.value} suffix={c.suffix} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

const figureColumns = [
  { title: '企业', dataIndex: 'companies' },
  { title: '项目', dataIndex: 'projects' },
  { title: '服务次数', dataIndex: 'services' },
  { title: '时长', dataIndex: 'minutes', render: (m: number) => minutesText(m) },
  { title: '平均评分', dataIndex: 'averageRating', render: (score: number | null) => score ?? '—' },
];

function FiguresTab({ center }: { center: Center }) {
  const [range, setRange] = useState({ from: businessDay(-240), to: businessDay() });
  const figures = useAsync((signal) => api.get<Figures>('/api/v1/assistance/figures', { centerId: center.id, ...range }, signal), [center.id, range.from, range.to]);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <span>服务日期</span>
        <Input type="date" aria-label="开始日期" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange((r) => ({ ...r, from: e.target.value }))} style={{ width: 160 }} />
        <span>至</span>
        <Input type="date" aria-label="结束日期" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange((r) => ({ ...r, to: e.target.value }))} style={{ width: 160 }} />
      </Space>
      {figures.error ? (
        <LoadError error={figures.error} onRetry={figures.reload} />
      ) : !figures.data ? (
        <PageLoading />
      ) : (
        <>
          <FigureCards line={figures.data.total} />
          <Card size="small" title="按层级">
            <Table rowKey="level" size="small" pagination={false} dataSource={figures.data.byLevel} columns={[{ title: '层级', dataIndex: 'label' }, ...figureColumns]} />
          </Card>
          <Card size="small" title="按专员">
            <Table rowKey="agentUserId" size="small" pagination={false} dataSource={figures.data.byAgent} locale={{ emptyText: '该期间没有服务记录' }} columns={[{ title: '专员', dataIndex: 'name' }, ...figureColumns]} />
          </Card>
        </>
      )}
    </Space>
  );
}

/** /manage/assistance — 帮办代办: requests and their assignment, the agents, and the figures (window staff: the requests). */
export function AssistanceManagePage() {
  const oversees = hasAnyRole(useCurrentUser(), overseers);
  return (
    <CenterScopedScreen title="帮办代办" roles={[...overseers, 'window_staff']} description="首席服务专员为企业和项目提供免费帮办代办服务">
      {(center) => (
        <Tabs
          items={[
            { key: 'requests', label: '帮办申请', children: <RequestsTab center={center} /> },
            ...(oversees
              ? [
                  { key: 'agents', label: '首席服务专员', children: <AgentsTab center={center} /> },
                  { key: 'figures', label: '服务数据', children: <FiguresTab center={center} /> },
                ]
              : []),
          ]}
        />
      )}
    </CenterScopedScreen>
  );
}
