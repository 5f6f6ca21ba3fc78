import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { LimenConfig } from '../config/index.ts';
import type { Directory } from '../directory/index.ts';
import type { Db } from '../store/index.ts';
import { builtInStrengths, createTapRepository } from '../authn/index.ts';
import { createFindAccount } from './account.ts';
import { PayloadAdapter } from './adapter.ts';
import { ClientAdapter } from './client-adapter.ts';
import type { DirectoryCache } from './directory-cache.ts';
import { confidentialRedirectsProperty, corsOriginsProperty, registrationProperty, servicePrincipalIdProperty } from './client-metadata.ts';
import { assertWebCodeAuthenticated } from './web-redirect-codes.ts';
import { useHashedClientSecrets } from './client-secret.ts';
import type { Consent } from './consent.ts';
import { correlate, renderError } from './error-responses.ts';
import type { KeyRing } from './key-ring.ts';
import { deriveKey } from './master-key.ts';
import { firstSatisfied, methodsOfSession, requestedStrengths } from './requested-strength.ts';
import { evaluateInteractive, signInTooOld, tokenRequestGate } from './conditional-access.ts';
import { resourceOf } from './interactions/interaction-context.ts';
import { offlineAccessAsksConsent } from './offline-access.ts';
import {
  deviceSuccessSource,
  logoutSource,
  postLogoutSuccessSource,
  userCodeConfirmSource,
  userCodeInputSource,
} from './pages/provider-pages.ts';
import { createResourceIndicators, refreshResourceIndicator } from './resource-indicators.ts';
import { createSelfRegistration } from './registration/index.ts';
import { oidcScopes, type Resources } from './resources.ts';
import { recordClientSignInActivity } from './client-sign-in-activity.ts';
import { noteTokenLogFacts, recordTokenRequests, type ResourceNames, type SignInRecorder } from './sign-in-events.ts';
import { createTokenClaims } from './token-claims.ts';
import { storeOnRefreshTokens } from './internals.ts';
import { assertRedeemedAsIssued, issuedToField, refreshTokenLifetime } from './refresh-token-binding.ts';
import { assertApplicationAssigned, assertAssignedForToken, assignmentRefusal } from './assignment-required.ts';
import { createAgentGrants } from './agent-grants/index.ts';
import { createWorkloadFederation } from './federation/index.ts';

/** Grants that redeem what a sign-in produced: they check the person's assignment again (assignment-required.ts). */
const redeemsSignIn = new Set(['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code']);

export interface ProviderDeps {
  config: LimenConfig;
  db: Db;
  tenantId: string;
  directory: Directory;
  resources: Resources;
  consent: Consent;
  ring: KeyRing;
  /** Directory reads of the token endpoint, reused while the directory is unchanged. */
  cache: DirectoryCache;
  masterKey: Buffer;
  signIns: SignInRecorder;
}

/** The client's service principal id (client-metadata.ts), when it has one. */
const spIdOf = (client: unknown): string | undefined => {
  const id = (client as Record<string, unknown> | undefined)?.[servicePrincipalIdProperty];
  return typeof id === 'string' ? id : undefined;
};

const ownTokensOnly = (_ctx: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }) =>
  token.clientId === client.clientId;

/** Grants (and the refresh chains hanging off them) outlive any refresh token: Entra's 90 days. */
const grantTtlSeconds = 90 * 24 * 3600;
/** Signing algorithms Limen accepts in private_key_jwt client assertions (never HS*: RFC 7523 §3). */
const assertionAlgs = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA', 'Ed25519'] as const;

/**
 * The only `new Provider(…)` in Limen: oidc-provider configured with the security defaults of
 * OAuth 2.0 Security BCP (RFC 9700): authorization code only (no implicit, no hybrid, no
 * password grant), PKCE S256 for every client, exact redirect URIs, rotating refresh tokens
 * with reuse detection, `iss` in authorization responses (RFC 9207), asymmetric signatures only.
 */
export function createProvider(deps: ProviderDeps): Provider {
  const { config, directory, resources, ring } = deps;
  const resourceNames: ResourceNames = new Map();
  const claims = createTokenClaims(directory, resources, deps.tenantId, deps.cache);
  const caDeps = { db: deps.db, directory, cache: deps.cache };
  // Agents' tokens: the blueprint's agent assertion, then RFC 8693 token exchange (agent-grants/).
  const agentGrants = createAgentGrants({ db: deps.db, directory, cache: deps.cache, resources, ring, tenantId: deps.tenantId, resourceNames });
  const resourceIndicators = agentGrants.withAgentAssertions(createResourceIndicators({
    resources,
    ring,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    resourceNames,
  }));
  // Workload tokens from other issuers as client assertions: federated identity credentials (federation/).
  const federation = createWorkloadFederation({
    db: deps.db, directory, cache: deps.cache, signIns: deps.signIns,
    privateNetwork: config.clientMetadataPrivateNetwork, singleUse: config.federatedTokenSingleUse,
  });
  // MCP clients register themselves: RFC 7591 and Client ID Metadata Documents (registration/).
  const selfRegistration = createSelfRegistration({ config, db: deps.db, directory, cache: deps.cache });

  const policy = interactionPolicy.base();
  // A session (single sign-on) of a person the app does not admit ("Assignment required?"):
  // sign in again, where the sign-in gate refuses and explains (assignment-required.ts).
  policy.get('login')!.checks.add(new interactionPolicy.Check(
    'assignment_required',
    'the application admits only people assigned to it',
    'login_required',
    async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      const spId = spIdOf(ctx.oidc.client);
      if (!accountId || ctx.oidc.result?.login || !spId) return false;
      return (await assignmentRefusal(caDeps, spId, accountId)) !== undefined;
    },
  ));
  // A session whose user was disabled, deleted or had sign-in sessions revoked: sign in again.
  policy.get('login')!.checks.add(new interactionPolicy.Check(
    'account_unavailable',
    'the signed-in account is disabled or its sessions were revoked',
    'login_required',
    (ctx) => Boolean(ctx.oidc.session?.accountId && !ctx.oidc.account),
  ));

  // A session that does not satisfy an authentication strength the request names: sign in again
  // (requested-strength.ts). A session whose sign-in met that very strength carries it as `acr`.
  policy.get('login')!.checks.add(new interactionPolicy.Check(
    'authentication_strength',
    'the requested authentication strength was not met',
    'login_required',
    async (ctx) => {
      const session = ctx.oidc.session as unknown as { accountId?: string; acr?: string; amr?: string[] } | undefined;
      if (!session?.accountId) return false;
      const strengths = await requestedStrengths(deps.db, ctx.oidc.params?.acr_values);
      if (strengths.length === 0 || strengths.some((s) => s.id === session.acr)) return false;
      return !firstSatisfied(strengths, methodsOfSession(session.amr ?? []));
    },
  ));

  // Conditional Access for a session that already exists (single sign-on): when this user, app
  // and request would not be allowed with what the session proved, sign in again, where the
  // sign-in gate decides (and explains). Skipped right after a sign-in: the gate just decided.
  policy.get('login')!.checks.add(new interactionPolicy.Check(
    'conditional_access',
    'Conditional Access requires a new sign-in',
    'interaction_required',
    async (ctx) => {
      const session = ctx.oidc.session as unknown as { accountId?: string; amr?: string[]; loginTs?: number } | undefined;
      if (!session?.accountId || ctx.oidc.result?.login) return false;
      const user = await directory.users.get(session.accountId);
      if (!user) return false;
      const params = (ctx.oidc.params ?? {}) as Record<string, unknown>;
      const resource = await resourceOf(resources, params);
      // A browser session approving a device code (RFC 8628 user code page) is the device code flow.
      const authenticationFlow = ctx.oidc.deviceCode ? 'deviceCodeFlow' as const : undefined;
      const evaluation = await evaluateInteractive(
        caDeps, { ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined, authenticationFlow },
        user, resource?.appId ?? String(params.client_id), methodsOfSession(session.amr ?? []),
      );
      // Not allowed, or the sign-in is older than a sign-in frequency control allows.
      return evaluation.decision.action !== 'allow' || signInTooOld(evaluation, session.loginTs);
    },
  ));

  const configuration: Configuration = {
    adapter: (name: string) => (name === 'Client' ? new ClientAdapter(directory, deps.cache, config.publicUrl, selfRegistration.clients) : new PayloadAdapter(deps.db, name, deps.masterKey)),
    clients: [],
    findAccount: createFindAccount(directory, deps.tenantId, (userId) => createTapRepository(deps.db).getForUser(userId)),
    jwks: { keys: ring.providerKeys() as NonNullable<Configuration['jwks']>['keys'] },
    cookies: {
      // Derived from the master key: every process sharing it accepts every other's cookies.
      keys: [deriveKey(deps.masterKey, 'limen cookie signing v1').toString('base64url')],
      names: { session: 'limen_session', interaction: 'limen_interaction', resume: 'limen_resume' },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    claims: {
      openid: ['sub', 'oid', 'tid'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
    },
    scopes: [...oidcScopes],
    // RFC 9700 §2.1.2: no implicit or hybrid flows; code only.
    responseTypes: ['code'],
    // RFC 9700 §2.1.1: PKCE for every client, public and confidential (oidc-provider 9 knows S256 only).
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    conformIdTokenClaims: false,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    // A workload token's checks, once its bridge assertion verified (federation/index.ts).
    assertJwtClientAuthClaimsAndHeader: federation.assertJwtClientAuthClaimsAndHeader,
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    extraClientMetadata: { properties: [servicePrincipalIdProperty, corsOriginsProperty, registrationProperty, confidentialRedirectsProperty] },
    // Browsers may call the token endpoint cross-origin only from an app's SPA redirect origins
    // (Entra's "spa" platform); web and native apps never need CORS.
    clientBasedCORS: (_ctx, origin, client) =>
      ((client as unknown as Record<string, unknown>)[corsOriginsProperty] as string[] | undefined)?.includes(origin) === true,
    enabledJWA: {
      clientAuthSigningAlgValues: [...assertionAlgs],
      idTokenSigningAlgValues: ['ES256', 'RS256'],
      userinfoSigningAlgValues: ['ES256', 'RS256'],
      introspectionSigningAlgValues: ['ES256', 'RS256'],
      authorizationSigningAlgValues: ['ES256', 'RS256'],
      requestObjectSigningAlgValues: ['ES256', 'RS256', 'PS256'],
    },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: {
        enabled: true,
        charset: 'base-20',
        mask: '****-****',
        userCodeInputSource,
        userCodeConfirmSource,
        successSource: deviceSuccessSource,
      },
      // RFC 7009 §2.1 / RFC 7662 §2.1: a client revokes and introspects its own tokens only.
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      introspection: { enabled: true, allowedPolicy: ownTokensOnly },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators,
      registration: selfRegistration.registrationFeature,
    },
    ...selfRegistration.configuration,
    // RFC 9700 §4.14.2: a refresh token is single use; presenting a used one revokes the grant.
    // Always rotated; the hook is where "Assignment required?" and Conditional Access decide a
    // refresh, before the grant consumes the presented token (conditional-access.ts tokenRequestGate).
    rotateRefreshToken: async (ctx) => {
      // The client authenticates as it did when the token was issued (refresh-token-binding.ts).
      assertRedeemedAsIssued(ctx);
      // "Assignment required?" holds for as long as the app is used, not only at sign-in.
      await assertAssignedForToken(caDeps, spIdOf(ctx.oidc.client), (ctx.oidc.entities.RefreshToken as { accountId?: string } | undefined)?.accountId);
      const indicator = await refreshResourceIndicator(ctx, resourceIndicators.defaultResource);
      const resource = indicator ? await resources.find(indicator) : undefined;
      if (resource) await tokenRequestGate(caDeps, ctx, { appId: resource.app.appId, displayName: resource.app.displayName });
      return true;
    },
    ttl: {
      AccessToken: config.accessTokenTtlSeconds,
      // A resource may ask for a shorter life: an agent assertion lives minutes (agent-grants/).
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? config.accessTokenTtlSeconds,
      IdToken: config.accessTokenTtlSeconds,
      // A single-page app's: 24 hours from the sign-in, whatever rotation (refresh-token-binding.ts).
      RefreshToken: refreshTokenLifetime(config.refreshTokenTtlSeconds),
      AuthorizationCode: 60,
      DeviceCode: 900,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: grantTtlSeconds,
    },
    // Discovery lists the built-in strengths; a custom strength's id works as well.
    acrValues: builtInStrengths.map((s) => s.id),
    interactions: {
      policy,
      url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}`,
    },
    loadExistingGrant: deps.consent.loadExistingGrant,
    // "Assignment required?" of the API, then Conditional Access, decide a client credentials
    // request before the token gets its claims (a refresh, in rotateRefreshToken above).
    extraTokenClaims: async (ctx, token) => {
      const agentClaims = agentGrants.extraTokenClaims(ctx, token);
      if (agentClaims) return agentClaims;
      if (token.kind === 'AccessToken') assertWebCodeAuthenticated(ctx);
      // A code (or an approved device code) redeemed after the person's assignment was removed.
      if (token.kind === 'AccessToken' && redeemsSignIn.has(String(ctx.oidc.params?.grant_type))) {
        await assertAssignedForToken(caDeps, spIdOf(ctx.oidc.client), (token as { accountId?: string }).accountId);
      }
      const indicator = token.resourceServer?.identifier();
      const resource = indicator && token.kind === 'ClientCredentials' ? await resources.find(indicator) : undefined;
      if (resource) {
        // Named for the sign-in log, which a refused request gives no access token to name it by.
        noteTokenLogFacts(ctx, { fields: { resourceId: resource.app.appId, resourceDisplayName: resource.app.displayName } });
        const spId = spIdOf(ctx.oidc.client);
        if (spId) await assertApplicationAssigned(caDeps, { spId, appId: token.clientId!, displayName: ctx.oidc.client?.clientName ?? token.clientId! }, resource);
        await tokenRequestGate(caDeps, ctx, { appId: resource.app.appId, displayName: resource.app.displayName });
      }
      return claims.extraTokenClaims(ctx, token);
    },
    formats: { customizers: { jwt: claims.customizeJwt } },
    renderError,
  };

  const provider = new Provider(config.publicUrl, configuration);
  storeOnRefreshTokens(provider, [issuedToField]);
  useHashedClientSecrets(provider, directory, deps.cache);
  recordTokenRequests(provider, deps.signIns, resourceNames);
  recordClientSignInActivity(provider, deps.db);
  agentGrants.register(provider, resourceIndicators.getResourceServerInfo);
  // oidc-provider reports unexpected failures only through this event (its debug output is off).
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => {
    process.stderr.write(`limen: ${ctx.method} ${ctx.path} failed: ${error.stack ?? String(error)}\n`);
  });
  provider.use(correlate);
  provider.use(federation.bridgeWorkloadTokens(provider.issuer, configuration.routes?.token ?? '/token'));
  provider.use(offlineAccessAsksConsent());
  selfRegistration.use(provider);
  return provider;
}

/**
 * The longest a token signed by Limen lives (access and ID tokens share the TTL), plus five
 * minutes for clock skew: retired keys stay published this long.
 */
export function maxSignedTokenLifetime(config: LimenConfig): number {
  return config.accessTokenTtlSeconds + 300;
}
