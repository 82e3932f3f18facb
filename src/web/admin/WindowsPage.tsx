import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { api } from '../shared/api';
import { FormModal } from '../shared/FormModal';
import { windowKindLabels, windowStatusLabels } from '../shared/labels';
import { adminRoles } from '../shared/navigation';
import { invalidateOrg, useDepartments, useHalls } from '../shared/orgData';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Department, Hall, ServiceWindow, WindowKind, WindowStatus } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useDialog } from '../shared/useDialog';
import { usePagedTable } from '../shared/usePagedTable';
import { fetchWindows, WindowStatusTag, type WindowFilters } from '../shared/windows';

interface WindowForm {
  number: number;
  name: string;
  kind: WindowKind;
  departmentId?: string | null;
  hallId?: string | null;
  zoneId?: string | null;
}

const kindOptions = (Object.keys(windowKindLabels) as WindowKind[]).map((k) => ({ value: k, label: windowKindLabels[k] }));
const statusOptions = (Object.keys(windowStatusLabels) as WindowStatus[]).map((s) => ({ value: s, label: windowStatusLabels[s] }));
const departmentOptions = (departments: Department[]) => departments.map((d) => ({ value: d.id, label: d.name }));

function WindowFormModal({ center, window, open, onClose, departments, halls, onSaved }: {
  center: Center;
  window: ServiceWindow | undefined;
  open: boolean;
  onClose(): void;
  departments: Department[];
  halls: Hall[];
  onSaved(): void;
}) {
  const [form] = Form.useForm<WindowForm>();
  const kind = Form.useWatch('kind', form);
  const hallId = Form.useWatch('hallId', form);
  const zones = halls.find((h) => h.id === hallId)?.zones ?? [];

  async function save(values: WindowForm) {
    const body = {
      number: values.number,
      name: values.name.trim(),
      kind: values.kind,
      departmentId: values.departmentId ?? null,
      hallId: values.hallId ?? null,
      zoneId: values.zoneId ?? null,
    };
    if (window) {
      await api.patch(`/api/v1/windows/${window.id}`, body);
      invalidateOrg(`window:${window.id}`);
    } else {
      await api.post('/api/v1/windows', { centerId: center.id, ...body });
    }
    onSaved();
  }

  return (
    <FormModal<WindowForm>
      form={form}
      open={open}
      title={window ? `编辑窗口：${window.number} 号` : '新建窗口'}
      initialValues={window ?? { kind: 'general' }}
      onSubmit={save}
      onClose={onClose}
    >
      <Space size="large" wrap align="start">
        <Form.Item name="number" label="窗口号" rules={[{ required: true, message: '请输入窗口号' }]} extra="显示在叫号屏上，中心内不能重复">
          <InputNumber min={1} max={9999} precision={0} placeholder="如：12" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Radio.Group options={kindOptions} optionType="button" />
        </Form.Item>
      </Space>
      <Form.Item name="name" label="窗口名称" rules={[{ required: true, whitespace: true, message: '请输入窗口名称' }, { max: 50, message: '最多 50 个字' }]}>
        <Input placeholder="如：综合窗口 12" />
      </Form.Item>
      <Form.Item
        name="departmentId"
        label="所属部门"
        rules={[{ required: kind === 'dedicated', message: '专窗必须指定所属部门' }]}
        extra={kind === 'dedicated' ? '专窗只办理该部门的业务' : '综合窗口可不指定部门'}
      >
        <Select options={departmentOptions(departments)} allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="请选择部门" />
      </Form.Item>
      <Space size="large" wrap style={{ width: '100%' }}>
        <Form.Item name="hallId" label="大厅">
          <Select
            options={halls.map((h) => ({ value: h.id, label: h.floor ? `${h.name}（${h.floor}）` : h.name }))}
            allowClear
            placeholder="请选择大厅"
            style={{ width: 220 }}
            onChange={() => form.setFieldValue('zoneId', null)}
          />
        </Form.Item>
        <Form.Item name="zoneId" label="服务区">
          <Select options={zones.map((z) => ({ value: z.id, label: z.name }))} allowClear placeholder={hallId ? '请选择服务区' : '请先选择大厅'} disabled={!hallId} style={{ width: 220 }} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

function WindowsOfCenter({ center }: { center: Center }) {
  const table = usePagedTable<ServiceWindow, WindowFilters>((query, signal) => fetchWindows(center.id, query, signal), {}, [center.id]);
  const { data: departments = [] } = useDepartments(center.id);
  const { data: halls = [] } = useHalls(center.id);
  const dialog = useDialog<ServiceWindow | undefined>();
  const run = useAction();

  const placeOf = useMemo(() => {
    const hallNames = new Map(halls.map((h) => [h.id, h.name]));
    const zoneNames = new Map(halls.flatMap((h) => h.zones.map((z) => [z.id, z.name] as const)));
    return (w: ServiceWindow) => [w.hallId && hallNames.get(w.hallId), w.zoneId && zoneNames.get(w.zoneId)].filter(Boolean).join(' / ') || '—';
  }, [halls]);

  const columns: TableColumnsType<ServiceWindow> = [
    { title: '窗口号', dataIndex: 'number', width: 90 },
    { title: '名称', dataIndex: 'name' },
    { title: '类型', dataIndex: 'kind', width: 100, render: (k: WindowKind) => <Tag color={k === 'dedicated' ? 'purple' : 'blue'}>{windowKindLabels[k]}</Tag> },
    { title: '部门', dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
    { title: '大厅 / 服务区', key: 'place', render: (_, w) => placeOf(w) },
    { title: '状态', dataIndex: 'status', width: 200, render: (_, w) => <WindowStatusTag window={w} /> },
    { title: '工作人员', key: 'staff', width: 110, render: (_, w) => w.staff?.name ?? '—' },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, w) => (
        <Space>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => dialog.show(w)}>
            编辑
          </Button>
          <Popconfirm
            title={`删除 ${w.number} 号窗口？`}
            description="服务中的窗口和绑定了设备的窗口不能删除。"
            okText="删除"
            okButtonProps={{ danger: true }}
            onConfirm={() => run(() => api.delete(`/api/v1/windows/${w.id}`), '窗口已删除').then(table.reload)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <Flex justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
        <Space wrap>
          <Input.Search placeholder="窗口号或名称" allowClear enterButton onSearch={(q) => table.setFilters({ q: q.trim() || undefined })} style={{ width: 240 }} aria-label="搜索窗口" />
          <Select placeholder="类型" allowClear options={kindOptions} onChange={(kind?: WindowKind) => table.setFilters({ kind })} style={{ width: 120 }} />
          <Select placeholder="状态" allowClear options={statusOptions} onChange={(status?: WindowStatus) => table.setFilters({ status })} style={{ width: 120 }} />
          <Select
            placeholder="部门"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={departmentOptions(departments)}
            onChange={(departmentId?: string) => table.setFilters({ departmentId })}
            style={{ width: 200 }}
          />
        </Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => dialog.show(undefined)}>
          新建窗口
        </Button>
      </Flex>
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<ServiceWindow>
        rowKey="id"
        columns={columns}
        {...table.tableProps}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <TableEmpty error={table.error} description={Object.values(table.filters).some(Boolean) ? '没有符合条件的窗口。' : '该中心还没有窗口，点击「新建窗口」添加。'} /> }}
      />
      <WindowFormModal center={center} window={dialog.subject} open={dialog.open} onClose={dialog.close} departments={departments} halls={halls} onSaved={table.reload} />
    </Card>
  );
}

/** 窗口: the service counters of a center, their placement and who is serving at them. */
export function WindowsPage() {
  return (
    <CenterScopedScreen title="窗口" roles={adminRoles}>
      {(center) => <WindowsOfCenter key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
