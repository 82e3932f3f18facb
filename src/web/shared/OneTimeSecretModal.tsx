import { Alert, Button, Modal, Typography } from 'antd';

export interface SecretItem {
  label: string;
  value: string;
}

/**
 * A generated password or device token, shown once: the server keeps only a hash, so closing this
 * dialog is the last chance to copy it.
 */
export function OneTimeSecretModal({ title, items, note, onClose }: { title: string; items: SecretItem[] | undefined; note?: string; onClose(): void }) {
  return (
    <Modal
      open={Boolean(items)}
      title={title}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          我已记录，关闭
        </Button>
      }
      mask={{ closable: false }}
      width={640}
    >
      <Alert type="warning" showIcon title="此内容只显示这一次，关闭后无法再次查看，请立即复制保存。" style={{ marginBottom: 16 }} />
      {items?.map((item) => (
        <div key={item.label} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{item.label}</Typography.Text>
          <Typography.Paragraph copyable={{ text: item.value, tooltips: ['复制', '已复制'] }} code style={{ fontSize: 16, wordBreak: 'break-all', marginBottom: 0 }} data-testid="one-time-secret">
            {item.value}
          </Typography.Paragraph>
        </div>
      ))}
      {note && <Typography.Paragraph type="secondary">{note}</Typography.Paragraph>}
    </Modal>
  );
}
