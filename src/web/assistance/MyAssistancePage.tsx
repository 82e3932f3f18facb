import { Alert, Button, Card, Checkbox, Empty, Form, Input, List, Popconfirm, Rate, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { RequireCitizen } from '../my/MyParts';
import { citizenRequest } from '../shared/citizenAuth';
import { CenterTreeSelect } from '../shared/CenterSelector';
import { formatTime } from '../shared/format';
import { FormModal } from '../shared/FormModal';
import { useCenters } from '../shared/orgData';
import { LoadError } from '../shared/StatusPages';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { businessDay, statusColors, type AssistanceRequest, type RequestDetail } from './assistance';
import { RequestFields, requestBody, type RequestValues } from './RequestFields';
import { RequestProgress } from './RequestProgress';

const maxAuthorisationDays = 180;
const open = new Set(['submitted', 'assigned', 'in_progress']);

function NewRequest({ onCreated }: { onCreated(id: string): void }) {
  const [editing, setEditing] = useState(false);
  const centers = useCenters();
  return (
    <>
      <Button type="primary" size="large" block onClick={() => setEditing(true)}>
        申请帮办代办
      </Button>
      <FormModal<RequestValues & { centerId: string }>
        open={editing}
        title="申请帮办代办"
        okText="提交申请"
        successMessage="已提交，中心将为您分派首席服务专员"
        onClose={() => setEditing(false)}
        onSubmit={async ({ centerId, ...values }) => {
          const created = await citizenRequest<AssistanceRequest>('POST', '/api/v1/assistance/requests', { body: { centerId, ...requestBody(values) } });
          onCreated(created.id);
        }}
      >
        <Form.Item name="centerId" label="向哪个政务服务中心申请" rules={[{ required: true, message: '请选择中心' }]}>
          <CenterTreeSelect centers={centers.data ?? []} />
        </Form.Item>
        <RequestFields />
      </FormModal>
    </>
  );
}

function RequestView({ id, onChanged }: { id: string; onChanged(): void }) {
  const loaded = useAsync((signal) => citizenRequest<RequestDetail>('GET', `/api/v1/assistance/requests/${id}`, { signal }), [id]);
  const run = useAction();
  const [granting, setGranting] = useState(false);
  const [rating, setRating] = useState(false);
  const detail = loaded.data?.id === id ? loaded.data : undefined;
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!detail) return <Skeleton active paragraph={{ rows: 6 }} />;

  const act = async (path: string, success: string) => {
    if (await run(() => citizenRequest('POST', `/api/v1/assistance/requests/${id}${path}`), success)) {
      loaded.reload();
      onChanged();
    }
  };
  const canGrant = detail.agent !== null && (detail.status === 'assigned' || detail.status === 'in_progress');
  return (
    <>
      <RequestProgress
        detail={detail}
        extra={
          <Space wrap>
            {canGrant && <Button onClick={() => setGranting(true)}>授权专员代为申报</Button>}
            {detail.status === 'completed' && !detail.rating && (
              <Button type="primary" onClick={() => setRating(true)}>
                评价服务
              </Button>
            )}
            {open.has(detail.status) && (
              <Popconfirm title="确认撤回这份申请？" description="撤回后专员将停止服务。" okText="撤回" cancelText="取消" onConfirm={() => act('/withdraw', '已撤回')}>
                <Button danger>撤回申请</Button>
              </Popconfirm>
            )}
          </Space>
        }
        authorisationAction={(a) =>
          a.state === 'valid' && (
            <Popconfirm title="确认撤销授权？" description="撤销后专员不能再代为申报。" okText="撤销" cancelText="取消" onConfirm={() => act(`/authorisations/${a.id}/revoke`, '已撤销授权')}>
              <Button size="small" danger>
                撤销
              </Button>
            </Popconfirm>
          )
        }
      />
      <FormModal<{ scope: string; validUntil: string; confirmed: boolean }>
        open={granting}
        title={`授权 ${detail.agent?.name ?? ''} 代为申报`}
        okText="确认授权"
        successMessage="已授权"
        initialValues={{ validUntil: businessDay(30) }}
        onClose={() => setGranting(false)}
        onSubmit={async (values) => {
          await citizenRequest('POST', `/api/v1/assistance/requests/${id}/authorisations`, { body: { scope: values.scope.trim(), validUntil: values.validUntil } });
          loaded.reload();
        }}
      >
        <Form.Item name="scope" label="授权范围" rules={[{ required: true, whitespace: true, message: '请写明可以代为申报的事项' }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder="如：建筑工程施工许可证核发的申报与材料提交" />
        </Form.Item>
        <Form.Item name="validUntil" label={`有效至（最长 ${maxAuthorisationDays} 天）`} rules={[{ required: true, message: '请选择日期' }]}>
          <Input type="date" min={businessDay()} max={businessDay(maxAuthorisationDays)} />
        </Form.Item>
        <Form.Item name="confirmed" valuePropName="checked" rules={[{ validator: (_, checked) => (checked ? Promise.resolve() : Promise.reject(new Error('请确认授权'))) }]}>
          <Checkbox>我代表企业确认：授权该专员在上述范围和期限内以企业名义代为申报，可随时撤销</Checkbox>
        </Form.Item>
      </FormModal>
      <FormModal<{ score: number; comment?: string }>
        open={rating}
        title="评价本次帮办代办服务"
        okText="提交评价"
        successMessage="感谢您的评价"
        initialValues={{ score: 5 }}
        onClose={() => setRating(false)}
        onSubmit={async (values) => {
          await citizenRequest('POST', `/api/v1/assistance/requests/${id}/rating`, { body: { score: values.score, comment: values.comment?.trim() || undefined } });
          loaded.reload();
        }}
      >
        <Form.Item name="score" label="满意度" rules={[{ required: true, message: '请打分' }]}>
          <Rate tooltips={['非常不满意', '不满意', '基本满意', '满意', '非常满意']} />
        </Form.Item>
        <Form.Item name="comment" label="意见（选填）">
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function MyRequests() {
  const list = useAsync((signal) => citizenRequest<AssistanceRequest[]>('GET', '/api/v1/assistance/my-requests', { signal }), []);
  const [selected, setSelected] = useState<string>();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Alert type="info" showIcon title="首席服务专员为企业和项目免费帮办代办：政策咨询、材料准备、陪同办理、部门协调、上门和视频服务；经企业授权可代为申报。" />
      <NewRequest
        onCreated={(id) => {
          list.reload();
          setSelected(id);
        }}
      />
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <List
          dataSource={list.data}
          locale={{ emptyText: <Empty description="还没有帮办代办申请" /> }}
          renderItem={(r) => (
            <List.Item data-testid="my-assistance-request" onClick={() => setSelected(r.id)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag color={statusColors[r.status]}>{r.statusLabel}</Tag>
                    {r.companyName}
                  </Space>
                }
                description={`${r.agent ? `专员 ${r.agent.name}` : '待分派专员'} · ${formatTime(r.submittedAt, 'YYYY-MM-DD')}`}
              />
            </List.Item>
          )}
        />
      )}
      {selected && (
        <Card size="small" title={<Typography.Text strong>申请详情</Typography.Text>}>
          <RequestView id={selected} onChanged={list.reload} />
        </Card>
      )}
    </Space>
  );
}

/** /my/assistance — 帮办代办: ask for an agent for my company, follow the plan and progress, authorise, rate. */
export const MyAssistancePage = () => <RequireCitizen title="帮办代办">{() => <MyRequests />}</RequireCitizen>;
