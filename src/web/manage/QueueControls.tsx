import { PoweroffOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../shared/api';
import { FormModal } from '../shared/FormModal';
import { headStartLabels, type QueueSettings } from '../shared/queue';
import type { Center, Paged } from '../shared/types';
import { useAsync } from '../shared/useAsync';

/** 排队规则: head starts per class, the elderly age read from the ID number, recalls allowed. */
export function QueueSettingsButton({ center }: { center: Center }) {
  const [open, setOpen] = useState(false);
  const settings = useAsync((signal) => (open ? api.get<QueueSettings>(`/api/v1/centers/${center.id}/queue-settings`, undefined, signal) : Promise.resolve(undefined)), [open, center.id]);
  return (
    <>
      <Button icon={<SettingOutlined />} onClick={() => setOpen(true)}>
        排队规则
      </Button>
      <FormModal<QueueSettings>
        open={open && Boolean(settings.data)}
        title="排队规则"
        width={600}
        initialValues={settings.data}
        onClose={() => setOpen(false)}
        onSubmit={(values) => api.put(`/api/v1/centers/${center.id}/queue-settings`, values)}
      >
        <Typography.Paragraph type="secondary">优先类别的号码按「提前量」视为更早到达：只是提前，不是插到最前，普通号码不会一直等下去。</Typography.Paragraph>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', columnGap: 16 }}>
          {(Object.keys(headStartLabels) as (keyof QueueSettings['headStartMinutes'])[]).map((key) => (
            <Form.Item key={key} name={['headStartMinutes', key]} label={`${headStartLabels[key]}提前（分钟）`} rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={0} max={240} style={{ width: '100%' }} />
            </Form.Item>
          ))}
          <Form.Item name="elderlyAge" label="老年人年龄（岁起）" rules={[{ required: true, message: '请填写' }]} extra="按身份证号自动识别">
            <InputNumber min={50} max={100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="recallLimit" label="最多重呼次数" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={0} max={10} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="defaultHandleMinutes" label="默认办理时长（分钟）" rules={[{ required: true, message: '请填写' }]} extra="没有历史数据时估算等候用">
            <InputNumber min={1} max={240} style={{ width: '100%' }} />
          </Form.Item>
        </div>
      </FormModal>
    </>
  );
}

/**
 * 日终清号: closes every ticket still waiting or called, with a reason; the dialog is the confirmation
 * and says how many (counted when it opens), on its button too.
 */
export function CloseDayButton({ center, onClosed }: { center: Center; onClosed(): void }) {
  const [open, setOpen] = useState(false);
  const count = useAsync(async (signal) => {
    if (!open) return undefined;
    const [waiting, called] = await Promise.all(
      (['waiting', 'called'] as const).map((status) => api.get<Paged<unknown>>(`/api/v1/centers/${center.id}/tickets`, { status, page: 1, pageSize: 1 }, signal)),
    );
    return { waiting: waiting!.total, called: called!.total };
  }, [open, center.id]);
  const total = count.data ? count.data.waiting + count.data.called : undefined;

  return (
    <>
      <Button danger icon={<PoweroffOutlined />} onClick={() => setOpen(true)}>
        日终清号
      </Button>
      <FormModal<{ reason: string }>
        open={open}
        title="日终清号"
        okText={total === undefined ? '清号' : `关闭 ${total} 个号码`}
        successMessage="已完成日终清号"
        initialValues={{ reason: '当日办公时间结束' }}
        onClose={() => setOpen(false)}
        onSubmit={async ({ reason }) => {
          await api.post<{ closed: number }>(`/api/v1/centers/${center.id}/close-day`, { reason: reason.trim() });
          onClosed();
        }}
      >
        <Typography.Paragraph data-testid="close-day-count">
          {count.loading || total === undefined ? '正在统计…' : `将关闭 ${total} 个号码：等候中 ${count.data!.waiting} 个，已叫号未办理 ${count.data!.called} 个。办理中的号码不受影响。此操作不能撤销。`}
        </Typography.Paragraph>
        <Form.Item name="reason" label="清号原因" rules={[{ required: true, whitespace: true, message: '请填写清号原因' }, { max: 200, message: '最多 200 个字' }]}>
          <Input maxLength={200} />
        </Form.Item>
      </FormModal>
    </>
  );
}
