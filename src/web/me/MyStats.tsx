import { Card, Col, Row, Statistic, Typography } from 'antd';
import { scoreLabels, scores } from '../ratings/ratings';
import { api } from '../shared/api';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { formatMinutes, formatRate, presetPeriods, type Figures } from '../stats/stats';

/** 本月数据: what I served this month, how long my callers waited, and how they rated me (GET /api/v1/me/stats). */
export function MyStats() {
  const month = presetPeriods()['本月']!;
  const { data, error, loading, reload } = useAsync((signal) => api.get<Figures>('/api/v1/me/stats', { ...month }, signal), [month.from, month.to]);
  const ratings = data?.ratings;
  const cards = [
    { key: 'served', title: '办结人次', value: data?.visits?.served ?? 0 },
    { key: 'wait', title: '群众平均等候', value: formatMinutes(data?.visits?.wait.mean) },
    { key: 'handle', title: '平均办理时长', value: formatMinutes(data?.visits?.handle.mean) },
    { key: 'ratings', title: '收到评价', value: ratings?.total ?? 0 },
    { key: 'satisfaction', title: '好评率', value: formatRate(ratings?.satisfactionRate, 2) },
  ];
  return (
    <Card title="本月数据" style={{ marginTop: 16 }} loading={loading && !data} extra={<Typography.Text type="secondary">{month.from} 至 {month.to}</Typography.Text>}>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} xs={12} md={8} xl={4} data-testid={`my-stat-${c.key}`}>
            <Statistic title={c.title} value={c.value} />
          </Col>
        ))}
      </Row>
      {ratings && ratings.total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }} data-testid="my-rating-levels">
          {scores.map((s) => `${scoreLabels[s]} ${ratings.counts[String(s) as '1']}`).join(' · ')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
