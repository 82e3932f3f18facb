import { Alert, Button, Card, Empty, Flex, Form, Input, Select, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PublicPage } from '../catalog/PublicParts';
import { api } from '../shared/api';
import { useCenters } from '../shared/orgData';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import {
  appointmentError,
  bookingDates,
  isValidIdNumber,
  isValidMobile,
  rememberBooking,
  rememberedBookings,
  slotTime,
  type Appointment,
  type AppointmentSettings,
  type QueueCategory,
  type Slot,
} from './appointments';

interface BookingForm {
  name: string;
  idNumber: string;
  phone: string;
}

/** A choice as a big tappable button: the page is used on a phone. */
function Choice({ selected, disabled, onClick, children, testId }: { selected: boolean; disabled?: boolean; onClick(): void; children: React.ReactNode; testId?: string }) {
  return (
    <Button type={selected ? 'primary' : 'default'} disabled={disabled} onClick={onClick} style={{ height: 'auto', minHeight: 44, padding: '6px 10px', whiteSpace: 'normal' }} data-testid={testId}>
      {children}
    </Button>
  );
}

function SlotButtons({ slots, value, onChange }: { slots: Slot[]; value?: string; onChange(id: string): void }) {
  if (!slots.length) return <Empty description="这一天不办公（节假日或休息日），请选择其他日期" />;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(104px, 1fr))', gap: 8 }}>
      {slots.map((slot) => {
        const left = Math.max(0, slot.capacity - slot.booked);
        const note = slot.available ? `余 ${left}` : left === 0 ? '已约满' : '不可约';
        return (
          <Choice key={slot.id} selected={value === slot.id} disabled={!slot.available} onClick={() => onChange(slot.id)} testId={`slot-${slotTime(slot).slice(0, 5)}`}>
            <div style={{ fontWeight: 600 }}>{slotTime(slot)}</div>
            <div style={{ fontSize: 12 }}>{note}</div>
          </Choice>
        );
      })}
    </div>
  );
}

/** 预约办事: center → category → date → slot → real name → booked. Phone first. */
export function BookPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const centers = useCenters();
  const [centerId, setCenterId] = useState<string | undefined>(params.get('centerId') ?? undefined);
  const [categoryId, setCategoryId] = useState<string>();
  const [date, setDate] = useState<string>();
  const [slotId, setSlotId] = useState<string>();
  // This device's bookings, after the first render (which must match the server's, and it knows none).
  const [mine, setMine] = useState<string[]>([]);
  useEffect(() => setMine(rememberedBookings()), []);
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<BookingForm>();

  const categories = useAsync((signal) => (centerId ? api.get<QueueCategory[]>(`/api/v1/centers/${centerId}/categories`, undefined, signal) : Promise.resolve([])), [centerId]);
  const settings = useAsync((signal) => (centerId ? api.get<AppointmentSettings>(`/api/v1/centers/${centerId}/appointment-settings`, undefined, signal) : Promise.resolve(undefined)), [centerId]);
  const slots = useAsync(
    (signal) => (centerId && categoryId && date ? api.get<Slot[]>(`/api/v1/centers/${centerId}/slots`, { categoryId, date }, signal) : Promise.resolve([])),
    [centerId, categoryId, date],
  );
  const dates = settings.data ? bookingDates(settings.data.releaseDays) : [];
  const chosenSlot = slots.data?.find((s) => s.id === slotId);

  useEffect(() => {
    setCategoryId(undefined);
    setDate(undefined);
  }, [centerId]);
  useEffect(() => {
    setSlotId(undefined);
    setError(undefined);
  }, [categoryId, date]);

  async function submit(values: BookingForm) {
    if (!slotId) return;
    setSubmitting(true);
    setError(undefined);
    try {
      const booked = await api.post<Appointment>('/api/v1/appointments', { slotId, name: values.name.trim(), idNumber: values.idNumber.replace(/\s+/g, '').toUpperCase(), phone: values.phone.trim() });
      rememberBooking(booked.id);
      navigate(`/appointments/${booked.id}`);
    } catch (e) {
      setError(appointmentError(e));
      slots.reload();
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <PublicPage title="预约办事" maxWidth={640}>
      <Typography.Paragraph type="secondary">选择中心、业务和时段，实名预约后到现场凭预约码或身份证在取号机签到，可优先叫号。</Typography.Paragraph>
      {mine.length > 0 && (
        <Typography.Paragraph>
          我的预约：
          {mine.slice(0, 3).map((id, i) => (
            <Link key={id} to={`/appointments/${id}`} style={{ marginLeft: 8 }}>
              预约 {i + 1}
            </Link>
          ))}
        </Typography.Paragraph>
      )}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small" title="1. 办事中心">
          {centers.error ? (
            <LoadError error={centers.error} onRetry={centers.reload} />
          ) : (
            <Select
              id="booking-center"
              aria-label="办事中心"
              showSearch
              optionFilterProp="label"
              placeholder="请选择中心"
              loading={centers.loading}
              value={centerId}
              onChange={setCenterId}
              options={(centers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              style={{ width: '100%' }}
              size="large"
            />
          )}
        </Card>
        {centerId && (
          <Card size="small" title="2. 业务类别">
            {categories.error ? (
              <LoadError error={categories.error} onRetry={categories.reload} />
            ) : categories.loading && !categories.data ? (
              <Skeleton active paragraph={{ rows: 1 }} />
            ) : categories.data?.length ? (
              <Flex wrap gap={8}>
                {categories.data.map((c) => (
                  <Choice key={c.id} selected={categoryId === c.id} onClick={() => setCategoryId(c.id)}>
                    {c.name}
                  </Choice>
                ))}
              </Flex>
            ) : (
              <Empty description="该中心暂未开放预约" />
            )}
          </Card>
        )}
        {centerId && categoryId && (
          <Card size="small" title="3. 日期">
            {settings.error ? (
              <LoadError error={settings.error} onRetry={settings.reload} />
            ) : (
              <Flex wrap gap={8}>
                {dates.map((d) => (
                  <Choice key={d.date} selected={date === d.date} onClick={() => setDate(d.date)} testId={`date-${d.date}`}>
                    {d.label}
                  </Choice>
                ))}
              </Flex>
            )}
          </Card>
        )}
        {centerId && categoryId && date && (
          <Card size="small" title="4. 时段">
            {slots.error ? <LoadError error={slots.error} onRetry={slots.reload} /> : slots.loading && !slots.data ? <Skeleton active /> : <SlotButtons slots={slots.data ?? []} value={slotId} onChange={setSlotId} />}
          </Card>
        )}
        {chosenSlot && (
          <Card size="small" title="5. 实名信息">
            <Typography.Paragraph>
              预约时段：<Typography.Text strong>{date} {slotTime(chosenSlot)}</Typography.Text>
            </Typography.Paragraph>
            <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
              <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 30, message: '姓名过长' }]}>
                <Input size="large" autoComplete="name" />
              </Form.Item>
              <Form.Item
                name="idNumber"
                label="身份证号码"
                rules={[
                  { required: true, message: '请输入身份证号码' },
                  { validator: async (_, value: string | undefined) => { if (value && !isValidIdNumber(value)) throw new Error('身份证号码不正确（校验位不符），请核对后重新输入'); } },
                ]}
              >
                <Input size="large" maxLength={18} autoComplete="off" />
              </Form.Item>
              <Form.Item
                name="phone"
                label="手机号码"
                extra="预约成功和开始前的提醒将以短信发送到此号码"
                rules={[
                  { required: true, message: '请输入手机号码' },
                  { validator: async (_, value: string | undefined) => { if (value && !isValidMobile(value)) throw new Error('手机号码不正确，请输入 11 位手机号码'); } },
                ]}
              >
                <Input size="large" inputMode="tel" maxLength={11} autoComplete="tel" />
              </Form.Item>
              {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="booking-error" />}
              <Button type="primary" htmlType="submit" size="large" block loading={submitting}>
                确认预约
              </Button>
            </Form>
          </Card>
        )}
        {error && !chosenSlot && <Alert type="error" showIcon title={error} data-testid="booking-error" />}
      </Space>
    </PublicPage>
  );
}
