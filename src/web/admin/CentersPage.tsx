import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { coveredCenters, isGlobal } from '../shared/access';
import { api } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { CenterTreeSelect } from '../shared/CenterSelector';
import { formatOpeningHours } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { centerLevels, levelLabels } from '../shared/labels';
import { invalidateOrg, useCenters } from '../shared/orgData';
import { ScreenHeader } from '../shared/Screen';
import { LoadError } from '../shared/StatusPages';
import type { Center, CenterLevel } from '../shared/types';
import { useDialog } from '../shared/useDialog';
import { fromRuleFields, OpeningHoursEditor, toRuleFields, type OpeningRuleField } from './OpeningHoursEditor';

interface CenterRow extends Center {
  children?: CenterRow[];
}

interface CenterForm {
  name: string;
  level: CenterLevel;
  parentId: string | null;
  address?: string;
  phone?: string;
  openingHours: OpeningRuleField[];
}

function treeRows(centers: Center[]): CenterRow[] {
  const rows = new Map<string, CenterRow>(centers.map((c) => [c.id, { ...c }]));
  const roots: CenterRow[] = [];
  for (const c of centers) {
    const row = rows.get(c.id)!;
    const parent = c.parentId ? rows.get(c.parentId) : undefined;
    if (parent) parent.children = [...(parent.children ?? []), row];
    else roots.push(row);
  }
  return roots;
}

/** Editing a center, or creating one (under a given parent, or at the top). */
type CenterDialogSubject = { center: Center } | { parentId: string | null };

function CenterFormModal({ subject, open, onClose, centers, mayCreateTopLevel }: { subject: CenterDialogSubject | undefined; open: boolean; onClose(): void; centers: Center[]; mayCreateTopLevel: boolean }) {
  const [form] = Form.useForm<CenterForm>();
  const parentId = Form.useWatch('parentId', form);
  const editing = subject && 'center' in subject ? subject.center : undefined;
  const parentLevel = centers.find((c) => c.id === parentId)?.level;
  // A center sits below its parent's level; levels may be skipped (a city's towns directly under it).
  const levelOptions = centerLevels.map((level) => ({
    value: level,
    label: levelLabels[level],
    disabled: parentLevel !== undefined && centerLevels.indexOf(level) <= centerLevels.indexOf(parentLevel),
  }));
  // A center cannot move under itself or its own descendants.
  const parentChoices = editing ? centers.filter((c) => !isWithin(centers, c.id, editing.id)) : centers;

  const initialValues: Partial<CenterForm> = editing
    ? { ...editing, address: editing.address ?? undefined, phone: editing.phone ?? undefined, openingHours: toRuleFields(editing.openingHours) }
    : { parentId: subject && 'parentId' in subject ? subject.parentId : null, openingHours: [] };

  async function save(values: CenterForm) {
    const body = {
      name: values.name.trim(),
      level: values.level,
      parentId: values.parentId ?? null,
      address: values.address?.trim() || null,
      phone: values.phone?.trim() || null,
      openingHours: fromRuleFields(values.openingHours),
    };
    if (editing) await api.patch(`/api/v1/centers/${editing.id}`, body);
    else await api.post('/api/v1/centers', body);
    invalidateOrg('centers');
  }

  return (
    <FormModal<CenterForm> form={form} open={open} title={editing ? `编辑中心：${editing.name}` : '新建中心'} initialValues={initialValues} onSubmit={save} onClose={onClose} width={720}>
      <Form.Item name="name" label="中心名称" rules={[{ required: true, whitespace: true, message: '请输入中心名称' }, { max: 100, message: '中心名称最多 100 个字' }]}>
        <Input placeholder="如：示范市民服务中心" />
      </Form.Item>
      <Space size="large" wrap style={{ width: '100%' }}>
        <Form.Item
          name="parentId"
          label="上级中心"
          rules={mayCreateTopLevel ? [] : [{ required: true, message: '请选择上级中心（只有全局管理员可以新建顶级中心）' }]}
          extra={mayCreateTopLevel ? '不选则为顶级中心' : undefined}
        >
          <CenterTreeSelect centers={parentChoices} allowClear={mayCreateTopLevel} placeholder="请选择上级中心" />
        </Form.Item>
        <Form.Item name="level" label="层级" rules={[{ required: true, message: '请选择层级' }]}>
          <Select options={levelOptions} placeholder="请选择层级" style={{ width: 160 }} />
        </Form.Item>
      </Space>
      <Form.Item name="address" label="地址" rules={[{ max: 200, message: '地址最多 200 个字' }]}>
        <Input placeholder="如：示范市中心区鸿福路 99 号" />
      </Form.Item>
      <Form.Item name="phone" label="咨询电话" rules={[{ max: 40, message: '电话最多 40 个字符' }]}>
        <Input placeholder="如：12345" style={{ maxWidth: 240 }} />
      </Form.Item>
      <Form.Item label="办公时间（北京时间）" required={false}>
        <OpeningHoursEditor name="openingHours" />
      </Form.Item>
    </FormModal>
  );
}

function isWithin(centers: Center[], id: string, ancestorId: string): boolean {
  for (let current: Center | undefined = centers.find((c) => c.id === id); current; current = centers.find((c) => c.id === current!.parentId)) {
    if (current.id === ancestorId) return true;
  }
  return false;
}

/** 中心: the network of centers as a tree, with their addresses and opening hours. */
export function CentersPage() {
  const user = useCurrentUser();
  const { data, error, loading, reload } = useCenters();
  const centers = useMemo(() => coveredCenters(data ?? [], user.roles, ['admin']), [data, user.roles]);
  const rows = useMemo(() => treeRows(centers), [centers]);
  const mayCreateTopLevel = isGlobal(user, ['admin']);
  const dialog = useDialog<CenterDialogSubject>();
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const expanded = centers.filter((c) => !collapsed.has(c.id)).map((c) => c.id);

  const columns: TableColumnsType<CenterRow> = [
    { title: '名称', dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: '层级', dataIndex: 'level', width: 100, render: (level: CenterLevel) => <Tag color="blue">{levelLabels[level]}</Tag> },
    { title: '地址', dataIndex: 'address', render: (v: string | null) => v || '—' },
    { title: '电话', dataIndex: 'phone', width: 120, render: (v: string | null) => v || '—' },
    {
      title: '办公时间',
      dataIndex: 'openingHours',
      render: (_, c) => {
        const lines = formatOpeningHours(c.openingHours);
        return lines.length ? lines.map((l) => <div key={l}>{l}</div>) : <Typography.Text type="secondary">未设置</Typography.Text>;
      },
    },
    {
      title: '操作',
      key: 'actions',
      width: 200,
      render: (_, c) => (
        <Space>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => dialog.show({ center: c })}>
            编辑
          </Button>
          {c.level !== 'village' && (
            <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => dialog.show({ parentId: c.id })}>
              新建下级
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <ScreenHeader
        title="中心"
        description="政务服务中心网络：省 › 市 › 区县 › 镇街 › 村居"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => dialog.show({ parentId: mayCreateTopLevel ? null : (centers[0]?.id ?? null) })}>
            新建中心
          </Button>
        }
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Card>
        <Table<CenterRow>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          scroll={{ x: 960 }}
          expandable={{
            expandedRowKeys: expanded,
            onExpand: (open, row) =>
              setCollapsed((s) => {
                const next = new Set(s);
                if (open) next.delete(row.id);
                else next.add(row.id);
                return next;
              }),
          }}
          locale={{ emptyText: <Empty description="还没有中心，点击右上角「新建中心」添加第一个。" /> }}
        />
      </Card>
      <CenterFormModal subject={dialog.subject} open={dialog.open} onClose={dialog.close} centers={centers} mayCreateTopLevel={mayCreateTopLevel} />
    </>
  );
}
