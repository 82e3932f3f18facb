import { Flex, Skeleton, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { PrintButton, QrCode } from '../catalog/PublicParts';
import { api } from '../shared/api';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import type { PublicStation } from './types';

const lines = ['扫码查看办事指南（明白卡）', '观看办事短视频', '在线申请基层证明', '查找附近政务服务网点、一键导航'];

/** The A4 poster of a 微服务站: its name, the QR code of its page and what the page offers, in large type. */
export function StationPosterPage() {
  const { id } = useParams<{ id: string }>();
  const { data: station, error, loading, reload } = useAsync((signal) => api.get<PublicStation>(`/api/v1/stations/${id}`, undefined, signal), [id]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading || !station) return <Skeleton active style={{ padding: 16 }} />;
  return (
    <>
      <style>{'@page { size: A4 portrait; margin: 12mm; } @media print { .no-print { display: none !important; } }'}</style>
      <Flex className="no-print" justify="flex-end" style={{ padding: 12 }}>
        <PrintButton />
      </Flex>
      <Flex vertical align="center" gap={24} data-testid="station-poster" style={{ width: '186mm', minHeight: '260mm', margin: '0 auto', padding: '16mm 8mm', border: '6px solid #1677ff', boxSizing: 'border-box', textAlign: 'center' }}>
        <Typography.Text style={{ fontSize: 28, color: 'var(--ant-color-primary, #1677ff)', fontWeight: 600 }}>一门通办 · {station.kindLabel}微服务站</Typography.Text>
        <Typography.Title level={1} style={{ fontSize: 44, margin: 0 }}>
          {station.name}
        </Typography.Title>
        <QrCode text={`${window.location.origin}/station/${station.id}`} size={300} caption="微信或手机相机扫一扫" />
        <Flex vertical gap={10}>
          {lines.map((line) => (
            <Typography.Text key={line} style={{ fontSize: 26 }}>
              {line}
            </Typography.Text>
          ))}
        </Flex>
        <Typography.Text style={{ fontSize: 20 }} type="secondary">
          服务单位：{station.center.name}
          {station.center.phone && ` · 咨询电话 ${station.center.phone}`}
        </Typography.Text>
      </Flex>
    </>
  );
}
