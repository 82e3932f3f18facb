import { CheckCircleOutlined, KeyOutlined, LinkOutlined, RedoOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Form, Input, Popconfirm, Select, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { OneTimeSecretModal, type SecretItem } from '../shared/OneTimeSecretModal';
import { useDepartments } from '../shared/orgData';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, PageLoading, TableEmpty } from '../shared/StatusPages';
import type { Center, Department, Paged } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { usePagedTable } from '../shared/usePagedTable';

interface IntegrationKey {
  id: string;
  name: string;
  tokenHint: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  secretHint: string;
  disabled: boolean;
  createdAt: string;
}

type DeliveryStatus = 'pending' | 'delivered' | 'dead';

interface Delivery {
  id: string;
  endpointName: string;
  eventId: string;
  caseNo: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  responseExcerpt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const deliveryLabels: Record<DeliveryStatus, { label: string; color: string }> = {
  pending: { label: '待投递', color: 'processing' },
  delivered: { label: '已送达', color: 'success' },
  dead: { label: '投递失败', color: 'error' },
};

type Issued = { title: string; items: SecretItem[]; note: string };

function KeysTab({ department, onIssued }: { department: Department; onIssued(issued: Issued): void }) {
  const keys = useAsync((signal) => api.get<IntegrationKey[]>(`/api/v1/departments/${department.id}/integration-keys`, undefined, signal), [department.id]);
  const [creating, setCreating] = useState(false);
  const run = useAction();

  async function create(values: { name: string }) {
    const result = await api.post<{ key: IntegrationKey; token: string }>(`/api/v1/departments/${department.id}/integration-keys`, { name: values.name.trim() });
    onIssued({
      title: `「${result.key.name}」的接口密钥`,
      items: [{ label: '接口密钥（请求头 Authorization: Bearer <密钥>）', value: result.token }],
      note: `部门系统用它拉取${department.name}的办件（GET /api/v1/integration/cases）并回传审批结果。`,
    });
    keys.reload();
  }

  const columns: TableColumnsType<IntegrationKey> = [
    { title: '对接系统', dataIndex: 'name' },
    { title: '密钥', dataIndex: 'tokenHint', width: 140, render: (hint: string) => <Typography.Text code>{hint}…</Typography.Text> },
    { title: '创建时间', dataIndex: 'createdAt', width: 170, render: (at: string) => formatTime(at, 'YYYY-MM-DD HH:mm') },
    { title: '最近使用', dataIndex: 'lastUsedAt', width: 170, render: (at: string | null) => (at ? formatTime(at, 'YYYY-MM-DD HH:mm') : <Typography.Text type="secondary">从未使用</Typography.Text>) },
    { title: '状态', dataIndex: 'revokedAt', width: 100, render: (at: string | null) => (at ? <Tag color="red">已吊销</Tag> : <Tag color="green">有效</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm
            title={`吊销「${k.name}」的密钥？`}
            description="吊销后该密钥立即失效，且不能恢复。"
            okText="吊销"
            okButtonProps={{ danger: true }}
            onConfirm={() => run(() => api.post(`/api/v1/integration-keys/${k.id}/revoke`), '密钥已吊销').then(keys.reload)}
          >
            <Button type="link" size="small" danger icon={<StopOutlined />}>
              吊销
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">部门自有系统凭密钥拉取本部门的办件、回传审批决定和办结。密钥只在创建时显示一次。</Typography.Text>
        <Button type="primary" icon={<KeyOutlined />} onClick={() => setCreating(true)}>
          创建密钥
        </Button>
      </Flex>
      {keys.error ? <LoadError error={keys.error} onRetry={keys.reload} /> : null}
      <Table<IntegrationKey>
        rowKey="id"
        columns={columns}
        dataSource={keys.data ?? []}
        loading={keys.loading}
        pagination={false}
        locale={{ emptyText: <TableEmpty error={keys.error} description="该部门还没有接口密钥。" /> }}
      />
      <FormModal<{ name: string }> open={creating} title={`为${department.name}创建接口密钥`} okText="创建" successMessage="密钥已创建" onSubmit={create} onClose={() => setCreating(false)}>
        <Form.Item name="name" label="对接系统名称" rules={[{ required: true, whitespace: true, message: '请输入对接系统名称' }, { max: 100, message: '最多 100 个字' }]}>
          <Input placeholder="如：公安审批系统" />
        </Form.Item>
      </FormModal>
    </>
  );
}

function WebhooksTab({ department, onIssued }: { department: Department; onIssued(issued: Issued): void }) {
  const endpoints = useAsync((signal) => api.get<WebhookEndpoint[]>(`/api/v1/departments/${department.id}/webhooks`, undefined, signal), [department.id]);
  const [creating, setCreating] = useState(false);
  const run = useAction();

  async function create(values: { name: string; url: string }) {
    const result = await api.post<{ endpoint: WebhookEndpoint; secret: string }>(`/api/v1/departments/${department.id}/webhooks`, { name: values.name.trim(), url: values.url.trim() });
    onIssued({
      title: `「${result.endpoint.name}」的签名密钥`,
      items: [{ label: '签名密钥', value: result.secret }],
      note: '每次推送带 X-OneDoor-Signature: sha256=<HMAC-SHA256(时间戳 + "." + 请求体)>、X-OneDoor-Timestamp 和 X-OneDoor-Event-Id，接收方用此密钥验签。',
    });
    endpoints.reload();
  }

  const columns: TableColumnsType<WebhookEndpoint> = [
    { title: '名称', dataIndex: 'name', width: 180 },
    { title: '推送地址', dataIndex: 'url', render: (url: string) => <Typography.Text copyable>{url}</Typography.Text> },
    { title: '签名密钥', dataIndex: 'secretHint', width: 150, render: (hint: string) => <Typography.Text code>{hint}…</Typography.Text> },
    { title: '状态', dataIndex: 'disabled', width: 90, render: (disabled: boolean) => (disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">启用</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, e) => (
        <Popconfirm
          title={e.disabled ? `启用「${e.name}」？` : `停用「${e.name}」？`}
          description={e.disabled ? '启用后，等待中的推送会继续投递。' : '停用后不再向该地址推送，等待中的推送暂停。'}
          okText={e.disabled ? '启用' : '停用'}
          okButtonProps={{ danger: !e.disabled }}
          onConfirm={() => run(() => api.patch(`/api/v1/webhooks/${e.id}`, { disabled: !e.disabled }), e.disabled ? '推送地址已启用' : '推送地址已停用').then(endpoints.reload)}
        >
          <Button type="link" size="small" danger={!e.disabled} icon={e.disabled ? <CheckCircleOutlined /> : <StopOutlined />}>
            {e.disabled ? '启用' : '停用'}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">办件状态每次变化，都会向这些地址推送一次（带签名；失败按 30 秒、2 分钟、10 分钟、1 小时、6 小时重试）。</Typography.Text>
        <Button type="primary" icon={<LinkOutlined />} onClick={() => setCreating(true)}>
          新增推送地址
        </Button>
      </Flex>
      {endpoints.error ? <LoadError error={endpoints.error} onRetry={endpoints.reload} /> : null}
      <Table<WebhookEndpoint>
        rowKey="id"
        columns={columns}
        dataSource={endpoints.data ?? []}
        loading={endpoints.loading}
        pagination={false}
        locale={{ emptyText: <TableEmpty error={endpoints.error} description="该部门还没有推送地址。" /> }}
      />
      <FormModal<{ name: string; url: string }> open={creating} title={`为${department.name}新增推送地址`} okText="新增" successMessage="推送地址已新增" onSubmit={create} onClose={() => setCreating(false)}>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 100, message: '最多 100 个字' }]}>
          <Input placeholder="如：公安审批系统" />
        </Form.Item>
        <Form.Item
          name="url"
          label="推送地址"
          rules={[
            { required: true, whitespace: true, message: '请输入推送地址' },
            { pattern: /^https?:\/\/\S+$/, message: '地址须以 http:// 或 https:// 开头' },
          ]}
        >
          <Input placeholder="https://dept.example.gov.cn/onedoor/webhook" />
        </Form.Item>
      </FormModal>
    </>
  );
}

function DeliveriesTab({ department }: { department: Department }) {
  const table = usePagedTable<Delivery, { status?: DeliveryStatus }>(
    (query, signal) => api.get<Paged<Delivery>>(`/api/v1/departments/${department.id}/webhook-deliveries`, { ...query }, signal),
    {},
    [department.id],
  );
  const run = useAction();

  const columns: TableColumnsType<Delivery> = [
    { title: '时间', dataIndex: 'createdAt', width: 170, render: (at: string) => formatTime(at, 'YYYY-MM-DD HH:mm:ss') },
    { title: '办件编号', dataIndex: 'caseNo', width: 170, render: (no: string | null) => no ?? '—' },
    { title: '推送地址', dataIndex: 'endpointName', width: 160 },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: DeliveryStatus) => <Tag color={deliveryLabels[s].color}>{deliveryLabels[s].label}</Tag> },
    { title: '尝试', dataIndex: 'attempts', width: 70 },
    {
      title: '最近结果',
      key: 'result',
      render: (_, d) => (
        <Flex vertical>
          <span>{d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : '—')}</span>
          {d.responseExcerpt ? (
            <Tooltip title={d.responseExcerpt}>
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 280 }}>
                {d.responseExcerpt}
              </Typography.Text>
            </Tooltip>
          ) : null}
          {d.status === 'pending' && d.nextAttemptAt ? <Typography.Text type="secondary">下次尝试：{formatTime(d.nextAttemptAt, 'MM-DD HH:mm:ss')}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 120,
      render: (_, d) =>
        d.status === 'dead' ? (
          <Popconfirm title="重新投递这条推送？" description="将重新开始一轮投递和重试。" okText="重新投递" onConfirm={() => run(() => api.post(`/api/v1/webhook-deliveries/${d.id}/replay`), '已重新排队投递').then(table.reload)}>
            <Button type="link" size="small" icon={<RedoOutlined />}>
              重新投递
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
        <Tabs
          activeKey={table.filters.status ?? 'all'}
          onChange={(key) => table.setFilters({ status: key === 'all' ? undefined : (key as DeliveryStatus) })}
          items={[{ key: 'all', label: '全部' }, ...(['dead', 'pending', 'delivered'] as const).map((s) => ({ key: s, label: deliveryLabels[s].label }))]}
        />
        <Button onClick={table.reload}>刷新</Button>
      </Flex>
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<Delivery>
        rowKey="id"
        columns={columns}
        {...table.tableProps}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <TableEmpty error={table.error} description={table.filters.status === 'dead' ? '没有投递失败的推送。' : '还没有推送记录。'} /> }}
      />
    </>
  );
}

function IntegrationsOfCenter({ center }: { center: Center }) {
  const departments = useDepartments(center.id);
  const [chosen, setChosen] = useState<string>();
  const [issued, setIssued] = useState<Issued>();
  if (departments.error && !departments.data) return <LoadError error={departments.error} onRetry={departments.reload} />;
  if (!departments.data) return <PageLoading />;
  if (!departments.data.length) return <Empty description="该中心还没有进驻部门，请先在「部门」中添加。" />;
  const department = departments.data.find((d) => d.id === chosen) ?? departments.data[0]!;

  return (
    <Card>
      <Flex align="center" gap={12} style={{ marginBottom: 8 }}>
        <Typography.Text strong>部门</Typography.Text>
        <Select
          aria-label="部门"
          value={department.id}
          onChange={setChosen}
          options={departments.data.map((d) => ({ value: d.id, label: d.name }))}
          style={{ minWidth: 220 }}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Flex>
      <Alert type="info" showIcon style={{ marginBottom: 8 }} title="接口文档见 /api/docs 的「部门对接」分组：拉取办件、回传决定与办结、推送签名规则。" />
      <Tabs
        key={department.id}
        items={[
          { key: 'keys', label: '接口密钥', children: <KeysTab department={department} onIssued={setIssued} /> },
          { key: 'webhooks', label: '推送地址', children: <WebhooksTab department={department} onIssued={setIssued} /> },
          { key: 'deliveries', label: '推送记录', children: <DeliveriesTab department={department} /> },
        ]}
      />
      <OneTimeSecretModal title={issued?.title ?? ''} items={issued?.items} note={issued?.note} onClose={() => setIssued(undefined)} />
    </Card>
  );
}

/** 对接管理: department systems' API keys, webhook endpoints and their deliveries (实时对接). */
export function IntegrationsPage() {
  return (
    <CenterScopedScreen title="对接管理" roles={['admin']} description="部门自有系统的接口密钥、状态推送与投递记录">
      {(center) => <IntegrationsOfCenter key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
