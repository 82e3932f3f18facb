import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Popconfirm, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { Bundle, ItemSummary } from '../catalog/catalog';
import { api } from '../shared/api';
import { FormModal } from '../shared/FormModal';
import { ScreenHeader } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Paged } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { useDialog } from '../shared/useDialog';

interface BundleForm {
  name: string;
  description?: string;
  itemIds: string[];
}

type ItemChoice = Pick<ItemSummary, 'id' | 'name' | 'department'>;

/**
 * Picks items by searching the catalogue as one types (it has thousands): the options are the
 * search's answer plus whatever is already chosen, so chosen items keep their names.
 */
function ItemPicker({ value, onChange, known, id }: { value?: string[]; onChange?: (ids: string[]) => void; known: ItemChoice[]; id?: string }) {
  const [q, setQ] = useState('');
  const [seen, setSeen] = useState(() => new Map(known.map((i) => [i.id, i])));
  const found = useAsync(
    (signal) =>
      api.get<Paged<ItemSummary>>('/api/v1/items', { q: q.trim(), pageSize: 30 }, signal).then((page) => {
        setSeen((s) => new Map([...s, ...page.items.map((i) => [i.id, i] as const)]));
        return page.items;
      }),
    [q],
  );
  const options = useMemo(() => {
    const chosen = (value ?? []).map((itemId) => seen.get(itemId)).filter((i): i is ItemChoice => Boolean(i));
    const rest = (found.data ?? []).filter((i) => !(value ?? []).includes(i.id));
    return [...chosen, ...rest].map((i) => ({ value: i.id, label: `${i.name}（${i.department.name}）` }));
  }, [value, seen, found.data]);
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      options={options}
      showSearch={{ filterOption: false, onSearch: setQ }}
      onBlur={() => setQ('')}
      loading={found.loading}
      notFoundContent={found.loading ? '搜索中…' : '没有找到相关事项'}
      placeholder="输入名称或口语搜索事项，如：开饭店"
      aria-label="包含事项"
    />
  );
}

function BundleFormModal({ bundle, open, onClose, onSaved }: { bundle: Bundle | undefined; open: boolean; onClose(): void; onSaved(): void }) {
  async function save(values: BundleForm) {
    const body = { name: values.name.trim(), description: values.description?.trim() || null, itemIds: values.itemIds };
    if (bundle) await api.put(`/api/v1/bundles/${bundle.id}`, body);
    else await api.post('/api/v1/bundles', body);
    onSaved();
  }
  return (
    <FormModal<BundleForm>
      open={open}
      title={bundle ? `编辑一件事：${bundle.name}` : '新增一件事'}
      width={720}
      initialValues={bundle ? { name: bundle.name, description: bundle.description ?? '', itemIds: bundle.items.map((i) => i.id) } : { itemIds: [] }}
      onSubmit={save}
      onClose={onClose}
    >
      <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入一件事的名称' }, { max: 100, message: '最多 100 个字' }]}>
        <Input placeholder="如：开办餐饮店一件事" />
      </Form.Item>
      <Form.Item name="description" label="说明" rules={[{ max: 1000, message: '最多 1000 个字' }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder="一并办理哪些事、适合谁" />
      </Form.Item>
      <Form.Item
        name="itemIds"
        label="包含事项"
        rules={[
          { required: true, type: 'array', min: 2, message: '一件事至少包含两个事项' },
          { type: 'array', max: 30, message: '一件事最多包含 30 个事项' },
        ]}
      >
        <ItemPicker known={bundle?.items ?? []} />
      </Form.Item>
    </FormModal>
  );
}

/** 一件事: bundles of items applied for together (global administrators). */
export function BundlesPage() {
  const { data, error, loading, reload } = useAsync((signal) => api.get<Bundle[]>('/api/v1/bundles', undefined, signal), []);
  const [search, setSearch] = useState('');
  const dialog = useDialog<Bundle | undefined>();
  const run = useAction();
  // A few dozen bundles at most: listed whole by the server, searched and paged here.
  const rows = (data ?? []).filter((b) => b.name.includes(search.trim()) || b.items.some((i) => i.name.includes(search.trim())));

  const columns: TableColumnsType<Bundle> = [
    { title: '名称', dataIndex: 'name', width: 220 },
    { title: '说明', dataIndex: 'description', render: (v: string | null) => v ?? '—' },
    {
      title: '包含事项',
      key: 'items',
      render: (_, b) => (
        <Flex wrap gap={4}>
          {b.items.map((i) => (
            <Tag key={i.id}>{i.name}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_, b) => (
        <Space>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => dialog.show(b)}>
            编辑
          </Button>
          <Popconfirm
            title={`删除一件事「${b.name}」？`}
            description="其中的事项不受影响。"
            okText="删除"
            okButtonProps={{ danger: true }}
            onConfirm={() => run(() => api.delete(`/api/v1/bundles/${b.id}`), '一件事已删除').then(reload)}
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
    <>
      <ScreenHeader title="一件事" description="几个事项一起申请：共用材料只交一次，一张表、一个窗口" />
      <Card>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Flex justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
          <Input.Search placeholder="按名称或事项筛选" allowClear onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 280 }} aria-label="筛选一件事" />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => dialog.show(undefined)}>
            新增一件事
          </Button>
        </Flex>
        <Table<Bundle>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={loading}
          scroll={{ x: 900 }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 件` }}
          locale={{ emptyText: <TableEmpty error={error} description={search ? '没有符合条件的一件事。' : '还没有一件事，点击「新增一件事」添加。'} /> }}
        />
        <BundleFormModal bundle={dialog.subject} open={dialog.open} onClose={dialog.close} onSaved={reload} />
      </Card>
    </>
  );
}
