import { Space, Tag, Tooltip } from 'antd';
import { api } from './api';
import { windowStatusColors, windowStatusLabels } from './labels';
import type { Paged, ServiceWindow, WindowKind, WindowStatus } from './types';

export interface WindowFilters {
  q?: string;
  kind?: WindowKind;
  status?: WindowStatus;
  departmentId?: string;
}

/** A page of a center's windows; `q` matches a window number exactly or a name in part. */
export function fetchWindows(centerId: string, query: WindowFilters & { page: number; pageSize: number }, signal?: AbortSignal) {
  return api.get<Paged<ServiceWindow>>(`/api/v1/centers/${centerId}/windows`, { ...query }, signal);
}

/** 未开窗 / 服务中 / 暂停服务, with the pause reason beside it. */
export function WindowStatusTag({ window }: { window: Pick<ServiceWindow, 'status' | 'pauseReason'> }) {
  const tag = <Tag color={windowStatusColors[window.status]}>{windowStatusLabels[window.status]}</Tag>;
  if (window.status !== 'paused' || !window.pauseReason) return tag;
  return (
    <Space size={4}>
      {tag}
      <Tooltip title="暂停原因">
        <span style={{ color: '#8c8c8c' }}>{window.pauseReason}</span>
      </Tooltip>
    </Space>
  );
}
