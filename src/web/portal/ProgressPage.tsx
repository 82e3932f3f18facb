import { CheckCircleOutlined, ClockCircleOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Tag, Timeline, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { InputRef } from 'antd';
import { PublicPage } from '../catalog/PublicParts';
import { ApiError, errorMessage, request } from '../shared/api';
import { dayjs, formatTime } from '../shared/format';

/** GET /api/v1/public/cases/{caseNo}?idSuffix= */
interface Progress {
  caseNo: string;
  itemName: string;
  status: string;
  statusLabel: string;
  applicantName: string;
  steps: { name: string; at: string }[];
  promisedDeadline: string | null;
  /** Set once the case has ended: the right to rate it (一事一评). */
  rateableId: string | null;
}

interface Values {
  caseNo: string;
  idSuffix: string;
}

const statusColors: Record<string, string> = {
  submitted: 'blue',
  supplement: 'orange',
  accepted: 'processing',
  suspended: 'warning',
  decided: 'cyan',
  refused: 'red',
  completed: 'green',
};

/** What to tell a citizen for each refusal of the query, in words they can act on. */
function failureText(error: unknown): { title: string; description: string } {
  if (error instanceof ApiError && error.status === 404)
    return { title: '没有查到这个办件', description: '请核对办件编号（通知书上「办件编号」一栏或短信中的 14 位数字）和证件号码后六位；身份证号码末位是 X 的请照填 X。' };
  if (error instanceof ApiError && error.status === 429) return { title: '查询错误次数过多', description: `${error.message}。为保护申请人的信息，连续查错后会暂停查询。` };
  if (error instanceof ApiError && error.status === 400) return { title: '请检查填写的内容', description: error.message };
  return { title: '暂时无法查询', description: errorMessage(error) };
}

const chineseDate = (date: string) => dayjs(date).format('YYYY年M月D日');

/**
 * /progress — 办件进度查询 (public, phone first, also on the kiosk): the case number and the last six
 * characters of the applicant's ID number or credit code show the status, the steps so far and the
 * promised deadline. `?caseNo=` (the QR code on a notice) fills in the number.
 */
export function ProgressPage() {
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Progress>();
  const [failure, setFailure] = useState<unknown>();
  const suffixRef = useRef<InputRef>(null);
  const prefilled = params.get('caseNo') ?? '';

  useEffect(() => {
    if (prefilled) {
      form.setFieldValue('caseNo', prefilled);
      suffixRef.current?.focus();
    }
  }, [prefilled, form]);

  const submit = async (values: Values) => {
    const caseNo = values.caseNo.trim();
    const idSuffix = values.idSuffix.trim().toUpperCase();
    setBusy(true);
    setFailure(undefined);
    setResult(undefined);
    try {
      const progress = await request<Progress>('GET', `/api/v1/public/cases/${encodeURIComponent(caseNo)}`, { query: { idSuffix }, token: null, redirectOn401: false });
      setResult(progress);
      if (params.get('caseNo') !== caseNo) setParams({ caseNo }, { replace: true });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const problem = failure === undefined ? undefined : failureText(failure);
  const steps = result?.steps ?? [];
  const finished = result && ['completed', 'refused'].includes(result.status);

  return (
    <PublicPage title="办件进度查询" maxWidth={640}>
      <Typography.Paragraph type="secondary">输入通知书或短信上的办件编号，以及申请人身份证号码（或统一社会信用代码）的后六位，即可查看办理进度。</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false} initialValues={{ caseNo: prefilled, idSuffix: '' }}>
          <Form.Item name="caseNo" label="办件编号" rules={[{ required: true, whitespace: true, message: '请填写办件编号' }]} normalize={(v: string) => v.replace(/\s/g, '')}>
            <Input inputMode="numeric" maxLength={40} autoComplete="off" placeholder="如 20261123000017" allowClear />
          </Form.Item>
          <Form.Item
            name="idSuffix"
            label="证件号码后六位"
            extra="身份证号码或统一社会信用代码的最后六位"
            normalize={(v: string) => v.replace(/\s/g, '').toUpperCase()}
            rules={[
              { required: true, message: '请填写证件号码后六位' },
              { pattern: /^[0-9A-Z]{6}$/, message: '请填写 6 位数字或字母' },
            ]}
          >
            <Input ref={suffixRef} maxLength={6} autoComplete="off" placeholder="如 12345X" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy} block>
            查询
          </Button>
        </Form>
      </Card>

      {problem && <Alert type={failure instanceof ApiError && failure.status === 429 ? 'warning' : 'error'} showIcon title={problem.title} description={problem.description} role="alert" data-testid="progress-error" style={{ marginBottom: 16 }} />}

      {result && (
        <Card
          size="small"
          data-testid="progress-result"
          title={<span style={{ whiteSpace: 'normal' }}>{result.itemName}</span>}
          extra={<Tag color={statusColors[result.status] ?? 'default'} style={{ fontSize: 14, padding: '2px 8px', marginInlineEnd: 0 }}>{result.statusLabel}</Tag>}
        >
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'caseNo', label: '办件编号', children: result.caseNo },
              { key: 'applicant', label: '申请人', children: result.applicantName },
              {
                key: 'deadline',
                label: '承诺办结',
                children: result.promisedDeadline ? <span data-testid="promised-deadline">{chineseDate(result.promisedDeadline)}前</span> : <Typography.Text type="secondary">受理后按工作日计算</Typography.Text>,
              },
            ]}
            style={{ marginBottom: 16 }}
          />
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            办理过程
          </Typography.Title>
          <Timeline
            items={steps.map((s, i) => ({
              key: `${i}-${s.at}`,
              color: i === steps.length - 1 ? (finished ? 'green' : 'blue') : 'gray',
              icon: i === steps.length - 1 ? finished ? <CheckCircleOutlined /> : <ClockCircleOutlined /> : undefined,
              content: (
                <div data-testid="progress-step">
                  <Typography.Text strong={i === steps.length - 1}>{s.name}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">{formatTime(s.at, 'YYYY-MM-DD HH:mm')}</Typography.Text>
                  </div>
                </div>
              ),
            }))}
          />
          {result.rateableId && (
            <Button type="primary" size="large" block href={`/rate?caseId=${encodeURIComponent(result.rateableId)}`} data-testid="rate-case">
              评价本次办件
            </Button>
          )}
        </Card>
      )}
    </PublicPage>
  );
}
