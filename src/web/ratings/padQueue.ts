import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../shared/api';
import type { Score } from './ratings';

/**
 * The rating pad's outbox. A rating is written to localStorage before it is sent, so a network outage
 * or a reload of the pad never loses it; it is sent again until the server has it. Each carries a
 * clientKey: a resend of one the server already took (its answer was lost) returns the first rating
 * instead of counting it twice.
 */
export interface PendingRating {
  clientKey: string;
  ticketId: string;
  score: Score;
  tags: string[];
  queuedAt: string;
}

const storageKey = 'onedoor.pad.pendingRatings';
const retryMs = 10_000;

function readQueue(): PendingRating[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
    return Array.isArray(parsed) ? (parsed as PendingRating[]) : [];
  } catch {
    // A damaged entry would block every later rating; start again rather than stop rating.
    return [];
  }
}

function writeQueue(queue: PendingRating[]): void {
  localStorage.setItem(storageKey, JSON.stringify(queue));
}

/**
 * Whether the server has settled a rating for good: taken (201), or refused in a way a resend cannot
 * change (409 ALREADY_RATED means it is already there; NOT_RATEABLE and other 4xx stay refused).
 * No answer, a timeout, throttling and 5xx are worth another try.
 */
function settled(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/**
 * The outbox as a hook: `enqueue` stores a rating and sends it at once; what is left is retried when the
 * browser comes back online and every ten seconds. `pending` are the ratings still waiting.
 */
export function usePendingRatings(send: (rating: PendingRating) => Promise<unknown>): { pending: PendingRating[]; enqueue(rating: PendingRating): void } {
  const [pending, setPending] = useState(readQueue);
  const sendRef = useRef(send);
  sendRef.current = send;
  const flushing = useRef(false);
  const again = useRef(false);

  const flush = useCallback(async () => {
    if (flushing.current) {
      // A rating queued during a round is sent right after it, not at the next timer.
      again.current = true;
      return;
    }
    flushing.current = true;
    try {
      // Oldest first; the first one that cannot get through ends this round (the network is down).
      for (const rating of readQueue()) {
        try {
          await sendRef.current(rating);
        } catch (error) {
          if (!settled(error)) break;
        }
        writeQueue(readQueue().filter((r) => r.clientKey !== rating.clientKey));
        setPending(readQueue());
      }
    } finally {
      flushing.current = false;
      setPending(readQueue());
    }
    if (again.current) {
      again.current = false;
      void flush();
    }
  }, []);

  useEffect(() => {
    const retry = () => void flush();
    retry();
    window.addEventListener('online', retry);
    const timer = setInterval(retry, retryMs);
    return () => {
      window.removeEventListener('online', retry);
      clearInterval(timer);
    };
  }, [flush]);

  const enqueue = useCallback(
    (rating: PendingRating) => {
      writeQueue([...readQueue(), rating]);
      setPending(readQueue());
      void flush();
    },
    [flush],
  );

  return { pending, enqueue };
}
