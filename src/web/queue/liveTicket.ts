import { useEffect, useRef } from 'react';
import { api } from '../shared/api';
import { useCenterEvents } from '../shared/live';
import type { Ticket } from '../shared/queue';
import { useAsync } from '../shared/useAsync';

/**
 * A ticket followed live (GET /api/v1/tickets/{id} and its center's events): people ahead, the wait,
 * the window once called. Used by the phone's ticket page and 个人中心's 我的号票.
 */
export function useLiveTicket(id: string) {
  const state = useAsync((signal) => api.get<Ticket>(`/api/v1/tickets/${id}`, undefined, signal), [id]);
  const ticket = state.data?.id === id ? state.data : undefined;

  // A change in this ticket's category, or to the ticket itself, may move it: reload (at most once a second,
  // so a busy hall does not turn every phone into a stream of requests).
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const reloadSoon = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      state.reload();
    }, 1000);
  };
  useCenterEvents(
    ticket?.centerId,
    ['queue.changed', 'ticket.called', 'ticket.recalled', 'ticket.updated'],
    (type, data) => {
      if (type === 'queue.changed' ? data.categoryId === ticket?.categoryId : data.ticketId === ticket?.id) reloadSoon();
    },
    { onConnected: reloadSoon },
  );

  return { ticket, error: state.error, reload: state.reload };
}
