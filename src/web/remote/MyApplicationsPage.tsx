import { Alert, App, Button, Card, Empty, Flex, Form, Input, Radio, Select, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ItemGuide, ItemSummary } from '../catalog/catalog';
import { NeedsRealName, RequireCitizen } from '../my/MyParts';
import { api, errorMessage } from '../shared/api';
import { citizenDownload, citizenRequest } from '../shared/citizenAuth';
import { formatTime } from '../shared/format';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { useAction } from '../shared/useAction';
import { acceptedFileTypes, applicationStatusColors, resultDeliveryLabels, sizeText, uploadFile, type OnlineApplication, type RemoteFacts, type RemoteFile, type ResultDelivery } from './remote';

/** One material's file chooser: uploads at once, shows what was kept (or why it was refused). */
export function FilePicker({ label, file, onUploaded }: { label: string; file: RemoteFile | undefined; onUploaded(file: RemoteFile): void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const choose = async (chosen: File | undefined) => {
    if (!chosen) return;
    setBusy(true);
    setProblem(undefined);
    try {
      onUploaded(await uploadFile(chosen));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={4}>
      <input type="file" accept={acceptedFileTypes} aria-label={`上传「${label}」`} disabled={busy} onChange={(e) => void choose(e.target.files?.[0])} />
      {busy && <Typography.Text type="secondary">正在上传…</Typography.Text>}
      {file && !busy && (
        <Typography.Text type="success" data-testid="uploaded-file">
          已上传 {file.name}（{file.typeLabel}，{sizeText(file.size)}）
        </Typography.Text>
      )}
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
    </Flex>
  );
}

interface ApplyValues {
  delivery: ResultDelivery;
  deliveryAddress?: string;
}

/** 网上申报: an item offered online, its situation, a file per material, how the result comes back. */
function ApplyForm({ onDone }: { onDone(): void }) {
  const { message } = App.useApp();
  const items = useAsync((signal) => api.get<{ items: ItemSummary[] }>('/api/v1/items', { online: true, pageSize: 200 }, signal), []);
  const [itemId, setItemId] = useState<string>();
  const guide = useAsync((signal) => (itemId ? api.get<ItemGuide>(`/api/v1/items/${itemId}`, undefined, signal) : Promise.resolve(undefined)), [itemId]);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<Record<string, RemoteFile>>({});
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<ApplyValues>();
  const delivery = Form.useWatch('delivery', form);

  const chosen = new Set(Object.values(answers));
  const materials = (guide.data?.materials ?? []).filter((m) => m.optionIds.length === 0 || m.optionIds.some((id) => chosen.has(id)));
  const unanswered = (guide.data?.situations ?? []).filter((s) => !answers[s.id]);

  const submit = async (values: ApplyValues) => {
    setSubmitting(true);
    try {
      await citizenRequest('POST', '/api/v1/citizen/me/applications', {
        body: {
          itemId,
          optionIds: Object.values(answers),
          delivery: values.delivery,
          deliveryAddress: values.delivery === 'post' ? values.deliveryAddress?.trim() : undefined,
          materials: materials.flatMap((m) => (files[m.id] ? [{ materialId: m.id, fileId: files[m.id]!.id }] : [])),
        },
      });
      message.success('已提交，等待中心预审');
      setItemId(undefined);
      setFiles({});
      setAnswers({});
      form.resetFields();
      onDone();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  if (items.error) return <LoadError error={items.error} onRetry={items.reload} />;
  return (
    <Card size="small" title="网上申报" data-testid="apply-form">
      <Form<ApplyValues> form={form} layout="vertical" initialValues={{ delivery: 'window' }} onFinish={submit} requiredMark={false}>
        <Form.Item label="办理事项" required>
          <Select
            aria-label="办理事项"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择可网上申报的事项"
            loading={items.loading}
            value={itemId}
            onChange={(id: string) => {
              setItemId(id);
              setAnswers({});
              setFiles({});
            }}
            options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.department.name}）` }))}
            notFoundContent="没有可网上申报的事项"
          />
        </Form.Item>
        {itemId && guide.loading && <Skeleton active paragraph={{ rows: 2 }} />}
        {guide.error ? <LoadError error={guide.error} onRetry={guide.reload} /> : null}
        {guide.data?.situations.map((s) => (
          <Form.Item key={s.id} label={s.question} required>
            <Radio.Group value={answers[s.id]} onChange={(e) => setAnswers({ ...answers, [s.id]: e.target.value as string })} options={s.options.map((o) => ({ value: o.id, label: o.label }))} />
          </Form.Item>
        ))}
        {guide.data && unanswered.length === 0 && (
          <>
            <Typography.Paragraph type="secondary">每项材料上传一个 PDF、JPEG 或 PNG 文件（按文件内容识别）。</Typography.Paragraph>
            {materials.map((m) => (
              <Form.Item key={m.id} label={`${m.name}${m.required ? '' : '（非必需）'}`} required={m.required}>
                <FilePicker label={m.name} file={files[m.id]} onUploaded={(file) => setFiles((f) => ({ ...f, [m.id]: file }))} />
              </Form.Item>
            ))}
            <Form.Item name="delivery" label="结果送达方式" rules={[{ required: true, message: '请选择送达方式' }]}>
              <Radio.Group options={(Object.keys(resultDeliveryLabels) as ResultDelivery[]).map((d) => ({ value: d, label: resultDeliveryLabels[d] }))} />
            </Form.Item>
            {delivery === 'post' && (
              <Form.Item name="deliveryAddress" label="收件地址" rules={[{ required: true, whitespace: true, message: '邮寄送达须填写收件地址' }, { max: 200, message: '最多 200 个字' }]}>
                <Input maxLength={200} placeholder="省市区、街道、门牌号，收件人及电话" />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={submitting} disabled={materials.some((m) => m.required && !files[m.id])}>
              提交申报
            </Button>
          </>
        )}
      </Form>
    </Card>
  );
}

/** The returned materials uploaded again, then the application sent back to 预审. */
function Resubmit({ application, onDone }: { application: OnlineApplication; onDone(): void }) {
  const run = useAction();
  const [files, setFiles] = useState<Record<string, RemoteFile>>({});
  const returned = application.materials.filter((m) => m.returnReason);
  return (
    <Flex vertical gap={8}>
      {returned.map((m) => (
        <FilePicker key={m.materialId} label={m.name} file={files[m.materialId]} onUploaded={(file) => setFiles((f) => ({ ...f, [m.materialId]: file }))} />
      ))}
      <Button
        type="primary"
        disabled={returned.some((m) => !files[m.materialId])}
        onClick={async () => {
          const done = await run(() => citizenRequest('POST', `/api/v1/citizen/me/applications/${application.id}/resubmit`, { body: { materials: returned.map((m) => ({ materialId: m.materialId, fileId: files[m.materialId]!.id })) } }), '已重新提交，等待预审');
          if (done) onDone();
        }}
      >
        重新提交预审
      </Button>
    </Flex>
  );
}

/** After 预审通过: the materials a 待补正 case still lacks, uploaded from here, and the couriers of the case. */
function CaseSide({ application }: { application: OnlineApplication }) {
  const kase = application.case!;
  const run = useAction();
  const facts = useAsync((signal) => citizenRequest<RemoteFacts>('GET', `/api/v1/cases/${kase.id}/remote`, { signal }), [kase.id]);
  const [form] = Form.useForm<{ courier: string; trackingNo: string }>();
  const supplied = new Set(facts.data?.supplements.filter((s) => !s.confirmed).map((s) => s.materialId));
  return (
    <Flex vertical gap={8} style={{ marginTop: 8 }}>
      <div>
        办件编号 {kase.caseNo} <Tag>{kase.statusLabel}</Tag>
      </div>
      {kase.status === 'supplement' &&
        kase.missing.map((m) => (
          <Card key={m.materialId} size="small" title={`补正：${m.name}`}>
            {supplied.has(m.materialId) ? (
              <Typography.Text type="secondary">已上传，等待工作人员确认</Typography.Text>
            ) : (
              <FilePicker
                label={m.name}
                file={undefined}
                onUploaded={async (file) => {
                  await run(() => citizenRequest('POST', `/api/v1/citizen/me/cases/${kase.id}/supplements`, { body: { materialId: m.materialId, fileId: file.id } }), '已上传，等待工作人员确认');
                  facts.reload();
                }}
              />
            )}
          </Card>
        ))}
      {facts.error ? <LoadError error={facts.error} onRetry={facts.reload} /> : null}
      {facts.data?.shipments.map((s) => (
        <div key={s.id} data-testid="shipment">
          {s.directionLabel}：{s.courier} {s.trackingNo}（{formatTime(s.createdAt, 'MM-DD HH:mm')}）
        </div>
      ))}
      {!['completed', 'refused'].includes(kase.status) && (
        <Form
          form={form}
          layout="inline"
          onFinish={async (values) => {
            const done = await run(() => citizenRequest('POST', `/api/v1/cases/${kase.id}/shipments`, { body: { direction: 'inbound', courier: values.courier.trim(), trackingNo: values.trackingNo.trim() } }), '已登记寄件信息');
            if (done) {
              form.resetFields();
              facts.reload();
            }
          }}
        >
          <Form.Item name="courier" rules={[{ required: true, whitespace: true, message: '请填写快递公司' }]}>
            <Input aria-label="快递公司" placeholder="快递公司" maxLength={30} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="trackingNo" rules={[{ required: true, pattern: /^[A-Za-z0-9]{6,30}$/, message: '快递单号为 6–30 位字母或数字' }]}>
            <Input aria-label="快递单号" placeholder="快递单号" maxLength={30} style={{ width: 160 }} />
          </Form.Item>
          <Button htmlType="submit">登记寄交原件</Button>
        </Form>
      )}
    </Flex>
  );
}

function Applications() {
  const state = useAsync((signal) => citizenRequest<OnlineApplication[]>('GET', '/api/v1/citizen/me/applications', { signal }), []);
  return (
    <Flex vertical gap={12}>
      <ApplyForm onDone={state.reload} />
      {state.error ? <LoadError error={state.error} onRetry={state.reload} /> : null}
      {!state.data && !state.error && <Skeleton active paragraph={{ rows: 3 }} />}
      {state.data?.length === 0 && <Empty description="还没有网上申报" />}
      {state.data?.map((a) => (
        <Card key={a.id} size="small" data-testid="my-application" title={a.itemName} extra={<Tag color={applicationStatusColors[a.status]}>{a.statusLabel}</Tag>}>
          <div>
            提交于 {formatTime(a.submittedAt, 'YYYY-MM-DD HH:mm')}，{a.deliveryLabel}
          </div>
          {a.status === 'returned' && <Alert type="warning" showIcon style={{ margin: '8px 0' }} title="请按退回理由重新上传材料" description={a.returnNote ?? undefined} />}
          <ul style={{ paddingLeft: 20, margin: '8px 0' }}>
            {a.materials.map((m) => (
              <li key={m.materialId}>
                {m.name}：
                {m.file ? (
                  <Button type="link" size="small" onClick={() => void citizenDownload(`/api/v1/remote-files/${m.file!.id}`, m.file!.name)}>
                    {m.file.name}
                  </Button>
                ) : (
                  '未上传'
                )}
                {m.returnReason && <Typography.Text type="danger">（退回：{m.returnReason}）</Typography.Text>}
              </li>
            ))}
          </ul>
          {a.status === 'returned' && <Resubmit application={a} onDone={state.reload} />}
          {a.case && <CaseSide application={a} />}
        </Card>
      ))}
    </Flex>
  );
}

/** /my/applications — 网上申报 (不见面审批): apply with uploads, see 预审, answer a return, 补正 and couriers. */
export const MyApplicationsPage = () => <RequireCitizen title="网上申报">{(account) => (account.realName ? <Applications /> : <NeedsRealName />)}</RequireCitizen>;
