import { DownloadOutlined, EditOutlined, HistoryOutlined, LinkOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Modal, Select, Space, Table, Tag, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { formatFee, formatLimit, formatVisits, statusLabels, type ImportProblem, type ItemSummary } from '../catalog/catalog';
import { ItemVersionTimeline } from '../catalog/ItemVersions';
import { api, ApiError, downloadFile, errorMessage } from '../shared/api';
import { useDepartments } from '../shared/orgData';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Paged } from '../shared/types';
import { useDialog } from '../shared/useDialog';
import { usePagedTable } from '../shared/usePagedTable';
import { ItemEditor } from './ItemEditor';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface ItemFilters {
  q?: string;
  departmentId?: string;
}

type ImportOutcome = { ok: true; created: number; updated: number } | { ok: false; message: string; problems: ImportProblem[] };

function isProblemList(details: unknown): details is ImportProblem[] {
  return Array.isArray(details) && details.every((d) => d && typeof d === 'object' && 'message' in d);
}

/** 导出 and 导入: the whole catalogue as one Excel workbook, fetched and sent with the bearer token. */
function WorkbookButtons({ onImported }: { onImported(): void }) {
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome>();

  async function exportWorkbook() {
    setExporting(true);
    try {
      const { name } = await downloadFile('/api/v1/catalog/export', '事项目录.xlsx');
      message.success(`已导出：${name}`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setExporting(false);
    }
  }

  async function importWorkbook(file: File) {
    setImporting(true);
    try {
      const result = await api.upload<{ created: number; updated: number }>('/api/v1/catalog/import', file, xlsxType);
      setOutcome({ ok: true, ...result });
      onImported();
    } catch (error) {
      const problems = error instanceof ApiError && isProblemList(error.details) ? error.details : [];
      setOutcome({ ok: false, message: errorMessage(error), problems });
    } finally {
      setImporting(false);
    }
  }

  const problemColumns: TableColumnsType<ImportProblem> = [
    { title: '工作表', dataIndex: 'sheet', width: 90, render: (v: string) => v || '—' },
    { title: '行', dataIndex: 'row', width: 70, render: (v: number) => (v ? `第 ${v} 行` : '—') },
    { title: '列', dataIndex: 'column', width: 110, render: (v: string) => v || '—' },
    { title: '问题', dataIndex: 'message' },
  ];

  return (
    <>
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportWorkbook}>
        导出 Excel
      </Button>
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          void importWorkbook(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={importing}>
          导入 Excel
        </Button>
      </Upload>
      <Modal open={outcome !== undefined} title="导入结果" width={760} onCancel={() => setOutcome(undefined)} footer={<Button type="primary" onClick={() => setOutcome(undefined)}>知道了</Button>}>
        {outcome?.ok === true && <Alert type="success" showIcon title={`导入成功：新增 ${outcome.created} 项，更新 ${outcome.updated} 项`} />}
        {outcome?.ok === false && (
          <>
            <Alert type="error" showIcon title={outcome.message} description="文件有错误时不会导入任何内容。请按下表修改后重新导入。" style={{ marginBottom: 12 }} />
            {outcome.problems.length > 0 && (
              <Table<ImportProblem>
                data-testid="import-problems"
                size="small"
                rowKey={(p) => `${p.sheet}/${p.row}/${p.column}/${p.message}`}
                columns={problemColumns}
                dataSource={outcome.problems}
                pagination={outcome.problems.length > 20 ? { pageSize: 20, showTotal: (total) => `共 ${total} 处错误` } : false}
                scroll={{ y: 400 }}
              />
            )}
          </>
        )}
      </Modal>
    </>
  );
}

function ItemsOfCenter({ center }: { center: Center }) {
  const table = usePagedTable<ItemSummary, ItemFilters>(
    (query, signal) => api.get<Paged<ItemSummary>>('/api/v1/items', { ...query, centerId: center.id, includeWithdrawn: true }, signal),
    {},
    [center.id],
  );
  const { data: departments = [] } = useDepartments(center.id);
  const editor = useDialog<string | null>();
  const history = useDialog<ItemSummary>();

  const columns: TableColumnsType<ItemSummary> = [
    { title: '事项编码', dataIndex: 'code', width: 140 },
    { title: '事项名称', dataIndex: 'name', render: (name: string, item) => <>{name}{item.status === 'withdrawn' && <Tag color="default" style={{ marginLeft: 6 }}>{statusLabels.withdrawn}</Tag>}</> },
    { title: '实施部门', key: 'department', width: 180, render: (_, item) => item.department.name },
    { title: '事项类型', dataIndex: 'type', width: 110 },
    { title: '时限', key: 'limit', width: 170, render: (_, item) => `法定 ${item.legalDays} / ${formatLimit(item)}` },
    { title: '到现场', key: 'visits', width: 110, render: (_, item) => formatVisits(item.visitsRequired) },
    { title: '网办', dataIndex: 'online', width: 70, render: (online: boolean) => (online ? <Tag color="cyan">可网办</Tag> : '—') },
    { title: '收费', dataIndex: 'feeFen', width: 100, render: (fen: number) => formatFee(fen) },
    {
      title: '操作',
      key: 'actions',
      width: 250,
      fixed: 'right',
      render: (_, item) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.show(item.id)}>
            编辑
          </Button>
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => history.show(item)}>
            历史
          </Button>
          <Button type="link" size="small" icon={<LinkOutlined />} href={`/items/${item.id}`} target="_blank">
            办事指南
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <Flex justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
        <Space wrap>
          <Input.Search placeholder="名称、关键词或口语，如：开饭店" allowClear enterButton onSearch={(q) => table.setFilters({ q: q.trim() || undefined })} style={{ width: 280 }} aria-label="搜索事项" />
          <Select
            placeholder="全部部门"
            aria-label="部门"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={departments.map((d) => ({ value: d.id, label: d.name }))}
            onChange={(departmentId?: string) => table.setFilters({ departmentId })}
            style={{ width: 220 }}
          />
        </Space>
        <Space wrap>
          <WorkbookButtons onImported={table.reload} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => editor.show(null)}>
            新增事项
          </Button>
        </Space>
      </Flex>
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<ItemSummary>
        rowKey="id"
        columns={columns}
        {...table.tableProps}
        scroll={{ x: 1300 }}
        locale={{ emptyText: <TableEmpty error={table.error} description={Object.values(table.filters).some(Boolean) ? '没有符合条件的事项。' : '该中心还没有事项，点击「新增事项」添加或导入 Excel。'} /> }}
      />
      <ItemEditor
        itemId={editor.subject ?? null}
        open={editor.open}
        center={center}
        departments={departments}
        onClose={editor.close}
        onSaved={() => {
          editor.close();
          table.reload();
        }}
      />
      <Modal open={history.open} title={`变更记录：${history.subject?.name ?? ''}`} footer={null} onCancel={history.close} width={640} destroyOnHidden>
        {history.subject && <ItemVersionTimeline itemId={history.subject.id} />}
      </Modal>
    </Card>
  );
}

/** 事项管理: the catalogue of a center — search, edit every part of an item, Excel import and export. */
export function ItemsAdminPage() {
  return (
    <CenterScopedScreen title="事项管理" roles={['admin']}>
      {(center) => <ItemsOfCenter key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
