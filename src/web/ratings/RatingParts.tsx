import './ratings.css';
import { App, Tag, Timeline, Typography } from 'antd';
import { formatTime } from '../shared/format';
import { appealStatusColors, appealStatusLabels, rectificationStatusColors, scoreColors, type Rectification, type RectificationSummary, type Score } from './ratings';

/** A level as a coloured tag: 非常不满意 in red … 非常满意 in green. */
export function ScoreTag({ score, label }: { score: Score; label: string }) {
  return <Tag color={scoreColors[score]}>{label}</Tag>;
}

/** A rectification's status, with 已超期 and a pending or decided appeal beside it. */
export function RectificationTags({ rectification }: { rectification: RectificationSummary }) {
  return (
    <>
      <Tag color={rectificationStatusColors[rectification.status]}>{rectification.statusLabel}</Tag>
      {rectification.overdue && <Tag color="red">已超期</Tag>}
      {rectification.appealStatus && <Tag color={appealStatusColors[rectification.appealStatus]}>{appealStatusLabels[rectification.appealStatus]}</Tag>}
    </>
  );
}

/** Everything done about a 差评, in order: opened, called back, appealed, ruled, closed. */
export function RectificationSteps({ rectification }: { rectification: Rectification }) {
  if (!rectification.steps.length) return <Typography.Text type="secondary">还没有办理记录。</Typography.Text>;
  return (
    <Timeline
      items={rectification.steps.map((step, index) => ({
        key: index,
        content: (
          <>
            <Typography.Text strong>{step.action}</Typography.Text>
            <Typography.Text type="secondary">
              {' '}
              {formatTime(step.at, 'MM-DD HH:mm')}
              {step.actorName ? ` · ${step.actorName}` : ''}
            </Typography.Text>
            {step.note && <div>{step.note}</div>}
          </>
        ),
      }))}
    />
  );
}

/**
 * Asks once more before a step that cannot be undone (closing a 差评, ruling an appeal). Used inside a
 * FormModal's submit: declining throws, so the dialog stays open with what was typed.
 */
export function useConfirmStep() {
  const { modal } = App.useApp();
  return (title: string, content: string) =>
    new Promise<void>((resolve, reject) => {
      modal.confirm({
        title,
        content,
        okText: '确认',
        cancelText: '再看看',
        onOk: () => resolve(),
        onCancel: () => reject(new Error('尚未提交：您取消了确认。')),
      });
    });
}
