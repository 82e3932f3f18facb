import type { CreatedAt, UpdatedAt } from '../../platform/tables.ts';

/** `holiday`: a day off (法定节假日, its bridging days included); `workday`: a weekend day worked (调休上班). */
export type CalendarDayKind = 'holiday' | 'workday';
/** Where an override came from: the State Council schedule as packaged by `chinese-days`, or an administrator. */
export type CalendarDaySource = 'chinese-days' | 'admin';

/** One day that differs from the default week (Mon–Fri working, Sat/Sun off) or is named by the schedule. */
export interface CalendarDaysTable {
  /** 'YYYY-MM-DD', a day in Asia/Shanghai (kept as text: no driver turns it into a midnight instant). */
  day: string;
  kind: CalendarDayKind;
  name: string;
  source: CalendarDaySource;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Years whose packaged schedule was loaded once; a year is never loaded again, so an admin's deletions stay deleted. */
export interface CalendarSeededYearsTable {
  year: number;
  source: string;
  seeded_at: CreatedAt;
}

/** One row: a random stamp changed by every calendar change, so each node can tell whether its cached copy is current. */
export interface CalendarStateTable {
  id: number;
  stamp: string;
}

export interface CalendarTables {
  calendar_days: CalendarDaysTable;
  calendar_seeded_years: CalendarSeededYearsTable;
  calendar_state: CalendarStateTable;
}
