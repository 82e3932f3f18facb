import type { Executor } from '../../db/types.ts';
import { isNoShow } from './rules.ts';
import { getAppointmentSettings } from './service.ts';
import { currentTime } from '../../platform/clock.ts';

/** A day's appointment figures for one center and grain (all, category): the slots of that day. */
export interface AppointmentFigures {
  centerId: string;
  dim: 'all' | 'category';
  key: string;
  booked: number;
  checkedIn: number;
  cancelled: number;
  /** Booked, never checked in, and past the slot's end plus the center's grace minutes. */
  noShow: number;
}

export async function appointmentFigures(executor: Executor, day: string, now = currentTime(), centerIds?: readonly string[]): Promise<AppointmentFigures[]> {
  if (centerIds?.length === 0) return [];
  let query = executor.selectFrom('appointments').select(['center_id', 'category_id', 'status', 'slot_end']).where('slot_date', '=', day);
  if (centerIds) query = query.where('center_id', 'in', centerIds);
  const rows = await query.execute();
  const figures = new Map<string, AppointmentFigures>();
  const settings = new Map<string, Awaited<ReturnType<typeof getAppointmentSettings>>>();
  for (const row of rows) {
    if (!settings.has(row.center_id)) settings.set(row.center_id, await getAppointmentSettings(executor, row.center_id));
    const noShow = isNoShow(row.status, row.slot_end, now, settings.get(row.center_id)!);
    for (const [dim, key] of [['all', ''], ['category', row.category_id]] as const) {
      const id = `${row.center_id}|${dim}|${key}`;
      const f = figures.get(id) ?? { centerId: row.center_id, dim, key, booked: 0, checkedIn: 0, cancelled: 0, noShow: 0 };
      f.booked += 1;
      if (row.status === 'checked_in') f.checkedIn += 1;
      if (row.status === 'cancelled') f.cancelled += 1;
      if (noShow) f.noShow += 1;
      figures.set(id, f);
    }
  }
  return [...figures.values()];
}
