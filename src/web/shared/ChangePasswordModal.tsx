import { Form, Input } from 'antd';
import { api } from './api';
import { FormModal } from './FormModal';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** The server's own rule (accounts/rules.ts), checked here too so the person hears it before sending. */
export function passwordRuleProblem(password: string): string | undefined {
  if (password.length < 8) return '密码至少 8 位';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) return '密码需包含字母、数字、符号中的至少两类';
  return undefined;
}

export const passwordRules = [
  { required: true, message: '请输入新密码' },
  {
    validator: (_: unknown, value: string | undefined) => {
      const problem = value ? passwordRuleProblem(value) : undefined;
      return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
    },
  },
];

/** 修改密码: the server signs the person out everywhere else once it succeeds. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <FormModal<PasswordForm>
      open={open}
      title="修改密码"
      okText="确认修改"
      successMessage="密码已修改，其他设备上的登录已失效"
      onClose={onClose}
      onSubmit={({ currentPassword, newPassword }) => api.post('/api/v1/auth/password', { currentPassword, newPassword })}
    >
      <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label="新密码" rules={passwordRules} extra="至少 8 位，包含字母、数字、符号中的至少两类，且不含用户名">
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label="确认新密码"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致')),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
