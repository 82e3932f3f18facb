import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Form, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../shared/api';
import { hasAnyRole } from '../shared/access';
import { useCurrentUser } from '../shared/auth';
import { FormModal } from '../shared/FormModal';
import { creditCodeProblem } from '../shared/identity';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { usePagedTable } from '../shared/usePagedTable';
import { ProjectDetailView } from './ProjectDetail';
import { ledgerRoles, ledgerWriterRoles, stageLabels, stageOrder, type LedgerFigures, type ProjectDetail, type ProjectSummary, type Stage } from './projects';

/** /projects and /projects/:id: the ledger of a center, or one project of it. */
export function ProjectsScreen() {
  const { id } = useParams();
  return id ? <ProjectDetailView id={id} /> : <CenterScopedScreen title="一本总账" roles={ledgerRoles} description="投资项目从招商引资到投产的全流程：各阶段办件、待办事项、用时与卡点">{(center) => <Ledger center={center} />}</CenterScopedScreen>;
}

function Figures({ center }: { center: Center }) {
  const { data, error, reload } = useAsync((signal) => api.get<LedgerFigures>('/api/v1/projects/figures', { centerId: center.id }, signal), [center.id]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  const assistance = data?.assistance;
  return (
    <Card size="small" style={{ marginBottom: 16 }} aria-label="总账数字">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={4}><Statistic title="服务企业" value={data?.companies ?? '-'} suffix="家" /></Col>
        <Col xs={12} md={4}><Statistic title="在账项目" value={data?.projects ?? '-'} suffix="个" /></Col>
        <Col xs={12} md={4}><Statistic title="关联办件" value={data?.linkedCases ?? '-'} suffix="件" /></Col>
        <Col xs={12} md={4}><Statistic title="政务定制" value={data?.customBundles ?? '-'} suffix="次" /></Col>
        <Col xs={24} md={8}>
          {assistance ? (
            <Statistic title="帮办代办服务" value={assistance.services} suffix={`次 · ${assistance.companies} 家企业 · ${assistance.projects} 个项目`} />
          ) : (
            <Statistic title="帮办代办服务" value="—" suffix={<Typography.Text type="secondary" style={{ fontSize: 12 }}>仅管理员和监察人员可见</Typography.Text>} />
          )}
        </Col>
      </Row>
      <Flex wrap gap={8} style={{ marginTop: 12 }}>
        {data?.byStage.map((s) => (
          <Tag key={s.stage} color={s.projects ? 'blue' : 'default'}>
            {s.label} {s.projects}
          </Tag>
        ))}
      </Flex>
    </Card>
  );
}

interface ProjectForm {
  code: string;
  name: string;
  ownerCreditCode: string;
  ownerName: string;
  location: string;
  stage: Stage;
}

function Ledger({ center }: { center: Center }) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const table = usePagedTable<ProjectSummary, { stage?: Stage; q?: string }>((query, signal) => api.get('/api/v1/projects', { ...query, centerId: center.id }, signal), {}, [center.id]);
  const canWrite = hasAnyRole(user, ledgerWriterRoles);

  const columns: ColumnsType<ProjectSummary> = [
    { title: '投资项目代码', dataIndex: 'code', width: 210, render: (code: string, p) => <Link to={`/projects/${p.id}`}>{code}</Link> },
    { title: '项目名称', dataIndex: 'name', width: 220 },
    { title: '业主单位', dataIndex: 'ownerName', width: 200 },
    { title: '当前阶段', dataIndex: 'stageLabel', width: 110, render: (label: string) => <Tag color="blue">{label}</Tag> },
    { title: '本阶段用时', dataIndex: 'stageDays', width: 110, render: (days: number) => `${days} 个工作日` },
    { title: '关联办件', dataIndex: 'linkedCases', width: 90 },
    {
      title: '卡点',
      dataIndex: 'bottlenecks',
      render: (list: ProjectSummary['bottlenecks']) =>
        list.length ? (
          <Space direction="vertical" size={2}>
            {list.map((b) => (
              <Tag key={b.reason} color="red">
                {b.reason}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">无</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <Figures center={center} />
      <Flex wrap gap={12} justify="space-between" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select
            allowClear
            placeholder="全部阶段"
            aria-label="按阶段筛选"
            style={{ width: 160 }}
            value={table.filters.stage}
            onChange={(stage?: Stage) => table.setFilters({ stage })}
            options={stageOrder.map((s) => ({ value: s, label: stageLabels[s] }))}
          />
          <Input.Search allowClear placeholder="项目名称、代码或业主" aria-label="搜索项目" style={{ width: 260 }} onSearch={(q) => table.setFilters({ q: q || undefined })} />
        </Space>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记项目
          </Button>
        )}
      </Flex>
      {table.error ? <Alert type="error" showIcon message="项目列表加载失败" style={{ marginBottom: 12 }} /> : null}
      <Table
        rowKey="id"
        columns={columns}
        {...table.tableProps}
        onRow={(p) => ({ style: p.bottlenecks.length ? { background: '#fff1f0' } : undefined, 'aria-label': p.bottlenecks.length ? `${p.name}（有卡点）` : p.name })}
        locale={{ emptyText: <TableEmpty error={table.error} description="还没有登记项目" /> }}
        scroll={{ x: 1200 }}
      />
      <FormModal<ProjectForm>
        open={creating}
        title="登记项目"
        initialValues={{ stage: 'attract' }}
        successMessage="项目已登记"
        onClose={() => setCreating(false)}
        onSubmit={async (values) => {
          const created = await api.post<ProjectDetail>('/api/v1/projects', { ...values, centerId: center.id });
          navigate(`/projects/${created.id}`);
        }}
      >
        <Form.Item name="code" label="投资项目代码" rules={[{ required: true, message: '请填写投资项目代码' }, { pattern: /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/, message: '格式应如 2026-441900-48-01-012345' }]}>
          <Input placeholder="2026-441900-48-01-012345" />
        </Form.Item>
        <Form.Item name="name" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="ownerName" label="业主单位" rules={[{ required: true, message: '请填写业主单位' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="ownerCreditCode"
          label="业主统一社会信用代码"
          rules={[{ required: true, message: '请填写统一社会信用代码' }, { validator: async (_, value?: string) => { const problem = value ? creditCodeProblem(value) : undefined; if (problem) throw new Error(problem); } }]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="location" label="建设地点" rules={[{ required: true, message: '请填写建设地点' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="stage" label="登记时所处阶段" extra="项目中途纳入总账时选择其当前阶段">
          <Select options={stageOrder.map((s) => ({ value: s, label: stageLabels[s] }))} />
        </Form.Item>
      </FormModal>
    </>
  );
}
