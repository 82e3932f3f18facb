import { Card, Col, DatePicker, Input, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { coveredCenters, isGlobal } from '../shared/access';
import { api } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { CenterTreeSelect } from '../shared/CenterSelector';
import { businessZone, dayjs, formatTime } from '../shared/format';
import { useCenters } from '../shared/orgData';
import { ScreenHeader } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { AuditEntry, Paged } from '../shared/types';
import { usePagedTable } from '../shared/usePagedTable';

interface AuditFilters {
  action?: string;
  entityType?: string;
  actorName?: string;
  from?: string;
  to?: string;
  centerId?: string;
}

const entityLabels: Record<string, string> = {
  center: '中心',
  hall: '大厅',
  zone: '服务区',
  department: '部门',
  window: '窗口',
  user: '账号',
  device: '设备',
};

const verbLabels: Record<string, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  disable: '停用',
  enable: '启用',
  login: '登录',
  logout: '退出登录',
  reset_password: '重置密码',
  change_password: '修改密码',
  rotate_token: '更换令牌',
  'sign-in': '签到',
  pause: '暂停服务',
  resume: '恢复服务',
  'sign-out': '签退',
};

const actorKindLabels: Record<string, string> = { user: '人员', device: '设备', system: '系统', anonymous: '匿名' };

/** `window.sign-in` as 窗口 · 签到, keeping the code beside it for actions of modules added later. */
function ActionLabel({ action }: { action: string }) {
  const [entity = '', verb = ''] = action.split('.');
  const label = entity === 'auth' ? verbLabels[verb] : entityLabels[entity] && verbLabels[verb] ? `${entityLabels[entity]} · ${verbLabels[verb]}` : undefined;
  return (
    <Space orientation="vertical" size={0}>
      {label && <span>{label}</span>}
      <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
        {action}
      </Typography.Text>
    </Space>
  );
}

function JsonView({ title, value }: { title: string; value: unknown }) {
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      {value === null || value === undefined ? (
        <div className="json-view">
          <Typography.Text type="secondary">（无）</Typography.Text>
        </div>
      ) : (
        <pre className="json-view">{JSON.stringify(value, null, 2)}</pre>
      )}
    </div>
  );
}

/** A picked day range as instants: from the first day's 00:00 to the day after the last, Beijing time. */
function dayRange(range: [Dayjs | null, Dayjs | null] | null): Pick<AuditFilters, 'from' | 'to'> {
  const [start, end] = range ?? [null, null];
  return {
    from: start ? dayjs.tz(start.format('YYYY-MM-DD'), businessZone).toISOString() : undefined,
    to: end ? dayjs.tz(end.format('YYYY-MM-DD'), businessZone).add(1, 'day').toISOString() : undefined,
  };
}

/** 审计日志: who changed what and when, with the record before and after. */
export function AuditPage() {
  const user = useCurrentUser();
  const global = isGlobal(user, ['admin']);
  const { data: allCenters = [] } = useCenters();
  const centers = useMemo(() => coveredCenters(allCenters, user.roles, ['admin']), [allCenters, user.roles]);
  // The server shows a center-scoped administrator only the records of a center it names.
  const scopedCenter = global ? undefined : centers[0]?.id;
  const table = usePagedTable<AuditEntry, AuditFilters>(
    (query, signal) => api.get<Paged<AuditEntry>>('/api/v1/audit', { ...query, centerId: query.centerId ?? scopedCenter }, signal),
    {},
    [scopedCenter],
  );

  const columns: TableColumnsType<AuditEntry> = [
    { title: '时间', dataIndex: 'at', width: 180, render: (at: string) => formatTime(at) },
    {
      title: '操作人',
      key: 'actor',
      width: 180,
      render: (_, e) => (
        <Space size={4}>
          {e.actorName ?? '—'}
          {e.actorKind !== 'user' && <Tag>{actorKindLabels[e.actorKind] ?? e.actorKind}</Tag>}
        </Space>
      ),
    },
    { title: '动作', dataIndex: 'action', render: (action: string) => <ActionLabel action={action} /> },
    {
      title: '对象',
      key: 'entity',
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <span>{entityLabels[e.entityType] ?? e.entityType}</span>
          {e.entityId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: e.entityId }}>
              {e.entityId.slice(-8)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: 'IP', dataIndex: 'ip', width: 140, render: (ip: string | null) => ip ?? '—' },
  ];

  return (
    <>
      <ScreenHeader title="审计日志" description="所有新增、修改、删除与登录记录，按时间倒序" />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search placeholder="动作前缀，如 window. 或 user.create" allowClear onSearch={(v) => table.setFilters({ action: v.trim() || undefined })} style={{ width: 280 }} aria-label="动作前缀" />
          <Select
            placeholder="对象类型"
            allowClear
            options={Object.entries(entityLabels).map(([value, label]) => ({ value, label }))}
            onChange={(entityType?: string) => table.setFilters({ entityType })}
            style={{ width: 140 }}
          />
          <Input.Search placeholder="操作人姓名" allowClear onSearch={(v) => table.setFilters({ actorName: v.trim() || undefined })} style={{ width: 180 }} aria-label="操作人姓名" />
          <DatePicker.RangePicker onChange={(range) => table.setFilters(dayRange(range))} placeholder={['开始日期', '结束日期']} />
          <CenterTreeSelect
            centers={centers}
            allowClear={global}
            value={table.filters.centerId ?? scopedCenter ?? null}
            onChange={(centerId) => table.setFilters({ centerId: centerId ?? undefined })}
            placeholder="全部中心"
            style={{ minWidth: 240 }}
          />
        </Space>
        {table.error ? <LoadError error={table.error} onRetry={table.reload} /> : null}
        <Table<AuditEntry>
          rowKey="id"
          columns={columns}
          {...table.tableProps}
          scroll={{ x: 900 }}
          expandable={{
            rowExpandable: (e) => e.before !== null || e.after !== null,
            expandedRowRender: (e) => (
              <Row gutter={16}>
                <Col xs={24} lg={12}>
                  <JsonView title="修改前" value={e.before} />
                </Col>
                <Col xs={24} lg={12}>
                  <JsonView title="修改后" value={e.after} />
                </Col>
              </Row>
            ),
          }}
          locale={{ emptyText: <TableEmpty error={table.error} description="没有符合条件的记录。" /> }}
        />
      </Card>
    </>
  );
}
