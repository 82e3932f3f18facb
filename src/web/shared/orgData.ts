import { useEffect, useState } from 'react';
import { api } from './api';
import type { Center, Department, Hall, ServiceWindow } from './types';
import { useAsync, type AsyncState } from './useAsync';

/**
 * Reference data many screens name things by (centers, departments, halls). It changes rarely, so one
 * load is shared until a screen that edits it says otherwise with `invalidateOrg`.
 */

const cache = new Map<string, Promise<unknown>>();
const listeners = new Set<() => void>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  // The server rendering a page keeps nothing between requests: an edit would never reach it.
  if (typeof window === 'undefined') return load();
  let entry = cache.get(key) as Promise<T> | undefined;
  if (!entry) {
    entry = load();
    cache.set(key, entry);
    // A failed load is not remembered, so the next screen tries again.
    entry.catch(() => cache.get(key) === entry && cache.delete(key));
  }
  return entry;
}

/** Forgets cached data whose key starts with `prefix` ('centers', 'departments:<id>', 'halls:<id>') and refreshes its users. */
export function invalidateOrg(prefix: string): void {
  for (const key of [...cache.keys()]) if (key.startsWith(prefix)) cache.delete(key);
  for (const listener of listeners) listener();
}

function useOrgVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return version;
}

export const loadCenters = () => cached('centers', () => api.get<Center[]>('/api/v1/centers'));
export const loadDepartments = (centerId: string) => cached(`departments:${centerId}`, () => api.get<Department[]>(`/api/v1/centers/${centerId}/departments`));
export const loadHalls = (centerId: string) => cached(`halls:${centerId}`, () => api.get<Hall[]>(`/api/v1/centers/${centerId}/halls`));
/** One window by id: devices name the window they are bound to by id only. */
export const loadWindow = (windowId: string) => cached(`window:${windowId}`, () => api.get<ServiceWindow>(`/api/v1/windows/${windowId}`));

export function useCenters(): AsyncState<Center[]> {
  const version = useOrgVersion();
  return useAsync(() => loadCenters(), [version]);
}

const none = Promise.resolve([]);

export function useDepartments(centerId: string | undefined): AsyncState<Department[]> {
  const version = useOrgVersion();
  return useAsync(() => (centerId ? loadDepartments(centerId) : none), [centerId, version]);
}

export function useHalls(centerId: string | undefined): AsyncState<Hall[]> {
  const version = useOrgVersion();
  return useAsync(() => (centerId ? loadHalls(centerId) : none), [centerId, version]);
}

/** Departments of several centers at once, by id: for naming the scope of role grants. */
export function useDepartmentsOf(centerIds: string[]): Map<string, Department> {
  const version = useOrgVersion();
  const key = [...new Set(centerIds)].sort().join(',');
  const { data } = useAsync(async () => {
    const lists = await Promise.all(key ? key.split(',').map((id) => loadDepartments(id).catch(() => [] as Department[])) : []);
    return new Map(lists.flat().map((d) => [d.id, d]));
  }, [key, version]);
  return data ?? new Map();
}
