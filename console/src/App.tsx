/**
 * Routes: /console/callback and /console/signed-out are the sign-in's ends; everything else is
 * inside the shell, behind sign-in, one route per entry of shell/pages.ts.
 */
import { Body1, Button, Card, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { GraphClient } from './api/graph.ts';
import { AppContextProvider, useAccess, useAuth, useSession } from './app-context.tsx';
import type { AuthClient } from './auth/auth-client.ts';
import { ApiErrorBar } from './components/ApiErrorBar.tsx';
import { PageHeader } from './components/PageHeader.tsx';
import { basePath, type ConsoleConfig } from './config.ts';
import { AppShell } from './shell/AppShell.tsx';
import { ComingSoon } from './shell/ComingSoon.tsx';
import { NoAccess } from './shell/NoAccess.tsx';
import { pages, type ConsolePage } from './shell/pages.ts';

export interface AppProps {
  config: ConsoleConfig;
  auth: AuthClient;
  graph: GraphClient;
  queryClient: QueryClient;
}

export function App({ config, auth, graph, queryClient }: AppProps) {
  return (
    <AppContextProvider value={{ config, auth, graph }}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename={basePath}>
          <Routes>
            <Route path="callback" element={<Callback />} />
            <Route path="signed-out" element={<SignedOut />} />
            <Route element={<RequireSignIn><AppShell /></RequireSignIn>}>
              {pages.map((page) => (
                <Route
                  key={page.path}
                  path={[page.path, page.params].filter(Boolean).join('/') || undefined}
                  index={page.path === '' ? true : undefined}
                  element={<PageRoute page={page} />}
                />
              ))}
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </AppContextProvider>
  );
}

function PageRoute({ page }: { page: ConsolePage }) {
  const access = useAccess();
  if (page.requires.length > 0 && !access.can(...page.requires)) return <NoAccess />;
  const Page = page.component;
  return Page ? <Page /> : <ComingSoon page={page} />;
}

function NotFound() {
  return <PageHeader title="Page not found" summary="There is no such page in the admin center. Pick one from the menu." />;
}

const useStyles = makeStyles({
  center: { display: 'grid', placeItems: 'center', minHeight: '100vh', padding: tokens.spacingHorizontalL },
  card: { maxWidth: '60ch', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

function Centered({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return <div className={styles.center}><Card className={styles.card}>{children}</Card></div>;
}

/** Sends a visitor without a session through Limen's sign-in, back to the same page. */
function RequireSignIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const auth = useAuth();
  const access = useAccess();
  const location = useLocation();
  useEffect(() => {
    if (!session) void startSignIn(auth, `${basePath}${location.pathname}${location.search}`);
  }, [session, auth, location.pathname, location.search]);
  if (!session) return <Centered><Spinner label="Signing you in…" /></Centered>;
  if (access.roles.length === 0) return <Centered><NoAccess whole /></Centered>;
  return children;
}

let signingIn = false;
function startSignIn(auth: AuthClient, returnTo: string, prompt?: 'login') {
  if (signingIn) return;
  signingIn = true;
  return auth.signIn(returnTo, prompt ? { prompt } : {});
}

// One redemption per callback URL (React may mount the component twice in development).
let completing: { url: string; result: Promise<string> } | undefined;

function Callback() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const url = window.location.href;
    if (completing?.url !== url) completing = { url, result: auth.completeSignIn(new URL(url)) };
    completing.result.then(
      (returnTo) => navigate(returnTo.slice(basePath.length) || '/', { replace: true }),
      setError,
    );
  }, [auth, navigate]);
  if (!error) return <Centered><Spinner label="Finishing sign-in…" /></Centered>;
  return (
    <Centered>
      <PageHeader title="Sign-in did not complete" />
      <ApiErrorBar error={error} />
      <Body1>Limen did not sign you in to the admin center. Try again; if it keeps failing, quote the message above to your administrator.</Body1>
      <Button appearance="primary" onClick={() => void startSignIn(auth, `${basePath}/`)}>Sign in again</Button>
    </Centered>
  );
}

function SignedOut() {
  const auth = useAuth();
  return (
    <Centered>
      <PageHeader title="You signed out" summary="You signed out of the Limen admin center." />
      <Button appearance="primary" onClick={() => void startSignIn(auth, `${basePath}/`, 'login')}>Sign in</Button>
    </Centered>
  );
}
