import { CheckCircleOutlined, EyeOutlined, FileTextOutlined, PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Divider, Empty, Flex, Form, Input, Radio, Result, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ItemGuide, Material } from '../catalog/catalog';
import { api, errorMessage, request } from '../shared/api';
import { dayjs } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { creditCodeProblem, idNumberProblem, isValidMobile, normaliseCreditCode, normaliseIdNumber } from '../shared/identity';
import { PageLoading, LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { caseAction, materialStatusLabels, newIdempotencyKey, openNotice, type Applicant, type CaseView, type CreateCaseBody, type MaterialStatus } from './cases';
import { applyLicences, ElicenseCall, type CalledLicences } from './ElicenseCall';
import { ItemPicker } from './ItemPicker';
import type { Licence } from '../elicenses/elicenses';

/** The ticket being served, when the panel is opened from the workstation. */
export interface ServedTicket {
  id: string;
  number: string;
  itemId: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
}

type Outcome = 'accept' | 'supplement-notice' | 'refuse';

interface MaterialValue {
  status: MaterialStatus;
  dueDate?: Dayjs;
}

interface AcceptanceValues {
  itemId?: string;
  answers: Record<string, string>;
  kind: 'person' | 'company';
  idNumber?: string;
  creditCode?: string;
  name?: string;
  contact?: string;
  phone?: string;
  materials: Record<string, MaterialValue>;
}

const outcomeLabels: Record<Outcome, string> = { accept: '受理', 'supplement-notice': '一次性告知', refuse: '不予受理' };

/** The materials the answered situations call for: those tied to no option, and those tied to a chosen one (as the server decides). */
function applicable(item: ItemGuide, answers: Record<string, string> | undefined): Material[] {
  const chosen = new Set(Object.values(answers ?? {}));
  return item.materials.filter((m) => m.optionIds.length === 0 || m.optionIds.some((id) => chosen.has(id)));
}

const today = () => dayjs().tz('Asia/Shanghai').format('YYYY-MM-DD');

/** The status choices a material allows: 电子证照 only where it may replace paper, 容缺 only where it may be deferred. */
function statusOptions(material: Material, lenientAllowed: boolean) {
  return (['received', 'elicense', 'deferred', 'missing'] as const)
    .filter((s) => (s === 'elicense' ? material.elicense : s === 'deferred' ? material.deferrable && lenientAllowed : true))
    .map((s) => ({ value: s, label: materialStatusLabels[s] }));
}

function MaterialChecklist({ item, materials, latestDue }: { item: ItemGuide; materials: Material[]; latestDue: string | undefined }) {
  const form = Form.useFormInstance<AcceptanceValues>();
  const values = Form.useWatch('materials', form) ?? {};
  const columns: TableColumnsType<Material> = [
    {
      title: '材料',
      key: 'name',
      render: (_, m) => (
        <Space size={4} wrap>
          <span>{m.name}</span>
          {!m.required && <Tag>非必需</Tag>}
          {m.elicense && <Tag color="blue">可用电子证照</Tag>}
          {m.deferrable && item.lenientAllowed && <Tag color="gold">可容缺</Tag>}
        </Space>
      ),
    },
    {
      title: '收件情况',
      key: 'status',
      width: 330,
      render: (_, m) => (
        <Form.Item name={['materials', m.id, 'status']} noStyle>
          <Radio.Group optionType="button" size="small" options={statusOptions(m, item.lenientAllowed)} aria-label={`${m.name} 收件情况`} />
        </Form.Item>
      ),
    },
    {
      title: '容缺补交日期',
      key: 'due',
      width: 190,
      render: (_, m) =>
        values[m.id]?.status === 'deferred' ? (
          <Form.Item name={['materials', m.id, 'dueDate']} rules={[{ required: true, message: '请选择补交日期' }]} style={{ margin: 0 }}>
            <DatePicker
              size="small"
              placeholder="补交日期"
              aria-label={`${m.name} 补交日期`}
              disabledDate={(d) => d.format('YYYY-MM-DD') < today() || Boolean(latestDue && d.format('YYYY-MM-DD') > latestDue)}
            />
          </Form.Item>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];
  return (
    <div data-testid="material-checklist">
      <Table<Material> rowKey="id" size="small" pagination={false} columns={columns} dataSource={materials} locale={{ emptyText: '该事项（情形）无需提交材料' }} />
    </div>
  );
}

function ApplicantFields({ ticket, centerId, onScanned }: { ticket?: ServedTicket; centerId: string; onScanned(called: CalledLicences): void }) {
  const form = Form.useFormInstance<AcceptanceValues>();
  const kind = Form.useWatch('kind', form);
  const { message } = App.useApp();
  const [reading, setReading] = useState(false);
  const registered = ticket && (ticket.idNumberMasked || ticket.phoneMasked);

  const [code, setCode] = useState('');
  const [scanning, setScanning] = useState(false);

  /** 亮码: the person shows their personal code; the scan (audited) gives the window their whole identity and, as their consent, their e-licences. */
  async function scanCode(text: string) {
    if (!text.trim()) return;
    setScanning(true);
    try {
      const { person, consent, licences } = await api.post<{ person: { name: string; idNumber: string; phone: string }; consent: 'personal_code'; licences: Licence[] }>('/api/v1/elicenses/personal-code', { centerId, code: text.trim() });
      form.setFieldsValue({ kind: 'person', idNumber: person.idNumber, name: person.name, phone: person.phone });
      onScanned({ holder: person.idNumber, consent, licences });
      message.success(`个人码核验通过，已读取申请人身份和 ${licences.length} 份电子证照`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setCode('');
      setScanning(false);
    }
  }

  async function readTicket() {
    if (!ticket) return;
    setReading(true);
    try {
      const full = await api.get<{ idNumber: string | null; phone: string | null }>(`/api/v1/tickets/${ticket.id}/applicant`);
      form.setFieldsValue({ ...(full.idNumber && { kind: 'person', idNumber: full.idNumber }), ...(full.phone && { phone: full.phone }) });
      message.success('已读取号票登记的身份信息');
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setReading(false);
    }
  }

  return (
    <>
      <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
        <Form.Item name="kind" noStyle>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'person', label: '个人' },
              { value: 'company', label: '企业（法人）' },
            ]}
            aria-label="申请人类型"
          />
        </Form.Item>
        <Input.Search
          aria-label="扫个人码"
          placeholder="扫个人码（亮码）读取身份"
          enterButton="核验"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onSearch={(text) => void scanCode(text)}
          loading={scanning}
          autoComplete="off"
          style={{ width: 300 }}
        />
        {registered && (
          <Button icon={<EyeOutlined />} loading={reading} onClick={readTicket}>
            读取号票登记信息（{ticket.idNumberMasked ?? ticket.phoneMasked}）
          </Button>
        )}
      </Flex>
      <Flex gap={16} wrap>
        {kind === 'company' ? (
          <Form.Item
            name="creditCode"
            label="统一社会信用代码"
            normalize={normaliseCreditCode}
            rules={[{ required: true, message: '请输入统一社会信用代码' }, { validator: async (_, v: string | undefined) => { const p = v ? creditCodeProblem(v) : undefined; if (p) throw new Error(p); } }]}
            style={{ flex: '1 1 220px' }}
          >
            <Input maxLength={18} placeholder="18 位统一社会信用代码" />
          </Form.Item>
        ) : (
          <Form.Item
            name="idNumber"
            label="居民身份证号码"
            normalize={normaliseIdNumber}
            rules={[{ required: true, message: '请输入身份证号码' }, { validator: async (_, v: string | undefined) => { const p = v ? idNumberProblem(v) : undefined; if (p) throw new Error(p); } }]}
            style={{ flex: '1 1 220px' }}
          >
            <Input maxLength={18} placeholder="18 位身份证号码" />
          </Form.Item>
        )}
        <Form.Item name="name" label={kind === 'company' ? '单位名称' : '姓名'} rules={[{ required: true, whitespace: true, message: kind === 'company' ? '请输入单位名称' : '请输入姓名' }, { max: 100, message: '最多 100 个字' }]} style={{ flex: '1 1 200px' }}>
          <Input maxLength={100} />
        </Form.Item>
        {kind === 'company' && (
          <Form.Item name="contact" label="联系人" rules={[{ required: true, whitespace: true, message: '请输入联系人' }, { max: 50, message: '最多 50 个字' }]} style={{ flex: '1 1 140px' }}>
            <Input maxLength={50} />
          </Form.Item>
        )}
        <Form.Item
          name="phone"
          label="手机号码"
          rules={[{ required: true, message: '请输入手机号码' }, { validator: async (_, v: string | undefined) => { if (v && !isValidMobile(v)) throw new Error('手机号码应为 11 位，以 13–19 开头'); } }]}
          style={{ flex: '1 1 160px' }}
        >
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
      </Flex>
    </>
  );
}

/** What the window hands the applicant after a decision: the case number, the deadlines and the notice to print. */
export function CaseOutcome({ outcome, kase, onNext }: { outcome: Outcome; kase: CaseView; onNext(): void }) {
  const { message } = App.useApp();
  const [printing, setPrinting] = useState(false);
  const missing = kase.materials.filter((m) => m.status === 'missing' && m.required);
  const deferred = kase.materials.filter((m) => m.status === 'deferred');
  const title = outcome === 'accept' ? '已受理' : outcome === 'supplement-notice' ? '已出具一次性告知书' : '已作出不予受理决定';
  return (
    <Result
      status={outcome === 'accept' ? 'success' : outcome === 'refuse' ? 'error' : 'warning'}
      title={<span data-testid="case-outcome-title">{title}</span>}
      subTitle={
        <span>
          办件编号 <Typography.Text strong copyable data-testid="case-no">{kase.caseNo}</Typography.Text>
        </span>
      }
      extra={[
        <Button
          key="print"
          type="primary"
          icon={<PrinterOutlined />}
          loading={printing}
          autoFocus
          onClick={async () => {
            setPrinting(true);
            try {
              await openNotice(kase.id);
            } catch (error) {
              message.error(errorMessage(error));
            } finally {
              setPrinting(false);
            }
          }}
        >
          打开/打印{outcomeLabels[outcome]}通知书
        </Button>,
        <Button key="next" onClick={onNext}>
          受理下一件
        </Button>,
      ]}
    >
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'item', label: '事项', children: kase.itemName },
          { key: 'status', label: '状态', children: <span data-testid="case-status">{kase.statusLabel}</span> },
          { key: 'applicant', label: '申请人', children: `${kase.applicant.name}（${kase.applicant.identifier}）` },
          ...(outcome === 'accept'
            ? [
                { key: 'accepted', label: '受理日期', children: kase.acceptedOn ?? '—' },
                { key: 'promised', label: '承诺办结期限', children: <span data-testid="promised-deadline">{kase.promisedDeadline ?? '—'}（{kase.mode === 'immediate' ? '即办件' : `${kase.promisedDays} 个工作日`}）</span> },
                { key: 'legal', label: '法定办结期限', children: <span data-testid="legal-deadline">{kase.legalDeadline ?? '—'}（{kase.legalDays} 个工作日）</span> },
                ...(deferred.length ? [{ key: 'deferred', label: '容缺补交', children: deferred.map((m) => `${m.name}（${m.dueDate ?? '—'} 前）`).join('；') }] : []),
              ]
            : []),
          ...(outcome === 'supplement-notice'
            ? [
                {
                  key: 'missing',
                  label: '需补齐的材料',
                  children: (
                    <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="missing-materials">
                      {missing.map((m) => (
                        <li key={m.materialId}>{m.name}</li>
                      ))}
                    </ol>
                  ),
                },
              ]
            : []),
          ...(outcome === 'refuse' ? [{ key: 'reason', label: '不予受理理由', children: kase.refusalReason ?? '—' }] : []),
        ]}
      />
    </Result>
  );
}

/** The latest date a 容缺 material may be brought: the promised deadline if the case were accepted today. */
function useLatestDue(item: ItemGuide | undefined): string | undefined {
  const due = useAsync(
    (signal) => (item ? api.get<{ date: string }>('/api/v1/calendar/working-days/add', { from: today(), days: item.promisedDays }, signal) : Promise.resolve(undefined)),
    [item?.id, item?.promisedDays],
  );
  return due.data?.date;
}

export interface AcceptancePanelProps {
  /** The center the case is taken in (the staff member's); the item's first center when left out. */
  centerId?: string;
  /** The ticket being served: its item is preselected and its registered applicant can be read in. */
  ticket?: ServedTicket;
  /** The item to start from when there is no ticket (or the ticket names none). */
  initialItemId?: string;
  /** Called after each outcome with the case as it now stands. */
  onDone?(kase: CaseView): void;
}

/**
 * 受理 at the window: the item and its situations, the applicant, the material checklist, then one of
 * 受理 / 一次性告知 / 不予受理. Each submission carries an Idempotency-Key, so a double click or a retry
 * after a lost answer never makes a second case.
 */
export function AcceptancePanel({ centerId, ticket, initialItemId, onDone }: AcceptancePanelProps) {
  const startItemId = ticket?.itemId ?? initialItemId;
  const [form] = Form.useForm<AcceptanceValues>();
  const { message } = App.useApp();
  const itemId = Form.useWatch('itemId', form) ?? startItemId;
  const answers = Form.useWatch('answers', form);
  const guide = useAsync((signal) => (itemId ? api.get<ItemGuide>(`/api/v1/items/${itemId}`, undefined, signal) : Promise.resolve(undefined)), [itemId]);
  const item = guide.data && guide.data.id === itemId ? guide.data : undefined;
  const materials = useMemo(() => (item ? applicable(item, answers) : []), [item, answers]);
  const latestDue = useLatestDue(item);
  const [busy, setBusy] = useState<Outcome>();
  const [refusing, setRefusing] = useState(false);
  const [done, setDone] = useState<{ outcome: Outcome; kase: CaseView }>();
  const [failure, setFailure] = useState<string>();
  const [called, setCalled] = useState<CalledLicences>();
  const holderValues = { kind: Form.useWatch('kind', form), idNumber: Form.useWatch('idNumber', form), creditCode: Form.useWatch('creditCode', form) };
  const takingCenterId = centerId ?? item?.centers[0]?.id;
  /** One key per submission; a changed form is a new submission. */
  const key = useRef<string | null>(null);
  const inFlight = useRef(false);

  // A newly picked item starts with every situation at its first answer and every material received.
  useEffect(() => {
    if (!item) return;
    const firstAnswers = Object.fromEntries(item.situations.map((s) => [s.id, s.options[0]?.id ?? '']));
    const current = form.getFieldValue('answers') as Record<string, string> | undefined;
    const keep = current && item.situations.every((s) => s.options.some((o) => o.id === current[s.id]));
    form.setFieldsValue({
      answers: keep ? current : firstAnswers,
      materials: Object.fromEntries(item.materials.map((m) => [m.id, { status: m.required ? ('received' as const) : ('missing' as const) }])),
    });
    key.current = null;
  }, [item, form]);

  function bodyOf(values: AcceptanceValues): CreateCaseBody {
    const applicant: Applicant =
      values.kind === 'company'
        ? { kind: 'company', creditCode: values.creditCode!, name: values.name!.trim(), contact: values.contact!.trim(), phone: values.phone!.trim() }
        : { kind: 'person', idNumber: values.idNumber!, name: values.name!.trim(), phone: values.phone!.trim() };
    return {
      itemId: item!.id,
      ...(centerId && { centerId }),
      applicant,
      ...(ticket && { ticketId: ticket.id }),
      answers: values.answers,
      channel: 'window',
      materials: materials.map((m) => {
        const v = values.materials?.[m.id];
        const status = v?.status ?? 'missing';
        return { materialId: m.id, status, ...(status === 'deferred' && v?.dueDate && { dueDate: v.dueDate.format('YYYY-MM-DD') }) };
      }),
    };
  }

  /** Submits one outcome; answers why it did not go through, or nothing when it did. */
  async function submit(outcome: Outcome, reason?: string): Promise<string | undefined> {
    if (inFlight.current || !item) return '正在提交，请稍候';
    setFailure(undefined);
    let values: AcceptanceValues;
    try {
      values = await form.validateFields();
    } catch {
      message.error('请先补全标红的内容');
      return '申请信息还不完整，请先补全标红的内容';
    }
    const body = bodyOf(values);
    const missing = materials.filter((m) => m.required && body.materials.find((x) => x.materialId === m.id)?.status === 'missing');
    const problem =
      outcome === 'accept' && missing.length
        ? `材料不齐，不能受理：${missing.map((m) => m.name).join('、')}。请出具一次性告知书`
        : outcome === 'supplement-notice' && !missing.length
          ? '材料齐全，无需一次性告知，请直接受理'
          : undefined;
    if (problem) {
      setFailure(problem);
      return problem;
    }
    inFlight.current = true;
    setBusy(outcome);
    key.current ??= newIdempotencyKey();
    try {
      const created = await request<CaseView>('POST', '/api/v1/cases', { body, headers: { 'Idempotency-Key': key.current } });
      // A retry of a submission that went through answers with the case as it is: only a new one still needs its step.
      const kase = created.status === 'submitted' ? await caseAction(created.id, outcome, outcome === 'refuse' ? { reason } : undefined) : created;
      key.current = null;
      setDone({ outcome, kase });
      setRefusing(false);
      message.success(`${outcomeLabels[outcome]}：${kase.caseNo}`);
      onDone?.(kase);
      return undefined;
    } catch (error) {
      setFailure(errorMessage(error));
      return errorMessage(error);
    } finally {
      inFlight.current = false;
      setBusy(undefined);
    }
  }

  // Ctrl+Enter accepts: the hands stay on the keyboard from the first field to the decision.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey && event.key === 'Enter' && !done) {
        event.preventDefault();
        void submit('accept');
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  function reset() {
    setDone(undefined);
    setFailure(undefined);
    setCalled(undefined);
    key.current = null;
    form.resetFields(['name', 'idNumber', 'creditCode', 'contact', 'phone']);
    if (item) form.setFieldsValue({ materials: Object.fromEntries(item.materials.map((m) => [m.id, { status: m.required ? ('received' as const) : ('missing' as const) }])) });
  }

  if (done) return <CaseOutcome outcome={done.outcome} kase={done.kase} onNext={reset} />;

  return (
    <Form<AcceptanceValues>
      form={form}
      layout="vertical"
      initialValues={{ itemId: startItemId, kind: 'person', answers: {}, materials: {} }}
      onValuesChange={() => {
        key.current = null;
      }}
    >
      <Card size="small" title="1. 办理事项" style={{ marginBottom: 12 }}>
        <Form.Item name="itemId" rules={[{ required: true, message: '请选择办理事项' }]} style={{ marginBottom: item?.situations.length ? 12 : 0 }}>
          <ItemPicker centerId={centerId} initialLabel={item ? `${item.name}（${item.department.name}）` : undefined} autoFocus={!startItemId} />
        </Form.Item>
        {guide.error ? <LoadError error={guide.error} onRetry={guide.reload} /> : null}
        {item && (
          <>
            <Typography.Text type="secondary">
              {item.department.name} · {item.mode === 'immediate' ? '即办件' : `承诺 ${item.promisedDays} 个工作日（法定 ${item.legalDays} 个工作日）`}
              {!item.lenientAllowed && ' · 不适用容缺受理'}
            </Typography.Text>
            {item.situations.map((s) => (
              <Form.Item key={s.id} name={['answers', s.id]} label={s.question} rules={[{ required: true, message: '请选择情形' }]} style={{ marginTop: 8, marginBottom: 0 }}>
                <Radio.Group options={s.options.map((o) => ({ value: o.id, label: o.label }))} />
              </Form.Item>
            ))}
          </>
        )}
      </Card>
      {itemId && !item && !guide.error && <PageLoading />}
      {item && (
        <>
          <Card size="small" title="2. 申请人" style={{ marginBottom: 12 }}>
            <ApplicantFields
              ticket={ticket}
              centerId={takingCenterId!}
              onScanned={(scanned) => {
                setCalled(scanned);
                applyLicences(form, materials, scanned.licences);
              }}
            />
          </Card>
          <Card size="small" title="3. 材料清单" style={{ marginBottom: 12 }}>
            {takingCenterId && (
              <div style={{ marginBottom: 12 }} data-testid="elicense-call-panel">
                <ElicenseCall form={form} centerId={takingCenterId} materials={materials} values={holderValues} called={called} onCalled={setCalled} />
              </div>
            )}
            <MaterialChecklist item={item} materials={materials} latestDue={latestDue} />
          </Card>
          {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} data-testid="acceptance-error" />}
          <Divider style={{ margin: '12px 0' }} />
          <Flex gap={8} wrap justify="flex-end">
            <Button danger icon={<StopOutlined />} disabled={Boolean(busy)} onClick={() => setRefusing(true)} data-testid="outcome-refuse">
              不予受理
            </Button>
            <Button icon={<FileTextOutlined />} loading={busy === 'supplement-notice'} disabled={Boolean(busy) && busy !== 'supplement-notice'} onClick={() => submit('supplement-notice')} data-testid="outcome-notice">
              一次性告知
            </Button>
            <Button type="primary" icon={<CheckCircleOutlined />} loading={busy === 'accept'} disabled={Boolean(busy) && busy !== 'accept'} onClick={() => submit('accept')} data-testid="outcome-accept">
              受理 <Typography.Text keyboard style={{ marginLeft: 4, fontSize: 12, color: 'inherit' }}>Ctrl+Enter</Typography.Text>
            </Button>
          </Flex>
        </>
      )}
      {!itemId && <Empty description="先搜索并选择办理事项" />}
      <FormModal<{ reason: string }> open={refusing} title="不予受理" okText="确认不予受理" successMessage="已作出不予受理决定" onClose={() => setRefusing(false)} onSubmit={async ({ reason }) => {
          const problem = await submit('refuse', reason.trim());
          if (problem) throw new Error(problem);
        }}
      >
        <Alert type="warning" showIcon title="将登记办件并出具不予受理决定书，申请人可依法申请行政复议或提起行政诉讼。" style={{ marginBottom: 12 }} />
        <Form.Item name="reason" label="不予受理理由" rules={[{ required: true, whitespace: true, message: '请填写不予受理的理由' }, { max: 500, message: '最多 500 个字' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如：申请事项不属于本机关职权范围" />
        </Form.Item>
      </FormModal>
    </Form>
  );
}
