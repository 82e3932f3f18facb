import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../shared/api';
import type { QueueCategory, WindowProfile } from '../shared/queue';
import type { ServiceWindow } from '../shared/types';

/** Moves the element at `index` by `delta` places. */
function moved<T>(list: T[], index: number, delta: number): T[] {
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(index + delta, 0, item!);
  return next;
}

/**
 * 窗口工作配置: the ordered tiers of categories a window calls (the first tier first; the next only
 * when nobody in the earlier ones waits). Tiers are added, removed, filled and moved up or down.
 */
export function ProfileEditor({ window, profile, categories, open, onClose, onSaved }: { window: ServiceWindow | undefined; profile: WindowProfile | undefined; categories: QueueCategory[]; open: boolean; onClose(): void; onSaved(): void }) {
  const { message } = App.useApp();
  const [tiers, setTiers] = useState<string[][]>([]);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    if (open) {
      setTiers(profile?.tiers.length ? profile.tiers.map((t) => [...t]) : [[]]);
      setFailure(undefined);
    }
  }, [open, profile]);

  const update = (index: number, ids: string[]) => setTiers((all) => all.map((t, i) => (i === index ? ids : t)));
  const empty = tiers.some((t) => !t.length);

  async function save() {
    setSaving(true);
    setFailure(undefined);
    try {
      await api.put(`/api/v1/windows/${window!.id}/profile`, { tiers });
      message.success('工作配置已保存');
      onSaved();
      onClose();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={open} title={`工作配置：${window?.number ?? ''} 号窗口`} width={680} okText="保存" onOk={save} confirmLoading={saving} okButtonProps={{ disabled: empty }} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">窗口先叫第一级的号码，第一级无人等候时再叫下一级。每个业务类别只能出现在一个级别中。</Typography.Paragraph>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      <Flex vertical gap={12} data-testid="profile-tiers">
        {tiers.map((tier, index) => {
          const usedElsewhere = new Set(tiers.flatMap((t, i) => (i === index ? [] : t)));
          return (
            <Flex key={index} gap={8} align="center" data-testid="profile-tier">
              <Typography.Text strong style={{ width: 56, flex: 'none' }}>
                第 {index + 1} 级
              </Typography.Text>
              <Select
                mode="multiple"
                aria-label={`第 ${index + 1} 级业务类别`}
                placeholder="选择业务类别"
                value={tier}
                onChange={(ids: string[]) => update(index, ids)}
                status={tier.length ? undefined : 'error'}
                style={{ flex: 1 }}
                showSearch={{ optionFilterProp: 'label' }}
                options={categories.filter((c) => !usedElsewhere.has(c.id)).map((c) => ({ value: c.id, label: `${c.prefix} ${c.name}` }))}
              />
              <Button icon={<ArrowUpOutlined />} aria-label={`上移第 ${index + 1} 级`} disabled={index === 0} onClick={() => setTiers((all) => moved(all, index, -1))} />
              <Button icon={<ArrowDownOutlined />} aria-label={`下移第 ${index + 1} 级`} disabled={index === tiers.length - 1} onClick={() => setTiers((all) => moved(all, index, 1))} />
              <Button icon={<DeleteOutlined />} danger aria-label={`删除第 ${index + 1} 级`} disabled={tiers.length === 1} onClick={() => setTiers((all) => all.filter((_, i) => i !== index))} />
            </Flex>
          );
        })}
      </Flex>
      <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 12 }} disabled={tiers.length >= 10} onClick={() => setTiers((all) => [...all, []])}>
        添加一级
      </Button>
      {empty && (
        <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }}>
          每一级至少选择一个业务类别，或删除空的级别。
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
