import { CalendarOutlined, FieldNumberOutlined, FileDoneOutlined, IdcardOutlined, LogoutOutlined, MessageOutlined, QrcodeOutlined, RightOutlined, ReconciliationOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Popconfirm, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../shared/api';
import { citizenRequest, useCitizen, type CitizenAccount } from '../shared/citizenAuth';
import { idNumberProblem, normaliseIdNumber } from '../shared/identity';
import { RequireCitizen } from './MyParts';

interface RealNameValues {
  name: string;
  idNumber: string;
}

/** The real-name form: the ID number is checked here first (check character, birth date), then by the server. */
function RealNameForm() {
  const { updated } = useCitizen();
  const { message } = App.useApp();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();

  async function submit(values: RealNameValues) {
    setSubmitting(true);
    setFailure(undefined);
    try {
      const bound = await citizenRequest<CitizenAccount>('POST', '/api/v1/citizen/me/real-name', { body: { name: values.name.trim(), idNumber: normaliseIdNumber(values.idNumber) } });
      updated(bound);
      message.success('实名认证成功');
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Card title={<><IdcardOutlined /> 实名认证</>} style={{ marginTop: 16 }} data-testid="real-name-form">
      <Typography.Paragraph type="secondary">取号、亮码、查询办件需要实名：请填写本人的姓名和居民身份证号码。一个身份证号码只能绑定一个手机号，绑定后不能更改。</Typography.Paragraph>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
      <Form<RealNameValues> layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input size="large" autoComplete="name" maxLength={30} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label="身份证号码"
          validateTrigger="onBlur"
          rules={[
            { required: true, whitespace: true, message: '请输入身份证号码' },
            { validator: async (_, value: string | undefined) => { const problem = value?.trim() ? idNumberProblem(value) : undefined; if (problem) throw new Error(problem); } },
          ]}
        >
          <Input size="large" maxLength={20} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          提交认证
        </Button>
      </Form>
    </Card>
  );
}

/** A big row of the 个人中心 menu. */
function MenuLink({ to, icon, title, text }: { to: string; icon: ReactNode; title: string; text: string }) {
  return (
    <Link to={to}>
      <Card hoverable size="small" style={{ marginTop: 12 }}>
        <Flex align="center" gap={12} style={{ minHeight: 48 }}>
          <span style={{ fontSize: 24 }}>{icon}</span>
          <Flex vertical style={{ flex: 1 }}>
            <Typography.Text strong>{title}</Typography.Text>
            <Typography.Text type="secondary">{text}</Typography.Text>
          </Flex>
          <RightOutlined />
        </Flex>
      </Card>
    </Link>
  );
}

function Account({ account }: { account: CitizenAccount }) {
  const { signOut } = useCitizen();
  return (
    <>
      <Card data-testid="my-account">
        <Descriptions column={1} size="middle">
          <Descriptions.Item label="手机号">{account.phone}</Descriptions.Item>
          <Descriptions.Item label="姓名">{account.name ?? <Typography.Text type="secondary">未实名</Typography.Text>}</Descriptions.Item>
          <Descriptions.Item label="身份证号码">{account.idNumber ?? <Typography.Text type="secondary">未实名</Typography.Text>}</Descriptions.Item>
          <Descriptions.Item label="实名状态">{account.realName ? <Tag color="green">已实名认证</Tag> : <Tag color="orange">未实名认证</Tag>}</Descriptions.Item>
        </Descriptions>
      </Card>
      {account.realName ? (
        <>
          <MenuLink to="/my/code" icon={<QrcodeOutlined />} title="亮码" text="向取号机、窗口或智能柜出示个人码，不用带证件" />
          <MenuLink to="/my/tickets" icon={<FieldNumberOutlined />} title="我的号票" text="排队进度实时更新，叫号时提醒" />
          <MenuLink to="/my/appointments" icon={<CalendarOutlined />} title="我的预约" text="预约时段、预约码，签到或取消" />
          <MenuLink to="/my/cases" icon={<FileDoneOutlined />} title="我的办件" text="办理进度，办结后评价" />
          <MenuLink to="/my/licences" icon={<SafetyCertificateOutlined />} title="我的电子证照" text="身份证、户口簿、营业执照等，窗口经您同意可直接调用" />
        </>
      ) : (
        <RealNameForm />
      )}
      <MenuLink to="/my/feedback" icon={<MessageOutlined />} title="我的诉求" text="登录后提交的投诉、建议和表扬及其答复" />
      <MenuLink to="/my/assistance" icon={<ReconciliationOutlined />} title="帮办代办" text="为企业、项目申请首席服务专员，查看计划和进度，授权代办" />
      <Popconfirm
        title="确定退出登录吗？"
        description="退出后需要重新获取验证码登录。"
        okText="退出登录"
        cancelText="取消"
        onConfirm={signOut}
      >
        <Button size="large" block danger icon={<LogoutOutlined />} style={{ marginTop: 24 }}>
          退出登录
        </Button>
      </Popconfirm>
    </>
  );
}

/** /my — 个人中心: the person's account (masked), real-name binding when not yet bound, and signing out. */
export function AccountPage() {
  return <RequireCitizen title="个人中心">{(account) => <Account account={account} />}</RequireCitizen>;
}
