import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { homePathFor, safeNextPath } from '../shared/access';
import { errorMessage } from '../shared/api';
import { useAuth } from '../shared/auth';
import { PageLoading } from '../shared/StatusPages';

interface Credentials {
  username: string;
  password: string;
}

/** 工作人员登录: after signing in, back to the page that asked for it, or to the person's own screen. */
export function LoginPage() {
  const { user, logIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const next = safeNextPath(params.get('next'));

  if (user === undefined) return <PageLoading tip="正在确认登录状态…" />;
  if (user) return <Navigate to={next ?? homePathFor(user)} replace />;

  async function submit({ username, password }: Credentials) {
    setSubmitting(true);
    setFailure(undefined);
    try {
      const signedIn = await logIn(username.trim(), password);
      navigate(next ?? homePathFor(signedIn), { replace: true });
    } catch (error) {
      setFailure(errorMessage(error));
      setSubmitting(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(180deg, #e6f4ff 0%, #f5f5f5 60%)' }}>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          一门通办 · 工作人员登录
        </Typography.Title>
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            登录
          </Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Link to="/">返回首页</Link>
        </div>
      </Card>
    </div>
  );
}
