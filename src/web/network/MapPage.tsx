import { AimOutlined, ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useItemSearch } from '../catalog/useItemSearch';
import { api } from '../shared/api';
import { EChart, type ChartOption } from '../shared/EChart';
import { formatOpeningHours } from '../shared/format';
import { levelLabels } from '../shared/labels';
import { useCenters } from '../shared/orgData';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { formatDistance, navigationUrl, type ServicePoint, type ServicePointPage } from './types';

/**
 * Where the browser says the phone is (WGS-84): undefined until the page is live in the browser (the
 * server renders it without), 'asking' while the phone decides, null when refused or unavailable.
 */
type Fix = { lng: number; lat: number } | null | 'asking' | undefined;

function useGeolocation(wanted: boolean): Fix {
  const [fix, setFix] = useState<Fix>();
  useEffect(() => {
    if (!wanted || !('geolocation' in navigator)) {
      setFix(null);
      return;
    }
    setFix('asking');
    navigator.geolocation.getCurrentPosition(
      (position) => setFix({ lng: position.coords.longitude, lat: position.coords.latitude }),
      () => setFix(null),
      { timeout: 8000, maximumAge: 60_000 },
    );
  }, [wanted]);
  return fix;
}

/** "where can I do X": search the catalogue and pick one item; the list then keeps only the points offering it. */
function ItemFilter({ itemId, onChange }: { itemId: string | null; onChange(itemId: string | null): void }) {
  const { options, searching, search } = useItemSearch({ pageSize: 10 });
  const chosen = useAsync((signal) => (itemId ? api.get<{ id: string; name: string }>(`/api/v1/items/${itemId}`, undefined, signal) : Promise.resolve(undefined)), [itemId]);
  const choices = options.map((o) => ({ value: o.id, label: `${o.name}（${o.department.name}）` }));
  if (itemId && chosen.data && !choices.some((c) => c.value === itemId)) choices.unshift({ value: itemId, label: chosen.data.name });
  return (
    <Select
      aria-label="按事项查找网点"
      data-testid="item-filter"
      allowClear
      showSearch={{ filterOption: false, onSearch: search }}
      suffixIcon={<SearchOutlined />}
      placeholder="想办什么事？如：社保卡、居住证"
      style={{ width: '100%' }}
      value={itemId}
      loading={searching}
      notFoundContent={searching ? '搜索中…' : '输入关键词搜索事项'}
      options={choices}
      onChange={(id: string | undefined) => onChange(id ?? null)}
    />
  );
}

function PointCard({ point, selected, onSelect }: { point: ServicePoint; selected: boolean; onSelect(): void }) {
  const hours = formatOpeningHours(point.openingHours);
  return (
    <Card
      id={`point-${point.id}`}
      size="small"
      data-testid="point-card"
      data-selected={selected || undefined}
      onClick={onSelect}
      style={{ marginBottom: 10, borderColor: selected ? 'var(--ant-color-primary, #1677ff)' : undefined, boxShadow: selected ? '0 0 0 2px #bae0ff' : undefined, cursor: 'pointer' }}
      title={
        <Flex gap={6} align="center" wrap style={{ whiteSpace: 'normal', padding: '4px 0' }}>
          <span data-testid="point-name">{point.name}</span>
          <Tag color="blue">{point.kindLabel}</Tag>
          {point.openNow ? <Tag color="green">营业中</Tag> : <Tag>已休息</Tag>}
        </Flex>
      }
      extra={point.distanceMetres !== null && <Typography.Text strong data-testid="point-distance">{formatDistance(point.distanceMetres)}</Typography.Text>}
    >
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Typography.Text>
          排队 <Typography.Text strong>{point.waiting}</Typography.Text> 人 · 可办事项 {point.itemCount} 项 · 自助设备 {point.terminalCount} 台 · {levelLabels[point.level]}
        </Typography.Text>
        {point.address && (
          <Typography.Text type="secondary">
            <EnvironmentOutlined /> {point.address}
          </Typography.Text>
        )}
        {hours.length > 0 && (
          <Typography.Text type="secondary">
            <ClockCircleOutlined /> {hours.join('；')}
          </Typography.Text>
        )}
        {point.transportNote && <Typography.Text type="secondary">交通：{point.transportNote}</Typography.Text>}
        <Flex gap={8} wrap style={{ marginTop: 4 }}>
          {point.longitude !== null && point.latitude !== null && (
            <a href={navigationUrl({ longitude: point.longitude, latitude: point.latitude, name: point.name })} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
              <Button size="small" type="primary" icon={<AimOutlined />}>
                导航
              </Button>
            </a>
          )}
          {point.phone && (
            <a href={`tel:${point.phone}`} onClick={(e) => e.stopPropagation()}>
              <Button size="small" icon={<PhoneOutlined />}>
                {point.phone}
              </Button>
            </a>
          )}
        </Flex>
      </Space>
    </Card>
  );
}

/**
 * The points as a scatter on longitude/latitude axes. No map tiles: the service network runs (and is
 * tested) without internet access, and a tile server would need a key and a network; the 导航 link
 * hands over to Amap for the streets.
 */
function PointsChart({ points, origin, selectedId, onSelect }: { points: ServicePoint[]; origin: { longitude: number; latitude: number; label: string } | null; selectedId: string | null; onSelect(id: string): void }) {
  const located = points.filter((p) => p.longitude !== null && p.latitude !== null);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', formatter: (p: unknown) => String((p as { name: string }).name) },
      xAxis: { type: 'value', scale: true, name: '经度', axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      yAxis: { type: 'value', scale: true, name: '纬度', axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      series: [
        {
          type: 'scatter',
          data: located.map((p) => ({
            name: p.name,
            value: [p.longitude!, p.latitude!],
            symbolSize: p.id === selectedId ? 22 : 14,
            itemStyle: { opacity: 1, color: p.id === selectedId ? '#fa541c' : p.openNow ? '#1677ff' : '#8c8c8c' },
          })),
        },
        { type: 'scatter', symbol: 'diamond', symbolSize: 16, itemStyle: { color: '#52c41a' }, data: origin ? [{ name: origin.label, value: [origin.longitude, origin.latitude] }] : [] },
      ],
    }),
    [located, origin, selectedId],
  );
  if (!located.length) return null;
  return <EChart testId="points-chart" option={option} style={{ height: 260 }} onItemClick={({ seriesIndex, dataIndex }) => seriesIndex === 0 && onSelect(located[dataIndex]!.id)} />;
}

/** 政务地图: the service points nearest first (the phone's position when allowed, else a chosen point), what each offers, how busy, the way there. */
export function MapPage() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const itemId = params.get('item');
  const fix = useGeolocation(!from);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  // Without the phone's position: the chosen center, or the city's (the top of the network). Only its own
  // location is read here: the ranked list below is the one query that gathers every point's figures.
  const centers = useCenters();
  const fallback = centers.data?.find((c) => c.id === from) ?? centers.data?.find((c) => c.level === 'city') ?? centers.data?.[0];
  const fallbackPlace = useAsync((signal) => (fallback ? api.get<{ centerId: string; longitude: number | null; latitude: number | null }>(`/api/v1/centers/${fallback.id}/location`, undefined, signal) : Promise.resolve(null)), [fallback?.id]);
  const located = typeof fix === 'object' && fix !== null ? fix : null;
  const gps = from ? null : located;
  // The location read for the center now chosen (not the one before it), or none to wait for.
  const place = fallback && fallbackPlace.data?.centerId === fallback.id ? fallbackPlace.data : undefined;
  const near = gps ? `${gps.lng},${gps.lat}` : place && place.longitude !== null && place.latitude !== null ? `${place.longitude},${place.latitude}` : undefined;
  // The list does not wait for the phone's position: it is ranked from the chosen point first, and again when the position comes.
  const ready = gps !== null || (centers.data !== undefined && (!fallback || place !== undefined || Boolean(fallbackPlace.error)));

  const ranked = useAsync(
    (signal) => (ready ? api.get<ServicePointPage>('/api/v1/service-points', { near, coord: gps ? 'wgs84' : undefined, itemId, pageSize: 100 }, signal) : Promise.resolve(undefined)),
    [ready, near, itemId],
  );
  const origin = ranked.data?.near ? { ...ranked.data.near, label: gps ? '我的位置' : (fallback?.name ?? '') } : null;

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const select = (id: string) => {
    setSelectedId(id);
    document.getElementById(`point-${id}`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  let list;
  if (ranked.error) list = <LoadError error={ranked.error} onRetry={ranked.reload} />;
  else if (!ranked.data) list = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (!ranked.data.items.length) list = <Empty description={itemId ? '暂无可办理该事项的网点，可拨打 12345 咨询。' : '暂无服务网点信息。'} />;
  else list = ranked.data.items.map((point) => <PointCard key={point.id} point={point} selected={point.id === selectedId} onSelect={() => setSelectedId(point.id)} />);

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto', padding: '0 12px 32px' }}>
      <Flex justify="space-between" align="center" style={{ padding: '16px 0 8px' }} gap={8} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            政务地图
          </Typography.Title>
          <Typography.Text type="secondary">附近哪里能办、现在排几个人、怎么去</Typography.Text>
        </div>
        <Link to="/">返回首页</Link>
      </Flex>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <div style={{ flex: '2 1 260px' }}>
          <ItemFilter itemId={itemId} onChange={(id) => update({ item: id })} />
        </div>
        <Select
          aria-label="从哪里出发"
          data-testid="origin"
          style={{ flex: '1 1 200px' }}
          value={gps ? 'gps' : (fallback?.id ?? null)}
          placeholder="选择出发地点"
          options={[...(located ? [{ value: 'gps', label: '我的位置' }] : []), ...(centers.data ?? []).map((c) => ({ value: c.id, label: `从 ${c.name} 出发` }))]}
          onChange={(value: string) => update({ from: value === 'gps' ? null : value })}
        />
      </Flex>
      {fix === 'asking' && fallback && <Alert type="info" showIcon title={`正在获取您的位置…（先按「${fallback.name}」计算距离，定位后按您的位置重新排列）`} style={{ marginBottom: 12 }} />}
      {!from && fix === null && fallback && <Alert type="info" showIcon title={`未能获取您的位置，距离按「${fallback.name}」计算，可在上方改选出发地点。`} style={{ marginBottom: 12 }} />}
      {centers.error ? <LoadError error={centers.error} onRetry={centers.reload} /> : null}
      <Flex gap={16} wrap align="flex-start">
        <div style={{ flex: '1 1 340px', minWidth: 0 }}>
          <PointsChart points={ranked.data?.items ?? []} origin={origin} selectedId={selectedId} onSelect={select} />
          {ranked.data && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              共 {ranked.data.total} 个网点{origin && `，按离「${origin.label}」由近到远排列`}；点图中的点可在列表中定位。
            </Typography.Paragraph>
          )}
        </div>
        <div style={{ flex: '1 1 340px', minWidth: 0 }} data-testid="points-list">
          {list}
        </div>
      </Flex>
    </div>
  );
}
