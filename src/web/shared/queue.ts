import { api } from './api';

/** The queue's shapes (src/server/modules/queue/schema.ts is the source of truth) and their Chinese names. */

export type Priority = 'elderly' | 'disabled' | 'veteran' | 'enterprise';
export type Channel = 'kiosk' | 'online' | 'appointment' | 'staff';
export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'transferred' | 'cancelled';

export interface QueueCategory {
  id: string;
  centerId: string;
  name: string;
  prefix: string;
  itemIds: string[];
  open: boolean;
  sort: number;
}

export interface Ticket {
  id: string;
  number: string;
  centerId: string;
  categoryId: string;
  categoryName: string;
  status: TicketStatus;
  statusLabel: string;
  channel: Channel;
  priority: Priority | null;
  itemId: string | null;
  takenAt: string;
  windowId: string | null;
  windowNumber: number | null;
  calledAt: string | null;
  recalls: number;
  ahead: number;
  estimatedWaitMinutes: number;
  transferredTo: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
}

export interface TicketHistoryEntry {
  action: string;
  actionLabel: string;
  status: TicketStatus;
  windowNumber: number | null;
  actorName: string | null;
  note: string | null;
  at: string;
}

export type CurrentTicket = Ticket & { history: TicketHistoryEntry[] };

export interface CategoryLoad {
  categoryId: string;
  name: string;
  prefix: string;
  open: boolean;
  waiting: number;
  estimatedWaitMinutes: number;
  servingWindows: number;
  longestWaitMinutes: number;
}

export interface WindowProfile {
  windowId: string;
  tiers: string[][];
}

export interface QueueSettings {
  headStartMinutes: Record<Priority | 'appointment', number>;
  elderlyAge: number;
  recallLimit: number;
  defaultHandleMinutes: number;
  handleSample: number;
}

export const ticketStatusLabels: Record<TicketStatus, string> = {
  waiting: '等候中',
  called: '已叫号',
  serving: '办理中',
  done: '已办结',
  no_show: '过号',
  transferred: '已转移',
  cancelled: '已取消',
};

export const ticketStatusColors: Record<TicketStatus, string> = {
  waiting: 'blue',
  called: 'orange',
  serving: 'green',
  done: 'default',
  no_show: 'red',
  transferred: 'purple',
  cancelled: 'default',
};

export const channelLabels: Record<Channel, string> = { kiosk: '取号机', online: '远程取号', appointment: '预约签到', staff: '工作人员代取' };

export const priorityLabels: Record<Priority, string> = { elderly: '老年人', disabled: '残疾人', veteran: '退役军人', enterprise: '暖企' };

/** Head starts in the order the settings form lists them. */
export const headStartLabels: Record<Priority | 'appointment', string> = { appointment: '预约', ...priorityLabels };

/** A wait this long (minutes) is shown in red on the manager console. */
export const longWaitMinutes = 30;

export const loadCategories = (centerId: string, signal?: AbortSignal) => api.get<QueueCategory[]>(`/api/v1/centers/${centerId}/categories`, undefined, signal);
export const loadQueue = (centerId: string, signal?: AbortSignal) => api.get<CategoryLoad[]>(`/api/v1/centers/${centerId}/queue`, undefined, signal);

/** Whole minutes from an instant until now (never negative). */
export function minutesSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
}
