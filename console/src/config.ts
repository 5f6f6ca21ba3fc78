/**
 * What the Limen server tells the app in index.html (src/admin-center fills the placeholders per
 * response): the public URL it signs in at and calls the API on, and its client id. The CSP nonce
 * for run-time `<style>` elements comes from the `<meta property="csp-nonce">` Vite adds.
 */
export interface ConsoleConfig {
  /** Limen's public origin: the OpenID issuer and the API's host. */
  publicUrl: string;
  /** The built-in "Limen Admin Center" application's appId. */
  clientId: string;
  /** The provider's endpoints, when the server put them in the page (else the app discovers them). */
  authorizationServer?: { issuer: string; authorization_endpoint: string; token_endpoint: string; revocation_endpoint?: string; end_session_endpoint?: string };
}

export function readConfig(): ConsoleConfig {
  const raw = document.querySelector<HTMLMetaElement>('meta[name="limen-console"]')?.content ?? '';
  try {
    const parsed = JSON.parse(raw) as Partial<ConsoleConfig>;
    if (typeof parsed.publicUrl === 'string' && typeof parsed.clientId === 'string') {
      const server = parsed.authorizationServer;
      const usable = server && typeof server.issuer === 'string' && typeof server.authorization_endpoint === 'string' && typeof server.token_endpoint === 'string';
      return { publicUrl: new URL(parsed.publicUrl).origin, clientId: parsed.clientId, ...(usable ? { authorizationServer: server } : {}) };
    }
  } catch {
    // fall through
  }
  throw new Error('This page was not served by Limen: open the admin center at <Limen\'s URL>/console/.');
}

/** The nonce the server allowed for this page's styles (read from the property: browsers hide the attribute). */
export function cspNonce(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
}

/** Where the app lives under the public URL; client routes are relative to it. */
export const basePath = '/console';
