import { ArrowLeftOutlined, LinkOutlined, StepForwardOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, Form, Input, List, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { caseStatusColors } from '../cases/cases';
import { api } from '../shared/api';
import { hasAnyRole } from '../shared/access';
import { useCurrentUser } from '../shared/auth';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { ScreenHeader } from '../shared/Screen';
import { LoadError, PageLoading } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { ledgerWriterRoles, stageLabels, stageOrder, type LinkedCase, type ProjectDetail, type Stage, type StageView } from './projects';

const warningTags: Record<NonNullable<LinkedCase['warning']>, { color: string; label: string }> = {
  overdue: { color: 'red', label: '已超期' },
  due_soon: { color: 'orange', label: '即将到期' },
};

function StageCases({ stage }: { stage: StageView }) {
  return (
    <Table<LinkedCase>
      rowKey="caseId"
      size="small"
      pagination={false}
      dataSource={stage.cases}
      locale={{ emptyText: '本阶段还没有关联办件' }}
      columns={[
        { title: '办件编号', dataIndex: 'caseNo', width: 160 },
        { title: '事项', dataIndex: 'itemName', render: (name: string, c) => `${name}（${c.itemCode}）` },
        { title: '状态', dataIndex: 'statusLabel', width: 100, render: (label: string, c) => <Tag color={caseStatusColors[c.status as keyof typeof caseStatusColors]}>{label}</Tag> },
        { title: '承诺办结', dataIndex: 'promisedDeadline', width: 150, render: (d: string | null, c) => <Space size={4}>{d ?? '—'}{c.warning && !c.completed && <Tag color={warningTags[c.warning].color}>{warningTags[c.warning].label}</Tag>}</Space> },
        { title: '关联人', dataIndex: 'linkedBy', width: 100 },
      ]}
    />
  );
}

function StageCard({ stage }: { stage: StageView }) {
  const pending = new Set(stage.nextRequiredItems.map((i) => i.code));
  return (
    <Card size="small" title={`${stage.label}${stage.state === 'current' ? '（当前阶段）' : ''}`} style={{ marginBottom: 12 }} aria-label={`${stage.label}阶段`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {stage.state === 'done' && !stage.enteredAt ? (
          <Typography.Text type="secondary">项目登记入账时已过此阶段，用时与办件未纳入总账</Typography.Text>
        ) : (
          <Typography.Text>
            用时 {stage.elapsedDays ?? 0} 个工作日{stage.normDays ? `（标准 ${stage.normDays} 个工作日）` : ''}
            {stage.enteredAt && ` · ${formatTime(stage.enteredAt, 'YYYY-MM-DD')} 进入`}
            {stage.leftAt && ` · ${formatTime(stage.leftAt, 'YYYY-MM-DD')} 离开`}
          </Typography.Text>
        )}
        {stage.requiredItems.length > 0 ? (
          <Flex wrap gap={6} align="center">
            <Typography.Text type="secondary">必办事项：</Typography.Text>
            {stage.requiredItems.map((i) => (
              <Tag key={i.code} color={stage.state === 'done' || !pending.has(i.code) ? 'green' : 'gold'}>
                {i.name}
                {stage.state !== 'done' && (pending.has(i.code) ? '（待办）' : '（已办结）')}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">本阶段没有必办的审批事项</Typography.Text>
        )}
        {stage.overrideReason && <Alert type="warning" showIcon message={`必办事项未全部办结即进入下一阶段，原因：${stage.overrideReason}`} />}
        <StageCases stage={stage} />
      </Space>
    </Card>
  );
}

interface AdvanceForm {
  overrideReason?: string;
}

export function ProjectDetailView({ id }: { id: string }) {
  const user = useCurrentUser();
  const { data: project, error, loading, reload } = useAsync((signal) => api.get<ProjectDetail>(`/api/v1/projects/${id}`, undefined, signal), [id]);
  const [linking, setLinking] = useState(false);
  const [advancing, setAdvancing] = useState(false);
  if (error && !project) return <LoadError error={error} onRetry={reload} />;
  if (loading && !project) return <PageLoading />;
  if (!project) return null;

  const canWrite = hasAnyRole(user, ledgerWriterRoles);
  const currentIndex = stageOrder.indexOf(project.stage);
  const next: Stage | undefined = stageOrder[currentIndex + 1];
  const current = project.stages[currentIndex]!;
  const reached = project.stages.filter((s) => s.state !== 'ahead');

  return (
    <>
      <ScreenHeader
        title={project.name}
        description={`投资项目代码 ${project.code}`}
        extra={
          <Space wrap>
            <Link to="/projects">
              <ArrowLeftOutlined /> 返回总账
            </Link>
            {canWrite && (
              <Button icon={<LinkOutlined />} onClick={() => setLinking(true)}>
                关联办件
              </Button>
            )}
            {canWrite && next && (
              <Button type="primary" icon={<StepForwardOutlined />} onClick={() => setAdvancing(true)}>
                进入{stageLabels[next]}阶段
              </Button>
            )}
          </Space>
        }
      />
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="业主单位">{project.ownerName}</Descriptions.Item>
        <Descriptions.Item label="统一社会信用代码">{project.ownerCreditCode}</Descriptions.Item>
        <Descriptions.Item label="建设地点">{project.location}</Descriptions.Item>
        <Descriptions.Item label="当前阶段">
          <Tag color="blue">{project.stageLabel}</Tag>已 {project.stageDays} 个工作日
        </Descriptions.Item>
        <Descriptions.Item label="所属中心">{project.centerName}</Descriptions.Item>
        <Descriptions.Item label="关联办件">{project.linkedCases} 件</Descriptions.Item>
      </Descriptions>

      {project.bottlenecks.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message="卡点"
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {project.bottlenecks.map((b) => (
                <li key={b.reason}>{b.reason}</li>
              ))}
            </ul>
          }
        />
      )}

      <Card size="small" title="八个阶段" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={currentIndex}
          items={project.stages.map((s) => ({
            title: s.label,
            status: s.state === 'done' ? 'finish' : s.state === 'current' ? (project.bottlenecks.some((b) => b.stage === s.stage) ? 'error' : 'process') : 'wait',
            description: s.state === 'ahead' ? (s.normDays ? `标准 ${s.normDays} 日` : '') : s.elapsedDays === null ? '登记前' : `${s.elapsedDays} 个工作日`,
          }))}
        />
      </Card>

      <Card size="small" title={`下一步要办（${current.label}）`} style={{ marginBottom: 16 }} aria-label="待办事项">
        {current.nextRequiredItems.length ? (
          <List size="small" dataSource={current.nextRequiredItems} renderItem={(i) => <List.Item>{i.name}（{i.code}）</List.Item>} />
        ) : (
          <Typography.Text type="success">{current.requiredItems.length ? '本阶段必办事项已全部办结' : '本阶段没有必办的审批事项'}</Typography.Text>
        )}
      </Card>

      {reached
        .slice()
        .reverse()
        .map((s) => (
          <StageCard key={s.stage} stage={s} />
        ))}

      <Card size="small" title="帮办代办" style={{ marginBottom: 16 }} aria-label="帮办代办">
        {project.assistance.length ? (
          project.assistance.map((a) => (
            <div key={a.id} style={{ marginBottom: 12 }}>
              <Space wrap>
                <Typography.Text strong>专员：{a.agentName ?? '待分派'}</Typography.Text>
                <Tag>{a.levelLabel}</Tag>
                <Tag color="blue">{a.statusLabel}</Tag>
                <Typography.Text type="secondary">累计服务 {a.totalMinutes} 分钟</Typography.Text>
              </Space>
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>
                {a.need}
              </Typography.Paragraph>
              <Table
                size="small"
                rowKey={(v) => `${v.date}-${v.note}`}
                pagination={false}
                dataSource={a.services}
                locale={{ emptyText: '还没有服务记录' }}
                columns={[
                  { title: '日期', dataIndex: 'date', width: 110 },
                  { title: '服务', dataIndex: 'kindLabel', width: 120 },
                  { title: '用时（分钟）', dataIndex: 'minutes', width: 110 },
                  { title: '内容', dataIndex: 'note' },
                  { title: '专员', dataIndex: 'agentName', width: 100 },
                ]}
              />
            </div>
          ))
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该项目暂无帮办代办申请" />
        )}
      </Card>

      <Card size="small" title="阶段记录">
        <Table
          size="small"
          rowKey="enteredAt"
          pagination={false}
          dataSource={project.history}
          columns={[
            { title: '阶段', dataIndex: 'stageLabel', width: 110 },
            { title: '进入', dataIndex: 'enteredAt', render: (at: string, h) => `${formatTime(at, 'YYYY-MM-DD HH:mm')} ${h.enteredBy ?? ''}` },
            { title: '离开', dataIndex: 'leftAt', render: (at: string | null, h) => (at ? `${formatTime(at, 'YYYY-MM-DD HH:mm')} ${h.leftBy ?? ''}` : '—') },
            { title: '未办结即推进的原因', dataIndex: 'overrideReason', render: (r: string | null) => r ?? '—' },
          ]}
        />
      </Card>

      <FormModal<{ caseNo: string; stage?: Stage }>
        open={linking}
        title="关联办件"
        okText="关联"
        successMessage="办件已关联"
        onClose={() => setLinking(false)}
        onSubmit={async (values) => {
          await api.post(`/api/v1/projects/${project.id}/cases`, values);
          reload();
        }}
      >
        <Typography.Paragraph type="secondary">只能关联申请人为项目业主（{project.ownerName}）的办件。</Typography.Paragraph>
        <Form.Item name="caseNo" label="办件编号" rules={[{ required: true, message: '请填写办件编号' }]}>
          <Input maxLength={40} placeholder="如 20261124-0001" />
        </Form.Item>
        <Form.Item name="stage" label="所属阶段" extra="不选时按事项所属阶段，或当前阶段">
          <Select allowClear options={reached.map((s) => ({ value: s.stage, label: s.label }))} />
        </Form.Item>
      </FormModal>

      {next && (
        <FormModal<AdvanceForm>
          open={advancing}
          title={`确认进入${stageLabels[next]}阶段`}
          okText="确认进入"
          successMessage={`已进入${stageLabels[next]}阶段`}
          onClose={() => setAdvancing(false)}
          onSubmit={async (values) => {
            await api.post(`/api/v1/projects/${project.id}/advance`, { toStage: next, ...(values.overrideReason ? { overrideReason: values.overrideReason } : {}) });
            reload();
          }}
        >
          <Typography.Paragraph>
            项目将离开{current.label}阶段（已用 {current.elapsedDays ?? 0} 个工作日），进入{stageLabels[next]}阶段。阶段不可回退。
          </Typography.Paragraph>
          {current.nextRequiredItems.length > 0 && (
            <>
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`以下必办事项尚未办结：${current.nextRequiredItems.map((i) => i.name).join('、')}`} />
              <Form.Item name="overrideReason" label="仍要进入下一阶段的原因" rules={[{ required: true, whitespace: true, message: '必办事项未办结，须填写原因（留痕）' }]}>
                <Input.TextArea rows={3} maxLength={500} />
              </Form.Item>
            </>
          )}
        </FormModal>
      )}
    </>
  );
}
