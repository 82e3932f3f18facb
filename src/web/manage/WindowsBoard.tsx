import { SettingOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Drawer, Empty, Flex, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { windowKindLabels, windowStatusLabels } from '../shared/labels';
import { useHalls } from '../shared/orgData';
import type { QueueCategory, Ticket, WindowProfile } from '../shared/queue';
import type { Center, Paged, ServiceWindow, WindowStatus } from '../shared/types';
import { WindowStatusTag } from '../shared/windows';
import { ProfileEditor } from './ProfileEditor';

/** All windows of a center (a few hundred), in pages of the server's largest size. */
export async function loadAllWindows(centerId: string, signal?: AbortSignal): Promise<ServiceWindow[]> {
  const page = (n: number) => api.get<Paged<ServiceWindow>>(`/api/v1/centers/${centerId}/windows`, { page: n, pageSize: 200 }, signal);
  const first = await page(1);
  const rest = await Promise.all(Array.from({ length: Math.max(0, Math.ceil(first.total / first.pageSize) - 1) }, (_, i) => page(i + 2)));
  return [first, ...rest].flatMap((p) => p.items).sort((a, b) => a.number - b.number);
}

const tileColors: Record<WindowStatus, { background: string; border: string }> = {
  open: { background: '#f6ffed', border: '#b7eb8f' },
  paused: { background: '#fffbe6', border: '#ffe58f' },
  closed: { background: '#fafafa', border: '#f0f0f0' },
};

function tiersText(profile: WindowProfile | undefined, names: Map<string, string>): string {
  if (!profile?.tiers.length) return '未配置';
  return profile.tiers.map((tier, i) => `${i + 1}. ${tier.map((id) => names.get(id) ?? '?').join('、')}`).join('  ');
}

/**
 * 窗口与人员: every window as a small tile (number, who is there, the number being served), coloured
 * by status; filtered by hall, status or number; a tile opens its details and the profile editor.
 */
export function WindowsBoard({ center, windows, profiles, active, categories, onChanged }: { center: Center; windows: ServiceWindow[]; profiles: WindowProfile[]; active: Ticket[]; categories: QueueCategory[]; onChanged(): void }) {
  const halls = useHalls(center.id);
  const [hallId, setHallId] = useState<string>();
  const [status, setStatus] = useState<WindowStatus>();
  const [q, setQ] = useState('');
  const [selectedId, setSelectedId] = useState<string>();
  const [editing, setEditing] = useState(false);

  const profileOf = useMemo(() => new Map(profiles.map((p) => [p.windowId, p])), [profiles]);
  const ticketAt = useMemo(() => new Map(active.filter((t) => t.windowId).map((t) => [t.windowId!, t])), [active]);
  const names = useMemo(() => new Map(categories.map((c) => [c.id, `${c.prefix} ${c.name}`])), [categories]);
  const shown = windows.filter((w) => (!hallId || w.hallId === hallId) && (!status || w.status === status) && (!q.trim() || String(w.number) === q.trim() || w.name.includes(q.trim()) || w.staff?.name.includes(q.trim())));
  const counts = { open: 0, paused: 0, closed: 0, ...Object.fromEntries(['open', 'paused', 'closed'].map((s) => [s, windows.filter((w) => w.status === s).length])) };
  const selected = windows.find((w) => w.id === selectedId);
  const selectedTicket = selected && ticketAt.get(selected.id);

  return (
    <Card
      size="small"
      title={`窗口（服务中 ${counts.open} · 暂停 ${counts.paused} · 未开窗 ${counts.closed}）`}
      extra={
        <Space wrap>
          <Select allowClear placeholder="全部大厅" aria-label="按大厅筛选" style={{ width: 150 }} value={hallId} onChange={setHallId} options={(halls.data ?? []).map((h) => ({ value: h.id, label: h.name }))} />
          <Select<WindowStatus> allowClear placeholder="全部状态" aria-label="按状态筛选" style={{ width: 120 }} value={status} onChange={setStatus} options={(['open', 'paused', 'closed'] as const).map((s) => ({ value: s, label: windowStatusLabels[s] }))} />
          <Input.Search allowClear placeholder="窗口号、名称或人员" aria-label="查找窗口" style={{ width: 180 }} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} />
        </Space>
      }
    >
      {shown.length === 0 ? (
        <Empty description="没有符合条件的窗口" />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))', gap: 6, maxHeight: 420, overflowY: 'auto', paddingRight: 4 }} data-testid="window-grid">
          {shown.map((w) => {
            const ticket = ticketAt.get(w.id);
            return (
              <Tooltip key={w.id} title={`${w.name} · ${windowStatusLabels[w.status]}${w.pauseReason ? `（${w.pauseReason}）` : ''} · ${tiersText(profileOf.get(w.id), names)}`}>
                <button
                  type="button"
                  onClick={() => setSelectedId(w.id)}
                  data-testid="window-tile"
                  data-number={w.number}
                  aria-label={`${w.number} 号窗口`}
                  style={{ ...tileColors[w.status], borderStyle: 'solid', borderWidth: 1, borderRadius: 6, padding: '4px 6px', textAlign: 'left', cursor: 'pointer', minHeight: 58 }}
                >
                  <Flex justify="space-between">
                    <Typography.Text strong>{w.number}</Typography.Text>
                    {ticket && <Typography.Text type={ticket.status === 'serving' ? 'success' : 'warning'}>{ticket.number}</Typography.Text>}
                  </Flex>
                  <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, display: 'block' }}>
                    {w.staff?.name ?? windowStatusLabels[w.status]}
                  </Typography.Text>
                </button>
              </Tooltip>
            );
          })}
        </div>
      )}
      <Drawer open={Boolean(selected)} onClose={() => setSelectedId(undefined)} title={selected ? `${selected.number} 号窗口` : ''} size={420}>
        {selected && (
          <>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'name', label: '名称', children: selected.name },
                { key: 'kind', label: '类型', children: `${windowKindLabels[selected.kind]}${selected.departmentName ? `（${selected.departmentName}）` : ''}` },
                { key: 'hall', label: '大厅', children: halls.data?.find((h) => h.id === selected.hallId)?.name ?? '—' },
                { key: 'status', label: '状态', children: <WindowStatusTag window={selected} /> },
                { key: 'since', label: '状态开始于', children: formatTime(selected.statusSince, 'HH:mm:ss') },
                { key: 'staff', label: '工作人员', children: selected.staff?.name ?? '—' },
                { key: 'ticket', label: '当前号码', children: selectedTicket ? `${selectedTicket.number}（${selectedTicket.statusLabel}）` : '—' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              工作配置
            </Typography.Title>
            {profileOf.get(selected.id)?.tiers.length ? (
              <Flex vertical gap={4} data-testid="drawer-tiers">
                {profileOf.get(selected.id)!.tiers.map((tier, i) => (
                  <div key={i}>
                    <Typography.Text type="secondary">第 {i + 1} 级：</Typography.Text>
                    {tier.map((id) => (
                      <Tag key={id}>{names.get(id) ?? '?'}</Tag>
                    ))}
                  </div>
                ))}
              </Flex>
            ) : (
              <Typography.Text type="secondary">未配置业务类别，此窗口叫不到号</Typography.Text>
            )}
            <Button type="primary" icon={<SettingOutlined />} style={{ marginTop: 16 }} onClick={() => setEditing(true)}>
              编辑工作配置
            </Button>
          </>
        )}
      </Drawer>
      <ProfileEditor window={selected} profile={selected && profileOf.get(selected.id)} categories={categories} open={editing} onClose={() => setEditing(false)} onSaved={onChanged} />
    </Card>
  );
}
