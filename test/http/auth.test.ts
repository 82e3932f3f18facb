import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent } from '../../src/server/platform/events.ts';
import { forgetIdentities, identityChanged } from '../../src/server/platform/principalCache.ts';
import { adminPassword, createTestApp, type TestApp } from '../helpers/testApp.ts';
import { addAccount, call, countRows, expectAudited, expectError, expectStatus, staffPassword } from '../helpers/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const login = (username: string, password: string, app = t) => app.request('POST', '/api/v1/auth/login', { body: { username, password } });
const me = (token: string | undefined, app = t) => app.request('GET', '/api/v1/auth/me', { token });

/** Moves a timestamp column back, as if time had passed — long enough for the server to forget who a token is too. */
async function age(app: TestApp, table: 'sessions' | 'login_attempts', column: 'last_seen_at' | 'at', seconds: number, where: ReturnType<typeof sql>) {
  forgetIdentities();
  await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${sql.ref(column)} - make_interval(secs => ${seconds}) WHERE ${where}`.execute(app.database.db);
}
const sessionOf = async (app: TestApp, userId: string) =>
  (await sql<{ last_seen_at: Date; ended_at: Date | null }>`SELECT last_seen_at, ended_at FROM sessions WHERE user_id = ${userId} ORDER BY created_at DESC LIMIT 1`.execute(app.database.db)).rows[0]!;

describe('POST /api/v1/auth/login', () => {
  it('answers a token, the user and a session cookie', async () => {
    const res = await login('admin', adminPassword);
    const body = expectStatus(res, 200);
    expect(body.token).toMatch(/^ods_[A-Za-z0-9_-]{32}$/);
    expect(body.user).toEqual({
      id: expect.any(String),
      username: 'admin',
      name: '系统管理员',
      disabled: false,
      roles: [{ role: 'admin', centerId: null, departmentId: null }],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`onedoor_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api/);
    expect(expectStatus(await me(body.token), 200).id).toBe(body.user.id);
  });

  it('takes the username in any case and with spaces around it', async () => {
    expectStatus(await login(' ADMIN ', adminPassword), 200);
  });

  it('refuses a wrong password and an unknown user alike with 401 INVALID_CREDENTIALS', async () => {
    const wrong = expectError(await login('admin', 'Wrong#2026'), 401, 'INVALID_CREDENTIALS');
    const unknown = expectError(await login('nobody', 'Wrong#2026'), 401, 'INVALID_CREDENTIALS');
    expect(unknown.message).toBe(wrong.message);
  });

  it.each([
    [{ username: 'admin' }],
    [{ password: adminPassword }],
    [{ username: '', password: adminPassword }],
    [{ username: 'admin', password: '' }],
    [{ username: { name: 'admin' }, password: adminPassword }],
    [{ username: 'admin', password: ['a', 'b'] }],
    [{ username: 'admin', password: 'x'.repeat(129) }],
    [[]],
  ])('refuses %j with 400 VALIDATION_ERROR', async (body) => {
    expectError(await t.request('POST', '/api/v1/auth/login', { body }), 400, 'VALIDATION_ERROR');
  });

  it('locks an account after 5 wrong passwords in 15 minutes, even against the right password', async () => {
    const user = await addAccount(t, 'locked', [{ role: 'window_staff' }]);
    for (let i = 0; i < 4; i++) expectError(await login(i % 2 ? 'LOCKED' : 'locked', 'Wrong#2026'), 401, 'INVALID_CREDENTIALS');
    expectStatus(await login('locked', staffPassword), 200); // four failures do not lock
    expectError(await login('locked', 'Wrong#2026'), 401, 'INVALID_CREDENTIALS'); // the fifth
    const refused = expectError(await login('locked', staffPassword), 429, 'TOO_MANY_ATTEMPTS');
    expect(refused.details).toEqual({ retryAfterMinutes: 15 });
    expect(refused.message).toContain('15 分钟');
    expectError(await login('Locked', staffPassword), 429, 'TOO_MANY_ATTEMPTS');
    // another account is not affected
    expectStatus(await login('admin', adminPassword), 200);
    // ten minutes later: five more to wait
    await age(t, 'login_attempts', 'at', 10 * 60, sql`lower(username) = 'locked'`);
    expect(expectError(await login('locked', staffPassword), 429, 'TOO_MANY_ATTEMPTS').details).toEqual({ retryAfterMinutes: 5 });
    // once the failures are older than 15 minutes, the right password works again
    await age(t, 'login_attempts', 'at', 5 * 60 + 1, sql`lower(username) = 'locked'`);
    expect(expectStatus(await login('locked', staffPassword), 200).user.id).toBe(user.id);
  });

  it('counts failures for unknown usernames too, so probing reveals nothing', async () => {
    for (let i = 0; i < 5; i++) expectError(await login('ghost', 'Wrong#2026'), 401, 'INVALID_CREDENTIALS');
    expectError(await login('ghost', 'Wrong#2026'), 429, 'TOO_MANY_ATTEMPTS');
  });

  it('refuses a disabled account with 403 ACCOUNT_DISABLED, and a wrong password still with 401', async () => {
    const user = await addAccount(t, 'leaver', [{ role: 'window_staff' }]);
    await call(t, 'PATCH', `/api/v1/users/${user.id}`, 200, { token: t.adminToken, body: { disabled: true } });
    const sessions = await countRows(t, 'sessions', { user_id: user.id });
    expectError(await login('leaver', staffPassword), 403, 'ACCOUNT_DISABLED');
    expectError(await login('leaver', 'Wrong#2026'), 401, 'INVALID_CREDENTIALS');
    expect(await countRows(t, 'sessions', { user_id: user.id })).toBe(sessions);
  });

  it('records the login in the audit log', async () => {
    const user = await addAccount(t, 'audited', [{ role: 'supervisor' }]);
    await expectAudited(t, user.id, { action: 'auth.login', actorId: user.id });
  });
});

describe('tokens', () => {
  it('accepts the bearer scheme in any case', async () => {
    expectStatus(await t.request('GET', '/api/v1/auth/me', { headers: { authorization: `bearer ${t.adminToken}` } }), 200);
  });

  it.each([
    ['an unknown session token', 'Bearer ods_unknown'],
    ['an unknown device token', 'Bearer odd_unknown'],
    ['a token of no known kind', 'Bearer abc'],
    ['another scheme', 'Basic YWRtaW46eA=='],
    ['a bearer without token', 'Bearer'],
  ])('treats %s as nobody: 401', async (_what, authorization) => {
    expectError(await t.request('GET', '/api/v1/auth/me', { headers: { authorization } }), 401, 'UNAUTHENTICATED');
  });

  it('accepts the session cookie for reads but not for writes', async () => {
    const token = await t.login('admin');
    const headers = { cookie: `onedoor_session=${token}` };
    expectStatus(await t.request('GET', '/api/v1/auth/me', { headers }), 200);
    expectError(await t.request('POST', '/api/v1/auth/logout', { headers }), 401, 'UNAUTHENTICATED');
    expectError(await t.request('POST', '/api/v1/departments', { headers, body: { centerId: 'x', name: '部门' } }), 401, 'UNAUTHENTICATED');
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('ends the session, clears the cookie, and leaves other sessions alone', async () => {
    const token = await t.login('admin');
    const other = await t.login('admin');
    const res = await t.request('POST', '/api/v1/auth/logout', { token });
    expect(expectStatus(res, 200)).toEqual({ ok: true });
    expect(String(res.headers['set-cookie'])).toMatch(/^onedoor_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    expectError(await me(token), 401, 'UNAUTHENTICATED');
    expectError(await t.request('POST', '/api/v1/auth/logout', { token }), 401, 'UNAUTHENTICATED');
    expectStatus(await me(other), 200);
    const adminUser = expectStatus(await me(other), 200);
    await expectAudited(t, adminUser.id, { action: 'auth.logout', actorId: adminUser.id });
  });
});

describe('GET /api/v1/auth/me', () => {
  it('answers the account with its roles', async () => {
    const user = await addAccount(t, 'scoped', [
      { role: 'window_staff', centerId: null },
      { role: 'supervisor', centerId: null },
    ]);
    expect(expectStatus(await me(user.token), 200)).toEqual({
      id: user.id,
      username: 'scoped',
      name: '测试scoped',
      disabled: false,
      roles: [
        { role: 'supervisor', centerId: null, departmentId: null },
        { role: 'window_staff', centerId: null, departmentId: null },
      ],
      createdAt: expect.any(String),
    });
  });
});

describe('POST /api/v1/auth/password', () => {
  it('changes the password, keeps this session and ends the others', async () => {
    const user = await addAccount(t, 'changer', [{ role: 'window_staff' }]);
    const other = await t.login('changer', staffPassword);
    expectError(await t.request('POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: 'Wrong#2026', newPassword: 'Better#2027' } }), 400, 'INVALID_CREDENTIALS');
    expectError(await t.request('POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: staffPassword, newPassword: 'short' } }), 400, 'WEAK_PASSWORD');
    expectError(await t.request('POST', '/api/v1/auth/password', { token: user.token, body: { currentPassword: staffPassword, newPassword: 'xChanger2027' } }), 400, 'WEAK_PASSWORD');
    expectStatus(await me(other), 200); // the refused attempts ended nothing
    expect(await call(t, 'POST', '/api/v1/auth/password', 200, { token: user.token, body: { currentPassword: staffPassword, newPassword: 'Better#2027' } })).toEqual({ ok: true });
    expectStatus(await me(user.token), 200);
    expectError(await me(other), 401, 'UNAUTHENTICATED');
    expectError(await login('changer', staffPassword), 401, 'INVALID_CREDENTIALS');
    expectStatus(await login('changer', 'Better#2027'), 200);
    const changes = (await call(t, 'GET', `/api/v1/audit?entityId=${user.id}&action=user.change_password`, 200, { token: t.adminToken })).items;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ actorId: user.id, before: null, after: null });
  });

  it('refuses a body without both fields', async () => {
    expectError(await t.request('POST', '/api/v1/auth/password', { token: t.adminToken, body: { newPassword: 'Better#2027' } }), 400, 'VALIDATION_ERROR');
  });
});

describe('session activity', () => {
  it('touches last_seen_at at most once a minute', async () => {
    const user = await addAccount(t, 'toucher', [{ role: 'window_staff' }]);
    await age(t, 'sessions', 'last_seen_at', 30, sql`user_id = ${user.id}`);
    const halfMinuteAgo = (await sessionOf(t, user.id)).last_seen_at.getTime();
    expectStatus(await me(user.token), 200);
    expect((await sessionOf(t, user.id)).last_seen_at.getTime()).toBe(halfMinuteAgo);
    await age(t, 'sessions', 'last_seen_at', 60, sql`user_id = ${user.id}`);
    expectStatus(await me(user.token), 200);
    expect(Date.now() - (await sessionOf(t, user.id)).last_seen_at.getTime()).toBeLessThan(10_000);
  });
});

describe('idle sessions (sessionIdleMinutes: 1)', () => {
  let short: TestApp;
  beforeAll(async () => {
    short = await createTestApp({ config: { sessionIdleMinutes: 1 } });
  });
  afterAll(async () => short?.close());

  it('keeps a session used within the minute', async () => {
    const token = await short.login('admin');
    await age(short, 'sessions', 'last_seen_at', 55, sql`ended_at IS NULL`);
    expectStatus(await me(token, short), 200);
  });

  it('ends a session idle for longer than a minute', async () => {
    const token = await short.login('admin');
    const id = expectStatus(await me(token, short), 200).id;
    await age(short, 'sessions', 'last_seen_at', 61, sql`ended_at IS NULL`);
    expectError(await me(token, short), 401, 'UNAUTHENTICATED');
    expect((await sessionOf(short, id)).ended_at).toBeInstanceOf(Date);
    // ended for good: it does not come back
    await sql`UPDATE sessions SET last_seen_at = now()`.execute(short.database.db);
    expectError(await me(token, short), 401, 'UNAUTHENTICATED');
    // a new login works
    expectStatus(await me(await short.login('admin'), short), 200);
  });
});

describe('remembered tokens (several nodes)', () => {
  it('a token stays known for a moment after another node ends its session, and is refused once that node announces it', async () => {
    const user = await addAccount(t, 'remembered', [{ role: 'window_staff' }]);
    expectStatus(await me(user.token), 200);
    // Another node signs the person out: its own memory is not this one's.
    await sql`UPDATE sessions SET ended_at = now() WHERE user_id = ${user.id}`.execute(t.database.db);
    expectStatus(await me(user.token), 200);
    await publishEvent(t.database.db, { type: identityChanged, centerId: null, audience: 'staff', data: {} });
    const deadline = Date.now() + 5_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await me(user.token)).statusCode;
    }
    expect(status).toBe(401);
  });
});
