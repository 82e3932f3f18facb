import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { RectificationSteps, RectificationTags, ScoreTag, useConfirmStep } from '../ratings/RatingParts';
import { isClosedRectification, rectificationAction, rectificationStatusLabels, type Rectification } from '../ratings/ratings';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { LoadError, PageLoading } from '../shared/StatusPages';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';

interface CallbackValues {
  reached: boolean;
  note: string;
}

interface CloseValues {
  outcome: 'rectified' | 'unfounded';
  result: string;
}

/** The rater's full name and phone, fetched only on request: the server records each read. */
function RaterContact({ ratingId }: { ratingId: string }) {
  const run = useAction();
  const [rater, setRater] = useState<{ name: string | null; phone: string | null }>();
  if (rater) return <Typography.Text copyable={Boolean(rater.phone) && { text: rater.phone! }} data-testid="rater-full">{`${rater.name ?? ''} ${rater.phone ?? ''}`}</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      <Button size="small" icon={<PhoneOutlined />} onClick={() => void run(() => api.get<{ name: string | null; phone: string | null }>(`/api/v1/ratings/${ratingId}/rater`)).then((r) => r && setRater(r))}>
        查看评价人电话
      </Button>
      <Typography.Text type="secondary">查看完整电话会被记录（用于回访）。</Typography.Text>
    </Space>
  );
}

/**
 * One 差评 being handled: the rating, the rater (masked; the full phone on request), the steps so far,
 * and 登记回访 / 办结 while it is open.
 */
export function RectificationDrawer({ rectificationId, onClose, onChanged }: { rectificationId: string | undefined; onClose(): void; onChanged(): void }) {
  const loaded = useAsync((signal) => (rectificationId ? api.get<Rectification>(`/api/v1/rectifications/${rectificationId}`, undefined, signal) : Promise.resolve(undefined)), [rectificationId]);
  const [dialog, setDialog] = useState<'callback' | 'close'>();
  const confirmStep = useConfirmStep();
  const r = loaded.data?.id === rectificationId ? loaded.data : undefined;

  async function step(action: 'callback' | 'close', body: CallbackValues | CloseValues) {
    await rectificationAction(r!.id, action, body);
    loaded.reload();
    onChanged();
  }

  async function close(values: CloseValues) {
    await confirmStep(`确认办结为「${rectificationStatusLabels[values.outcome]}」？`, '办结后不能再修改，办理结果将在好差评公开页面公示。');
    await step('close', { outcome: values.outcome, result: values.result.trim() });
  }

  let body;
  if (loaded.error) body = <LoadError error={loaded.error} onRetry={loaded.reload} />;
  else if (!r) body = <PageLoading />;
  else {
    const rating = r.rating;
    const open = !isClosedRectification(r.status);
    body = (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: 'status', label: '状态', children: <RectificationTags rectification={r} /> },
            { key: 'due', label: '整改期限', children: <Typography.Text type={r.overdue ? 'danger' : undefined}>{r.dueDate}{r.overdue ? '（已超期）' : ''}</Typography.Text> },
            { key: 'score', label: '评价', children: <ScoreTag score={rating.score} label={rating.scoreLabel} /> },
            { key: 'tags', label: '标签', children: rating.tags.length ? rating.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—' },
            { key: 'comment', label: '意见', children: rating.comment ?? '—' },
            { key: 'service', label: '服务', children: `${rating.subjectNo} ${rating.serviceName ?? ''}（${formatTime(rating.servedAt, 'MM-DD HH:mm')}）` },
            { key: 'where', label: '部门 / 窗口 / 人员', children: `${r.departmentName ?? '中心'} / ${rating.windowNumber ? `${rating.windowNumber} 号窗口` : '—'} / ${rating.staffName ?? '—'}` },
            {
              key: 'rater',
              label: '评价人',
              children: rating.realName ? (
                <Space orientation="vertical" size={4}>
                  <Typography.Text data-testid="rater-masked">{`${rating.raterName ?? ''} ${rating.raterPhone ?? ''}`}</Typography.Text>
                  <RaterContact ratingId={rating.id} />
                </Space>
              ) : (
                '匿名评价（无法回访）'
              ),
            },
            { key: 'callback', label: '回访', children: r.callback ? `${formatTime(r.callback.at, 'MM-DD HH:mm')} ${r.callback.reached ? '已联系上' : '未联系上'}${r.callback.note ? `：${r.callback.note}` : ''}` : '尚未回访' },
            { key: 'result', label: '办理结果', children: r.result ?? '—' },
            ...(r.appeal ? [{ key: 'appeal', label: '申诉', children: `${r.appeal.statusLabel}：${r.appeal.reason}` }] : []),
          ]}
        />
        {open && (
          <Space wrap>
            <Button onClick={() => setDialog('callback')}>登记回访</Button>
            <Button type="primary" onClick={() => setDialog('close')}>
              办结
            </Button>
            {rating.realName && !r.callback && <Typography.Text type="secondary">实名差评须先回访再办结。</Typography.Text>}
          </Space>
        )}
        <Card size="small" title="办理记录">
          <RectificationSteps rectification={r} />
        </Card>
      </Space>
    );
  }

  return (
    <Drawer open={Boolean(rectificationId)} onClose={onClose} title="差评整改" size={640} rootClassName="rectification-drawer" destroyOnHidden>
      {body}
      <FormModal<CallbackValues> open={dialog === 'callback'} title="登记回访" initialValues={{ reached: true }} onSubmit={(v) => step('callback', { reached: v.reached, note: v.note.trim() })} onClose={() => setDialog(undefined)} successMessage="回访已登记">
        <Form.Item name="reached" label="是否联系上评价人" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: true, label: '已联系上' },
              { value: false, label: '未联系上' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="回访情况" rules={[{ required: true, whitespace: true, message: '请填写回访情况' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="评价人反映的问题、沟通结果" />
        </Form.Item>
      </FormModal>
      <FormModal<CloseValues> open={dialog === 'close'} title="办结差评" okText="办结" initialValues={{ outcome: 'rectified' }} onSubmit={close} onClose={() => setDialog(undefined)} successMessage="已办结">
        <Alert type="warning" showIcon title="办理结果会在好差评公开页面公示，请勿填写姓名、电话等个人信息。" style={{ marginBottom: 16 }} />
        <Form.Item name="outcome" label="办结方式" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'rectified', label: '已整改' },
              { value: 'unfounded', label: '经核实不属实' },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle dependencies={['outcome']}>
          {({ getFieldValue }) => (
            <Form.Item name="result" label={getFieldValue('outcome') === 'unfounded' ? '核实情况（为什么不属实）' : '整改情况（做了什么）'} rules={[{ required: true, whitespace: true, message: '请填写办理结果' }]}>
              <Input.TextArea rows={4} maxLength={1000} showCount />
            </Form.Item>
          )}
        </Form.Item>
      </FormModal>
    </Drawer>
  );
}
