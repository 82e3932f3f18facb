import { Button, Card, Descriptions, Drawer, Empty, Form, Input, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { CaseStatusTag } from '../cases/CaseDrawer';
import type { CaseStep, CaseView } from '../cases/cases';
import { ScoreTag, RectificationSteps, RectificationTags, useConfirmStep } from '../ratings/RatingParts';
import { rectificationAction, type Rating, type Rectification } from '../ratings/ratings';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import type { TicketHistoryEntry } from '../shared/queue';
import { LoadError } from '../shared/StatusPages';
import type { Paged } from '../shared/types';
import { useAsync } from '../shared/useAsync';

/** The visit behind a rating: its ticket's way through the hall. */
function TicketService({ ticketId }: { ticketId: string }) {
  const history = useAsync((signal) => api.get<TicketHistoryEntry[]>(`/api/v1/tickets/${ticketId}/history`, undefined, signal), [ticketId]);
  if (history.error) return <LoadError error={history.error} onRetry={history.reload} />;
  if (!history.data) return <Typography.Text type="secondary">加载中…</Typography.Text>;
  return (
    <Timeline
      items={history.data.map((h, i) => ({
        key: i,
        content: `${formatTime(h.at, 'HH:mm:ss')} ${h.actionLabel}${h.windowNumber ? `（${h.windowNumber} 号窗口）` : ''}${h.actorName ? ` · ${h.actorName}` : ''}${h.note ? ` · ${h.note}` : ''}`,
      }))}
    />
  );
}

/**
 * The case behind a rating, read-only: the back office's CaseDrawer carries the case's actions,
 * which a supervisor must not have.
 */
export function CaseService({ caseId }: { caseId: string }) {
  const kase = useAsync((signal) => api.get<CaseView>(`/api/v1/cases/${caseId}`, undefined, signal), [caseId]);
  const steps = useAsync((signal) => api.get<CaseStep[]>(`/api/v1/cases/${caseId}/steps`, undefined, signal), [caseId]);
  if (kase.error) return <LoadError error={kase.error} onRetry={kase.reload} />;
  if (!kase.data) return <Typography.Text type="secondary">加载中…</Typography.Text>;
  const c = kase.data;
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'no', label: '办件编号', children: c.caseNo },
          { key: 'item', label: '事项', children: c.itemName },
          { key: 'status', label: '状态', children: <CaseStatusTag kase={c} /> },
          { key: 'applicant', label: '申请人', children: c.applicant.name },
          { key: 'deadline', label: '承诺期限', children: c.promisedDeadline ?? '—' },
        ]}
      />
      <Timeline items={(steps.data ?? []).map((s, i) => ({ key: i, content: `${formatTime(s.at, 'MM-DD HH:mm')} ${s.name}${s.actorName ? ` · ${s.actorName}` : ''}${s.note ? ` · ${s.note}` : ''}` }))} />
    </>
  );
}

/** The same staff member's latest ratings, to see whether a 差评 is one of a kind. */
function StaffRatings({ rating }: { rating: Rating }) {
  const others = useAsync(
    (signal) => (rating.staffUserId ? api.get<Paged<Rating>>(`/api/v1/centers/${rating.centerId}/ratings`, { staffUserId: rating.staffUserId, pageSize: 10 }, signal) : Promise.resolve(undefined)),
    [rating.centerId, rating.staffUserId],
  );
  if (!rating.staffUserId) return <Typography.Text type="secondary">这次服务没有记录办理人员。</Typography.Text>;
  if (others.error) return <LoadError error={others.error} onRetry={others.reload} />;
  const columns: TableColumnsType<Rating> = [
    { title: '时间', dataIndex: 'createdAt', width: 110, render: (at: string) => formatTime(at, 'MM-DD HH:mm') },
    { title: '评价', key: 'score', width: 110, render: (_, r) => <ScoreTag score={r.score} label={r.scoreLabel} /> },
    { title: '服务', dataIndex: 'serviceName', render: (s: string | null) => s ?? '—' },
  ];
  return (
    <Table<Rating>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={(others.data?.items ?? []).filter((r) => r.id !== rating.id)}
      loading={others.loading}
      pagination={false}
      rowClassName={(r) => (r.bad ? 'rating-bad-row' : '')}
      locale={{ emptyText: '没有其他评价' }}
      footer={() => `共 ${others.data?.total ?? 0} 条评价（含本条）`}
    />
  );
}

interface RulingValues {
  note: string;
}

/** The 差评's handling with its steps; a pending appeal is ruled on here by a supervisor. */
function RectificationCard({ rectificationId, canRule }: { rectificationId: string; canRule: boolean }) {
  const rectification = useAsync((signal) => api.get<Rectification>(`/api/v1/rectifications/${rectificationId}`, undefined, signal), [rectificationId]);
  const [ruling, setRuling] = useState<boolean>();
  const confirmStep = useConfirmStep();
  if (rectification.error) return <LoadError error={rectification.error} onRetry={rectification.reload} />;
  const r = rectification.data;
  if (!r) return <Card size="small" title="差评整改" loading />;

  async function rule(values: RulingValues) {
    const upheld = ruling!;
    await confirmStep(upheld ? '确认申诉成立？' : '确认驳回申诉？', upheld ? '申诉成立后，这条评价不再计入统计（记录保留），整改撤销。' : '驳回后整改继续进行，申诉不能再次提出。');
    await rectificationAction(r!.id, 'appeal-decision', { upheld, note: values.note });
    rectification.reload();
  }

  return (
    <Card size="small" title="差评整改" extra={<RectificationTags rectification={r} />} data-testid="drawer-rectification">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'due', label: '整改期限', children: <Typography.Text type={r.overdue ? 'danger' : undefined}>{r.dueDate}</Typography.Text> },
          { key: 'dept', label: '责任部门', children: r.departmentName ?? '中心' },
          { key: 'callback', label: '回访', children: r.callback ? `${formatTime(r.callback.at, 'MM-DD HH:mm')} ${r.callback.reached ? '已联系上' : '未联系上'}${r.callback.note ? `：${r.callback.note}` : ''}` : '尚未回访' },
          { key: 'result', label: '办理结果', children: r.result ?? '—' },
          ...(r.appeal ? [{ key: 'appeal', label: '申诉', children: `${r.appeal.statusLabel}：${r.appeal.reason}${r.appeal.note ? `（裁定意见：${r.appeal.note}）` : ''}` }] : []),
          ...(r.escalated ? [{ key: 'escalated', label: '督办', children: <Tag color="red">已超期上报</Tag> }] : []),
        ]}
      />
      <RectificationSteps rectification={r} />
      {r.appeal?.status === 'pending' &&
        (canRule ? (
          <Space>
            <Button type="primary" onClick={() => setRuling(true)}>
              申诉成立
            </Button>
            <Button danger onClick={() => setRuling(false)}>
              驳回申诉
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">申诉由监察人员裁定。</Typography.Text>
        ))}
      <FormModal<RulingValues> open={ruling !== undefined} title={ruling ? '裁定：申诉成立' : '裁定：驳回申诉'} onSubmit={rule} onClose={() => setRuling(undefined)} okText="提交裁定" successMessage="裁定已记录">
        <Form.Item name="note" label="裁定意见" rules={[{ required: true, whitespace: true, message: '请填写裁定意见' }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

/**
 * One rating in full for the supervisor: what was said, the service it was about, the staff member's
 * other ratings, and the rectification of a 差评.
 */
export function RatingDrawer({ ratingId, canRule, onClose }: { ratingId: string | undefined; canRule: boolean; onClose(): void }) {
  const loaded = useAsync((signal) => (ratingId ? api.get<Rating>(`/api/v1/ratings/${ratingId}`, undefined, signal) : Promise.resolve(undefined)), [ratingId]);
  const rating = loaded.data?.id === ratingId ? loaded.data : undefined;

  let body;
  if (loaded.error) body = <LoadError error={loaded.error} onRetry={loaded.reload} />;
  else if (!rating) body = <Empty description="加载中…" />;
  else
    body = (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: 'score', label: '评价', children: <ScoreTag score={rating.score} label={rating.scoreLabel} /> },
            { key: 'tags', label: '标签', children: rating.tags.length ? rating.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—' },
            { key: 'comment', label: '意见', children: rating.comment ?? '—' },
            ...(rating.followUp ? [{ key: 'followUp', label: '追评', children: `${rating.followUp.comment ?? ''}（${formatTime(rating.followUp.at, 'MM-DD HH:mm')}）` }] : []),
            { key: 'service', label: '服务', children: `${rating.subjectNo} ${rating.serviceName ?? ''}` },
            { key: 'where', label: '部门 / 窗口', children: `${rating.departmentName ?? '—'} / ${rating.windowNumber ? `${rating.windowNumber} 号窗口` : '—'}` },
            { key: 'staff', label: '办理人员', children: rating.staffName ?? '—' },
            { key: 'rater', label: '评价人', children: rating.realName ? `${rating.raterName ?? ''} ${rating.raterPhone ?? ''}` : '匿名' },
            { key: 'source', label: '来源', children: `${rating.sourceLabel} · ${formatTime(rating.createdAt)}` },
            ...(rating.excluded ? [{ key: 'excluded', label: '统计', children: <Tag color="purple">申诉成立，不计入统计</Tag> }] : []),
          ]}
        />
        {rating.rectification && <RectificationCard rectificationId={rating.rectification.id} canRule={canRule} />}
        <Card size="small" title={rating.subjectKind === 'ticket' ? `办理过程（号票 ${rating.subjectNo}）` : `办件 ${rating.subjectNo}`}>
          {rating.subjectKind === 'ticket' ? <TicketService ticketId={rating.subjectId} /> : <CaseService caseId={rating.subjectId} />}
        </Card>
        <Card size="small" title={`${rating.staffName ?? '办理人员'}的其他评价`}>
          <StaffRatings rating={rating} />
        </Card>
      </Space>
    );

  return (
    <Drawer open={Boolean(ratingId)} onClose={onClose} title="评价详情" size={720} rootClassName="rating-drawer" destroyOnHidden>
      {body}
    </Drawer>
  );
}
