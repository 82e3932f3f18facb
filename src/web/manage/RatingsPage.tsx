import { Button, Card, Form, InputNumber, Segmented, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { RectificationTags, ScoreTag } from '../ratings/RatingParts';
import type { RatingSettings, Rectification } from '../ratings/ratings';
import { coveredCenters } from '../shared/access';
import { api } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { formatTime } from '../shared/format';
import { useRefetchOn } from '../shared/live';
import { useCenters } from '../shared/orgData';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Paged, RoleName } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { usePagedTable } from '../shared/usePagedTable';
import { FeedbackTab } from './FeedbackTab';
import { RectificationDrawer } from './RectificationDrawer';

const managers: RoleName[] = ['admin', 'center_manager'];

type Scope = 'open' | 'overdue' | 'all';

const scopeQuery: Record<Scope, { open?: boolean; overdue?: boolean }> = { open: { open: true }, overdue: { overdue: true }, all: {} };

/** 差评整改: the center's (or the manager's department's) 差评, open first by due date. */
function RectificationsTab({ center, departmentId }: { center: Center; departmentId: string | undefined }) {
  const table = usePagedTable<Rectification, { scope: Scope }>(
    (query, signal) => api.get<Paged<Rectification>>(`/api/v1/centers/${center.id}/rectifications`, { ...scopeQuery[query.scope], departmentId, page: query.page, pageSize: query.pageSize }, signal),
    { scope: 'open' },
    [center.id, departmentId],
  );
  useRefetchOn(center.id, ['rating.created', 'rectification.changed', 'rectification.overdue'], table.reload);
  const [selected, setSelected] = useState<string>();

  const columns: TableColumnsType<Rectification> = [
    { title: '评价时间', key: 'at', width: 120, render: (_, r) => formatTime(r.rating.createdAt, 'MM-DD HH:mm') },
    { title: '评价', key: 'score', width: 110, render: (_, r) => <ScoreTag score={r.rating.score} label={r.rating.scoreLabel} /> },
    { title: '服务', key: 'service', render: (_, r) => `${r.rating.subjectNo} ${r.rating.serviceName ?? ''}` },
    { title: '部门', dataIndex: 'departmentName', width: 120, render: (d: string | null) => d ?? '中心' },
    { title: '办理人员', key: 'staff', width: 100, render: (_, r) => r.rating.staffName ?? '—' },
    { title: '整改期限', dataIndex: 'dueDate', width: 150, render: (d: string, r) => (r.overdue ? <Typography.Text type="danger">{d}（已超期）</Typography.Text> : d) },
    { title: '状态', key: 'status', width: 220, render: (_, r) => <RectificationTags rectification={r} /> },
  ];

  return (
    <Card
      size="small"
      title={
        <Segmented<Scope>
          value={table.filters.scope}
          onChange={(scope) => table.setFilters({ scope })}
          options={[
            { value: 'open', label: '未办结' },
            { value: 'overdue', label: '已超期' },
            { value: 'all', label: '全部' },
          ]}
        />
      }
    >
      <Table<Rectification>
        rowKey="id"
        size="small"
        columns={columns}
        {...table.tableProps}
        scroll={{ x: 900 }}
        rowClassName={(r) => (r.overdue ? 'overdue-row' : '')}
        onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <TableEmpty error={table.error} description={table.filters.scope === 'all' ? '还没有差评' : table.filters.scope === 'overdue' ? '没有超期的整改' : '没有待办的差评整改'} /> }}
        data-testid="rectifications-table"
      />
      <RectificationDrawer rectificationId={selected} onClose={() => setSelected(undefined)} onChanged={table.reload} />
    </Card>
  );
}

/** 评价规则: how long a rater may add a 追评, and how many working days a 差评's rectification has. */
function SettingsTab({ center }: { center: Center }) {
  const settings = useAsync((signal) => api.get<RatingSettings>(`/api/v1/centers/${center.id}/rating-settings`, undefined, signal), [center.id]);
  const [form] = Form.useForm<RatingSettings>();
  const [saving, setSaving] = useState(false);
  const run = useAction();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  async function save(values: RatingSettings) {
    setSaving(true);
    if (await run(() => api.put<RatingSettings>(`/api/v1/centers/${center.id}/rating-settings`, values), '评价规则已保存')) settings.reload();
    setSaving(false);
  }

  if (settings.error) return <LoadError error={settings.error} onRetry={settings.reload} />;
  return (
    <Card size="small" loading={!settings.data}>
      <Form form={form} layout="horizontal" labelCol={{ flex: '180px' }} onFinish={save} style={{ maxWidth: 520 }}>
        <Form.Item name="followUpDays" label="可追评天数" extra="评价后多少天内可以追加评价" rules={[{ required: true, message: '请填写可追评天数' }]}>
          <InputNumber min={1} max={90} precision={0} suffix="天" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="rectifyDays" label="差评整改期限" extra="从评价次日起算的工作日（各地规定 5 至 15 个工作日）" rules={[{ required: true, message: '请填写整改期限' }]}>
          <InputNumber min={1} max={30} precision={0} suffix="个工作日" style={{ width: 160 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            保存
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/**
 * The department a manager is limited to in this center: none when a grant covers the whole center,
 * else the department of their department-scoped grant (the server requires it on every list).
 */
function useDepartmentScope(center: Center): string | undefined {
  const user = useCurrentUser();
  const centers = useCenters();
  return useMemo(() => {
    const centerWide = user.roles.filter((g) => managers.includes(g.role) && !g.departmentId);
    if (coveredCenters(centers.data ?? [], centerWide, managers).some((c) => c.id === center.id)) return undefined;
    return user.roles.find((g) => managers.includes(g.role) && g.centerId === center.id && g.departmentId)?.departmentId ?? undefined;
  }, [user.roles, centers.data, center.id]);
}

function Tabbed({ center }: { center: Center }) {
  const departmentId = useDepartmentScope(center);
  return (
    <Tabs
      items={[
        { key: 'rectifications', label: '差评整改', children: <RectificationsTab center={center} departmentId={departmentId} /> },
        { key: 'feedback', label: '投诉建议', children: <FeedbackTab center={center} departmentId={departmentId} /> },
        // The rules are the center's: the server lets only a manager of the whole center change them.
        ...(departmentId ? [] : [{ key: 'settings', label: '评价规则', children: <SettingsTab center={center} /> }]),
      ]}
    />
  );
}

/** 差评整改与投诉: managers handle 差评 (回访, 办结) and feedback (转办, 答复, 登记), and set the rating rules. */
export function RatingsPage() {
  return (
    <CenterScopedScreen title="差评整改与投诉" roles={managers} description="差评回访与办结、投诉建议转办与答复、评价规则">
      {(center) => <Tabbed key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
