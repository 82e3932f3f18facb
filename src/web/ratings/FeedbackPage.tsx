import { Alert, Button, Card, Descriptions, Form, Input, Radio, Result, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { PublicPage } from '../catalog/PublicParts';
import { api, errorMessage } from '../shared/api';
import { citizenRequest, useCitizen } from '../shared/citizenAuth';
import { dayjs, formatTime } from '../shared/format';
import { isValidMobile } from '../shared/identity';
import { levelLabels } from '../shared/labels';
import { useCenters } from '../shared/orgData';
import { LoadError, PageLoading } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import {
  feedbackKindColors,
  feedbackKindLabels,
  feedbackSatisfactionLabels,
  feedbackStatusColors,
  type Feedback,
  type FeedbackKind,
  type FeedbackSatisfaction,
} from './ratings';

/** What the public feedback endpoints answer: no text, contact or phone (feedback/schema.ts PublicFeedback). */
type PublicFeedback = Pick<Feedback, 'id' | 'centerId' | 'kind' | 'kindLabel' | 'status' | 'statusLabel' | 'dueDate' | 'answer' | 'answeredAt' | 'satisfaction' | 'satisfactionLabel' | 'createdAt'>;

const kinds = Object.keys(feedbackKindLabels) as FeedbackKind[];
const satisfactions = Object.keys(feedbackSatisfactionLabels) as FeedbackSatisfaction[];

const chineseDate = (date: string) => dayjs(date).format('YYYY年M月D日');
const statusPath = (id: string) => `/feedback/${id}`;

interface Values {
  kind: FeedbackKind;
  centerId: string;
  text: string;
  contact?: string;
  phone?: string;
}

function Submitted({ feedback }: { feedback: PublicFeedback }) {
  const link = `${window.location.origin}${statusPath(feedback.id)}`;
  return (
    <Result
      status="success"
      title={`已收到您的${feedback.kindLabel}`}
      subTitle={`我们将在 ${chineseDate(feedback.dueDate)} 前答复。请保存下面的查询编号或链接，凭它查看办理情况和答复。`}
      extra={
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="feedback-submitted">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="查询编号">
              <Typography.Text copyable data-testid="feedback-id">
                {feedback.id}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="查询链接">
              <Typography.Text copyable={{ text: link }} style={{ wordBreak: 'break-all' }}>
                {link}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="答复期限">{chineseDate(feedback.dueDate)}</Descriptions.Item>
          </Descriptions>
          <Link to={statusPath(feedback.id)}>
            <Button type="primary" size="large" block>
              查看办理情况
            </Button>
          </Link>
        </Space>
      }
    />
  );
}

/** /feedback — 投诉 / 建议 / 表扬 on the portal (phone first); `?centerId=` chooses the center. */
export function FeedbackPage() {
  const [params] = useSearchParams();
  const citizen = useCitizen().account;
  const centers = useCenters();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [submitted, setSubmitted] = useState<PublicFeedback>();

  const submit = async (values: Values) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const contact = values.contact?.trim();
      const phone = values.phone?.trim();
      const body = { kind: values.kind, centerId: values.centerId, text: values.text.trim(), ...(contact && { contact }), ...(phone && { phone }) };
      // Sent as the person signed in on 个人中心, it is listed under 我的诉求.
      setSubmitted(citizen ? await citizenRequest<PublicFeedback>('POST', '/api/v1/feedback', { body }) : await api.post<PublicFeedback>('/api/v1/feedback', body));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicPage title="投诉建议" maxWidth={640}>
      {submitted ? (
        <Submitted feedback={submitted} />
      ) : (
        <Card>
          <Typography.Paragraph type="secondary">对服务中心的工作有意见、建议，或想表扬工作人员，请在这里告诉我们。投诉 5 个工作日内答复，建议和表扬 15 个工作日内答复。</Typography.Paragraph>
          {centers.error ? <LoadError error={centers.error} onRetry={centers.reload} /> : null}
          <Form<Values> layout="vertical" onFinish={submit} initialValues={{ kind: 'complaint', centerId: params.get('centerId') ?? undefined }}>
            <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
              <Radio.Group optionType="button" buttonStyle="solid" size="large" options={kinds.map((k) => ({ value: k, label: feedbackKindLabels[k] }))} />
            </Form.Item>
            <Form.Item name="centerId" label="服务中心" rules={[{ required: true, message: '请选择服务中心' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={centers.loading}
                placeholder="请选择服务中心"
                options={(centers.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${levelLabels[c.level]}）` }))}
              />
            </Form.Item>
            <Form.Item name="text" label="内容" rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
              <Input.TextArea rows={5} maxLength={2000} showCount placeholder="请写明时间、窗口或事项和具体情况，便于我们核实办理" />
            </Form.Item>
            <Form.Item name="contact" label="称呼或联系方式（选填）">
              <Input maxLength={100} placeholder="如：张先生" />
            </Form.Item>
            <Form.Item
              name="phone"
              label="手机号（选填）"
              extra="留下手机号，答复时将以短信告知您。"
              rules={[{ validator: (_rule, value?: string) => (!value?.trim() || isValidMobile(value) ? Promise.resolve() : Promise.reject(new Error('请输入 11 位手机号码'))) }]}
            >
              <Input inputMode="tel" maxLength={11} placeholder="11 位手机号码" />
            </Form.Item>
            {failure !== undefined && <Alert type="error" showIcon title="提交失败" description={errorMessage(failure)} style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" size="large" block loading={busy}>
              提交
            </Button>
          </Form>
        </Card>
      )}
    </PublicPage>
  );
}

function SatisfactionChoice({ id, onRated }: { id: string; onRated(feedback: PublicFeedback): void }) {
  const [value, setValue] = useState<FeedbackSatisfaction>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const send = async () => {
    if (!value) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onRated(await api.post<PublicFeedback>(`/api/v1/feedback/${id}/satisfaction`, { satisfaction: value }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="您对答复满意吗？" style={{ marginTop: 16 }}>
      <Radio.Group optionType="button" buttonStyle="solid" size="large" value={value} onChange={(e) => setValue(e.target.value as FeedbackSatisfaction)} options={satisfactions.map((s) => ({ value: s, label: feedbackSatisfactionLabels[s] }))} />
      {failure !== undefined && <Alert type="error" showIcon title="提交失败" description={errorMessage(failure)} style={{ marginTop: 12 }} />}
      <Button type="primary" size="large" block disabled={!value} loading={busy} onClick={send} style={{ marginTop: 16 }}>
        提交评价
      </Button>
    </Card>
  );
}

/** /feedback/:id — how a 投诉 / 建议 / 表扬 stands, the answer once given, and how satisfied the person is with it. */
export function FeedbackStatusPage() {
  const { id = '' } = useParams();
  const state = useAsync((signal) => api.get<PublicFeedback>(`/api/v1/feedback/${id}`, undefined, signal), [id]);
  const [fresh, setFresh] = useState<PublicFeedback>();
  const feedback = fresh?.id === id ? fresh : state.data;

  if (!feedback) {
    return <PublicPage title="办理情况" maxWidth={640}>{state.error ? <LoadError error={state.error} onRetry={state.reload} /> : <PageLoading />}</PublicPage>;
  }
  return (
    <PublicPage title="办理情况" maxWidth={640}>
      <Card>
        <Descriptions column={1} size="small">
          <Descriptions.Item label="类型">
            <Tag color={feedbackKindColors[feedback.kind]}>{feedback.kindLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag color={feedbackStatusColors[feedback.status]} data-testid="feedback-status">
              {feedback.statusLabel}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label="提交时间">{formatTime(feedback.createdAt, 'YYYY-MM-DD HH:mm')}</Descriptions.Item>
          <Descriptions.Item label="答复期限">{chineseDate(feedback.dueDate)}</Descriptions.Item>
        </Descriptions>
        {feedback.answer === null && <Alert type="info" showIcon title="正在办理，答复后将在此显示" description="留有手机号的，答复时还会以短信告知。" />}
      </Card>
      {feedback.answer !== null && (
        <Card title="答复" style={{ marginTop: 16 }} extra={feedback.answeredAt && <Typography.Text type="secondary">{formatTime(feedback.answeredAt, 'YYYY-MM-DD HH:mm')}</Typography.Text>}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="feedback-answer">
            {feedback.answer}
          </Typography.Paragraph>
        </Card>
      )}
      {feedback.satisfactionLabel ? (
        <Alert type="success" showIcon style={{ marginTop: 16 }} title={`您对答复的评价：${feedback.satisfactionLabel}`} description="感谢您的反馈。" data-testid="feedback-satisfaction" />
      ) : (
        feedback.status === 'answered' && <SatisfactionChoice id={feedback.id} onRated={setFresh} />
      )}
    </PublicPage>
  );
}
