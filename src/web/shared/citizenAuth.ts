/**
 * The portal's signed-in person (个人中心), kept apart from the staff session in auth.tsx: its own token
 * under its own storage key, sent only by the calls made here, so a window clerk signed in on the same
 * browser never acts as a citizen and a citizen's token never reaches a staff screen.
 */
import { useContext, useEffect, useSyncExternalStore } from 'react';
import { ApiError, downloadFile, request, type RequestOptions } from './api';
import { renderedData, ServerLoadsContext, type RenderedData } from './renderedData';

/** GET /api/v1/citizen/me — the account, masked. */
export interface CitizenAccount {
  id: string;
  phone: string;
  realName: boolean;
  name: string | null;
  idNumber: string | null;
}

const tokenKey = 'onedoor.citizenToken';

/**
 * The token also goes in a cookie sent with the 个人中心 pages only (path /my), so the server can render
 * them for the person: it is read there for rendering and nothing else — the API takes the token from the
 * Authorization header alone, so a cookie a cross-site request carries acts on nothing.
 */
const citizenCookieName = 'onedoor_citizen';
const cookieLifetimeSeconds = 30 * 86_400;

function writeCookie(token: string | null): void {
  if (typeof document === 'undefined') return;
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${citizenCookieName}=${token ?? ''}; Path=/my; SameSite=Lax; Max-Age=${token ? cookieLifetimeSeconds : 0}${secure}`;
}

/** On the server, the token of the person a page is being rendered for, while one of its loads starts. */
let renderingFor: string | null = null;

/** Runs `start` (which must ask for what it needs synchronously) as the person whose token is given. */
export function withCitizenToken<T>(token: string | null, start: () => T): T {
  const before = renderingFor;
  renderingFor = token;
  try {
    return start();
  } finally {
    renderingFor = before;
  }
}

const inBrowser = typeof localStorage !== 'undefined';

const citizenTokenStore = {
  get: (): string | null => (inBrowser ? localStorage.getItem(tokenKey) : renderingFor),
  set: (token: string) => {
    localStorage.setItem(tokenKey, token);
    writeCookie(token);
  },
  clear: () => {
    if (!inBrowser) return;
    localStorage.removeItem(tokenKey);
    writeCookie(null);
  },
};

// A session from before the cookie (or one whose cookie lapsed) gets it back; a signed-out phone loses a stale one.
if (inBrowser) writeCookie(citizenTokenStore.get());

interface CitizenSession {
  /** undefined while the account is being read; null when nobody is signed in on the portal. */
  account: CitizenAccount | null | undefined;
  /** The person signed out themselves (rather than the session lapsing), so there is no page to sign in again for. */
  signedOutOnPurpose: boolean;
}

const signedOut: CitizenSession = { account: null, signedOutOnPurpose: false };

/** Where a page rendered for a signed-in person carries their account (see entry-server.tsx). */
const renderedAccountKey = 'citizen';

/** What a page rendered for a person says of them: their account, and the end of the token it was rendered with. */
interface RenderedCitizen {
  account: CitizenAccount;
  session: string;
}

/** Enough of a token to tell two sessions apart, too little to stand for one. */
const citizenSessionMark = (token: string): string => token.slice(-8);

/**
 * On the server, the data a page rendered for the person signed in with `token` starts with (their
 * account); undefined when the token signs nobody in.
 */
export async function renderedDataFor(token: string): Promise<RenderedData | undefined> {
  const account = await request<CitizenAccount>('GET', '/api/v1/citizen/me', { token, redirectOn401: false }).catch(() => undefined);
  return account && { [renderedAccountKey]: { account, session: citizenSessionMark(token) } satisfies RenderedCitizen };
}

const renderedSessions = new WeakMap<object, CitizenSession>();

/** The session a page was rendered with: the person it was rendered for, or nobody (one object per page, as React requires). */
function renderedSession(values: RenderedData): CitizenSession {
  let rendered = renderedSessions.get(values);
  if (!rendered) {
    const citizen = values[renderedAccountKey] as RenderedCitizen | undefined;
    rendered = citizen ? { account: citizen.account, signedOutOnPurpose: false } : signedOut;
    renderedSessions.set(values, rendered);
  }
  return rendered;
}

const hydratedSession = () => renderedSession(renderedData());

/**
 * The page came rendered for a session other than this browser's own: its storage was changed after the
 * cookie went out (or holds none). Such a page is rendered afresh in the browser, never taken over.
 */
export function renderedForAnotherSession(): boolean {
  const citizen = renderedData()[renderedAccountKey] as RenderedCitizen | undefined;
  return citizen !== undefined && citizen.session !== citizenSessionMark(citizenTokenStore.get() ?? '');
}

// A page rendered for the person starts with their account; otherwise it is read once the page is up.
let session: CitizenSession = citizenTokenStore.get() ? { account: (!renderedForAnotherSession() && hydratedSession().account) || undefined, signedOutOnPurpose: false } : signedOut;
const listeners = new Set<() => void>();
let loading: Promise<void> | undefined;

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
  // The server renders a page with the person it is rendering for (or nobody), and the browser hydrates it so.
  const server = useContext(ServerLoadsContext);
  const current = useSyncExternalStore(subscribe, () => session, () => (server ? renderedSession(server.values) : hydratedSession()));
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
