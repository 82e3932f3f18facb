import { Card, DatePicker, Empty, Flex, Progress, Select, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useSearchParams } from 'react-router-dom';
import { PublicPage } from '../catalog/PublicParts';
import { api } from '../shared/api';
import { businessZone, dayjs } from '../shared/format';
import { levelLabels } from '../shared/labels';
import { useCenters } from '../shared/orgData';
import { LoadError, PageLoading } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { ScoreTag } from './RatingParts';
import { formatRate, scoreLabels, scores, type RatingSummary } from './ratings';
import { ScrollRegion } from '../shared/ScrollRegion';

type Totals = Pick<RatingSummary, 'total' | 'counts' | 'satisfactionRate' | 'fiveStarRate' | 'bad'>;
type Group = RatingSummary['byDepartment'][number];

/** GET /api/v1/public/centers/{id}/ratings?month=: a month's figures without anyone's name (ratings/schema.ts PublicReport). */
interface PublicReport {
  centerId: string;
  centerName: string;
  month: string;
  totals: Totals;
  departments: Group[];
  windows: Group[];
  results: { date: string; departmentName: string | null; serviceName: string | null; scoreLabel: string; outcome: string; result: string | null }[];
}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
const thisMonth = () => dayjs().tz(businessZone).format('YYYY-MM');

function groupColumns(title: string): ColumnsType<Group> {
  return [
    { title, dataIndex: 'name', key: 'name', fixed: 'left', width: 140 },
    { title: '评价数', dataIndex: 'total', key: 'total', align: 'right' },
    ...scores.map((s) => ({ title: scoreLabels[s], key: String(s), align: 'right' as const, render: (_: unknown, row: Group) => row.counts[String(s) as keyof Group['counts']] })),
    { title: '好评率', key: 'rate', align: 'right', render: (_: unknown, row: Group) => formatRate(row.satisfactionRate) },
  ];
}

const departmentColumns = groupColumns('部门');
const windowColumns = groupColumns('窗口');

/** The month's totals: how many of each level (as bars) and the two rates. */
function TotalsCard({ totals }: { totals: Totals }) {
  return (
    <Card style={{ marginBottom: 16 }}>
      <Flex wrap gap={24} style={{ marginBottom: 16 }}>
        <Statistic title="评价总数" value={totals.total} />
        <Statistic title="好评率" value={formatRate(totals.satisfactionRate)} data-testid="public-satisfaction-rate" />
        <Statistic title="五星好评率" value={formatRate(totals.fiveStarRate)} />
        <Statistic title="差评" value={totals.bad} />
      </Flex>
      {scores.map((s) => {
        const count = totals.counts[String(s) as keyof Totals['counts']];
        return (
          <Flex key={s} align="center" gap={8} data-testid={`public-count-${s}`}>
            <span style={{ width: 96, flex: 'none' }}>
              <ScoreTag score={s} label={scoreLabels[s]} />
            </span>
            <Progress aria-label={`${scoreLabels[s]}的占比`} percent={totals.total ? (count / totals.total) * 100 : 0} showInfo={false} style={{ flex: 1, margin: 0 }} />
            <span style={{ width: 48, textAlign: 'right', flex: 'none' }}>{count}</span>
          </Flex>
        );
      })}
    </Card>
  );
}

/** /ratings — 好差评公开: a center's ratings in a month, by department and window, and how each 差评 was handled. */
export function PublicRatingsPage() {
  const [params, setParams] = useSearchParams();
  const centers = useCenters();
  const chosen = params.get('centerId');
  const center = centers.data?.find((c) => c.id === chosen) ?? centers.data?.find((c) => !c.parentId) ?? centers.data?.[0];
  const asked = params.get('month');
  const month = asked && monthPattern.test(asked) ? asked : thisMonth();
  const report = useAsync(
    (signal) => (center ? api.get<PublicReport>(`/api/v1/public/centers/${center.id}/ratings`, { month }, signal) : Promise.resolve(undefined)),
    [center?.id, month],
  );
  const update = (changes: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...changes }, { replace: true });
  const data = report.data?.centerId === center?.id && report.data?.month === month ? report.data : undefined;

  return (
    <PublicPage title="好差评公开" maxWidth={1100}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select
          aria-label="服务中心"
          style={{ minWidth: 260, flex: '1 1 260px', maxWidth: 420 }}
          showSearch={{ optionFilterProp: 'label' }}
          loading={centers.loading}
          value={center?.id}
          options={(centers.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${levelLabels[c.level]}）` }))}
          onChange={(id: string) => update({ centerId: id })}
        />
        <DatePicker
          picker="month"
          aria-label="月份"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          disabledDate={(d) => d.format('YYYY-MM') > thisMonth()}
          onChange={(d) => d && update({ month: d.format('YYYY-MM') })}
        />
      </Flex>
      {centers.error ? <LoadError error={centers.error} onRetry={centers.reload} /> : null}
      {report.error ? (
        <LoadError error={report.error} onRetry={report.reload} />
      ) : !data ? (
        <PageLoading />
      ) : data.totals.total === 0 ? (
        <Empty description={`${data.centerName} ${dayjs(`${month}-01`).format('YYYY年M月')}暂无评价`} data-testid="public-ratings-empty" />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {data.centerName} {dayjs(`${month}-01`).format('YYYY年M月')}的评价情况。好评率为基本满意及以上的评价占比；经申诉核实撤销的评价不计入。
          </Typography.Paragraph>
          <TotalsCard totals={data.totals} />
          <Card title="各部门评价" size="small" style={{ marginBottom: 16 }}>
            <ScrollRegion label="各部门评价">
              <Table rowKey="key" size="small" columns={departmentColumns} dataSource={data.departments} pagination={false} />
            </ScrollRegion>
          </Card>
          <Card title="各窗口评价" size="small" style={{ marginBottom: 16 }}>
            <ScrollRegion label="各窗口评价">
              <Table rowKey="key" size="small" columns={windowColumns} dataSource={data.windows} pagination={false} />
            </ScrollRegion>
          </Card>
          <Card title="差评整改结果" size="small">
            <ScrollRegion label="差评整改结果">
              <Table
                rowKey="key"
                size="small"
                // The results carry no id (nothing that would name the rater); their order is the key.
                dataSource={data.results.map((row, key) => ({ ...row, key }))}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                locale={{ emptyText: <Empty description="本月没有办结的差评整改" /> }}
                columns={[
                  { title: '日期', dataIndex: 'date', key: 'date', width: 110 },
                  { title: '部门', dataIndex: 'departmentName', key: 'department', render: (v: string | null) => v ?? '—' },
                  { title: '事项', dataIndex: 'serviceName', key: 'service', render: (v: string | null) => v ?? '—' },
                  { title: '评价', dataIndex: 'scoreLabel', key: 'score' },
                  { title: '处理结果', dataIndex: 'outcome', key: 'outcome' },
                  { title: '整改情况', dataIndex: 'result', key: 'result', render: (v: string | null) => v ?? '—' },
                ]}
              />
            </ScrollRegion>
          </Card>
        </>
      )}
    </PublicPage>
  );
}
