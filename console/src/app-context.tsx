/**
 * What every page reads through hooks: the API client, the signed-in admin's session and what
 * their roles allow. Provided once by <App>.
 */
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { GraphClient } from './api/graph.ts';
import type { AuthClient, Session } from './auth/auth-client.ts';
import { accessOf, type Access } from './auth/permissions.ts';
import type { ConsoleConfig } from './config.ts';

interface AppContextValue {
  config: ConsoleConfig;
  auth: AuthClient;
  graph: GraphClient;
}

const AppContext = createContext<AppContextValue | undefined>(undefined);

export function AppContextProvider({ value, children }: { value: AppContextValue; children: ReactNode }) {
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContextProvider>');
  return value;
}

export const useConfig = () => useApp().config;
export const useAuth = () => useApp().auth;
/** The management API client (see api/graph.ts). */
export const useGraph = () => useApp().graph;

/** The current session (re-renders when tokens are refreshed or the admin signs out). */
export function useSession(): Session | undefined {
  const auth = useAuth();
  return useSyncExternalStore(auth.subscribe, () => auth.session);
}

/** What the signed-in admin may do (from the token's scopes and directory roles). */
export function useAccess(): Access {
  const session = useSession();
  const scp = session?.claims.scp;
  const wids = session?.claims.wids?.join(' ');
  return useMemo(() => accessOf({ scp, wids: wids ? wids.split(' ') : [] }), [scp, wids]);
}
