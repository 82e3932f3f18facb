import { MobileOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { PublicPage } from '../catalog/PublicParts';
import { safeNextPath } from '../shared/access';
import { ApiError, errorMessage } from '../shared/api';
import { sendSignInCode, useCitizen } from '../shared/citizenAuth';
import { isValidMobile } from '../shared/identity';
import { PageLoading } from '../shared/StatusPages';
import { secondsUntil } from './timing';

interface Values {
  phone: string;
  code: string;
}

/** Where to go after signing in: the page that asked for it (not this one again), or 个人中心. */
function nextPathOf(raw: string | null): string {
  const next = safeNextPath(raw);
  return next && !next.startsWith('/my/login') ? next : '/my';
}

/** The seconds left before another code may be asked for, ticking down once a second. */
function useResendCountdown() {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const left = secondsUntil(until, now);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [left, now]);
  const start = (seconds: number) => {
    const at = Date.now();
    setNow(at);
    setUntil(at + seconds * 1000);
  };
  return { left, start };
}

/** /my/login — 个人中心 sign-in: a phone number and the one-time code sent to it by SMS (the first sign-in opens the account). */
export function MyLoginPage() {
  const { account, signIn } = useCitizen();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<{ phone: string; validMinutes: number }>();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const resend = useResendCountdown();
  const next = nextPathOf(params.get('next'));

  if (account === undefined) {
    return (
      <PublicPage title="个人中心登录" maxWidth={480}>
        <PageLoading tip="正在确认登录状态…" />
      </PublicPage>
    );
  }
  if (account) return <Navigate to={next} replace />;

  async function sendCode() {
    let phone: string;
    try {
      phone = ((await form.validateFields(['phone'])) as Pick<Values, 'phone'>).phone.trim();
    } catch {
      return;
    }
    setSending(true);
    setFailure(undefined);
    try {
      const answer = await sendSignInCode(phone);
      setSent({ phone, validMinutes: Math.round(secondsUntil(answer.expiresAt, Date.now()) / 60) });
      resend.start(answer.resendAfterSeconds);
      form.getFieldInstance('code')?.focus();
    } catch (error) {
      setFailure(errorMessage(error));
      const retryAfter = error instanceof ApiError ? (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined;
      if (retryAfter) resend.start(retryAfter);
    } finally {
      setSending(false);
    }
  }

  async function submit({ phone, code }: Values) {
    setSubmitting(true);
    setFailure(undefined);
    try {
      await signIn(phone.trim(), code.trim());
      navigate(next, { replace: true });
    } catch (error) {
      setFailure(errorMessage(error));
      setSubmitting(false);
    }
  }

  return (
    <PublicPage title="个人中心登录" maxWidth={480}>
      <Card>
        <Typography.Paragraph type="secondary">用手机号和短信验证码登录，首次登录即自动注册。登录后可亮码取号、查看我的号票、预约和办件。</Typography.Paragraph>
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
        <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
          <Form.Item
            name="phone"
            label="手机号"
            rules={[
              { required: true, whitespace: true, message: '请输入手机号' },
              { validator: async (_, value: string | undefined) => (!value?.trim() || isValidMobile(value) ? undefined : Promise.reject(new Error('请输入 11 位手机号码'))) },
            ]}
          >
            <Input prefix={<MobileOutlined />} inputMode="numeric" autoComplete="tel" maxLength={11} size="large" autoFocus />
          </Form.Item>
          <Form.Item label="验证码" required>
            <Flex gap={8}>
              <Form.Item name="code" noStyle rules={[{ required: true, whitespace: true, message: '请输入短信验证码' }]}>
                <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" aria-label="验证码" />
              </Form.Item>
              <Button size="large" onClick={sendCode} loading={sending} disabled={resend.left > 0} style={{ minWidth: 128 }}>
                {resend.left > 0 ? `${resend.left} 秒后重新获取` : sent ? '重新获取' : '获取验证码'}
              </Button>
            </Flex>
          </Form.Item>
          {sent && (
            <Typography.Paragraph type="secondary" data-testid="code-sent">
              验证码已通过短信发送至 {sent.phone}，{sent.validMinutes} 分钟内有效。
            </Typography.Paragraph>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            登录
          </Button>
        </Form>
      </Card>
    </PublicPage>
  );
}
