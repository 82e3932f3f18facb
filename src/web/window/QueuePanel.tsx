import { ArrowRightOutlined, CheckCircleOutlined, EyeOutlined, NotificationOutlined, PlayCircleOutlined, SoundOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Descriptions, Empty, Flex, Form, Radio, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { AcceptCaseButton } from '../cases/AcceptanceDialog';
import { api, ApiError, errorMessage } from '../shared/api';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { useCenterEvents, useRefetchOn } from '../shared/live';
import {
  channelLabels,
  loadCategories,
  loadQueue,
  minutesSince,
  priorityLabels,
  ticketStatusColors,
  ticketStatusLabels,
  type CurrentTicket,
  type QueueCategory,
  type Ticket,
  type WindowProfile,
} from '../shared/queue';
import { LoadError, PageLoading } from '../shared/StatusPages';
import type { ServiceWindow } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { useDialog } from '../shared/useDialog';
import { useHotkeys } from '../shared/useHotkeys';
import { fetchWindows } from '../shared/windows';

type Step = 'recall' | 'start' | 'finish' | 'no-show';

const stepSuccess: Record<Step, string> = { recall: '已重呼', start: '开始办理', finish: '已办结', 'no-show': '已作过号处理' };

/** Re-renders every `ms`, for times counted from now (how long a visitor has waited). */
function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** A large action button with its shortcut on it. */
function ActionButton({ label, keys, icon, enabled, loading, onClick, primary, danger, testId }: { label: string; keys: string; icon: ReactNode; enabled: boolean; loading?: boolean; onClick(): void; primary?: boolean; danger?: boolean; testId?: string }) {
  return (
    <Button size="large" type={primary ? 'primary' : 'default'} danger={danger} icon={icon} disabled={!enabled} loading={loading} onClick={onClick} style={{ height: 56, minWidth: 128 }} data-testid={testId}>
      <span>
        {label}
        <Typography.Text keyboard style={{ marginLeft: 6, fontSize: 12 }}>
          {keys}
        </Typography.Text>
      </span>
    </Button>
  );
}

/** The whole ID number and phone, read only on request (the read is recorded). */
function ApplicantDetails({ ticket }: { ticket: Ticket }) {
  const [full, setFull] = useState<{ idNumber: string | null; phone: string | null }>();
  const [loading, setLoading] = useState(false);
  const { message } = App.useApp();
  if (!ticket.idNumberMasked && !ticket.phoneMasked) return <Typography.Text type="secondary">未登记</Typography.Text>;
  return (
    <Space wrap>
      <span data-testid="applicant-id">{full ? (full.idNumber ?? '—') : (ticket.idNumberMasked ?? '—')}</span>
      <span data-testid="applicant-phone">{full ? (full.phone ?? '—') : (ticket.phoneMasked ?? '—')}</span>
      {!full && (
        <Button
          size="small"
          type="link"
          icon={<EyeOutlined />}
          loading={loading}
          onClick={async () => {
            setLoading(true);
            try {
              setFull(await api.get(`/api/v1/tickets/${ticket.id}/applicant`));
            } catch (error) {
              message.error(errorMessage(error));
            } finally {
              setLoading(false);
            }
          }}
        >
          查看完整信息
        </Button>
      )}
    </Space>
  );
}

function ItemName({ itemId }: { itemId: string }) {
  const item = useAsync((signal) => api.get<{ name: string }>(`/api/v1/items/${itemId}`, undefined, signal), [itemId]);
  return <>{item.data?.name ?? (item.error ? '（事项信息读取失败）' : '…')}</>;
}

/** The ticket being served, large enough to read across the desk. */
function CurrentTicketCard({ ticket, now }: { ticket: CurrentTicket | null; now: number }) {
  if (!ticket) {
    return (
      <Flex vertical align="center" justify="center" style={{ minHeight: 220 }}>
        <Typography.Text type="secondary" style={{ fontSize: 18 }} data-testid="current-ticket-empty">
          当前没有办理中的号码，按 F1 或空格键叫下一位
        </Typography.Text>
      </Flex>
    );
  }
  return (
    <Flex gap={24} wrap align="flex-start">
      <div style={{ textAlign: 'center', minWidth: 220 }}>
        <div style={{ fontSize: 88, fontWeight: 800, lineHeight: 1, letterSpacing: 2, color: '#cf1322' }} data-testid="current-ticket-number">
          {ticket.number}
        </div>
        <Space style={{ marginTop: 8 }}>
          <Tag color={ticketStatusColors[ticket.status]} data-testid="current-ticket-status" style={{ fontSize: 16, padding: '2px 10px' }}>
            {ticketStatusLabels[ticket.status]}
          </Tag>
          {ticket.priority && <Tag color="gold">{priorityLabels[ticket.priority]}</Tag>}
        </Space>
      </div>
      <Descriptions
        column={1}
        size="small"
        style={{ flex: '1 1 300px' }}
        items={[
          { key: 'category', label: '业务类别', children: ticket.categoryName },
          { key: 'item', label: '办理事项', children: ticket.itemId ? <ItemName itemId={ticket.itemId} /> : '—' },
          { key: 'channel', label: '取号渠道', children: channelLabels[ticket.channel] },
          { key: 'taken', label: '取号时间', children: `${formatTime(ticket.takenAt, 'HH:mm:ss')}（已等候 ${minutesSince(ticket.takenAt, ticket.calledAt ? new Date(ticket.calledAt).getTime() : now)} 分钟）` },
          { key: 'recalls', label: '重呼次数', children: ticket.recalls },
          { key: 'person', label: '身份证/手机', children: <ApplicantDetails key={ticket.id} ticket={ticket} /> },
        ]}
      />
    </Flex>
  );
}

interface TransferValues {
  to: 'category' | 'window';
  categoryId?: string;
  windowId?: string;
}

function TransferModal({ open, ticket, window, categories, onClose, onDone }: { open: boolean; ticket: Ticket | null; window: ServiceWindow; categories: QueueCategory[]; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<TransferValues>();
  const to = Form.useWatch('to', form);
  const windows = useAsync((signal) => (open ? fetchWindows(window.centerId, { status: 'open', page: 1, pageSize: 200 }, signal) : Promise.resolve(undefined)), [open, window.centerId]);
  return (
    <FormModal<TransferValues>
      form={form}
      open={open}
      title={`转移 ${ticket?.number ?? ''}`}
      okText="转移"
      successMessage="已转移"
      initialValues={{ to: 'category' }}
      onClose={onClose}
      onSubmit={async (values) => {
        await api.post(`/api/v1/tickets/${ticket!.id}/transfer`, values.to === 'category' ? { categoryId: values.categoryId } : { windowId: values.windowId });
        onDone();
      }}
    >
      <Form.Item name="to" label="转往">
        <Radio.Group
          options={[
            { value: 'category', label: '其他业务类别（重新排队，保留原到达时间）' },
            { value: 'window', label: '指定窗口（该窗口优先叫号）' },
          ]}
        />
      </Form.Item>
      {to !== 'window' ? (
        <Form.Item name="categoryId" label="业务类别" rules={[{ required: true, message: '请选择业务类别' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择业务类别"
            options={categories.map((c) => ({ value: c.id, label: `${c.prefix} ${c.name}${c.open ? '' : '（暂停取号）'}` }))}
          />
        </Form.Item>
      ) : (
        <Form.Item name="windowId" label="窗口" rules={[{ required: true, message: '请选择窗口' }]} extra="只列出正在服务的窗口">
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="输入窗口号或名称"
            loading={windows.loading}
            options={(windows.data?.items ?? []).filter((w) => w.id !== window.id).map((w) => ({ value: w.id, label: `${w.number} 号 ${w.name}${w.staff ? `（${w.staff.name}）` : ''}` }))}
          />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** Waiting counts of the categories this window calls, tier by tier, kept live. */
export function WaitingCounts({ window }: { window: ServiceWindow }) {
  const profile = useAsync((signal) => api.get<WindowProfile>(`/api/v1/windows/${window.id}/profile`, undefined, signal), [window.id]);
  const load = useAsync((signal) => loadQueue(window.centerId, signal), [window.centerId]);
  useRefetchOn(window.centerId, ['queue.changed'], load.reload);
  const byId = new Map((load.data ?? []).map((l) => [l.categoryId, l]));
  const tiers = profile.data?.tiers ?? [];
  const total = tiers.flat().reduce((sum, id) => sum + (byId.get(id)?.waiting ?? 0), 0);

  let body: ReactNode;
  if (profile.error || load.error) body = <LoadError error={profile.error ?? load.error} onRetry={() => (profile.reload(), load.reload())} />;
  else if (!profile.data || !load.data) body = <PageLoading />;
  else if (!tiers.length) body = <Empty description="此窗口还没有配置业务类别，请联系大厅管理员。" />;
  else
    body = (
      <Flex vertical gap={8} data-testid="waiting-counts">
        {tiers.map((tier, index) => (
          <div key={index}>
            <Typography.Text type="secondary">第 {index + 1} 级</Typography.Text>
            {tier.map((id) => {
              const category = byId.get(id);
              if (!category) return null;
              return (
                <Flex key={id} justify="space-between" align="center" style={{ padding: '4px 0' }} data-testid="waiting-category">
                  <span>
                    <Tag>{category.prefix}</Tag>
                    {category.name}
                    {!category.open && <Tag style={{ marginLeft: 6 }}>暂停取号</Tag>}
                  </span>
                  <span>
                    <Typography.Text strong style={{ fontSize: 18 }} data-testid={`waiting-${category.prefix}`}>
                      {category.waiting}
                    </Typography.Text>{' '}
                    人
                  </span>
                </Flex>
              );
            })}
          </div>
        ))}
      </Flex>
    );

  return (
    <Card
      size="small"
      title={
        <Space>
          本窗口等候
          <Badge count={total} showZero overflowCount={999} color={total ? '#1677ff' : '#bfbfbf'} />
        </Space>
      }
    >
      {body}
    </Card>
  );
}

/**
 * The calling part of the workstation: the current ticket and the keys that move it on. What is on
 * screen comes from the server (`/current`), so a reload or a second tab shows the same ticket.
 */
export function QueuePanel({ window }: { window: ServiceWindow }) {
  const { message } = App.useApp();
  const current = useAsync((signal) => api.get<CurrentTicket | null>(`/api/v1/windows/${window.id}/current`, undefined, signal), [window.id]);
  const categories = useAsync((signal) => loadCategories(window.centerId, signal), [window.centerId]);
  const [busy, setBusy] = useState<string>();
  const transfer = useDialog<Ticket>();
  const now = useNow();
  const ticket = current.data ?? null;

  // A manager may cancel the ticket or close the day: follow what happens to the one on screen.
  useCenterEvents(window.centerId, ['ticket.updated'], (_, data) => {
    if (ticket && data.ticketId === ticket.id) current.reload();
  });

  async function run(key: string, action: () => Promise<unknown>, success: string) {
    if (busy) return;
    setBusy(key);
    try {
      await action();
      message.success(success);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'QUEUE_EMPTY') message.info(error.message);
      else message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
      current.reload();
    }
  }

  const open = window.status === 'open';
  const status = ticket?.status;
  const callNext = () =>
    run('call', async () => {
      const { ticket: called } = await api.post<{ ticket: Ticket }>(`/api/v1/windows/${window.id}/call-next`);
      message.info(`请 ${called.number} 号到 ${window.number} 号窗口`);
    }, '已叫号');
  const step = (action: Step) => ticket && run(action, () => api.post(`/api/v1/tickets/${ticket.id}/${action}`), stepSuccess[action]);

  const can = {
    call: open && !ticket && !current.loading,
    recall: status === 'called',
    start: status === 'called',
    finish: status === 'serving',
    noShow: status === 'called',
    transfer: status === 'called' || status === 'serving',
  };

  useHotkeys([
    { keys: ['F1', ' '], enabled: can.call && !busy, run: callNext },
    { keys: ['F2'], enabled: can.recall && !busy, run: () => step('recall') },
    { keys: ['F3'], enabled: can.start && !busy, run: () => step('start') },
    { keys: ['F4'], enabled: can.finish && !busy, run: () => step('finish') },
    { keys: ['F6'], enabled: can.noShow && !busy, run: () => step('no-show') },
    { keys: ['F7'], enabled: can.transfer && !busy, run: () => ticket && transfer.show(ticket) },
  ]);

  return (
    <Card title="当前号码" extra={window.status === 'paused' && <Tag color="warning">暂停服务中，恢复后才能叫号</Tag>}>
      {current.error && !current.data ? <LoadError error={current.error} onRetry={current.reload} /> : current.data === undefined ? <PageLoading /> : <CurrentTicketCard ticket={ticket} now={now} />}
      <Flex gap={8} wrap style={{ marginTop: 16 }}>
        <ActionButton label="叫号" keys="F1/空格" icon={<NotificationOutlined />} primary enabled={can.call} loading={busy === 'call'} onClick={callNext} testId="action-call" />
        <ActionButton label="重呼" keys="F2" icon={<SoundOutlined />} enabled={can.recall} loading={busy === 'recall'} onClick={() => step('recall')} />
        <ActionButton label="开始办理" keys="F3" icon={<PlayCircleOutlined />} primary enabled={can.start} loading={busy === 'start'} onClick={() => step('start')} />
        <ActionButton label="办结" keys="F4" icon={<CheckCircleOutlined />} primary enabled={can.finish} loading={busy === 'finish'} onClick={() => step('finish')} />
        <ActionButton label="过号" keys="F6" icon={<StopOutlined />} danger enabled={can.noShow} loading={busy === 'no-show'} onClick={() => step('no-show')} />
        <ActionButton label="转移" keys="F7" icon={<SwapOutlined />} enabled={can.transfer} onClick={() => ticket && transfer.show(ticket)} />
        {ticket && <AcceptCaseButton key={ticket.id} ticket={ticket} centerId={window.centerId} disabled={!can.transfer} />}
      </Flex>
      {ticket && ticket.history.length > 0 && (
        <div style={{ marginTop: 20 }}>
          <Typography.Text strong>流转记录</Typography.Text>
          <Timeline
            style={{ marginTop: 12 }}
            items={ticket.history.map((h, i) => ({
              key: i,
              content: (
                <span>
                  {formatTime(h.at, 'HH:mm:ss')} {h.actionLabel}
                  {h.windowNumber !== null && `（${h.windowNumber} 号窗口）`}
                  {h.actorName && ` · ${h.actorName}`}
                  {h.note && (
                    <Typography.Text type="secondary">
                      {' '}
                      <ArrowRightOutlined /> {h.note}
                    </Typography.Text>
                  )}
                </span>
              ),
            }))}
          />
        </div>
      )}
      <TransferModal open={transfer.open} ticket={transfer.subject ?? null} window={window} categories={categories.data ?? []} onClose={transfer.close} onDone={current.reload} />
    </Card>
  );
}

