import { Form, Input } from 'antd';

/** What a company gives when asking for an agent: the same fields on the portal and at the window. */
export interface RequestValues {
  companyName: string;
  creditCode: string;
  contactName: string;
  contactPhone: string;
  projectCode?: string;
  need: string;
  park?: string;
}

/** The values as the server takes them: trimmed, empty optional fields left out. */
export function requestBody(values: RequestValues) {
  return {
    companyName: values.companyName.trim(),
    creditCode: values.creditCode.trim().toUpperCase(),
    contactName: values.contactName.trim(),
    contactPhone: values.contactPhone.trim(),
    projectCode: values.projectCode?.trim() || null,
    need: values.need.trim(),
    park: values.park?.trim() || null,
  };
}

export function RequestFields() {
  return (
    <>
      <Form.Item name="companyName" label="企业名称" rules={[{ required: true, whitespace: true, message: '请填写企业名称' }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '请填写 18 位统一社会信用代码' }]}>
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="contactName" label="联系人" rules={[{ required: true, whitespace: true, message: '请填写联系人' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号码' }]}>
        <Input maxLength={11} inputMode="numeric" />
      </Form.Item>
      <Form.Item name="projectCode" label="投资项目代码（选填）" rules={[{ pattern: /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/, message: '格式如 2026-441900-48-01-012345' }]}>
        <Input maxLength={24} placeholder="2026-441900-48-01-012345" />
      </Form.Item>
      <Form.Item name="park" label="所在园区（选填，由园区专员服务）">
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="need" label="需要帮办的事项" rules={[{ required: true, whitespace: true, message: '请说明需要帮办的事项' }]}>
        <Input.TextArea rows={3} maxLength={2000} placeholder="如：新建厂房项目，需办理施工许可" />
      </Form.Item>
    </>
  );
}
