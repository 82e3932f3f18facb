import { Flex, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { levelLabels } from '../shared/labels';
import { useCenters } from '../shared/orgData';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Paged } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { formatFee, formatVisits, type DisclosureItem } from './catalog';
import { demoCenterName } from './ItemsPage';
import { PublicPage } from './PublicParts';

/** 事项公开: every item a center offers, with its limits, fees and visits, as the public list the law asks for. */
export function DisclosurePage() {
  const [params, setParams] = useSearchParams();
  const centers = useCenters();
  const chosen = params.get('centerId');
  const center = centers.data?.find((c) => c.id === chosen) ?? centers.data?.find((c) => c.name === demoCenterName) ?? centers.data?.[0];
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;

  const { data, error, loading, reload } = useAsync(
    (signal) => (center ? api.get<Paged<DisclosureItem>>(`/api/v1/centers/${center.id}/disclosure`, { page, pageSize }, signal) : Promise.resolve(undefined)),
    [center?.id, page, pageSize],
  );

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  }

  // On a phone the name cell carries the department and type; the columns for them show from md up.
  const columns: TableColumnsType<DisclosureItem> = [
    {
      title: '事项名称',
      dataIndex: 'name',
      render: (name: string, item) => (
        <div>
          <Link to={`/items/${item.id}`} data-testid="disclosure-item-link">
            {name}
          </Link>
          <div className="disclosure-narrow">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {item.department.name} · {item.type}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: '实施部门', key: 'department', responsive: ['md'], render: (_, item) => item.department.name },
    { title: '事项类型', dataIndex: 'type', responsive: ['lg'], width: 110 },
    { title: '法定时限', dataIndex: 'legalDays', responsive: ['md'], width: 100, render: (days: number) => (days ? `${days} 个工作日` : '—') },
    { title: '承诺时限', key: 'promised', width: 110, render: (_, item) => (item.mode === 'immediate' ? <Tag color="green">即办</Tag> : `${item.promisedDays} 个工作日`) },
    { title: '收费', dataIndex: 'feeFen', width: 100, render: (fen: number, item) => <span title={item.feeBasis ?? undefined}>{formatFee(fen)}</span> },
    { title: '到现场', dataIndex: 'visitsRequired', responsive: ['sm'], width: 110, render: (v: number) => formatVisits(v) },
    { title: '网上办理', dataIndex: 'online', responsive: ['sm'], width: 90, render: (online: boolean) => (online ? <Tag color="cyan">可网办</Tag> : '否') },
    { title: '版本', key: 'version', responsive: ['xl'], width: 150, render: (_, item) => `第 ${item.version} 版 · ${formatTime(item.updatedAt, 'YYYY-MM-DD')}` },
  ];

  return (
    <PublicPage title="事项公开" maxWidth={1600}>
      <style>{'@media (min-width: 768px) { .disclosure-narrow { display: none; } }'}</style>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">服务中心</Typography.Text>
        <Select
          aria-label="服务中心"
          style={{ flex: '1 1 240px', maxWidth: 420 }}
          loading={centers.loading}
          value={center?.id}
          showSearch={{ optionFilterProp: 'label' }}
          options={(centers.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${levelLabels[c.level]}）` }))}
          onChange={(id: string) => update({ centerId: id, page: undefined })}
        />
      </Flex>
      {centers.error ? <LoadError error={centers.error} onRetry={centers.reload} /> : null}
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div data-testid="disclosure-table">
      <Table<DisclosureItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading || centers.loading}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => `共 ${total} 项`,
          onChange: (p, size) => update({ page: size !== pageSize ? undefined : String(p), pageSize: String(size) }),
        }}
        locale={{ emptyText: <TableEmpty error={error} description="该中心暂无公开事项" /> }}
      />
      </div>
    </PublicPage>
  );
}
