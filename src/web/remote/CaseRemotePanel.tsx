import { Button, Flex, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { api, downloadFile } from '../shared/api';
import { formatTime } from '../shared/format';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { useAction } from '../shared/useAction';
import { sizeText, type RemoteFacts } from './remote';

interface OutboundValues {
  courier: string;
  trackingNo: string;
  address: string;
}

/**
 * The case drawer's 不见面 part: materials the applicant supplied from the portal (opened, then confirmed into
 * the case) and the couriers both ways — the result posted out is entered here once the case is completed by post.
 */
export function CaseRemotePanel({ kase, onChanged }: { kase: { id: string; status: string; delivery: string | null }; onChanged(): void }) {
  const run = useAction();
  const facts = useAsync((signal) => api.get<RemoteFacts>(`/api/v1/cases/${kase.id}/remote`, undefined, signal), [kase.id, kase.status]);
  const [form] = Form.useForm<OutboundValues>();
  if (facts.error) return <LoadError error={facts.error} onRetry={facts.reload} />;
  const f = facts.data;
  const postable = kase.status === 'completed' && kase.delivery === 'post';
  if (!f || (!f.applicationId && !f.shipments.length && !postable)) return null;
  return (
    <Flex vertical gap={8} data-testid="case-remote" style={{ marginTop: 16 }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        不见面办理
      </Typography.Title>
      {f.applicationId && <div>网上申报{f.delivery === 'post' && f.deliveryAddress ? `，申请人选择邮寄送达：${f.deliveryAddress}` : ''}</div>}
      {f.supplements.map((s) => (
        <Space key={s.id} wrap>
          <span>网上补正「{s.materialName}」</span>
          <Button size="small" onClick={() => void run(() => downloadFile(`/api/v1/remote-files/${s.file.id}`, s.file.name))}>
            查看 {s.file.name}（{sizeText(s.file.size)}）
          </Button>
          {s.confirmed ? (
            <Tag color="success">已确认</Tag>
          ) : (
            <Popconfirm
              title="确认该补正材料？"
              description="确认后计为已收到。"
              okText="确认"
              onConfirm={async () => {
                if (await run(() => api.post(`/api/v1/cases/${kase.id}/supplements/${s.id}/confirm`), '已确认补正材料')) {
                  facts.reload();
                  onChanged();
                }
              }}
            >
              <Button size="small" type="primary">
                确认收到
              </Button>
            </Popconfirm>
          )}
        </Space>
      ))}
      {f.shipments.map((s) => (
        <div key={s.id} data-testid="case-shipment">
          {s.directionLabel}：{s.courier} {s.trackingNo}
          {s.address ? `，寄往 ${s.address}` : ''}（{formatTime(s.createdAt, 'MM-DD HH:mm')}）
        </div>
      ))}
      {postable && (
        <Form<OutboundValues>
          form={form}
          layout="inline"
          initialValues={{ address: f.deliveryAddress ?? '' }}
          onFinish={async (values) => {
            const done = await run(() => api.post(`/api/v1/cases/${kase.id}/shipments`, { direction: 'outbound', courier: values.courier.trim(), trackingNo: values.trackingNo.trim(), address: values.address.trim() }), '已登记寄出');
            if (done) {
              form.resetFields(['courier', 'trackingNo']);
              facts.reload();
            }
          }}
        >
          <Form.Item name="courier" rules={[{ required: true, whitespace: true, message: '请填写快递公司' }]}>
            <Input aria-label="快递公司" placeholder="快递公司" maxLength={30} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="trackingNo" rules={[{ required: true, pattern: /^[A-Za-z0-9]{6,30}$/, message: '快递单号为 6–30 位字母或数字' }]}>
            <Input aria-label="快递单号" placeholder="快递单号" maxLength={30} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="address" rules={[{ required: true, whitespace: true, message: '请填写收件地址' }]}>
            <Input aria-label="收件地址" placeholder="收件地址" maxLength={200} style={{ width: 220 }} />
          </Form.Item>
          <Button htmlType="submit">登记寄出结果</Button>
        </Form>
      )}
    </Flex>
  );
}
