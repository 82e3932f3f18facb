import { Card, Descriptions, Empty, List, Rate, Space, Steps, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatTime } from '../shared/format';
import { authorisationColors, minutesText, statusColors, type Authorisation, type RequestDetail } from './assistance';

type Step = RequestDetail['plan'][number];

/** Where a request stands, as a row of steps with their times. */
function StatusSteps({ detail }: { detail: RequestDetail }) {
  if (detail.status === 'withdrawn') return <Tag>已撤回 {formatTime(detail.withdrawnAt, 'YYYY-MM-DD HH:mm')}</Tag>;
  const steps = [
    { title: '已提交', at: detail.submittedAt },
    { title: '已分派', at: detail.assignedAt },
    { title: '服务中', at: detail.acceptedAt },
    { title: '已办结', at: detail.completedAt },
  ];
  const current = ['submitted', 'assigned', 'in_progress', 'completed'].indexOf(detail.status);
  return (
    <Steps
      size="small"
      current={current}
      status={detail.status === 'completed' ? 'finish' : 'process'}
      items={steps.map((s) => ({ title: s.title, content: s.at ? formatTime(s.at, 'MM-DD HH:mm') : undefined }))}
    />
  );
}

/**
 * One request as everyone concerned sees it: the company, its agent, the plan and its progress, the services
 * with their time, and the authorisations. Each screen adds its own actions through the slots.
 */
export function RequestProgress({
  detail,
  extra,
  planAction,
  authorisationAction,
}: {
  detail: RequestDetail;
  extra?: ReactNode;
  planAction?: (step: Step) => ReactNode;
  authorisationAction?: (authorisation: Authorisation) => ReactNode;
}) {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="assistance-detail">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        bordered
        items={[
          { key: 'company', label: '企业', children: detail.companyName },
          { key: 'code', label: '统一社会信用代码', children: detail.creditCode },
          { key: 'project', label: '投资项目代码', children: detail.projectCode ?? '—' },
          { key: 'level', label: '服务层级', children: detail.park ? `${detail.levelLabel}（${detail.park}）` : detail.levelLabel },
          { key: 'contact', label: '联系人', children: `${detail.contactName} ${detail.contactPhone}` },
          { key: 'channel', label: '来源', children: detail.enteredBy ? `${detail.channelLabel}（${detail.enteredBy}）` : detail.channelLabel },
          { key: 'status', label: '状态', children: <Tag color={statusColors[detail.status]} data-testid="assistance-status">{detail.statusLabel}</Tag> },
          { key: 'agent', label: '首席服务专员', children: <span data-testid="assistance-agent">{detail.agent?.name ?? '待分派'}</span> },
          { key: 'need', label: '需求', span: 2, children: detail.need },
        ]}
      />
      <StatusSteps detail={detail} />
      {extra}
      <Card size="small" title="服务计划">
        <List
          dataSource={detail.plan}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="专员尚未制定服务计划" /> }}
          renderItem={(step) => (
            <List.Item data-testid="plan-step" extra={planAction?.(step)}>
              <Space wrap>
                {step.doneAt ? <Tag color="green">已完成</Tag> : step.overdue ? <Tag color="red">已逾期</Tag> : <Tag color="blue">计划中</Tag>}
                <Typography.Text delete={Boolean(step.doneAt)}>{step.title}</Typography.Text>
                <Typography.Text type="secondary">计划 {step.dueDate} 前</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={`服务记录（共 ${detail.services.length} 次，${minutesText(detail.totalMinutes)}）`}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={detail.services}
          locale={{ emptyText: '还没有服务记录' }}
          scroll={{ x: 560 }}
          columns={[
            { title: '日期', dataIndex: 'date', width: 110 },
            { title: '方式', dataIndex: 'kindLabel', width: 100, render: (label: string, s) => (s.authorisationId ? <Tag color="purple">{label}</Tag> : label) },
            { title: '用时', dataIndex: 'minutes', width: 110, render: (m: number) => minutesText(m) },
            { title: '内容', dataIndex: 'note' },
            { title: '专员', dataIndex: 'agentName', width: 90 },
          ]}
        />
      </Card>
      <Card size="small" title="授权委托（代为申报）">
        <List
          dataSource={detail.authorisations}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="企业尚未授权专员代为申报" /> }}
          renderItem={(a) => (
            <List.Item data-testid="authorisation" extra={authorisationAction?.(a)}>
              <Space wrap>
                <Tag color={authorisationColors[a.state]}>{a.stateLabel}</Tag>
                <span>授权 {a.agentName}：{a.scope}</span>
                <Typography.Text type="secondary">有效至 {a.validUntil}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {detail.rating && (
        <Card size="small" title="企业评价">
          <Rate disabled value={detail.rating.score} /> <Typography.Text>{detail.rating.comment}</Typography.Text>
        </Card>
      )}
    </Space>
  );
}
