import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { api } from '../shared/api';
import { FormModal } from '../shared/FormModal';
import { zoneKindLabels } from '../shared/labels';
import { adminRoles } from '../shared/navigation';
import { invalidateOrg, useHalls } from '../shared/orgData';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, PageLoading } from '../shared/StatusPages';
import type { Center, Hall, Zone, ZoneKind } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useDialog } from '../shared/useDialog';

interface HallForm {
  name: string;
  floor?: string;
}

interface ZoneForm {
  name: string;
  kind: ZoneKind;
  open24h: boolean;
}

const zoneKindOptions = (Object.keys(zoneKindLabels) as ZoneKind[]).map((k) => ({ value: k, label: zoneKindLabels[k] }));

function HallFormModal({ center, hall, open, onClose }: { center: Center; hall: Hall | undefined; open: boolean; onClose(): void }) {
  async function save(values: HallForm) {
    const body = { name: values.name.trim(), floor: values.floor?.trim() || null };
    if (hall) await api.patch(`/api/v1/halls/${hall.id}`, body);
    else await api.post('/api/v1/halls', { centerId: center.id, ...body });
    invalidateOrg(`halls:${center.id}`);
  }
  return (
    <FormModal<HallForm> open={open} title={hall ? `编辑大厅：${hall.name}` : '新建大厅'} initialValues={hall ? { name: hall.name, floor: hall.floor ?? undefined } : {}} onSubmit={save} onClose={onClose}>
      <Form.Item name="name" label="大厅名称" rules={[{ required: true, whitespace: true, message: '请输入大厅名称' }, { max: 50, message: '最多 50 个字' }]}>
        <Input placeholder="如：一号厅" />
      </Form.Item>
      <Form.Item name="floor" label="楼层" rules={[{ max: 20, message: '最多 20 个字符' }]}>
        <Input placeholder="如：1F" style={{ maxWidth: 160 }} />
      </Form.Item>
    </FormModal>
  );
}

/** Editing a zone, or adding one to a hall. */
type ZoneDialogSubject = { zone: Zone } | { hall: Hall };

function ZoneFormModal({ centerId, subject, open, onClose }: { centerId: string; subject: ZoneDialogSubject | undefined; open: boolean; onClose(): void }) {
  const zone = subject && 'zone' in subject ? subject.zone : undefined;
  async function save(values: ZoneForm) {
    const body = { name: values.name.trim(), kind: values.kind, open24h: values.open24h };
    if (zone) await api.patch(`/api/v1/zones/${zone.id}`, body);
    else if (subject && 'hall' in subject) await api.post('/api/v1/zones', { hallId: subject.hall.id, ...body });
    invalidateOrg(`halls:${centerId}`);
  }
  const title = zone ? `编辑服务区：${zone.name}` : `新建服务区${subject && 'hall' in subject ? `（${subject.hall.name}）` : ''}`;
  return (
    <FormModal<ZoneForm> open={open} title={title} initialValues={zone ?? { kind: 'service', open24h: false }} onSubmit={save} onClose={onClose}>
      <Form.Item name="name" label="服务区名称" rules={[{ required: true, whitespace: true, message: '请输入服务区名称' }, { max: 50, message: '最多 50 个字' }]}>
        <Input placeholder="如：公安业务区" />
      </Form.Item>
      <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
        <Select options={zoneKindOptions} style={{ maxWidth: 200 }} />
      </Form.Item>
      <Form.Item name="open24h" label="24小时开放" valuePropName="checked">
        <Switch checkedChildren="是" unCheckedChildren="否" />
      </Form.Item>
    </FormModal>
  );
}

function HallCard({ hall, onEdit, onDelete, onAddZone, onEditZone, onDeleteZone }: {
  hall: Hall;
  onEdit(): void;
  onDelete(): Promise<unknown>;
  onAddZone(): void;
  onEditZone(zone: Zone): void;
  onDeleteZone(zone: Zone): Promise<unknown>;
}) {
  const columns: TableColumnsType<Zone> = [
    { title: '服务区', dataIndex: 'name' },
    { title: '类型', dataIndex: 'kind', width: 120, render: (kind: ZoneKind) => <Tag>{zoneKindLabels[kind]}</Tag> },
    { title: '开放', dataIndex: 'open24h', width: 120, render: (open24h: boolean) => (open24h ? <Tag color="green">24小时</Tag> : <Typography.Text type="secondary">随大厅</Typography.Text>) },
    {
      title: '操作',
      key: 'actions',
      width: 160,
      render: (_, zone) => (
        <Space>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onEditZone(zone)}>
            编辑
          </Button>
          <Popconfirm title={`删除服务区「${zone.name}」？`} description="区内还有窗口时不能删除。" okText="删除" okButtonProps={{ danger: true }} onConfirm={() => onDeleteZone(zone)}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={
        <Space>
          {hall.name}
          {hall.floor && <Tag>{hall.floor}</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          <Button size="small" icon={<PlusOutlined />} onClick={onAddZone}>
            新建服务区
          </Button>
          <Button size="small" icon={<EditOutlined />} onClick={onEdit}>
            编辑大厅
          </Button>
          <Popconfirm title={`删除大厅「${hall.name}」？`} description="需先删除其中的服务区，且没有窗口和设备。" okText="删除" okButtonProps={{ danger: true }} onConfirm={onDelete}>
            <Button size="small" danger icon={<DeleteOutlined />}>
              删除大厅
            </Button>
          </Popconfirm>
        </Space>
      }
      style={{ marginBottom: 16 }}
    >
      <Table<Zone> rowKey="id" size="small" columns={columns} dataSource={hall.zones} pagination={false} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该大厅还没有服务区。" /> }} />
    </Card>
  );
}

function HallsOfCenter({ center }: { center: Center }) {
  const { data: halls, error, loading, reload } = useHalls(center.id);
  const run = useAction();
  const hallDialog = useDialog<Hall | undefined>();
  const zoneDialog = useDialog<ZoneDialogSubject>();
  const refresh = () => invalidateOrg(`halls:${center.id}`);

  let body;
  if (error) body = <LoadError error={error} onRetry={reload} />;
  else if (loading && !halls) body = <PageLoading />;
  else if (!halls?.length) body = <Empty description="该中心还没有大厅，点击「新建大厅」添加。" />;
  else
    body = halls.map((hall) => (
      <HallCard
        key={hall.id}
        hall={hall}
        onEdit={() => hallDialog.show(hall)}
        onDelete={() => run(() => api.delete(`/api/v1/halls/${hall.id}`), '大厅已删除').then(refresh)}
        onAddZone={() => zoneDialog.show({ hall })}
        onEditZone={(zone) => zoneDialog.show({ zone })}
        onDeleteZone={(zone) => run(() => api.delete(`/api/v1/zones/${zone.id}`), '服务区已删除').then(refresh)}
      />
    ));

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => hallDialog.show(undefined)}>
          新建大厅
        </Button>
      </Flex>
      {body}
      <HallFormModal center={center} hall={hallDialog.subject} open={hallDialog.open} onClose={hallDialog.close} />
      <ZoneFormModal centerId={center.id} subject={zoneDialog.subject} open={zoneDialog.open} onClose={zoneDialog.close} />
    </>
  );
}

/** 大厅与服务区: the halls of a center and the areas inside them (业务区, 24小时自助区 …). */
export function HallsPage() {
  return (
    <CenterScopedScreen title="大厅与服务区" roles={adminRoles}>
      {(center) => <HallsOfCenter key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
