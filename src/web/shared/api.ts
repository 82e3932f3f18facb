/** The one way the web app talks to the server: JSON over fetch, the bearer token, errors in Chinese. */

const tokenKey = 'onedoor.token';

export const tokenStore = {
  // None while the server renders a page (there is no storage there, and public pages need no token).
  get: (): string | null => (typeof localStorage === 'undefined' ? null : localStorage.getItem(tokenKey)),
  set: (token: string) => localStorage.setItem(tokenKey, token),
  clear: () => localStorage.removeItem(tokenKey),
};

/** A failed request, carrying the server's error shape `{error:{code,message,details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The Chinese sentence to show for any error thrown by a request or a component. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return '操作失败，请稍后重试';
}

type UnauthorizedHandler = () => void;

/** Replaced by the auth context so a lapsed session goes to /login through the router, without a reload. */
let onUnauthorized: UnauthorizedHandler = () => {
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
};

export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Set false where a 401 is an answer rather than a lapsed session (the login form). */
  redirectOn401?: boolean;
  signal?: AbortSignal;
  /** Sent as the raw body with this content type instead of as JSON (an uploaded file). */
  file?: { body: Blob; contentType: string };
  /** Sent instead of the signed-in person's token: a device screen's device token (null: none at all). */
  token?: string | null;
  /** Extra headers (an Idempotency-Key). */
  headers?: Record<string, string>;
}

/** Leaves out empty filters, so `?q=` never reaches the server. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** How requests reach the API: the browser's fetch, or, while the server renders a page, the server itself (setApiTransport). */
let transport: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init);

export function setApiTransport(send: typeof transport): void {
  transport = send;
}

async function parseError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  if (error?.message) return new ApiError(response.status, error.code ?? 'ERROR', error.message, error.details);
  const fallback = response.status >= 500 ? '服务器暂时无法处理请求，请稍后重试' : `请求失败（${response.status}）`;
  return new ApiError(response.status, 'HTTP_ERROR', fallback);
}

/** Sends a request with the bearer token; a failed one becomes an ApiError (and a 401 a trip to the login page). */
async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = options.token !== undefined ? options.token : tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  // Fastify refuses a JSON content type with an empty body, so the header goes only with a body.
  if (options.file) headers['content-type'] = options.file.contentType;
  else if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await transport(path + queryString(options.query), {
      method,
      headers,
      body: options.file ? options.file.body : options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
  }

  if (!response.ok) {
    const error = await parseError(response);
    if (response.status === 401 && options.redirectOn401 !== false) {
      tokenStore.clear();
      onUnauthorized();
    }
    throw error;
  }
  return response;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The file name a download's Content-Disposition gives (the UTF-8 `filename*` first), or the fallback. */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed name: try the plain one.
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
}

/**
 * Downloads a file the API serves only with the bearer token (a plain link would carry no token):
 * fetched as a blob, then saved by the browser under the server's file name.
 */
export async function downloadFile(path: string, fallbackName: string, options: Pick<RequestOptions, 'token' | 'redirectOn401'> = {}): Promise<{ name: string; size: number }> {
  const response = await send('GET', path, options);
  const blob = await response.blob();
  const name = fileNameOf(response, fallbackName);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked a moment later: the click starts the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { name, size: blob.size };
}

/** A file the API serves only with the bearer token (a notice PDF), as a blob. */
export async function fetchBlob(path: string): Promise<Blob> {
  const response = await send('GET', path, {});
  return response.blob();
}

/**
 * GETs started at start-up for the page in the address bar (see `prefetchPageData`), so its data is on the
 * way while the page's code still loads; each is handed once to the page's own `api.get` of the same URL.
 */
const early = new Map<string, Promise<unknown>>();

export function prefetch(path: string, query?: Query): void {
  const url = path + queryString(query);
  // No abort signal: the page that takes it drops an answer it no longer wants, as for any request.
  const response = request('GET', path, { query });
  early.set(url, response);
  // A failure is reported to the page that takes it; an answer nobody took soon would be stale, so it goes.
  response.catch(() => undefined);
  setTimeout(() => early.get(url) === response && early.delete(url), 10_000);
}

function takeEarly<T>(path: string, query: Query | undefined): Promise<T> | undefined {
  const url = path + queryString(query);
  const response = early.get(url) as Promise<T> | undefined;
  early.delete(url);
  return response;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => takeEarly<T>(path, query) ?? request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = { ok: true }>(path: string) => request<T>('DELETE', path),
  /** Posts a file as the raw request body (an Excel workbook), with its content type. */
  upload: <T>(path: string, body: Blob, contentType: string) => request<T>('POST', path, { file: { body, contentType } }),
};
