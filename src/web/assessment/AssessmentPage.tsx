import { Alert, Button, Card, Descriptions, Empty, Flex, Form, Input, InputNumber, Popconfirm, Select, Space, Statistic, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { hasAnyRole, isGlobal } from '../shared/access';
import { api } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { businessZone, dayjs, formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { useCenters } from '../shared/orgData';
import { ScreenHeader } from '../shared/Screen';
import { LoadError, PageLoading, TableEmpty } from '../shared/StatusPages';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { useDialog } from '../shared/useDialog';
import {
  dimensionOptions,
  figureText,
  indicatorOptions,
  nextStepLabels,
  severityColors,
  severityOptions,
  statusColors,
  steps,
  type Criterion,
  type Dimension,
  type Finding,
  type Indicator,
  type RankingRow,
  type Round,
  type RoundSummary,
  type Scorecard,
  type ScorecardLine,
  type Severity,
} from './assessment';

const day = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '请按 YYYY-MM-DD 填写日期' };
const points = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** /assessment: the rounds; ?round= a round's criteria and ranking; &center= a center's scorecard. */
export function AssessmentPage() {
  const [params, setParams] = useSearchParams();
  const roundId = params.get('round');
  const centerId = params.get('center');
  const open = (next: { round?: string; center?: string }) => setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>);
  if (!roundId) return <RoundList onOpen={(id) => open({ round: id })} />;
  return <RoundScreen id={roundId} centerId={centerId} onBack={() => open({})} onCenter={(center) => open({ round: roundId, center })} />;
}

interface RoundValues {
  name: string;
  year: number;
  scopeCenterId?: string;
  centerIds?: string[];
  periodFrom: string;
  periodTo: string;
  selfDeadline: string;
}

function RoundList({ onOpen }: { onOpen(id: string): void }) {
  const user = useCurrentUser();
  const rounds = useAsync((signal) => api.get<RoundSummary[]>('/api/v1/assessment/rounds', undefined, signal), []);
  const centers = useCenters();
  const [creating, setCreating] = useState(false);
  const provinces = (centers.data ?? []).filter((c) => c.level === 'province' && user.roles.some((g) => g.role === 'admin' && g.centerId === c.id));
  const canCreate = isGlobal(user, ['admin']) || provinces.length > 0;
  const year = dayjs().tz(businessZone).year();
  return (
    <>
      <ScreenHeader
        title="标杆大厅考评"
        description="管理完善度 · 建设规范度 · 服务成熟度 · 应用创新度：自查自检、实地核查、限期整改、评分排名"
        extra={canCreate && <Button type="primary" onClick={() => setCreating(true)}>新建考评批次</Button>}
      />
      {rounds.error && !rounds.data ? (
        <LoadError error={rounds.error} onRetry={rounds.reload} />
      ) : (
        <Table<RoundSummary>
          rowKey="id"
          loading={rounds.loading}
          dataSource={rounds.data ?? []}
          pagination={false}
          locale={{ emptyText: <TableEmpty error={rounds.error} description="暂无考评批次" /> }}
          onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '批次', dataIndex: 'name', render: (name: string, r) => <Typography.Link onClick={() => onOpen(r.id)}>{name}</Typography.Link> },
            { title: '年度', dataIndex: 'year', width: 80 },
            { title: '组织单位', dataIndex: 'scopeCenterName', render: (name: string | null) => name ?? '全部中心' },
            { title: '考评期间', render: (_, r) => `${r.periodFrom} 至 ${r.periodTo}` },
            { title: '自评截止', dataIndex: 'selfDeadline', width: 120 },
            { title: '状态', dataIndex: 'statusLabel', width: 110, render: (label: string, r) => <Tag color={statusColors[r.status]}>{label}</Tag> },
          ]}
        />
      )}
      <FormModal<RoundValues>
        open={creating}
        title="新建考评批次"
        okText="创建"
        successMessage="已创建考评批次"
        width={640}
        initialValues={{ year, periodFrom: `${year}-01-01`, periodTo: dayjs().tz(businessZone).format('YYYY-MM-DD'), scopeCenterId: provinces[0]?.id }}
        onClose={() => setCreating(false)}
        onSubmit={async (values) => {
          const round = await api.post<Round>('/api/v1/assessment/rounds', { ...values, name: values.name.trim(), centerIds: values.centerIds?.length ? values.centerIds : undefined });
          onOpen(round.id);
        }}
      >
        <Form.Item name="name" label="批次名称" rules={[{ required: true, whitespace: true, message: '请填写批次名称' }]}>
          <Input maxLength={100} placeholder="如：2026 年度标杆政务服务中心复查复审" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="scopeCenterId" label="组织单位（省级中心）" style={{ flex: 1 }} extra={isGlobal(user, ['admin']) ? '不选：全部中心' : undefined} rules={[{ required: !isGlobal(user, ['admin']), message: '请选择省级中心' }]}>
            <Select allowClear options={provinces.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="centerIds" label="被考评中心" extra="不选：范围内全部市级、县（区）级中心">
          <Select mode="multiple" allowClear optionFilterProp="label" options={(centers.data ?? []).filter((c) => c.level !== 'province').map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="periodFrom" label="统计期间自" rules={[{ required: true, message: '请填写开始日期' }, day]} style={{ flex: 1 }}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="periodTo" label="至" rules={[{ required: true, message: '请填写结束日期' }, day]} style={{ flex: 1 }}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="selfDeadline" label="自评截止" rules={[{ required: true, message: '请填写自评截止日期' }, day]} style={{ flex: 1 }}>
            <Input type="date" />
          </Form.Item>
        </Flex>
      </FormModal>
    </>
  );
}

function RoundScreen({ id, centerId, onBack, onCenter }: { id: string; centerId: string | null; onBack(): void; onCenter(id: string): void }) {
  const round = useAsync((signal) => api.get<Round>(`/api/v1/assessment/rounds/${id}`, undefined, signal), [id]);
  const run = useAction();
  const [addingCriterion, setAddingCriterion] = useState(false);
  if (round.error && !round.data) return <LoadError error={round.error} onRetry={round.reload} />;
  if (!round.data) return <PageLoading />;
  const r = round.data;
  const next = nextStepLabels[r.status];
  const seesRanking = r.access.manage || r.access.inspect || r.status === 'published';
  return (
    <>
      <ScreenHeader
        title={r.name}
        description={`${r.scopeCenterName ?? '全部中心'} · 统计期间 ${r.periodFrom} 至 ${r.periodTo} · 自评截止 ${r.selfDeadline}`}
        extra={
          <Space wrap>
            <Button onClick={onBack}>返回批次列表</Button>
            {r.access.manage && r.status === 'draft' && <Button onClick={() => setAddingCriterion(true)}>添加指标</Button>}
            {r.access.manage && (r.status === 'self_assessment' || r.status === 'inspection') && (
              <Button onClick={() => run(() => api.post(`/api/v1/assessment/rounds/${id}/indicators`), '已按统计数据重新计算').then(round.reload)}>重新计算自动指标</Button>
            )}
            {r.access.manage && next && (
              <Popconfirm title={`确认${next}？`} description={r.status === 'inspection' ? '发布后成绩不再变动，被考评中心可查看排名。' : '进入下一阶段后不能退回。'} okText="确认" cancelText="取消" onConfirm={() => run(() => api.post(`/api/v1/assessment/rounds/${id}/advance`), `已${next}`).then(round.reload)}>
                <Button type="primary">{next}</Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps size="small" current={steps.indexOf(r.status)} items={[{ title: '草稿' }, { title: '中心自评' }, { title: '实地核查' }, { title: '结果发布' }]} />
      </Card>
      <CriteriaCard round={r} onChanged={round.reload} />
      {seesRanking ? (
        <RankingCard roundId={id} status={r.status} onCenter={onCenter} selected={centerId} />
      ) : (
        <Card size="small" title="本中心考评" style={{ marginBottom: 16 }}>
          <Space wrap>
            {r.centers.filter((c) => r.access.centers.includes(c.id)).map((c) => (
              <Button key={c.id} type={c.id === centerId ? 'primary' : 'default'} onClick={() => onCenter(c.id)}>{c.name}</Button>
            ))}
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>排名在考评结果发布后可见。</Typography.Paragraph>
        </Card>
      )}
      {centerId && <ScorecardCard round={r} centerId={centerId} key={centerId} />}
      <FormModal<{ dimension: Dimension; title: string; description?: string; maxPoints: number; indicator?: Indicator }>
        open={addingCriterion}
        title="添加考评指标"
        okText="添加"
        successMessage="已添加指标"
        onClose={() => setAddingCriterion(false)}
        onSubmit={async (values) => {
          await api.post(`/api/v1/assessment/rounds/${id}/criteria`, { ...values, title: values.title.trim(), description: values.description?.trim() || undefined });
          round.reload();
        }}
      >
        <Form.Item name="dimension" label="维度" rules={[{ required: true, message: '请选择维度' }]}>
          <Select options={dimensionOptions} />
        </Form.Item>
        <Form.Item name="title" label="指标" rules={[{ required: true, whitespace: true, message: '请填写指标' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label="评分说明">
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
        <Form.Item name="maxPoints" label="分值" rules={[{ required: true, message: '请填写分值' }]}>
          <InputNumber min={0.5} max={1000} step={0.5} />
        </Form.Item>
        <Form.Item name="indicator" label="自动指标" extra="选定后按统计数据自动计分，中心无需自评">
          <Select allowClear options={indicatorOptions} placeholder="不选：中心自评、核查评分" />
        </Form.Item>
      </FormModal>
    </>
  );
}

function CriteriaCard({ round, onChanged }: { round: Round; onChanged(): void }) {
  const run = useAction();
  const total = round.criteria.reduce((sum, c) => sum + c.maxPoints, 0);
  return (
    <Card size="small" title={`考评指标（满分 ${points(total)} 分）`} style={{ marginBottom: 16 }}>
      <Table<Criterion>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={round.criteria}
        locale={{ emptyText: <Empty description={round.access.manage ? '尚未设置指标，请点击“添加指标”' : '尚未设置指标'} /> }}
        columns={[
          { title: '维度', dataIndex: 'dimensionLabel', width: 120 },
          { title: '指标', dataIndex: 'title', render: (title: string, c) => <>{title}{c.description && <Typography.Text type="secondary">（{c.description}）</Typography.Text>}</> },
          { title: '分值', dataIndex: 'maxPoints', width: 80, render: points },
          { title: '计分方式', width: 160, render: (_, c) => (c.indicatorLabel ? <Tag color="blue">自动：{c.indicatorLabel}</Tag> : <Tag>自评 + 核查</Tag>) },
          ...(round.access.manage && round.status === 'draft'
            ? [{
                title: '操作',
                width: 80,
                render: (_: unknown, c: Criterion) => (
                  <Popconfirm title="确认删除该指标？" okText="删除" cancelText="取消" onConfirm={() => run(() => api.delete(`/api/v1/assessment/rounds/${round.id}/criteria/${c.id}`), '已删除').then(onChanged)}>
                    <Button type="link" danger size="small">删除</Button>
                  </Popconfirm>
                ),
              }]
            : []),
        ]}
      />
    </Card>
  );
}

function RankingCard({ roundId, status, onCenter, selected }: { roundId: string; status: Round['status']; onCenter(id: string): void; selected: string | null }) {
  const ranking = useAsync((signal) => api.get<RankingRow[]>(`/api/v1/assessment/rounds/${roundId}/ranking`, undefined, signal), [roundId, status]);
  return (
    <Card size="small" data-testid="assessment-ranking" title={status === 'published' ? '考评结果与排名' : '得分与排名（未发布）'} style={{ marginBottom: 16 }}>
      {ranking.error && !ranking.data ? (
        <LoadError error={ranking.error} onRetry={ranking.reload} />
      ) : (
        <Table<RankingRow>
          rowKey="centerId"
          size="small"
          loading={ranking.loading}
          pagination={false}
          dataSource={ranking.data ?? []}
          rowClassName={(r) => (r.centerId === selected ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ onClick: () => onCenter(r.centerId), style: { cursor: 'pointer' } })}
          columns={[
            { title: '排名', dataIndex: 'rank', width: 70 },
            { title: '中心', dataIndex: 'centerName', render: (name: string, r) => <Typography.Link onClick={() => onCenter(r.centerId)}>{name}</Typography.Link> },
            ...dimensionOptions.map((d) => ({ title: d.label, width: 110, render: (_: unknown, r: RankingRow) => points(r.byDimension[d.value]) })),
            { title: '总分', dataIndex: 'total', width: 110, render: (total: number, r) => <Typography.Text strong>{points(total)} / {points(r.maxTotal)}</Typography.Text> },
            { title: '整改', width: 150, render: (_, r) => <>{r.openFindings > 0 ? `未销号 ${r.openFindings} 项` : '—'}{r.overdueFindings > 0 && <Tag color="red" style={{ marginLeft: 6 }}>逾期 {r.overdueFindings}</Tag>}</> },
          ]}
        />
      )}
    </Card>
  );
}

function ScorecardCard({ round, centerId }: { round: Round; centerId: string }) {
  const user = useCurrentUser();
  const card = useAsync((signal) => api.get<Scorecard>(`/api/v1/assessment/rounds/${round.id}/centers/${centerId}`, undefined, signal), [round.id, centerId, round.status]);
  const selfDialog = useDialog<ScorecardLine>();
  const findingDialog = useDialog<ScorecardLine | undefined>();
  const followDialog = useDialog<{ finding: Finding; close: boolean }>();
  if (card.error && !card.data) return <LoadError error={card.error} onRetry={card.reload} />;
  if (!card.data) return <PageLoading />;
  const c = card.data;
  const ownCenter = round.access.centers.includes(centerId) && hasAnyRole(user, ['admin', 'center_manager']);
  const canSelfAssess = ownCenter && round.selfAssessmentOpen;
  const canInspect = round.access.inspect && round.status === 'inspection';
  const criterionTitle = (id: string) => c.lines.find((l) => l.criterion.id === id)?.criterion.title ?? '';
  return (
    <Card
      size="small"
      data-testid="assessment-scorecard"
      title={`${c.centerName} · 计分卡`}
      extra={canInspect && <Button type="primary" onClick={() => findingDialog.show(undefined)}>记录核查问题</Button>}
    >
      <Flex gap={32} wrap style={{ marginBottom: 12 }}>
        <Statistic title="总分" value={points(c.totals.total)} suffix={`/ ${points(c.totals.maxTotal)}`} />
        {c.rank !== null && <Statistic title="排名" value={c.rank} />}
        {dimensionOptions.map((d) => <Statistic key={d.value} title={d.label} value={points(c.totals.byDimension[d.value])} />)}
      </Flex>
      {round.status === 'self_assessment' && ownCenter && !round.selfAssessmentOpen && <Alert type="warning" showIcon title={`自评已于 ${round.selfDeadline} 截止`} style={{ marginBottom: 12 }} />}
      <Table<ScorecardLine>
        rowKey={(l) => l.criterion.id}
        size="small"
        pagination={false}
        dataSource={c.lines}
        locale={{ emptyText: <Empty description="尚未设置指标" /> }}
        columns={[
          { title: '维度', width: 110, render: (_, l) => l.criterion.dimensionLabel },
          { title: '指标', render: (_, l) => `${l.criterion.title}（${points(l.criterion.maxPoints)} 分）` },
          {
            title: '自动指标 / 自评与佐证',
            render: (_, l) =>
              l.criterion.indicator ? (
                l.auto ? (
                  <div>
                    <Typography.Text>{figureText(l.criterion.indicator, l.auto.value)} → {points(l.auto.points)} 分</Typography.Text>
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      来源：{l.auto.source.statistic}；{l.auto.source.from} 至 {l.auto.source.to}；样本 {l.auto.source.basis}；计算于 {formatTime(l.auto.computedAt, 'YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </div>
                ) : (
                  <Typography.Text type="secondary">进入实地核查时按统计数据计算</Typography.Text>
                )
              ) : l.self ? (
                <div>
                  <Typography.Text>自评 {points(l.self.score)} 分：{l.self.evidence}</Typography.Text>
                  {l.self.links.length > 0 && <div>{l.self.links.map((link) => (/^https?:\/\//.test(link) ? <Typography.Link key={link} href={link} target="_blank" style={{ marginRight: 8 }}>{link}</Typography.Link> : <Tag key={link}>{link}</Tag>))}</div>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.self.scoredBy ?? ''} {formatTime(l.self.updatedAt, 'YYYY-MM-DD HH:mm')}</Typography.Text>
                </div>
              ) : (
                <Typography.Text type="secondary">未自评</Typography.Text>
              ),
          },
          { title: '核查评分', width: 90, render: (_, l) => (l.inspectorScore === null ? '—' : points(l.inspectorScore)) },
          { title: '得分', width: 120, render: (_, l) => <>{points(l.points)} <Tag>{l.sourceLabel}</Tag></> },
          ...(canSelfAssess || canInspect
            ? [{
                title: '操作',
                width: 100,
                render: (_: unknown, l: ScorecardLine) => (
                  <Space size={0}>
                    {canSelfAssess && !l.criterion.indicator && <Button type="link" size="small" onClick={() => selfDialog.show(l)}>自评</Button>}
                    {canInspect && <Button type="link" size="small" onClick={() => findingDialog.show(l)}>记录问题</Button>}
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>核查问题与整改</Typography.Title>
      {c.findings.length === 0 ? (
        <Empty description="暂无核查问题" />
      ) : (
        c.findings.map((f) => (
          <Card key={f.id} size="small" data-testid="assessment-finding" style={{ marginBottom: 8 }} title={<Space wrap><Tag color={severityColors[f.severity]}>{f.severityLabel}</Tag>{f.text}</Space>}
            extra={<Space>{f.overdue && <Tag color="red">已逾期</Tag>}<Tag color={f.status === 'closed' ? 'green' : 'orange'}>{f.statusLabel}</Tag></Space>}>
            <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
              { label: '指标', children: criterionTitle(f.criterionId) },
              { label: '核查人', children: `${f.inspectorName}（${f.visitedOn} 走访）` },
              { label: '核查评分', children: f.inspectorScore === null ? '—' : points(f.inspectorScore) },
              { label: '整改期限', children: `${f.dueDate}（${f.rectifyDays} 个工作日）` },
            ]} />
            {f.followUps.length > 0 && (
              <Timeline style={{ marginTop: 12 }} items={f.followUps.map((u) => ({ color: u.closes ? 'green' : 'blue', content: `${formatTime(u.createdAt, 'YYYY-MM-DD HH:mm')} ${u.authorName}${u.closes ? '（销号）' : ''}：${u.text}` }))} />
            )}
            {f.status !== 'closed' && (
              <Space style={{ marginTop: 8 }}>
                {ownCenter && <Button size="small" onClick={() => followDialog.show({ finding: f, close: false })}>报送整改情况</Button>}
                {round.access.inspect && f.status === 'rectifying' && <Button size="small" type="primary" onClick={() => followDialog.show({ finding: f, close: true })}>复核销号</Button>}
              </Space>
            )}
          </Card>
        ))
      )}
      <FormModal<{ score: number; evidence: string; links?: string }>
        open={selfDialog.open}
        title={`自评：${selfDialog.subject?.criterion.title ?? ''}`}
        okText="保存自评"
        initialValues={{ score: selfDialog.subject?.self?.score, evidence: selfDialog.subject?.self?.evidence, links: selfDialog.subject?.self?.links.join('\n') }}
        onClose={selfDialog.close}
        onSubmit={async (values) => {
          const links = (values.links ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
          await api.put(`/api/v1/assessment/rounds/${round.id}/centers/${centerId}/self-scores`, { criterionId: selfDialog.subject!.criterion.id, score: values.score, evidence: values.evidence.trim(), links });
          card.reload();
        }}
      >
        <Form.Item name="score" label={`自评分（满分 ${points(selfDialog.subject?.criterion.maxPoints ?? 0)}）`} rules={[{ required: true, message: '请填写自评分' }]}>
          <InputNumber min={0} max={selfDialog.subject?.criterion.maxPoints} step={0.5} />
        </Form.Item>
        <Form.Item name="evidence" label="佐证说明" rules={[{ required: true, whitespace: true, message: '请填写佐证说明' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="links" label="佐证材料" extra="每行一个链接或已上传的文件名">
          <Input.TextArea rows={2} />
        </Form.Item>
      </FormModal>
      <FormModal<{ criterionId: string; text: string; severity: Severity; inspectorScore?: number; visitedOn?: string; rectifyDays?: number }>
        open={findingDialog.open}
        title={`记录核查问题：${c.centerName}`}
        okText="记录"
        successMessage="已记录核查问题"
        initialValues={{ criterionId: findingDialog.subject?.criterion.id, severity: 'minor' }}
        onClose={findingDialog.close}
        onSubmit={async (values) => {
          await api.post(`/api/v1/assessment/rounds/${round.id}/findings`, { ...values, centerId, text: values.text.trim(), visitedOn: values.visitedOn || undefined });
          card.reload();
        }}
      >
        <Form.Item name="criterionId" label="指标" rules={[{ required: true, message: '请选择指标' }]}>
          <Select options={c.lines.map((l) => ({ value: l.criterion.id, label: `${l.criterion.dimensionLabel} · ${l.criterion.title}` }))} />
        </Form.Item>
        <Form.Item name="text" label="问题描述" rules={[{ required: true, whitespace: true, message: '请填写问题描述' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="severity" label="严重程度" rules={[{ required: true, message: '请选择严重程度' }]} style={{ flex: 2 }}>
            <Select options={severityOptions} />
          </Form.Item>
          <Form.Item name="inspectorScore" label="核查评分" style={{ flex: 1 }}>
            <InputNumber min={0} step={0.5} />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="visitedOn" label="走访日期" extra="不填：今天" rules={[day]} style={{ flex: 1 }}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="rectifyDays" label="整改期限（工作日）" extra="不填：按严重程度" style={{ flex: 1 }}>
            <InputNumber min={1} max={120} />
          </Form.Item>
        </Flex>
      </FormModal>
      <FormModal<{ text: string }>
        open={followDialog.open}
        title={followDialog.subject?.close ? '复核销号' : '报送整改情况'}
        okText={followDialog.subject?.close ? '销号' : '报送'}
        successMessage={followDialog.subject?.close ? '已销号' : '已报送'}
        onClose={followDialog.close}
        onSubmit={async (values) => {
          await api.post(`/api/v1/assessment/findings/${followDialog.subject!.finding.id}/follow-ups`, { text: values.text.trim(), close: followDialog.subject!.close || undefined });
          card.reload();
        }}
      >
        <Form.Item name="text" label={followDialog.subject?.close ? '复核意见' : '整改情况'} rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
