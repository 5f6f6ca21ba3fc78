/**
 * The admin center's entry: reads what the server put in the page, moves to Limen's public URL
 * when opened at another address (the sign-in's redirect URI and the token's audience live
 * there), then renders the app inside Fluent UI's provider. Fluent UI inserts its styles at run
 * time; they carry the page's CSP nonce (the server's CSP allows no other inline style).
 */
import { FluentProvider, RendererProvider, createDOMRenderer } from '@fluentui/react-components';
import { MutationCache, QueryClient } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { GraphError, createGraphClient } from './api/graph.ts';
import { reportError } from './api/reported-errors.ts';
import { AuthClient } from './auth/auth-client.ts';
import { cspNonce, readConfig } from './config.ts';
import { useSystemTheme } from './shell/theme.ts';
import './global.css';

function Themed({ children }: { children: ReactNode }) {
  return <FluentProvider theme={useSystemTheme()}>{children}</FluentProvider>;
}

function start() {
  const root = document.getElementById('root')!;
  let config;
  try {
    config = readConfig();
  } catch (error) {
    root.textContent = (error as Error).message;
    return;
  }
  if (window.location.origin !== config.publicUrl) {
    window.location.replace(`${config.publicUrl}${window.location.pathname}${window.location.search}${window.location.hash}`);
    return;
  }
  const nonce = cspNonce();
  const renderer = createDOMRenderer(document, { styleElementAttributes: nonce ? { nonce } : {} });
  const auth = new AuthClient(config.publicUrl, config.clientId, config.authorizationServer);
  let redirecting = false;
  const graph = createGraphClient(config.publicUrl, auth, () => {
    if (redirecting) return;
    redirecting = true;
    void auth.signIn(`${window.location.pathname}${window.location.search}`);
  });
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change by asking again; a network error or a 5xx may.
        retry: (count, error) => count < 2 && !(error instanceof GraphError && error.status < 500),
      },
    },
    mutationCache: new MutationCache({
      onError: (error, _variables, _result, mutation) => {
        if (!mutation.meta?.showsOwnError) reportError(error);
      },
    }),
  });
  createRoot(root).render(
    <StrictMode>
      <RendererProvider renderer={renderer} targetDocument={document}>
        <Themed>
          <App config={config} auth={auth} graph={graph} queryClient={queryClient} />
        </Themed>
      </RendererProvider>
    </StrictMode>,
  );
}

start();
