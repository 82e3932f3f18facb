import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { actorOf, grantCovers, hasRole, requireDevice, requireRole, requireUser, tokenOf, type Principal, type RoleGrant } from './auth.ts';

const grant = (role: RoleGrant['role'], centerId: string | null = null, departmentId: string | null = null): RoleGrant => ({ role, centerId, departmentId });
const user = (...roles: RoleGrant[]): Principal => ({ kind: 'user', id: 'u1', username: 'u', name: '用户', roles, sessionId: 's1' });
const device: Principal = { kind: 'device', id: 'd1', name: '取号机', deviceKind: 'kiosk', centerId: 'city', windowId: null };
const request = (fields: Partial<{ principal: Principal; method: string; headers: Record<string, string>; cookies: Record<string, string>; ip: string }>) =>
  ({ method: 'GET', headers: {}, cookies: {}, ip: '10.0.0.1', principal: undefined, ...fields }) as unknown as FastifyRequest;

/** The status and code an action is refused with, or 'ok'. */
function outcome(action: () => unknown): string {
  try {
    action();
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return `${error.statusCode} ${error.code}`;
    throw error;
  }
}

describe('grantCovers', () => {
  const townScope = { lineage: ['town', 'district', 'city'], departmentId: null };
  it.each([
    [grant('admin'), true],
    [grant('admin', 'town'), true],
    [grant('admin', 'city'), true], // an ancestor
    [grant('admin', 'other'), false],
    [grant('window_staff', 'city', 'police'), false], // a department role does not cover a thing without department
  ])('%o covers the town: %s', (g, covers) => {
    expect(grantCovers(g, townScope)).toBe(covers);
  });

  it('matches departments exactly', () => {
    const scope = { lineage: ['city'], departmentId: 'police' };
    expect(grantCovers(grant('window_staff', 'city', 'police'), scope)).toBe(true);
    expect(grantCovers(grant('window_staff', 'city', 'tax'), scope)).toBe(false);
    expect(grantCovers(grant('window_staff', 'city'), scope)).toBe(true);
  });

  it('covers anything when no scope is asked for', () => {
    expect(grantCovers(grant('agent', 'far', 'dept'), undefined)).toBe(true);
  });
});

describe('hasRole', () => {
  it('needs one of the roles for the scope', () => {
    const manager = user(grant('center_manager', 'city'), grant('window_staff', 'other'));
    expect(hasRole(manager, ['center_manager'], { lineage: ['district', 'city'] })).toBe(true);
    expect(hasRole(manager, ['center_manager'], { lineage: ['other'] })).toBe(false);
    expect(hasRole(manager, ['admin', 'window_staff'], { lineage: ['other'] })).toBe(true);
    expect(hasRole(manager, ['admin'])).toBe(false);
  });

  it('is false for nobody and for devices', () => {
    expect(hasRole(undefined, ['admin'])).toBe(false);
    expect(hasRole(device, ['admin', 'window_staff'])).toBe(false);
  });
});

describe('requireUser, requireRole, requireDevice', () => {
  it('refuse nobody with 401 and the wrong kind of caller with 403', () => {
    expect(outcome(() => requireUser(request({})))).toBe('401 UNAUTHENTICATED');
    expect(outcome(() => requireUser(request({ principal: device })))).toBe('403 FORBIDDEN');
    expect(outcome(() => requireUser(request({ principal: user() })))).toBe('ok');
    expect(outcome(() => requireRole(request({}), ['admin']))).toBe('401 UNAUTHENTICATED');
    expect(outcome(() => requireRole(request({ principal: user(grant('supervisor')) }), ['admin']))).toBe('403 FORBIDDEN');
    expect(outcome(() => requireRole(request({ principal: user(grant('admin', 'city')) }), ['admin'], { lineage: ['other'] }))).toBe('403 FORBIDDEN');
    expect(outcome(() => requireRole(request({ principal: user(grant('admin', 'city')) }), ['admin'], { lineage: ['town', 'city'] }))).toBe('ok');
    expect(outcome(() => requireDevice(request({}), ['kiosk']))).toBe('401 UNAUTHENTICATED');
    expect(outcome(() => requireDevice(request({ principal: user(grant('admin')) }), ['kiosk']))).toBe('403 FORBIDDEN');
    expect(outcome(() => requireDevice(request({ principal: device }), ['rating_pad']))).toBe('403 FORBIDDEN');
    expect(outcome(() => requireDevice(request({ principal: device }), ['kiosk', 'terminal']))).toBe('ok');
  });
});

describe('tokenOf', () => {
  it('reads the bearer header, in any case of the scheme', () => {
    expect(tokenOf(request({ headers: { authorization: 'Bearer ods_abc' } }))).toBe('ods_abc');
    expect(tokenOf(request({ headers: { authorization: 'bearer   ods_abc' } }))).toBe('ods_abc');
  });

  it('ignores other schemes and a malformed header, without falling back to the cookie', () => {
    expect(tokenOf(request({ headers: { authorization: 'Basic abc' }, cookies: { onedoor_session: 'ods_cookie' } }))).toBeUndefined();
    expect(tokenOf(request({ headers: { authorization: 'Bearer a b' } }))).toBeUndefined();
  });

  it('reads the session cookie for GET only', () => {
    expect(tokenOf(request({ cookies: { onedoor_session: 'ods_cookie' } }))).toBe('ods_cookie');
    expect(tokenOf(request({ method: 'POST', cookies: { onedoor_session: 'ods_cookie' } }))).toBeUndefined();
    expect(tokenOf(request({}))).toBeUndefined();
  });
});

describe('actorOf', () => {
  it('names who acts, and from where', () => {
    expect(actorOf(request({}))).toEqual({ kind: 'anonymous', ip: '10.0.0.1' });
    expect(actorOf(request({ principal: user() }))).toEqual({ kind: 'user', id: 'u1', name: '用户', ip: '10.0.0.1' });
    expect(actorOf(request({ principal: device }))).toEqual({ kind: 'device', id: 'd1', name: '取号机', ip: '10.0.0.1' });
  });
});
