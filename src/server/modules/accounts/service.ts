import { sql } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import { hasRole, type Principal, type RoleGrant, type RoleName, type TokenResolver } from '../../platform/auth.ts';
import { announceIdentityChange } from '../../platform/principalCache.ts';
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from '../../platform/errors.ts';
import { hashToken, newId, newToken } from '../../platform/ids.ts';
import { centerLineage, centerSubtree, getDepartment } from '../org/service.ts';
import { decoyHash, generatePassword, hashPassword, verifyPassword } from './password.ts';
import { failureWindowMinutes, isLockedOut, isSessionIdle, minutesUntilRetry, passwordProblem, shouldTouchSession } from './rules.ts';
import { currentTime } from '../../platform/clock.ts';

export interface UserView {
  id: string;
  username: string;
  name: string;
  disabled: boolean;
  roles: RoleGrant[];
  createdAt: string;
}

type UserPrincipal = Extract<Principal, { kind: 'user' }>;

const sessionPrefix = 'ods_';

async function rolesOf(executor: Executor, userIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const byUser = new Map<string, RoleGrant[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await executor.selectFrom('user_roles').selectAll().where('user_id', 'in', userIds).orderBy('role').execute();
  for (const row of rows) {
    byUser.get(row.user_id)?.push({ role: row.role as RoleName, centerId: row.center_id, departmentId: row.department_id });
  }
  return byUser;
}

async function loadUser(executor: Executor, id: string): Promise<UserView> {
  const row = await executor.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('用户', id);
  const roles = (await rolesOf(executor, [id])).get(id) ?? [];
  return { id: row.id, username: row.username, name: row.name, disabled: row.disabled, roles, createdAt: row.created_at.toISOString() };
}

export interface LoginInput {
  username: string;
  password: string;
  ip?: string;
  userAgent?: string;
}

/** Checks a password and opens a session; five failures in fifteen minutes lock the account for the rest of the window. */
export async function logIn(executor: Executor, input: LoginInput, now = currentTime()): Promise<{ token: string; user: UserView }> {
  const username = input.username.trim();
  const windowStart = new Date(now.getTime() - failureWindowMinutes * 60_000);
  const failures = await executor
    .selectFrom('login_attempts')
    .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`min(at)`.as('oldest')])
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .where('success', '=', false)
    .where('at', '>', windowStart)
    .executeTakeFirstOrThrow();
  if (isLockedOut(failures.count)) {
    const minutes = minutesUntilRetry(failures.oldest ?? now, now);
    throw new AppError(429, 'TOO_MANY_ATTEMPTS', `密码错误次数过多，请 ${minutes} 分钟后再试`, { retryAfterMinutes: minutes });
  }
  const user = await executor.selectFrom('users').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? decoyHash);
  await executor.insertInto('login_attempts').values({ username, ip: input.ip ?? null, success: Boolean(user && passwordOk) }).execute();
  if (!user || !passwordOk) throw unauthorized('INVALID_CREDENTIALS', '用户名或密码错误');
  if (user.disabled) throw forbidden('该账号已停用，请联系管理员', 'ACCOUNT_DISABLED');

  const token = newToken(sessionPrefix);
  await inTransaction(executor, async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ id: newId(), token_hash: hashToken(token), user_id: user.id, ip: input.ip ?? null, user_agent: input.userAgent?.slice(0, 300) ?? null })
      .execute();
    await recordAudit(trx, { kind: 'user', id: user.id, name: user.name, ip: input.ip }, { action: 'auth.login', entityType: 'user', entityId: user.id });
  });
  return { token, user: await loadUser(executor, user.id) };
}

export async function logOut(executor: Executor, principal: UserPrincipal, ip?: string): Promise<void> {
  await inTransaction(executor, async (trx) => {
    await trx.updateTable('sessions').set({ ended_at: currentTime() }).where('id', '=', principal.sessionId).execute();
    await announceIdentityChange(trx);
    await recordAudit(trx, { kind: 'user', id: principal.id, name: principal.name, ip }, { action: 'auth.logout', entityType: 'user', entityId: principal.id });
  });
}

/** Resolves `ods_…` session tokens; an idle or ended session, or a disabled user, is no principal at all. */
export function sessionTokenResolver(executor: Executor, idleMinutes: number): TokenResolver {
  return {
    prefix: sessionPrefix,
    async resolve(token) {
      const now = currentTime();
      const row = await executor
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.id as sessionId', 'sessions.last_seen_at', 'sessions.ended_at', 'users.id', 'users.username', 'users.name', 'users.disabled'])
        // The roles come along in the same query: every signed-in request resolves its session.
        .select(
          sql<RoleGrant[]>`coalesce((SELECT json_agg(json_build_object('role', r.role, 'centerId', r.center_id, 'departmentId', r.department_id) ORDER BY r.role) FROM user_roles r WHERE r.user_id = users.id), '[]')`.as('roles'),
        )
        .where('sessions.token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row || row.ended_at || row.disabled) return undefined;
      if (isSessionIdle(row.last_seen_at, now, idleMinutes)) {
        await executor.updateTable('sessions').set({ ended_at: now }).where('id', '=', row.sessionId).where('ended_at', 'is', null).execute();
        return undefined;
      }
      if (shouldTouchSession(row.last_seen_at, now)) {
        await executor.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.sessionId).execute();
      }
      return { kind: 'user', id: row.id, username: row.username, name: row.name, roles: row.roles, sessionId: row.sessionId };
    },
  };
}

/** The account manager must hold `admin` over every scope it grants; an empty center means everywhere. */
async function assertCanGrant(executor: Executor, manager: UserPrincipal, grants: RoleGrant[]): Promise<void> {
  for (const grant of grants) {
    if (grant.departmentId && !grant.centerId) throw badRequest('INVALID_SCOPE', '指定部门时必须同时指定中心');
    if (grant.departmentId && grant.centerId) {
      const department = await getDepartment(executor, grant.departmentId);
      if (department.centerId !== grant.centerId) throw badRequest('INVALID_SCOPE', '部门不属于所选中心');
    }
    const scope = grant.centerId ? { lineage: await centerLineage(executor, grant.centerId), departmentId: grant.departmentId } : undefined;
    const allowed = scope ? hasRole(manager, ['admin'], scope) : manager.roles.some((g) => g.role === 'admin' && g.centerId === null);
    if (!allowed) throw forbidden('不能授予超出本人管理范围的角色');
  }
}

/** Whether the manager may administer this account: a global admin any; a scoped admin those whose every role lies in its scope. */
async function assertCanManage(executor: Executor, manager: UserPrincipal, target: UserView): Promise<void> {
  if (manager.roles.some((g) => g.role === 'admin' && g.centerId === null)) return;
  if (target.roles.length === 0) return;
  await assertCanGrant(executor, manager, target.roles);
}

function dedupe(grants: RoleGrant[]): RoleGrant[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const key = `${g.role}|${g.centerId ?? ''}|${g.departmentId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function writeRoles(executor: Executor, userId: string, grants: RoleGrant[]): Promise<void> {
  await executor.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (grants.length === 0) return;
  await executor
    .insertInto('user_roles')
    .values(grants.map((g) => ({ id: newId(), user_id: userId, role: g.role, center_id: g.centerId, department_id: g.departmentId })))
    .execute();
}

export interface NewUser {
  username: string;
  password: string;
  name: string;
  roles: RoleGrant[];
}

export async function createUser(executor: Executor, manager: UserPrincipal | 'system', actor: Actor, input: NewUser): Promise<UserView> {
  const problem = passwordProblem(input.password, input.username);
  if (problem) throw badRequest('WEAK_PASSWORD', problem);
  const roles = dedupe(input.roles);
  if (manager !== 'system') await assertCanGrant(executor, manager, roles);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(executor, async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
    if (taken) throw conflict('USERNAME_TAKEN', `用户名「${input.username}」已被使用`);
    const id = newId();
    await trx.insertInto('users').values({ id, username: input.username, name: input.name, password_hash: passwordHash }).execute();
    await writeRoles(trx, id, roles);
    const user = await loadUser(trx, id);
    await recordAudit(trx, actor, { action: 'user.create', entityType: 'user', entityId: id, after: user });
    return user;
  });
}

export interface UserChanges {
  name?: string;
  disabled?: boolean;
  roles?: RoleGrant[];
}

/** Renames, disables or re-enables an account, or replaces its roles; disabling ends its sessions at once. */
export async function updateUser(executor: Executor, manager: UserPrincipal, actor: Actor, id: string, changes: UserChanges): Promise<UserView> {
  return inTransaction(executor, async (trx) => {
    const before = await loadUser(trx, id);
    await assertCanManage(trx, manager, before);
    if (id === manager.id && changes.disabled) throw badRequest('CANNOT_DISABLE_SELF', '不能停用自己的账号');
    if (changes.roles) {
      const roles = dedupe(changes.roles);
      await assertCanGrant(trx, manager, roles);
      if (id === manager.id && !roles.some((g) => g.role === 'admin')) throw badRequest('CANNOT_DROP_OWN_ADMIN', '不能撤销自己的管理员角色');
      await writeRoles(trx, id, roles);
    }
    if (changes.name !== undefined || changes.disabled !== undefined) {
      await trx
        .updateTable('users')
        .set({ ...(changes.name !== undefined && { name: changes.name }), ...(changes.disabled !== undefined && { disabled: changes.disabled }), updated_at: currentTime() })
        .where('id', '=', id)
        .execute();
    }
    if (changes.disabled) await trx.updateTable('sessions').set({ ended_at: currentTime() }).where('user_id', '=', id).where('ended_at', 'is', null).execute();
    const after = await loadUser(trx, id);
    const action = changes.disabled === true ? 'user.disable' : changes.disabled === false ? 'user.enable' : 'user.update';
    await announceIdentityChange(trx);
    await recordAudit(trx, actor, { action, entityType: 'user', entityId: id, before, after });
    return after;
  });
}

/** Sets a new password (a generated one when none is given, returned once) and ends the account's sessions. */
export async function resetPassword(executor: Executor, manager: UserPrincipal, actor: Actor, id: string, password?: string): Promise<{ password: string }> {
  const target = await loadUser(executor, id);
  await assertCanManage(executor, manager, target);
  let next = password ?? generatePassword();
  // A generated password may by chance contain a short username: draw again rather than refuse.
  while (password === undefined && passwordProblem(next, target.username)) next = generatePassword();
  const problem = passwordProblem(next, target.username);
  if (problem) throw badRequest('WEAK_PASSWORD', problem);
  const passwordHash = await hashPassword(next);
  await inTransaction(executor, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: currentTime() }).where('id', '=', id).execute();
    await trx.updateTable('sessions').set({ ended_at: currentTime() }).where('user_id', '=', id).where('ended_at', 'is', null).execute();
    await trx.deleteFrom('login_attempts').where(sql`lower(username)`, '=', target.username.toLowerCase()).where('success', '=', false).execute();
    await announceIdentityChange(trx);
    await recordAudit(trx, actor, { action: 'user.reset_password', entityType: 'user', entityId: id });
  });
  return { password: next };
}

export async function changeOwnPassword(executor: Executor, principal: UserPrincipal, actor: Actor, current: string, next: string): Promise<void> {
  const row = await executor.selectFrom('users').select('password_hash').where('id', '=', principal.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, row.password_hash))) throw badRequest('INVALID_CREDENTIALS', '当前密码不正确');
  const problem = passwordProblem(next, principal.username);
  if (problem) throw badRequest('WEAK_PASSWORD', problem);
  const passwordHash = await hashPassword(next);
  await inTransaction(executor, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: currentTime() }).where('id', '=', principal.id).execute();
    await trx.updateTable('sessions').set({ ended_at: currentTime() }).where('user_id', '=', principal.id).where('id', '!=', principal.sessionId).where('ended_at', 'is', null).execute();
    await announceIdentityChange(trx);
    await recordAudit(trx, actor, { action: 'user.change_password', entityType: 'user', entityId: principal.id });
  });
}

export async function getUser(executor: Executor, manager: UserPrincipal, id: string): Promise<UserView> {
  const user = await loadUser(executor, id);
  await assertCanManage(executor, manager, user);
  return user;
}

export interface UserQuery {
  q?: string;
  role?: RoleName;
  centerId?: string;
  page: number;
  pageSize: number;
}

/** Accounts the manager may see, newest first: everything for a global admin, else those with a role inside its centers. */
export async function listUsers(executor: Executor, manager: UserPrincipal, query: UserQuery): Promise<{ users: UserView[]; total: number }> {
  const global = manager.roles.some((g) => g.role === 'admin' && g.centerId === null);
  const managed = global ? undefined : await centerSubtree(executor, manager.roles.filter((g) => g.role === 'admin').map((g) => g.centerId!));
  if (managed && managed.length === 0) return { users: [], total: 0 };
  let base = executor.selectFrom('users');
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('users.username', 'ilike', like), eb('users.name', 'ilike', like)]));
  }
  if (query.role || query.centerId || managed) {
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles')
          .select('user_roles.id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .$if(Boolean(query.role), (qb) => qb.where('user_roles.role', '=', query.role!))
          .$if(Boolean(query.centerId), (qb) => qb.where('user_roles.center_id', '=', query.centerId!))
          .$if(Boolean(managed), (qb) => qb.where('user_roles.center_id', 'in', managed!)),
      ),
    );
  }
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('users')
    .orderBy('users.created_at', 'desc')
    .orderBy('users.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const roles = await rolesOf(executor, rows.map((r) => r.id));
  return {
    total,
    users: rows.map((r) => ({ id: r.id, username: r.username, name: r.name, disabled: r.disabled, roles: roles.get(r.id) ?? [], createdAt: r.created_at.toISOString() })),
  };
}

/** Names of staff for other modules' screens (who sits at a window), without anything private. */
export async function staffNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await executor.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function countUsers(executor: Executor): Promise<number> {
  const { n } = await executor.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return n;
}

export async function findUserIdByUsername(executor: Executor, username: string): Promise<string | undefined> {
  const row = await executor.selectFrom('users').select('id').where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
  return row?.id;
}

/** The signed-in person's own account, roles included. */
export const getOwnAccount = (executor: Executor, id: string): Promise<UserView> => loadUser(executor, id);
