import { useEffect, useRef } from 'react';

/**
 * Listens to a center's server-sent events (`/api/v1/centers/{id}/events`). EventSource sends the
 * session cookie set at login and reconnects by itself, catching up from the last event it saw.
 */
export function useCenterEvents(centerId: string | undefined, types: string[], onEvent: (type: string, data: Record<string, unknown>) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const typesKey = types.join(',');

  useEffect(() => {
    if (!centerId || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/centers/${centerId}/events`);
    const listeners = typesKey.split(',').map((type) => {
      const listener = (event: MessageEvent<string>) => {
        try {
          handler.current(type, JSON.parse(event.data) as Record<string, unknown>);
        } catch {
          // A malformed frame is skipped; the next one still counts.
        }
      };
      source.addEventListener(type, listener);
      return [type, listener] as const;
    });
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.close();
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
