import type { FastifyRequest } from 'fastify';
import type { Actor } from './audit.ts';
import { forbidden, unauthorized } from './errors.ts';

export const roleNames = ['admin', 'center_manager', 'window_staff', 'dept_approver', 'supervisor', 'agent'] as const;
export type RoleName = (typeof roleNames)[number];

export const roleLabels: Record<RoleName, string> = {
  admin: '系统管理员',
  center_manager: '大厅管理员',
  window_staff: '窗口工作人员',
  dept_approver: '部门审批人员',
  supervisor: '监察人员',
  agent: '帮办代办专员',
};

/** A role held for a scope: a center (and everything under it), a department in a center, or everywhere (null). */
export interface RoleGrant {
  role: RoleName;
  centerId: string | null;
  departmentId: string | null;
}

export type Principal =
  | { kind: 'user'; id: string; username: string; name: string; roles: RoleGrant[]; sessionId: string }
  | { kind: 'device'; id: string; name: string; deviceKind: string; centerId: string; windowId: string | null }
  /** A person signed in on the portal with a phone and a one-time code (the name masked). */
  | { kind: 'citizen'; id: string; name: string; sessionId: string }
  /** A department's own system with its API key (实时对接): only the integration endpoints accept it. */
  | { kind: 'system'; id: string; name: string; centerId: string; departmentId: string };

/** Turns a bearer token into a principal; each module that issues tokens supplies one for its prefix. */
export interface TokenResolver {
  prefix: string;
  resolve(token: string, request: FastifyRequest): Promise<Principal | undefined>;
}

/**
 * Where an action happens: the center's lineage (the center itself first, then its ancestors up to the
 * root) and, when the thing belongs to one, the department.
 */
export interface Scope {
  lineage: string[];
  departmentId?: string | null;
}

/** Whether a grant covers a scope: its center is the scope's center or an ancestor, and its department matches. */
export function grantCovers(grant: RoleGrant, scope: Scope | undefined): boolean {
  if (!scope) return true;
  if (grant.centerId !== null && !scope.lineage.includes(grant.centerId)) return false;
  if (grant.departmentId !== null && grant.departmentId !== scope.departmentId) return false;
  return true;
}

/** Whether the principal holds one of `roles` for `scope` (any scope when none is given). */
export function hasRole(principal: Principal | undefined, roles: readonly RoleName[], scope?: Scope): boolean {
  if (!principal || principal.kind !== 'user') return false;
  return principal.roles.some((grant) => roles.includes(grant.role) && grantCovers(grant, scope));
}

export function requireUser(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const principal = request.principal;
  if (!principal) throw unauthorized();
  if (principal.kind !== 'user') throw forbidden(principal.kind === 'device' ? '设备令牌不能执行此操作' : principal.kind === 'citizen' ? '请使用工作人员账号登录' : '部门系统接口密钥不能执行此操作');
  return principal;
}

/** Refuses with 401 when nobody is signed in and 403 when the person lacks every one of the roles for the scope. */
export function requireRole(request: FastifyRequest, roles: readonly RoleName[], scope?: Scope): Extract<Principal, { kind: 'user' }> {
  const user = requireUser(request);
  if (!hasRole(user, roles, scope)) throw forbidden();
  return user;
}

export function requireDevice(request: FastifyRequest, kinds: readonly string[]): Extract<Principal, { kind: 'device' }> {
  const principal = request.principal;
  if (!principal) throw unauthorized('UNAUTHENTICATED', '需要设备令牌');
  // A person signed in is told it takes a device, a wrong device that it is the wrong one.
  if (principal.kind !== 'device') throw forbidden('此操作只能在大厅的自助设备上进行');
  if (!kinds.includes(principal.deviceKind)) throw forbidden('该设备不能执行此操作');
  return principal;
}

/** The audit actor for a request. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  if (!principal) return { kind: 'anonymous', ip: request.ip };
  if (principal.kind === 'system') return { kind: 'system', name: principal.name };
  return { kind: principal.kind, id: principal.id, name: principal.name, ip: request.ip };
}

/** Reads the bearer token from the Authorization header, or, for GET requests from browsers (EventSource), the session cookie. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  if (request.method === 'GET') return request.cookies?.[sessionCookie];
  return undefined;
}

export const sessionCookie = 'onedoor_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}
