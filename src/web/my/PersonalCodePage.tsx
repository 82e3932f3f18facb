import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { QrCode } from '../catalog/PublicParts';
import { errorMessage } from '../shared/api';
import { citizenRequest, type CitizenAccount } from '../shared/citizenAuth';
import { PageLoading } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import { NeedsRealName, RequireCitizen } from './MyParts';
import { codeRefreshDelayMs, secondsUntil } from './timing';

/** POST /api/v1/citizen/me/personal-code */
interface PersonalCode {
  code: string;
  expiresAt: string;
  validSeconds: number;
}

/**
 * The current personal code, replaced before it lapses (about every 50 s) and at once when the page
 * comes back into view — a phone taken out of a pocket shows a live code, never a stale one. The first
 * code is a load of the page, so a page the server rendered arrives with it.
 */
function usePersonalCode() {
  const first = useAsync((signal) => citizenRequest<PersonalCode>('POST', '/api/v1/citizen/me/personal-code', { signal }), []);
  const [firstShownAt] = useState(() => Date.now());
  const [renewed, setRenewed] = useState<{ code: PersonalCode; fetchedAt: number }>();
  const [error, setError] = useState<unknown>();
  const [refreshing, setRefreshing] = useState(false);
  const request = useRef(0);
  const shown = useMemo(() => renewed ?? (first.data ? { code: first.data, fetchedAt: firstShownAt } : undefined), [renewed, first.data, firstShownAt]);

  const refresh = useCallback(async () => {
    const mine = ++request.current;
    setRefreshing(true);
    try {
      const code = await citizenRequest<PersonalCode>('POST', '/api/v1/citizen/me/personal-code');
      // A slower earlier request must not replace a newer code.
      if (mine !== request.current) return;
      setRenewed({ code, fetchedAt: Date.now() });
      setError(undefined);
    } catch (failure) {
      if (mine === request.current) setError(failure);
    } finally {
      if (mine === request.current) setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && void refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      // Answers still on the way belong to a page that is gone.
      request.current++;
    };
  }, [refresh]);

  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => void refresh(), codeRefreshDelayMs(shown.code, shown.fetchedAt, Date.now()));
    return () => clearTimeout(timer);
  }, [shown, refresh]);

  return { shown, error: error ?? (shown ? undefined : first.error), refreshing: refreshing || first.loading, refresh };
}

/**
 * The seconds left on the code shown, ticking once a second; by the code's own validity when the phone
 * clock is off. Undefined until the page is live, so a page the server rendered hydrates as it was sent.
 */
function useSecondsLeft(shown: { code: PersonalCode; fetchedAt: number } | undefined): number | undefined {
  const [now, setNow] = useState<number>();
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!shown || now === undefined) return undefined;
  return Math.min(secondsUntil(shown.code.expiresAt, now), secondsUntil(shown.fetchedAt + shown.code.validSeconds * 1000, now));
}

function PersonalCodeCard({ account }: { account: CitizenAccount }) {
  const { shown, error, refreshing, refresh } = usePersonalCode();
  const left = useSecondsLeft(shown);

  if (!shown) {
    if (!error) return <PageLoading tip="正在生成个人码…" />;
    return (
      <Alert
        type="error"
        showIcon
        title="个人码生成失败"
        description={errorMessage(error)}
        action={
          <Button size="small" onClick={() => void refresh()}>
            重试
          </Button>
        }
      />
    );
  }

  const expired = left === 0;
  return (
    <Card>
      <Flex vertical align="center" gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="code-name">
          {account.name}
        </Typography.Title>
        <Typography.Text type="secondary">{account.idNumber}</Typography.Text>
        <div style={{ opacity: expired ? 0.15 : 1 }} data-testid="personal-code">
          <QrCode text={shown.code.code} size={260} caption="个人码" />
        </div>
        {error ? (
          <Alert type="warning" showIcon title={`个人码刷新失败：${errorMessage(error)}`} />
        ) : null}
        <Typography.Text style={{ fontSize: 18 }} data-testid="code-countdown" role="timer">
          {expired ? '个人码已过期，请刷新' : left === undefined ? '每分钟自动刷新' : `${left} 秒后自动刷新`}
        </Typography.Text>
        <Button size="large" block icon={<ReloadOutlined />} loading={refreshing} onClick={() => void refresh()} style={{ minHeight: 48 }}>
          刷新
        </Button>
        <Alert type="info" showIcon title="请向取号机、窗口或智能柜出示，截图无效" description="个人码每分钟更新，每个码只能扫一次。" style={{ width: '100%' }} />
      </Flex>
    </Card>
  );
}

/** /my/code — 亮码: the person's QR code, signed by the server, good for one scan within a minute. */
export function PersonalCodePage() {
  return <RequireCitizen title="亮码">{(account) => (account.realName ? <PersonalCodeCard account={account} /> : <NeedsRealName />)}</RequireCitizen>;
}
