import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Form, Input, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../shared/api';
import { FormModal } from '../shared/FormModal';
import { invalidateOrg, useDepartments } from '../shared/orgData';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError } from '../shared/StatusPages';
import type { Center, Department } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useDialog } from '../shared/useDialog';

function DepartmentFormModal({ center, department, open, onClose }: { center: Center; department: Department | undefined; open: boolean; onClose(): void }) {
  async function save({ name }: { name: string }) {
    if (department) await api.patch(`/api/v1/departments/${department.id}`, { name: name.trim() });
    else await api.post('/api/v1/departments', { centerId: center.id, name: name.trim() });
    invalidateOrg(`departments:${center.id}`);
  }
  return (
    <FormModal<{ name: string }> open={open} title={department ? `重命名部门：${department.name}` : '新增进驻部门'} initialValues={department ? { name: department.name } : {}} onSubmit={save} onClose={onClose}>
      <Form.Item name="name" label="部门名称" rules={[{ required: true, whitespace: true, message: '请输入部门名称' }, { max: 50, message: '最多 50 个字' }]}>
        <Input placeholder="如：市场监督管理局" />
      </Form.Item>
    </FormModal>
  );
}

function DepartmentsOfCenter({ center }: { center: Center }) {
  const { data, error, loading, reload } = useDepartments(center.id);
  const [search, setSearch] = useState('');
  const dialog = useDialog<Department | undefined>();
  const run = useAction();
  // The server lists a center's departments whole (tens of rows), so searching and paging happen here.
  const rows = (data ?? []).filter((d) => d.name.includes(search.trim()));

  const columns: TableColumnsType<Department> = [
    { title: '部门名称', dataIndex: 'name' },
    {
      title: '操作',
      key: 'actions',
      width: 180,
      render: (_, d) => (
        <Space>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => dialog.show(d)}>
            重命名
          </Button>
          <Popconfirm
            title={`撤出部门「${d.name}」？`}
            description="该部门还有专窗时不能删除。"
            okText="删除"
            okButtonProps={{ danger: true }}
            onConfirm={() => run(() => api.delete(`/api/v1/departments/${d.id}`), '部门已删除').then(() => invalidateOrg(`departments:${center.id}`))}
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
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Flex justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
        <Input.Search placeholder="按名称筛选" allowClear onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 280 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => dialog.show(undefined)}>
          新增部门
        </Button>
      </Flex>
      <Table<Department>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 个部门` }}
        locale={{ emptyText: <Empty description={search ? '没有名称含此文字的部门。' : '该中心还没有进驻部门。'} /> }}
      />
      <DepartmentFormModal center={center} department={dialog.subject} open={dialog.open} onClose={dialog.close} />
    </Card>
  );
}

/** 部门: the departments stationed in a center (进驻部门). */
export function DepartmentsPage() {
  return (
    <CenterScopedScreen title="部门" roles={['admin']}>
      {(center) => <DepartmentsOfCenter key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
