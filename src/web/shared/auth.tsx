import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, request, setUnauthorizedHandler, tokenStore } from './api';
import type { User } from './types';

interface AuthState {
  /** undefined while the session is being checked at start-up; null when nobody is signed in. */
  user: User | null | undefined;
  /** The person signed out themselves (rather than the session lapsing), so there is no page to return to. */
  signedOutOnPurpose: boolean;
  logIn(username: string, password: string): Promise<User>;
  logOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(() => (tokenStore.get() ? undefined : null));
  const [signedOutOnPurpose, setSignedOutOnPurpose] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();

  // A lapsed session sends the person to sign in again and back to where they were.
  const here = location.pathname + location.search;
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setUser(null);
      navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
  }, [navigate, here]);

  useEffect(() => {
    if (!tokenStore.get()) return;
    let cancelled = false;
    api
      .get<User>('/api/v1/auth/me')
      .then((me) => !cancelled && setUser(me))
      // A 401 already cleared the token; any other failure leaves the person signed out rather than stuck loading.
      .catch(() => !cancelled && setUser(null));
    return () => {
      cancelled = true;
    };
  }, []);

  const logIn = useCallback(async (username: string, password: string) => {
    const result = await request<{ token: string; user: User }>('POST', '/api/v1/auth/login', { body: { username, password }, redirectOn401: false });
    tokenStore.set(result.token);
    setSignedOutOnPurpose(false);
    setUser(result.user);
    return result.user;
  }, []);

  const logOut = useCallback(async () => {
    try {
      await request('POST', '/api/v1/auth/logout', { redirectOn401: false });
    } finally {
      tokenStore.clear();
      setSignedOutOnPurpose(true);
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, signedOutOnPurpose, logIn, logOut }), [user, signedOutOnPurpose, logIn, logOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in person, inside screens that the layout has already guarded. */
export function useCurrentUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser without a signed-in user');
  return user;
}
