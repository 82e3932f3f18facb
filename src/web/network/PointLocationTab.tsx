import { Alert, AutoComplete, Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../shared/api';
import { LoadError, PageLoading } from '../shared/StatusPages';
import type { Center } from '../shared/types';
import { useAction } from '../shared/useAction';
import { useAsync } from '../shared/useAsync';
import { navigationUrl } from './types';

interface PointLocation {
  centerId: string;
  longitude: number | null;
  latitude: number | null;
  kindLabel: string;
  contactPhone: string | null;
  transportNote: string | null;
}

type LocationForm = Omit<PointLocation, 'centerId'>;

const kindSuggestions = ['政务服务中心', '便民服务中心', '便民服务站', '微服务站', '银行网点自助点', '24 小时自助服务区'].map((value) => ({ value }));

/** Where the center sits on the 政务地图 (GCJ-02, read off Amap or Tencent Maps) and how people reach it. */
export function PointLocationTab({ center }: { center: Center }) {
  const { data, error, loading, reload } = useAsync((signal) => api.get<PointLocation>(`/api/v1/centers/${center.id}/location`, undefined, signal), [center.id]);
  const [form] = Form.useForm<LocationForm>();
  const [saving, setSaving] = useState(false);
  const run = useAction();
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading || !data) return <PageLoading />;

  async function save(values: LocationForm) {
    setSaving(true);
    await run(
      () =>
        api.put(`/api/v1/centers/${center.id}/location`, {
          longitude: values.longitude ?? null,
          latitude: values.latitude ?? null,
          kindLabel: values.kindLabel?.trim() || null,
          contactPhone: values.contactPhone?.trim() || null,
          transportNote: values.transportNote?.trim() || null,
        }),
      '网点信息已保存',
    ).then(reload);
    setSaving(false);
  }

  return (
    <Form<LocationForm> key={center.id} form={form} layout="vertical" initialValues={data} onFinish={save} style={{ maxWidth: 560 }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="坐标请用高德或腾讯地图拾取（GCJ-02 坐标系）；经纬度都清空则不在政务地图上显示距离。" />
      <Space wrap>
        <Form.Item name="longitude" label="经度" dependencies={['latitude']} rules={[{ type: 'number', min: 73, max: 136, message: '经度应在 73–136 之间' }, ({ getFieldValue }) => ({ validator: (_, v) => ((v == null) === (getFieldValue('latitude') == null) ? Promise.resolve() : Promise.reject(new Error('经度和纬度须同时填写'))) })]}>
          <InputNumber step={0.0001} precision={6} style={{ width: 200 }} placeholder="如 113.751800" />
        </Form.Item>
        <Form.Item name="latitude" label="纬度" dependencies={['longitude']} rules={[{ type: 'number', min: 3, max: 54, message: '纬度应在 3–54 之间' }]}>
          <InputNumber step={0.0001} precision={6} style={{ width: 200 }} placeholder="如 23.020500" />
        </Form.Item>
      </Space>
      <Form.Item name="kindLabel" label="网点类型（地图上显示）" rules={[{ max: 30, message: '最多 30 个字' }]}>
        <AutoComplete options={kindSuggestions} placeholder="如：便民服务站" />
      </Form.Item>
      <Form.Item name="contactPhone" label="联系电话" rules={[{ max: 40, message: '最多 40 个字符' }]}>
        <Input placeholder="不填则显示中心电话" />
      </Form.Item>
      <Form.Item name="transportNote" label="交通指引" rules={[{ max: 200, message: '最多 200 个字' }]}>
        <Input.TextArea rows={2} placeholder="如：地铁 2 号线东城站 B 口步行 300 米" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={saving}>
          保存
        </Button>
        {data.longitude !== null && data.latitude !== null && (
          <Typography.Link href={navigationUrl({ longitude: data.longitude, latitude: data.latitude, name: center.name })} target="_blank" rel="noreferrer">
            在高德地图中核对位置
          </Typography.Link>
        )}
      </Space>
    </Form>
  );
}
