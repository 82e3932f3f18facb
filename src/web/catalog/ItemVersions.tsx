import { Skeleton, Timeline, Typography } from 'antd';
import { api } from '../shared/api';
import { formatTime } from '../shared/format';
import { LoadError } from '../shared/StatusPages';
import { useAsync } from '../shared/useAsync';
import type { ItemVersion } from './catalog';

/**
 * 变更记录: every saved version of an item, newest first — when, who, and what changed. `reloadKey`
 * (the item's current version) loads it again after a save.
 */
export function ItemVersionTimeline({ itemId, reloadKey }: { itemId: string; reloadKey?: unknown }) {
  const versions = useAsync((signal) => api.get<ItemVersion[]>(`/api/v1/items/${itemId}/versions`, undefined, signal), [itemId, reloadKey]);
  if (versions.error) return <LoadError error={versions.error} onRetry={versions.reload} />;
  if (!versions.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (!versions.data.length) return <Typography.Text type="secondary">暂无变更记录</Typography.Text>;
  return (
    <Timeline
      items={versions.data.map((v) => ({
        key: v.version,
        content: (
          <div data-testid="item-version">
            <Typography.Text strong>第 {v.version} 版</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {formatTime(v.at, 'YYYY-MM-DD HH:mm')}
              {v.actorName ? ` · ${v.actorName}` : ''}
            </Typography.Text>
            {v.changes.map((c) => (
              <div key={c}>{c}</div>
            ))}
          </div>
        ),
      }))}
    />
  );
}
