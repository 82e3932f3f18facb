import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as password from '../../src/server/modules/accounts/password.ts';
import { adminPassword, type TestApp } from '../helpers/testApp.ts';
import { call, create, expectAudited, expectError, expectRefused, expectStatus, staffPassword, type Org, orgApp } from '../helpers/fixtures.ts';

// Lets one test choose what the password generator draws; every other call is the real generator.
vi.mock('../../src/server/modules/accounts/password.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/server/modules/accounts/password.ts')>();
  return { ...real, generatePassword: vi.fn(real.generatePassword) };
});

let t: TestApp;
let o: Org;
let admin: string;
beforeAll(async () => ({ t, o, admin } = await orgApp()));
afterAll(async () => t?.close());

const newUser = (username: string, roles: unknown[] = [], extra: Record<string, unknown> = {}) => ({ username, password: 'Strong#2026', name: '新同事', roles, ...extra });
const post = (body: unknown, token = t.adminToken) => t.request('POST', '/api/v1/users', { token, body });
const login = (username: string, pass: string) => t.request('POST', '/api/v1/auth/login', { body: { username, password: pass } });

describe('POST /api/v1/users', () => {
  it('creates an account with scoped roles and answers it without any password', async () => {
    const body = expectStatus(
      await post(newUser('zhang.wei', [
        { role: 'window_staff', centerId: o.city.id, departmentId: o.police.id },
        { role: 'window_staff', centerId: o.city.id, departmentId: o.police.id }, // duplicates collapse
        { role: 'agent', centerId: o.district.id },
      ])),
      201,
    );
    expect(body).toEqual({
      id: expect.any(String),
      username: 'zhang.wei',
      name: '新同事',
      disabled: false,
      roles: [
        { role: 'agent', centerId: o.district.id, departmentId: null },
        { role: 'window_staff', centerId: o.city.id, departmentId: o.police.id },
      ],
      createdAt: expect.any(String),
    });
    await expectAudited(t, body.id, { action: 'user.create', actorId: admin, after: body });
    expectStatus(await login('zhang.wei', 'Strong#2026'), 200);
  });

  it('keeps usernames unique without regard to case: 409 USERNAME_TAKEN', async () => {
    await create(t, '/api/v1/users', newUser('Li.Na'));
    for (const username of ['li.na', 'LI.NA', 'Li.Na']) {
      await expectRefused(t, () => post(newUser(username)), 409, 'USERNAME_TAKEN');
    }
  });

  it.each([
    ['too short', 'Ab#1234'],
    ['one class only', 'abcdefghij'],
    ['digits only', '1234567890'],
    ['containing the username', 'Weak.User#2026'],
  ])('refuses a weak password (%s) with 400 WEAK_PASSWORD', async (_why, weak) => {
    await expectRefused(t, () => post(newUser('weak.user', [], { password: weak })), 400, 'WEAK_PASSWORD');
  });

  it.each([
    ['a missing username', { password: 'Strong#2026', name: '某', roles: [] }],
    ['a missing name', { username: 'nameless', password: 'Strong#2026', roles: [] }],
    ['missing roles', { username: 'roleless', password: 'Strong#2026', name: '某' }],
    ['a username with spaces', newUser('two words')],
    ['a Chinese username', newUser('张伟')],
    ['a one-letter username', newUser('a')],
    ['an unknown role', newUser('r1', [{ role: 'king' }])],
    ['roles not an array', newUser('r2', { role: 'admin' } as unknown as unknown[])],
    ['a role of the wrong type', newUser('r3', ['admin'])],
    ['an empty name', newUser('r4', [], { name: '' })],
    ['a name too long', newUser('r5', [], { name: '名'.repeat(51) })],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_what, body) => {
    await expectRefused(t, () => post(body), 400, 'VALIDATION_ERROR');
  });

  it('refuses roles in an unknown center (404) and a department outside its center (400 INVALID_SCOPE)', async () => {
    await expectRefused(t, () => post(newUser('ghost.center', [{ role: 'window_staff', centerId: 'no-such-center' }])), 404, 'NOT_FOUND');
    await expectRefused(t, () => post(newUser('ghost.dept', [{ role: 'window_staff', centerId: o.city.id, departmentId: 'no-such-dept' }])), 404, 'NOT_FOUND');
    await expectRefused(t, () => post(newUser('wrong.dept', [{ role: 'window_staff', centerId: o.city.id, departmentId: o.otherDept.id }])), 400, 'INVALID_SCOPE');
    await expectRefused(t, () => post(newUser('dept.only', [{ role: 'window_staff', departmentId: o.police.id }])), 400, 'INVALID_SCOPE');
  });

  describe('an admin scoped to a center', () => {
    const token = () => o.accounts.cityAdmin.token;

    it('grants roles within its centers and the centers below', async () => {
      const user = expectStatus(await post(newUser('town.clerk', [{ role: 'window_staff', centerId: o.town.id }]), token()), 201);
      expect(user.roles).toEqual([{ role: 'window_staff', centerId: o.town.id, departmentId: null }]);
      await expectAudited(t, user.id, { action: 'user.create', actorId: o.accounts.cityAdmin.id });
    });

    it.each([
      ['a global role', () => [{ role: 'supervisor' }]],
      ['a global admin', () => [{ role: 'admin', centerId: null }]],
      ['a role in another city', () => [{ role: 'window_staff', centerId: o.other.id }]],
      ['one role in scope and one out of it', () => [{ role: 'window_staff', centerId: o.city.id }, { role: 'window_staff', centerId: o.other.id }]],
    ])('cannot grant %s: 403', async (_what, roles) => {
      await expectRefused(t, () => post(newUser('overreach', roles()), token()), 403, 'FORBIDDEN');
    });

    it('cannot read, change or reset accounts outside its scope', async () => {
      for (const target of [admin, o.accounts.otherManager.id]) {
        await expectRefused(t, () => t.request('GET', `/api/v1/users/${target}`, { token: token() }), 403, 'FORBIDDEN');
        await expectRefused(t, () => t.request('PATCH', `/api/v1/users/${target}`, { token: token(), body: { disabled: true } }), 403, 'FORBIDDEN');
        await expectRefused(t, () => t.request('POST', `/api/v1/users/${target}/reset-password`, { token: token(), body: {} }), 403, 'FORBIDDEN');
      }
    });

    it('cannot lift an account in its scope out of it', async () => {
      const target = o.accounts.staff2.id;
      await expectRefused(t, () => t.request('PATCH', `/api/v1/users/${target}`, { token: token(), body: { roles: [{ role: 'admin' }] } }), 403, 'FORBIDDEN');
      const changed = await call(t, 'PATCH', `/api/v1/users/${target}`, 200, { token: token(), body: { roles: [{ role: 'window_staff', centerId: o.district.id }] } });
      expect(changed.roles).toEqual([{ role: 'window_staff', centerId: o.district.id, departmentId: null }]);
      await call(t, 'PATCH', `/api/v1/users/${target}`, 200, { token: token(), body: { roles: [{ role: 'window_staff', centerId: o.city.id }] } });
    });

    it('lists only accounts with a role in its centers', async () => {
      const { items, total } = await call(t, 'GET', '/api/v1/users?pageSize=200', 200, { token: token() });
      expect(total).toBe(items.length);
      const names = items.map((u: { username: string }) => u.username);
      expect(names).toContain('staff');
      expect(names).toContain('districtManager');
      expect(names).not.toContain('admin');
      expect(names).not.toContain('otherManager');
      expect(names).not.toContain('otherAdmin');
    });
  });
});

describe('GET /api/v1/users', () => {
  it('pages through every account, newest first', async () => {
    const all = await call(t, 'GET', '/api/v1/users?pageSize=200', 200, { token: t.adminToken });
    expect(all.total).toBe(all.items.length);
    expect(all.items.at(-1).username).toBe('admin');
    const page2 = await call(t, 'GET', '/api/v1/users?page=2&pageSize=3', 200, { token: t.adminToken });
    expect(page2).toMatchObject({ page: 2, pageSize: 3, total: all.total });
    expect(page2.items.map((u: { id: string }) => u.id)).toEqual(all.items.slice(3, 6).map((u: { id: string }) => u.id));
  });

  it('filters by text, role and center', async () => {
    expect((await call(t, 'GET', '/api/v1/users?q=MANAGER', 200, { token: t.adminToken })).items.map((u: { username: string }) => u.username).sort()).toEqual(['cityManager', 'districtManager', 'otherManager']);
    expect((await call(t, 'GET', '/api/v1/users?q=%25', 200, { token: t.adminToken })).total).toBe(0); // % is literal
    expect((await call(t, 'GET', '/api/v1/users?role=supervisor', 200, { token: t.adminToken })).items.map((u: { username: string }) => u.username)).toEqual(['supervisor']);
    const inDistrict = await call(t, 'GET', `/api/v1/users?centerId=${o.district.id}`, 200, { token: t.adminToken });
    expect(inDistrict.items.map((u: { username: string }) => u.username).sort()).toEqual(expect.arrayContaining(['districtManager', 'districtStaff']));
    expect(inDistrict.items.every((u: { roles: { centerId: string }[] }) => u.roles.some((r) => r.centerId === o.district.id))).toBe(true);
  });

  it.each(['page=0', 'pageSize=201', 'page=x', 'role=king'])('refuses ?%s with 400', async (query) => {
    expectError(await t.request('GET', `/api/v1/users?${query}`, { token: t.adminToken }), 400, 'VALIDATION_ERROR');
  });
});

describe('GET /api/v1/users/:id', () => {
  it('answers the account', async () => {
    expect(await call(t, 'GET', `/api/v1/users/${o.accounts.staff.id}`, 200, { token: t.adminToken })).toMatchObject({ id: o.accounts.staff.id, username: 'staff' });
  });
  it('answers 404 NOT_FOUND for an unknown id and 400 for an overlong one', async () => {
    expectError(await t.request('GET', '/api/v1/users/nobody', { token: t.adminToken }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', `/api/v1/users/${'x'.repeat(65)}`, { token: t.adminToken }), 400, 'VALIDATION_ERROR');
  });
});

describe('PATCH /api/v1/users/:id', () => {
  it('renames and changes roles, with the before and after in the audit log', async () => {
    const user = await create(t, '/api/v1/users', newUser('renamed', [{ role: 'agent', centerId: o.city.id }]));
    const after = await call(t, 'PATCH', `/api/v1/users/${user.id}`, 200, { token: t.adminToken, body: { name: '改名后', roles: [{ role: 'supervisor', centerId: o.city.id }] } });
    expect(after).toMatchObject({ name: '改名后', roles: [{ role: 'supervisor', centerId: o.city.id, departmentId: null }] });
    await expectAudited(t, user.id, { action: 'user.update', actorId: admin, before: user, after });
  });

  it('disabling ends every session at once; enabling lets the person log in again', async () => {
    const user = await create(t, '/api/v1/users', newUser('disabled.one', [{ role: 'window_staff', centerId: o.city.id }]));
    const tokens = [await t.login('disabled.one', 'Strong#2026'), await t.login('disabled.one', 'Strong#2026')];
    const disabled = await call(t, 'PATCH', `/api/v1/users/${user.id}`, 200, { token: t.adminToken, body: { disabled: true } });
    expect(disabled.disabled).toBe(true);
    for (const token of tokens) expectError(await t.request('GET', '/api/v1/auth/me', { token }), 401, 'UNAUTHENTICATED');
    await expectAudited(t, user.id, { action: 'user.disable', actorId: admin });
    expectError(await login('disabled.one', 'Strong#2026'), 403, 'ACCOUNT_DISABLED');
    await call(t, 'PATCH', `/api/v1/users/${user.id}`, 200, { token: t.adminToken, body: { disabled: false } });
    await expectAudited(t, user.id, { action: 'user.enable', actorId: admin });
    // the old sessions stay ended; a new login works
    for (const token of tokens) expectError(await t.request('GET', '/api/v1/auth/me', { token }), 401, 'UNAUTHENTICATED');
    expectStatus(await login('disabled.one', 'Strong#2026'), 200);
  });

  it('refuses to disable oneself or drop one’s own admin role', async () => {
    await expectRefused(t, () => t.request('PATCH', `/api/v1/users/${admin}`, { token: t.adminToken, body: { disabled: true } }), 400, 'CANNOT_DISABLE_SELF');
    await expectRefused(t, () => t.request('PATCH', `/api/v1/users/${admin}`, { token: t.adminToken, body: { roles: [{ role: 'supervisor' }] } }), 400, 'CANNOT_DROP_OWN_ADMIN');
    await expectRefused(t, () => t.request('PATCH', `/api/v1/users/${admin}`, { token: t.adminToken, body: { roles: [] } }), 400, 'CANNOT_DROP_OWN_ADMIN');
    expectStatus(await t.request('GET', '/api/v1/auth/me', { token: t.adminToken }), 200);
  });

  it('refuses bad input and unknown accounts', async () => {
    await expectRefused(t, () => t.request('PATCH', `/api/v1/users/${o.accounts.staff.id}`, { token: t.adminToken, body: { disabled: 'maybe' } }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => t.request('PATCH', `/api/v1/users/${o.accounts.staff.id}`, { token: t.adminToken, body: { roles: [{ role: 'king' }] } }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => t.request('PATCH', `/api/v1/users/${o.accounts.staff.id}`, { token: t.adminToken, body: { roles: [{ role: 'agent', centerId: 'nowhere' }] } }), 404, 'NOT_FOUND');
    await expectRefused(t, () => t.request('PATCH', '/api/v1/users/nobody', { token: t.adminToken, body: { name: '某' } }), 404, 'NOT_FOUND');
  });
});

describe('POST /api/v1/users/:id/reset-password', () => {
  it('generates a password once, ends the sessions and lifts a lock-out', async () => {
    const user = await create(t, '/api/v1/users', newUser('forgetful', [{ role: 'window_staff', centerId: o.city.id }]));
    const session = await t.login('forgetful', 'Strong#2026');
    for (let i = 0; i < 5; i++) expectError(await login('forgetful', 'Guess#0000'), 401, 'INVALID_CREDENTIALS');
    expectError(await login('forgetful', 'Strong#2026'), 429, 'TOO_MANY_ATTEMPTS');

    const { password: generated } = await call(t, 'POST', `/api/v1/users/${user.id}/reset-password`, 200, { token: t.adminToken });
    expect(generated).toMatch(/^[A-Za-z2-9]{12}$/);
    expectError(await t.request('GET', '/api/v1/auth/me', { token: session }), 401, 'UNAUTHENTICATED');
    expectError(await login('forgetful', 'Strong#2026'), 401, 'INVALID_CREDENTIALS');
    expectStatus(await login('forgetful', generated), 200);
    const audit = await expectAudited(t, user.id, { action: 'auth.login', actorId: user.id });
    expect(audit).toBeDefined();
    const resets = (await call(t, 'GET', `/api/v1/audit?entityId=${user.id}&action=user.reset_password`, 200, { token: t.adminToken })).items;
    expect(resets).toHaveLength(1);
    expect(resets[0]).toMatchObject({ actorId: admin, before: null, after: null });
  });

  it('sets a chosen password, and refuses a weak one without changing anything', async () => {
    const user = await create(t, '/api/v1/users', newUser('picked', [{ role: 'agent', centerId: o.city.id }]));
    await expectRefused(t, () => t.request('POST', `/api/v1/users/${user.id}/reset-password`, { token: t.adminToken, body: { password: 'weak' } }), 400, 'WEAK_PASSWORD');
    expectStatus(await login('picked', 'Strong#2026'), 200);
    expect(await call(t, 'POST', `/api/v1/users/${user.id}/reset-password`, 200, { token: t.adminToken, body: { password: 'Chosen.by.admin1' } })).toEqual({ password: 'Chosen.by.admin1' });
    expectStatus(await login('picked', 'Chosen.by.admin1'), 200);
  });

  it('draws again when the generated password happens to contain the username', async () => {
    const user = await create(t, '/api/v1/users', newUser('ab', [{ role: 'agent', centerId: o.city.id }]));
    vi.mocked(password.generatePassword).mockReturnValueOnce('xxABxxxxxx2a');
    const { password: generated } = await call(t, 'POST', `/api/v1/users/${user.id}/reset-password`, 200, { token: t.adminToken });
    expect(generated).not.toBe('xxABxxxxxx2a');
    expect(generated.toLowerCase()).not.toContain('ab');
    expectStatus(await login('ab', generated), 200);
  });

  it('answers 404 for an unknown account', async () => {
    await expectRefused(t, () => t.request('POST', '/api/v1/users/nobody/reset-password', { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('secrets never reach the audit log', () => {
  it('holds no password, password hash or session token in any before or after', async () => {
    const { rows } = await sql<{ row: string }>`SELECT concat(before::text, ' ', after::text) AS row FROM audit_log`.execute(t.database.db);
    expect(rows.length).toBeGreaterThan(20);
    const text = rows.map((r) => r.row).join('\n');
    // a device's token hint (odd_ and four characters) is kept on purpose; the token itself must not be
    for (const secret of [adminPassword, staffPassword, 'Strong#2026', 'Chosen.by.admin1', 'scrypt$', 'password', 'ods_', t.adminToken, o.tokens.kiosk, o.tokens.otherKiosk]) {
      expect(text).not.toContain(secret);
    }
  });
});
