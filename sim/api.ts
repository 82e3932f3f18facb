/** The simulator's HTTP client: every request says which simulated instant it happens at. */

export class RefusedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** The simulated instant of the request. */
  at: Date;
}

export class Api {
  requests = 0;
  /** Answers outside 2xx that the simulation did not expect (it counts, never hides, them). */
  unexpected: string[] = [];

  constructor(readonly url: string) {}

  /** Sends a request; a 4xx comes back as a RefusedError for the caller to judge, a 5xx or a network failure throws. */
  async send<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    this.requests++;
    const headers: Record<string, string> = { 'x-simulated-time': options.at.toISOString() };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    if (res.ok) return body as T;
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    const summary = `${method} ${path} → ${res.status} ${error?.code ?? ''} ${error?.message ?? text.slice(0, 200)}`;
    if (res.status >= 500) throw new Error(summary);
    throw new RefusedError(res.status, error?.code ?? String(res.status), summary);
  }

  /** Like send, but a refusal is recorded as unexpected and answered with undefined. */
  async attempt<T>(method: string, path: string, options: RequestOptions): Promise<T | undefined> {
    try {
      return await this.send<T>(method, path, options);
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      this.unexpected.push(error.message);
      return undefined;
    }
  }
}

/** Runs `work` over `inputs` with at most `limit` in flight. */
export async function inParallel<T, R>(inputs: readonly T[], limit: number, work: (input: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await work(inputs[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}
