import { Badge, Col, Flex, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../shared/api';
import { useRefetchOn } from '../shared/live';
import { adminRoles } from '../shared/navigation';
import { loadCategories, loadQueue, type Ticket, type WindowProfile } from '../shared/queue';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, PageLoading } from '../shared/StatusPages';
import type { Center, Paged } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { CategoriesBoard } from './CategoriesBoard';
import { CloseDayButton, QueueSettingsButton } from './QueueControls';
import { TicketsList } from './TicketsList';
import { loadAllWindows, WindowsBoard } from './WindowsBoard';

/** Tickets at a window right now (called or being served), to show on the window tiles. */
async function loadActiveTickets(centerId: string, signal: AbortSignal): Promise<Ticket[]> {
  const pages = await Promise.all((['called', 'serving'] as const).map((status) => api.get<Paged<Ticket>>(`/api/v1/centers/${centerId}/tickets`, { status, page: 1, pageSize: 200 }, signal)));
  return pages.flatMap((p) => p.items);
}

function Console({ center }: { center: Center }) {
  const queue = useAsync(async (signal) => {
    const [loads, categories, active] = await Promise.all([loadQueue(center.id, signal), loadCategories(center.id, signal), loadActiveTickets(center.id, signal)]);
    return { loads, categories, active };
  }, [center.id]);
  const windows = useAsync(async (signal) => {
    const [list, profiles] = await Promise.all([loadAllWindows(center.id, signal), api.get<WindowProfile[]>(`/api/v1/centers/${center.id}/window-profiles`, undefined, signal)]);
    return { list, profiles };
  }, [center.id]);
  const [ticketsVersion, setTicketsVersion] = useState(0);

  // Live: the hall moves all day; a burst of events becomes one reload a second and a half later.
  useRefetchOn(
    center.id,
    ['queue.changed', 'ticket.called', 'ticket.updated'],
    () => {
      queue.reload();
      setTicketsVersion((v) => v + 1);
    },
    1500,
  );
  useRefetchOn(center.id, ['window.changed'], windows.reload, 1500);

  const reloadAll = () => {
    queue.reload();
    windows.reload();
    setTicketsVersion((v) => v + 1);
  };

  if (queue.error && !queue.data) return <LoadError error={queue.error} onRetry={queue.reload} />;
  if (windows.error && !windows.data) return <LoadError error={windows.error} onRetry={windows.reload} />;
  if (!queue.data || !windows.data) return <PageLoading />;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" wrap gap={8}>
        <Space>
          <Badge status="processing" />
          <Typography.Text type="secondary">实时更新中</Typography.Text>
        </Space>
        <Space wrap>
          <QueueSettingsButton center={center} />
          <CloseDayButton center={center} onClosed={reloadAll} />
        </Space>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={10}>
          <CategoriesBoard center={center} loads={queue.data.loads} categories={queue.data.categories} onChanged={queue.reload} />
        </Col>
        <Col xs={24} xxl={14}>
          <WindowsBoard center={center} windows={windows.data.list} profiles={windows.data.profiles} active={queue.data.active} categories={queue.data.categories} onChanged={windows.reload} />
        </Col>
      </Row>
      <TicketsList center={center} categories={queue.data.categories} version={ticketsVersion} />
    </Flex>
  );
}

/** 大厅管理: the hall manager's console for the queue, the windows and the day's tickets, kept live. */
export function ManagePage() {
  return (
    <CenterScopedScreen title="大厅管理" roles={adminRoles} description="排队情况、窗口与人员、当日号票">
      {(center) => <Console key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
