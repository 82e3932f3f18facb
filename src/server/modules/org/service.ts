import { sql } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import { hasRole, type Principal, type RoleName, type Scope, type TokenResolver } from '../../platform/auth.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { publishEvent } from '../../platform/events.ts';
import { hashToken, newId, newToken } from '../../platform/ids.ts';
import { announceIdentityChange, onIdentityChange } from '../../platform/principalCache.ts';
import { shanghaiClock } from '../../platform/time.ts';
import { staffNames } from '../accounts/service.ts';
import { loadOverrides } from '../calendar/service.ts';
import { canBeChildOf, effectiveWeekday, isOpenAt, levelLabels, openingHoursProblems, windowTransition, wouldCreateCycle } from './rules.ts';
import type { CenterLevel, DeviceKind, OpeningRule, WindowKind, WindowStatus, ZoneKind } from './tables.ts';
import { currentTime } from '../../platform/clock.ts';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;

// ---------------------------------------------------------------- centers

export interface CenterView {
  id: string;
  name: string;
  level: CenterLevel;
  parentId: string | null;
  address: string | null;
  phone: string | null;
  openingHours: OpeningRule[];
}

const centerColumns = ['id', 'name', 'level', 'parent_id', 'address', 'phone', 'opening_hours'] as const;

function toCenter(row: { id: string; name: string; level: CenterLevel; parent_id: string | null; address: string | null; phone: string | null; opening_hours: OpeningRule[] }): CenterView {
  return { id: row.id, name: row.name, level: row.level, parentId: row.parent_id, address: row.address, phone: row.phone, openingHours: row.opening_hours };
}

export async function listCenters(executor: Executor): Promise<CenterView[]> {
  const rows = await executor.selectFrom('centers').select(centerColumns).orderBy('created_at').orderBy('id').execute();
  return rows.map(toCenter);
}

export async function getCenter(executor: Executor, id: string): Promise<CenterView> {
  const row = await executor.selectFrom('centers').select(centerColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('中心', id);
  return toCenter(row);
}

const lineageTtlMs = 60_000;
const lineages = new Map<string, { ids: string[]; at: number }>();
onIdentityChange(() => lineages.clear());

/**
 * The center followed by its ancestors up to the root: the scope a role on any of them covers. Every
 * permission check needs it and the tree rarely changes, so it is remembered (platform/principalCache.ts);
 * inside a transaction — a change deciding on the tree — it is always read.
 */
export async function centerLineage(executor: Executor, centerId: string): Promise<string[]> {
  const known = lineages.get(centerId);
  if (!executor.isTransaction && known && Date.now() - known.at < lineageTtlMs) return known.ids;
  const rows = await sql<{ id: string; depth: number }>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM centers WHERE id = ${centerId}
      UNION ALL
      SELECT c.id, c.parent_id, up.depth + 1 FROM centers c JOIN up ON c.id = up.parent_id WHERE up.depth < 16
    )
    SELECT id, depth FROM up ORDER BY depth`.execute(executor);
  if (rows.rows.length === 0) throw notFound('中心', centerId);
  const ids = rows.rows.map((r) => r.id);
  if (!executor.isTransaction) lineages.set(centerId, { ids, at: Date.now() });
  return ids;
}

/** The given centers and everything below them. */
export async function centerSubtree(executor: Executor, rootIds: string[]): Promise<string[]> {
  if (rootIds.length === 0) return [];
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM centers WHERE id IN (${sql.join(rootIds)})
      UNION ALL
      SELECT c.id, down.depth + 1 FROM centers c JOIN down ON c.parent_id = down.id WHERE down.depth < 16
    )
    SELECT DISTINCT id FROM down`.execute(executor);
  return rows.rows.map((r) => r.id);
}

/** The scope of a thing in a center (and optionally a department), for role checks by any module. */
export async function scopeOf(executor: Executor, centerId: string, departmentId?: string | null): Promise<Scope> {
  return { lineage: await centerLineage(executor, centerId), departmentId: departmentId ?? null };
}

/** Refuses unless the person holds one of `roles` over the center (and department); returns the person. */
export async function authorizeInCenter(
  executor: Executor,
  principal: Principal | undefined,
  roles: readonly RoleName[],
  centerId: string,
  departmentId?: string | null,
): Promise<UserPrincipal> {
  if (!principal) throw new AppError(401, 'UNAUTHENTICATED', '请先登录');
  if (principal.kind !== 'user') throw forbidden('设备令牌不能执行此操作');
  if (!hasRole(principal, roles, await scopeOf(executor, centerId, departmentId))) throw forbidden();
  return principal;
}

/** Centers a person may see in the consoles: all for a role without a center, else the subtrees of their centers. */
export async function visibleCenterIds(executor: Executor, principal: UserPrincipal): Promise<string[] | 'all'> {
  if (principal.roles.some((g) => g.centerId === null)) return 'all';
  return centerSubtree(executor, [...new Set(principal.roles.map((g) => g.centerId!))]);
}

export interface CenterInput {
  name: string;
  level: CenterLevel;
  parentId?: string | null;
  address?: string | null;
  phone?: string | null;
  openingHours?: OpeningRule[];
}

function assertOpeningHours(rules: OpeningRule[] | undefined): void {
  if (!rules) return;
  const problems = openingHoursProblems(rules);
  if (problems.length) throw badRequest('INVALID_OPENING_HOURS', problems.join('；'), problems);
}

async function assertParent(executor: Executor, level: CenterLevel, parentId: string | null | undefined): Promise<void> {
  if (!parentId) return;
  const parent = await getCenter(executor, parentId).catch(() => {
    throw badRequest('INVALID_PARENT', '上级中心不存在');
  });
  if (!canBeChildOf(level, parent.level)) {
    throw badRequest('INVALID_LEVEL', `${levelLabels[level]}中心不能设在${levelLabels[parent.level]}中心之下`);
  }
}

export async function createCenter(executor: Executor, actor: Actor, input: CenterInput): Promise<CenterView> {
  assertOpeningHours(input.openingHours);
  return inTransaction(executor, async (trx) => {
    await assertParent(trx, input.level, input.parentId);
    const id = newId();
    await trx
      .insertInto('centers')
      .values({
        id,
        name: input.name,
        level: input.level,
        parent_id: input.parentId ?? null,
        address: input.address ?? null,
        phone: input.phone ?? null,
        opening_hours: JSON.stringify(input.openingHours ?? []),
      })
      .execute();
    const center = await getCenter(trx, id);
    await recordAudit(trx, actor, { action: 'center.create', entityType: 'center', entityId: id, centerId: id, after: center });
    return center;
  });
}

export async function updateCenter(executor: Executor, actor: Actor, id: string, changes: Partial<CenterInput>): Promise<CenterView> {
  assertOpeningHours(changes.openingHours);
  return inTransaction(executor, async (trx) => {
    const before = await getCenter(trx, id);
    const level = changes.level ?? before.level;
    const parentId = changes.parentId === undefined ? before.parentId : changes.parentId;
    const parentLineage = parentId
      ? await centerLineage(trx, parentId).catch(() => {
          throw badRequest('INVALID_PARENT', '上级中心不存在');
        })
      : [];
    if (wouldCreateCycle(id, parentLineage)) throw badRequest('INVALID_PARENT', '不能把中心设在自己或下级中心之下');
    await assertParent(trx, level, parentId);
    const children = await trx.selectFrom('centers').select('level').where('parent_id', '=', id).execute();
    if (children.some((c) => !canBeChildOf(c.level, level))) throw badRequest('INVALID_LEVEL', '调整后的层级不能高于或等于其下级中心');
    await trx
      .updateTable('centers')
      .set({
        name: changes.name ?? before.name,
        level,
        parent_id: parentId,
        address: changes.address === undefined ? before.address : changes.address,
        phone: changes.phone === undefined ? before.phone : changes.phone,
        opening_hours: JSON.stringify(changes.openingHours ?? before.openingHours),
        updated_at: currentTime(),
      })
      .where('id', '=', id)
      .execute();
    const after = await getCenter(trx, id);
    await announceIdentityChange(trx);
    await recordAudit(trx, actor, { action: 'center.update', entityType: 'center', entityId: id, centerId: id, before, after });
    return after;
  });
}

// ---------------------------------------------------------------- halls and zones

export interface ZoneView {
  id: string;
  hallId: string;
  name: string;
  kind: ZoneKind;
  open24h: boolean;
}

export interface HallView {
  id: string;
  centerId: string;
  name: string;
  floor: string | null;
  zones: ZoneView[];
}

export async function listHalls(executor: Executor, centerId: string): Promise<HallView[]> {
  const halls = await executor.selectFrom('halls').selectAll().where('center_id', '=', centerId).orderBy('created_at').orderBy('id').execute();
  const zones = halls.length
    ? await executor.selectFrom('zones').selectAll().where('hall_id', 'in', halls.map((h) => h.id)).orderBy('created_at').orderBy('id').execute()
    : [];
  return halls.map((h) => ({
    id: h.id,
    centerId: h.center_id,
    name: h.name,
    floor: h.floor,
    zones: zones.filter((z) => z.hall_id === h.id).map((z) => ({ id: z.id, hallId: z.hall_id, name: z.name, kind: z.kind, open24h: z.open_24h })),
  }));
}

export async function getHall(executor: Executor, id: string): Promise<HallView> {
  const row = await executor.selectFrom('halls').select('center_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('大厅', id);
  return (await listHalls(executor, row.center_id)).find((h) => h.id === id)!;
}

export async function createHall(executor: Executor, actor: Actor, input: { centerId: string; name: string; floor?: string | null }): Promise<HallView> {
  return inTransaction(executor, async (trx) => {
    await getCenter(trx, input.centerId);
    const id = newId();
    await trx.insertInto('halls').values({ id, center_id: input.centerId, name: input.name, floor: input.floor ?? null }).execute();
    const hall = await getHall(trx, id);
    await recordAudit(trx, actor, { action: 'hall.create', entityType: 'hall', entityId: id, centerId: input.centerId, after: hall });
    return hall;
  });
}

export async function updateHall(executor: Executor, actor: Actor, id: string, changes: { name?: string; floor?: string | null }): Promise<HallView> {
  return inTransaction(executor, async (trx) => {
    const before = await getHall(trx, id);
    await trx
      .updateTable('halls')
      .set({ name: changes.name ?? before.name, floor: changes.floor === undefined ? before.floor : changes.floor })
      .where('id', '=', id)
      .execute();
    const after = await getHall(trx, id);
    await recordAudit(trx, actor, { action: 'hall.update', entityType: 'hall', entityId: id, centerId: before.centerId, before, after });
    return after;
  });
}

export async function deleteHall(executor: Executor, actor: Actor, id: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const before = await getHall(trx, id);
    if (before.zones.length) throw conflict('IN_USE', '该大厅下还有服务区，请先删除服务区');
    const used = await trx.selectFrom('windows').select('id').where('hall_id', '=', id).limit(1).executeTakeFirst();
    const device = await trx.selectFrom('devices').select('id').where('hall_id', '=', id).limit(1).executeTakeFirst();
    if (used || device) throw conflict('IN_USE', '该大厅下还有窗口或设备，不能删除');
    await trx.deleteFrom('halls').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'hall.delete', entityType: 'hall', entityId: id, centerId: before.centerId, before });
  });
}

export async function getZone(executor: Executor, zoneId: string): Promise<{ zone: ZoneView; centerId: string }> {
  const row = await executor
    .selectFrom('zones')
    .innerJoin('halls', 'halls.id', 'zones.hall_id')
    .select(['zones.id', 'zones.hall_id', 'zones.name', 'zones.kind', 'zones.open_24h', 'halls.center_id'])
    .where('zones.id', '=', zoneId)
    .executeTakeFirst();
  if (!row) throw notFound('服务区', zoneId);
  return { zone: { id: row.id, hallId: row.hall_id, name: row.name, kind: row.kind, open24h: row.open_24h }, centerId: row.center_id };
}

export async function createZone(executor: Executor, actor: Actor, input: { hallId: string; name: string; kind: ZoneKind; open24h?: boolean }): Promise<ZoneView> {
  return inTransaction(executor, async (trx) => {
    const hall = await getHall(trx, input.hallId);
    const id = newId();
    await trx.insertInto('zones').values({ id, hall_id: input.hallId, name: input.name, kind: input.kind, open_24h: input.open24h ?? false }).execute();
    const { zone } = await getZone(trx, id);
    await recordAudit(trx, actor, { action: 'zone.create', entityType: 'zone', entityId: id, centerId: hall.centerId, after: zone });
    return zone;
  });
}

export async function updateZone(executor: Executor, actor: Actor, id: string, changes: { name?: string; kind?: ZoneKind; open24h?: boolean }): Promise<ZoneView> {
  return inTransaction(executor, async (trx) => {
    const { zone: before, centerId } = await getZone(trx, id);
    await trx
      .updateTable('zones')
      .set({ name: changes.name ?? before.name, kind: changes.kind ?? before.kind, open_24h: changes.open24h ?? before.open24h })
      .where('id', '=', id)
      .execute();
    const { zone: after } = await getZone(trx, id);
    await recordAudit(trx, actor, { action: 'zone.update', entityType: 'zone', entityId: id, centerId, before, after });
    return after;
  });
}

export async function deleteZone(executor: Executor, actor: Actor, id: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const { zone, centerId } = await getZone(trx, id);
    const used = await trx.selectFrom('windows').select('id').where('zone_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw conflict('IN_USE', '该服务区内还有窗口，不能删除');
    await trx.deleteFrom('zones').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'zone.delete', entityType: 'zone', entityId: id, centerId, before: zone });
  });
}

// ---------------------------------------------------------------- departments

export interface DepartmentView {
  id: string;
  centerId: string;
  name: string;
}

export async function listDepartments(executor: Executor, centerId: string): Promise<DepartmentView[]> {
  const rows = await executor.selectFrom('departments').select(['id', 'center_id', 'name']).where('center_id', '=', centerId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, centerId: r.center_id, name: r.name }));
}

export async function getDepartment(executor: Executor, id: string): Promise<DepartmentView> {
  const row = await executor.selectFrom('departments').select(['id', 'center_id', 'name']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('部门', id);
  return { id: row.id, centerId: row.center_id, name: row.name };
}

export async function createDepartment(executor: Executor, actor: Actor, input: { centerId: string; name: string }): Promise<DepartmentView> {
  return inTransaction(executor, async (trx) => {
    await getCenter(trx, input.centerId);
    const taken = await trx.selectFrom('departments').select('id').where('center_id', '=', input.centerId).where('name', '=', input.name).executeTakeFirst();
    if (taken) throw conflict('DEPARTMENT_EXISTS', `该中心已有部门「${input.name}」`);
    const id = newId();
    await trx.insertInto('departments').values({ id, center_id: input.centerId, name: input.name }).execute();
    const department = await getDepartment(trx, id);
    await recordAudit(trx, actor, { action: 'department.create', entityType: 'department', entityId: id, centerId: input.centerId, after: department });
    return department;
  });
}

export async function updateDepartment(executor: Executor, actor: Actor, id: string, changes: { name: string }): Promise<DepartmentView> {
  return inTransaction(executor, async (trx) => {
    const before = await getDepartment(trx, id);
    const taken = await trx.selectFrom('departments').select('id').where('center_id', '=', before.centerId).where('name', '=', changes.name).where('id', '!=', id).executeTakeFirst();
    if (taken) throw conflict('DEPARTMENT_EXISTS', `该中心已有部门「${changes.name}」`);
    await trx.updateTable('departments').set({ name: changes.name }).where('id', '=', id).execute();
    const after = await getDepartment(trx, id);
    await recordAudit(trx, actor, { action: 'department.update', entityType: 'department', entityId: id, centerId: before.centerId, before, after });
    return after;
  });
}

export async function deleteDepartment(executor: Executor, actor: Actor, id: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const before = await getDepartment(trx, id);
    const used = await trx.selectFrom('windows').select('id').where('department_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw conflict('IN_USE', '该部门还有专窗，不能删除');
    await trx.deleteFrom('departments').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'department.delete', entityType: 'department', entityId: id, centerId: before.centerId, before });
  });
}

// ---------------------------------------------------------------- windows

export interface WindowView {
  id: string;
  centerId: string;
  hallId: string | null;
  zoneId: string | null;
  name: string;
  number: number;
  kind: WindowKind;
  departmentId: string | null;
  departmentName: string | null;
  status: WindowStatus;
  staff: { id: string; name: string } | null;
  pauseReason: string | null;
  statusSince: string;
}

function windowQuery(executor: Executor) {
  return executor
    .selectFrom('windows')
    .leftJoin('departments', 'departments.id', 'windows.department_id')
    .selectAll('windows')
    .select('departments.name as department_name');
}

type WindowRow = Awaited<ReturnType<ReturnType<typeof windowQuery>['executeTakeFirstOrThrow']>>;

function toWindow(row: WindowRow, names: Map<string, string>): WindowView {
  return {
    id: row.id,
    centerId: row.center_id,
    hallId: row.hall_id,
    zoneId: row.zone_id,
    name: row.name,
    number: row.number,
    kind: row.kind,
    departmentId: row.department_id,
    departmentName: row.department_name,
    status: row.status,
    staff: row.staff_user_id ? { id: row.staff_user_id, name: names.get(row.staff_user_id) ?? '' } : null,
    pauseReason: row.pause_reason,
    statusSince: row.status_since.toISOString(),
  };
}

async function toWindows(executor: Executor, rows: WindowRow[]): Promise<WindowView[]> {
  const names = await staffNames(executor, [...new Set(rows.flatMap((r) => (r.staff_user_id ? [r.staff_user_id] : [])))]);
  return rows.map((r) => toWindow(r, names));
}

export async function getWindow(executor: Executor, id: string): Promise<WindowView> {
  const row = await windowQuery(executor).where('windows.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('窗口', id);
  return (await toWindows(executor, [row]))[0]!;
}

export interface WindowQuery {
  centerId: string;
  q?: string;
  kind?: WindowKind;
  departmentId?: string;
  status?: WindowStatus;
  page: number;
  pageSize: number;
}

export async function listWindows(executor: Executor, query: WindowQuery): Promise<{ items: WindowView[]; total: number }> {
  let base = executor.selectFrom('windows').where('windows.center_id', '=', query.centerId);
  if (query.kind) base = base.where('windows.kind', '=', query.kind);
  if (query.departmentId) base = base.where('windows.department_id', '=', query.departmentId);
  if (query.status) base = base.where('windows.status', '=', query.status);
  if (query.q) {
    const q = query.q.trim();
    base = base.where((eb) =>
      // Up to four digits may be a window number (1–9999); longer digit runs are searched in names only.
      /^\d{1,4}$/.test(q) ? eb.or([eb('windows.number', '=', Number(q)), eb('windows.name', 'ilike', `%${q}%`)]) : eb('windows.name', 'ilike', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    );
  }
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const ids = await base.select('windows.id').orderBy('windows.number').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  if (ids.length === 0) return { items: [], total };
  const rows = await windowQuery(executor).where('windows.id', 'in', ids.map((r) => r.id)).orderBy('windows.number').execute();
  return { items: await toWindows(executor, rows), total };
}

export interface WindowInput {
  centerId: string;
  name: string;
  number: number;
  kind: WindowKind;
  departmentId?: string | null;
  hallId?: string | null;
  zoneId?: string | null;
}

async function assertWindowPlacement(executor: Executor, centerId: string, input: { kind: WindowKind; departmentId?: string | null; hallId?: string | null; zoneId?: string | null }) {
  if (input.kind === 'dedicated' && !input.departmentId) throw badRequest('DEPARTMENT_REQUIRED', '专窗必须指定所属部门');
  if (input.departmentId) {
    const department = await getDepartment(executor, input.departmentId).catch(() => {
      throw badRequest('INVALID_REFERENCE', '所选部门不存在');
    });
    if (department.centerId !== centerId) throw badRequest('INVALID_REFERENCE', '所选部门不在该中心');
  }
  if (input.hallId) {
    const hall = await getHall(executor, input.hallId).catch(() => {
      throw badRequest('INVALID_REFERENCE', '所选大厅不存在');
    });
    if (hall.centerId !== centerId) throw badRequest('INVALID_REFERENCE', '所选大厅不在该中心');
  }
  if (input.zoneId) {
    const { zone, centerId: zoneCenterId } = await getZone(executor, input.zoneId).catch(() => {
      throw badRequest('INVALID_REFERENCE', '所选服务区不存在');
    });
    if (zoneCenterId !== centerId || (input.hallId && zone.hallId !== input.hallId)) throw badRequest('INVALID_REFERENCE', '所选服务区不在该大厅');
  }
}

async function assertNumberFree(executor: Executor, centerId: string, number: number, exceptId?: string) {
  let query = executor.selectFrom('windows').select('id').where('center_id', '=', centerId).where('number', '=', number);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw conflict('WINDOW_NUMBER_TAKEN', `该中心已有 ${number} 号窗口`);
}

export async function createWindow(executor: Executor, actor: Actor, input: WindowInput): Promise<WindowView> {
  return inTransaction(executor, async (trx) => {
    await getCenter(trx, input.centerId);
    await assertWindowPlacement(trx, input.centerId, input);
    await assertNumberFree(trx, input.centerId, input.number);
    const id = newId();
    await trx
      .insertInto('windows')
      .values({
        id,
        center_id: input.centerId,
        name: input.name,
        number: input.number,
        kind: input.kind,
        department_id: input.departmentId ?? null,
        hall_id: input.hallId ?? null,
        zone_id: input.zoneId ?? null,
        staff_user_id: null,
        pause_reason: null,
      })
      .execute();
    const window = await getWindow(trx, id);
    await recordAudit(trx, actor, { action: 'window.create', entityType: 'window', entityId: id, centerId: input.centerId, after: window });
    return window;
  });
}

export async function updateWindow(executor: Executor, actor: Actor, id: string, changes: Partial<Omit<WindowInput, 'centerId'>>): Promise<WindowView> {
  return inTransaction(executor, async (trx) => {
    const before = await getWindow(trx, id);
    const next = {
      name: changes.name ?? before.name,
      number: changes.number ?? before.number,
      kind: changes.kind ?? before.kind,
      departmentId: changes.departmentId === undefined ? before.departmentId : changes.departmentId,
      hallId: changes.hallId === undefined ? before.hallId : changes.hallId,
      zoneId: changes.zoneId === undefined ? before.zoneId : changes.zoneId,
    };
    await assertWindowPlacement(trx, before.centerId, next);
    if (next.number !== before.number) await assertNumberFree(trx, before.centerId, next.number, id);
    await trx
      .updateTable('windows')
      .set({ name: next.name, number: next.number, kind: next.kind, department_id: next.departmentId, hall_id: next.hallId, zone_id: next.zoneId, updated_at: currentTime() })
      .where('id', '=', id)
      .execute();
    const after = await getWindow(trx, id);
    await recordAudit(trx, actor, { action: 'window.update', entityType: 'window', entityId: id, centerId: before.centerId, before, after });
    return after;
  });
}

export async function deleteWindow(executor: Executor, actor: Actor, id: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const before = await getWindow(trx, id);
    if (before.status !== 'closed') throw conflict('WINDOW_IN_SERVICE', '窗口正在服务中，请先签退');
    const device = await trx.selectFrom('devices').select('id').where('window_id', '=', id).limit(1).executeTakeFirst();
    if (device) throw conflict('IN_USE', '该窗口还绑定着设备，请先解绑');
    await trx.deleteFrom('windows').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'window.delete', entityType: 'window', entityId: id, centerId: before.centerId, before });
  });
}

export type WindowAction = 'sign-in' | 'pause' | 'resume' | 'sign-out';

const actionLabels: Record<WindowAction, string> = { 'sign-in': '签到', pause: '暂停', resume: '恢复', 'sign-out': '签退' };

/**
 * Moves a window through closed → open ⇄ paused → closed. Only window staff of the center (or its
 * department, for a dedicated window) may sign in, one person per window and one window per person;
 * afterwards the person at the window or a hall manager acts on it.
 */
export async function changeWindowStatus(
  executor: Executor,
  principal: Principal | undefined,
  actor: Actor,
  id: string,
  action: WindowAction,
  reason?: string,
  now = currentTime(),
): Promise<WindowView> {
  return inTransaction(executor, async (trx) => {
    const locked = await trx.selectFrom('windows').select(['id', 'center_id', 'department_id', 'status', 'staff_user_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) throw notFound('窗口', id);
    const scope = await scopeOf(trx, locked.center_id, locked.department_id);
    const user = await authorizeInCenter(trx, principal, ['window_staff', 'center_manager', 'admin'], locked.center_id, locked.department_id);
    if (action === 'sign-in') {
      if (!hasRole(user, ['window_staff'], scope)) throw forbidden('只有该中心（部门）的窗口工作人员可以在此窗口签到');
      if (locked.status !== 'closed') {
        throw conflict('WINDOW_OCCUPIED', locked.staff_user_id === user.id ? '您已在此窗口签到' : '该窗口已有工作人员签到');
      }
      const elsewhere = await trx.selectFrom('windows').select('number').where('staff_user_id', '=', user.id).executeTakeFirst();
      if (elsewhere) throw conflict('ALREADY_SIGNED_IN', `您已在 ${elsewhere.number} 号窗口签到，请先签退`);
    } else if (locked.staff_user_id !== user.id && !hasRole(user, ['center_manager', 'admin'], scope)) {
      throw forbidden('只有在此窗口签到的工作人员或大厅管理员可以操作');
    }
    const next = windowTransition(locked.status, action);
    if (!next) throw conflict('INVALID_WINDOW_STATE', `窗口当前状态不能${actionLabels[action]}`);
    if (action === 'pause' && !reason?.trim()) throw badRequest('REASON_REQUIRED', '暂停服务需要填写原因');
    const before = await getWindow(trx, id);
    await trx
      .updateTable('windows')
      .set({
        status: next,
        staff_user_id: action === 'sign-in' ? user.id : action === 'sign-out' ? null : locked.staff_user_id,
        pause_reason: action === 'pause' ? reason!.trim() : null,
        status_since: now,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    // Who sat at the window from when to when: the time a window was staffed, for its utilisation.
    if (action === 'sign-in') await trx.insertInto('window_sessions').values({ window_id: id, center_id: locked.center_id, staff_user_id: user.id, started_at: now }).execute();
    if (action === 'sign-out') await trx.updateTable('window_sessions').set({ ended_at: now }).where('window_id', '=', id).where('ended_at', 'is', null).execute();
    const after = await getWindow(trx, id);
    await recordAudit(trx, actor, { action: `window.${action}`, entityType: 'window', entityId: id, centerId: locked.center_id, before, after });
    await publishEvent(trx, {
      type: 'window.changed',
      centerId: locked.center_id,
      audience: 'public',
      data: { windowId: id, number: after.number, name: after.name, status: after.status, staffName: after.staff?.name ?? null, pauseReason: after.pauseReason },
    });
    return after;
  });
}

/** The window a person is signed in at, if any (the workstation opens there). */
export async function windowOfStaff(executor: Executor, userId: string): Promise<WindowView | undefined> {
  const row = await windowQuery(executor).where('windows.staff_user_id', '=', userId).executeTakeFirst();
  return row ? (await toWindows(executor, [row]))[0] : undefined;
}

// ---------------------------------------------------------------- devices

export interface DeviceView {
  id: string;
  centerId: string;
  kind: DeviceKind;
  name: string;
  hallId: string | null;
  windowId: string | null;
  tokenHint: string;
  disabled: boolean;
  lastSeenAt: string | null;
}

const devicePrefix = 'odd_';
/** Device kinds that belong to one window. */
const windowBound: DeviceKind[] = ['window_display', 'rating_pad'];

function toDevice(row: { id: string; center_id: string; kind: DeviceKind; name: string; hall_id: string | null; window_id: string | null; token_hint: string; disabled: boolean; last_seen_at: Date | null }): DeviceView {
  return {
    id: row.id,
    centerId: row.center_id,
    kind: row.kind,
    name: row.name,
    hallId: row.hall_id,
    windowId: row.window_id,
    tokenHint: row.token_hint,
    disabled: row.disabled,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
  };
}

export async function getDevice(executor: Executor, id: string): Promise<DeviceView> {
  const row = await executor.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('设备', id);
  return toDevice(row);
}

export async function listDevices(executor: Executor, query: { centerId: string; kind?: DeviceKind; page: number; pageSize: number }): Promise<{ items: DeviceView[]; total: number }> {
  let base = executor.selectFrom('devices').where('center_id', '=', query.centerId);
  if (query.kind) base = base.where('kind', '=', query.kind);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('kind').orderBy('name').orderBy('id').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  return { items: rows.map(toDevice), total };
}

export interface DeviceInput {
  centerId: string;
  kind: DeviceKind;
  name: string;
  hallId?: string | null;
  windowId?: string | null;
}

async function assertDevicePlacement(executor: Executor, centerId: string, kind: DeviceKind, hallId: string | null | undefined, windowId: string | null | undefined) {
  if (windowBound.includes(kind) && !windowId) throw badRequest('WINDOW_REQUIRED', '窗口屏和评价器必须绑定窗口');
  if (windowId) {
    const window = await getWindow(executor, windowId).catch(() => {
      throw badRequest('INVALID_REFERENCE', '所选窗口不存在');
    });
    if (window.centerId !== centerId) throw badRequest('INVALID_REFERENCE', '所选窗口不在该中心');
  }
  if (hallId) {
    const hall = await getHall(executor, hallId).catch(() => {
      throw badRequest('INVALID_REFERENCE', '所选大厅不存在');
    });
    if (hall.centerId !== centerId) throw badRequest('INVALID_REFERENCE', '所选大厅不在该中心');
  }
}

/** Registers a device and returns its token once; only a hash is kept. */
export async function createDevice(executor: Executor, actor: Actor, input: DeviceInput): Promise<{ device: DeviceView; token: string }> {
  return inTransaction(executor, async (trx) => {
    await getCenter(trx, input.centerId);
    await assertDevicePlacement(trx, input.centerId, input.kind, input.hallId, input.windowId);
    const id = newId();
    const token = newToken(devicePrefix);
    await trx
      .insertInto('devices')
      .values({
        id,
        center_id: input.centerId,
        kind: input.kind,
        name: input.name,
        hall_id: input.hallId ?? null,
        window_id: input.windowId ?? null,
        token_hash: hashToken(token),
        token_hint: token.slice(0, devicePrefix.length + 4),
      })
      .execute();
    const device = await getDevice(trx, id);
    await recordAudit(trx, actor, { action: 'device.create', entityType: 'device', entityId: id, centerId: input.centerId, after: device });
    return { device, token };
  });
}

export async function updateDevice(executor: Executor, actor: Actor, id: string, changes: { name?: string; hallId?: string | null; windowId?: string | null; disabled?: boolean }): Promise<DeviceView> {
  return inTransaction(executor, async (trx) => {
    const before = await getDevice(trx, id);
    const hallId = changes.hallId === undefined ? before.hallId : changes.hallId;
    const windowId = changes.windowId === undefined ? before.windowId : changes.windowId;
    await assertDevicePlacement(trx, before.centerId, before.kind, hallId, windowId);
    await trx
      .updateTable('devices')
      .set({ name: changes.name ?? before.name, hall_id: hallId, window_id: windowId, disabled: changes.disabled ?? before.disabled, updated_at: currentTime() })
      .where('id', '=', id)
      .execute();
    const after = await getDevice(trx, id);
    const action = changes.disabled === true ? 'device.disable' : changes.disabled === false ? 'device.enable' : 'device.update';
    await announceIdentityChange(trx);
    await recordAudit(trx, actor, { action, entityType: 'device', entityId: id, centerId: before.centerId, before, after });
    return after;
  });
}

/** Issues a new token; the old one stops working at once (a lost or stolen device). */
export async function rotateDeviceToken(executor: Executor, actor: Actor, id: string): Promise<{ device: DeviceView; token: string }> {
  return inTransaction(executor, async (trx) => {
    const before = await getDevice(trx, id);
    const token = newToken(devicePrefix);
    await trx.updateTable('devices').set({ token_hash: hashToken(token), token_hint: token.slice(0, devicePrefix.length + 4), updated_at: currentTime() }).where('id', '=', id).execute();
    const device = await getDevice(trx, id);
    await announceIdentityChange(trx);
    await recordAudit(trx, actor, { action: 'device.rotate_token', entityType: 'device', entityId: id, centerId: before.centerId, before, after: device });
    return { device, token };
  });
}

export async function deleteDevice(executor: Executor, actor: Actor, id: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    const before = await getDevice(trx, id);
    await trx.deleteFrom('devices').where('id', '=', id).execute();
    await announceIdentityChange(trx);
    await recordAudit(trx, actor, { action: 'device.delete', entityType: 'device', entityId: id, centerId: before.centerId, before });
  });
}

/** Resolves `odd_…` device tokens; a disabled device is refused. Last contact is kept to the minute. */
export function deviceTokenResolver(executor: Executor): TokenResolver {
  return {
    prefix: devicePrefix,
    async resolve(token) {
      const row = await executor.selectFrom('devices').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
      if (!row || row.disabled) return undefined;
      const now = currentTime();
      if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() >= 60_000) {
        await executor.updateTable('devices').set({ last_seen_at: now }).where('id', '=', row.id).execute();
      }
      return { kind: 'device', id: row.id, name: row.name, deviceKind: row.kind, centerId: row.center_id, windowId: row.window_id };
    },
  };
}

/** Names of departments by id, for other modules' lists. */
export async function departmentNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await executor.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Windows' numbers and departments, for figures kept per window (statistics add them up per department). */
export async function windowFacts(executor: Executor, ids: string[]): Promise<Map<string, { number: number; name: string; departmentId: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await executor.selectFrom('windows').select(['id', 'number', 'name', 'department_id']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { number: r.number, name: r.name, departmentId: r.department_id }]));
}

/** Window numbers of a center: all general windows, and dedicated ones by department name (for pre-check plans). */
export async function windowNumbersByKind(executor: Executor, centerId: string): Promise<{ general: number[]; byDepartmentName: Map<string, number[]> }> {
  const rows = await executor
    .selectFrom('windows')
    .leftJoin('departments', 'departments.id', 'windows.department_id')
    .select(['windows.number', 'windows.kind', 'departments.name as department'])
    .where('windows.center_id', '=', centerId)
    .orderBy('windows.number')
    .execute();
  const byDepartmentName = new Map<string, number[]>();
  for (const r of rows) if (r.kind === 'dedicated' && r.department) byDepartmentName.set(r.department, [...(byDepartmentName.get(r.department) ?? []), r.number]);
  return { general: rows.filter((r) => r.kind === 'general').map((r) => r.number), byDepartmentName };
}

/** Ids of the windows of a center that are signed in and not paused: who is serving right now. */
export async function openWindowIds(executor: Executor, centerId: string): Promise<string[]> {
  const rows = await executor.selectFrom('windows').select('id').where('center_id', '=', centerId).where('status', '=', 'open').execute();
  return rows.map((r) => r.id);
}

/** Whose hours a date keeps: its own weekday, Monday's on a 调休 working weekend, none on a holiday. */
async function hoursWeekday(executor: Executor, date: string): Promise<number | undefined> {
  const override = (await loadOverrides(executor)).get(date);
  return effectiveWeekday(new Date(`${date}T00:00:00Z`).getUTCDay() || 7, override?.kind);
}

/** The opening hours of a center on a date ('YYYY-MM-DD', Asia/Shanghai), by the calendar. */
export async function openingSpans(executor: Executor, centerId: string, date: string): Promise<{ open: string; close: string }[]> {
  const center = await getCenter(executor, centerId);
  const weekday = await hoursWeekday(executor, date);
  return weekday === undefined ? [] : center.openingHours.filter((r) => r.days.includes(weekday)).map((r) => ({ open: r.open, close: r.close }));
}

/** Whether a center is open at an instant, by its hours and the calendar. */
export async function isCenterOpen(executor: Executor, centerId: string, instant: Date): Promise<boolean> {
  const center = await getCenter(executor, centerId);
  const { date, time } = shanghaiClock(instant);
  const weekday = await hoursWeekday(executor, date);
  return weekday !== undefined && isOpenAt(center.openingHours, weekday, time);
}

/** What a window's work needs at each action — where it is, who sits there, whether it is open — in one read. */
export async function windowAtWork(executor: Executor, id: string): Promise<{ id: string; centerId: string; departmentId: string | null; number: number; name: string; status: WindowStatus; staffUserId: string | null }> {
  const row = await executor.selectFrom('windows').select(['id', 'center_id', 'department_id', 'number', 'name', 'status', 'staff_user_id']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('窗口', id);
  return { id: row.id, centerId: row.center_id, departmentId: row.department_id, number: row.number, name: row.name, status: row.status, staffUserId: row.staff_user_id };
}
