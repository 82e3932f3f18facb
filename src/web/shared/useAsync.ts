import { use, useCallback, useContext, useEffect, useId, useRef, useState, type DependencyList } from 'react';
import { forgetRenderedData, peekRenderedData, ServerLoadsContext, type ServerLoads } from './renderedData';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Runs the load again (after a change the screen made itself). */
  reload(): void;
}

const noReload = () => undefined;

function isPlainJson(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) return typeof value !== 'number' || Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isPlainJson);
}

/**
 * While the server renders a page: the load runs once per `useAsync` and the render waits for it, so the
 * page goes out with its data. A failed load leaves the page loading, as the browser's first render will
 * be (it loads again itself).
 */
function useServerLoad<T>(server: ServerLoads, id: string, load: (signal: AbortSignal) => Promise<T>): AsyncState<T> {
  let settled = server.loads.get(id);
  if (!settled) {
    settled = server.start(() => load(new AbortController().signal)).then(
      (data) => {
        // Only what JSON carries to the browser unchanged is rendered (not a Map, a Date or nothing at all).
        if (data === undefined || !isPlainJson(data)) return {};
        server.values[id] = data;
        return { data };
      },
      () => ({}),
    );
    server.loads.set(id, settled);
  }
  const result = use(settled);
  return 'data' in result ? { data: result.data as T, error: undefined, loading: false, reload: noReload } : { data: undefined, error: undefined, loading: true, reload: noReload };
}

/**
 * Loads data for a screen and reloads when `deps` change. A late answer to an older load is dropped,
 * so a quick change of filter or center never shows the previous one's rows. On a page the server
 * rendered, the first render shows the server's data and the first load is skipped.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> {
  const id = useId();
  const server = useContext(ServerLoadsContext);
  // The server and the browser each always take their own branch, so the hooks below keep their order.
  if (server) return useServerLoad(server, id, load);
  return useBrowserLoad(id, load, deps);
}

function useBrowserLoad<T>(id: string, load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>(() => {
    const rendered = peekRenderedData(id);
    return rendered ? { data: rendered.data as T, error: undefined, loading: false } : { data: undefined, error: undefined, loading: true };
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const fromServer = useRef(!state.loading);

  useEffect(() => {
    if (fromServer.current) {
      fromServer.current = false;
      forgetRenderedData(id);
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, error: undefined, loading: false }),
      (error: unknown) => !controller.signal.aborted && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => controller.abort();
    // `load` is read through a ref: callers pass a fresh closure each render, and only `deps` say when to reload.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
