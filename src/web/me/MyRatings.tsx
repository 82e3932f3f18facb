import { Button, Card, Form, Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { RectificationTags, ScoreTag } from '../ratings/RatingParts';
import { rectificationAction, type Rating } from '../ratings/ratings';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { TableEmpty } from '../shared/StatusPages';
import type { Paged } from '../shared/types';
import { useDialog } from '../shared/useDialog';
import { usePagedTable } from '../shared/usePagedTable';

/** A 差评 may be appealed once (the server's rule), also after it was closed. */
const appealable = (r: Rating) => r.rectification !== null && r.rectification.appealStatus === null;

/** 我的评价: the ratings of the services I gave (never who rated), and the 申诉 of a mistaken 差评. */
export function MyRatings() {
  const table = usePagedTable<Rating, Record<string, never>>((query, signal) => api.get<Paged<Rating>>('/api/v1/me/ratings', query, signal), {});
  const appeal = useDialog<Rating>();

  const columns: TableColumnsType<Rating> = [
    { title: '时间', dataIndex: 'createdAt', width: 130, render: (at: string) => formatTime(at, 'YYYY-MM-DD HH:mm') },
    { title: '评价', key: 'score', width: 110, render: (_, r) => <ScoreTag score={r.score} label={r.scoreLabel} /> },
    { title: '服务', key: 'service', render: (_, r) => `${r.subjectNo} ${r.serviceName ?? ''}` },
    {
      title: '标签与意见',
      key: 'comment',
      render: (_, r) => (
        <>
          {r.tags.map((t) => (
            <Tag key={t}>{t}</Tag>
          ))}
          {r.comment && <Typography.Text>{r.comment}</Typography.Text>}
          {r.followUp?.comment && <Typography.Text type="secondary">（追评：{r.followUp.comment}）</Typography.Text>}
        </>
      ),
    },
    { title: '整改', key: 'rectification', width: 200, render: (_, r) => (r.rectification ? <RectificationTags rectification={r.rectification} /> : '—') },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_, r) =>
        appealable(r) && (
          <Button size="small" onClick={() => appeal.show(r)}>
            申诉
          </Button>
        ),
    },
  ];

  return (
    <Card title="我的评价" style={{ marginTop: 16 }} extra={<Typography.Text type="secondary">不显示评价人信息</Typography.Text>}>
      <Table<Rating>
        rowKey="id"
        size="small"
        columns={columns}
        {...table.tableProps}
        scroll={{ x: 820 }}
        rowClassName={(r) => (r.bad ? 'rating-bad-row' : '')}
        locale={{ emptyText: <TableEmpty error={table.error} description="还没有收到评价" /> }}
        data-testid="my-ratings"
      />
      <FormModal<{ reason: string }>
        open={appeal.open}
        title="对差评申诉"
        okText="提交申诉"
        successMessage="申诉已提交，等待监察人员裁定"
        onClose={appeal.close}
        onSubmit={async (v) => {
          await rectificationAction(appeal.subject!.rectification!.id, 'appeal', { reason: v.reason.trim() });
          table.reload();
        }}
      >
        <Typography.Paragraph type="secondary">每条差评只能申诉一次。请说明评价有误或恶意的理由，监察人员核实后裁定；申诉成立的评价不计入统计。</Typography.Paragraph>
        <Form.Item name="reason" label="申诉理由" rules={[{ required: true, whitespace: true, message: '请填写申诉理由' }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
