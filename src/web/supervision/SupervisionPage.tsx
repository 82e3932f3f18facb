import { SoundOutlined, MutedOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Drawer, Empty, List, Row, Segmented, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { CaseStatusTag } from '../cases/CaseDrawer';
import type { CaseView } from '../cases/cases';
import { RectificationTags, ScoreTag } from '../ratings/RatingParts';
import { formatRate, scoreLabels, scores, type Feedback, type Rating, type RatingSummary, type Rectification } from '../ratings/ratings';
import { coveredCenters } from '../shared/access';
import { api } from '../shared/api';
import { useCurrentUser } from '../shared/auth';
import { businessZone, dayjs, formatTime } from '../shared/format';
import { useCenterEvents } from '../shared/live';
import { useCenters } from '../shared/orgData';
import { longWaitMinutes, minutesSince, type Ticket } from '../shared/queue';
import { CenterScopedScreen } from '../shared/Screen';
import { LoadError, TableEmpty } from '../shared/StatusPages';
import type { Center, Paged, RoleName } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { beep } from './beep';
import { CaseService, RatingDrawer } from './RatingDrawer';

const watchers: RoleName[] = ['supervisor', 'admin', 'center_manager'];
/** The server lets only these rule on an appeal (ratings/service.ts decideAppeal). */
const judges: RoleName[] = ['supervisor', 'admin'];
const mutedKey = 'onedoor.supervision.muted';
const feedSize = 30;

const today = () => dayjs().tz(businessZone).format('YYYY-MM-DD');

type Topic = 'ratings' | 'rectifications' | 'cases' | 'queue' | 'complaints';

/** Which of the boards each live event changes. */
const topicsOf: Record<string, Topic[]> = {
  'rating.created': ['ratings', 'rectifications'],
  'rating.followed_up': ['ratings'],
  'rectification.changed': ['ratings', 'rectifications'],
  'rectification.overdue': ['ratings', 'rectifications'],
  'case.warning': ['cases'],
  'queue.changed': ['queue'],
  'feedback.created': ['complaints'],
  'feedback.changed': ['complaints'],
  'feedback.overdue': ['complaints'],
};
const liveTypes = Object.keys(topicsOf);
type Versions = Record<Topic, number>;

/**
 * One event stream for the whole screen (a browser opens at most six connections to a server, and each
 * board with a stream of its own would use one up): events bump a version per topic, a burst of them
 * becoming one bump a second later, and each board reloads when its topic's version moves.
 */
function useLiveBoard(centerId: string, onRating: (rating: Rating) => void): Versions {
  const [versions, setVersions] = useState<Versions>({ ratings: 0, rectifications: 0, cases: 0, queue: 0, complaints: 0 });
  const dirty = useRef(new Set<Topic>());
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useCenterEvents(centerId, liveTypes, (type, data) => {
    if (type === 'rating.created') onRating(data as unknown as Rating);
    for (const topic of topicsOf[type] ?? []) dirty.current.add(topic);
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      const topics = [...dirty.current];
      dirty.current.clear();
      setVersions((v) => ({ ...v, ...Object.fromEntries(topics.map((t) => [t, v[t] + 1])) }));
    }, 1000);
  });
  return versions;
}

/** A board's data, loaded again each time its live version moves. */
function useLive<T>(centerId: string, version: number, load: (signal: AbortSignal) => Promise<T>, deps: unknown[] = []) {
  return useAsync(load, [centerId, version, ...deps]);
}

/** 今日评价: counts per level, 好评率 and the 回访率 of real-name 差评 (below 100 % is a warning). */
function TodayFigures({ center, version }: { center: Center; version: number }) {
  const summary = useLive(center.id, version, (signal) => api.get<RatingSummary>(`/api/v1/centers/${center.id}/rating-summary`, { from: today(), to: today() }, signal));
  if (summary.error && !summary.data) return <LoadError error={summary.error} onRetry={summary.reload} />;
  const s = summary.data;
  const callbackShort = s?.callbackRate !== null && s?.callbackRate !== undefined && s.callbackRate < 1;
  return (
    <Card size="small" title="今日评价" loading={!s} data-testid="today-figures">
      {s && (
        <Row gutter={[12, 12]}>
          {scores.map((score) => (
            <Col key={score} xs={8} md={4}>
              <Statistic title={scoreLabels[score]} value={s.counts[score]} styles={{ content: score <= 2 && s.counts[score] ? { color: '#cf1322' } : undefined }} />
            </Col>
          ))}
          <Col xs={8} md={4}>
            <Statistic title="合计" value={s.total} />
          </Col>
          <Col xs={12} md={8}>
            <Statistic title="好评率" value={formatRate(s.satisfactionRate)} data-testid="satisfaction-rate" />
          </Col>
          <Col xs={12} md={8}>
            <Tooltip title={`实名差评 ${s.realNameBad} 条，已回访 ${s.calledBack} 条`}>
              <div data-testid="callback-rate">
                <Statistic title="实名差评回访率" value={formatRate(s.callbackRate)} styles={{ content: callbackShort ? { color: '#d4380d' } : s.callbackRate === 1 ? { color: '#389e0d' } : undefined }} />
              </div>
            </Tooltip>
          </Col>
          <Col xs={12} md={8}>
            <Statistic title="整改中 / 已超期" value={`${s.openRectifications} / ${s.overdueRectifications}`} styles={{ content: s.overdueRectifications ? { color: '#cf1322' } : undefined }} />
          </Col>
        </Row>
      )}
    </Card>
  );
}

/**
 * 实时评价: the newest ratings, each new one at the top as it arrives; a 差评 in red, with a beep
 * unless muted.
 */
function RatingFeed({ center, version, incoming, onOpen }: { center: Center; version: number; incoming: Rating | undefined; onOpen(id: string): void }) {
  // A step on a rectification or a 追评 changes how a listed rating reads: the list is fetched again.
  const loaded = useLive(center.id, version, (signal) => api.get<Paged<Rating>>(`/api/v1/centers/${center.id}/ratings`, { pageSize: feedSize }, signal));
  const [feed, setFeed] = useState<Rating[]>([]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (loaded.data) setFeed(loaded.data.items);
  }, [loaded.data]);

  useEffect(() => {
    if (!incoming) return;
    setFeed((list) => [incoming, ...list.filter((r) => r.id !== incoming.id)].slice(0, feedSize));
    setFresh((ids) => new Set(ids).add(incoming.id));
  }, [incoming]);

  if (loaded.error && !loaded.data) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  return (
    <List<Rating>
      loading={loaded.loading && !loaded.data}
      dataSource={feed}
      locale={{ emptyText: <Empty description="还没有评价，新的评价会实时出现在这里" /> }}
      renderItem={(r) => (
        <div
          key={r.id}
          role="button"
          tabIndex={0}
          className={`rating-feed-item${r.bad ? ' bad' : ''}${fresh.has(r.id) ? ' fresh' : ''}`}
          data-testid="feed-rating"
          data-bad={r.bad}
          data-subject={r.subjectNo}
          onClick={() => onOpen(r.id)}
          onKeyDown={(e) => e.key === 'Enter' && onOpen(r.id)}
        >
          <Space wrap size={4}>
            <ScoreTag score={r.score} label={r.scoreLabel} />
            <Typography.Text strong>{r.subjectNo}</Typography.Text>
            <Typography.Text>{r.serviceName ?? ''}</Typography.Text>
            {r.rectification && <RectificationTags rectification={r.rectification} />}
            {r.excluded && <Tag color="purple">不计入统计</Tag>}
          </Space>
          <div>
            <Typography.Text type="secondary">
              {formatTime(r.createdAt, 'HH:mm:ss')} · {r.departmentName ?? '—'} · {r.windowNumber ? `${r.windowNumber} 号窗口` : r.sourceLabel} · {r.staffName ?? '—'}
            </Typography.Text>
          </div>
          {(r.comment || r.tags.length > 0) && (
            <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
              {r.tags.join('、')}
              {r.comment ? ` ${r.comment}` : ''}
            </Typography.Paragraph>
          )}
        </div>
      )}
    />
  );
}

/** 差评整改: the open ones (overdue in red) or only the overdue ones. */
function Rectifications({ center, version, onOpen }: { center: Center; version: number; onOpen(ratingId: string): void }) {
  const [overdueOnly, setOverdueOnly] = useState(false);
  const list = useLive(center.id, version, (signal) => api.get<Paged<Rectification>>(`/api/v1/centers/${center.id}/rectifications`, { ...(overdueOnly ? { overdue: true } : { open: true }), pageSize: 50 }, signal), [overdueOnly]);
  const columns: TableColumnsType<Rectification> = [
    { title: '评价', key: 'score', width: 110, render: (_, r) => <ScoreTag score={r.rating.score} label={r.rating.scoreLabel} /> },
    { title: '服务', key: 'service', render: (_, r) => `${r.rating.subjectNo} ${r.rating.serviceName ?? ''}` },
    { title: '部门', dataIndex: 'departmentName', width: 120, render: (d: string | null) => d ?? '中心' },
    { title: '期限', dataIndex: 'dueDate', width: 110 },
    { title: '状态', key: 'status', width: 200, render: (_, r) => <RectificationTags rectification={r} /> },
  ];
  return (
    <Card
      size="small"
      title={`差评整改（${list.data?.total ?? 0}）`}
      extra={<Segmented size="small" value={overdueOnly ? 'overdue' : 'open'} onChange={(v) => setOverdueOnly(v === 'overdue')} options={[{ value: 'open', label: '未办结' }, { value: 'overdue', label: '已超期' }]} />}
    >
      <Table<Rectification>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading && !list.data}
        pagination={false}
        scroll={{ x: 620, y: 260 }}
        rowClassName={(r) => (r.overdue ? 'overdue-row' : '')}
        onRow={(r) => ({ onClick: () => onOpen(r.rating.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <TableEmpty error={list.error} description={overdueOnly ? '没有超期的整改' : '没有未办结的差评整改'} /> }}
        data-testid="open-rectifications"
      />
    </Card>
  );
}

/** 超期办件 (红灯): from the cases sweep; opening one shows it read-only. */
function OverdueCases({ center, version }: { center: Center; version: number }) {
  const list = useLive(center.id, version, (signal) => api.get<Paged<CaseView>>(`/api/v1/centers/${center.id}/cases`, { warning: 'overdue', pageSize: 50 }, signal));
  const [caseId, setCaseId] = useState<string>();
  const columns: TableColumnsType<CaseView> = [
    { title: '办件编号', dataIndex: 'caseNo', width: 170 },
    { title: '事项', dataIndex: 'itemName' },
    { title: '承诺期限', dataIndex: 'promisedDeadline', width: 110 },
    { title: '状态', key: 'status', width: 170, render: (_, c) => <CaseStatusTag kase={c} /> },
  ];
  return (
    <Card size="small" title={`超期办件（${list.data?.total ?? 0}）`}>
      <Table<CaseView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading && !list.data}
        pagination={false}
        scroll={{ x: 560, y: 220 }}
        onRow={(c) => ({ onClick: () => setCaseId(c.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <TableEmpty error={list.error} description="没有超期办件" /> }}
      />
      <Drawer open={Boolean(caseId)} onClose={() => setCaseId(undefined)} title="办件" size={560} destroyOnHidden>
        {caseId && <CaseService caseId={caseId} />}
      </Drawer>
    </Card>
  );
}

/** 长时间等候: tickets waiting longer than 30 minutes since they were taken; re-counted each minute. */
function LongWaits({ center, version }: { center: Center; version: number }) {
  const list = useLive(center.id, version, (signal) => api.get<Paged<Ticket>>(`/api/v1/centers/${center.id}/tickets`, { status: 'waiting', pageSize: 200 }, signal));
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const long = useMemo(() => (list.data?.items ?? []).filter((t) => minutesSince(t.takenAt, now) >= longWaitMinutes), [list.data, now]);
  const columns: TableColumnsType<Ticket> = [
    { title: '号码', dataIndex: 'number', width: 80, render: (n: string) => <strong>{n}</strong> },
    { title: '类别', dataIndex: 'categoryName' },
    { title: '取号', dataIndex: 'takenAt', width: 80, render: (t: string) => formatTime(t, 'HH:mm') },
    { title: '已等候', key: 'wait', width: 90, render: (_, t) => <Typography.Text type="danger">{minutesSince(t.takenAt, now)} 分钟</Typography.Text> },
  ];
  return (
    <Card size="small" title={`等候超过 ${longWaitMinutes} 分钟（${long.length}）`}>
      <Table<Ticket> rowKey="id" size="small" columns={columns} dataSource={long} loading={list.loading && !list.data} pagination={false} scroll={{ y: 220 }} locale={{ emptyText: <TableEmpty error={list.error} description="没有长时间等候的号码" /> }} />
    </Card>
  );
}

/** 待办投诉: complaints not yet answered, overdue in red. */
function OpenComplaints({ center, version }: { center: Center; version: number }) {
  const list = useLive(center.id, version, (signal) =>
    api.get<Paged<Feedback>>(`/api/v1/centers/${center.id}/feedback`, { status: 'open', kind: 'complaint', pageSize: 50 }, signal),
  );
  const columns: TableColumnsType<Feedback> = [
    { title: '收到', dataIndex: 'createdAt', width: 100, render: (at: string) => formatTime(at, 'MM-DD HH:mm') },
    { title: '内容', dataIndex: 'text', ellipsis: true },
    { title: '承办', dataIndex: 'departmentName', width: 110, render: (d: string | null) => d ?? '中心' },
    { title: '答复期限', dataIndex: 'dueDate', width: 110, render: (d: string, f) => (f.overdue ? <Tag color="red">{d} 已超期</Tag> : d) },
  ];
  return (
    <Card size="small" title={`待办投诉（${list.data?.total ?? 0}）`}>
      <Table<Feedback> rowKey="id" size="small" columns={columns} dataSource={list.data?.items ?? []} loading={list.loading && !list.data} pagination={false} scroll={{ x: 520, y: 220 }} rowClassName={(f) => (f.overdue ? 'overdue-row' : '')} locale={{ emptyText: <TableEmpty error={list.error} description="没有待办投诉" /> }} />
    </Card>
  );
}

function Board({ center }: { center: Center }) {
  const user = useCurrentUser();
  const centers = useCenters();
  const canRule = useMemo(() => coveredCenters(centers.data ?? [], user.roles, judges).some((c) => c.id === center.id), [centers.data, user.roles, center.id]);
  const [muted, setMuted] = useState(() => localStorage.getItem(mutedKey) === '1');
  const [ratingId, setRatingId] = useState<string>();
  const [incoming, setIncoming] = useState<Rating>();
  const versions = useLiveBoard(center.id, (rating) => {
    setIncoming(rating);
    if (rating.bad && !muted) beep();
  });
  const toggleMute = () => {
    localStorage.setItem(mutedKey, muted ? '0' : '1');
    setMuted(!muted);
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={9}>
        <Card
          size="small"
          title={
            <Space>
              <Badge status="processing" />
              实时评价
            </Space>
          }
          extra={
            <Button size="small" icon={muted ? <MutedOutlined /> : <SoundOutlined />} onClick={toggleMute} aria-pressed={muted} data-testid="mute-toggle">
              {muted ? '差评提示音：已静音' : '差评提示音：开'}
            </Button>
          }
          styles={{ body: { padding: 0, maxHeight: 'calc(100vh - 200px)', minHeight: 320, overflowY: 'auto' } }}
        >
          <RatingFeed center={center} version={versions.ratings} incoming={incoming} onOpen={setRatingId} />
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <TodayFigures center={center} version={versions.rectifications} />
          <Rectifications center={center} version={versions.rectifications} onOpen={setRatingId} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xxl={12}>
              <OpenComplaints center={center} version={versions.complaints} />
            </Col>
            <Col xs={24} xxl={12}>
              <LongWaits center={center} version={versions.queue} />
            </Col>
          </Row>
          <OverdueCases center={center} version={versions.cases} />
        </Space>
      </Col>
      <RatingDrawer ratingId={ratingId} canRule={canRule} onClose={() => setRatingId(undefined)} />
    </Row>
  );
}

/** 监察: the hall's ratings as they come in, today's figures, and everything late or open. */
export function SupervisionPage() {
  return (
    <CenterScopedScreen title="监察" roles={watchers} description="实时评价、差评整改、超期办件、长时间等候和待办投诉，自动更新">
      {(center) => <Board key={center.id} center={center} />}
    </CenterScopedScreen>
  );
}
