/**
 * Signing the admin in through Limen's own provider: authorization code with PKCE (RFC 7636,
 * S256) as the built-in public client "Limen Admin Center", done by oauth4webapi (discovery,
 * PKCE, state, the code exchange, ID token claim checks, refresh, revocation).
 *
 * Where the tokens live: in this object, in memory only. Nothing is written to localStorage or
 * sessionStorage except, during the redirect to the provider and back, the PKCE verifier, the
 * state and the page to return to (they must survive the navigation; they are removed on return
 * and are useless without the provider's answer). A script injected into the page could still
 * use a token while the page is open, but none survives the tab, and a reload costs nothing: the
 * provider's session cookie (httpOnly, not readable here) signs the admin in again without a
 * prompt. Access tokens are refreshed with the (rotating, in-memory) refresh token before they
 * expire; when that fails (revoked sessions, a Conditional Access policy that now asks for more),
 * the admin goes through the provider again and comes back to the same page.
 */
import * as oauth from 'oauth4webapi';
import { readAccessTokenClaims, type AccessTokenClaims } from './token-claims.ts';

/** The management API's delegated permissions the admin's roles allow, and a refresh token. */
export const consoleScope = 'api://limen/.default openid profile offline_access';

const pendingKey = 'limen.console.signIn';
/** Refresh this long before the access token expires. */
const refreshMarginSeconds = 60;

interface PendingSignIn {
  state: string;
  codeVerifier: string;
  returnTo: string;
}

export interface Session {
  accessToken: string;
  claims: AccessTokenClaims;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
}

/** The admin must go through the provider again (no session, or it can no longer be refreshed). */
export class SignInRequiredError extends Error {
  override name = 'SignInRequiredError';
}

export class AuthClient {
  readonly #issuer: URL;
  readonly #client: oauth.Client;
  readonly #redirectUri: string;
  readonly #options: { [oauth.allowInsecureRequests]?: boolean };
  #server: Promise<oauth.AuthorizationServer> | undefined;
  #session: Session | undefined;
  #refreshToken: string | undefined;
  #idToken: string | undefined;
  #refreshing: Promise<Session> | undefined;
  readonly #listeners = new Set<() => void>();

  /** `server`: the provider's metadata when the page carries it; otherwise discovered on first use. */
  constructor(publicUrl: string, clientId: string, server?: oauth.AuthorizationServer) {
    this.#issuer = new URL(publicUrl);
    if (server) this.#server = Promise.resolve(server);
    // Limen signs ID tokens with ES256 unless an app asks for RS256.
    this.#client = { client_id: clientId, id_token_signed_response_alg: 'ES256' };
    this.#redirectUri = new URL('/console/callback', publicUrl).href;
    // Plain http only when Limen itself is served over http (a laptop, a test); oauth4webapi
    // refuses it otherwise.
    this.#options = this.#issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
  }

  /** The current session, or undefined before sign-in. */
  get session(): Session | undefined {
    return this.#session;
  }

  /** For React's useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  #set(session: Session | undefined) {
    this.#session = session;
    for (const listener of this.#listeners) listener();
  }

  #discover(): Promise<oauth.AuthorizationServer> {
    this.#server ??= (async () => {
      const response = await oauth.discoveryRequest(this.#issuer, { ...this.#options, algorithm: 'oidc' });
      return oauth.processDiscoveryResponse(this.#issuer, response);
    })();
    this.#server.catch(() => { this.#server = undefined; });
    return this.#server;
  }

  /** Sends the browser to Limen's sign-in; it comes back to `returnTo` (a path under /console). */
  async signIn(returnTo: string, options: { prompt?: 'login' } = {}): Promise<never> {
    const server = await this.#discover();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const pending: PendingSignIn = { state, codeVerifier, returnTo: safeReturnPath(returnTo) };
    sessionStorage.setItem(pendingKey, JSON.stringify(pending));
    const url = new URL(server.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: this.#client.client_id,
      response_type: 'code',
      redirect_uri: this.#redirectUri,
      scope: consoleScope,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...(options.prompt ? { prompt: options.prompt } : {}),
    }).toString();
    window.location.assign(url.href);
    return new Promise<never>(() => {}); // the page is going away
  }

  /**
   * Finishes a sign-in on /console/callback: checks the state, redeems the code with the PKCE
   * verifier, and returns the path the admin started from.
   */
  async completeSignIn(callbackUrl: URL): Promise<string> {
    const raw = sessionStorage.getItem(pendingKey);
    sessionStorage.removeItem(pendingKey);
    const pending = raw ? (JSON.parse(raw) as PendingSignIn) : undefined;
    if (!pending) throw new Error('This sign-in was not started here, or it was already used. Sign in again.');
    const server = await this.#discover();
    const params = oauth.validateAuthResponse(server, this.#client, callbackUrl, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      server, this.#client, oauth.None(), params, this.#redirectUri, pending.codeVerifier, this.#options,
    );
    this.#accept(await oauth.processAuthorizationCodeResponse(server, this.#client, response));
    return pending.returnTo;
  }

  #accept(tokens: oauth.TokenEndpointResponse): Session {
    const claims = readAccessTokenClaims(tokens.access_token);
    this.#refreshToken = tokens.refresh_token ?? this.#refreshToken;
    this.#idToken = tokens.id_token ?? this.#idToken;
    const expiresAt = Date.now() + (tokens.expires_in ?? claims.exp - Date.now() / 1000) * 1000;
    const session: Session = { accessToken: tokens.access_token, claims, expiresAt };
    this.#set(session);
    return session;
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    const session = this.#session;
    if (session && !options.forceRefresh && session.expiresAt - Date.now() > refreshMarginSeconds * 1000) return session.accessToken;
    return (await this.#refresh()).accessToken;
  }

  #refresh(): Promise<Session> {
    this.#refreshing ??= (async () => {
      const refreshToken = this.#refreshToken;
      if (!refreshToken) throw new SignInRequiredError('Your session has ended.');
      try {
        const server = await this.#discover();
        const response = await oauth.refreshTokenGrantRequest(server, this.#client, oauth.None(), refreshToken, this.#options);
        return this.#accept(await oauth.processRefreshTokenResponse(server, this.#client, response));
      } catch (error) {
        // invalid_grant (revoked, expired, reused) or a policy asking for a new sign-in.
        this.#refreshToken = undefined;
        throw new SignInRequiredError(error instanceof Error ? error.message : 'Your session has ended.');
      }
    })().finally(() => { this.#refreshing = undefined; });
    return this.#refreshing;
  }

  /**
   * Signs out: revokes the refresh token, forgets the tokens, and ends the provider session
   * through RP-initiated logout (the provider asks for confirmation, then comes back to
   * /console/signed-out).
   */
  async signOut(): Promise<never> {
    const server = await this.#discover();
    const refreshToken = this.#refreshToken;
    const idToken = this.#idToken;
    this.#refreshToken = undefined;
    this.#idToken = undefined;
    this.#set(undefined);
    if (refreshToken && server.revocation_endpoint) {
      await oauth.revocationRequest(server, this.#client, oauth.None(), refreshToken, this.#options)
        .then((r) => oauth.processRevocationResponse(r))
        .catch(() => undefined); // the session ends below either way
    }
    const url = new URL(server.end_session_endpoint ?? new URL('/session/end', this.#issuer).href);
    url.search = new URLSearchParams({
      client_id: this.#client.client_id,
      post_logout_redirect_uri: new URL('/console/signed-out', this.#issuer).href,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).toString();
    window.location.assign(url.href);
    return new Promise<never>(() => {});
  }
}

/** Only paths of the admin center itself are returned to after sign-in (no open redirect). */
export function safeReturnPath(path: string): string {
  return /^\/console(\/|$)/.test(path) && !path.startsWith('//') && !/^\/console\/(callback|signed-out)/.test(path) ? path : '/console/';
}
