import { Alert, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../shared/api';
import { dayjs } from '../shared/format';
import { creditCodeProblem, normaliseCreditCode } from '../shared/identity';
import { ScreenHeader } from '../shared/Screen';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { industries, policyKindLabels, type CompanyProfile, type Policy, type Suggestions } from './projects';

interface ProfileForm {
  creditCode: string;
  name: string;
  industry: string;
  employees: number;
  revenueWan: number;
  district: string;
  foundedOn: Dayjs;
}

const toForm = (p: CompanyProfile): ProfileForm => ({ ...p, revenueWan: p.revenueFen / 1_000_000, foundedOn: dayjs(p.foundedOn) });

/** 暖企服务: a company's profile in, the support policies it qualifies for out (with why), and those it nearly does (with what is missing). */
export function PoliciesPage() {
  const [form] = Form.useForm<ProfileForm>();
  const [result, setResult] = useState<Suggestions>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const policies = useAsync((signal) => api.get<Policy[]>('/api/v1/policies', undefined, signal), []);

  const suggest = async (values: ProfileForm) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const profile: CompanyProfile = {
        creditCode: normaliseCreditCode(values.creditCode),
        name: values.name,
        industry: values.industry,
        employees: values.employees,
        revenueFen: Math.round(values.revenueWan * 1_000_000),
        district: values.district,
        foundedOn: values.foundedOn.format('YYYY-MM-DD'),
      };
      setResult(await api.post<Suggestions>('/api/v1/policies/eligible-policies', profile));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const loadSaved = async () => {
    const code = form.getFieldValue('creditCode') as string | undefined;
    if (!code || creditCodeProblem(code)) {
      await form.validateFields(['creditCode']);
      return;
    }
    try {
      form.setFieldsValue(toForm(await api.get<CompanyProfile>(`/api/v1/policies/profiles/${normaliseCreditCode(code)}`)));
      setFailure(undefined);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  return (
    <>
      <ScreenHeader title="暖企政策匹配" description="按企业画像（行业、规模、注册地、成立年限）匹配可申领的补贴、贴息和减免政策，在暖企服务窗口办理" />
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" title="企业画像">
            <Form<ProfileForm> form={form} layout="vertical" onFinish={suggest} initialValues={{ district: '东城区' }}>
              <Form.Item label="统一社会信用代码" required>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="creditCode" noStyle rules={[{ required: true, message: '请填写统一社会信用代码' }, { validator: async (_, v?: string) => { const problem = v ? creditCodeProblem(v) : undefined; if (problem) throw new Error(problem); } }]}>
                    <Input maxLength={18} aria-label="统一社会信用代码" />
                  </Form.Item>
                  <Button onClick={loadSaved}>调取已存画像</Button>
                </Space.Compact>
              </Form.Item>
              <Form.Item name="name" label="企业名称" rules={[{ required: true, message: '请填写企业名称' }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="industry" label="所属行业" rules={[{ required: true, message: '请选择行业' }]}>
                <Select options={industries.map((i) => ({ value: i, label: i }))} />
              </Form.Item>
              <Space wrap>
                <Form.Item name="employees" label="从业人数" rules={[{ required: true, message: '请填写从业人数' }]}>
                  <InputNumber min={0} precision={0} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name="revenueWan" label="上年营业收入（万元）" rules={[{ required: true, message: '请填写营业收入' }]}>
                  <InputNumber min={0} precision={2} style={{ width: 180 }} />
                </Form.Item>
              </Space>
              <Space wrap>
                <Form.Item name="district" label="注册地（区）" rules={[{ required: true, message: '请填写注册地' }]}>
                  <Input maxLength={50} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name="foundedOn" label="成立日期" rules={[{ required: true, message: '请选择成立日期' }]}>
                  <DatePicker style={{ width: 180 }} disabledDate={(d) => d.isAfter(dayjs())} />
                </Form.Item>
              </Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                匹配政策
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
          {result ? (
            <>
              <Card size="small" title={`可申领的政策（${result.eligible.length}）`} style={{ marginBottom: 12 }} aria-label="可申领的政策">
                {result.eligible.length ? (
                  <List
                    dataSource={result.eligible}
                    renderItem={(p) => (
                      <List.Item>
                        <List.Item.Meta
                          title={<Space wrap><Typography.Text strong>{p.name}</Typography.Text><Tag color="green">{policyKindLabels[p.kind]}</Tag><Typography.Text type="secondary">{p.itemName}（{p.departmentName}）</Typography.Text></Space>}
                          description={<><div>{p.benefit}</div><div>符合：{p.reasons.join('；') || '不设条件'}</div></>}
                        />
                      </List.Item>
                    )}
                  />
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无完全符合条件的政策" />
                )}
              </Card>
              <Card size="small" title={`差一点符合（${result.nearMisses.length}）`} aria-label="差一点符合的政策">
                {result.nearMisses.length ? (
                  <List
                    dataSource={result.nearMisses}
                    renderItem={(p) => (
                      <List.Item>
                        <List.Item.Meta title={<Space wrap><Typography.Text strong>{p.name}</Typography.Text><Tag color="orange">{policyKindLabels[p.kind]}</Tag></Space>} description={<Typography.Text type="warning">还差：{p.missing.join('；')}</Typography.Text>} />
                      </List.Item>
                    )}
                  />
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有差一点符合的政策" />
                )}
              </Card>
            </>
          ) : (
            <Card size="small">
              <Empty description="填写企业画像后点击「匹配政策」" />
            </Card>
          )}
        </Col>
      </Row>
      <Card size="small" title="暖企政策一览" style={{ marginTop: 16 }}>
        {policies.error ? (
          <LoadError error={policies.error} onRetry={policies.reload} />
        ) : (
          <Table<Policy>
            rowKey="id"
            size="small"
            loading={policies.loading}
            dataSource={policies.data ?? []}
            pagination={false}
            locale={{ emptyText: '还没有暖企政策' }}
            columns={[
              { title: '政策', dataIndex: 'name' },
              { title: '类型', dataIndex: 'kind', width: 100, render: (k: Policy['kind']) => policyKindLabels[k] },
              { title: '对应事项', dataIndex: 'itemName', render: (n: string, p) => `${n}（${p.itemCode}）` },
              { title: '办理部门', dataIndex: 'departmentName', width: 180 },
              { title: '内容', dataIndex: 'benefit' },
            ]}
          />
        )}
      </Card>
    </>
  );
}
