import { Badge, Flex, Segmented, Select, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { useRefetchOn } from '../shared/live';
import { useDepartments } from '../shared/orgData';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Paged, User } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { usePagedTable } from '../shared/usePagedTable';
import { CaseDrawer, CaseStatusTag } from './CaseDrawer';
import type { CaseStatus, CaseView } from './cases';

/** 红灯 rows pink, 黄灯 rows pale yellow. */
const warningBackgrounds = { overdue: '#fff1f0', due_soon: '#fffbe6' } as const;

type Tab = 'accepted' | 'suspended' | 'warning' | 'done';

interface CaseFilters {
  tab: Tab;
  warning: 'overdue' | 'due_soon';
  done: 'decided' | 'completed';
  departmentId?: string;
}

/** What one tab asks the server for. */
function queryOf(filters: CaseFilters): { status?: CaseStatus; warning?: 'overdue' | 'due_soon'; departmentId?: string } {
  const departmentId = filters.departmentId;
  if (filters.tab === 'warning') return { warning: filters.warning, departmentId };
  if (filters.tab === 'done') return { status: filters.done, departmentId };
  return { status: filters.tab, departmentId };
}

const fetchCases = (centerId: string, query: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<Paged<CaseView>>(`/api/v1/centers/${centerId}/cases`, query, signal);

/** The department an approver's grant ties them to in this center; an administrator sees every department. */
function departmentOf(user: User, center: Center): string | undefined {
  return user.roles.find((g) => g.role === 'dept_approver' && (g.centerId === center.id || g.centerId === null))?.departmentId ?? undefined;
}

const columns: TableColumnsType<CaseView> = [
  { title: '办件编号', dataIndex: 'caseNo', width: 150, render: (no: string) => <Typography.Text strong>{no}</Typography.Text> },
  { title: '事项', dataIndex: 'itemName', ellipsis: true },
  { title: '申请人', key: 'applicant', width: 130, render: (_, c) => c.applicant.name },
  { title: '受理日期', dataIndex: 'acceptedOn', width: 110, render: (d: string | null) => d ?? '—' },
  { title: '承诺期限', dataIndex: 'promisedDeadline', width: 110, render: (d: string | null) => d ?? '—' },
  { title: '状态', key: 'status', width: 210, render: (_, c) => <CaseStatusTag kase={c} /> },
];

function CaseBoard({ center }: { center: Center }) {
  const user = useCurrentUser();
  const fixedDepartment = departmentOf(user, center);
  const departments = useDepartments(fixedDepartment ? undefined : center.id);
  const [openCase, setOpenCase] = useState<string>();
  const [refreshKey, setRefreshKey] = useState(0);
  const table = usePagedTable<CaseView, CaseFilters>(
    (query, signal) => fetchCases(center.id, { ...queryOf(query), page: query.page, pageSize: query.pageSize }, signal),
    { tab: 'accepted', warning: 'overdue', done: 'decided', departmentId: fixedDepartment },
    [center.id],
  );
  const departmentId = table.filters.departmentId;
  // The counts on the tabs: one row of each list is enough to learn its total.
  const counts = useAsync(async (signal) => {
    const total = async (query: Record<string, string | undefined>) => (await fetchCases(center.id, { ...query, departmentId, pageSize: 1 }, signal)).total;
    const [accepted, suspended, overdue, dueSoon] = await Promise.all([total({ status: 'accepted' }), total({ status: 'suspended' }), total({ warning: 'overdue' }), total({ warning: 'due_soon' })]);
    return { accepted, suspended, overdue, dueSoon };
  }, [center.id, departmentId]);

  // Another approver, the window or the clock moves a case on: every list and the open case follow.
  useRefetchOn(center.id, ['case.updated'], () => {
    table.reload();
    counts.reload();
    setRefreshKey((k) => k + 1);
  });

  const n = counts.data;
  const label = (text: string, count: number | undefined, color?: string) => (
    <span>
      {text} {count ? <Badge count={count} overflowCount={999} color={color ?? '#1677ff'} /> : null}
    </span>
  );

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Tabs
          activeKey={table.filters.tab}
          onChange={(tab) => table.setFilters({ tab: tab as Tab })}
          items={[
            { key: 'accepted', label: label('待审批', n?.accepted) },
            { key: 'suspended', label: label('暂停计时', n?.suspended, '#722ed1') },
            { key: 'warning', label: label('预警', n && n.overdue + n.dueSoon, n?.overdue ? '#f5222d' : '#faad14') },
            { key: 'done', label: '已决定/已办结' },
          ]}
        />
        <Flex gap={8} align="center" wrap>
          {table.filters.tab === 'warning' && (
            <Segmented
              value={table.filters.warning}
              onChange={(warning) => table.setFilters({ warning: warning as CaseFilters['warning'] })}
              options={[
                { value: 'overdue', label: `红灯 超期${n ? `（${n.overdue}）` : ''}` },
                { value: 'due_soon', label: `黄灯 临近期限${n ? `（${n.dueSoon}）` : ''}` },
              ]}
            />
          )}
          {table.filters.tab === 'done' && (
            <Segmented
              value={table.filters.done}
              onChange={(done) => table.setFilters({ done: done as CaseFilters['done'] })}
              options={[
                { value: 'decided', label: '已决定待送达' },
                { value: 'completed', label: '已办结' },
              ]}
            />
          )}
          {!fixedDepartment && (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部部门"
              aria-label="部门"
              style={{ width: 220 }}
              value={departmentId}
              onChange={(id: string | undefined) => table.setFilters({ departmentId: id })}
              options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            />
          )}
        </Flex>
      </Flex>
      {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
      <Table<CaseView>
        rowKey="id"
        size="middle"
        columns={columns}
        {...table.tableProps}
        onRow={(c) => ({
          onClick: () => setOpenCase(c.id),
          onKeyDown: (e) => e.key === 'Enter' && setOpenCase(c.id),
          tabIndex: 0,
          style: { cursor: 'pointer', background: c.warning ? warningBackgrounds[c.warning] : undefined },
        })}
        locale={{ emptyText: <TableEmpty error={table.error} description="没有办件。" /> }}
      />
      <CaseDrawer
        caseId={openCase}
        refreshKey={refreshKey}
        onClose={() => setOpenCase(undefined)}
        onChanged={() => {
          table.reload();
          counts.reload();
        }}
      />
    </>
  );
}

/** 后台审批: the department's cases by tab, a drawer per case to decide, stop the clock, resume and deliver. */
export function BackofficePage() {
  return (
    <CenterScopedScreen title="后台审批" roles={['dept_approver', 'admin']} description="本部门受理的办件：审批决定、暂停与恢复计时、办结送达；期限预警实时更新">
      {(center) => <CaseBoard key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
