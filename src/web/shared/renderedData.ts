import { createContext } from 'react';

/**
 * Data of a page the server rendered (see entry-server.tsx), by the React id of the `useAsync` that
 * loaded it: the server gathers it while rendering, writes it into the page, and the browser's first
 * render takes it from there, so it shows what the server showed without asking again.
 */
export type RenderedData = Record<string, unknown>;

/** While the server renders: each `useAsync`'s load, started once, and the values as they arrive. */
export interface ServerLoads {
  loads: Map<string, Promise<{ data?: unknown }>>;
  values: RenderedData;
  /** Starts a load as the page's visitor (the signed-in person a 个人中心 page is rendered for). */
  start<T>(load: () => T): T;
}

export const ServerLoadsContext = createContext<ServerLoads | null>(null);

/** The element of a server-rendered page holding its data as JSON. */
export const renderedDataElementId = 'onedoor-data';

let rendered: RenderedData | undefined;

/** The page's server-rendered data, read from the page once. */
export function renderedData(): RenderedData {
  if (rendered === undefined) {
    const element = typeof document === 'undefined' ? null : document.getElementById(renderedDataElementId);
    rendered = element?.textContent ? (JSON.parse(element.textContent) as RenderedData) : {};
  }
  return rendered;
}

/** What the server loaded for this `useAsync`, if the page came rendered with it. */
export function peekRenderedData(id: string): { data: unknown } | undefined {
  const data = renderedData();
  return id in data ? { data: data[id] } : undefined;
}

/** Once the first render has used it: a later screen with the same id must load its own data. */
export function forgetRenderedData(id: string): void {
  delete renderedData()[id];
}

/** The page is rendered afresh in the browser: what the server rendered with counts for nothing. */
export function discardRenderedData(): void {
  rendered = {};
}
