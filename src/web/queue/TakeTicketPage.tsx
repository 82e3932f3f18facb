import { Alert, Button, Card, Empty, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { PublicPage } from '../catalog/PublicParts';
import { api, ApiError, errorMessage } from '../shared/api';
import { citizenRequest, useCitizen } from '../shared/citizenAuth';
import { formatOpeningHours } from '../shared/format';
import { idNumberProblem, isValidMobile, normaliseIdNumber } from '../shared/identity';
import { useCenters } from '../shared/orgData';
import { loadCategories, loadQueue, type Ticket } from '../shared/queue';
import { LoadError, PageLoading } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { waitText } from './calls';

interface Values {
  categoryId: string;
  idNumber: string;
  phone: string;
}

/** Headings for the refusals a citizen can do something about. */
const refusalTitles: Record<string, string> = {
  CENTER_CLOSED: '现在不在办公时间',
  ALREADY_QUEUED: '您今天已经取过号了',
  CATEGORY_CLOSED: '该业务暂停取号',
};

/**
 * /queue/take — 云叫号: take a ticket of a center from the phone (real name: ID number and phone, or the
 * real-name account signed in on 个人中心, whose ID number and phone the server fills in), then follow it.
 */
export function TakeTicketPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const { account } = useCitizen();
  const signedIn = account?.realName ? account : undefined;
  const [params, setParams] = useSearchParams();
  const centers = useCenters();
  const centerId = params.get('center') ?? undefined;
  const center = centers.data?.find((c) => c.id === centerId);
  const options = useAsync(async (signal) => {
    if (!centerId) return [];
    const [categories, loads] = await Promise.all([loadCategories(centerId, signal), loadQueue(centerId, signal)]);
    const byId = new Map(loads.map((l) => [l.categoryId, l]));
    return categories.filter((c) => c.open).sort((a, b) => a.sort - b.sort).map((c) => ({ category: c, load: byId.get(c.id) }));
  }, [centerId]);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | Error>();

  useEffect(() => {
    form.resetFields(['categoryId']);
    setFailure(undefined);
  }, [centerId, form]);

  const submit = async (values: Values) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const ticket = signedIn
        ? await citizenRequest<Ticket>('POST', '/api/v1/tickets', { body: { centerId, categoryId: values.categoryId, channel: 'online' } })
        : await api.post<Ticket>('/api/v1/tickets', { centerId, categoryId: values.categoryId, channel: 'online', idNumber: normaliseIdNumber(values.idNumber), phone: values.phone.trim() });
      navigate(`/ticket/${ticket.id}`);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(errorMessage(error)));
    } finally {
      setBusy(false);
    }
  };

  if (centers.error && !centers.data) return <PublicPage title="远程取号"><LoadError error={centers.error} onRetry={centers.reload} /></PublicPage>;
  if (!centers.data) return <PublicPage title="远程取号"><PageLoading /></PublicPage>;

  return (
    <PublicPage title="远程取号" maxWidth={600}>
      <Typography.Paragraph type="secondary">在办公时间内，可在手机上提前取号，到大厅后留意叫号。远程取号需实名，每人每天限一个有效号码。</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>办事大厅</Typography.Text>
          <Select
            aria-label="办事大厅"
            placeholder="请选择服务中心"
            style={{ width: '100%' }}
            size="large"
            showSearch={{ optionFilterProp: 'label' }}
            value={centerId}
            options={centers.data.map((c) => ({ value: c.id, label: c.name }))}
            onChange={(id: string) => setParams({ center: id }, { replace: true })}
          />
          {center && <Typography.Text type="secondary">办公时间：{formatOpeningHours(center.openingHours).join('；') || '请电话咨询'}</Typography.Text>}
        </Space>
      </Card>
      {centerId &&
        (options.error ? (
          <LoadError error={options.error} onRetry={options.reload} />
        ) : !options.data || options.loading ? (
          <PageLoading />
        ) : options.data.length === 0 ? (
          <Empty description="该中心暂无可远程取号的业务" />
        ) : (
          <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
            <Form.Item name="categoryId" label="办理业务" rules={[{ required: true, message: '请选择要办理的业务' }]}>
              <Radio.Group style={{ width: '100%' }}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {options.data.map(({ category, load }) => (
                    <Radio key={category.id} value={category.id} style={{ padding: '8px 0' }}>
                      <b>
                        {category.prefix} {category.name}
                      </b>
                      {load && (
                        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                          等候 {load.waiting} 人 · {waitText(load.estimatedWaitMinutes)}
                        </Typography.Text>
                      )}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </Form.Item>
            {signedIn ? (
              <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="take-as-citizen" title={`以 ${signedIn.name}（${signedIn.idNumber}）的实名账号取号，无需填写证件`} />
            ) : (
              <>
                <Form.Item
                  name="idNumber"
                  label="身份证号码"
                  rules={[{ required: true, message: '请填写身份证号码' }, { validator: (_, value: string) => (value && idNumberProblem(value) ? Promise.reject(new Error(idNumberProblem(value))) : Promise.resolve()) }]}
                  validateTrigger="onBlur"
                >
                  <Input inputMode="text" maxLength={18} autoComplete="off" placeholder="18 位身份证号码" />
                </Form.Item>
                <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请填写手机号码' }, { validator: (_, value: string) => (value && !isValidMobile(value) ? Promise.reject(new Error('手机号码应为 11 位数字')) : Promise.resolve()) }]} validateTrigger="onBlur">
                  <Input inputMode="tel" maxLength={11} autoComplete="tel" placeholder="11 位手机号码" />
                </Form.Item>
                <Typography.Paragraph type="secondary">
                  <Link to={`/my/login?next=${encodeURIComponent(location.pathname + location.search)}`}>登录个人中心</Link>并实名认证后，取号无需填写证件。
                </Typography.Paragraph>
              </>
            )}
            {failure && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 16, fontSize: 16 }}
                data-testid="take-error"
                title={failure instanceof ApiError ? (refusalTitles[failure.code] ?? '取号失败') : '取号失败'}
                description={failure.message}
              />
            )}
            <Button type="primary" htmlType="submit" block loading={busy} style={{ height: 56, fontSize: 20 }}>
              立即取号
            </Button>
          </Form>
        ))}
    </PublicPage>
  );
}
