import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Form, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { dayjs } from '../shared/format';
import type { OpeningRule } from '../shared/types';

/** One row of the editor: weekdays and a span, as the form holds it (times as dayjs). */
export interface OpeningRuleField {
  days: number[];
  open: Dayjs;
  close: Dayjs;
}

const weekdayOptions = ['一', '二', '三', '四', '五', '六', '日'].map((label, i) => ({ label, value: i + 1 }));

export const toRuleFields = (rules: OpeningRule[]): OpeningRuleField[] =>
  rules.map((r) => ({ days: r.days, open: dayjs(r.open, 'HH:mm'), close: dayjs(r.close, 'HH:mm') }));

export const fromRuleFields = (fields: OpeningRuleField[] | undefined): OpeningRule[] =>
  (fields ?? []).map((f) => ({ days: [...f.days].sort((a, b) => a - b), open: f.open.format('HH:mm'), close: f.close.format('HH:mm') }));

/**
 * 办公时间: rows of weekdays with an opening and a closing time (Beijing time). A lunch break is two
 * rows on the same days; overlaps are refused by the server, which names the day.
 */
export function OpeningHoursEditor({ name }: { name: string }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, index) => (
            <Flex key={field.key} gap={8} align="baseline" wrap style={{ marginBottom: 4 }}>
              <Form.Item name={[field.name, 'days']} rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一天' }]} style={{ marginBottom: 8 }}>
                <Checkbox.Group options={weekdayOptions} aria-label={`第 ${index + 1} 条的星期`} />
              </Form.Item>
              <Form.Item name={[field.name, 'open']} rules={[{ required: true, message: '请选择开始时间' }]} style={{ marginBottom: 8 }}>
                <TimePicker format="HH:mm" minuteStep={5} placeholder="开始" needConfirm={false} />
              </Form.Item>
              <span>至</span>
              <Form.Item
                name={[field.name, 'close']}
                dependencies={[[name, field.name, 'open']]}
                rules={[
                  { required: true, message: '请选择结束时间' },
                  ({ getFieldValue }) => ({
                    validator(_, close: Dayjs | undefined) {
                      const open = getFieldValue([name, field.name, 'open']) as Dayjs | undefined;
                      if (!open || !close || open.format('HH:mm') < close.format('HH:mm')) return Promise.resolve();
                      return Promise.reject(new Error('结束时间应晚于开始时间'));
                    },
                  }),
                ]}
                style={{ marginBottom: 8 }}
              >
                <TimePicker format="HH:mm" minuteStep={5} placeholder="结束" needConfirm={false} />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="删除此时段" />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ days: [1, 2, 3, 4, 5], open: dayjs('09:00', 'HH:mm'), close: dayjs('18:00', 'HH:mm') })}>
            添加时段
          </Button>
        </>
      )}
    </Form.List>
  );
}
