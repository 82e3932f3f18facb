import type { CenterLevel, OpeningRule } from './tables.ts';

export const centerLevels: CenterLevel[] = ['province', 'city', 'district', 'town', 'village'];

export const levelLabels: Record<CenterLevel, string> = {
  province: '省级',
  city: '市级',
  district: '区县级',
  town: '镇街级',
  village: '村居级',
};

/**
 * A child sits at a lower level than its parent. Levels may be skipped: Dongguan, a city without
 * districts, has its towns directly under the city.
 */
export function canBeChildOf(child: CenterLevel, parent: CenterLevel): boolean {
  return centerLevels.indexOf(child) > centerLevels.indexOf(parent);
}

/** True when making `newParentId` the parent of `centerId` would put the center inside its own subtree. */
export function wouldCreateCycle(centerId: string, newParentLineage: string[]): boolean {
  return newParentLineage.includes(centerId);
}

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Problems with a week of opening rules, in Chinese; empty when the rules are sound. */
export function openingHoursProblems(rules: OpeningRule[]): string[] {
  const problems: string[] = [];
  rules.forEach((rule, index) => {
    const at = `第 ${index + 1} 条营业时间`;
    if (rule.days.length === 0) problems.push(`${at}未选择星期`);
    if (rule.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) problems.push(`${at}的星期应为 1（周一）到 7（周日）`);
    if (new Set(rule.days).size !== rule.days.length) problems.push(`${at}的星期有重复`);
    if (!hhmm.test(rule.open) || !hhmm.test(rule.close)) problems.push(`${at}的时间应为 HH:MM`);
    else if (rule.open >= rule.close) problems.push(`${at}的开始时间应早于结束时间`);
  });
  for (let day = 1; day <= 7; day++) {
    const spans = rules.filter((r) => r.days.includes(day) && hhmm.test(r.open) && hhmm.test(r.close)).sort((a, b) => a.open.localeCompare(b.open));
    for (let i = 1; i < spans.length; i++) {
      if (spans[i]!.open < spans[i - 1]!.close) problems.push(`星期${'一二三四五六日'[day - 1]}的营业时间有重叠`);
    }
  }
  return problems;
}

/**
 * Whose opening hours a day keeps: none on a holiday, Monday's on a 调休 working weekend (the center
 * works as on a weekday), otherwise its own weekday's (weekend hours where the center has them).
 */
export function effectiveWeekday(isoWeekday: number, dayKind: 'holiday' | 'workday' | undefined): number | undefined {
  if (dayKind === 'holiday') return undefined;
  return dayKind === 'workday' && isoWeekday > 5 ? 1 : isoWeekday;
}

/** Whether a center with these rules is open on an ISO weekday at a local HH:MM (Asia/Shanghai). */
export function isOpenAt(rules: OpeningRule[], isoWeekday: number, localTime: string): boolean {
  return rules.some((r) => r.days.includes(isoWeekday) && r.open <= localTime && localTime < r.close);
}

export const windowStatusLabels = { closed: '未开窗', open: '服务中', paused: '暂停服务' } as const;

/** What a window may do next from its status: sign in only when closed, pause only when open, and so on. */
export function windowTransition(status: 'closed' | 'open' | 'paused', action: 'sign-in' | 'pause' | 'resume' | 'sign-out'): 'closed' | 'open' | 'paused' | undefined {
  switch (action) {
    case 'sign-in':
      return status === 'closed' ? 'open' : undefined;
    case 'pause':
      return status === 'open' ? 'paused' : undefined;
    case 'resume':
      return status === 'paused' ? 'open' : undefined;
    case 'sign-out':
      return status === 'closed' ? undefined : 'closed';
  }
}
