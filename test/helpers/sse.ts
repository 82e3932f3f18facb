import http from 'node:http';
import { eventually } from './fixtures.ts';

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** A server-sent event stream read with fetch, frame by frame, the way EventSource would. */
export interface Stream {
  status: number;
  contentType: string | null;
  /** The body of a refused request (not an event stream). */
  errorBody?: string;
  events: SseEvent[];
  /** Waits for the first event (at or after `from`) that matches. */
  waitFor(match: (event: SseEvent) => boolean, timeoutMs?: number, from?: number): Promise<SseEvent>;
  /** Events of these types received so far. */
  ofType(...types: string[]): SseEvent[];
  close(): void;
}

function parseFrame(frame: string): SseEvent | undefined {
  const event: SseEvent = { event: 'message', data: '' };
  const data: string[] = [];
  let any = false;
  for (const line of frame.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') event.id = value;
    else if (field === 'event') event.event = value;
    else if (field === 'data') data.push(value);
    else continue; // retry: and unknown fields
    any = true;
  }
  if (!any) return undefined;
  event.data = data.join('\n');
  return event;
}

/** Opens a stream over node:http, whose close() really closes the connection (fetch may keep it for reuse). */
export function openStream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      const events: SseEvent[] = [];
      const status = response.statusCode ?? 0;
      const stream = (errorBody?: string): Stream => ({
        status,
        contentType: response.headers['content-type'] ?? null,
        ...(errorBody !== undefined && { errorBody }),
        events,
        waitFor: (match, timeoutMs = 5000, from = 0) => eventually(() => events.slice(from).find(match), timeoutMs, 'a matching event'),
        ofType: (...types) => events.filter((e) => types.includes(e.event)),
        close: () => request.destroy(),
      });
      response.setEncoding('utf8');
      let buffer = '';
      if (status !== 200) {
        response.on('data', (chunk: string) => (buffer += chunk));
        response.on('end', () => resolve(stream(buffer)));
        return;
      }
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const parsed = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (parsed) events.push(parsed);
        }
      });
      response.on('error', () => {}); // destroyed by close()
      resolve(stream());
    });
    request.on('error', reject);
  });
}
