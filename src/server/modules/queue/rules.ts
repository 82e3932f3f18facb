/**
 * The rules of the ticket queue, without I/O: head starts and virtual arrival, the calling order of a
 * window, ticket numbers, which transitions a ticket allows, and wait estimates.
 */

export const priorities = ['elderly', 'disabled', 'veteran', 'enterprise'] as const;
export type Priority = (typeof priorities)[number];

export const channels = ['kiosk', 'online', 'appointment', 'staff'] as const;
export type Channel = (typeof channels)[number];

export const ticketStatuses = ['waiting', 'called', 'serving', 'done', 'no_show', 'transferred', 'cancelled'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** What a center may configure about its queue; everything has a default. */
export interface QueueSettings {
  /** Minutes a class of visitor is moved ahead: a head start, never an absolute jump, so nobody starves. */
  headStartMinutes: Record<Priority | 'appointment', number>;
  /** 绿色通道 from this age, read from the ID number. */
  elderlyAge: number;
  /** Recalls allowed before the ticket can only be marked a no-show. */
  recallLimit: number;
  /** Minutes of handling assumed for a category before it has any history. */
  defaultHandleMinutes: number;
  /** How many recent finished services the average handle time is taken over. */
  handleSample: number;
}

export const defaultQueueSettings: QueueSettings = {
  headStartMinutes: { appointment: 30, elderly: 20, disabled: 20, veteran: 20, enterprise: 10 },
  elderlyAge: 70,
  recallLimit: 2,
  defaultHandleMinutes: 8,
  handleSample: 20,
};

/** Settings as stored (possibly partial or from an older version) completed with the defaults. */
export function completeSettings(stored: (Partial<Omit<QueueSettings, 'headStartMinutes'>> & { headStartMinutes?: Partial<QueueSettings['headStartMinutes']> }) | null | undefined): QueueSettings {
  // A key present but undefined (a partial change built in code) must not wipe out the default.
  const defined = <T extends object>(o: T | null | undefined): Partial<T> => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  const { headStartMinutes, ...rest } = stored ?? {};
  return {
    ...defaultQueueSettings,
    ...defined(rest),
    headStartMinutes: { ...defaultQueueSettings.headStartMinutes, ...defined(headStartMinutes) },
  };
}

export const priorityLabels: Record<Priority, string> = { elderly: '老年人', disabled: '残疾人', veteran: '退役军人', enterprise: '暖企' };

/**
 * The class a ticket is served in: what was asked for, else 绿色通道 when the ID number says the holder
 * is old enough. Only one class counts; the largest head start wins.
 */
export function effectivePriority(asked: Priority | undefined, age: number | undefined, settings: QueueSettings): Priority | undefined {
  const candidates = [asked, age !== undefined && age >= settings.elderlyAge ? ('elderly' as const) : undefined].filter((p): p is Priority => Boolean(p));
  return candidates.sort((a, b) => settings.headStartMinutes[b] - settings.headStartMinutes[a])[0];
}

/**
 * The virtual arrival: the real arrival moved earlier by the head start of the ticket's class (and of
 * its appointment, when the visitor comes within the booked slot); never later than the real arrival.
 */
export function virtualArrival(takenAt: Date, headStarts: number[]): Date {
  const best = Math.max(0, ...headStarts);
  return new Date(takenAt.getTime() - best * 60_000);
}

/** A waiting ticket as the calling order sees it. */
export interface Waiting {
  id: string;
  categoryId: string;
  virtualAt: Date;
  takenAt: Date;
  /** Sent to one window by a transfer: only that window calls it, before anything else. */
  targetWindowId: string | null;
}

/**
 * The order in which a window would call the waiting tickets: tickets transferred to this window first,
 * then tier by tier (the first tier's categories first), within a tier by virtual arrival, then real
 * arrival, then id. Tickets the window does not serve are left out.
 */
export function callingOrder(windowId: string, tiers: string[][], waiting: Waiting[]): Waiting[] {
  const tierOf = new Map<string, number>();
  tiers.forEach((tier, index) => tier.forEach((categoryId) => tierOf.has(categoryId) || tierOf.set(categoryId, index + 1)));
  const rank = (t: Waiting) => (t.targetWindowId === null ? tierOf.get(t.categoryId) : t.targetWindowId === windowId ? 0 : undefined);
  return waiting
    .flatMap((t) => {
      const r = rank(t);
      return r === undefined ? [] : [{ t, r }];
    })
    .sort((a, b) => a.r - b.r || a.t.virtualAt.getTime() - b.t.virtualAt.getTime() || a.t.takenAt.getTime() - b.t.takenAt.getTime() || (a.t.id < b.t.id ? -1 : a.t.id > b.t.id ? 1 : 0))
    .map(({ t }) => t);
}

/** How many of the waiting tickets of the same category a ticket has ahead of it. */
export function aheadOf(ticket: Pick<Waiting, 'id' | 'virtualAt' | 'takenAt'>, sameCategory: Pick<Waiting, 'id' | 'virtualAt' | 'takenAt'>[]): number {
  const before = (a: typeof ticket, b: typeof ticket) =>
    a.virtualAt.getTime() - b.virtualAt.getTime() || a.takenAt.getTime() - b.takenAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return sameCategory.filter((other) => other.id !== ticket.id && before(other, ticket) < 0).length;
}

/** A1 … A999, then A1000: the category's prefix and the day's sequence, at least three digits. */
export function ticketNumber(prefix: string, sequence: number): string {
  return `${prefix}${String(sequence).padStart(3, '0')}`;
}

export type TicketAction = 'call' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer' | 'cancel';

const transitions: Record<TicketAction, { from: TicketStatus[]; to: TicketStatus }> = {
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  start: { from: ['called'], to: 'serving' },
  finish: { from: ['serving'], to: 'done' },
  'no-show': { from: ['called'], to: 'no_show' },
  transfer: { from: ['called', 'serving'], to: 'transferred' },
  cancel: { from: ['waiting', 'called'], to: 'cancelled' },
};

/** The statuses an action can start from. */
export function statusesBefore(action: TicketAction): TicketStatus[] {
  return transitions[action].from;
}

/** The status after an action, or undefined when the action does not fit the ticket's status. */
export function nextStatus(status: TicketStatus, action: TicketAction): TicketStatus | undefined {
  const t = transitions[action];
  return t.from.includes(status) ? t.to : undefined;
}

export const actionLabels: Record<TicketAction, string> = { call: '叫号', recall: '重呼', start: '开始办理', finish: '办结', 'no-show': '过号', transfer: '转移', cancel: '取消' };
export const statusLabels: Record<TicketStatus, string> = {
  waiting: '等候中',
  called: '已叫号',
  serving: '办理中',
  done: '已办结',
  no_show: '过号',
  transferred: '已转移',
  cancelled: '已取消',
};

/** Average minutes per service over the most recent ones (start → finish), or the default without any. */
export function averageHandleMinutes(recentMinutes: number[], settings: QueueSettings): number {
  const sample = recentMinutes.filter((m) => Number.isFinite(m) && m >= 0).slice(0, settings.handleSample);
  if (!sample.length) return settings.defaultHandleMinutes;
  return sample.reduce((a, b) => a + b, 0) / sample.length;
}

/**
 * Minutes until a visitor with `ahead` people before them is called: those people are handled by the
 * windows serving the category (a window for which it is a later tier counts half), each taking the
 * average handle time. No window serving it: counted as one, so the estimate stays finite.
 */
export function estimateWaitMinutes(ahead: number, handleMinutes: number, servingWindows: { tier: number }[]): number {
  const capacity = Math.max(1, servingWindows.reduce((sum, w) => sum + (w.tier === 1 ? 1 : 0.5), 0));
  return Math.ceil((ahead * handleMinutes) / capacity);
}

/** Problems with a window profile: tiers of known categories, none twice. */
export function profileProblems(tiers: string[][], known: Set<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  tiers.forEach((tier, i) => {
    if (!tier.length) problems.push(`第 ${i + 1} 级没有业务类别`);
    for (const id of tier) {
      if (!known.has(id)) problems.push(`第 ${i + 1} 级的业务类别不存在或不属于该中心`);
      else if (seen.has(id)) problems.push(`业务类别在多个级别中重复出现`);
      seen.add(id);
    }
  });
  return [...new Set(problems)];
}
