import { Alert, Button, Empty, Spin } from 'antd';
import { errorMessage } from './api';

/** A centered spinner for a whole screen that is still loading. */
export function PageLoading({ tip = '加载中…' }: { tip?: string }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: 240 }}>
      <Spin size="large" description={tip}>
        <div style={{ width: 120, height: 80 }} />
      </Spin>
    </div>
  );
}

/** A load that failed, with the server's message and a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      title="加载失败"
      description={errorMessage(error)}
      action={onRetry && (
        <Button size="small" onClick={onRetry}>
          重试
        </Button>
      )}
      style={{ marginBottom: 16 }}
    />
  );
}

/** What an empty table says: why it is empty, or, when its load failed, that there is nothing to show yet. */
export function TableEmpty({ error, description }: { error?: unknown; description: string }) {
  return <Empty description={error ? '数据未能加载，请点击上方的「重试」。' : description} />;
}
