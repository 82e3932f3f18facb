import { CheckOutlined, CloseOutlined, PauseCircleOutlined, PlayCircleOutlined, PrinterOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Drawer, Flex, Form, Input, Popconfirm, Radio, Skeleton, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../shared/api';
import { dayjs, formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { useAction } from '../shared/useAction';
import {
  caseAction,
  caseStatusColors,
  deliveryLabels,
  materialStatusColors,
  materialStatusLabels,
  openNotice,
  suspendReasons,
  warningColors,
  warningLabels,
  type CaseMaterial,
  type CaseStep,
  type CaseView,
  type Delivery,
} from './cases';
import { CaseRoutePanel } from './CaseRoutePanel';
import { CaseRemotePanel } from '../remote/CaseRemotePanel';
import type { CaseRouteWithParent } from './workflow';

const today = () => dayjs().tz('Asia/Shanghai').format('YYYY-MM-DD');

/** 办件状态 as a coloured tag, with its 红灯/黄灯 when it has one. */
export function CaseStatusTag({ kase }: { kase: Pick<CaseView, 'status' | 'statusLabel' | 'warning'> }) {
  return (
    <Space size={4}>
      <Tag color={caseStatusColors[kase.status]}>{kase.statusLabel}</Tag>
      {kase.warning && <Tag color={warningColors[kase.warning]}>{warningLabels[kase.warning]}</Tag>}
    </Space>
  );
}

/** The working days left to the promised deadline: 剩余 3 个工作日, 今日到期, 已超期. */
function RemainingDays({ kase }: { kase: CaseView }) {
  const deadline = kase.promisedDeadline;
  const left = useAsync(
    (signal) => (deadline && kase.status === 'accepted' ? api.get<{ workingDays: number }>('/api/v1/calendar/working-days/between', { from: today(), to: deadline }, signal) : Promise.resolve(undefined)),
    [deadline, kase.status],
  );
  if (kase.status === 'suspended') return <Tag color="purple">计时已暂停，恢复后期限顺延</Tag>;
  if (!deadline || kase.status !== 'accepted') return null;
  if (deadline < today()) return <Tag color="red">已超期</Tag>;
  if (!left.data) return null;
  const n = left.data.workingDays;
  return (
    <Tag color={kase.warning ? warningColors[kase.warning] : 'green'} data-testid="remaining-days">
      {n === 0 ? '今日到期' : `剩余 ${n} 个工作日`}
    </Tag>
  );
}

interface SuspendValues {
  kind: (typeof suspendReasons)[number];
  detail?: string;
}

type Dialog = 'deny' | 'suspend' | 'complete' | 'refuse' | null;

/**
 * One case in the back office: applicant (masked), materials with their 容缺 due dates, the steps,
 * the deadlines, and the actions its status allows — 受理 / 不予受理 after 补正, 准予 / 不予, 暂停计时 / 恢复计时,
 * 办结送达, 补交.
 */
export function CaseDrawer({ caseId, onClose, onChanged, refreshKey }: { caseId: string | undefined; onClose(): void; onChanged(): void; refreshKey: number }) {
  const { message } = App.useApp();
  const act = useAction();
  const kase = useAsync((signal) => (caseId ? api.get<CaseView>(`/api/v1/cases/${caseId}`, undefined, signal) : Promise.resolve(undefined)), [caseId, refreshKey]);
  const route = useAsync((signal) => (caseId ? api.get<CaseRouteWithParent>(`/api/v1/cases/${caseId}/route`, undefined, signal) : Promise.resolve(undefined)), [caseId, refreshKey]);
  const steps = useAsync((signal) => (caseId ? api.get<CaseStep[]>(`/api/v1/cases/${caseId}/steps`, undefined, signal) : Promise.resolve(undefined)), [caseId, refreshKey]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const c = kase.data && kase.data.id === caseId ? kase.data : undefined;

  const changed = () => {
    kase.reload();
    steps.reload();
    route.reload();
    setSelected([]);
    onChanged();
  };

  /** Runs an action from a dialog: its error stays in the dialog. */
  const step = async (action: string, body?: unknown) => {
    await caseAction(c!.id, action, body);
    changed();
  };

  /** Runs an action from a button or a confirmation: its error is a message. */
  const quick = async (key: string, action: string, success: string, body?: unknown) => {
    setBusy(key);
    const done = await act(() => caseAction(c!.id, action, body), success);
    setBusy(undefined);
    if (done) changed();
  };

  const open = c && ['submitted', 'supplement', 'accepted', 'suspended'].includes(c.status);
  const outstanding = (m: CaseMaterial) => m.status === 'missing' || m.status === 'deferred';
  const materialColumns: TableColumnsType<CaseMaterial> = [
    { title: '材料', dataIndex: 'name', render: (name: string, m) => (m.required ? name : <span>{name} <Tag>非必需</Tag></span>) },
    { title: '收件情况', dataIndex: 'status', width: 110, render: (s: CaseMaterial['status']) => <Tag color={materialStatusColors[s]}>{materialStatusLabels[s]}</Tag> },
    { title: '容缺补交期限', dataIndex: 'dueDate', width: 130, render: (d: string | null, m) => (m.status === 'deferred' ? <Typography.Text type={d && d < today() ? 'danger' : undefined}>{d ?? '—'}</Typography.Text> : '—') },
  ];

  let body;
  if (kase.error && !c) body = <LoadError error={kase.error} onRetry={kase.reload} />;
  else if (!c) body = <Skeleton active paragraph={{ rows: 12 }} />;
  else
    body = (
      <Flex vertical gap={16}>
        <Descriptions
          column={2}
          size="small"
          bordered
          items={[
            { key: 'status', label: '状态', span: 2, children: <span data-testid="drawer-status"><CaseStatusTag kase={c} /></span> },
            { key: 'item', label: '事项', span: 2, children: c.itemName },
            ...(route.data?.parent ? [{ key: 'bundle', label: '一件事', span: 2, children: `${route.data.parent.bundleName}（主件 ${route.data.parent.caseNo}）` }] : []),
            { key: 'applicant', label: c.applicant.kind === 'company' ? '申请单位' : '申请人', children: c.applicant.name },
            { key: 'identifier', label: c.applicant.kind === 'company' ? '统一社会信用代码' : '身份证号码', children: c.applicant.identifier },
            ...(c.applicant.contact ? [{ key: 'contact', label: '联系人', children: c.applicant.contact }] : []),
            { key: 'phone', label: '手机号码', children: c.applicant.phone },
            { key: 'mode', label: '办理时限', children: c.mode === 'immediate' ? '即办件' : `承诺 ${c.promisedDays} / 法定 ${c.legalDays} 个工作日` },
            { key: 'accepted', label: '受理日期', children: c.acceptedOn ?? '—' },
            {
              key: 'promised',
              label: '承诺期限',
              children: (
                <Space wrap>
                  <span data-testid="drawer-promised">{c.promisedDeadline ?? '—'}</span>
                  <RemainingDays kase={c} />
                </Space>
              ),
            },
            { key: 'legal', label: '法定期限', children: c.legalDeadline ?? '—' },
            ...(c.suspended ? [{ key: 'suspended', label: '暂停计时', span: 2, children: `自 ${c.suspended.since} 起${c.suspended.reason ? `：${c.suspended.reason}` : ''}` }] : []),
            ...(c.approved !== null ? [{ key: 'decision', label: '决定', span: 2, children: `${c.approved ? '准予' : '不予'}${c.decisionReason ? `：${c.decisionReason}` : ''}` }] : []),
            ...(c.refusalReason ? [{ key: 'refusal', label: '不予受理理由', span: 2, children: c.refusalReason }] : []),
            ...(c.delivery ? [{ key: 'delivery', label: '送达方式', span: 2, children: deliveryLabels[c.delivery] }] : []),
          ]}
        />

        {route.data && <CaseRoutePanel kase={c} route={route.data} onChanged={changed} />}
        <CaseRemotePanel kase={c} onChanged={changed} />

        <div>
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Typography.Text strong>材料</Typography.Text>
            {open && c.materials.some(outstanding) && (
              <Popconfirm title={`登记补交 ${selected.length} 项材料？`} okText="登记补交" disabled={!selected.length} onConfirm={() => quick('supply', 'supply', '已登记补交', { materialIds: selected })}>
                <Button size="small" icon={<UploadOutlined />} disabled={!selected.length} loading={busy === 'supply'}>
                  补交所选材料
                </Button>
              </Popconfirm>
            )}
          </Flex>
          <Table<CaseMaterial>
            rowKey="materialId"
            size="small"
            pagination={false}
            columns={materialColumns}
            dataSource={c.materials}
            rowSelection={open ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (m) => ({ disabled: !outstanding(m), 'aria-label': `补交 ${m.name}` }) } : undefined}
          />
        </div>

        <div>
          <Typography.Text strong>办理过程</Typography.Text>
          <div data-testid="drawer-steps">
          {steps.error ? (
            <LoadError error={steps.error} onRetry={steps.reload} />
          ) : (
            <Timeline
              style={{ marginTop: 12 }}
              items={(steps.data ?? []).map((s, i) => ({
                key: i,
                content: (
                  <span>
                    {formatTime(s.at, 'YYYY-MM-DD HH:mm')} <Typography.Text strong>{s.name}</Typography.Text>
                    {s.actorName && ` · ${s.actorName}`}
                    {s.note && <Typography.Text type="secondary">（{s.note}）</Typography.Text>}
                    {s.noticeNo && <Typography.Text type="secondary"> 文书 {s.noticeNo}</Typography.Text>}
                  </span>
                ),
              }))}
            />
          )}
          </div>
        </div>
      </Flex>
    );

  const actions = c && (
    <Space wrap>
      {['submitted', 'supplement'].includes(c.status) && (
        <>
          <Popconfirm title="受理该办件？" description="材料已齐全（或按容缺办理），受理后开始计算办理时限。" okText="受理" onConfirm={() => quick('accept', 'accept', '已受理')}>
            <Button type="primary" icon={<CheckOutlined />} loading={busy === 'accept'}>
              受理
            </Button>
          </Popconfirm>
          <Button danger icon={<CloseOutlined />} onClick={() => setDialog('refuse')}>
            不予受理
          </Button>
        </>
      )}
      {c.status === 'accepted' && (
        <>
          {route.data?.atDecision && (
            <>
              <Popconfirm title="准予许可？" description="作出准予决定后即可办结送达。" okText="准予" onConfirm={() => quick('approve', 'decide', '已作出准予决定', { approved: true })}>
                <Button type="primary" icon={<CheckOutlined />} loading={busy === 'approve'}>
                  准予
                </Button>
              </Popconfirm>
              <Button danger icon={<CloseOutlined />} onClick={() => setDialog('deny')}>
                不予
              </Button>
            </>
          )}
          <Button icon={<PauseCircleOutlined />} onClick={() => setDialog('suspend')}>
            暂停计时
          </Button>
        </>
      )}
      {c.status === 'suspended' && (
        <Popconfirm title="恢复计时？" description="暂停期间的工作日不计入办理时限，期限相应顺延。" okText="恢复计时" onConfirm={() => quick('resume', 'resume', '已恢复计时')}>
          <Button type="primary" icon={<PlayCircleOutlined />} loading={busy === 'resume'}>
            恢复计时
          </Button>
        </Popconfirm>
      )}
      {c.status === 'decided' && (
        <Button type="primary" icon={<SendOutlined />} onClick={() => setDialog('complete')}>
          办结送达
        </Button>
      )}
      {['accepted', 'supplement', 'refused'].includes(c.status) && (
        <Button icon={<PrinterOutlined />} onClick={() => openNotice(c.id).catch((error: unknown) => message.error(errorMessage(error)))}>
          通知书
        </Button>
      )}
    </Space>
  );

  return (
    <Drawer open={Boolean(caseId)} size={720} title={c ? `办件 ${c.caseNo}` : '办件'} onClose={onClose} extra={actions} rootClassName="case-drawer">
      {body}
      <FormModal<{ reason: string }> open={dialog === 'refuse'} title="不予受理" okText="确认不予受理" successMessage="已作出不予受理决定" onClose={() => setDialog(null)} onSubmit={({ reason }) => step('refuse', { reason: reason.trim() })}>
        <Form.Item name="reason" label="不予受理的理由" rules={[{ required: true, whitespace: true, message: '不予受理须说明理由' }, { max: 500, message: '最多 500 个字' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
      <FormModal<{ reason: string }> open={dialog === 'deny'} title="不予许可" okText="确认不予" successMessage="已作出不予决定" onClose={() => setDialog(null)} onSubmit={({ reason }) => step('decide', { approved: false, reason: reason.trim() })}>
        <Form.Item name="reason" label="不予许可的理由" rules={[{ required: true, whitespace: true, message: '不予许可须说明理由' }, { max: 500, message: '最多 500 个字' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
      <FormModal<SuspendValues>
        open={dialog === 'suspend'}
        title="暂停计时"
        okText="暂停计时"
        successMessage="已暂停计时"
        initialValues={{ kind: '补正' }}
        onClose={() => setDialog(null)}
        onSubmit={({ kind, detail }) => step('suspend', { reason: detail?.trim() ? `${kind}：${detail.trim()}` : kind })}
      >
        <Form.Item name="kind" label="暂停事由" rules={[{ required: true, message: '请选择暂停事由' }]} extra="这些程序所需时间不计入办理时限">
          <Radio.Group optionType="button" options={suspendReasons.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        <Form.Item name="detail" label="说明" rules={[{ max: 400, message: '最多 400 个字' }]}>
          <Input.TextArea rows={2} maxLength={400} placeholder="如：组织专家现场评审，预计 5 个工作日" />
        </Form.Item>
      </FormModal>
      <FormModal<{ delivery: Delivery }>
        open={dialog === 'complete'}
        title="办结送达"
        okText="办结"
        successMessage="已办结"
        initialValues={{ delivery: 'window' }}
        onClose={() => setDialog(null)}
        onSubmit={({ delivery }) => step('complete', { delivery })}
      >
        <Form.Item name="delivery" label="送达方式" rules={[{ required: true, message: '请选择送达方式' }]}>
          <Radio.Group options={(Object.keys(deliveryLabels) as Delivery[]).map((d) => ({ value: d, label: deliveryLabels[d] }))} />
        </Form.Item>
      </FormModal>
    </Drawer>
  );
}
