import type { Executor } from '../../src/server/db/types.ts';

/** One API call; either app.inject (HTTP tests) or fetch against a running server (browser tests). */
export type ApiCall = (method: string, url: string, body?: unknown, token?: string) => Promise<{ status: number; body: any }>;

export const injectCall =
  (t: { request(method: string, url: string, options?: { token?: string; body?: unknown }): Promise<{ statusCode: number; body: string }> }): ApiCall =>
  async (method, url, body, token) => {
    const response = await t.request(method, url, { token, body });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };

export const fetchCall =
  (baseUrl: string): ApiCall =>
  async (method, url, body, token) => {
    const response = await fetch(baseUrl + url, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

/** The sign-in code last sent to a phone, read from the outbox as a person reads it from their SMS. */
export async function lastSignInCode(db: Executor, phone: string): Promise<string> {
  const message = await db.selectFrom('outbox_messages').select('body').where('recipient', '=', phone).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
  return /验证码是 (\d{6})/.exec(message.body)![1]!;
}

function expectStatus(what: string, response: { status: number; body: unknown }, status: number) {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** Signs a person in on the portal through the real API (code by SMS, then real-name binding when given); returns the token. */
export async function signInCitizen(call: ApiCall, db: Executor, person: { phone: string; idNumber?: string; name?: string }): Promise<string> {
  expectStatus('sign-in code', await call('POST', '/api/v1/citizen/sign-in-code', { phone: person.phone }), 200);
  const session = await call('POST', '/api/v1/citizen/sessions', { phone: person.phone, code: await lastSignInCode(db, person.phone) });
  expectStatus('sign in', session, 201);
  const token = session.body.token as string;
  if (person.idNumber) {
    const bound = await call('POST', '/api/v1/citizen/me/real-name', { idNumber: person.idNumber, name: person.name ?? '张三' }, token);
    expectStatus('real name', bound, 200);
  }
  return token;
}

/** A fresh personal code (亮码) of a signed-in, real-name person. */
export async function personalCodeOf(call: ApiCall, token: string): Promise<string> {
  const response = await call('POST', '/api/v1/citizen/me/personal-code', undefined, token);
  expectStatus('personal code', response, 200);
  return response.body.code as string;
}
