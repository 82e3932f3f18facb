import { useEffect, useRef } from 'react';

export interface CenterEventsOptions {
  /**
   * Runs each time the stream is (re)connected: a screen reloads its state here, so nothing that
   * happened before the first connection or while a reconnect was pending is lost.
   */
  onConnected?: () => void;
  /** Runs when the stream breaks (a display shows that it is reconnecting). */
  onDisconnected?: () => void;
}

/** How long to wait before opening a stream the browser gave up on (a refused or failed reconnect). */
const reconnectMs = 3000;

/**
 * Listens to a center's server-sent events (`/api/v1/centers/{id}/events`). EventSource sends the
 * session cookie set at login and reconnects by itself, catching up from the last event it saw
 * (Last-Event-ID). When the browser gives up (the server answered an error while it was down), the
 * stream is opened again with `?lastEventId=`, so a hall display misses nothing; an event delivered
 * twice (live and by catch-up) is handed on once.
 */
export function useCenterEvents(centerId: string | undefined, types: string[], onEvent: (type: string, data: Record<string, unknown>) => void, options: CenterEventsOptions = {}): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const connected = useRef(options.onConnected);
  connected.current = options.onConnected;
  const disconnected = useRef(options.onDisconnected);
  disconnected.current = options.onDisconnected;
  const typesKey = types.join(',');

  useEffect(() => {
    if (!centerId || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let lastId: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const seen = new Set<string>();
    const remember = (event: MessageEvent<string>) => {
      if (event.lastEventId) lastId = event.lastEventId;
    };
    const listeners = typesKey.split(',').map((type) => {
      const listener = (event: MessageEvent<string>) => {
        remember(event);
        if (event.lastEventId) {
          if (seen.has(event.lastEventId)) return;
          seen.add(event.lastEventId);
          if (seen.size > 2000) seen.delete(seen.values().next().value!);
        }
        try {
          handler.current(type, JSON.parse(event.data) as Record<string, unknown>);
        } catch {
          // A malformed frame is skipped; the next one still counts.
        }
      };
      return [type, listener] as const;
    });

    const connect = () => {
      const url = `/api/v1/centers/${centerId}/events${lastId ? `?lastEventId=${encodeURIComponent(lastId)}` : ''}`;
      const stream = new EventSource(url);
      source = stream;
      stream.addEventListener('ready', remember);
      for (const [type, listener] of listeners) stream.addEventListener(type, listener);
      stream.onopen = () => connected.current?.();
      stream.onerror = () => {
        disconnected.current?.();
        if (stream.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
        clearTimeout(timer);
        timer = setTimeout(connect, reconnectMs);
      };
    };
    connect();
    return () => {
      clearTimeout(timer);
      source?.close();
    };
  }, [centerId, typesKey]);
}

/**
 * Runs `refetch` when any of these events arrives, at most once per `throttleMs` (a burst of calls in a
 * busy hall becomes one reload at the end of the interval, never a lost one).
 */
export function useRefetchOn(centerId: string | undefined, types: string[], refetch: () => void, throttleMs = 1000): void {
  const latest = useRef(refetch);
  latest.current = refetch;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const last = useRef(0);

  useEffect(() => () => clearTimeout(timer.current), []);

  useCenterEvents(centerId, types, () => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + throttleMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      last.current = Date.now();
      latest.current();
    }, wait);
  });
}
