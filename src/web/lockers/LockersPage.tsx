import { Alert, AutoComplete, Button, Card, Empty, Flex, Form, Input, InputNumber, Segmented, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import type { CaseView } from '../cases/cases';
import { api } from '../shared/api';
import { FormModal } from '../shared/FormModal';
import { formatTime } from '../shared/format';
import { idNumberProblem, isValidMobile, normaliseIdNumber } from '../shared/identity';
import { useRefetchOn } from '../shared/live';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, PageLoading, TableEmpty } from '../shared/StatusPages';
import { hasAnyRole } from '../shared/access';
import { useAuth } from '../shared/auth';
import type { Center, Paged, RoleName } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { usePagedTable } from '../shared/usePagedTable';
import { collectedByLabels, sizeLabels, type Compartment, type CompartmentSize, type DepositStatus, type LockerDeposit, type LockerSettings, type LockerSummary } from './lockers';
import './lockersPage.css';

const managers: RoleName[] = ['admin', 'center_manager'];
/** Window staff put results in and take them out; supervisors watch. */
const handlers: RoleName[] = [...managers, 'window_staff'];
const lockerRoles: RoleName[] = [...handlers, 'supervisor'];
const lockerEvents = ['locker.deposited', 'locker.collected', 'locker.overdue'];

/** Decided cases wait for their delivery; a center rarely has more than a few pages of them. */
const decidedPageSize = 200;
const decidedMaxPages = 5;

async function loadDecidedCases(centerId: string, signal: AbortSignal): Promise<CaseView[]> {
  const found: CaseView[] = [];
  for (let page = 1; page <= decidedMaxPages; page++) {
    const batch = await api.get<Paged<CaseView>>(`/api/v1/centers/${centerId}/cases`, { status: 'decided', page, pageSize: decidedPageSize }, signal);
    found.push(...batch.items);
    if (found.length >= batch.total) break;
  }
  return found;
}

type DepositMode = 'case' | 'manual';

interface DepositForm {
  mode: DepositMode;
  caseId?: string;
  name?: string;
  phone?: string;
  idNumber?: string;
  itemName?: string;
  compartmentId?: string;
}

function depositBody(values: DepositForm) {
  const place = values.compartmentId ? { compartmentId: values.compartmentId } : {};
  if (values.mode === 'case') return { caseId: values.caseId!, ...place };
  const idNumber = values.idNumber?.trim() ? normaliseIdNumber(values.idNumber) : undefined;
  return { recipient: { name: values.name!.trim(), phone: values.phone!.trim(), ...(idNumber && { idNumber }) }, itemName: values.itemName!.trim(), ...place };
}

/** The decided cases of the center, found by typing their number. */
function CaseField({ centerId }: { centerId: string }) {
  const decided = useAsync((signal) => loadDecidedCases(centerId, signal), [centerId]);
  return (
    <>
      {decided.error !== undefined && <LoadError error={decided.error} onRetry={decided.reload} />}
      <Form.Item name="caseId" label="办件编号" extra="只能存入已作出决定、尚未办结的办件；存件即办结（智能柜送达）" rules={[{ required: true, message: '请输入并选择办件编号' }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={decided.loading}
          placeholder="输入办件编号查找"
          notFoundContent={decided.loading ? '正在加载…' : '没有找到待送达的办件'}
          options={(decided.data ?? []).map((c) => ({ value: c.id, label: `${c.caseNo} ${c.itemName} ${c.applicant.name}` }))}
          data-testid="deposit-case"
        />
      </Form.Item>
    </>
  );
}

function DepositDialog({ open, center, locker, compartments, compartmentId, onClose, onDone }: { open: boolean; center: Center; locker: LockerSummary; compartments: Compartment[]; compartmentId?: string; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<DepositForm>();
  const mode = Form.useWatch('mode', form) ?? 'case';
  const free = compartments.filter((c) => !c.deposit && !c.disabled);
  return (
    <FormModal<DepositForm>
      open={open}
      title={`存件 · ${locker.name}`}
      form={form}
      initialValues={{ mode: 'case', compartmentId }}
      okText="存件"
      successMessage="已存件，取件码已通过短信发给领取人"
      onClose={onClose}
      onSubmit={async (values) => {
        await api.post<LockerDeposit>(`/api/v1/lockers/${locker.id}/deposits`, depositBody(values));
        onDone();
      }}
    >
      <Form.Item name="mode" label="存放">
        <Segmented<DepositMode>
          options={[
            { value: 'case', label: '办件结果' },
            { value: 'manual', label: '其他材料（手工登记领取人）' },
          ]}
        />
      </Form.Item>
      {mode === 'case' ? (
        <CaseField centerId={center.id} />
      ) : (
        <>
          <Form.Item name="name" label="领取人姓名" rules={[{ required: true, whitespace: true, message: '请填写领取人姓名' }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label="手机号码" extra="取件码以短信发送到这个号码" rules={[{ required: true, message: '请填写手机号码' }, { validator: (_, v: string | undefined) => (!v || isValidMobile(v) ? Promise.resolve() : Promise.reject(new Error('手机号码应为 11 位，以 1 开头'))) }]}>
            <Input maxLength={11} inputMode="numeric" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label="身份证号码（选填）"
            extra="填写后，领取人也可以凭个人码开柜"
            rules={[{ validator: (_, v: string | undefined) => (!v?.trim() ? Promise.resolve() : idNumberProblem(v) ? Promise.reject(new Error(idNumberProblem(v))) : Promise.resolve()) }]}
          >
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="itemName" label="存放的材料或证照" rules={[{ required: true, whitespace: true, message: '请填写存放的材料' }]}>
            <Input maxLength={100} />
          </Form.Item>
        </>
      )}
      <Form.Item name="compartmentId" label="柜格">
        <Select allowClear placeholder="自动分配第一个空闲柜格" options={free.map((c) => ({ value: c.id, label: `${c.label}（${sizeLabels[c.size]}）` }))} data-testid="deposit-compartment" />
      </Form.Item>
    </FormModal>
  );
}

const collectReasons = ['已在窗口当面交给领取人', '超期未取，清柜改为窗口领取', '存放有误，重新存件'];

function CollectDialog({ deposit, onClose, onDone }: { deposit: LockerDeposit | undefined; onClose(): void; onDone(): void }) {
  return (
    <FormModal<{ reason: string }>
      open={deposit !== undefined}
      title={deposit ? `取出 ${deposit.lockerName} ${deposit.compartmentLabel} 号柜格` : '取出'}
      okText="确认取出"
      successMessage="已取出"
      onClose={onClose}
      onSubmit={async ({ reason }) => {
        await api.post<LockerDeposit>(`/api/v1/locker-deposits/${deposit!.id}/collect`, { reason: reason.trim() });
        onDone();
      }}
    >
      {deposit && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${deposit.itemName}（${deposit.caseNo ?? '无办件编号'}，领取人 ${deposit.recipientName}）`}
          description="取出后，领取人的取件码和个人码不能再打开此柜门。请确认物品已在手中。"
        />
      )}
      <Form.Item name="reason" label="取出原因" rules={[{ required: true, whitespace: true, message: '请填写取出原因' }]}>
        <AutoComplete options={collectReasons.map((value) => ({ value }))} placeholder="选择或填写原因" maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

function SetupDialog({ open, locker, hasCompartments, onClose, onDone }: { open: boolean; locker: LockerSummary; hasCompartments: boolean; onClose(): void; onDone(): void }) {
  return (
    <FormModal<{ count: number; prefix: string; size: CompartmentSize }>
      open={open}
      title={`${hasCompartments ? '增加柜格' : '设置柜格'} · ${locker.name}`}
      initialValues={{ count: 12, prefix: 'A', size: 'medium' }}
      successMessage="柜格已设置"
      onClose={onClose}
      onSubmit={async (values) => {
        await api.post<Compartment[]>(`/api/v1/lockers/${locker.id}/compartments`, values);
        onDone();
      }}
    >
      <Form.Item name="count" label="柜格数" rules={[{ required: true, message: '请填写柜格数' }]}>
        <InputNumber min={1} max={200} precision={0} suffix="格" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="prefix" label="柜门编号字母" extra="柜门编号为字母加序号，如 A01、A02" rules={[{ required: true, pattern: /^[A-Z]$/, message: '请填写一个大写字母' }]}>
        <Input maxLength={1} style={{ width: 80 }} />
      </Form.Item>
      <Form.Item name="size" label="尺寸">
        <Segmented options={Object.entries(sizeLabels).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
    </FormModal>
  );
}

function compartmentState(c: Compartment): 'disabled' | 'free' | 'overdue' | 'occupied' {
  if (c.disabled) return 'disabled';
  if (!c.deposit) return 'free';
  return c.deposit.overdue ? 'overdue' : 'occupied';
}

const stateLabels = { disabled: '停用', free: '空闲', overdue: '超期未取', occupied: '待取' };

function CompartmentGrid({ compartments, onFree, onOccupied }: { compartments: Compartment[]; onFree(c: Compartment): void; onOccupied(d: LockerDeposit): void }) {
  return (
    <div className="compartment-grid" data-testid="compartment-grid">
      {compartments.map((c) => {
        const state = compartmentState(c);
        return (
          <button
            key={c.id}
            type="button"
            className={`compartment compartment-${state}`}
            disabled={state === 'disabled'}
            onClick={() => (c.deposit ? onOccupied(c.deposit) : onFree(c))}
            title={c.deposit ? '取出' : '存件到此柜格'}
            data-testid={`compartment-${c.label}`}
          >
            <span className="compartment-label">{c.label}</span>
            <span className="compartment-state">
              {stateLabels[state]} · {sizeLabels[c.size]}
            </span>
            {c.deposit && (
              <>
                <span>{c.deposit.recipientName}</span>
                <span className="compartment-detail">{c.deposit.caseNo ?? c.deposit.itemName}</span>
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}

function CompartmentsTab({ center, lockers }: { center: Center; lockers: LockerSummary[] }) {
  const { user } = useAuth();
  const manages = hasAnyRole(user, managers);
  const handles = hasAnyRole(user, handlers);
  const [lockerId, setLockerId] = useState(lockers[0]!.id);
  const locker = lockers.find((l) => l.id === lockerId) ?? lockers[0]!;
  const compartments = useAsync((signal) => api.get<Compartment[]>(`/api/v1/lockers/${locker.id}/compartments`, undefined, signal), [locker.id]);
  useRefetchOn(center.id, lockerEvents, compartments.reload);
  const [depositing, setDepositing] = useState<{ compartmentId?: string }>();
  const [collecting, setCollecting] = useState<LockerDeposit>();
  const [settingUp, setSettingUp] = useState(false);
  const list = compartments.data ?? [];
  const counts = { free: list.filter((c) => compartmentState(c) === 'free').length, overdue: list.filter((c) => compartmentState(c) === 'overdue').length };

  let body;
  if (compartments.error && !compartments.data) body = <LoadError error={compartments.error} onRetry={compartments.reload} />;
  else if (!compartments.data) body = <PageLoading />;
  else if (!list.length)
    body = (
      <Empty description="该智能柜还没有设置柜格">
        {manages && (
          <Button type="primary" onClick={() => setSettingUp(true)}>
            设置柜格
          </Button>
        )}
      </Empty>
    );
  else body = <CompartmentGrid compartments={list} onFree={(c) => handles && setDepositing({ compartmentId: c.id })} onOccupied={(d) => handles && setCollecting(d)} />;

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <Select value={locker.id} onChange={setLockerId} options={lockers.map((l) => ({ value: l.id, label: l.name }))} style={{ minWidth: 240 }} aria-label="智能柜" data-testid="locker-select" />
          {list.length > 0 && (
            <Typography.Text type="secondary">
              共 {list.length} 格，空闲 {counts.free} 格{counts.overdue > 0 && <Typography.Text type="danger">，超期未取 {counts.overdue} 格</Typography.Text>}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        <Space>
          {manages && list.length > 0 && <Button onClick={() => setSettingUp(true)}>增加柜格</Button>}
          {handles && (
            <Button type="primary" disabled={counts.free === 0} onClick={() => setDepositing({})}>
              存件
            </Button>
          )}
        </Space>
      }
    >
      <Flex gap={16} wrap style={{ marginBottom: 12 }}>
        {(['free', 'occupied', 'overdue', 'disabled'] as const).map((state) => (
          <span key={state} className={`compartment-legend compartment-${state}`}>
            {stateLabels[state]}
          </span>
        ))}
        {handles && <Typography.Text type="secondary">点空闲柜格存件，点有物品的柜格取出</Typography.Text>}
      </Flex>
      {body}
      <DepositDialog open={depositing !== undefined} center={center} locker={locker} compartments={list} compartmentId={depositing?.compartmentId} onClose={() => setDepositing(undefined)} onDone={compartments.reload} />
      <CollectDialog deposit={collecting} onClose={() => setCollecting(undefined)} onDone={compartments.reload} />
      <SetupDialog open={settingUp} locker={locker} hasCompartments={list.length > 0} onClose={() => setSettingUp(false)} onDone={compartments.reload} />
    </Card>
  );
}

function DepositsTab({ center }: { center: Center }) {
  const table = usePagedTable<LockerDeposit, { status: DepositStatus }>(
    (query, signal) => api.get<Paged<LockerDeposit>>(`/api/v1/centers/${center.id}/locker-deposits`, { status: query.status, page: query.page, pageSize: query.pageSize }, signal),
    { status: 'waiting' },
    [center.id],
  );
  useRefetchOn(center.id, lockerEvents, table.reload);
  const [collecting, setCollecting] = useState<LockerDeposit>();
  const collected = table.filters.status === 'collected';
  const handles = hasAnyRole(useAuth().user, handlers);

  const columns: TableColumnsType<LockerDeposit> = [
    { title: '存入时间', dataIndex: 'depositedAt', width: 110, render: (at: string) => formatTime(at, 'MM-DD HH:mm') },
    { title: '柜格', key: 'place', width: 200, render: (_, d) => `${d.lockerName} ${d.compartmentLabel}` },
    { title: '办件编号', dataIndex: 'caseNo', width: 160, render: (no: string | null) => no ?? '—' },
    { title: '材料', dataIndex: 'itemName', width: 160 },
    { title: '领取人', key: 'recipient', width: 170, render: (_, d) => `${d.recipientName} ${d.recipientPhone}` },
    collected
      ? { title: '取出', key: 'collected', width: 240, render: (_, d) => `${formatTime(d.collectedAt, 'MM-DD HH:mm')} ${d.collectedBy ? collectedByLabels[d.collectedBy] : ''}${d.collectNote ? `（${d.collectNote}）` : ''}` }
      : {
          title: '状态',
          key: 'state',
          width: 180,
          render: (_, d) => (
            <Space>
              {d.overdue ? <Tag color="red">超期未取</Tag> : <Tag color="blue">待取</Tag>}
              {handles && (
                <Button size="small" onClick={() => setCollecting(d)}>
                  取出
                </Button>
              )}
            </Space>
          ),
        },
  ];

  return (
    <Card
      size="small"
      title={
        <Segmented<DepositStatus>
          value={table.filters.status}
          onChange={(status) => table.setFilters({ status })}
          options={[
            { value: 'waiting', label: '待取' },
            { value: 'overdue', label: '超期未取' },
            { value: 'collected', label: '已取' },
          ]}
          data-testid="deposit-status"
        />
      }
    >
      <Table<LockerDeposit>
        rowKey="id"
        size="small"
        columns={columns}
        {...table.tableProps}
        scroll={{ x: 1040 }}
        locale={{ emptyText: <TableEmpty error={table.error} description={collected ? '还没有取走的物品' : table.filters.status === 'overdue' ? '没有超期未取的物品' : '智能柜里没有待取的物品'} /> }}
        data-testid="deposits-table"
      />
      <CollectDialog deposit={collecting} onClose={() => setCollecting(undefined)} onDone={table.reload} />
    </Card>
  );
}

/** 智能柜规则: after how many days an uncollected result is flagged and its owner reminded. */
function SettingsTab({ center }: { center: Center }) {
  const settings = useAsync((signal) => api.get<LockerSettings>(`/api/v1/centers/${center.id}/locker-settings`, undefined, signal), [center.id]);
  const [form] = Form.useForm<LockerSettings>();
  const [saving, setSaving] = useState(false);
  const run = useAction();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  async function save(values: LockerSettings) {
    setSaving(true);
    if (await run(() => api.put<LockerSettings>(`/api/v1/centers/${center.id}/locker-settings`, values), '智能柜规则已保存')) settings.reload();
    setSaving(false);
  }

  if (settings.error) return <LoadError error={settings.error} onRetry={settings.reload} />;
  return (
    <Card size="small" loading={!settings.data}>
      <Form form={form} layout="horizontal" labelCol={{ flex: '180px' }} onFinish={save} style={{ maxWidth: 560 }}>
        <Form.Item name="uncollectedDays" label="超期未取天数" extra="存入后超过这些天仍未领取：标为超期，短信提醒领取人，并提醒工作人员" rules={[{ required: true, message: '请填写天数' }]}>
          <InputNumber min={1} max={90} precision={0} suffix="天" style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          保存
        </Button>
      </Form>
    </Card>
  );
}

function LockerWork({ center }: { center: Center }) {
  const { user } = useAuth();
  const lockers = useAsync((signal) => api.get<LockerSummary[]>(`/api/v1/centers/${center.id}/lockers`, undefined, signal), [center.id]);
  const list = lockers.data ?? [];
  let compartments;
  if (lockers.error) compartments = <LoadError error={lockers.error} onRetry={lockers.reload} />;
  else if (!lockers.data) compartments = <PageLoading />;
  else if (!list.length) compartments = <Empty description="本中心还没有登记智能柜，请在「设备」页面登记类型为智能柜的设备" />;
  else compartments = <CompartmentsTab center={center} lockers={list} />;
  return (
    <Tabs
      items={[
        { key: 'compartments', label: '柜格', children: compartments },
        { key: 'deposits', label: '存取记录', children: <DepositsTab center={center} /> },
        ...(hasAnyRole(user, managers) ? [{ key: 'settings', label: '规则', children: <SettingsTab center={center} /> }] : []),
      ]}
    />
  );
}

/** 智能柜: staff put results into the center's 24-hour lockers, take them out again, watch what is left uncollected, and set when that is overdue. */
export function LockersPage() {
  return (
    <CenterScopedScreen title="智能柜" roles={lockerRoles} description="24 小时智能柜：存件、取出、超期未取提醒">
      {(center) => <LockerWork key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
