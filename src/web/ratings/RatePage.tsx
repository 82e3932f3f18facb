import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Radio, Result, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { PublicPage } from '../catalog/PublicParts';
import { api, ApiError, errorMessage } from '../shared/api';
import { formatTime } from '../shared/format';
import { PageLoading, LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { ScoreTag } from './RatingParts';
import { scoreLabels, scores, tagsFor, type RatingTags, type Score } from './ratings';

/** What the public rating endpoints answer (ratings/schema.ts PublicRating). */
interface PublicRating {
  id: string;
  subjectKind: 'ticket' | 'case';
  subjectNo: string;
  score: Score;
  scoreLabel: string;
  tags: string[];
  comment: string | null;
  createdAt: string;
  followUpUntil: string;
  followUp: { score: Score | null; comment: string | null; at: string } | null;
}

type ServiceRef = { ticketId: string } | { caseId: string };

const scoreOptions = scores.map((s) => ({ value: s, label: scoreLabels[s] }));

/** A refused rating in words the visitor can act on. */
function refusalText(error: unknown): { title: string; description: string } {
  if (error instanceof ApiError && error.code === 'NOT_RATEABLE') return { title: '服务尚未办结，暂不能评价', description: `${error.message}。办结后请再次打开本页面。` };
  if (error instanceof ApiError && error.status === 404) return { title: '没有找到这次服务', description: '请核对链接是否完整，或扫描办件通知书、号票上的二维码重新打开。' };
  return { title: '评价未能提交', description: errorMessage(error) };
}

interface RateValues {
  score: Score;
  tags?: string[];
  comment?: string;
  anonymous?: boolean;
}

function RateForm({ service, source, onRated }: { service: ServiceRef; source: 'phone' | 'qr'; onRated(rating: PublicRating, already: boolean): void }) {
  const [form] = Form.useForm<RateValues>();
  const score = Form.useWatch('score', form);
  const tags = useAsync((signal) => api.get<RatingTags>('/api/v1/rating-tags', undefined, signal), []);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const submit = async (values: RateValues) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const body = { ...service, score: values.score, tags: values.tags ?? [], comment: values.comment?.trim() || undefined, anonymous: values.anonymous === true, source };
      onRated(await api.post<PublicRating>('/api/v1/ratings', body), false);
    } catch (error) {
      // Rated meanwhile (another phone, the pad): show that rating instead of a failure.
      if (error instanceof ApiError && error.code === 'ALREADY_RATED') {
        try {
          onRated(await api.get<PublicRating>('/api/v1/ratings/of', service), true);
          return;
        } catch (again) {
          setFailure(again);
        }
      } else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const refusal = failure ? refusalText(failure) : undefined;
  return (
    <Card>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed: Partial<RateValues>, all: RateValues) => {
          // The tags offered change between a good and a bad rating; ticked ones of the other side go.
          if (changed.score !== undefined && tags.data) form.setFieldValue('tags', (all.tags ?? []).filter((t) => tagsFor(tags.data!, changed.score!).includes(t)));
        }}
      >
        <Form.Item name="score" label="您对本次服务满意吗？" rules={[{ required: true, message: '请选择一个评价等级' }]}>
          <Radio.Group options={scoreOptions} style={{ display: 'flex', flexDirection: 'column', gap: 12, fontSize: 18 }} />
        </Form.Item>
        {score !== undefined && tags.data && (
          <Form.Item name="tags" label="评价标签（可多选）">
            <Checkbox.Group options={tagsFor(tags.data, score)} style={{ rowGap: 8 }} />
          </Form.Item>
        )}
        <Form.Item name="comment" label="意见和建议（选填）">
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="请写下您的意见或建议" />
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked" extra="匿名评价不记录您的姓名和电话，差评将无法回访。">
          <Checkbox>匿名评价</Checkbox>
        </Form.Item>
        {refusal && <Alert type={failure instanceof ApiError && failure.code === 'NOT_RATEABLE' ? 'warning' : 'error'} showIcon title={refusal.title} description={refusal.description} style={{ marginBottom: 16 }} data-testid="rate-refused" />}
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          提交评价
        </Button>
      </Form>
    </Card>
  );
}

interface FollowUpValues {
  comment: string;
  score?: Score;
}

function FollowUpForm({ service, onDone }: { service: ServiceRef; onDone(rating: PublicRating): void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const submit = async (values: FollowUpValues) => {
    setBusy(true);
    setFailure(undefined);
    try {
      onDone(await api.post<PublicRating>('/api/v1/ratings/follow-up', { ...service, comment: values.comment.trim(), score: values.score }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="追评" style={{ marginTop: 16 }}>
      <Form<FollowUpValues> layout="vertical" onFinish={submit}>
        <Form.Item name="comment" label="补充评价" rules={[{ required: true, whitespace: true, message: '请填写追评内容' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="办理结果如何？还有什么想说的？" />
        </Form.Item>
        <Form.Item name="score" label="修改评价等级（选填）">
          <Radio.Group options={scoreOptions} style={{ display: 'flex', flexDirection: 'column', gap: 10 }} />
        </Form.Item>
        {failure !== undefined && <Alert type="error" showIcon title="追评未能提交" description={errorMessage(failure)} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          提交追评
        </Button>
      </Form>
    </Card>
  );
}

function RatedView({ rating, service, already, onChange }: { rating: PublicRating; service: ServiceRef; already: boolean; onChange(rating: PublicRating): void }) {
  // Checked once per render of a fresh answer: the page is not left open for days.
  const followUpOpen = !rating.followUp && new Date(rating.followUpUntil).getTime() > Date.now();
  return (
    <>
      {already && <Alert type="info" showIcon title="这次服务已经评价过了" description="一次服务只能评价一次，下面是已提交的评价。" style={{ marginBottom: 12 }} />}
      <Card data-testid="rating-done">
        <Result status="success" title="感谢您的评价" style={{ padding: '8px 0 16px' }} />
        <Descriptions column={1} size="small">
          <Descriptions.Item label={rating.subjectKind === 'ticket' ? '号码' : '办件编号'}>{rating.subjectNo}</Descriptions.Item>
          <Descriptions.Item label="评价">
            <span data-testid="rating-score">
              <ScoreTag score={rating.score} label={rating.scoreLabel} />
            </span>
          </Descriptions.Item>
          {rating.tags.length > 0 && <Descriptions.Item label="标签">{rating.tags.join('、')}</Descriptions.Item>}
          {rating.comment && <Descriptions.Item label="意见">{rating.comment}</Descriptions.Item>}
          <Descriptions.Item label="评价时间">{formatTime(rating.createdAt, 'YYYY-MM-DD HH:mm')}</Descriptions.Item>
          {rating.followUp && (
            <Descriptions.Item label="追评">
              <span data-testid="rating-follow-up">
                {rating.followUp.score !== null && <ScoreTag score={rating.followUp.score} label={scoreLabels[rating.followUp.score]} />}
                {rating.followUp.comment}
                <Typography.Text type="secondary"> （{formatTime(rating.followUp.at, 'YYYY-MM-DD HH:mm')}）</Typography.Text>
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
        {followUpOpen && <Typography.Paragraph type="secondary">{formatTime(rating.followUpUntil, 'YYYY年M月D日 HH:mm')} 前可追评一次。</Typography.Paragraph>}
      </Card>
      {followUpOpen && <FollowUpForm service={service} onDone={onChange} />}
    </>
  );
}

/**
 * /rate?ticketId=… or ?caseId=… (&source=qr from a case's QR code) — the phone page after a service:
 * the five levels, tags, a comment and 匿名评价; once rated, the rating and 追评 while it is open.
 */
export function RatePage() {
  const [params] = useSearchParams();
  const ticketId = params.get('ticketId');
  const caseId = params.get('caseId');
  const service: ServiceRef | null = ticketId ? { ticketId } : caseId ? { caseId } : null;
  const source = params.get('source') === 'qr' ? 'qr' : 'phone';
  const existing = useAsync(
    (signal) =>
      service
        ? api.get<PublicRating>('/api/v1/ratings/of', service, signal).catch((error: unknown) => {
            // Not rated yet: the form. An unknown service (NOT_FOUND) is shown as an error.
            if (error instanceof ApiError && error.code === 'NOT_RATED') return null;
            throw error;
          })
        : Promise.resolve(null),
    [ticketId, caseId],
  );
  const [fresh, setFresh] = useState<{ rating: PublicRating; already: boolean }>();
  useEffect(() => setFresh(undefined), [ticketId, caseId]);

  if (!service) {
    return (
      <PublicPage title="服务评价" maxWidth={560}>
        <Result status="warning" title="链接不完整" subTitle="请扫描号票或办件通知书上的二维码，或从「我的号票」页面进入评价。" extra={<Link to="/">返回首页</Link>} />
      </PublicPage>
    );
  }
  const rating = fresh?.rating ?? existing.data;
  return (
    <PublicPage title="服务评价" maxWidth={560}>
      {existing.error ? (
        <LoadError error={existing.error} onRetry={existing.reload} />
      ) : existing.loading && existing.data === undefined ? (
        <PageLoading />
      ) : rating ? (
        <RatedView rating={rating} service={service} already={fresh?.already ?? false} onChange={(next) => setFresh({ rating: next, already: false })} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">您的评价将帮助我们改进服务。一次服务评价一次，评价后可在规定期限内追评。</Typography.Paragraph>
          <RateForm service={service} source={source} onRated={(next, already) => setFresh({ rating: next, already })} />
        </>
      )}
    </PublicPage>
  );
}
