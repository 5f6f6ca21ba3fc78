/**
 * Tokens for an AI agent, the way Limen issues them (docs/concepts/agent-tokens.md), in two
 * steps modelled on Entra Agent ID but spoken in standard OAuth:
 *  1. the blueprint authenticates with its own credential and asks, by client credentials, for
 *     an agent assertion naming one agent: `resource=urn:limen:agent:{agent appId}` (RFC 8707);
 *  2. the agent exchanges it at the token endpoint (RFC 8693 token exchange, client_id = the
 *     agent): as the subject token for a token of its own (autonomous), or as the actor token
 *     beside a person's token for a token on that person's behalf (`act` names the agent).
 * Tokens are cached until shortly before they expire; refusals are typed errors.
 */
import { createHash } from 'node:crypto';
import { authenticate, type BlueprintCredential } from './blueprint-credential.ts';
import { tokenError, type TokenErrorBody } from './errors.ts';
import { refreshTime, TokenCache, type CachedToken } from './token-cache.ts';

export const tokenExchangeGrant = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
/** The resource indicator of one agent's assertion (step 1). */
export const agentAssertionResource = (agentAppId: string) => `urn:limen:agent:${agentAppId}`;

export interface AgentTokenClientOptions {
  /** Limen's issuer URL, e.g. http://localhost:8080; its discovery document names the token endpoint. */
  issuer: string;
  /** The token endpoint, when discovery should be skipped. */
  tokenEndpoint?: string;
  blueprint: { clientId: string; credential: BlueprintCredential };
  /** The agent identity's appId (its client id). */
  agentId: string;
  /** Fetch a new token this long before the cached one expires (default 300 s). */
  refreshBeforeSeconds?: number;
  fetch?: typeof fetch;
}

/** What to ask for: an API by its identifier (RFC 8707 resource) and/or scopes. */
export interface TokenRequest {
  resource?: string;
  scope?: string | readonly string[];
}

export interface AgentToken {
  accessToken: string;
  tokenType: string;
  expiresOn: Date;
  scope: string | undefined;
}

interface TokenResponse { access_token: string; token_type: string; expires_in: number; scope?: string }

export class AgentTokenClient {
  readonly #options: AgentTokenClientOptions;
  readonly #fetch: typeof fetch;
  readonly #cache = new TokenCache();
  #tokenEndpoint: Promise<string> | undefined;

  constructor(options: AgentTokenClientOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
  }

  /** A token for the agent acting as itself (app-only: `roles`, no person). */
  async getToken(request: TokenRequest): Promise<AgentToken> {
    return view(await this.#cache.get(`self ${key(request)}`, async () => {
      const assertion = await this.#agentAssertion();
      return this.#exchange({ subject_token: assertion, subject_token_type: accessTokenType }, request);
    }));
  }

  /**
   * A token on behalf of the person whose access token `userToken` is: `sub` is the person, `act`
   * names the agent, scopes are what both the person consented to and the agent holds.
   */
  async getTokenOnBehalfOf(userToken: string, request: TokenRequest): Promise<AgentToken> {
    const who = createHash('sha256').update(userToken).digest('base64url');
    return view(await this.#cache.get(`obo ${who} ${key(request)}`, async () => {
      const assertion = await this.#agentAssertion();
      return this.#exchange({ subject_token: userToken, subject_token_type: accessTokenType, actor_token: assertion, actor_token_type: accessTokenType }, request);
    }));
  }

  /** Forget cached tokens (after the agent's permissions change, say). */
  clearCache(): void {
    this.#cache.clear();
  }

  /** Step 1: the blueprint's one-use assertion for this agent. Never cached: each is one use. */
  async #agentAssertion(): Promise<string> {
    const { blueprint, agentId } = this.#options;
    const endpoint = await this.#endpoint();
    const form = new URLSearchParams({ grant_type: 'client_credentials', resource: agentAssertionResource(agentId) });
    const headers: Record<string, string> = {};
    await authenticate(blueprint.clientId, blueprint.credential, endpoint, form, headers);
    return (await this.#post(endpoint, form, headers)).access_token;
  }

  /** Step 2: RFC 8693 token exchange by the agent (a public client: the assertion is its proof). */
  async #exchange(tokens: Record<string, string>, request: TokenRequest): Promise<CachedToken> {
    const form = new URLSearchParams({ grant_type: tokenExchangeGrant, client_id: this.#options.agentId, requested_token_type: accessTokenType, ...tokens });
    if (request.resource) form.set('resource', request.resource);
    const scope = typeof request.scope === 'string' ? request.scope : request.scope?.join(' ');
    if (scope) form.set('scope', scope);
    const now = Date.now();
    const body = await this.#post(await this.#endpoint(), form, {});
    const lifetime = body.expires_in * 1000;
    const margin = (this.#options.refreshBeforeSeconds ?? 300) * 1000;
    return { accessToken: body.access_token, tokenType: body.token_type, scope: body.scope, expiresAt: now + lifetime, refreshAt: refreshTime(now, lifetime, margin) };
  }

  async #post(endpoint: string, form: URLSearchParams, headers: Record<string, string>): Promise<TokenResponse> {
    const response = await this.#fetch(endpoint, {
      method: 'POST', body: form, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': userAgent },
    });
    const body = await response.json().catch(() => ({ error: 'invalid_response', error_description: `HTTP ${response.status} without a JSON body` })) as TokenResponse & TokenErrorBody;
    if (!response.ok || typeof body.access_token !== 'string') {
      throw tokenError(response.status, body, response.headers.get('client-request-id') ?? undefined);
    }
    return body;
  }

  #endpoint(): Promise<string> {
    if (this.#options.tokenEndpoint) return Promise.resolve(this.#options.tokenEndpoint);
    this.#tokenEndpoint ??= (async () => {
      const url = `${this.#options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await this.#fetch(url, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`Limen discovery failed: GET ${url} answered ${response.status}`);
      const doc = await response.json() as { token_endpoint?: string };
      if (!doc.token_endpoint) throw new Error(`Limen discovery at ${url} names no token_endpoint`);
      return doc.token_endpoint;
    })().catch((error: unknown) => {
      this.#tokenEndpoint = undefined; // try again next time
      throw error;
    });
    return this.#tokenEndpoint;
  }
}

/**
 * The SDK's User-Agent names the host's operating system the way browsers do, because Conditional
 * Access reads the device platform from it: without one, every exchange on behalf of a person
 * would count as an unknown platform, which common baselines block.
 */
const userAgent = `LimenAgentSDK/0.1 (${({ win32: 'Windows NT', darwin: 'Macintosh; Mac OS X', linux: 'Linux', android: 'Android' } as Record<string, string>)[process.platform] ?? process.platform}) Node.js/${process.versions.node}`;

const key = (r: TokenRequest) => `${r.resource ?? ''} ${typeof r.scope === 'string' ? r.scope : (r.scope ?? []).join(' ')}`;

const view = (t: CachedToken): AgentToken => ({ accessToken: t.accessToken, tokenType: t.tokenType, expiresOn: new Date(t.expiresAt), scope: t.scope });
