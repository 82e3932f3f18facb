import { Input, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { useRefetchOn } from '../shared/live';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Paged } from '../shared/types';
import { usePagedTable } from '../shared/usePagedTable';
import { CaseDrawer } from './CaseDrawer';
import type { CaseView } from './cases';

interface Filters {
  caseNo?: string;
}

const columns: TableColumnsType<CaseView> = [
  { title: '办件编号', dataIndex: 'caseNo', width: 160, render: (no: string) => <Typography.Text strong>{no}</Typography.Text> },
  { title: '事项', dataIndex: 'itemName', ellipsis: true },
  { title: '申请人', key: 'applicant', width: 130, render: (_, c) => c.applicant.name },
  {
    title: '尚缺材料',
    key: 'missing',
    render: (_, c) => c.materials.filter((m) => m.status === 'missing').map((m) => m.name).join('、') || '—',
  },
  { title: '申报时间', dataIndex: 'createdAt', width: 150, render: (at: string) => formatTime(at, 'YYYY-MM-DD HH:mm') },
];

function SupplementList({ center }: { center: Center }) {
  const [openCase, setOpenCase] = useState<string>();
  const [refreshKey, setRefreshKey] = useState(0);
  const table = usePagedTable<CaseView, Filters>(
    (query, signal) => api.get<Paged<CaseView>>(`/api/v1/centers/${center.id}/cases`, { status: 'supplement', caseNo: query.caseNo, page: query.page, pageSize: query.pageSize }, signal),
    {},
    [center.id],
  );
  useRefetchOn(center.id, ['case.updated'], () => {
    table.reload();
    setRefreshKey((k) => k + 1);
  });

  return (
    <>
      <Input.Search
        aria-label="办件编号"
        placeholder="输入或扫描一次性告知书上的办件编号"
        allowClear
        enterButton="查找"
        style={{ maxWidth: 420, marginBottom: 16 }}
        onSearch={(value) => table.setFilters({ caseNo: value.trim() || undefined })}
      />
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<CaseView>
        rowKey="id"
        size="middle"
        columns={columns}
        {...table.tableProps}
        onRow={(c) => ({ onClick: () => setOpenCase(c.id), onKeyDown: (e) => e.key === 'Enter' && setOpenCase(c.id), tabIndex: 0, style: { cursor: 'pointer' } })}
        locale={{ emptyText: <TableEmpty error={table.error} description={table.filters.caseNo ? '没有这个编号的待补正办件。' : '没有待补正的办件。'} /> }}
      />
      <CaseDrawer caseId={openCase} refreshKey={refreshKey} onClose={() => setOpenCase(undefined)} onChanged={() => table.reload()} />
    </>
  );
}

/** 待补正办件: the applicant comes back with what the one-time notice listed; the window registers it and accepts (or refuses). */
export function SupplementsPage() {
  return (
    <CenterScopedScreen title="待补正办件" roles={['window_staff', 'center_manager', 'admin']} description="出具一次性告知书的办件：申请人补齐材料后登记补交并受理">
      {(center) => <SupplementList key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
