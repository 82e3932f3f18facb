import { Button, Card, DatePicker, Flex, Form, InputNumber, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { appointmentError, slotTime, statusLabels, type Appointment, type AppointmentSettings, type QueueCategory } from '../appointments/appointments';
import { api } from '../shared/api';
import { coveredCenters } from '../shared/access';
import { useCurrentUser } from '../shared/auth';
import { businessZone, dayjs, formatTime } from '../shared/format';
import { useCenters } from '../shared/orgData';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError } from '../shared/StatusPages';
import type { Center, Paged } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { usePagedTable } from '../shared/usePagedTable';

const viewers = ['admin', 'center_manager', 'supervisor'] as const;
const editors = ['admin', 'center_manager'] as const;

function DayList({ center }: { center: Center }) {
  const [date, setDate] = useState(() => dayjs().tz(businessZone).format('YYYY-MM-DD'));
  const table = usePagedTable<Appointment, { date: string }>(
    (query, signal) => api.get<Paged<Appointment>>(`/api/v1/centers/${center.id}/appointments`, { date: query.date, page: query.page, pageSize: query.pageSize }, signal),
    { date },
    [center.id],
  );
  const columns: TableColumnsType<Appointment> = [
    { title: '时段', key: 'time', width: 120, render: (_, a) => slotTime(a) },
    { title: '预约码', dataIndex: 'code', width: 120, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { title: '业务类别', dataIndex: 'categoryName' },
    { title: '姓名', dataIndex: 'nameMasked', width: 90 },
    { title: '身份证', dataIndex: 'idNumberMasked', width: 190 },
    { title: '手机', dataIndex: 'phoneMasked', width: 130 },
    { title: '状态', dataIndex: 'status', width: 110, render: (s: Appointment['status']) => <Tag color={statusLabels[s].color}>{statusLabels[s].text}</Tag> },
    { title: '预约于', dataIndex: 'createdAt', width: 150, render: (at: string) => formatTime(at, 'MM-DD HH:mm') },
  ];
  return (
    <Card size="small">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Text>日期</Typography.Text>
        <DatePicker
          id="appointments-date"
          allowClear={false}
          value={dayjs(table.filters.date)}
          onChange={(d) => {
            if (!d) return;
            const value = d.format('YYYY-MM-DD');
            setDate(value);
            table.setFilters({ date: value });
          }}
        />
        <Button onClick={table.reload}>刷新</Button>
        <Typography.Text type="secondary">共 {table.tableProps.pagination.total ?? 0} 个预约（{date}）</Typography.Text>
      </Flex>
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<Appointment> rowKey="id" size="small" columns={columns} scroll={{ x: 1000 }} {...table.tableProps} locale={{ emptyText: '这一天没有预约' }} />
    </Card>
  );
}

const numberFields: { name: Exclude<keyof AppointmentSettings, 'capacityByCategory'>; label: string; min: number; max: number; unit: string; help?: string }[] = [
  { name: 'slotMinutes', label: '每个时段', min: 5, max: 240, unit: '分钟' },
  { name: 'capacityPerSlot', label: '每时段可约人数', min: 0, max: 1000, unit: '人', help: '各业务类别未单独设置时使用' },
  { name: 'releaseDays', label: '提前放号', min: 0, max: 60, unit: '天' },
  { name: 'closeBeforeMinutes', label: '开始前停止预约', min: 0, max: 1440, unit: '分钟' },
  { name: 'maxPerWeek', label: '七天内每人最多预约', min: 1, max: 50, unit: '次' },
  { name: 'cancelBeforeMinutes', label: '开始前可取消至', min: 0, max: 2880, unit: '分钟' },
  { name: 'noShowLimit', label: '爽约次数上限', min: 1, max: 20, unit: '次' },
  { name: 'noShowWindowDays', label: '爽约统计周期', min: 1, max: 365, unit: '天' },
  { name: 'blockDays', label: '达到上限后暂停预约', min: 0, max: 365, unit: '天' },
  { name: 'earlyMinutes', label: '可提前签到', min: 0, max: 240, unit: '分钟' },
  { name: 'lateMinutes', label: '迟到仍可签到（不再优先）', min: 0, max: 240, unit: '分钟' },
];

type SettingsForm = Omit<AppointmentSettings, 'capacityByCategory'> & { capacityByCategory: Record<string, number | null | undefined> };

function SettingsEditor({ center }: { center: Center }) {
  const user = useCurrentUser();
  const centers = useCenters();
  const canEdit = useMemo(() => coveredCenters(centers.data ?? [], user.roles, editors).some((c) => c.id === center.id), [centers.data, user.roles, center.id]);
  const settings = useAsync((signal) => api.get<AppointmentSettings>(`/api/v1/centers/${center.id}/appointment-settings`, undefined, signal), [center.id]);
  const categories = useAsync((signal) => api.get<QueueCategory[]>(`/api/v1/centers/${center.id}/categories`, undefined, signal), [center.id]);
  const [form] = Form.useForm<SettingsForm>();
  const [saving, setSaving] = useState(false);
  const run = useAction();

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  async function save(values: SettingsForm) {
    setSaving(true);
    const capacityByCategory = Object.fromEntries(Object.entries(values.capacityByCategory ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'));
    const saved = await run(() => api.put<AppointmentSettings>(`/api/v1/centers/${center.id}/appointment-settings`, { ...values, capacityByCategory }).catch((e: unknown) => {
      throw new Error(appointmentError(e));
    }), '预约规则已保存');
    if (saved) settings.reload();
    setSaving(false);
  }

  if (settings.error) return <LoadError error={settings.error} onRetry={settings.reload} />;
  return (
    <Card size="small" loading={settings.loading && !settings.data}>
      <Form form={form} layout="horizontal" labelCol={{ flex: '200px' }} onFinish={save} disabled={!canEdit} style={{ maxWidth: 640 }}>
        {numberFields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label} extra={f.help} rules={[{ required: true, message: `请填写${f.label}` }]}>
            <InputNumber min={f.min} max={f.max} precision={0} suffix={f.unit} style={{ width: 180 }} />
          </Form.Item>
        ))}
        <Typography.Title level={5}>各业务类别每时段可约人数</Typography.Title>
        {(categories.data ?? []).map((c) => (
          <Form.Item key={c.id} name={['capacityByCategory', c.id]} label={c.name}>
            <InputNumber min={0} max={1000} precision={0} suffix="人" placeholder="默认" style={{ width: 180 }} />
          </Form.Item>
        ))}
        {canEdit ? (
          <Space>
            <Button type="primary" htmlType="submit" loading={saving}>
              保存
            </Button>
            <Button onClick={() => settings.data && form.setFieldsValue({ ...settings.data, capacityByCategory: Object.fromEntries((categories.data ?? []).map((c) => [c.id, settings.data!.capacityByCategory[c.id] ?? null])) })}>
              还原
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">只有大厅管理员可以修改预约规则。</Typography.Text>
        )}
      </Form>
    </Card>
  );
}

/** 预约管理: the bookings of a day, and the center's booking rules. */
export function AppointmentsPage() {
  return (
    <CenterScopedScreen title="预约管理" roles={viewers} description="查看每日预约，设置放号、取消和爽约规则">
      {(center) => (
        <Tabs
          key={center.id}
          items={[
            { key: 'list', label: '每日预约', children: <DayList center={center} /> },
            { key: 'settings', label: '预约规则', children: <SettingsEditor center={center} /> },
          ]}
        />
      )}
    </CenterScopedScreen>
  );
}
