import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { loadWindow } from './orgData';
import type { ServiceWindow } from './types';
import { useAsync } from './useAsync';
import { fetchWindows } from './windows';

export const windowLabel = (w: Pick<ServiceWindow, 'number' | 'name'>) => `${w.number} 号 · ${w.name}`;

/** Labels of windows known only by id (a device names its window by id), fetched once each. */
export function useWindowLabels(ids: (string | null)[]): Map<string, string> {
  const key = [...new Set(ids.filter((id): id is string => Boolean(id)))].sort().join(',');
  const { data } = useAsync(async () => {
    const windows = await Promise.all(key ? key.split(',').map((id) => loadWindow(id).catch(() => undefined)) : []);
    return new Map(windows.filter((w): w is ServiceWindow => Boolean(w)).map((w) => [w.id, windowLabel(w)]));
  }, [key]);
  return data ?? new Map();
}

/**
 * Picks one window of a center by typing its number or part of its name; the server searches, so
 * a center with hundreds of windows needs no long list.
 */
export function WindowPicker({ centerId, value, onChange, placeholder = '输入窗口号或名称搜索', id }: { centerId: string; value?: string | null; onChange?: (id: string | null) => void; placeholder?: string; id?: string }) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const { data, loading } = useAsync((signal) => fetchWindows(centerId, { q: q || undefined, page: 1, pageSize: 20 }, signal), [centerId, q]);
  const selected = useWindowLabels(value ? [value] : []);
  const options = (data?.items ?? []).map((w) => ({ value: w.id, label: windowLabel(w) }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: selected.get(value) ?? '…' });

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={loading}
      allowClear
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      notFoundContent={loading ? '搜索中…' : '没有找到窗口'}
      style={{ width: '100%' }}
    />
  );
}
