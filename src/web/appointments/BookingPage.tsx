import { Alert, Button, Card, Descriptions, Flex, Popconfirm, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { PublicPage, QrCode } from '../catalog/PublicParts';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { useCenters } from '../shared/orgData';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { appointmentError, slotDay, slotTime, statusLabels, type Appointment } from './appointments';

/** One booking, by its id: the code to show at the kiosk (large, and as a QR code), the time, and cancelling. */
export function BookingPage() {
  const { id } = useParams<{ id: string }>();
  const booking = useAsync((signal) => api.get<Appointment>(`/api/v1/appointments/${id}`, undefined, signal), [id]);
  const centers = useCenters();
  const [cancelError, setCancelError] = useState<string>();
  const [cancelling, setCancelling] = useState(false);

  async function cancel() {
    setCancelling(true);
    setCancelError(undefined);
    try {
      await api.post<Appointment>(`/api/v1/appointments/${id}/cancel`);
      booking.reload();
    } catch (e) {
      setCancelError(appointmentError(e));
    } finally {
      setCancelling(false);
    }
  }

  const a = booking.data;
  const center = a && centers.data?.find((c) => c.id === a.centerId);
  const status = a && statusLabels[a.status];
  return (
    <PublicPage title="我的预约" maxWidth={640} extra={<Link to="/appointments/new">再预约一个</Link>}>
      {booking.error && !a ? (
        <Alert type="error" showIcon title={appointmentError(booking.error)} action={<Button onClick={booking.reload}>重试</Button>} />
      ) : !a ? (
        <Skeleton active />
      ) : (
        <Card>
          <Flex vertical align="center" gap={8}>
            <Tag color={status!.color} style={{ fontSize: 16, padding: '4px 12px' }} data-testid="booking-status">
              {status!.text}
            </Tag>
            <Typography.Text type="secondary">预约码</Typography.Text>
            <div data-testid="booking-code" style={{ fontSize: 40, fontWeight: 700, letterSpacing: 6, fontFamily: 'ui-monospace, Menlo, Consolas, monospace', color: a.status === 'booked' ? '#1677ff' : '#737373' }}>
              {a.code}
            </div>
            {a.status === 'booked' && <QrCode text={a.code} size={180} caption="到中心后在取号机扫码或输入预约码签到" />}
          </Flex>
          <Descriptions column={1} size="small" style={{ marginTop: 16 }} bordered>
            <Descriptions.Item label="中心">{center?.name ?? '—'}</Descriptions.Item>
            {center?.address && <Descriptions.Item label="地址">{center.address}</Descriptions.Item>}
            <Descriptions.Item label="业务">{a.categoryName}</Descriptions.Item>
            <Descriptions.Item label="时间">
              <span data-testid="booking-time">
                {slotDay(a.start)} {slotTime(a)}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label="姓名">{a.nameMasked}</Descriptions.Item>
            <Descriptions.Item label="身份证">{a.idNumberMasked}</Descriptions.Item>
            <Descriptions.Item label="手机">{a.phoneMasked}</Descriptions.Item>
            <Descriptions.Item label="预约于">{formatTime(a.createdAt, 'YYYY-MM-DD HH:mm')}</Descriptions.Item>
          </Descriptions>
          {a.status === 'booked' && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              请于预约时段开始前到达，在取号机凭预约码或身份证签到取号，准时签到可优先叫号。不能前来请提前取消：多次预约不到将暂停预约资格。
            </Typography.Paragraph>
          )}
          {cancelError && <Alert type="error" showIcon title={cancelError} style={{ marginTop: 12 }} data-testid="cancel-error" />}
          {a.status === 'booked' && (
            <Popconfirm title="确定取消这个预约吗？" description="取消后该时段将释放给他人。" okText="确定取消" cancelText="不取消" okButtonProps={{ danger: true }} onConfirm={cancel}>
              <Button danger block size="large" loading={cancelling} style={{ marginTop: 12 }}>
                取消预约
              </Button>
            </Popconfirm>
          )}
        </Card>
      )}
      {booking.error && a ? <LoadError error={booking.error} onRetry={booking.reload} /> : null}
    </PublicPage>
  );
}
