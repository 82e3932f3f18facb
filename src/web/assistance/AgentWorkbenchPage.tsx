import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Form, Input, InputNumber, List, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../shared/api';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { ScreenHeader } from '../shared/Screen';
import { LoadError, PageLoading } from '../shared/StatusPages';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { businessDay, serviceKindOptions, statusColors, statusOptions, type Agent, type AssistanceRequest, type RequestDetail, type RequestStatus, type ServiceKind } from './assistance';
import { RequestProgress } from './RequestProgress';

interface StepValues {
  title: string;
  dueDate: string;
}

interface ServiceValues {
  kind: ServiceKind;
  date: string;
  minutes: number;
  note: string;
}

/** The contact's whole phone, fetched only when the agent asks: the server records each read. */
function ContactReveal({ requestId }: { requestId: string }) {
  const run = useAction();
  const [contact, setContact] = useState<{ contactName: string; contactPhone: string }>();
  if (contact) return <Typography.Text copyable={{ text: contact.contactPhone }}>{`${contact.contactName} ${contact.contactPhone}`}</Typography.Text>;
  return (
    <Button size="small" icon={<PhoneOutlined />} onClick={() => void run(() => api.get<{ contactName: string; contactPhone: string }>(`/api/v1/assistance/requests/${requestId}/contact`)).then((c) => c && setContact(c))}>
      查看联系人电话（留痕）
    </Button>
  );
}

/** Whether the agent may submit on the company's behalf right now, said before they try. */
function AuthorisationBanner({ detail }: { detail: RequestDetail }) {
  const valid = detail.authorisations.find((a) => a.state === 'valid');
  if (valid) return <Alert type="success" showIcon data-testid="authorisation-banner" title={`已获企业授权代为申报：${valid.scope}，有效至 ${valid.validUntil}`} />;
  const expired = detail.authorisations.some((a) => a.state === 'expired');
  return <Alert type="warning" showIcon data-testid="authorisation-banner" title={expired ? '企业的授权已过期，代为申报前请企业重新授权' : '企业尚未授权代为申报；其他服务可照常记录'} />;
}

function RequestWork({ id, onChanged }: { id: string; onChanged(): void }) {
  const loaded = useAsync((signal) => api.get<RequestDetail>(`/api/v1/assistance/requests/${id}`, undefined, signal), [id]);
  const run = useAction();
  const [dialog, setDialog] = useState<'step' | 'service'>();
  const detail = loaded.data?.id === id ? loaded.data : undefined;
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!detail) return <PageLoading />;

  const act = async (path: string, body?: unknown, success?: string) => {
    const done = await run(() => api.post<RequestDetail>(`/api/v1/assistance/requests/${id}${path}`, body), success);
    if (done) {
      loaded.reload();
      onChanged();
    }
  };
  const working = detail.status === 'in_progress';
  const actions = (
    <Space wrap>
      {detail.status === 'assigned' && (
        <Button type="primary" onClick={() => void act('/accept', undefined, '已接受，开始服务')}>
          接受分派
        </Button>
      )}
      {working && (
        <>
          <Button onClick={() => setDialog('step')}>添加计划步骤</Button>
          <Button type="primary" onClick={() => setDialog('service')}>
            记录服务
          </Button>
          <Popconfirm title="确认办结？" description="办结后不能再记录服务，企业可以评价。" okText="办结" cancelText="取消" onConfirm={() => act('/complete', undefined, '已办结')}>
            <Button>办结</Button>
          </Popconfirm>
        </>
      )}
      <ContactReveal requestId={id} />
    </Space>
  );

  return (
    <>
      <RequestProgress
        detail={detail}
        extra={
          <Space orientation="vertical" style={{ width: '100%' }}>
            {detail.status !== 'withdrawn' && detail.status !== 'completed' && <AuthorisationBanner detail={detail} />}
            {actions}
          </Space>
        }
        planAction={(step) =>
          working && !step.doneAt ? (
            <Button size="small" onClick={() => void act(`/plan-steps/${step.id}/done`, undefined, '已标记完成')}>
              标记完成
            </Button>
          ) : null
        }
      />
      <FormModal<StepValues>
        open={dialog === 'step'}
        title="添加计划步骤"
        initialValues={{ dueDate: businessDay(7) }}
        onClose={() => setDialog(undefined)}
        onSubmit={async (values) => {
          await api.post(`/api/v1/assistance/requests/${id}/plan-steps`, { title: values.title.trim(), dueDate: values.dueDate });
          loaded.reload();
        }}
      >
        <Form.Item name="title" label="做什么" rules={[{ required: true, whitespace: true, message: '请填写计划步骤' }]}>
          <Input maxLength={200} placeholder="如：梳理施工许可申请材料" />
        </Form.Item>
        <Form.Item name="dueDate" label="计划完成日期" rules={[{ required: true, message: '请选择日期' }]}>
          <Input type="date" />
        </Form.Item>
      </FormModal>
      <FormModal<ServiceValues>
        open={dialog === 'service'}
        title="记录服务"
        initialValues={{ kind: 'consulting', date: businessDay(), minutes: 30 }}
        onClose={() => setDialog(undefined)}
        onSubmit={async (values) => {
          await api.post(`/api/v1/assistance/requests/${id}/services`, { ...values, note: values.note.trim() });
          loaded.reload();
          onChanged();
        }}
      >
        <Form.Item name="kind" label="服务方式" rules={[{ required: true }]} extra="代为申报须有企业的有效授权">
          <Select options={serviceKindOptions} />
        </Form.Item>
        <Form.Item name="date" label="服务日期" rules={[{ required: true, message: '请选择日期' }]}>
          <Input type="date" max={businessDay()} />
        </Form.Item>
        <Form.Item name="minutes" label="用时（分钟）" rules={[{ required: true, message: '请填写用时' }]}>
          <InputNumber min={1} max={720} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="服务内容" rules={[{ required: true, whitespace: true, message: '请填写服务内容' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </>
  );
}

/** /agent — 首席服务专员工作台: my requests, and for each its plan, services and authorisation. */
export function AgentWorkbenchPage() {
  const [status, setStatus] = useState<RequestStatus>();
  const [selected, setSelected] = useState<string>();
  const profile = useAsync((signal) => api.get<Agent>('/api/v1/agents/me', undefined, signal).catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))), []);
  const requests = useAsync((signal) => api.get<AssistanceRequest[]>('/api/v1/agents/me/requests', { status }, signal), [status]);
  const me = profile.data;

  return (
    <>
      <ScreenHeader
        title="帮办代办工作台"
        description={me ? `${me.levelLabel}首席服务专员 · ${me.centerName}${me.area ? ` · ${me.area}` : ''} · 在办 ${me.openRequests} 件` : undefined}
        extra={<Select allowClear placeholder="全部状态" style={{ width: 140 }} value={status} onChange={setStatus} options={statusOptions} />}
      />
      {me === null && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="尚未建立您的专员档案，中心管理员建立后才会有申请分派给您。" />}
      {requests.error ? (
        <LoadError error={requests.error} onRetry={requests.reload} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={9}>
            <Card size="small" title="我的帮办申请">
              <List
                loading={requests.loading && !requests.data}
                dataSource={requests.data ?? []}
                locale={{ emptyText: <Empty description="暂无分派给您的申请" /> }}
                renderItem={(r) => (
                  <List.Item
                    data-testid="agent-request"
                    onClick={() => setSelected(r.id)}
                    style={{ cursor: 'pointer', background: r.id === selected ? 'var(--ant-color-primary-bg, #e6f4ff)' : undefined, paddingInline: 8 }}
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          <Tag color={statusColors[r.status]}>{r.statusLabel}</Tag>
                          {r.companyName}
                        </Space>
                      }
                      description={`${r.projectCode ?? '无项目代码'} · 分派于 ${formatTime(r.assignedAt, 'MM-DD HH:mm')}`}
                    />
                  </List.Item>
                )}
              />
            </Card>
          </Col>
          <Col xs={24} lg={15}>
            {selected ? <RequestWork id={selected} onChanged={requests.reload} /> : <Empty description="从左侧选择一件申请" />}
          </Col>
        </Row>
      )}
    </>
  );
}
