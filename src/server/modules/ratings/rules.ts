/**
 * The rules of 好差评 without I/O (国办发〔2019〕51号; GB/T 39734-2020): the five levels, which services
 * may be rated and when, the 追评 period, the steps of a 差评's rectification and appeal, and the rates
 * the screens and the public page show.
 */

export const scores = [1, 2, 3, 4, 5] as const;
export type Score = (typeof scores)[number];

export const scoreLabels: Record<Score, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

/** 不满意 and 非常不满意 are 差评: each opens a rectification. */
export const isBad = (score: number): boolean => score <= 2;

export type RatingSource = 'pad' | 'phone' | 'terminal' | 'qr';
export const sourceLabels: Record<RatingSource, string> = { pad: '评价器', phone: '手机', terminal: '自助终端', qr: '扫码' };

/** Tags offered with a rating: the on-site questions of GB/T 39734 (效率, 服务水平, 态度), good and bad. */
export const goodTags = ['办事效率高', '服务态度好', '业务熟练', '一次办成', '指引清楚'] as const;
export const badTags = ['等候时间长', '态度不好', '业务不熟', '多次跑动', '材料要求不清', '系统故障'] as const;

export interface RatingSettings {
  /** Calendar days after the rating in which the rater may add a 追评. */
  followUpDays: number;
  /** Working days a 差评's rectification has, from the rating (local rules: 5 to 15). */
  rectifyDays: number;
}

export const defaultRatingSettings: RatingSettings = { followUpDays: 7, rectifyDays: 15 };

export type SubjectStatus = { kind: 'ticket'; status: string } | { kind: 'case'; status: string };

/** A ticket is rateable once served to the end; a case once completed or refused (both end the service). */
export function isRateable(subject: SubjectStatus): boolean {
  return subject.kind === 'ticket' ? subject.status === 'done' : subject.status === 'completed' || subject.status === 'refused';
}

/** Whether a 追评 may still be added at `now`. */
export function followUpOpen(ratedAt: Date, now: Date, settings: Pick<RatingSettings, 'followUpDays'>): boolean {
  return now.getTime() - ratedAt.getTime() <= settings.followUpDays * 86_400_000;
}

// ------------------------------------------------------------ rectification

export const rectificationStatuses = ['open', 'called_back', 'rectified', 'unfounded', 'revoked'] as const;
export type RectificationStatus = (typeof rectificationStatuses)[number];

export const rectificationLabels: Record<RectificationStatus, string> = {
  open: '待回访',
  called_back: '已回访，整改中',
  rectified: '已整改',
  unfounded: '经核实不属实',
  revoked: '申诉成立，已撤销',
};

export type AppealStatus = 'pending' | 'upheld' | 'rejected';
export const appealLabels: Record<AppealStatus, string> = { pending: '申诉待裁定', upheld: '申诉成立', rejected: '申诉驳回' };

export const isClosed = (status: RectificationStatus): boolean => status === 'rectified' || status === 'unfounded' || status === 'revoked';

export interface RectificationState {
  status: RectificationStatus;
  /** Whether the rater left a phone: real-name 差评 must be called back before they are closed. */
  realName: boolean;
  calledBack: boolean;
  appeal: AppealStatus | null;
}

export type RectificationStep =
  | { action: 'callback' }
  | { action: 'close'; outcome: 'rectified' | 'unfounded' }
  | { action: 'appeal' }
  | { action: 'decide-appeal'; upheld: boolean };

/** The refusal of a step in Chinese, or undefined when it fits the rectification's state. */
export function refusalOf(state: RectificationState, step: RectificationStep): string | undefined {
  if (state.status === 'revoked') return '申诉成立，此差评已撤销';
  switch (step.action) {
    case 'callback':
      if (isClosed(state.status)) return '整改已办结，不能再登记回访';
      if (!state.realName) return '匿名评价没有联系方式，无法回访';
      return undefined;
    case 'close':
      if (isClosed(state.status)) return '整改已办结';
      if (state.appeal === 'pending') return '申诉待裁定，裁定后再办结';
      if (state.realName && !state.calledBack) return '实名差评须先回访评价人，再办结';
      return undefined;
    case 'appeal':
      if (state.appeal !== null) return '每条差评只能申诉一次';
      return undefined;
    case 'decide-appeal':
      if (state.appeal !== 'pending') return '没有待裁定的申诉';
      return undefined;
  }
}

/** The status after an allowed step. */
export function statusAfter(state: RectificationState, step: RectificationStep): RectificationStatus {
  switch (step.action) {
    case 'callback':
      return 'called_back';
    case 'close':
      return step.outcome;
    case 'appeal':
      return state.status;
    case 'decide-appeal':
      return step.upheld ? 'revoked' : state.status;
  }
}

// ------------------------------------------------------------ rates

export type ScoreCounts = Record<`${Score}`, number>;

export const emptyCounts = (): ScoreCounts => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });

export interface RatingTotals {
  total: number;
  counts: ScoreCounts;
  /** 好评率: the share of ratings that are not 差评 (满意率 in the seeds' reports), 0–1; null without ratings. */
  satisfactionRate: number | null;
  /** 五星好评率: the share of 非常满意. */
  fiveStarRate: number | null;
  bad: number;
}

/** Rates from counts per score; ratings removed by an upheld appeal are left out by the caller. */
export function totalsOf(counts: ScoreCounts): RatingTotals {
  const total = scores.reduce((sum, s) => sum + counts[`${s}`], 0);
  const bad = counts['1'] + counts['2'];
  return {
    total,
    counts,
    satisfactionRate: total === 0 ? null : (total - bad) / total,
    fiveStarRate: total === 0 ? null : counts['5'] / total,
    bad,
  };
}

/** 回访率 of real-name 差评: called back (or closed after a callback) out of all of them; null when there are none. */
export function callbackRate(realNameBad: number, calledBack: number): number | null {
  return realNameBad === 0 ? null : calledBack / realNameBad;
}
