/** 投诉 / 建议 / 表扬: the kinds, how feedback comes in, and the working days each kind has for its answer. */

export const feedbackKinds = ['complaint', 'suggestion', 'praise'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];
export const kindLabels: Record<FeedbackKind, string> = { complaint: '投诉', suggestion: '建议', praise: '表扬' };

/** Working days to answer: a complaint quickly (local rules: 5), a suggestion or praise within 15. */
export const answerDays: Record<FeedbackKind, number> = { complaint: 5, suggestion: 15, praise: 15 };

export const feedbackChannels = ['portal', 'terminal', 'phone', 'letter', 'window'] as const;
export type FeedbackChannel = (typeof feedbackChannels)[number];
export const channelLabels: Record<FeedbackChannel, string> = { portal: '网上', terminal: '自助终端', phone: '电话', letter: '来信', window: '窗口' };
/** Channels staff enter on someone's behalf; the others are the person's own. */
export const staffChannels: FeedbackChannel[] = ['phone', 'letter', 'window'];

export type FeedbackStatus = 'open' | 'answered' | 'closed';
export const statusLabels: Record<FeedbackStatus, string> = { open: '办理中', answered: '已答复', closed: '已评价' };

export const satisfactionLevels = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof satisfactionLevels)[number];
export const satisfactionLabels: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** Whether an open item is past its answer date on `today` (both 'YYYY-MM-DD'). */
export const isOverdue = (status: FeedbackStatus, dueDate: string, today: string): boolean => status === 'open' && dueDate < today;
