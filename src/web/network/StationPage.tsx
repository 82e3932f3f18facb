import { CompassOutlined, FileTextOutlined, MessageOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Input, List, Radio, Result, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../shared/api';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { mapLinkFrom, type PublicStation } from './types';

interface CertificateForm {
  kind: string;
  name: string;
  phone: string;
  note?: string;
}

const maskedPhone = (phone: string) => phone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2');
const maskedName = (name: string) => ([...name].length <= 1 ? name : [...name].length === 2 ? `${[...name][0]}*` : `${[...name][0]}${'*'.repeat([...name].length - 2)}${[...name].at(-1)}`);

/** 基层证明: asked for here, handled by the station's service center, which calls back. */
function CertificateRequestForm({ station }: { station: PublicStation }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CertificateForm>();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<{ kind: string; name: string; phone: string; statusLabel: string }>();

  async function submit(values: CertificateForm) {
    setSending(true);
    try {
      const phone = values.phone.replace(/[\s-]/g, '');
      const receipt = await api.post<{ statusLabel: string }>(`/api/v1/stations/${station.id}/certificate-requests`, { kind: values.kind, name: values.name.trim(), phone, note: values.note?.trim() || undefined });
      setSent({ kind: values.kind, name: maskedName(values.name.trim()), phone: maskedPhone(phone), statusLabel: receipt.statusLabel });
      form.resetFields();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  if (sent) {
    return (
      <Result
        status="success"
        title="申请已提交"
        subTitle={`${sent.kind} · ${sent.name} · ${sent.phone}：${sent.statusLabel}。${station.center.name}受理后将电话联系您。`}
        extra={<Button onClick={() => setSent(undefined)}>再申请一份</Button>}
        data-testid="certificate-sent"
      />
    );
  }
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      <Form.Item name="kind" label="证明类型" rules={[{ required: true, message: '请选择证明类型' }]}>
        <Radio.Group aria-label="证明类型" optionType="button" options={station.certificateKinds.map((k) => ({ value: k, label: k }))} />
      </Form.Item>
      <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 30, message: '最多 30 个字' }]}>
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item name="phone" label="手机号" rules={[{ required: true, message: '请填写手机号' }, { pattern: /^1[3-9]\d{9}$/, transform: (v: string) => v?.replace(/[\s-]/g, ''), message: '手机号码格式不正确，应为 11 位数字' }]}>
        <Input inputMode="tel" autoComplete="tel" />
      </Form.Item>
      <Form.Item name="note" label="用途或说明（选填）" rules={[{ max: 500, message: '最多 500 个字' }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={sending} block>
        提交申请
      </Button>
    </Form>
  );
}

/** The page a 微服务站 poster's QR code opens: nearby points, guides, videos, 基层证明 and feedback. */
export function StationPage() {
  const { id } = useParams<{ id: string }>();
  const { data: station, error, loading, reload } = useAsync((signal) => api.get<PublicStation>(`/api/v1/stations/${id}`, undefined, signal), [id]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading || !station) return <Skeleton active style={{ padding: 16 }} />;
  return (
    <div style={{ maxWidth: 760, margin: '0 auto', padding: '0 12px 32px' }}>
      <div style={{ padding: '16px 0 8px' }}>
        <Flex gap={8} align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="station-name">
            {station.name}
          </Typography.Title>
          <Tag color="blue">{station.kindLabel}微服务站</Tag>
        </Flex>
        {station.address && <Typography.Text type="secondary">{station.address}</Typography.Text>}
        <div>
          <Typography.Text type="secondary">
            由 {station.center.name} 提供服务{station.center.phone && <>，咨询电话 <a href={`tel:${station.center.phone}`}>{station.center.phone}</a></>}
          </Typography.Text>
        </div>
      </div>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Link to={mapLinkFrom(station.center.id)}>
          <Button type="primary" icon={<CompassOutlined />}>
            附近服务网点
          </Button>
        </Link>
        <Link to="/feedback">
          <Button icon={<MessageOutlined />}>投诉建议</Button>
        </Link>
      </Flex>
      <Card size="small" title="办事指南（明白卡）" style={{ marginBottom: 12 }}>
        {station.guides.length ? (
          <List
            size="small"
            dataSource={station.guides}
            renderItem={(guide) => (
              <List.Item>
                <Link to={`/items/${guide.id}`}>
                  <FileTextOutlined /> {guide.name}
                </Link>
                <Typography.Text type="secondary">{guide.department}</Typography.Text>
              </List.Item>
            )}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<>暂未配置指南，可在 <Link to="/items">事项查询</Link> 中查找。</>} />
        )}
      </Card>
      <Card size="small" title="短视频" style={{ marginBottom: 12 }}>
        {station.videos.length ? (
          <List
            size="small"
            dataSource={station.videos}
            renderItem={(video) => (
              <List.Item>
                <a href={video.url} target="_blank" rel="noreferrer">
                  <PlayCircleOutlined /> {video.title}
                </a>
              </List.Item>
            )}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无短视频" />
        )}
      </Card>
      <Card size="small" title="申请基层证明">
        <CertificateRequestForm station={station} />
      </Card>
    </div>
  );
}
