import { Alert, Button, Card, Checkbox, Empty, Form, Input, List, Popconfirm, Radio, Result, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../shared/api';
import { creditCodeProblem, normaliseCreditCode } from '../shared/identity';
import { CenterScopedScreen } from '../shared/Screen';
import type { Center } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { bundleRoles, changeLabels, type ChangeKind, type CustomBundle, type ProposalItem } from './projects';

interface BundleForm {
  creditCode: string;
  name: string;
  contact: string;
  phone: string;
  heldLicences: string[];
  change: ChangeKind;
}

/** 政务定制: the licences a company holds and the change it plans → the items to do together → started as one bundle. */
export function CustomBundlePage() {
  return <CenterScopedScreen title="政务定制" roles={bundleRoles} description="按企业已持证照和计划变更，一次列出需要一并办理的事项并同时发起">{(center) => <BundleScreen center={center} />}</CenterScopedScreen>;
}

function BundleScreen({ center }: { center: Center }) {
  const [form] = Form.useForm<BundleForm>();
  const licences = useAsync((signal) => api.get<string[]>('/api/v1/licences/changeable', undefined, signal), []);
  const [proposal, setProposal] = useState<{ items: ProposalItem[]; input: BundleForm }>();
  const [answers, setAnswers] = useState<Record<string, Record<string, string>>>({});
  const [materialsReceived, setMaterialsReceived] = useState(false);
  const [started, setStarted] = useState<CustomBundle>();
  const [failure, setFailure] = useState<string>();

  const propose = async (values: BundleForm) => {
    setFailure(undefined);
    setStarted(undefined);
    try {
      const { items } = await api.post<{ items: ProposalItem[] }>('/api/v1/custom-bundles/proposals', { heldLicences: values.heldLicences, change: values.change });
      setProposal({ items, input: values });
      // Each item's situation questions start on their first answer (本人办理), as the window usually has it.
      setAnswers(Object.fromEntries(items.map((i) => [i.id, Object.fromEntries(i.situations.map((s) => [s.id, s.options[0]!.id]))])));
      setMaterialsReceived(false);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const start = async () => {
    if (!proposal) return;
    setFailure(undefined);
    const { input, items } = proposal;
    try {
      setStarted(
        await api.post<CustomBundle>('/api/v1/custom-bundles', {
          centerId: center.id,
          company: { creditCode: normaliseCreditCode(input.creditCode), name: input.name, contact: input.contact, phone: input.phone },
          heldLicences: input.heldLicences,
          change: input.change,
          items: items.map((i) => ({ itemId: i.id, answers: answers[i.id] ?? {} })),
          materialsReceived,
        }),
      );
      setProposal(undefined);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card size="small" title="企业与计划变更">
        <Form<BundleForm> form={form} layout="vertical" onFinish={propose} initialValues={{ change: 'address', heldLicences: ['营业执照'] }}>
          <Space wrap>
            <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, message: '请填写统一社会信用代码' }, { validator: async (_, v?: string) => { const problem = v ? creditCodeProblem(v) : undefined; if (problem) throw new Error(problem); } }]}>
              <Input maxLength={18} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="name" label="企业名称" rules={[{ required: true, message: '请填写企业名称' }]}>
              <Input maxLength={100} style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="contact" label="经办人" rules={[{ required: true, message: '请填写经办人' }]}>
              <Input maxLength={50} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="phone" label="手机号" rules={[{ required: true, message: '请填写手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '手机号码应为 11 位' }]}>
              <Input maxLength={11} style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item name="heldLicences" label="已持有的证照" rules={[{ required: true, message: '请选择已持有的证照' }]}>
            <Select mode="multiple" loading={licences.loading} options={(licences.data ?? []).map((l) => ({ value: l, label: l }))} placeholder="营业执照、食品经营许可证…" />
          </Form.Item>
          <Form.Item name="change" label="计划变更" rules={[{ required: true }]}>
            <Radio.Group options={Object.entries(changeLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            列出一并办理的事项
          </Button>
        </Form>
      </Card>

      {failure && <Alert type="error" showIcon message={failure} />}

      {proposal && (
        <Card size="small" title={`一并办理的事项（${proposal.items.length}）`} aria-label="一并办理的事项">
          {proposal.items.length ? (
            <>
              <List
                dataSource={proposal.items}
                renderItem={(item, index) => (
                  <List.Item>
                    <Space direction="vertical" style={{ width: '100%' }}>
                      <Space wrap>
                        <Tag>{index + 1}</Tag>
                        <Typography.Text strong>{item.name}</Typography.Text>
                        <Typography.Text type="secondary">
                          {item.departmentName} · {item.promisedDays ? `承诺 ${item.promisedDays} 个工作日` : '即办'}
                        </Typography.Text>
                      </Space>
                      {item.situations.map((s) => (
                        <Space key={s.id} wrap>
                          <Typography.Text>{s.question}</Typography.Text>
                          <Radio.Group
                            value={answers[item.id]?.[s.id]}
                            onChange={(e) => setAnswers((a) => ({ ...a, [item.id]: { ...a[item.id], [s.id]: e.target.value as string } }))}
                            options={s.options.map((o) => ({ value: o.id, label: o.label }))}
                          />
                        </Space>
                      ))}
                    </Space>
                  </List.Item>
                )}
              />
              <Space direction="vertical">
                <Checkbox checked={materialsReceived} onChange={(e) => setMaterialsReceived(e.target.checked)}>
                  已核验并收齐以上各事项所需材料
                </Checkbox>
                <Popconfirm title={`确认一并发起 ${proposal.items.length} 个事项？`} description="将为每个事项各建一件办件，编为一组" okText="一并发起" cancelText="取消" onConfirm={start} disabled={!materialsReceived}>
                  <Button type="primary" disabled={!materialsReceived}>
                    一并发起
                  </Button>
                </Popconfirm>
              </Space>
            </>
          ) : (
            <Empty description="所持证照与计划变更没有需要一并办理的事项" />
          )}
        </Card>
      )}

      {started && (
        <Result
          status="success"
          title={`已为${started.companyName}一并发起 ${started.cases.length} 个事项`}
          subTitle="各办件已进入待受理，可在办件受理中逐件受理"
          extra={
            <List
              size="small"
              bordered
              style={{ maxWidth: 560, margin: '0 auto', textAlign: 'left' }}
              dataSource={started.cases}
              renderItem={(c) => (
                <List.Item>
                  {c.caseNo} · {c.itemName} <Tag>{c.statusLabel}</Tag>
                </List.Item>
              )}
            />
          }
        />
      )}
    </Space>
  );
}
