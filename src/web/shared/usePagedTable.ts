import type { TablePaginationConfig } from 'antd';
import { useCallback, useState, type DependencyList } from 'react';
import type { Paged } from './types';
import { useAsync } from './useAsync';

export interface PageQuery {
  page: number;
  pageSize: number;
}

export interface PagedTable<T, F> {
  filters: F;
  /** Changes some filters and goes back to the first page, where the new results start. */
  setFilters(changes: Partial<F>): void;
  reload(): void;
  error: unknown;
  /** Spread onto an antd Table. */
  tableProps: {
    dataSource: T[];
    loading: boolean;
    pagination: TablePaginationConfig;
    onChange(pagination: TablePaginationConfig): void;
  };
}

/**
 * A server-paginated table: the page, the page size and the filters live here and go to `fetchPage`,
 * which answers the server's `{items,total,page,pageSize}`. `deps` (the selected center) start afresh.
 */
export function usePagedTable<T, F extends object>(
  fetchPage: (query: F & PageQuery, signal: AbortSignal) => Promise<Paged<T>>,
  initialFilters: F,
  deps: DependencyList = [],
): PagedTable<T, F> {
  const [filters, setFilterState] = useState<F>(initialFilters);
  const [paging, setPaging] = useState<PageQuery>({ page: 1, pageSize: 20 });
  const [scopeKey, setScopeKey] = useState(deps);

  // A new scope (another center) starts on page one, decided during render so no stale page is fetched.
  if (deps.length !== scopeKey.length || deps.some((d, i) => !Object.is(d, scopeKey[i]))) {
    setScopeKey(deps);
    setPaging((p) => ({ ...p, page: 1 }));
  }

  const { data, error, loading, reload } = useAsync(
    (signal) => fetchPage({ ...filters, ...paging }, signal),
    [JSON.stringify(filters), paging.page, paging.pageSize, ...deps],
  );

  const setFilters = useCallback((changes: Partial<F>) => {
    setFilterState((f) => ({ ...f, ...changes }));
    setPaging((p) => ({ ...p, page: 1 }));
  }, []);

  const onChange = useCallback((pagination: TablePaginationConfig) => {
    setPaging((p) => ({ page: pagination.pageSize !== p.pageSize ? 1 : (pagination.current ?? 1), pageSize: pagination.pageSize ?? p.pageSize }));
  }, []);

  return {
    filters,
    setFilters,
    reload,
    error,
    tableProps: {
      dataSource: data?.items ?? [],
      loading,
      pagination: {
        current: paging.page,
        pageSize: paging.pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => `共 ${total} 条`,
      },
      onChange,
    },
  };
}
