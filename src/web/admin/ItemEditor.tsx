import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Drawer, Flex, Form, Input, InputNumber, Popconfirm, Radio, Select, Skeleton, Space, Switch, Tabs, TreeSelect, type FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useMemo, useState } from 'react';
import { acceptedAtLabels, changeKindLabels, formLabels, itemTypes, mediumLabels, statusLabels, type ChangeKind, type ItemGuide, type ItemInput } from '../catalog/catalog';
import { api, errorMessage } from '../shared/api';
import { centerTree } from '../shared/CenterSelector';
import { useCenters } from '../shared/orgData';
import { LoadError } from '../shared/StatusPages';
import type { Center, Department } from '../shared/types';
import { useAsync } from '../shared/useAsync';

/** The form's values: the item as ItemInput, with the fee in 元 and empty texts as ''. */
type TextFields = 'feeBasis' | 'legalBasis' | 'conditions' | 'process' | 'serviceHours' | 'consultPhone' | 'issuesLicence' | 'changesLicence';
type MaterialValues = Omit<ItemInput['materials'][number], 'blankFormUrl' | 'exampleUrl' | 'note'> & { blankFormUrl?: string; exampleUrl?: string; note?: string };
export type ItemForm = Omit<ItemInput, 'feeFen' | TextFields | 'materials'> & { feeYuan: number; materials: MaterialValues[] } & { [K in TextFields]?: string };

const textFields: TextFields[] = ['feeBasis', 'legalBasis', 'conditions', 'process', 'serviceHours', 'consultPhone', 'issuesLicence', 'changesLicence'];

/** A situation option's id: unique within the item, made here because the person only types the label. */
const newOptionId = () => `o${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

const newMaterial = (): MaterialValues => ({ name: '', required: true, form: 'original', copies: 1, medium: 'paper_or_electronic', elicense: false, deferrable: false, optionIds: [] });

function formOf(guide: ItemGuide): ItemForm {
  return {
    code: guide.code,
    name: guide.name,
    departmentId: guide.department.id,
    type: guide.type,
    legalDays: guide.legalDays,
    promisedDays: guide.promisedDays,
    mode: guide.mode,
    visitsRequired: guide.visitsRequired,
    online: guide.online,
    terminal: guide.terminal,
    acceptedAt: guide.acceptedAt,
    lenientAllowed: guide.lenientAllowed,
    feeYuan: guide.feeFen / 100,
    audience: guide.audience,
    keywords: guide.keywords,
    changeKinds: guide.changeKinds,
    centerIds: guide.centers.map((c) => c.id),
    status: guide.status,
    ...Object.fromEntries(textFields.map((f) => [f, guide[f] ?? ''])),
    materials: guide.materials.map((m) => ({ ...m, form: m.form as MaterialValues['form'], medium: m.medium as MaterialValues['medium'], blankFormUrl: m.blankFormUrl ?? '', exampleUrl: m.exampleUrl ?? '', note: m.note ?? '' })),
    situations: guide.situations,
    faqs: guide.faqs,
  };
}

const emptyForm = (departmentId: string | undefined, centerId: string): Partial<ItemForm> => ({
  departmentId,
  type: '行政许可',
  mode: 'promised',
  legalDays: 20,
  promisedDays: 5,
  visitsRequired: 1,
  online: false,
  terminal: false,
  acceptedAt: 'general',
  lenientAllowed: true,
  feeYuan: 0,
  audience: ['person'],
  keywords: [],
  changeKinds: [],
  centerIds: [centerId],
  status: 'published',
  materials: [],
  situations: [],
  faqs: [],
});

const orNull = (text: string | undefined) => (text?.trim() ? text.trim() : null);

function inputOf(values: ItemForm): ItemInput {
  // Options a removed situation took along are dropped from the materials that named them.
  const optionIds = new Set((values.situations ?? []).flatMap((s) => s.options.map((o) => o.id)));
  const { feeYuan, ...rest } = values;
  return {
    ...rest,
    code: values.code.trim(),
    name: values.name.trim(),
    feeFen: Math.round((feeYuan ?? 0) * 100),
    ...(Object.fromEntries(textFields.map((f) => [f, orNull(values[f])])) as Pick<ItemInput, TextFields>),
    keywords: (values.keywords ?? []).map((k) => k.trim()).filter(Boolean),
    materials: (values.materials ?? []).map((m) => ({
      ...m,
      name: m.name.trim(),
      blankFormUrl: orNull(m.blankFormUrl),
      exampleUrl: orNull(m.exampleUrl),
      note: orNull(m.note),
      optionIds: (m.optionIds ?? []).filter((id) => optionIds.has(id)),
    })),
    situations: (values.situations ?? []).map((s) => ({ ...s, question: s.question.trim(), options: s.options.map((o) => ({ id: o.id, label: o.label.trim() })) })),
    faqs: (values.faqs ?? []).map((f) => ({ ...f, question: f.question.trim(), answer: f.answer.trim() })),
  };
}

const urlRule = { pattern: /^(https?:\/\/|\/)/, message: '请填写以 http://、https:// 或 / 开头的链接' };
const required = (message: string) => ({ required: true, whitespace: true, message });

/** Which tab a field lives on, to open it when that field fails validation. */
function tabOf(name: NamePath): string {
  const first = Array.isArray(name) ? name[0] : name;
  if (first === 'materials') return 'materials';
  if (first === 'situations') return 'situations';
  if (first === 'faqs') return 'faqs';
  if (['legalBasis', 'conditions', 'process'].includes(String(first))) return 'basis';
  if (['keywords', 'centerIds', 'issuesLicence', 'changesLicence', 'changeKinds'].includes(String(first))) return 'where';
  return 'basic';
}

/** A remove button that asks first: a removed part is gone once the item is saved. */
function RemoveButton({ what, onConfirm }: { what: string; onConfirm(): void }) {
  return (
    <Popconfirm title={`删除${what}？`} description="保存事项后生效。" okText="删除" okButtonProps={{ danger: true }} onConfirm={onConfirm}>
      <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={`删除${what}`}>
        删除
      </Button>
    </Popconfirm>
  );
}

function BasicFields({ form, departments }: { form: FormInstance<ItemForm>; departments: Pick<Department, 'id' | 'name'>[] }) {
  const mode = Form.useWatch('mode', form);
  return (
    <>
      <Flex gap={16} wrap>
        <Form.Item name="code" label="事项编码" style={{ flex: '1 1 200px' }} rules={[required('请输入事项编码'), { max: 64, message: '最多 64 个字符' }, { pattern: /^[A-Za-z0-9._-]+$/, message: '编码只能包含字母、数字、点、下划线和连字符' }]}>
          <Input placeholder="如：SCJG-001" />
        </Form.Item>
        <Form.Item name="name" label="事项名称" style={{ flex: '2 1 320px' }} rules={[required('请输入事项名称'), { max: 200, message: '最多 200 个字' }]}>
          <Input placeholder="如：食品经营许可（新办）" />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="departmentId" label="实施部门" style={{ flex: '1 1 220px' }} rules={[{ required: true, message: '请选择实施部门' }]}>
          <Select options={departments.map((d) => ({ value: d.id, label: d.name }))} showSearch={{ optionFilterProp: 'label' }} placeholder="请选择部门" />
        </Form.Item>
        <Form.Item name="type" label="事项类型" style={{ flex: '1 1 180px' }} rules={[{ required: true, message: '请选择事项类型' }]}>
          <Select options={itemTypes.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Radio.Group optionType="button" options={(['published', 'withdrawn'] as const).map((s) => ({ value: s, label: statusLabels[s] }))} />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="audience" label="服务对象" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一类服务对象' }]}>
          <Checkbox.Group options={[{ value: 'person', label: '个人' }, { value: 'company', label: '法人' }]} />
        </Form.Item>
        <Form.Item name="acceptedAt" label="受理窗口">
          <Radio.Group options={(['general', 'dedicated'] as const).map((k) => ({ value: k, label: acceptedAtLabels[k] }))} />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap align="flex-start">
        <Form.Item name="mode" label="办件类型">
          <Radio.Group
            optionType="button"
            options={[{ value: 'immediate', label: '即办件' }, { value: 'promised', label: '承诺件' }]}
            onChange={(e) => {
              if (e.target.value === 'immediate') form.setFieldValue('promisedDays', 0);
              void form.validateFields(['promisedDays']).catch(() => undefined);
            }}
          />
        </Form.Item>
        <Form.Item name="legalDays" label="法定办结时限" rules={[{ required: true, message: '请输入法定时限' }]} extra="0 表示无法定时限">
          <InputNumber min={0} max={3650} precision={0} suffix="个工作日" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="promisedDays"
          label="承诺办结时限"
          dependencies={['mode', 'legalDays']}
          rules={[
            { required: true, message: '请输入承诺时限' },
            ({ getFieldValue }) => ({
              validator(_, value: number | null) {
                if (value === null || value === undefined) return Promise.resolve();
                const legal = getFieldValue('legalDays') as number | null;
                if (getFieldValue('mode') === 'immediate' && value !== 0) return Promise.reject(new Error('即办件的承诺时限应为 0 个工作日'));
                if (getFieldValue('mode') === 'promised' && value === 0) return Promise.reject(new Error('承诺件的承诺时限应大于 0 个工作日'));
                if (legal && value > legal) return Promise.reject(new Error('承诺时限不能超过法定时限'));
                return Promise.resolve();
              },
            }),
          ]}
        >
          <InputNumber min={0} max={3650} precision={0} suffix="个工作日" disabled={mode === 'immediate'} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="visitsRequired" label="到现场次数" rules={[{ required: true, message: '请输入到现场次数' }]} extra="0 表示零跑动">
          <InputNumber min={0} max={9} precision={0} suffix="次" style={{ width: 120 }} />
        </Form.Item>
      </Flex>
      <Flex gap={24} wrap>
        <Form.Item name="online" label="网上办理" valuePropName="checked">
          <Switch checkedChildren="可网办" unCheckedChildren="不可" />
        </Form.Item>
        <Form.Item name="terminal" label="自助终端办理" valuePropName="checked">
          <Switch checkedChildren="可以" unCheckedChildren="不可" />
        </Form.Item>
        <Form.Item name="lenientAllowed" label="允许容缺受理" valuePropName="checked">
          <Switch checkedChildren="允许" unCheckedChildren="不允许" onChange={() => void form.validateFields({ dirty: true }).catch(() => undefined)} />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="feeYuan" label="收费标准" rules={[{ required: true, message: '请输入收费金额，不收费填 0' }]} extra="0 表示不收费">
          <InputNumber min={0} max={10_000_000} precision={2} step={1} suffix="元" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="feeBasis" label="收费依据" style={{ flex: '1 1 300px' }} rules={[{ max: 1000, message: '最多 1000 个字' }]}>
          <Input placeholder="不收费可不填" />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="serviceHours" label="办理时间" style={{ flex: '1 1 260px' }} rules={[{ max: 200, message: '最多 200 个字' }]}>
          <Input placeholder="不填则以服务中心办公时间为准" />
        </Form.Item>
        <Form.Item name="consultPhone" label="咨询电话" style={{ flex: '1 1 200px' }} rules={[{ max: 50, message: '最多 50 个字符' }]}>
          <Input placeholder="如：0755-12345678" />
        </Form.Item>
      </Flex>
    </>
  );
}

function BasisFields() {
  return (
    <>
      <Form.Item name="legalBasis" label="设定依据" rules={[{ max: 5000, message: '最多 5000 个字' }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
      </Form.Item>
      <Form.Item name="conditions" label="受理条件" rules={[{ max: 5000, message: '最多 5000 个字' }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
      </Form.Item>
      <Form.Item name="process" label="办理流程" rules={[{ max: 5000, message: '最多 5000 个字' }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
      </Form.Item>
    </>
  );
}

function MaterialFields({ form }: { form: FormInstance<ItemForm> }) {
  const situations = Form.useWatch('situations', form);
  const optionChoices = useMemo(
    () => (situations ?? []).flatMap((s) => (s?.options ?? []).filter((o) => o?.id && o.label).map((o) => ({ value: o.id, label: `${s.question || '（未填问题）'}：${o.label}` }))),
    [situations],
  );
  return (
    <Form.List name="materials">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              title={`材料 ${index + 1}`}
              style={{ marginBottom: 12 }}
              data-testid="material-card"
              extra={<RemoveButton what={`材料 ${index + 1}`} onConfirm={() => remove(field.name)} />}
            >
              <Flex gap={16} wrap>
                <Form.Item
                  name={[field.name, 'name']}
                  label="材料名称"
                  style={{ flex: '2 1 260px' }}
                  rules={[
                    required('请输入材料名称'),
                    { max: 100, message: '最多 100 个字' },
                    ({ getFieldValue }) => ({
                      validator(_, value: string | undefined) {
                        const names = ((getFieldValue('materials') ?? []) as MaterialValues[]).map((m) => m?.name?.trim());
                        return value?.trim() && names.filter((n) => n === value.trim()).length > 1 ? Promise.reject(new Error('材料名称重复')) : Promise.resolve();
                      },
                    }),
                  ]}
                >
                  <Input placeholder="如：居民身份证" />
                </Form.Item>
                <Form.Item name={[field.name, 'required']} label="必需" valuePropName="checked">
                  <Switch checkedChildren="必需" unCheckedChildren="非必需" />
                </Form.Item>
              </Flex>
              <Flex gap={16} wrap>
                <Form.Item name={[field.name, 'form']} label="原件/复印件">
                  <Select style={{ width: 150 }} options={Object.entries(formLabels).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'copies']} label="份数" rules={[{ required: true, message: '请输入份数' }]}>
                  <InputNumber min={0} max={99} precision={0} suffix="份" style={{ width: 110 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'medium']} label="介质">
                  <Select style={{ width: 150 }} options={Object.entries(mediumLabels).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'elicense']} label=" " valuePropName="checked">
                  <Checkbox>可用电子证照替代</Checkbox>
                </Form.Item>
                <Form.Item
                  name={[field.name, 'deferrable']}
                  label=" "
                  valuePropName="checked"
                  dependencies={['lenientAllowed']}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: (_, value: boolean) =>
                        value && getFieldValue('lenientAllowed') === false ? Promise.reject(new Error('事项不允许容缺受理，材料不能标为可容缺')) : Promise.resolve(),
                    }),
                  ]}
                >
                  <Checkbox>可容缺</Checkbox>
                </Form.Item>
              </Flex>
              <Flex gap={16} wrap>
                <Form.Item name={[field.name, 'blankFormUrl']} label="空白表格链接" style={{ flex: '1 1 260px' }} rules={[urlRule, { max: 500, message: '最多 500 个字符' }]}>
                  <Input placeholder="https://…" />
                </Form.Item>
                <Form.Item name={[field.name, 'exampleUrl']} label="示例样表链接" style={{ flex: '1 1 260px' }} rules={[urlRule, { max: 500, message: '最多 500 个字符' }]}>
                  <Input placeholder="https://…" />
                </Form.Item>
              </Flex>
              <Form.Item name={[field.name, 'optionIds']} label="适用情形" extra="不选则所有情形都需要；选了则只在申请人选了其中一项时需要">
                <Select mode="multiple" allowClear options={optionChoices} placeholder={optionChoices.length ? '所有情形都需要' : '先在「办理情形」中添加情形'} />
              </Form.Item>
              <Form.Item name={[field.name, 'note']} label="备注" rules={[{ max: 500, message: '最多 500 个字' }]}>
                <Input placeholder="如：需在有效期内" />
              </Form.Item>
            </Card>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add(newMaterial())} disabled={fields.length >= 100}>
            添加材料
          </Button>
        </>
      )}
    </Form.List>
  );
}

function SituationFields() {
  return (
    <Form.List name="situations">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, index) => (
            <Card key={field.key} size="small" title={`情形 ${index + 1}`} style={{ marginBottom: 12 }} extra={<RemoveButton what={`情形 ${index + 1}`} onConfirm={() => remove(field.name)} />}>
              <Form.Item name={[field.name, 'question']} label="问题" rules={[required('请输入情形问题'), { max: 200, message: '最多 200 个字' }]}>
                <Input placeholder="如：是否委托他人代办？" />
              </Form.Item>
              <Form.List
                name={[field.name, 'options']}
                rules={[{ validator: (_, options: unknown[] | undefined) => ((options?.length ?? 0) < 2 ? Promise.reject(new Error('每个情形至少需要两个选项')) : Promise.resolve()) }]}
              >
                {(options, { add: addOption, remove: removeOption }, { errors }) => (
                  <>
                    {options.map((option, i) => (
                      <Flex key={option.key} gap={8} align="flex-start">
                        <Form.Item name={[option.name, 'id']} hidden>
                          <Input />
                        </Form.Item>
                        <Form.Item name={[option.name, 'label']} style={{ flex: 1 }} rules={[required('请输入选项'), { max: 100, message: '最多 100 个字' }]}>
                          <Input placeholder={`选项 ${i + 1}，如：本人办理`} aria-label={`情形 ${index + 1} 选项 ${i + 1}`} />
                        </Form.Item>
                        <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除选项 ${i + 1}`} onClick={() => removeOption(option.name)} />
                      </Flex>
                    ))}
                    <Form.ErrorList errors={errors} />
                    <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => addOption({ id: newOptionId(), label: '' })} disabled={options.length >= 20}>
                      添加选项
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            disabled={fields.length >= 20}
            onClick={() => add({ question: '', options: [{ id: newOptionId(), label: '' }, { id: newOptionId(), label: '' }] })}
          >
            添加情形
          </Button>
        </>
      )}
    </Form.List>
  );
}

function FaqFields() {
  return (
    <Form.List name="faqs">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, index) => (
            <Card key={field.key} size="small" title={`问答 ${index + 1}`} style={{ marginBottom: 12 }} extra={<RemoveButton what={`问答 ${index + 1}`} onConfirm={() => remove(field.name)} />}>
              <Form.Item name={[field.name, 'question']} label="问题" rules={[required('请输入问题'), { max: 300, message: '最多 300 个字' }]}>
                <Input />
              </Form.Item>
              <Form.Item name={[field.name, 'answer']} label="回答" rules={[required('请输入回答'), { max: 5000, message: '最多 5000 个字' }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
              </Form.Item>
            </Card>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ question: '', answer: '' })} disabled={fields.length >= 200}>
            添加问答
          </Button>
        </>
      )}
    </Form.List>
  );
}

function WhereFields({ centers }: { centers: Center[] }) {
  const treeData = useMemo(() => centerTree(centers), [centers]);
  return (
    <>
      <Form.Item name="centerIds" label="办理地点（提供该事项的中心）" extra="不选则为实施部门所在的中心">
        <TreeSelect multiple treeData={treeData} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} placeholder="请选择中心" allowClear />
      </Form.Item>
      <Form.Item
        name="keywords"
        label="关键词 / 同义词"
        extra="输入后按回车添加，帮助群众用口语搜到本事项，如：开饭店、办餐馆"
        rules={[{ type: 'array', max: 50, message: '最多 50 个关键词' }, { validator: (_, v: string[] | undefined) => ((v ?? []).some((k) => k.length > 50) ? Promise.reject(new Error('每个关键词最多 50 个字')) : Promise.resolve()) }]}
      >
        <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} placeholder="输入关键词后回车" aria-label="关键词" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="issuesLicence" label="颁发证照" style={{ flex: '1 1 200px' }} rules={[{ max: 100, message: '最多 100 个字' }]}>
          <Input placeholder="如：食品经营许可证" />
        </Form.Item>
        <Form.Item name="changesLicence" label="变更证照" style={{ flex: '1 1 200px' }} rules={[{ max: 100, message: '最多 100 个字' }]}>
          <Input placeholder="如：营业执照" />
        </Form.Item>
      </Flex>
      <Form.Item name="changeKinds" label="变更情形（政务定制）">
        <Checkbox.Group options={(Object.keys(changeKindLabels) as ChangeKind[]).map((k) => ({ value: k, label: changeKindLabels[k] }))} />
      </Form.Item>
    </>
  );
}

export interface ItemEditorProps {
  /** The item to edit; null creates a new one. */
  itemId: string | null;
  open: boolean;
  center: Center;
  departments: Department[];
  onClose(): void;
  onSaved(guide: ItemGuide): void;
}

/** Creates or edits a whole item (basic fields, materials, situations, FAQ, where) in a drawer; one save is one new version. */
export function ItemEditor({ itemId, open, center, departments, onClose, onSaved }: ItemEditorProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemForm>();
  const [tab, setTab] = useState('basic');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const centers = useCenters();
  const guide = useAsync((signal) => (itemId ? api.get<ItemGuide>(`/api/v1/items/${itemId}`, undefined, signal) : Promise.resolve(null)), [itemId, open]);
  const ready = !itemId || (guide.data && guide.data.id === itemId);
  const initialValues = useMemo(() => (itemId ? (guide.data ? formOf(guide.data) : undefined) : emptyForm(departments[0]?.id, center.id)), [itemId, guide.data, departments, center.id]);

  async function save(values: ItemForm) {
    setSaving(true);
    setFailure(undefined);
    try {
      const body = inputOf(values);
      const saved = itemId ? await api.put<ItemGuide>(`/api/v1/items/${itemId}`, body) : await api.post<ItemGuide>('/api/v1/items', body);
      message.success(itemId ? `已保存，当前为第 ${saved.version} 版` : '事项已新增');
      onSaved(saved);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  // An item offered here may belong to a department of another center: keep it choosable.
  const own = guide.data?.department;
  const departmentChoices = own && !departments.some((d) => d.id === own.id) ? [...departments, own] : departments;

  const title = itemId ? `编辑事项：${guide.data?.name ?? ''}` : '新增事项';
  return (
    <Drawer
      open={open}
      title={title}
      size={Math.min(1000, typeof window === 'undefined' ? 1000 : window.innerWidth)}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(opened) => !opened && (setFailure(undefined), setTab('basic'))}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} disabled={!ready} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {guide.error ? <LoadError error={guide.error} onRetry={guide.reload} /> : null}
      {!ready || !initialValues ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Form<ItemForm>
          key={`${itemId ?? 'new'}:${guide.data?.version ?? 0}`}
          form={form}
          layout="vertical"
          initialValues={initialValues}
          // The whole store, not only the registered fields: the ids of materials, situations and FAQs have no input
          // but must go back, or every save would make them anew.
          onFinish={() => save(form.getFieldsValue(true) as ItemForm)}
          onFinishFailed={({ errorFields }) => {
            const first = errorFields[0];
            if (first) setTab(tabOf(first.name));
            message.error('请检查标红的内容');
          }}
          scrollToFirstError
        >
          {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'basic', label: '基本信息', forceRender: true, children: <BasicFields form={form} departments={departmentChoices} /> },
              { key: 'basis', label: '依据与流程', forceRender: true, children: <BasisFields /> },
              { key: 'materials', label: '申请材料', forceRender: true, children: <MaterialFields form={form} /> },
              { key: 'situations', label: '办理情形', forceRender: true, children: <SituationFields /> },
              { key: 'faqs', label: '常见问题', forceRender: true, children: <FaqFields /> },
              { key: 'where', label: '办理地点与检索', forceRender: true, children: <WhereFields centers={centers.data ?? []} /> },
            ]}
          />
        </Form>
      )}
    </Drawer>
  );
}
