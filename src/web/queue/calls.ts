import { api } from '../shared/api';
import type { TicketStatus } from '../shared/queue';

/** A call on the hall display (`GET /api/v1/centers/{id}/calls`, newest first). */
export interface Call {
  ticketId: string;
  number: string;
  categoryId: string;
  windowId: string;
  windowNumber: number;
  status: TicketStatus;
  at: string;
}

/** The data of `ticket.called` and `ticket.recalled` events. */
export interface CallEvent {
  ticketId: string;
  number: string;
  categoryId: string;
  windowId: string;
  windowNumber: number;
  windowName: string;
  recalls: number;
  at: string;
}

export const loadCalls = (centerId: string, limit = 12, signal?: AbortSignal) => api.get<Call[]>(`/api/v1/centers/${centerId}/calls`, { limit }, signal);

/** What the hall display shows and says for a call. */
export const callSentence = (number: string, windowNumber: number) => `请 ${number} 号到 ${windowNumber} 号窗口办理`;

/** Puts a (re)call at the top of the list, once per ticket, keeping `limit` calls. */
export function withCall(calls: Call[], event: CallEvent, limit: number): Call[] {
  const call: Call = { ticketId: event.ticketId, number: event.number, categoryId: event.categoryId, windowId: event.windowId, windowNumber: event.windowNumber, status: 'called', at: event.at };
  return [call, ...calls.filter((c) => c.ticketId !== event.ticketId)].slice(0, limit);
}

/** "约 15 分钟" / "无需等候" */
export const waitText = (minutes: number) => (minutes <= 0 ? '无需等候' : `约 ${minutes} 分钟`);
