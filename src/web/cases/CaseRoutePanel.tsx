import { RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Space, Steps, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { caseAction, type CaseView } from './cases';
import type { CaseRoute } from './workflow';

/**
 * Where an accepted case stands on its item's route (承办 → 审核 → 决定), the opinions given so far, and
 * 提交下一步 / 退回上一步 for the department's approvers; the decision itself is the drawer's 准予 / 不予.
 */
export function CaseRoutePanel({ kase, route, onChanged }: { kase: CaseView; route: CaseRoute; onChanged(): void }) {
  const [dialog, setDialog] = useState<'advance' | 'send-back' | null>(null);
  // A route of the decision alone has nothing to show: the case is decided directly.
  if (route.steps.length === 1) return null;
  const active = kase.status === 'accepted';
  const done = ['decided', 'completed'].includes(kase.status);
  const act = async (action: 'advance' | 'send-back', body: unknown) => {
    await caseAction(kase.id, action, body);
    onChanged();
  };

  return (
    <div data-testid="case-route">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text strong>
          后台办理步骤{active && <Typography.Text type="secondary">（当前：<span data-testid="current-step">{route.currentStep}</span>）</Typography.Text>}
        </Typography.Text>
        {active && !route.atDecision && (
          <Space>
            {route.position > 0 && (
              <Button size="small" icon={<RollbackOutlined />} onClick={() => setDialog('send-back')}>
                退回上一步
              </Button>
            )}
            <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => setDialog('advance')}>
              提交下一步
            </Button>
          </Space>
        )}
      </Flex>
      <Steps size="small" current={done ? route.steps.length : route.position} items={route.steps.map((title) => ({ title }))} />
      {route.opinions.length > 0 && (
        <Timeline
          style={{ marginTop: 16 }}
          items={route.opinions.map((o, i) => ({
            key: i,
            color: o.kind === 'send_back' ? 'orange' : 'blue',
            content: (
              <span>
                {formatTime(o.at, 'YYYY-MM-DD HH:mm')} <Typography.Text strong>{o.kind === 'send_back' ? `${o.stepName}退回` : `${o.stepName}意见`}</Typography.Text>
                {o.actorName && ` · ${o.actorName}`}：{o.opinion}
              </span>
            ),
          }))}
        />
      )}
      <FormModal<{ opinion: string }>
        open={dialog === 'advance'}
        title={`${route.currentStep}：提交下一步`}
        okText={`提交至「${route.steps[route.position + 1] ?? ''}」`}
        successMessage="已提交下一步"
        onClose={() => setDialog(null)}
        onSubmit={({ opinion }) => act('advance', { opinion: opinion.trim() })}
      >
        <Form.Item name="opinion" label={`${route.currentStep}意见`} rules={[{ required: true, whitespace: true, message: '请填写本步骤的意见' }, { max: 500, message: '最多 500 个字' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如：材料齐全，符合条件，建议准予" />
        </Form.Item>
      </FormModal>
      <FormModal<{ reason: string }>
        open={dialog === 'send-back'}
        title={`退回「${route.steps[route.position - 1] ?? ''}」`}
        okText="确认退回"
        successMessage="已退回上一步"
        onClose={() => setDialog(null)}
        onSubmit={({ reason }) => act('send-back', { reason: reason.trim() })}
      >
        <Form.Item name="reason" label="退回理由" rules={[{ required: true, whitespace: true, message: '退回须说明理由' }, { max: 500, message: '最多 500 个字' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
    </div>
  );
}
