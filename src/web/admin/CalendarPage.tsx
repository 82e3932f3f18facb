import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Flex, Form, Input, Popconfirm, Radio, Row, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { isGlobal } from '../shared/access';
import { api } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { FormModal } from '../shared/FormModal';
import { dayjs, businessZone } from '../shared/format';
import { ScreenHeader } from '../shared/Screen';
import { LoadError } from '../shared/StatusPages';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { useDialog } from '../shared/useDialog';

type DayKind = 'holiday' | 'workday';

interface CalendarDay {
  date: string;
  kind: DayKind;
  name: string;
  source: 'chinese-days' | 'admin';
}

interface Coverage {
  years: number[];
  currentYear: number;
  currentYearCovered: boolean;
  nextYear: number;
  nextYearCovered: boolean;
  warning: string | null;
}

interface CalendarYear {
  year: number;
  days: CalendarDay[];
  coverage: Coverage;
}

const kindLabels: Record<DayKind, string> = { holiday: '放假', workday: '调休上班' };
const kindColors: Record<DayKind, string> = { holiday: 'red', workday: 'blue' };
const sourceLabels: Record<CalendarDay['source'], string> = { 'chinese-days': '国务院安排', admin: '管理员录入' };
const weekdayNames = ['一', '二', '三', '四', '五', '六', '日'];

/** ISO weekday (1 Monday … 7 Sunday) of a 'YYYY-MM-DD', computed in UTC so the browser's zone cannot shift it. */
function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return ((new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() + 6) % 7) + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');

interface DayForm {
  date: string;
  kind: DayKind;
  name: string;
}

function DayFormModal({ subject, open, onClose, onSaved }: { subject: (Partial<CalendarDay> & { existing: boolean }) | undefined; open: boolean; onClose(): void; onSaved(): void }) {
  const [form] = Form.useForm<DayForm>();
  const kind = Form.useWatch('kind', form);
  async function save(values: DayForm) {
    await api.put(`/api/v1/calendar/days/${values.date.trim()}`, { kind: values.kind, name: values.name.trim() });
    onSaved();
  }
  const editing = subject?.existing === true;
  return (
    <FormModal<DayForm>
      form={form}
      open={open}
      title={editing ? `修改 ${subject?.date} 的安排` : '新增节假日安排'}
      initialValues={{ date: subject?.date, kind: subject?.kind ?? 'holiday', name: subject?.name }}
      onSubmit={save}
      onClose={onClose}
    >
      <Form.Item
        name="date"
        label="日期"
        rules={[
          { required: true, message: '请输入日期' },
          { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式为 YYYY-MM-DD，如 2027-10-01' },
        ]}
      >
        <Input placeholder="如：2027-10-01" disabled={editing} />
      </Form.Item>
      <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]} extra={kind === 'workday' ? '调休上班只能设在周六或周日。' : '放假日不计入办结时限。'}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'holiday', label: '放假' },
            { value: 'workday', label: '调休上班' },
          ]}
        />
      </Form.Item>
      <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 20, message: '最多 20 个字' }]}>
        <Input placeholder="如：国庆节" />
      </Form.Item>
      {editing && subject?.source === 'chinese-days' && <Typography.Text type="secondary">这一天来自国务院放假安排；修改后以您的设置为准，重启后也不会被覆盖。</Typography.Text>}
    </FormModal>
  );
}

/** One month as a week grid: 休 on days off by the schedule, 班 on 调休 working weekends, weekends greyed. */
function MonthGrid({ year, month, overrides, onPick }: { year: number; month: number; overrides: Map<string, CalendarDay>; onPick?: (date: string) => void }) {
  const first = `${year}-${pad(month)}-01`;
  const blanks = isoWeekday(first) - 1;
  const cells: (string | null)[] = [...Array<null>(blanks).fill(null)];
  for (let d = 1; d <= daysInMonth(year, month); d++) cells.push(`${year}-${pad(month)}-${pad(d)}`);
  return (
    <Card size="small" title={`${month} 月`} data-testid={`month-${month}`}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, textAlign: 'center', fontSize: 12 }}>
        {weekdayNames.map((w) => (
          <div key={w} style={{ color: '#888' }}>
            {w}
          </div>
        ))}
        {cells.map((date, i) => {
          if (!date) return <div key={`blank-${i}`} />;
          const override = overrides.get(date);
          const weekend = isoWeekday(date) >= 6;
          const off = override ? override.kind === 'holiday' : weekend;
          const background = override?.kind === 'holiday' ? '#fff1f0' : override?.kind === 'workday' ? '#e6f4ff' : undefined;
          const label = `${date}${override ? ` ${override.name}${kindLabels[override.kind]}` : weekend ? ' 周末' : ' 工作日'}`;
          return (
            <Tooltip key={date} title={label}>
              <button
                type="button"
                aria-label={label}
                data-date={date}
                onClick={onPick ? () => onPick(date) : undefined}
                disabled={!onPick}
                style={{
                  border: 'none',
                  borderRadius: 4,
                  padding: '2px 0',
                  background: background ?? 'transparent',
                  color: off ? '#cf1322' : '#222',
                  opacity: weekend && !override ? 0.55 : 1,
                  cursor: onPick ? 'pointer' : 'default',
                  font: 'inherit',
                }}
              >
                {Number(date.slice(8))}
                {override && <sup style={{ marginLeft: 1, color: override.kind === 'holiday' ? '#cf1322' : '#0958d9' }}>{override.kind === 'holiday' ? '休' : '班'}</sup>}
              </button>
            </Tooltip>
          );
        })}
      </div>
    </Card>
  );
}

/** 节假日: the State Council holiday schedule with its 调休 working weekends, which deadlines are counted by. */
export function CalendarPage() {
  const user = useCurrentUser();
  const canEdit = isGlobal(user, ['admin']);
  const thisYear = Number(dayjs().tz(businessZone).format('YYYY'));
  const [year, setYear] = useState(thisYear);
  const { data, error, loading, reload } = useAsync((signal) => api.get<CalendarYear>('/api/v1/calendar/days', { year }, signal), [year]);
  const dialog = useDialog<Partial<CalendarDay> & { existing: boolean }>();
  const run = useAction();
  const days = data?.year === year ? data.days : [];
  const overrides = new Map(days.map((d) => [d.date, d]));

  const edit = (date: string) => {
    const existing = overrides.get(date);
    dialog.show(existing ? { ...existing, existing: true } : { date, kind: isoWeekday(date) >= 6 ? 'workday' : 'holiday', existing: false });
  };

  const columns: TableColumnsType<CalendarDay> = [
    { title: '日期', dataIndex: 'date', width: 130 },
    { title: '星期', key: 'weekday', width: 70, render: (_, d) => `周${weekdayNames[isoWeekday(d.date) - 1]}` },
    { title: '类型', dataIndex: 'kind', width: 110, render: (kind: DayKind) => <Tag color={kindColors[kind]}>{kindLabels[kind]}</Tag> },
    { title: '名称', dataIndex: 'name' },
    { title: '来源', dataIndex: 'source', width: 120, render: (source: CalendarDay['source']) => sourceLabels[source] },
  ];
  if (canEdit) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_, d) => (
        <Space>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => dialog.show({ ...d, existing: true })}>
            修改
          </Button>
          <Popconfirm
            title={`删除 ${d.date}（${d.name}${kindLabels[d.kind]}）？`}
            description="删除后这一天按星期计算：周一至周五上班，周六周日休息。"
            okText="删除"
            okButtonProps={{ danger: true }}
            onConfirm={() => run(() => api.delete(`/api/v1/calendar/days/${d.date}`), '已删除').then(reload)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const years = [...new Set([thisYear - 2, thisYear - 1, thisYear, thisYear + 1, thisYear + 2, ...(data?.coverage.years ?? [])])].sort((a, b) => a - b);
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const workdays = days.length - holidays;

  return (
    <>
      <ScreenHeader
        title="节假日"
        description="国务院放假安排与调休上班日；办结时限、预约和期限提醒都按这里的工作日计算。"
        extra={
          <Space>
            <Select aria-label="年份" value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: `${y} 年` }))} style={{ width: 120 }} />
            {canEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => dialog.show({ kind: 'holiday', existing: false })}>
                新增
              </Button>
            )}
          </Space>
        }
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {data?.coverage.warning && <Alert type="warning" showIcon title="节假日安排未录入" description={data.coverage.warning} style={{ marginBottom: 16 }} data-testid="coverage-warning" />}
      {data && data.year === year && !data.coverage.years.includes(year) && (
        <Alert type="info" showIcon title={`${year} 年还没有节假日安排，以下按周一至周五上班显示。`} style={{ marginBottom: 16 }} />
      )}
      <Card style={{ marginBottom: 16 }} loading={loading && !data}>
        <Flex gap={16} wrap style={{ marginBottom: 12 }}>
          <Typography.Text>
            放假 <Tag color="red">{holidays}</Tag> 天
          </Typography.Text>
          <Typography.Text>
            调休上班 <Tag color="blue">{workdays}</Tag> 天
          </Typography.Text>
          {canEdit && <Typography.Text type="secondary">点击日历中的日期可设置放假或调休上班。</Typography.Text>}
        </Flex>
        <Row gutter={[12, 12]}>
          {Array.from({ length: 12 }, (_, i) => (
            <Col key={i} xs={24} sm={12} md={8} xl={6}>
              <MonthGrid year={year} month={i + 1} overrides={overrides} onPick={canEdit ? edit : undefined} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={`${year} 年的放假与调休上班日`}>
        <Table<CalendarDay>
          rowKey="date"
          columns={columns}
          dataSource={days}
          loading={loading}
          pagination={{ defaultPageSize: 50, showTotal: (total) => `共 ${total} 天` }}
          locale={{ emptyText: <Empty description={`${year} 年没有放假或调休上班的设置。`} /> }}
        />
      </Card>
      <DayFormModal subject={dialog.subject} open={dialog.open} onClose={dialog.close} onSaved={reload} />
    </>
  );
}
