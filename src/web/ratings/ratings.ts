/**
 * 好差评 and 投诉建议 as the web app reads them (src/server/modules/ratings/schema.ts and feedback/schema.ts
 * are the source of truth): the one place for their Chinese names and colours, shared by the rating pad,
 * the citizen's pages and the staff screens.
 */
import { api } from '../shared/api';

export type Score = 1 | 2 | 3 | 4 | 5;

/** The five levels (GB/T 39734-2020), best first where they are listed. */
export const scoreLabels: Record<Score, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

export const scores: Score[] = [5, 4, 3, 2, 1];

export const scoreColors: Record<Score, string> = { 5: 'green', 4: 'cyan', 3: 'blue', 2: 'orange', 1: 'red' };

/** 不满意 and 非常不满意 are 差评 (each opens a rectification). */
export const isBad = (score: number): boolean => score <= 2;

/** GET /api/v1/rating-tags: what a visitor may tick after a good (3–5) or a bad (1–2) rating. */
export interface RatingTags {
  good: string[];
  bad: string[];
}

export const tagsFor = (tags: RatingTags, score: Score): string[] => (isBad(score) ? tags.bad : tags.good);

export type RectificationStatus = 'open' | 'called_back' | 'rectified' | 'unfounded' | 'revoked';
export type AppealStatus = 'pending' | 'upheld' | 'rejected';

export const rectificationStatusLabels: Record<RectificationStatus, string> = {
  open: '待回访',
  called_back: '已回访，整改中',
  rectified: '已整改',
  unfounded: '经核实不属实',
  revoked: '申诉成立，已撤销',
};

export const rectificationStatusColors: Record<RectificationStatus, string> = { open: 'orange', called_back: 'blue', rectified: 'green', unfounded: 'default', revoked: 'purple' };

export const isClosedRectification = (status: RectificationStatus): boolean => status === 'rectified' || status === 'unfounded' || status === 'revoked';

export const appealStatusLabels: Record<AppealStatus, string> = { pending: '申诉待裁定', upheld: '申诉成立', rejected: '申诉驳回' };
export const appealStatusColors: Record<AppealStatus, string> = { pending: 'gold', upheld: 'purple', rejected: 'default' };

export interface RectificationSummary {
  id: string;
  status: RectificationStatus;
  statusLabel: string;
  dueDate: string;
  overdue: boolean;
  appealStatus: AppealStatus | null;
}

export interface FollowUp {
  score: number | null;
  comment: string | null;
  at: string;
}

/** A rating as staff screens list it; the rater's name and phone are masked by the server. */
export interface Rating {
  id: string;
  centerId: string;
  subjectKind: 'ticket' | 'case';
  subjectId: string;
  subjectNo: string;
  score: Score;
  scoreLabel: string;
  bad: boolean;
  tags: string[];
  comment: string | null;
  source: 'pad' | 'phone' | 'terminal' | 'qr';
  sourceLabel: string;
  channel: string;
  itemId: string | null;
  itemCode: string | null;
  serviceName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  windowId: string | null;
  windowNumber: number | null;
  staffUserId: string | null;
  staffName: string | null;
  servedAt: string;
  realName: boolean;
  raterName: string | null;
  raterPhone: string | null;
  followUp: FollowUp | null;
  excluded: boolean;
  createdAt: string;
  rectification: RectificationSummary | null;
}

export interface Rectification extends RectificationSummary {
  centerId: string;
  departmentId: string | null;
  departmentName: string | null;
  rating: Rating;
  callback: { at: string; reached: boolean; note: string | null } | null;
  result: string | null;
  closedAt: string | null;
  appeal: { status: AppealStatus; statusLabel: string; reason: string; at: string; note: string | null; decidedAt: string | null } | null;
  escalated: boolean;
  createdAt: string;
  steps: { action: string; actorName: string | null; note: string | null; at: string }[];
}

interface Totals {
  total: number;
  counts: Record<'1' | '2' | '3' | '4' | '5', number>;
  satisfactionRate: number | null;
  fiveStarRate: number | null;
  bad: number;
}

export interface RatingSummary extends Totals {
  from: string | null;
  to: string | null;
  byDepartment: (Totals & { key: string; name: string })[];
  byWindow: (Totals & { key: string; name: string })[];
  byStaff: (Totals & { key: string; name: string })[];
  realNameBad: number;
  calledBack: number;
  callbackRate: number | null;
  openRectifications: number;
  overdueRectifications: number;
  excluded: number;
}

export interface RatingSettings {
  followUpDays: number;
  rectifyDays: number;
}

export type FeedbackKind = 'complaint' | 'suggestion' | 'praise';
export type FeedbackStatus = 'open' | 'answered' | 'closed';
export type FeedbackChannel = 'portal' | 'terminal' | 'phone' | 'letter' | 'window';

export const feedbackKindLabels: Record<FeedbackKind, string> = { complaint: '投诉', suggestion: '建议', praise: '表扬' };
export const feedbackKindColors: Record<FeedbackKind, string> = { complaint: 'red', suggestion: 'blue', praise: 'green' };
export const feedbackStatusLabels: Record<FeedbackStatus, string> = { open: '办理中', answered: '已答复', closed: '已评价' };
/** How the person who wrote in rates the answer (POST /api/v1/feedback/{id}/satisfaction). */
export type FeedbackSatisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export const feedbackSatisfactionLabels: Record<FeedbackSatisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };
export const feedbackStatusColors: Record<FeedbackStatus, string> = { open: 'orange', answered: 'blue', closed: 'green' };
/** The channels staff register for someone who phoned, wrote or came to a window. */
export const staffFeedbackChannels = { phone: '电话', letter: '来信', window: '窗口' } as const;

/** A feedback item as staff see it; contact and phone are masked by the server. */
export interface Feedback {
  id: string;
  centerId: string;
  kind: FeedbackKind;
  kindLabel: string;
  status: FeedbackStatus;
  statusLabel: string;
  dueDate: string;
  answer: string | null;
  answeredAt: string | null;
  satisfaction: string | null;
  satisfactionLabel: string | null;
  createdAt: string;
  text: string;
  contact: string | null;
  phone: string | null;
  channel: FeedbackChannel;
  channelLabel: string;
  departmentId: string | null;
  departmentName: string | null;
  enteredBy: string | null;
  answeredBy: string | null;
  overdue: boolean;
}

/** A rate from the server (0…1) as a whole percentage, — when there is nothing to rate. */
export const formatRate = (rate: number | null | undefined): string => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);

export const rectificationAction = (id: string, action: 'callback' | 'close' | 'appeal' | 'appeal-decision', body: unknown) => api.post<Rectification>(`/api/v1/rectifications/${id}/${action}`, body);
