import { Alert, Badge, Button, Card, Flex, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, RoleName } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { paperLabels, printerLabels, type TerminalStatus } from '../terminal/terminal';

const viewers: RoleName[] = ['admin', 'center_manager', 'supervisor'];
/** Terminals report every 30 s; the list follows at the same pace. */
const refreshMs = 30_000;

function StateBadge({ terminal }: { terminal: TerminalStatus }) {
  if (terminal.down === null) return <Badge status="success" text="正常" />;
  return <Badge status={terminal.online ? 'warning' : 'error'} text={terminal.online ? '故障' : '离线'} />;
}

const columns: TableColumnsType<TerminalStatus> = [
  { title: '状态', key: 'state', width: 90, render: (_, t) => <StateBadge terminal={t} /> },
  { title: '终端', dataIndex: 'name' },
  { title: '所在中心', dataIndex: 'centerName', width: 200 },
  { title: '打印机', key: 'printer', width: 90, render: (_, t) => (t.printer ? printerLabels[t.printer] : '—') },
  { title: '纸张', key: 'paper', width: 90, render: (_, t) => (t.paper ? <span style={t.paper === 'ok' ? undefined : { color: '#d46b08' }}>{paperLabels[t.paper]}</span> : '—') },
  { title: '最后心跳', key: 'seen', width: 170, render: (_, t) => (t.lastHeartbeatAt ? formatTime(t.lastHeartbeatAt) : '从未') },
  {
    title: '说明',
    key: 'why',
    render: (_, t) => (
      <Space wrap>
        {t.down && <Tag color={t.online ? 'orange' : 'red'}>{t.down}</Tag>}
        {t.warning && <Tag color="gold">{t.warning}</Tag>}
      </Space>
    ),
  },
];

function Terminals({ center }: { center: Center }) {
  const list = useAsync((signal) => api.get<TerminalStatus[]>(`/api/v1/centers/${center.id}/terminals`, undefined, signal), [center.id]);
  const { reload } = list;
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload]);

  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  const terminals = list.data ?? [];
  const down = terminals.filter((t) => t.down !== null);
  return (
    <Card
      title={
        <Space>
          <Badge status="processing" />
          <span>自助终端（含下级中心）</span>
        </Space>
      }
      extra={
        <Flex gap={12} align="center">
          <Typography.Text type="secondary">每 30 秒自动刷新</Typography.Text>
          <Button onClick={list.reload}>刷新</Button>
        </Flex>
      }
    >
      {list.data && terminals.length > 0 && (
        <Alert
          style={{ marginBottom: 16 }}
          type={down.length ? 'error' : 'success'}
          showIcon
          data-testid="terminals-summary"
          message={down.length ? `共 ${terminals.length} 台终端，${down.length} 台不能正常服务，请尽快安排检修` : `共 ${terminals.length} 台终端，全部正常`}
        />
      )}
      <Table<TerminalStatus>
        rowKey="id"
        size="middle"
        loading={list.loading && !list.data}
        dataSource={terminals}
        columns={columns}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <TableEmpty error={list.error} description="本中心及下级中心还没有登记自助终端（在「设备」页面登记后，打开终端页面即开始上报心跳）" /> }}
        data-testid="terminals-table"
      />
    </Card>
  );
}

/** 终端监控: which 7×24 terminals of the center and the points below it are offline or out of paper. */
export function TerminalsPage() {
  return (
    <CenterScopedScreen title="终端监控" roles={viewers} description="自助终端在线状态、打印机和纸张；离线超过 3 分钟或打印机故障的排在最前">
      {(center) => <Terminals key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
