import { Alert, Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { PublicPage } from '../catalog/PublicParts';
import { ticketStatusColors } from '../shared/queue';
import { PageLoading, LoadError } from '../shared/StatusPages';
import { waitText } from './calls';
import { useLiveTicket } from './liveTicket';
import './queueScreens.css';

const finished = new Set(['done', 'no_show', 'cancelled']);

/** /ticket/:id — the citizen's ticket on the phone, live: people ahead, the wait, and the window once called. */
export function TicketPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const transferredFrom = (useLocation().state as { transferredFrom?: string } | null)?.transferredFrom;
  const { ticket, error, reload } = useLiveTicket(id);

  // A transferred ticket lives on as the new one.
  useEffect(() => {
    if (ticket?.status === 'transferred' && ticket.transferredTo) navigate(`/ticket/${ticket.transferredTo}`, { replace: true, state: { transferredFrom: ticket.number } });
  }, [ticket?.status, ticket?.transferredTo, ticket?.number, navigate]);

  // The phone buzzes when the ticket is called, and again on each recall.
  const calledKey = ticket?.status === 'called' ? `${ticket.id}:${ticket.recalls}` : undefined;
  useEffect(() => {
    if (calledKey && typeof navigator.vibrate === 'function') navigator.vibrate([400, 200, 400]);
  }, [calledKey]);

  useEffect(() => {
    if (ticket) document.title = `${ticket.number} ${ticket.statusLabel} - 一门通办`;
  }, [ticket]);

  if (!ticket) {
    return <PublicPage title="我的号票">{error ? <LoadError error={error} onRetry={reload} /> : <PageLoading />}</PublicPage>;
  }

  const waiting = ticket.status === 'waiting';
  return (
    <PublicPage title="我的号票" maxWidth={560}>
      {transferredFrom && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`您的号码 ${transferredFrom} 已转为 ${ticket.number}，原排队时间保留`} data-testid="ticket-transferred" />}
      <Card>
        <Flex vertical align="center" gap={8}>
          <Typography.Text type="secondary">{ticket.categoryName}</Typography.Text>
          <div className="ticket-big-number" data-testid="ticket-number">
            {ticket.number}
          </div>
          <Tag color={ticketStatusColors[ticket.status]} style={{ fontSize: 18, padding: '4px 12px' }} data-testid="ticket-status">
            {ticket.statusLabel}
          </Tag>
        </Flex>
        {ticket.status === 'called' && ticket.windowNumber !== null && (
          <div className="ticket-called" role="alert" data-testid="ticket-called">
            请到 {ticket.windowNumber} 号窗口
            <div style={{ fontSize: 18, fontWeight: 500, marginTop: 8 }}>已叫到您的号码，请尽快前往办理</div>
          </div>
        )}
        {ticket.status === 'serving' && ticket.windowNumber !== null && (
          <Alert type="success" showIcon style={{ margin: '16px 0', fontSize: 18 }} title={`正在 ${ticket.windowNumber} 号窗口为您办理`} />
        )}
        {waiting && (
          <Flex justify="space-around" style={{ margin: '20px 0', textAlign: 'center' }}>
            <div>
              <div style={{ fontSize: 40, fontWeight: 700 }} data-testid="ticket-ahead">
                还有 {ticket.ahead} 人
              </div>
              <Typography.Text type="secondary">在您前面等候</Typography.Text>
            </div>
            <div>
              <div style={{ fontSize: 40, fontWeight: 700 }} data-testid="ticket-wait">
                {waitText(ticket.estimatedWaitMinutes)}
              </div>
              <Typography.Text type="secondary">预计等候</Typography.Text>
            </div>
          </Flex>
        )}
        {finished.has(ticket.status) && (
          <Alert type="info" showIcon style={{ margin: '16px 0' }} title={ticket.status === 'done' ? '业务已办结，感谢您的耐心等候' : '该号码已失效，如需办理请重新取号'} />
        )}
        {ticket.status === 'done' && (
          <Link to={`/rate?ticketId=${ticket.id}`}>
            <Button type="primary" size="large" block data-testid="ticket-rate">
              评价本次服务
            </Button>
          </Link>
        )}
        <Descriptions column={1} size="small" style={{ marginTop: 8 }}>
          <Descriptions.Item label="取号时间">{new Date(ticket.takenAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}</Descriptions.Item>
          {ticket.idNumberMasked && <Descriptions.Item label="身份证">{ticket.idNumberMasked}</Descriptions.Item>}
          {ticket.phoneMasked && <Descriptions.Item label="手机">{ticket.phoneMasked}</Descriptions.Item>}
        </Descriptions>
        {waiting && <Typography.Paragraph type="secondary">本页自动刷新，叫到您的号码时会提示。过号需重新取号，请留意叫号。</Typography.Paragraph>}
      </Card>
      <Flex gap={12} justify="center" style={{ marginTop: 16 }}>
        <Link to="/queue/take">
          <Button>远程取号</Button>
        </Link>
        <Link to="/">
          <Button>返回首页</Button>
        </Link>
      </Flex>
    </PublicPage>
  );
}
