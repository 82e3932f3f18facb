import { Alert, Badge, Button, Card, Flex, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../shared/api';
import { formatTime } from '../shared/format';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, RoleName } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { paperLabels, printerLabels, type HelpRequest, type OfferedItems, type TerminalStatus } from '../terminal/terminal';
import { useRefetchOn } from '../shared/live';
import type { ItemSummary } from '../catalog/catalog';

const viewers: RoleName[] = ['admin', 'center_manager', 'supervisor'];
/** Terminals report every 30 s; the list follows at the same pace. */
const refreshMs = 30_000;

function StateBadge({ terminal }: { terminal: TerminalStatus }) {
  if (terminal.down === null) return <Badge status="success" text="正常" />;
  return <Badge status={terminal.online ? 'warning' : 'error'} text={terminal.online ? '故障' : '离线'} />;
}

/**
 * 可办事项: a manager narrows what one terminal offers to some of its center's terminal items (a bank
 * lobby's terminal offers social insurance only), or gives it back all of them.
 */
function OfferedItemsDialog({ terminal, onClose }: { terminal: TerminalStatus; onClose: () => void }) {
  const url = `/api/v1/terminals/${terminal.id}/items`;
  const state = useAsync(
    async (signal) => {
      const [candidates, offered] = await Promise.all([
        api.get<{ items: ItemSummary[] }>('/api/v1/items', { centerId: terminal.centerId, terminal: true, pageSize: 200 }, signal),
        api.get<OfferedItems>(url, undefined, signal),
      ]);
      return { candidates: candidates.items, offered: offered.itemIds };
    },
    [terminal.id],
  );
  const [chosen, setChosen] = useState<string[]>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const save = async (itemIds: string[] | null) => {
    setSaving(true);
    setFailure(undefined);
    try {
      await api.put(url, { itemIds });
      onClose();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const selected = chosen ?? state.data?.offered ?? [];
  return (
    <Modal
      open
      title={`可办事项 · ${terminal.name}`}
      onCancel={onClose}
      footer={[
        <Button key="all" onClick={() => void save(null)} disabled={saving || !state.data}>
          恢复为本中心全部终端事项
        </Button>,
        <Button key="save" type="primary" loading={saving} disabled={!state.data || selected.length === 0} onClick={() => void save(selected)}>
          保存
        </Button>,
      ]}
    >
      {state.error ? (
        <LoadError error={state.error} onRetry={state.reload} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {state.data?.offered === null ? '现在提供本中心全部终端可办事项。' : `现在只提供选定的 ${state.data?.offered?.length ?? 0} 项。`}选择后，终端的「事项指南」和终端申报只提供这些事项。
          </Typography.Paragraph>
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            aria-label="本终端可办事项"
            placeholder="选择本终端提供的事项"
            loading={!state.data}
            value={selected}
            onChange={setChosen}
            optionFilterProp="label"
            options={(state.data?.candidates ?? []).map((item) => ({ value: item.id, label: item.name }))}
            data-testid="offered-items"
          />
          {failure && <Alert style={{ marginTop: 12 }} type="error" showIcon message={failure} />}
        </>
      )}
    </Modal>
  );
}

const columnsWith = (onEditItems: (terminal: TerminalStatus) => void): TableColumnsType<TerminalStatus> => [
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
  {
    title: '可办事项',
    key: 'items',
    width: 110,
    render: (_, t) => (
      <Button size="small" onClick={() => onEditItems(t)} data-testid={`offered-items-${t.id}`}>
        配置
      </Button>
    ),
  },
];

function Terminals({ center }: { center: Center }) {
  const list = useAsync((signal) => api.get<TerminalStatus[]>(`/api/v1/centers/${center.id}/terminals`, undefined, signal), [center.id]);
  const { reload } = list;
  const [editing, setEditing] = useState<TerminalStatus>();
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
        columns={columnsWith(setEditing)}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <TableEmpty error={list.error} description="本中心及下级中心还没有登记自助终端（在「设备」页面登记后，打开终端页面即开始上报心跳）" /> }}
        data-testid="terminals-table"
      />
      {editing && <OfferedItemsDialog terminal={editing} onClose={() => setEditing(undefined)} />}
    </Card>
  );
}

/** 帮办呼叫: visitors who pressed 请工作人员帮我 on a kiosk or terminal of this center, live; one of the staff takes each. */
function HelpCalls({ center }: { center: Center }) {
  const calls = useAsync((signal) => api.get<HelpRequest[]>(`/api/v1/centers/${center.id}/help-requests`, undefined, signal), [center.id]);
  useRefetchOn(center.id, ['help.requested', 'help.acknowledged'], calls.reload);
  const [failure, setFailure] = useState<string>();
  const acknowledge = async (id: string) => {
    setFailure(undefined);
    try {
      await api.post(`/api/v1/help-requests/${id}/acknowledge`, {});
    } catch (error) {
      setFailure(errorMessage(error));
    }
    calls.reload();
  };
  const open = (calls.data ?? []).filter((c) => c.status === 'open');
  return (
    <Card title={`帮办呼叫（待响应 ${open.length}）`} style={{ marginBottom: 16 }} data-testid="help-calls">
      {failure && <Alert style={{ marginBottom: 12 }} type="warning" showIcon message={failure} />}
      {calls.error && !calls.data ? (
        <LoadError error={calls.error} onRetry={calls.reload} />
      ) : (
        <Table<HelpRequest>
          rowKey="id"
          size="small"
          loading={calls.loading && !calls.data}
          dataSource={calls.data ?? []}
          pagination={false}
          locale={{ emptyText: <TableEmpty error={calls.error} description="暂无呼叫。办事群众在取号机或自助终端上按「请工作人员帮我」后，会即时出现在这里" /> }}
          columns={[
            { title: '设备', dataIndex: 'deviceName' },
            { title: '呼叫时间', key: 'at', width: 170, render: (_, c) => formatTime(c.createdAt) },
            {
              title: '状态',
              key: 'status',
              width: 260,
              render: (_, c) =>
                c.status === 'open' ? (
                  <Button type="primary" size="small" onClick={() => void acknowledge(c.id)} data-testid={`acknowledge-${c.id}`}>
                    我去帮忙
                  </Button>
                ) : (
                  <Tag color="green">{`${c.acknowledgedBy ?? ''} 已响应 ${c.acknowledgedAt ? formatTime(c.acknowledgedAt) : ''}`}</Tag>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** 终端监控: which 7×24 terminals of the center and the points below it are offline or out of paper. */
export function TerminalsPage() {
  return (
    <CenterScopedScreen title="终端监控" roles={viewers} description="自助终端在线状态、打印机和纸张；离线超过 3 分钟或打印机故障的排在最前">
      {(center) => (
        <div key={center.id}>
          <HelpCalls center={center} />
          <Terminals center={center} />
        </div>
      )}
    </CenterScopedScreen>
  );
}
