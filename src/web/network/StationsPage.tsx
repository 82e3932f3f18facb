import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useItemSearch } from '../catalog/useItemSearch';
import { api } from '../shared/api';
import { FormModal } from '../shared/FormModal';
import { formatTime } from '../shared/format';
import { adminRoles } from '../shared/navigation';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Paged } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useDialog } from '../shared/useDialog';
import { usePagedTable } from '../shared/usePagedTable';
import { PointLocationTab } from './PointLocationTab';
import { stationKindLabels, type CertificateRequest, type PublicStation, type Station, type StationKind } from './types';

interface StationForm {
  name: string;
  kind: StationKind;
  address?: string;
  guideItemIds: string[];
  videos: { title: string; url: string }[];
}

const kindOptions = (Object.keys(stationKindLabels) as StationKind[]).map((k) => ({ value: k, label: stationKindLabels[k] }));

/** Picks guide items by searching the catalogue; items already chosen keep their names. */
function GuidePicker({ value, onChange, known }: { value?: string[]; onChange?(ids: string[]): void; known: { id: string; name: string }[] }) {
  const { options, searching, search } = useItemSearch({ pageSize: 10 });
  const [picked, setPicked] = useState(known);
  const choices = new Map([...picked.map((i) => [i.id, i.name] as const), ...options.map((o) => [o.id, `${o.name}（${o.department.name}）`] as const)]);
  return (
    <Select
      mode="multiple"
      aria-label="明白卡事项"
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder="搜索事项加入，如：居住证"
      loading={searching}
      notFoundContent={searching ? '搜索中…' : '输入关键词搜索事项'}
      value={value ?? []}
      options={[...choices].map(([id, label]) => ({ value: id, label }))}
      onChange={(ids: string[]) => {
        setPicked(ids.map((id) => ({ id, name: choices.get(id) ?? id })));
        onChange?.(ids);
      }}
    />
  );
}

function StationFormModal({ center, station, open, onClose, onSaved }: { center: Center; station: Station | undefined; open: boolean; onClose(): void; onSaved(): void }) {
  // The guide names of a station being edited, for the picker's chosen tags.
  const [guides, setGuides] = useState<{ id: string; name: string }[] | undefined>();
  const [loadedFor, setLoadedFor] = useState<string>();
  if (open && station && loadedFor !== station.id) {
    setLoadedFor(station.id);
    setGuides(undefined);
    void api.get<PublicStation>(`/api/v1/stations/${station.id}`).then((s) => setGuides(s.guides), () => setGuides([]));
  }
  const ready = !station || (loadedFor === station.id && guides !== undefined);

  async function save(values: StationForm) {
    const body = { name: values.name.trim(), kind: values.kind, address: values.address?.trim() || null, guideItemIds: values.guideItemIds ?? [], videos: (values.videos ?? []).map((v) => ({ title: v.title.trim(), url: v.url.trim() })) };
    if (station) await api.patch(`/api/v1/stations/${station.id}`, body);
    else await api.post('/api/v1/stations', { centerId: center.id, ...body });
    onSaved();
  }
  return (
    <FormModal<StationForm>
      open={open && ready}
      title={station ? `编辑微服务站：${station.name}` : `新建微服务站（${center.name}）`}
      initialValues={station ? { name: station.name, kind: station.kind, address: station.address ?? undefined, guideItemIds: station.guideItemIds, videos: station.videos } : { kind: 'community', guideItemIds: [], videos: [] }}
      onSubmit={save}
      onClose={onClose}
      width={640}
    >
      <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 60, message: '最多 60 个字' }]}>
        <Input placeholder="如：东城科技园微服务站" />
      </Form.Item>
      <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
        <Select aria-label="类型" options={kindOptions} style={{ maxWidth: 200 }} />
      </Form.Item>
      <Form.Item name="address" label="地址" rules={[{ max: 200, message: '最多 200 个字' }]}>
        <Input placeholder="如：科技园 A 栋一楼大堂" />
      </Form.Item>
      <Form.Item name="guideItemIds" label="明白卡（办事指南）">
        <GuidePicker known={guides ?? []} />
      </Form.Item>
      <Form.List name="videos">
        {(fields, { add, remove }) => (
          <Form.Item label="短视频">
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="baseline">
                <Form.Item name={[field.name, 'title']} rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 60, message: '最多 60 个字' }]} style={{ flex: '1 1 40%' }}>
                  <Input placeholder="标题" aria-label="视频标题" />
                </Form.Item>
                <Form.Item name={[field.name, 'url']} rules={[{ required: true, message: '请填写链接' }, { pattern: /^https:\/\/[^\s/]+/, message: '须为 https:// 开头的网址' }]} style={{ flex: '1 1 60%' }}>
                  <Input placeholder="https://…" aria-label="视频链接" />
                </Form.Item>
                <MinusCircleOutlined aria-label="删除此视频" onClick={() => remove(field.name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', url: '' })}>
              添加视频
            </Button>
          </Form.Item>
        )}
      </Form.List>
    </FormModal>
  );
}

function StationsTab({ center }: { center: Center }) {
  const table = usePagedTable<Station, object>((query, signal) => api.get<Paged<Station>>('/api/v1/stations', { centerId: center.id, page: query.page, pageSize: query.pageSize }, signal), {}, [center.id]);
  const dialog = useDialog<Station | undefined>();
  const run = useAction();
  const columns: TableColumnsType<Station> = [
    { title: '名称', dataIndex: 'name', render: (name: string, s) => <a href={`/station/${s.id}`} target="_blank" rel="noreferrer">{name}</a> },
    { title: '类型', dataIndex: 'kindLabel', width: 80, render: (label: string) => <Tag>{label}</Tag> },
    { title: '地址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
    { title: '所属中心', dataIndex: 'centerName' },
    { title: '明白卡', key: 'guides', width: 80, render: (_, s) => s.guideItemIds.length },
    { title: '视频', key: 'videos', width: 70, render: (_, s) => s.videos.length },
    {
      title: '操作',
      key: 'actions',
      width: 220,
      render: (_, s) => (
        <Space>
          <a href={`/station/${s.id}/poster`} target="_blank" rel="noreferrer">
            <Button type="link" size="small" icon={<PrinterOutlined />}>
              海报
            </Button>
          </a>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => dialog.show(s)}>
            编辑
          </Button>
          <Popconfirm title={`删除微服务站「${s.name}」？`} description="海报上的二维码将失效；还有未办结的基层证明时不能删除。" okText="删除" okButtonProps={{ danger: true }} onConfirm={() => run(() => api.delete(`/api/v1/stations/${s.id}`), '微服务站已删除').then(table.reload)}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => dialog.show(undefined)}>
          新建微服务站
        </Button>
      </Flex>
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<Station> rowKey="id" columns={columns} {...table.tableProps} scroll={{ x: 900 }} locale={{ emptyText: <TableEmpty error={table.error} description="还没有微服务站，点击「新建微服务站」为企业、园区或社区开设。" /> }} />
      <StationFormModal center={center} station={dialog.subject} open={dialog.open} onClose={dialog.close} onSaved={table.reload} />
    </>
  );
}

const statusColors = { submitted: 'orange', accepted: 'blue', completed: 'green' } as const;

function CertificatesTab({ center }: { center: Center }) {
  const table = usePagedTable<CertificateRequest, { status?: CertificateRequest['status'] }>(
    (query, signal) => api.get<Paged<CertificateRequest>>(`/api/v1/centers/${center.id}/certificate-requests`, { status: query.status, page: query.page, pageSize: query.pageSize }, signal),
    {},
    [center.id],
  );
  const run = useAction();
  const move = (r: CertificateRequest, status: 'accepted' | 'completed') => run(() => api.post(`/api/v1/certificate-requests/${r.id}/status`, { status }), status === 'accepted' ? '已受理' : '已办结').then(table.reload);
  const columns: TableColumnsType<CertificateRequest> = [
    { title: '申请时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v, 'YYYY-MM-DD HH:mm') },
    { title: '微服务站', dataIndex: 'stationName' },
    { title: '证明类型', dataIndex: 'kind' },
    { title: '申请人', dataIndex: 'name', width: 90 },
    { title: '手机号', dataIndex: 'phone', width: 130 },
    { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
    { title: '状态', dataIndex: 'status', width: 90, render: (_, r) => <Tag color={statusColors[r.status]}>{r.statusLabel}</Tag> },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, r) =>
        r.status === 'submitted' ? (
          <Button size="small" type="primary" onClick={() => move(r, 'accepted')}>
            受理
          </Button>
        ) : r.status === 'accepted' ? (
          <Popconfirm title="确认已出具证明并办结？" okText="办结" onConfirm={() => move(r, 'completed')}>
            <Button size="small">办结</Button>
          </Popconfirm>
        ) : (
          <Typography.Text type="secondary">{r.handledBy ?? ''}</Typography.Text>
        ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          placeholder="状态"
          aria-label="按状态筛选"
          allowClear
          style={{ width: 140 }}
          options={[
            { value: 'submitted', label: '待受理' },
            { value: 'accepted', label: '已受理' },
            { value: 'completed', label: '已办结' },
          ]}
          onChange={(status?: CertificateRequest['status']) => table.setFilters({ status })}
        />
      </Space>
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<CertificateRequest> rowKey="id" columns={columns} {...table.tableProps} scroll={{ x: 900 }} locale={{ emptyText: <TableEmpty error={table.error} description="暂无基层证明申请。" /> }} />
    </>
  );
}

/** 微服务站: the stations of a center's companies, parks and communities (their posters), the 基层证明 they take, and the center's place on the 政务地图. */
export function StationsPage() {
  return (
    <CenterScopedScreen title="微服务站" roles={adminRoles} description="为企业、园区、社区开设微服务站：打印二维码海报，群众扫码看指南、视频，申请基层证明。">
      {(center) => (
        <Card key={center.id}>
          <Tabs items={[
            { key: 'stations', label: '微服务站', children: <StationsTab center={center} /> },
            { key: 'certificates', label: '基层证明申请', children: <CertificatesTab center={center} /> },
            { key: 'location', label: '政务地图位置', children: <PointLocationTab center={center} /> },
          ]} />
        </Card>
      )}
    </CenterScopedScreen>
  );
}
