import type { Center, RoleGrant, RoleName, User } from './types';

/** Who may see what: the same scope rules as the server's (platform/auth.ts), for menus and pickers. */

export function hasAnyRole(user: Pick<User, 'roles'> | null | undefined, roles: readonly RoleName[]): boolean {
  return Boolean(user?.roles.some((grant) => roles.includes(grant.role)));
}

/** Where a person lands after signing in, by their most powerful role. */
export function homePathFor(user: Pick<User, 'roles'>): string {
  if (hasAnyRole(user, ['admin'])) return '/admin';
  if (hasAnyRole(user, ['center_manager'])) return '/admin/windows';
  if (hasAnyRole(user, ['window_staff'])) return '/window';
  if (hasAnyRole(user, ['agent'])) return '/agent';
  return '/me';
}

/** Only a path of this app may follow a login, never another origin (`//evil.example`). */
export function safeNextPath(next: string | null): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return undefined;
  return next;
}

/** The ids of a center and everything below it. */
export function subtreeIds(centers: Center[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const c of centers) {
    if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
  }
  const ids = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return ids;
}

/**
 * The centers a person's grants of these roles cover: a grant without a center covers all, otherwise
 * the granted center and its descendants. Kept in the server's order (creation order).
 */
export function coveredCenters(centers: Center[], grants: RoleGrant[], roles: readonly RoleName[]): Center[] {
  const relevant = grants.filter((g) => roles.includes(g.role));
  if (relevant.some((g) => g.centerId === null)) return centers;
  const ids = new Set<string>();
  for (const grant of relevant) for (const id of subtreeIds(centers, grant.centerId!)) ids.add(id);
  return centers.filter((c) => ids.has(c.id));
}

/** Whether a grant of these roles reaches every center (the global administrator). */
export function isGlobal(user: Pick<User, 'roles'> | null | undefined, roles: readonly RoleName[]): boolean {
  return Boolean(user?.roles.some((g) => roles.includes(g.role) && g.centerId === null));
}
