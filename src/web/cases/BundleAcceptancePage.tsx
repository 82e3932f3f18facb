import { CheckCircleOutlined, FileAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Form, Input, Radio, Result, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useRef, useState } from 'react';
import type { Bundle, ItemGuide, Material } from '../catalog/catalog';
import { api, errorMessage, request } from '../shared/api';
import { creditCodeProblem, idNumberProblem, isValidMobile, normaliseCreditCode, normaliseIdNumber } from '../shared/identity';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, PageLoading } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { acceptanceRoles } from './AcceptancePage';
import { caseAction, materialStatusLabels, newIdempotencyKey, type Applicant, type MaterialStatus } from './cases';
import type { BundleCase } from './workflow';

interface BundleValues {
  kind: 'person' | 'company';
  idNumber?: string;
  creditCode?: string;
  name?: string;
  contact?: string;
  phone?: string;
  /** Situation question → chosen option's label: a question several items ask (是否委托他人代办？) is answered once. */
  answers: Record<string, string>;
  /** Merged material name → status. */
  materials: Record<string, MaterialStatus>;
}

/** One row of the merged checklist: a material by name, and the items that ask for it. */
interface MergedMaterial {
  name: string;
  required: boolean;
  /** 电子证照 only when every item asking for it accepts one. */
  elicense: boolean;
  items: { itemId: string; itemName: string; materialId: string }[];
}

/** One item's answers (situation ID → option ID) from the answers given once by question. */
function answersOf(item: ItemGuide, byQuestion: BundleValues['answers']): Record<string, string> {
  return Object.fromEntries(
    item.situations.flatMap((s) => {
      const option = s.options.find((o) => o.label === byQuestion[s.question]);
      return option ? [[s.id, option.id]] : [];
    }),
  );
}

function applicable(item: ItemGuide, byQuestion: BundleValues['answers']): Material[] {
  const chosen = new Set(Object.values(answersOf(item, byQuestion)));
  return item.materials.filter((m) => m.optionIds.length === 0 || m.optionIds.some((id) => chosen.has(id)));
}

/** The situation questions of the items, each once, with the union of their options' labels. */
function questionsOf(items: ItemGuide[]): { question: string; labels: string[] }[] {
  const questions = new Map<string, Set<string>>();
  for (const s of items.flatMap((i) => i.situations)) {
    const labels = questions.get(s.question) ?? new Set<string>();
    for (const o of s.options) labels.add(o.label);
    questions.set(s.question, labels);
  }
  return [...questions].map(([question, labels]) => ({ question, labels: [...labels] }));
}

/** The items' checklists as one: a material several items ask for (by name) is listed, and entered, once. */
function mergeChecklists(items: ItemGuide[], answers: BundleValues['answers']): MergedMaterial[] {
  const merged = new Map<string, MergedMaterial>();
  for (const item of items) {
    for (const m of applicable(item, answers)) {
      const row = merged.get(m.name) ?? { name: m.name, required: false, elicense: true, items: [] };
      row.required ||= m.required;
      row.elicense &&= m.elicense;
      row.items.push({ itemId: item.id, itemName: item.name, materialId: m.id });
      merged.set(m.name, row);
    }
  }
  return [...merged.values()];
}

function applicantOf(v: BundleValues): Applicant {
  return v.kind === 'person'
    ? { kind: 'person', idNumber: normaliseIdNumber(v.idNumber!), name: v.name!.trim(), phone: v.phone!.trim() }
    : { kind: 'company', creditCode: normaliseCreditCode(v.creditCode!), name: v.name!.trim(), contact: v.contact!.trim(), phone: v.phone!.trim() };
}

/** The applicant of the whole 一件事, entered once. */
function ApplicantFields() {
  const kind = Form.useWatch<BundleValues['kind']>('kind');
  return (
    <>
      <Form.Item name="kind" label="申请人类型">
        <Radio.Group optionType="button" options={[{ value: 'person', label: '个人' }, { value: 'company', label: '企业' }]} />
      </Form.Item>
      {kind === 'company' ? (
        <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, message: '请输入统一社会信用代码' }, { validator: async (_, v?: string) => { const p = v && creditCodeProblem(v); if (p) throw new Error(p); } }]}>
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
      ) : (
        <Form.Item name="idNumber" label="身份证号码" rules={[{ required: true, message: '请输入身份证号码' }, { validator: async (_, v?: string) => { const p = v && idNumberProblem(v); if (p) throw new Error(p); } }]}>
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item name="name" label={kind === 'company' ? '单位名称' : '姓名'} rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      {kind === 'company' && (
        <Form.Item name="contact" label="联系人" rules={[{ required: true, whitespace: true, message: '请输入联系人' }, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
      )}
      <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请输入手机号码' }, { validator: async (_, v?: string) => { if (v && !isValidMobile(v)) throw new Error('手机号码不正确'); } }]}>
        <Input maxLength={11} inputMode="numeric" />
      </Form.Item>
    </>
  );
}

function BundleApplication({ centerId }: { centerId: string }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<BundleValues>();
  const bundles = useAsync((signal) => api.get<Bundle[]>('/api/v1/bundles', undefined, signal), []);
  const [bundleId, setBundleId] = useState<string>();
  const [chosen, setChosen] = useState<string[]>([]);
  const guides = useAsync((signal) => (bundleId ? Promise.all(chosenOf(bundleId).map((id) => api.get<ItemGuide>(`/api/v1/items/${id}`, undefined, signal))) : Promise.resolve([])), [bundleId, chosen.join(',')]);
  const answers = Form.useWatch('answers', form) ?? {};
  const [created, setCreated] = useState<BundleCase>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<string>();
  // One key per application: a retry (a double click, a lost answer) makes the same parent, not a second one.
  const key = useRef(newIdempotencyKey());

  function chosenOf(id: string) {
    const bundle = bundles.data?.find((b) => b.id === id);
    return (bundle?.items ?? []).map((i) => i.id).filter((itemId) => chosen.includes(itemId));
  }
  const bundle = bundles.data?.find((b) => b.id === bundleId);
  const items = guides.data ?? [];
  const merged = useMemo(() => mergeChecklists(items, answers), [items, answers]);

  function pickBundle(id: string) {
    setBundleId(id);
    setChosen((bundles.data?.find((b) => b.id === id)?.items ?? []).map((i) => i.id));
    form.setFieldsValue({ answers: {}, materials: {} });
    setProblem(undefined);
  }

  async function submit(values: BundleValues) {
    const statusOf = (name: string): MaterialStatus => values.materials?.[name] ?? 'missing';
    setSubmitting(true);
    setProblem(undefined);
    try {
      const parent = await request<BundleCase>('POST', '/api/v1/bundle-cases', {
        headers: { 'Idempotency-Key': key.current },
        body: {
          bundleId,
          centerId,
          applicant: applicantOf(values),
          channel: 'window',
          items: items.map((item) => ({
            itemId: item.id,
            answers: answersOf(item, values.answers ?? {}),
            materials: merged.flatMap((m) => m.items.filter((i) => i.itemId === item.id).map((i) => ({ materialId: i.materialId, status: statusOf(m.name) }))),
          })),
        },
      });
      setCreated(parent);
      message.success(`已申报一件事，编号 ${parent.caseNo}`);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  async function acceptAll() {
    if (!created) return;
    const refused: string[] = [];
    for (const child of created.children.filter((c) => c.status === 'submitted')) {
      try {
        await caseAction(child.id, 'accept');
      } catch (error) {
        refused.push(`${child.itemName}：${errorMessage(error)}`);
      }
    }
    const now = await api.get<BundleCase>(`/api/v1/cases/${created.id}`);
    setCreated(now);
    if (refused.length) message.warning(`部分子件未能受理：${refused.join('；')}`);
    else message.success('各子件均已受理，已流转到各部门后台审批');
  }

  function restart() {
    setCreated(undefined);
    setBundleId(undefined);
    setChosen([]);
    form.resetFields();
    key.current = newIdempotencyKey();
  }

  if (bundles.error) return <LoadError error={bundles.error} onRetry={bundles.reload} />;
  if (!bundles.data) return <PageLoading />;

  if (created) {
    const columns: TableColumnsType<BundleCase['children'][number]> = [
      { title: '子件编号', dataIndex: 'caseNo', width: 170 },
      { title: '事项', dataIndex: 'itemName' },
      { title: '状态', dataIndex: 'statusLabel', width: 120, render: (label: string) => <Tag>{label}</Tag> },
    ];
    return (
      <Result
        status="success"
        title={`「${created.bundleName}」已申报`}
        subTitle={
          <span>
            主件编号 <Typography.Text strong data-testid="bundle-case-no">{created.caseNo}</Typography.Text>，状态 {created.statusLabel}；申请人凭主件编号和证件号后六位可查询各子件进度
          </span>
        }
        extra={
          <Flex vertical gap={16} align="center">
            <Table rowKey="id" size="small" pagination={false} columns={columns} dataSource={created.children} style={{ minWidth: 560 }} data-testid="bundle-children" />
            <Space>
              {created.children.some((c) => c.status === 'submitted') && (
                <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => void acceptAll()}>
                  受理全部子件
                </Button>
              )}
              <Button onClick={restart}>办理下一件</Button>
            </Space>
          </Flex>
        }
      />
    );
  }

  const materialColumns: TableColumnsType<MergedMaterial> = [
    {
      title: '材料',
      key: 'name',
      render: (_, m) => (
        <Space size={4} wrap>
          <span>{m.name}</span>
          {!m.required && <Tag>非必需</Tag>}
          {m.items.length > 1 && <Tag color="purple">{m.items.length} 个事项共用</Tag>}
        </Space>
      ),
    },
    { title: '所需事项', key: 'items', render: (_, m) => <Typography.Text type="secondary">{m.items.map((i) => i.itemName).join('、')}</Typography.Text> },
    {
      title: '收件情况',
      key: 'status',
      width: 240,
      render: (_, m) => (
        <Form.Item name={['materials', m.name]} noStyle initialValue="received">
          <Radio.Group
            optionType="button"
            size="small"
            aria-label={`${m.name} 收件情况`}
            options={(['received', 'elicense', 'missing'] as const).filter((s) => s !== 'elicense' || m.elicense).map((s) => ({ value: s, label: materialStatusLabels[s] }))}
          />
        </Form.Item>
      ),
    },
  ];

  return (
    <Form<BundleValues> form={form} layout="vertical" initialValues={{ kind: 'person', answers: {}, materials: {} }} onFinish={(v) => void submit(v)} style={{ maxWidth: 1000 }}>
      <Card title="一、选择一件事" size="small" style={{ marginBottom: 16 }}>
        <Select
          aria-label="选择一件事"
          placeholder="选择要办理的一件事"
          style={{ width: '100%' }}
          value={bundleId}
          onChange={pickBundle}
          showSearch={{ optionFilterProp: 'label' }}
          options={bundles.data.map((b) => ({ value: b.id, label: b.name }))}
          notFoundContent={<Empty description="暂无一件事，请管理员在「一件事」中配置" />}
        />
        {bundle && (
          <div style={{ marginTop: 12 }}>
            {bundle.description && <Typography.Paragraph type="secondary">{bundle.description}</Typography.Paragraph>}
            <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])} options={bundle.items.map((i) => ({ value: i.id, label: `${i.name}（${i.department.name}）` }))} />
          </div>
        )}
      </Card>
      {bundle && (
        <>
          <Card title="二、申请人（各事项共用，只填一次）" size="small" style={{ marginBottom: 16 }}>
            <ApplicantFields />
          </Card>
          <Card title="三、合并材料清单（共用材料只收一次）" size="small" style={{ marginBottom: 16 }}>
            {guides.error ? (
              <LoadError error={guides.error} onRetry={guides.reload} />
            ) : !guides.data ? (
              <PageLoading />
            ) : (
              <>
                {questionsOf(items).map(({ question, labels }) => (
                  <Form.Item key={question} name={['answers', question]} label={question} rules={[{ required: true, message: '请选择情形' }]}>
                    <Radio.Group options={labels.map((label) => ({ value: label, label }))} />
                  </Form.Item>
                ))}
                <div data-testid="merged-checklist">
                  <Table<MergedMaterial> rowKey="name" size="small" pagination={false} columns={materialColumns} dataSource={merged} locale={{ emptyText: chosen.length ? '所选事项无需提交材料' : '请至少选择一个事项' }} />
                </div>
              </>
            )}
          </Card>
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="bundle-error" />}
          <Button type="primary" htmlType="submit" icon={<FileAddOutlined />} loading={submitting} disabled={!chosen.length || !guides.data}>
            申报一件事
          </Button>
        </>
      )}
    </Form>
  );
}

/** 一件事 at the window (/window/bundle): the bundle, the applicant once, the merged checklist once; one parent case and a child per item. */
export function BundleAcceptancePage() {
  return (
    <CenterScopedScreen title="一件事受理" roles={acceptanceRoles} description="选择一件事，申请人信息和共用材料只录入一次，系统为每个事项生成子件">
      {(center) => <BundleApplication key={center.id} centerId={center.id} />}
    </CenterScopedScreen>
  );
}
