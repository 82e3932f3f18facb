import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Form, Input, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { feedbackKindColors, feedbackKindLabels, feedbackStatusColors, feedbackStatusLabels, staffFeedbackChannels, type Feedback, type FeedbackKind, type FeedbackStatus } from '../ratings/ratings';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { useRefetchOn } from '../shared/live';
import { useDepartments } from '../shared/orgData';
import { TableEmpty } from '../shared/StatusPages';
import type { Center, Paged } from '../shared/types';
import { useDialog } from '../shared/useDialog';
import { usePagedTable } from '../shared/usePagedTable';

interface Filters {
  kind?: FeedbackKind;
  status?: FeedbackStatus;
  overdue?: boolean;
}

interface EntryValues {
  kind: FeedbackKind;
  channel: keyof typeof staffFeedbackChannels;
  text: string;
  contact?: string;
  phone?: string;
  departmentId?: string;
}

const kinds = Object.keys(feedbackKindLabels) as FeedbackKind[];
const statuses = Object.keys(feedbackStatusLabels) as FeedbackStatus[];

/** 投诉建议: what came in (online, by phone, letter or at a window), 转办 to a department and 答复. */
export function FeedbackTab({ center, departmentId }: { center: Center; departmentId: string | undefined }) {
  const table = usePagedTable<Feedback, Filters>(
    (query, signal) => api.get<Paged<Feedback>>(`/api/v1/centers/${center.id}/feedback`, { ...query, departmentId }, signal),
    {},
    [center.id, departmentId],
  );
  useRefetchOn(center.id, ['feedback.created', 'feedback.changed', 'feedback.overdue'], table.reload);
  const departments = useDepartments(center.id);
  const routing = useDialog<Feedback>();
  const answering = useDialog<Feedback>();
  const [entering, setEntering] = useState(false);

  const columns: TableColumnsType<Feedback> = [
    { title: '收到', dataIndex: 'createdAt', width: 110, render: (at: string) => formatTime(at, 'MM-DD HH:mm') },
    { title: '类型', dataIndex: 'kind', width: 70, render: (k: FeedbackKind, f) => <Tag color={feedbackKindColors[k]}>{f.kindLabel}</Tag> },
    { title: '内容', dataIndex: 'text', ellipsis: true },
    { title: '渠道', dataIndex: 'channelLabel', width: 80 },
    { title: '承办', dataIndex: 'departmentName', width: 120, render: (d: string | null) => d ?? '中心' },
    { title: '答复期限', dataIndex: 'dueDate', width: 140, render: (d: string, f) => (f.overdue ? <Typography.Text type="danger">{d}（已超期）</Typography.Text> : d) },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: FeedbackStatus, f) => <Tag color={feedbackStatusColors[s]}>{f.statusLabel}</Tag> },
    {
      title: '操作',
      key: 'actions',
      width: 130,
      render: (_, f) =>
        f.status === 'open' && (
          <Space size={4}>
            {!departmentId && (
              <Button size="small" type="link" onClick={() => routing.show(f)}>
                转办
              </Button>
            )}
            <Button size="small" type="link" onClick={() => answering.show(f)}>
              答复
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card
      size="small"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEntering(true)}>
          登记来电来信
        </Button>
      }
      title={
        <Space wrap>
          <Select<FeedbackKind> allowClear placeholder="全部类型" aria-label="按类型筛选" style={{ width: 110 }} value={table.filters.kind} onChange={(kind) => table.setFilters({ kind })} options={kinds.map((k) => ({ value: k, label: feedbackKindLabels[k] }))} />
          <Select<FeedbackStatus> allowClear placeholder="全部状态" aria-label="按状态筛选" style={{ width: 110 }} value={table.filters.status} onChange={(status) => table.setFilters({ status })} options={statuses.map((s) => ({ value: s, label: feedbackStatusLabels[s] }))} />
          <Space size={4}>
            <Switch size="small" checked={Boolean(table.filters.overdue)} onChange={(on) => table.setFilters({ overdue: on || undefined })} aria-label="只看超期" />
            <Typography.Text>只看超期</Typography.Text>
          </Space>
        </Space>
      }
    >
      <Table<Feedback>
        rowKey="id"
        size="small"
        columns={columns}
        {...table.tableProps}
        scroll={{ x: 900 }}
        rowClassName={(f) => (f.overdue ? 'overdue-row' : '')}
        expandable={{
          expandedRowRender: (f) => (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'text', label: '内容', children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{f.text}</Typography.Paragraph> },
                { key: 'contact', label: '联系人', children: `${f.contact ?? '—'} ${f.phone ?? ''}` },
                ...(f.enteredBy ? [{ key: 'entered', label: '登记人', children: f.enteredBy }] : []),
                { key: 'answer', label: '答复', children: f.answer ? `${f.answer}（${f.answeredBy ?? ''} ${formatTime(f.answeredAt, 'MM-DD HH:mm')}）` : '尚未答复' },
                ...(f.satisfactionLabel ? [{ key: 'satisfaction', label: '对答复的评价', children: f.satisfactionLabel }] : []),
              ]}
            />
          ),
        }}
        locale={{ emptyText: <TableEmpty error={table.error} description="没有符合条件的投诉建议" /> }}
        data-testid="feedback-table"
      />
      <FormModal<{ departmentId: string }>
        open={routing.open}
        title="转办到承办部门"
        okText="转办"
        successMessage="已转办"
        onClose={routing.close}
        onSubmit={async (v) => {
          await api.post(`/api/v1/feedback/${routing.subject!.id}/route`, v);
          table.reload();
        }}
      >
        <Form.Item name="departmentId" label="承办部门" rules={[{ required: true, message: '请选择承办部门' }]}>
          <Select loading={departments.loading} options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} placeholder="选择部门" />
        </Form.Item>
      </FormModal>
      <FormModal<{ answer: string }>
        open={answering.open}
        title="答复"
        okText="发送答复"
        successMessage="已答复"
        onClose={answering.close}
        onSubmit={async (v) => {
          await api.post(`/api/v1/feedback/${answering.subject!.id}/answer`, { answer: v.answer.trim() });
          table.reload();
        }}
      >
        <Typography.Paragraph type="secondary">{answering.subject?.text}</Typography.Paragraph>
        <Form.Item name="answer" label="答复内容" extra="留有手机号的，答复会以短信告知。" rules={[{ required: true, whitespace: true, message: '请填写答复内容' }]}>
          <Input.TextArea rows={5} maxLength={2000} showCount />
        </Form.Item>
      </FormModal>
      <FormModal<EntryValues>
        open={entering}
        title="登记来电来信"
        okText="登记"
        successMessage="已登记"
        initialValues={{ kind: 'complaint', channel: 'phone', departmentId }}
        onClose={() => setEntering(false)}
        onSubmit={async (v) => {
          await api.post('/api/v1/feedback', { ...v, centerId: center.id, text: v.text.trim(), contact: v.contact?.trim() || undefined, phone: v.phone?.trim() || undefined });
          table.reload();
        }}
      >
        <Space wrap size={16}>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={kinds.map((k) => ({ value: k, label: feedbackKindLabels[k] }))} />
          </Form.Item>
          <Form.Item name="channel" label="渠道" rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={Object.entries(staffFeedbackChannels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="departmentId" label="承办部门">
            <Select style={{ width: 180 }} allowClear disabled={Boolean(departmentId)} placeholder="中心" options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        </Space>
        <Form.Item name="text" label="内容" rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="contact" label="称呼">
            <Input maxLength={100} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="phone" label="手机号" extra="留号码的，答复以短信告知">
            <Input maxLength={20} style={{ width: 180 }} />
          </Form.Item>
        </Space>
      </FormModal>
    </Card>
  );
}
