import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Flex, Radio, Row, Select, Space, Statistic, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { scoreLabels, scores, type Score } from '../ratings/ratings';
import { EChart, type ChartOption } from '../shared/EChart';
import { MonthlyReports } from './MonthlyReports';
import { dayjs } from '../shared/format';
import { useRefetchOn } from '../shared/live';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, RoleName } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import {
  caseChannelLabels,
  channelFilters,
  downloadCsv,
  formatMinutes,
  formatRate,
  loadBreakdown,
  loadSummary,
  loadTrend,
  presetPeriods,
  today,
  type BreakdownRow,
  type Dimension,
  type Period,
  type StatsFilter,
  type Summary,
  type TrendPoint,
} from './stats';

const readers: RoleName[] = ['admin', 'center_manager', 'supervisor'];

/** The dimensions a manager filters by (one at a time; a channel may be added); their values come from the period's breakdown. */
const filterDimensions = [
  { value: 'department', label: '部门', param: 'departmentId' },
  { value: 'window', label: '窗口', param: 'windowId' },
  { value: 'staff', label: '工作人员', param: 'staffUserId' },
  { value: 'category', label: '业务类别', param: 'categoryId' },
] as const;
type FilterDimension = (typeof filterDimensions)[number]['value'];

const tableDimensions: { key: Dimension; label: string }[] = [
  { key: 'department', label: '按部门' },
  { key: 'window', label: '按窗口' },
  { key: 'staff', label: '按工作人员' },
  { key: 'category', label: '按业务类别' },
];

/** 统计分析: a center's figures over a period, against the period before, with charts and breakdowns. */
export function StatsPage() {
  return (
    <CenterScopedScreen title="统计分析" roles={readers} description="含下级中心；今日数据随办理实时汇总">
      {(center) => <Dashboard key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}

function Dashboard({ center }: { center: Center }) {
  const presets = useMemo(presetPeriods, []);
  const [preset, setPreset] = useState<string | undefined>('本月');
  const [period, setPeriod] = useState<Period>(presets['本月']!);
  const [filterDim, setFilterDim] = useState<FilterDimension>();
  const [filterKey, setFilterKey] = useState<string>();
  const [channel, setChannel] = useState<string>();
  const filter: StatsFilter = useMemo(() => {
    const dimension = filterDimensions.find((d) => d.value === filterDim);
    return { ...(dimension && filterKey ? { [dimension.param]: filterKey } : {}), ...(channel ? { channel } : {}) };
  }, [filterDim, filterKey, channel]);

  const deps = [center.id, period.from, period.to, JSON.stringify(filter)];
  const summary = useAsync((signal) => loadSummary(center.id, period, filter, signal), deps);
  const trend = useAsync((signal) => loadTrend(center.id, period, filter, signal), deps);
  // The choices of a filter: what had figures in the period (a window nobody used is no help here).
  const choices = useAsync(
    (signal) => (filterDim ? loadBreakdown(center.id, period, filterDim, signal) : Promise.resolve([])),
    [center.id, period.from, period.to, filterDim],
  );

  // A period that includes today follows the server's rollups as it announces them.
  const live = period.to >= today().format('YYYY-MM-DD');
  useRefetchOn(live ? center.id : undefined, ['stats.updated'], () => {
    summary.reload();
    trend.reload();
  }, 5000);

  const choose = (label: string) => {
    setPreset(label);
    setPeriod(presets[label]!);
  };

  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex wrap gap={12} align="center">
          <Radio.Group value={preset} onChange={(e) => choose(e.target.value as string)} optionType="button" options={Object.keys(presets)} aria-label="时间范围" />
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(period.from), dayjs(period.to)]}
            onChange={(range) => {
              if (!range?.[0] || !range[1]) return;
              setPreset(undefined);
              setPeriod({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
            }}
          />
          <Space.Compact>
            <Select
              id="stats-filter-dimension"
              placeholder="筛选维度"
              allowClear
              value={filterDim}
              onChange={(value?: FilterDimension) => {
                setFilterDim(value);
                setFilterKey(undefined);
              }}
              options={filterDimensions.map(({ value, label }) => ({ value, label }))}
              style={{ width: 130 }}
            />
            <Select
              id="stats-filter-value"
              placeholder={filterDim ? '请选择' : '全部'}
              disabled={!filterDim}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={choices.loading}
              value={filterKey}
              onChange={(value?: string) => setFilterKey(value)}
              options={(choices.data ?? []).map((r) => ({ value: r.key, label: r.name }))}
              style={{ width: 260 }}
            />
          </Space.Compact>
          <Select id="stats-filter-channel" aria-label="渠道" placeholder="全部渠道" allowClear value={channel} onChange={(value?: string) => setChannel(value)} options={channelFilters} style={{ width: 200 }} />
        </Flex>
      </Card>
      {summary.error ? <LoadError error={summary.error} onRetry={summary.reload} /> : null}
      <Headline summary={summary.data} loading={summary.loading} />
      <Charts summary={summary.data} trend={trend.data} loading={summary.loading || trend.loading} filtered={Object.keys(filter).length > 0} />
      <Card title="分组统计" style={{ marginTop: 16 }}>
        <Tabs items={tableDimensions.map(({ key, label }) => ({ key, label, children: <BreakdownTable center={center} period={period} by={key} title={label} /> }))} />
      </Card>
      <MonthlyReports center={center} />
    </>
  );
}

// ------------------------------------------------------------ headline

/** Change as a share of the previous figure; none when the previous period had nothing to compare with. */
const changeOf = (now: number | null | undefined, before: number | null | undefined) => (now == null || before == null || before === 0 ? null : (now - before) / before);

function Change({ value, higherIsBetter }: { value: number | null; higherIsBetter: boolean }) {
  if (value === null) return <Typography.Text type="secondary">上期无可比数据</Typography.Text>;
  if (value === 0) return <Typography.Text type="secondary">与上期持平</Typography.Text>;
  const good = value > 0 === higherIsBetter;
  return (
    <Typography.Text type={good ? 'success' : 'danger'} data-testid="stat-change">
      较上期 {value > 0 ? '↑' : '↓'} {formatRate(Math.abs(value))}
    </Typography.Text>
  );
}

function Headline({ summary, loading }: { summary: Summary | undefined; loading: boolean }) {
  const previous = summary?.previous;
  const cards = [
    { key: 'visitors', title: '来访人次', value: summary?.visitors ?? '—', change: summary?.changes.visitors ?? null, higherIsBetter: true },
    { key: 'cases', title: '办件量', value: summary?.cases ?? '—', change: summary?.changes.cases ?? null, higherIsBetter: true },
    { key: 'wait', title: '平均等候', value: formatMinutes(summary?.avgWaitMinutes), change: summary?.changes.avgWaitMinutes ?? null, higherIsBetter: false },
    { key: 'handle', title: '平均办理', value: formatMinutes(summary?.avgHandleMinutes), change: changeOf(summary?.avgHandleMinutes, previous?.visits?.handle.mean), higherIsBetter: false },
    { key: 'satisfaction', title: '好评率', value: formatRate(summary?.satisfactionRate, 2), change: summary?.changes.satisfactionRate ?? null, higherIsBetter: true },
    { key: 'onTime', title: '按时办结率', value: formatRate(summary?.onTimeRate), change: changeOf(summary?.onTimeRate, previous?.cases?.onTimeRate), higherIsBetter: true },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={8} xl={4}>
          <Card loading={loading && !summary} data-testid={`stat-${c.key}`}>
            <Statistic title={c.title} value={c.value} />
            {summary && <Change value={c.change} higherIsBetter={c.higherIsBetter} />}
          </Card>
        </Col>
      ))}
    </Row>
  );
}

// ------------------------------------------------------------ charts

/** Each level keeps its colour whichever levels a period has (green good … red 差评). */
const levelColors: Record<Score, string> = { 5: '#52c41a', 4: '#13c2c2', 3: '#1677ff', 2: '#fa8c16', 1: '#f5222d' };

function ChartCard({ title, option, empty, loading, testId }: { title: string; option: ChartOption; empty?: string; loading: boolean; testId: string }) {
  return (
    <Card title={title} loading={loading} data-testid={testId}>
      {empty ? (
        <Flex justify="center" align="center" style={{ height: 300 }}>
          <Empty description={empty} />
        </Flex>
      ) : (
        <EChart option={option} />
      )}
    </Card>
  );
}

function Charts({ summary, trend, loading, filtered }: { summary: Summary | undefined; trend: TrendPoint[] | undefined; loading: boolean; filtered: boolean }) {
  const options = useMemo(() => {
    const hours = summary?.figures.busiestHours ?? [];
    const counts = summary?.ratingCounts;
    const channels = summary?.byChannel;
    return {
      trend: {
        tooltip: { trigger: 'axis' },
        // ECharts 6 puts a legend at the bottom by default, over the axis labels.
        legend: { top: 0 },
        grid: { left: 48, right: 24, bottom: 32, top: 40 },
        xAxis: { type: 'category', data: (trend ?? []).map((p) => p.day.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: '来访人次', type: 'line', smooth: true, data: (trend ?? []).map((p) => p.visits) },
          { name: '办件量', type: 'line', smooth: true, data: (trend ?? []).map((p) => p.cases) },
        ],
      },
      hours: {
        tooltip: { trigger: 'axis' },
        grid: { left: 48, right: 24, bottom: 32, top: 24 },
        xAxis: { type: 'category', data: hours.map((h) => `${h.hour}时`) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ name: '来访人次', type: 'bar', data: hours.map((h) => h.visits) }],
      },
      ratings: {
        tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
        legend: { bottom: 0 },
        series: [{ name: '评价等级', type: 'pie', radius: ['40%', '68%'], data: scores.map((s) => ({ name: scoreLabels[s], value: counts?.[String(s) as '1'] ?? 0, itemStyle: { color: levelColors[s] } })).filter((d) => d.value > 0) }],
      },
      channels: {
        tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
        legend: { bottom: 0 },
        series: [{ name: '办件渠道', type: 'pie', radius: '65%', data: (Object.keys(caseChannelLabels) as (keyof typeof caseChannelLabels)[]).map((k) => ({ name: caseChannelLabels[k], value: channels?.[k] ?? 0 })).filter((d) => d.value > 0) }],
      },
    } satisfies Record<string, ChartOption>;
  }, [summary, trend]);

  const nothing = '所选期间没有数据';
  const hasTrend = (trend ?? []).some((p) => (p.visits ?? 0) + (p.cases ?? 0) > 0);
  const hours = summary?.figures.busiestHours;
  const ratingTotal = Object.values(summary?.ratingCounts ?? {}).reduce((a, b) => a + b, 0);
  const channelTotal = Object.values(summary?.byChannel ?? {}).reduce((a, b) => a + b, 0);
  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
      <Col xs={24} xl={12}>
        <ChartCard title="逐日趋势" testId="chart-trend" loading={loading && !trend} option={options.trend} empty={hasTrend ? undefined : nothing} />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard
          title="来访时段分布"
          testId="chart-hours"
          loading={loading && !summary}
          option={options.hours}
          empty={filtered ? '筛选后不按时段统计' : hours?.some((h) => h.visits > 0) ? undefined : nothing}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title="评价等级" testId="chart-ratings" loading={loading && !summary} option={options.ratings} empty={ratingTotal > 0 ? undefined : summary?.ratingCounts === null ? '该筛选维度没有评价数据' : nothing} />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title="办件渠道" testId="chart-channels" loading={loading && !summary} option={options.channels} empty={filtered ? '筛选后不按渠道统计' : channelTotal > 0 ? undefined : nothing} />
      </Col>
    </Row>
  );
}

// ------------------------------------------------------------ breakdowns

const byNumber = (pick: (r: BreakdownRow) => number | null | undefined) => (a: BreakdownRow, b: BreakdownRow) => (pick(a) ?? -1) - (pick(b) ?? -1);

/** The columns of every breakdown, as the table shows them and the CSV writes them. */
const figureColumns: { key: string; title: string; value: (r: BreakdownRow) => number | null | undefined; format: (r: BreakdownRow) => string }[] = [
  { key: 'visits', title: '来访人次', value: (r) => r.visits?.visits, format: (r) => String(r.visits?.visits ?? '—') },
  { key: 'served', title: '已办结号', value: (r) => r.visits?.served, format: (r) => String(r.visits?.served ?? '—') },
  { key: 'wait', title: '平均等候', value: (r) => r.visits?.wait.mean, format: (r) => formatMinutes(r.visits?.wait.mean) },
  { key: 'handle', title: '平均办理', value: (r) => r.visits?.handle.mean, format: (r) => formatMinutes(r.visits?.handle.mean) },
  { key: 'utilisation', title: '窗口利用率', value: (r) => r.visits?.utilisation, format: (r) => formatRate(r.visits?.utilisation) },
  { key: 'cases', title: '办件量', value: (r) => r.cases?.submitted, format: (r) => String(r.cases?.submitted ?? '—') },
  { key: 'onTime', title: '按时办结率', value: (r) => r.cases?.onTimeRate, format: (r) => formatRate(r.cases?.onTimeRate) },
  { key: 'ratings', title: '评价数', value: (r) => r.ratings?.total, format: (r) => String(r.ratings?.total ?? '—') },
  { key: 'satisfaction', title: '好评率', value: (r) => r.ratings?.satisfactionRate, format: (r) => formatRate(r.ratings?.satisfactionRate, 2) },
];

function BreakdownTable({ center, period, by, title }: { center: Center; period: Period; by: Dimension; title: string }) {
  const { data, error, loading, reload } = useAsync((signal) => loadBreakdown(center.id, period, by, signal), [center.id, period.from, period.to, by]);
  // The rows in the order the person sorted them, which the CSV keeps (until the next load brings other rows).
  const [sorted, setSorted] = useState<{ of: BreakdownRow[]; rows: BreakdownRow[] }>();
  const rows = sorted && sorted.of === data ? sorted.rows : (data ?? []);

  const columns: TableColumnsType<BreakdownRow> = [
    { title: '名称', dataIndex: 'name', fixed: 'left', width: 220, sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
    ...figureColumns.map((c) => ({ key: c.key, title: c.title, align: 'right' as const, sorter: byNumber(c.value), render: (_: unknown, r: BreakdownRow) => c.format(r) })),
  ];

  const exportCsv = () =>
    downloadCsv(
      `统计分析-${title.replace('按', '')}-${period.from}至${period.to}.csv`,
      ['名称', ...figureColumns.map((c) => c.title)],
      rows.map((r) => [r.name, ...figureColumns.map((c) => c.format(r))]),
    );

  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Flex justify="end" style={{ marginBottom: 8 }}>
        <Button icon={<DownloadOutlined />} disabled={!data?.length} onClick={exportCsv}>
          导出 CSV
        </Button>
      </Flex>
      <Table<BreakdownRow>
        rowKey="key"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data ?? []}
        scroll={{ x: 1100 }}
        pagination={{ defaultPageSize: 10, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], showTotal: (total) => `共 ${total} 条` }}
        onChange={(_, __, ___, extra) => data && setSorted({ of: data, rows: extra.currentDataSource })}
        locale={{ emptyText: <TableEmpty error={error} description="所选期间没有数据" /> }}
      />
    </>
  );
}
