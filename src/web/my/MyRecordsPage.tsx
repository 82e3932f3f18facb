import { Alert, Button, Card, Empty, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { slotDay, slotTime, statusLabels as appointmentStatusLabels, type Appointment } from '../appointments/appointments';
import { caseStatusColors, type CaseView } from '../cases/cases';
import { waitText } from '../queue/calls';
import { useLiveTicket } from '../queue/liveTicket';
import { feedbackKindColors, feedbackStatusColors, type Feedback } from '../ratings/ratings';
import { errorMessage } from '../shared/api';
import { citizenDownload, citizenRequest, type CitizenAccount } from '../shared/citizenAuth';
import { formatTime } from '../shared/format';
import { ticketStatusColors, type Ticket } from '../shared/queue';
import { LoadError } from '../shared/StatusPages';
import type { Paged } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { NeedsRealName, RequireCitizen } from './MyParts';

const pageSize = 10;

/** GET /api/v1/citizen/me/feedback answers the public view of each: what the person wrote in is on its own page. */
type MyFeedback = Pick<Feedback, 'id' | 'kind' | 'kindLabel' | 'status' | 'statusLabel' | 'createdAt'>;

/** A list's loading, failure and empty states around its rows. */
function Rows<T>({ state, empty, children }: { state: { data: T[] | undefined; error: unknown; loading: boolean; reload(): void }; empty: ReactNode; children: (rows: T[]) => ReactNode }) {
  if (state.error) return <LoadError error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (!state.data.length) return <>{empty}</>;
  return <>{children(state.data)}</>;
}

/** One page after another of a paged list of the person's own records. */
function usePagedMine<T>(path: string) {
  const [page, setPage] = useState(1);
  const state = useAsync((signal) => citizenRequest<Paged<T>>('GET', path, { query: { page, pageSize }, signal }), [path, page]);
  const pagination = state.data && state.data.total > pageSize ? { current: page, pageSize, total: state.data.total, onChange: setPage, showSizeChanger: false, align: 'center' as const } : undefined;
  return { state: { ...state, data: state.data?.items }, pagination };
}

const activeTicket = new Set(['waiting', 'called', 'serving']);

/** A ticket still in the queue, followed live: people ahead and the wait, or the window once called. */
function LiveTicketCard({ id }: { id: string }) {
  const { ticket, error, reload } = useLiveTicket(id);
  if (!ticket) return error ? <LoadError error={error} onRetry={reload} /> : <Skeleton active paragraph={{ rows: 2 }} />;
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="my-live-ticket">
      <Flex justify="space-between" align="center" gap={8}>
        <div>
          <div style={{ fontSize: 32, fontWeight: 700 }}>{ticket.number}</div>
          <Typography.Text type="secondary">{ticket.categoryName}</Typography.Text>
        </div>
        <Tag color={ticketStatusColors[ticket.status]} style={{ fontSize: 16, padding: '4px 10px' }}>
          {ticket.statusLabel}
        </Tag>
      </Flex>
      {ticket.status === 'waiting' && (
        <Typography.Paragraph style={{ fontSize: 18, margin: '12px 0' }} data-testid="my-ticket-ahead">
          前面还有 {ticket.ahead} 人，预计等候{waitText(ticket.estimatedWaitMinutes)}
        </Typography.Paragraph>
      )}
      {ticket.status !== 'waiting' && ticket.windowNumber !== null && (
        <Alert type={ticket.status === 'called' ? 'warning' : 'success'} showIcon style={{ margin: '12px 0', fontSize: 18 }} title={ticket.status === 'called' ? `请到 ${ticket.windowNumber} 号窗口办理` : `正在 ${ticket.windowNumber} 号窗口为您办理`} />
      )}
      <Link to={`/ticket/${ticket.id}`}>
        <Button block size="large">
          查看号票
        </Button>
      </Link>
    </Card>
  );
}

function Tickets() {
  const state = useAsync((signal) => citizenRequest<Ticket[]>('GET', '/api/v1/citizen/me/tickets', { signal }), []);
  return (
    <Rows
      state={state}
      empty={
        <Empty description="近 30 天没有取号记录">
          <Link to="/queue/take">
            <Button type="primary">远程取号</Button>
          </Link>
        </Empty>
      }
    >
      {(tickets) => (
        <>
          {tickets.filter((t) => activeTicket.has(t.status)).map((t) => (
            <LiveTicketCard key={t.id} id={t.id} />
          ))}
          <List
            dataSource={tickets.filter((t) => !activeTicket.has(t.status))}
            locale={{ emptyText: ' ' }}
            renderItem={(t) => (
              <List.Item extra={t.status === 'done' && <Link to={`/rate?ticketId=${t.id}`}>评价</Link>}>
                <List.Item.Meta
                  title={<Link to={`/ticket/${t.id}`}>{t.number} · {t.categoryName}</Link>}
                  description={
                    <>
                      <Tag color={ticketStatusColors[t.status]}>{t.statusLabel}</Tag> {formatTime(t.takenAt, 'YYYY-MM-DD HH:mm')}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </>
      )}
    </Rows>
  );
}

function Appointments() {
  const state = useAsync((signal) => citizenRequest<Appointment[]>('GET', '/api/v1/citizen/me/appointments', { signal }), []);
  return (
    <Rows
      state={state}
      empty={
        <Empty description="还没有预约">
          <Link to="/appointments/new">
            <Button type="primary">预约办事</Button>
          </Link>
        </Empty>
      }
    >
      {(appointments) => (
        <List
          dataSource={appointments}
          renderItem={(a) => (
            <List.Item>
              <List.Item.Meta
                title={<Link to={`/appointments/${a.id}`}>{a.categoryName}</Link>}
                description={
                  <>
                    <Tag color={appointmentStatusLabels[a.status].color}>{appointmentStatusLabels[a.status].text}</Tag>
                    {slotDay(a.start)} {slotTime(a)} · 预约码 {a.code}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Rows>
  );
}

const endedCase = new Set(['completed', 'refused']);

/** The case's latest notice (受理 / 不予受理 / 一次性告知) as a PDF; a step without one says so. */
function NoticeButton({ caseId }: { caseId: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const download = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await citizenDownload(`/api/v1/cases/${caseId}/notice.pdf`, '通知书.pdf');
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <Button type="link" size="small" loading={busy} onClick={() => void download()} data-testid="download-notice" style={{ padding: 0 }}>
        下载通知书
      </Button>
      {problem && (
        <Typography.Text type="danger" role="alert" style={{ display: 'block' }}>
          {problem}
        </Typography.Text>
      )}
    </span>
  );
}

function Cases() {
  const { state, pagination } = usePagedMine<CaseView>('/api/v1/citizen/me/cases');
  return (
    <Rows state={state} empty={<Empty description="还没有以您的身份证号码办理的事项" />}>
      {(cases) => (
        <List
          dataSource={cases}
          pagination={pagination}
          renderItem={(c) => (
            <List.Item
              actions={[
                <Link key="progress" to={`/progress?caseNo=${encodeURIComponent(c.caseNo)}`}>
                  查看进度
                </Link>,
                <NoticeButton key="notice" caseId={c.id} />,
                ...(endedCase.has(c.status) ? [<Link key="rate" to={`/rate?caseId=${c.id}`}>评价</Link>] : []),
              ]}
            >
              <List.Item.Meta
                title={c.itemName}
                description={
                  <>
                    <Tag color={caseStatusColors[c.status]}>{c.statusLabel}</Tag>办件编号 {c.caseNo}
                    {c.promisedDeadline && !endedCase.has(c.status) && <div>承诺办结 {c.promisedDeadline}</div>}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Rows>
  );
}

function FeedbackList() {
  const { state, pagination } = usePagedMine<MyFeedback>('/api/v1/citizen/me/feedback');
  return (
    <Rows
      state={state}
      empty={
        <Empty description="登录后提交的投诉、建议和表扬会列在这里">
          <Link to="/feedback">
            <Button type="primary">投诉建议</Button>
          </Link>
        </Empty>
      }
    >
      {(items) => (
        <List
          dataSource={items}
          pagination={pagination}
          renderItem={(f) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Link to={`/feedback/${f.id}`}>
                    <Tag color={feedbackKindColors[f.kind]}>{f.kindLabel}</Tag>
                    {formatTime(f.createdAt, 'YYYY-MM-DD HH:mm')}
                  </Link>
                }
                description={<Tag color={feedbackStatusColors[f.status]}>{f.statusLabel}</Tag>}
              />
            </List.Item>
          )}
        />
      )}
    </Rows>
  );
}

/** Lists that need the ID number behind the account: they are what was done under it, at a window too. */
const needingRealName = (content: ReactNode) => (account: CitizenAccount) => (account.realName ? content : <NeedsRealName />);

/** /my/tickets — 我的号票: the last 30 days; a ticket still in the queue followed live. */
export const MyTicketsPage = () => <RequireCitizen title="我的号票">{needingRealName(<Tickets />)}</RequireCitizen>;

/** /my/appointments — 我的预约, each opening its booking page (签到码, 取消). */
export const MyAppointmentsPage = () => <RequireCitizen title="我的预约">{needingRealName(<Appointments />)}</RequireCitizen>;

/** /my/cases — 我的办件: status, the progress page and, once ended, 评价. */
export const MyCasesPage = () => <RequireCitizen title="我的办件">{needingRealName(<Cases />)}</RequireCitizen>;

/** /my/feedback — 我的诉求: what the person sent while signed in, each opening its answer. */
export const MyFeedbackPage = () => <RequireCitizen title="我的诉求">{() => <FeedbackList />}</RequireCitizen>;
