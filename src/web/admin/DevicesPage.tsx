import { CheckCircleOutlined, DeleteOutlined, EditOutlined, PlusOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { deviceKindLabels, deviceKinds, deviceScreenPaths, windowBoundDeviceKinds } from '../shared/labels';
import { adminRoles } from '../shared/navigation';
import { OneTimeSecretModal, type SecretItem } from '../shared/OneTimeSecretModal';
import { useHalls } from '../shared/orgData';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Device, DeviceKind, DeviceWithToken, Hall, Paged } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useDialog } from '../shared/useDialog';
import { usePagedTable } from '../shared/usePagedTable';
import { useWindowLabels, WindowPicker } from '../shared/WindowPicker';

interface DeviceForm {
  kind: DeviceKind;
  name: string;
  hallId?: string | null;
  windowId?: string | null;
}

/** What to hand the installer: the token, and for a device with a screen, the address it opens. */
function tokenItems({ device, token }: DeviceWithToken): SecretItem[] {
  const path = deviceScreenPaths[device.kind];
  const items = [{ label: '设备令牌', value: token }];
  if (path) items.push({ label: '屏幕地址（在设备的浏览器中打开）', value: `${window.location.origin}${path}?device=${token}` });
  return items;
}

function DeviceFormModal({ center, device, open, onClose, halls, onCreated, onSaved }: {
  center: Center;
  device: Device | undefined;
  open: boolean;
  onClose(): void;
  halls: Hall[];
  onCreated(result: DeviceWithToken): void;
  onSaved(): void;
}) {
  const [form] = Form.useForm<DeviceForm>();
  const kind = Form.useWatch('kind', form) ?? device?.kind;
  const needsWindow = kind !== undefined && windowBoundDeviceKinds.includes(kind);

  async function save(values: DeviceForm) {
    const placement = { name: values.name.trim(), hallId: values.hallId ?? null, windowId: values.windowId ?? null };
    if (device) {
      await api.patch(`/api/v1/devices/${device.id}`, placement);
      onSaved();
    } else {
      onCreated(await api.post<DeviceWithToken>('/api/v1/devices', { centerId: center.id, kind: values.kind, ...placement }));
    }
  }

  return (
    <FormModal<DeviceForm>
      form={form}
      open={open}
      title={device ? `编辑设备：${device.name}` : '登记设备'}
      okText={device ? '保存' : '登记并生成令牌'}
      successMessage={device ? '已保存' : '设备已登记'}
      initialValues={device ?? { kind: 'kiosk' }}
      onSubmit={save}
      onClose={onClose}
    >
      <Form.Item name="kind" label="设备类型" rules={[{ required: true, message: '请选择设备类型' }]}>
        <Select options={deviceKinds.map((k) => ({ value: k, label: deviceKindLabels[k] }))} disabled={Boolean(device)} style={{ maxWidth: 240 }} />
      </Form.Item>
      <Form.Item name="name" label="设备名称" rules={[{ required: true, whitespace: true, message: '请输入设备名称' }, { max: 50, message: '最多 50 个字' }]}>
        <Input placeholder="如：一号厅取号机 3" />
      </Form.Item>
      <Form.Item name="windowId" label="绑定窗口" rules={[{ required: needsWindow, message: '窗口屏和评价器必须绑定窗口' }]} extra={needsWindow ? '窗口屏和评价器属于一个窗口' : '可不绑定'}>
        <WindowPicker centerId={center.id} />
      </Form.Item>
      <Form.Item name="hallId" label="所在大厅">
        <Select options={halls.map((h) => ({ value: h.id, label: h.name }))} allowClear placeholder="可不选" style={{ maxWidth: 240 }} />
      </Form.Item>
    </FormModal>
  );
}

function DevicesOfCenter({ center }: { center: Center }) {
  const table = usePagedTable<Device, { kind?: DeviceKind }>(
    (query, signal) => api.get<Paged<Device>>(`/api/v1/centers/${center.id}/devices`, { ...query }, signal),
    {},
    [center.id],
  );
  const { data: halls = [] } = useHalls(center.id);
  const windowLabels = useWindowLabels(table.tableProps.dataSource.map((d) => d.windowId));
  const dialog = useDialog<Device | undefined>();
  const [issued, setIssued] = useState<{ title: string; items: SecretItem[] }>();
  const run = useAction();

  function showToken(title: string, result: DeviceWithToken) {
    setIssued({ title, items: tokenItems(result) });
    table.reload();
  }

  async function rotate(device: Device) {
    const result = await run(() => api.post<DeviceWithToken>(`/api/v1/devices/${device.id}/rotate-token`));
    if (result) showToken(`「${device.name}」的新令牌`, result);
  }

  const placeOf = (d: Device) => {
    const parts = [d.hallId && halls.find((h) => h.id === d.hallId)?.name, d.windowId && windowLabels.get(d.windowId)].filter(Boolean);
    return parts.length ? parts.join(' / ') : '—';
  };

  const columns: TableColumnsType<Device> = [
    { title: '名称', dataIndex: 'name' },
    { title: '类型', dataIndex: 'kind', width: 100, render: (k: DeviceKind) => <Tag>{deviceKindLabels[k]}</Tag> },
    { title: '位置', key: 'place', render: (_, d) => placeOf(d) },
    { title: '令牌', dataIndex: 'tokenHint', width: 120, render: (hint: string) => <Typography.Text code>{hint}…</Typography.Text> },
    { title: '最近在线', dataIndex: 'lastSeenAt', width: 170, render: (at: string | null) => (at ? formatTime(at, 'YYYY-MM-DD HH:mm') : <Typography.Text type="secondary">从未连接</Typography.Text>) },
    { title: '状态', dataIndex: 'disabled', width: 90, render: (disabled: boolean) => (disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">启用</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 330,
      fixed: 'right',
      render: (_, d) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => dialog.show(d)}>
            编辑
          </Button>
          <Popconfirm title={`为「${d.name}」更换令牌？`} description="旧令牌立即失效，设备需要用新地址重新打开。" okText="更换" onConfirm={() => rotate(d)}>
            <Button type="link" size="small" icon={<SyncOutlined />}>
              更换令牌
            </Button>
          </Popconfirm>
          <Popconfirm
            title={d.disabled ? `启用「${d.name}」？` : `停用「${d.name}」？`}
            description={d.disabled ? undefined : '停用后该设备的令牌不再被接受。'}
            okText={d.disabled ? '启用' : '停用'}
            okButtonProps={{ danger: !d.disabled }}
            onConfirm={() => run(() => api.patch(`/api/v1/devices/${d.id}`, { disabled: !d.disabled }), d.disabled ? '设备已启用' : '设备已停用').then(table.reload)}
          >
            <Button type="link" size="small" danger={!d.disabled} icon={d.disabled ? <CheckCircleOutlined /> : <StopOutlined />}>
              {d.disabled ? '启用' : '停用'}
            </Button>
          </Popconfirm>
          <Popconfirm title={`删除「${d.name}」？`} description="删除后该设备的令牌立即失效。" okText="删除" okButtonProps={{ danger: true }} onConfirm={() => run(() => api.delete(`/api/v1/devices/${d.id}`), '设备已删除').then(table.reload)}>
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
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Tabs
          activeKey={table.filters.kind ?? 'all'}
          onChange={(key) => table.setFilters({ kind: key === 'all' ? undefined : (key as DeviceKind) })}
          items={[{ key: 'all', label: '全部' }, ...deviceKinds.map((k) => ({ key: k, label: deviceKindLabels[k] }))]}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => dialog.show(undefined)}>
          登记设备
        </Button>
      </Flex>
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<Device>
        rowKey="id"
        columns={columns}
        {...table.tableProps}
        scroll={{ x: 1250 }}
        locale={{ emptyText: <TableEmpty error={table.error} description={table.filters.kind ? `该中心还没有${deviceKindLabels[table.filters.kind]}。` : '该中心还没有登记设备。'} /> }}
      />
      <DeviceFormModal
        center={center}
        device={dialog.subject}
        open={dialog.open}
        onClose={dialog.close}
        halls={halls}
        onCreated={(result) => showToken(`「${result.device.name}」已登记`, result)}
        onSaved={table.reload}
      />
      <OneTimeSecretModal title={issued?.title ?? ''} items={issued?.items} note="屏幕地址里含有令牌：在设备上打开一次后，设备会记住它。" onClose={() => setIssued(undefined)} />
    </Card>
  );
}

/** 设备: kiosks, displays, rating pads, terminals and lockers of a center, with their tokens. */
export function DevicesPage() {
  return (
    <CenterScopedScreen title="设备" roles={adminRoles}>
      {(center) => <DevicesOfCenter key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
