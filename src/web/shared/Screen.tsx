import { Empty, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { CenterSelector, useCenterChoice } from './CenterSelector';
import { LoadError, PageLoading } from './StatusPages';
import type { Center, RoleName } from './types';

/** The title line of a screen, with controls (a center switch, a create button) on the right. */
export function ScreenHeader({ title, extra, description }: { title: string; extra?: ReactNode; description?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {description && <Typography.Text type="secondary">{description}</Typography.Text>}
      </div>
      {extra}
    </Flex>
  );
}

/**
 * A screen that works on one center at a time: the center switch in its header, and the screen's
 * body only once a center the person's roles cover is chosen.
 */
export function CenterScopedScreen({ title, roles, description, children }: { title: string; roles: readonly RoleName[]; description?: ReactNode; children: (center: Center) => ReactNode }) {
  const choice = useCenterChoice(roles);
  let body: ReactNode;
  if (choice.error && !choice.centers.length) body = <LoadError error={choice.error} onRetry={choice.reload} />;
  else if (choice.loading && !choice.center) body = <PageLoading />;
  else if (!choice.center) body = <Empty description="您的账号还没有可管理的中心，请联系系统管理员分配。" />;
  else body = children(choice.center);
  return (
    <>
      <ScreenHeader title={title} description={description} extra={choice.centers.length > 0 && <CenterSelector choice={choice} />} />
      {body}
    </>
  );
}
