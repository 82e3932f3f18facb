/**
 * The rules of a case (办件), without I/O: which step fits which status, what the material checklist
 * allows (受理, 容缺, 一次性告知), and how the deadlines and warnings fall in working days.
 */

export const caseStatuses = ['submitted', 'supplement', 'accepted', 'suspended', 'decided', 'refused', 'completed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const statusLabels: Record<CaseStatus, string> = {
  submitted: '已申报',
  supplement: '待补正',
  accepted: '已受理',
  suspended: '暂停计时',
  decided: '已决定',
  refused: '不予受理',
  completed: '已办结',
};

export const materialStatuses = ['received', 'elicense', 'deferred', 'missing'] as const;
export type MaterialStatus = (typeof materialStatuses)[number];

export type CaseAction = 'accept' | 'refuse' | 'supplement-notice' | 'suspend' | 'resume' | 'decide' | 'complete';

const transitions: Record<CaseAction, { from: CaseStatus[]; to: CaseStatus }> = {
  accept: { from: ['submitted', 'supplement'], to: 'accepted' },
  refuse: { from: ['submitted', 'supplement'], to: 'refused' },
  'supplement-notice': { from: ['submitted'], to: 'supplement' },
  suspend: { from: ['accepted'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'accepted' },
  decide: { from: ['accepted'], to: 'decided' },
  complete: { from: ['decided'], to: 'completed' },
};

export function nextCaseStatus(status: CaseStatus, action: CaseAction): CaseStatus | undefined {
  const t = transitions[action];
  return t.from.includes(status) ? t.to : undefined;
}

export const actionLabels: Record<CaseAction, string> = {
  accept: '受理',
  refuse: '不予受理',
  'supplement-notice': '一次性告知',
  suspend: '暂停计时',
  resume: '恢复计时',
  decide: '作出决定',
  complete: '办结送达',
};

export interface ChecklistMaterial {
  materialId: string;
  name: string;
  required: boolean;
  deferrable: boolean;
  elicense: boolean;
  status: MaterialStatus;
}

/**
 * What the checklist allows: acceptance needs every required material received or replaced by an
 * e-licence, except those deferred under 容缺 — which only deferrable materials of items that allow it
 * may be, and never all of the required ones (the main materials must be there).
 */
export function checklistProblems(materials: ChecklistMaterial[], lenientAllowed: boolean): { missing: string[]; problems: string[] } {
  const problems: string[] = [];
  const missing = materials.filter((m) => m.required && m.status === 'missing').map((m) => m.name);
  const deferred = materials.filter((m) => m.status === 'deferred');
  for (const m of deferred) {
    if (!lenientAllowed) problems.push(`该事项不适用容缺受理，「${m.name}」不能容缺`);
    else if (!m.deferrable) problems.push(`「${m.name}」不是可容缺材料`);
  }
  for (const m of materials) if (m.status === 'elicense' && !m.elicense) problems.push(`「${m.name}」不能以电子证照代替`);
  const required = materials.filter((m) => m.required);
  if (required.length > 0 && required.every((m) => m.status === 'deferred')) problems.push('主要材料不齐，不能容缺受理');
  return { missing, problems };
}

export type Warning = 'overdue' | 'due_soon' | undefined;

/** 红灯 once the promised deadline has passed, 黄灯 within `yellowDays` working days of it. */
export function warningOf(daysLeft: number, yellowDays: number): Warning {
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= yellowDays) return 'due_soon';
  return undefined;
}

export const warningLevels = ['yellow', 'red'] as const;
/** 黄灯 / 红灯 as the sweep stores and announces them (null: none). */
export type WarningLevel = (typeof warningLevels)[number];

/** Why a case is warned: its deadlines, or a 容缺 material not supplied by its due date. */
export type WarningReason = 'deadline' | 'deferred_overdue';

/** The reason written on a case whose clock the sweep stopped for a late 容缺 material. */
export const deferredOverdueReason = '容缺材料逾期未补正';

/**
 * The dates a sweep on `today` compares deadlines with, so the database compares dates only: a deadline
 * before `today` is 红灯; one on or before `yellowUntil` (`yellowDays` working days after today) 黄灯; a 容缺
 * material due on or before `remindUntil` (`reminderDays` working days after today) is reminded of.
 */
export interface SweepDates {
  today: string;
  yellowUntil: string;
  remindUntil: string;
}

/**
 * The level of an open case from its deadlines (the earlier one counts; the promised one is never later
 * than the legal one): 红灯 once it has passed, 黄灯 up to `yellowUntil`. The sweep's SQL says the same.
 */
export function warningLevelOf(deadlines: { promised: string | null; legal: string | null }, dates: Pick<SweepDates, 'today' | 'yellowUntil'>): WarningLevel | null {
  const deadline = earliestDeadline(deadlines);
  if (deadline === null) return null;
  if (deadline < dates.today) return 'red';
  if (deadline <= dates.yellowUntil) return 'yellow';
  return null;
}

export function earliestDeadline({ promised, legal }: { promised: string | null; legal: string | null }): string | null {
  if (promised === null) return legal;
  if (legal === null) return promised;
  return promised < legal ? promised : legal;
}

/** Whether a 容缺 material holds the case's clock: still deferred after its due date. */
export function deferredOverdue(material: { status: MaterialStatus; dueDate: string | null }, today: string): boolean {
  return material.status === 'deferred' && material.dueDate !== null && material.dueDate < today;
}

/** Whether the applicant is to be reminded of a 容缺 material now: deferred, due soon, not yet overdue, not reminded yet. */
export function needsReminder(material: { status: MaterialStatus; dueDate: string | null; reminded: boolean }, dates: Pick<SweepDates, 'today' | 'remindUntil'>): boolean {
  return material.status === 'deferred' && !material.reminded && material.dueDate !== null && material.dueDate >= dates.today && material.dueDate <= dates.remindUntil;
}

/** 202611230000017: the day of the application and its sequence that day, across all centers. */
export function caseNumber(day: string, sequence: number): string {
  return `${day.replace(/-/g, '')}${String(sequence).padStart(6, '0')}`;
}

/** Whether the last six characters someone typed match the applicant's identifier (ID number or credit code). */
export function suffixMatches(identifier: string, suffix: string): boolean {
  return suffix.length === 6 && identifier.toUpperCase().endsWith(suffix.toUpperCase());
}
