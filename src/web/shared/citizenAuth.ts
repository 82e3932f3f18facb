/**
 * The portal's signed-in person (个人中心), kept apart from the staff session in auth.tsx: its own token
 * under its own storage key, sent only by the calls made here, so a window clerk signed in on the same
 * browser never acts as a citizen and a citizen's token never reaches a staff screen.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { ApiError, downloadFile, request, type RequestOptions } from './api';

/** GET /api/v1/citizen/me — the account, masked. */
export interface CitizenAccount {
  id: string;
  phone: string;
  realName: boolean;
  name: string | null;
  idNumber: string | null;
}

const tokenKey = 'onedoor.citizenToken';

const citizenTokenStore = {
  get: (): string | null => (typeof localStorage === 'undefined' ? null : localStorage.getItem(tokenKey)),
  set: (token: string) => localStorage.setItem(tokenKey, token),
  clear: () => localStorage.removeItem(tokenKey),
};

interface CitizenSession {
  /** undefined while the account is being read; null when nobody is signed in on the portal. */
  account: CitizenAccount | null | undefined;
  /** The person signed out themselves (rather than the session lapsing), so there is no page to sign in again for. */
  signedOutOnPurpose: boolean;
}

const signedOut: CitizenSession = { account: null, signedOutOnPurpose: false };
let session: CitizenSession = { account: citizenTokenStore.get() ? undefined : null, signedOutOnPurpose: false };
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();

function setSession(next: CitizenSession): void {
  session = next;
  for (const listener of listeners) listener();
}

const setAccount = (account: CitizenAccount | null) => setSession({ account, signedOutOnPurpose: false });

/**
 * A call to the API as the signed-in person. A 401 means the session lapsed (or was signed out
 * elsewhere): the token goes, and the screens guarded by RequireCitizen send the person to sign in again.
 */
export function citizenRequest<T>(method: string, path: string, options: Omit<RequestOptions, 'token' | 'redirectOn401'> = {}): Promise<T> {
  return asCitizen((token) => request<T>(method, path, { ...options, token, redirectOn401: false }));
}

/** A file the API serves the signed-in person (their notice PDF), saved by the browser. */
export function citizenDownload(path: string, fallbackName: string): Promise<{ name: string; size: number }> {
  return asCitizen((token) => downloadFile(path, fallbackName, { token, redirectOn401: false }));
}

async function asCitizen<T>(call: (token: string) => Promise<T>): Promise<T> {
  const token = citizenTokenStore.get();
  if (!token) {
    setAccount(null);
    throw new ApiError(401, 'UNAUTHENTICATED', '请先用手机号登录');
  }
  try {
    return await call(token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      citizenTokenStore.clear();
      setAccount(null);
    }
    throw error;
  }
}

function loadAccount(): void {
  if (loading || session.account !== undefined) return;
  loading = citizenRequest<CitizenAccount>('GET', '/api/v1/citizen/me')
    // A 401 already signed the person out; any other failure leaves them signed out rather than stuck loading.
    .then(setAccount, () => setAccount(null))
    .finally(() => {
      loading = undefined;
    });
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The person signed in on the portal (read once per page load), and how to sign in and out. */
export function useCitizen() {
  // A page rendered by the server shows nobody signed in; the browser then shows the person it knows.
  const current = useSyncExternalStore(subscribe, () => session, () => signedOut);
  useEffect(loadAccount, []);
  return { ...current, signIn: signInCitizen, signOut: signOutCitizen, updated: setAccount };
}

/** POST /api/v1/citizen/sign-in-code — the SMS code; resolves with how long until another may be asked for. */
export async function sendSignInCode(phone: string): Promise<{ expiresAt: string; resendAfterSeconds: number }> {
  return request('POST', '/api/v1/citizen/sign-in-code', { body: { phone }, token: null, redirectOn401: false });
}

async function signInCitizen(phone: string, code: string): Promise<CitizenAccount> {
  const session = await request<{ token: string; citizen: CitizenAccount }>('POST', '/api/v1/citizen/sessions', { body: { phone, code }, token: null, redirectOn401: false });
  citizenTokenStore.set(session.token);
  setAccount(session.citizen);
  return session.citizen;
}

async function signOutCitizen(): Promise<void> {
  // The phone is signed out even when the server cannot be told (no network, a session that lapsed already).
  await citizenRequest('POST', '/api/v1/citizen/sign-out').catch(() => undefined);
  citizenTokenStore.clear();
  setSession({ account: null, signedOutOnPurpose: true });
}
