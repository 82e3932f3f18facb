import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Popconfirm, Select, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { api } from '../shared/api';
import { FormModal } from '../shared/FormModal';
import { longWaitMinutes, type CategoryLoad, type QueueCategory } from '../shared/queue';
import type { Center, Paged } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { useDialog } from '../shared/useDialog';

interface ItemOption {
  id: string;
  name: string;
  code: string;
  department: { name: string };
}

/** Every published item of a center (a few thousand), loaded once per center for the category editor. */
const itemCache = new Map<string, Promise<ItemOption[]>>();
function loadCenterItems(centerId: string): Promise<ItemOption[]> {
  let entry = itemCache.get(centerId);
  if (!entry) {
    const page = (n: number) => api.get<Paged<ItemOption>>('/api/v1/items', { centerId, page: n, pageSize: 200 });
    entry = page(1).then(async (first) => {
      const pages = Math.ceil(first.total / first.pageSize);
      const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => page(i + 2)));
      return [first, ...rest].flatMap((p) => p.items);
    });
    itemCache.set(centerId, entry);
    entry.catch(() => itemCache.delete(centerId));
  }
  return entry;
}

interface CategoryForm {
  name: string;
  prefix: string;
  itemIds: string[];
  sort: number;
}

function CategoryModal({ center, category, open, onClose, onSaved }: { center: Center; category: QueueCategory | undefined; open: boolean; onClose(): void; onSaved(): void }) {
  const items = useAsync(() => (open ? loadCenterItems(center.id) : Promise.resolve(undefined)), [open, center.id]);
  const options = useMemo(() => (items.data ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.department.name}）`, code: i.code })), [items.data]);
  return (
    <FormModal<CategoryForm>
      open={open}
      width={720}
      title={category ? `编辑业务类别：${category.name}` : '新建业务类别'}
      initialValues={category ? { name: category.name, prefix: category.prefix, itemIds: category.itemIds, sort: category.sort } : { itemIds: [], sort: 0 }}
      onClose={onClose}
      onSubmit={async (values) => {
        const body = { name: values.name.trim(), prefix: values.prefix.trim().toUpperCase(), itemIds: values.itemIds ?? [], sort: values.sort ?? 0 };
        if (category) await api.put(`/api/v1/categories/${category.id}`, body);
        else await api.post('/api/v1/categories', { centerId: center.id, ...body });
        onSaved();
      }}
    >
      <Form.Item name="name" label="类别名称" rules={[{ required: true, whitespace: true, message: '请输入类别名称' }, { max: 30, message: '最多 30 个字' }]}>
        <Input placeholder="如：社会事务" maxLength={30} />
      </Form.Item>
      <Form.Item name="prefix" label="号码字头" rules={[{ required: true, message: '请输入号码字头' }, { pattern: /^[A-Za-z]{1,2}$/, message: '一到两个英文字母' }]} extra="号码为字头加当日序号，如 B001">
        <Input placeholder="如：B" maxLength={2} style={{ width: 120, textTransform: 'uppercase' }} />
      </Form.Item>
      <Form.Item name="sort" label="排序" extra="取号机上按此顺序排列">
        <InputNumber min={0} max={999} />
      </Form.Item>
      <Form.Item name="itemIds" label="包含事项" extra="选择事项取号时归入此类别；可按名称、编码或部门搜索">
        <Select
          mode="multiple"
          aria-label="包含事项"
          placeholder="搜索并选择事项"
          loading={items.loading}
          options={options}
          maxTagCount={30}
          maxTagPlaceholder={(omitted) => `另 ${omitted.length} 项`}
          showSearch={{ filterOption: (input, option) => Boolean(option && (option.label.includes(input) || option.code.includes(input))) }}
          virtual
        />
      </Form.Item>
    </FormModal>
  );
}

/**
 * 各类别排队情况: waiting, estimate, serving windows and the longest wait per category (long waits
 * in red), with opening/closing a category and editing it.
 */
export function CategoriesBoard({ center, loads, categories, onChanged }: { center: Center; loads: CategoryLoad[]; categories: QueueCategory[]; onChanged(): void }) {
  const run = useAction();
  const dialog = useDialog<QueueCategory | undefined>();
  const byId = new Map(categories.map((c) => [c.id, c]));
  const totalWaiting = loads.reduce((sum, l) => sum + l.waiting, 0);

  const columns: TableColumnsType<CategoryLoad> = [
    {
      title: '类别',
      key: 'name',
      render: (_, l) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Tag>{l.prefix}</Tag>
          {l.name}
        </span>
      ),
    },
    { title: '等候', dataIndex: 'waiting', width: 80, align: 'right', render: (n: number) => <Typography.Text strong style={{ fontSize: 16 }}>{n}</Typography.Text> },
    { title: '预计等候', dataIndex: 'estimatedWaitMinutes', width: 100, align: 'right', render: (n: number) => `${n} 分钟` },
    { title: '服务窗口', dataIndex: 'servingWindows', width: 90, align: 'right' },
    {
      title: '最长等候',
      dataIndex: 'longestWaitMinutes',
      width: 100,
      align: 'right',
      render: (n: number, l) => (l.waiting === 0 ? '—' : <Typography.Text type={n > longWaitMinutes ? 'danger' : undefined} strong={n > longWaitMinutes} data-long-wait={n > longWaitMinutes || undefined}>{n} 分钟</Typography.Text>),
    },
    {
      title: '取号',
      key: 'open',
      width: 110,
      render: (_, l) => (
        <Popconfirm
          title={l.open ? `暂停「${l.name}」取号？` : `开放「${l.name}」取号？`}
          description={l.open ? '取号机和远程取号将不能再取此类别；已取的号码照常叫号。' : undefined}
          okText={l.open ? '暂停取号' : '开放取号'}
          okButtonProps={{ danger: l.open }}
          onConfirm={async () => {
            await run(() => api.put(`/api/v1/categories/${l.categoryId}`, { open: !l.open }), l.open ? '已暂停取号' : '已开放取号');
            onChanged();
          }}
        >
          <Switch checked={l.open} checkedChildren="开放" unCheckedChildren="暂停" aria-label={`${l.name}取号`} />
        </Popconfirm>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_, l) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => dialog.show(byId.get(l.categoryId))} aria-label={`编辑${l.name}`}>
          编辑
        </Button>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={`排队情况（共 ${totalWaiting} 人等候）`}
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => dialog.show(undefined)}>
          新建类别
        </Button>
      }
    >
      <Table<CategoryLoad> rowKey="categoryId" size="small" columns={columns} dataSource={loads} pagination={false} scroll={{ x: 640 }} data-testid="queue-table" onRow={(l) => ({ 'data-prefix': l.prefix }) as object} />
      <CategoryModal center={center} category={dialog.subject} open={dialog.open} onClose={dialog.close} onSaved={onChanged} />
    </Card>
  );
}
