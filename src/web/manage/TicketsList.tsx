import { Card, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { channelLabels, priorityLabels, ticketStatusColors, ticketStatusLabels, type QueueCategory, type Ticket, type TicketStatus } from '../shared/queue';
import { TableEmpty } from '../shared/StatusPages';
import type { Center, Paged } from '../shared/types';
import { usePagedTable } from '../shared/usePagedTable';

interface TicketFilters {
  status?: TicketStatus;
  categoryId?: string;
}

const columns: TableColumnsType<Ticket> = [
  { title: '号码', dataIndex: 'number', width: 90, render: (n: string) => <strong>{n}</strong> },
  { title: '类别', dataIndex: 'categoryName' },
  { title: '状态', dataIndex: 'status', width: 90, render: (s: TicketStatus) => <Tag color={ticketStatusColors[s]}>{ticketStatusLabels[s]}</Tag> },
  { title: '优先', dataIndex: 'priority', width: 90, render: (p: Ticket['priority']) => (p ? <Tag color="gold">{priorityLabels[p]}</Tag> : '—') },
  { title: '渠道', dataIndex: 'channel', width: 110, render: (c: Ticket['channel']) => channelLabels[c] },
  { title: '取号', dataIndex: 'takenAt', width: 90, render: (t: string) => formatTime(t, 'HH:mm:ss') },
  { title: '叫号', dataIndex: 'calledAt', width: 90, render: (t: string | null) => formatTime(t, 'HH:mm:ss') },
  { title: '窗口', dataIndex: 'windowNumber', width: 70, render: (n: number | null) => n ?? '—' },
];

/** 当日号票: the day's tickets, newest first (waiting ones in calling order), by status and category. */
export function TicketsList({ center, categories, version }: { center: Center; categories: QueueCategory[]; version: number }) {
  const table = usePagedTable<Ticket, TicketFilters>((query, signal) => api.get<Paged<Ticket>>(`/api/v1/centers/${center.id}/tickets`, { ...query }, signal), {}, [center.id]);
  // The console's live refresh: reload the page on screen when the queue moved.
  const { reload } = table;
  useEffect(() => {
    if (version) reload();
  }, [version, reload]);

  return (
    <Card
      size="small"
      title="当日号票"
      extra={
        <Space wrap>
          <Select<TicketStatus> allowClear placeholder="全部状态" aria-label="按状态筛选号票" style={{ width: 120 }} value={table.filters.status} onChange={(status) => table.setFilters({ status })} options={(Object.keys(ticketStatusLabels) as TicketStatus[]).map((s) => ({ value: s, label: ticketStatusLabels[s] }))} />
          <Select allowClear placeholder="全部类别" aria-label="按类别筛选号票" style={{ width: 150 }} value={table.filters.categoryId} onChange={(categoryId?: string) => table.setFilters({ categoryId })} options={categories.map((c) => ({ value: c.id, label: `${c.prefix} ${c.name}` }))} />
        </Space>
      }
    >
      <Table<Ticket> rowKey="id" size="small" columns={columns} {...table.tableProps} scroll={{ x: 760 }} locale={{ emptyText: <TableEmpty error={table.error} description="今天还没有符合条件的号票。" /> }} data-testid="tickets-table" />
    </Card>
  );
}
