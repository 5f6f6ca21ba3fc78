/**
 * Step 1 of an agent's token (docs/concepts/agent-tokens.md): the agent identity blueprint,
 * authenticated with its own credential (a certificate for private_key_jwt, a client secret in
 * development), asks by client credentials for an assertion naming one of its agents:
 * `resource=urn:limen:agent:{agent appId}` (RFC 8707). This is Entra Agent ID's first hop (T1,
 * `fmi_path`) spoken as a resource indicator.
 *
 * The assertion is an ES256 JWT access token (RFC 9068) with `aud` that URN, `sub`/`oid` the
 * agent's object id and `client_id`/`azp` the blueprint's appId, living five minutes
 * (oidcDefaults.agentAssertionTtlSeconds). It opens nothing but Limen's own token exchange, where
 * the agent presents it once as its subject or actor token (assertion-check.ts).
 *
 * Conditional Access is not evaluated on this hop, as Entra does not evaluate it on the token
 * exchange token ("AAD Token Exchange Endpoint"; design/agent-identity.md §2.1, §3): it grants
 * no access to any resource, and step 2, which does, is evaluated for the agent.
 */
import type { ClientCredentials, KoaContextWithOIDC, ResourceServer, UnknownObject } from 'oidc-provider';
import { agentRefusal, blueprintOfClientId, type AgentIdentityView } from '../../directory/index.ts';
import type { Db } from '../../store/index.ts';
import { oidcDefaults } from '../defaults.ts';
import type { DirectoryCache } from '../directory-cache.ts';
import type { KeyRing } from '../key-ring.ts';
import { noteTokenLogFacts, type ResourceNames } from '../sign-in-events.ts';
import { blueprintAssertionSection } from './agent-sign-in.ts';
import { agentViewOf } from './agent-view.ts';
import { disabledAgentRefusal } from './agent-refusals.ts';
import { loggingRefusals, refusal } from './refusal.ts';
import { agentAppIdOf, agentAssertionResource, isAgentAssertionResource } from './token-types.ts';

export interface AgentAssertionDeps {
  db: Db;
  cache: DirectoryCache;
  ring: KeyRing;
  tenantId: string;
  resourceNames: ResourceNames;
}

export function createAgentAssertions(deps: AgentAssertionDeps) {
  /** The agent each request's assertion names, found by the checks, for the claims. */
  const agentOfRequest = new WeakMap<object, AgentIdentityView>();

  /**
   * oidc-provider's getResourceServerInfo for `urn:limen:agent:…`: the checks of step 1, then
   * the assertion's resource server. Anywhere but a client credentials request (an authorization
   * request, a refresh) the URN is no resource.
   */
  const resourceServerInfo = (ctx: KoaContextWithOIDC, indicator: string): Promise<ResourceServer> =>
    loggingRefusals(ctx, () => checkedResourceServer(ctx, indicator));

  async function checkedResourceServer(ctx: KoaContextWithOIDC, indicator: string): Promise<ResourceServer> {
    const params = ctx.oidc.params ?? {};
    if (ctx.oidc.route !== 'token' || params.grant_type !== 'client_credentials') {
      throw refusal('invalid_target', `${indicator} names an agent assertion, which only an agent identity blueprint gets, by client credentials.`, 'resourceNotFound');
    }
    if (typeof params.scope === 'string' && params.scope.trim() !== '') {
      throw refusal('invalid_scope', 'An agent assertion request takes no scope: the resource urn:limen:agent:{agent appId} says everything.', 'invalidRequest');
    }
    const clientId = ctx.oidc.client!.clientId;
    const blueprint = await deps.cache.get(`agent-blueprint:${clientId}`, () => blueprintOfClientId(deps.db, clientId));
    if (!blueprint) {
      throw refusal('invalid_target', `The client ${clientId} is not an agent identity blueprint; only a blueprint gets assertions for its agents.`, 'resourceNotFound');
    }
    const appId = agentAppIdOf(indicator);
    const view = appId ? await agentViewOf(deps, appId) : undefined;
    if (!view) throw refusal('invalid_target', `AADSTS500011: No agent identity is named by ${indicator}.`, 'resourceNotFound');
    noteTokenLogFacts(ctx, { fields: { agent: blueprintAssertionSection(view) } });
    if (view.agent.agentIdentityBlueprintId !== clientId) {
      throw refusal('invalid_target', `AADSTS500011: The agent identity ${view.agent.appId} was not created from blueprint ${clientId}.`, 'resourceNotFound');
    }
    const refused = agentRefusal(view);
    if (refused) throw disabledAgentRefusal(view, refused);

    agentOfRequest.set(ctx, view);
    deps.resourceNames.set(indicator, { appId: view.agent.appId, displayName: view.agent.displayName });
    return {
      scope: '',
      audience: agentAssertionResource(view.agent.appId),
      accessTokenTTL: oidcDefaults.agentAssertionTtlSeconds,
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: 'ES256', kid: deps.ring.signingKid('ES256') } },
    };
  }

  /**
   * The assertion's claims (oidc-provider's extraTokenClaims), or undefined for any other token.
   * `sub` becomes `oid` (token-claims.ts customizeJwt); no `idtyp`, so no resource server that
   * checks Limen's token types takes it for an access token even if its audience matched.
   */
  function claims(ctx: KoaContextWithOIDC, token: ClientCredentials): UnknownObject | undefined {
    const indicator = token.resourceServer?.identifier();
    if (token.kind !== 'ClientCredentials' || !indicator || !isAgentAssertionResource(indicator)) return undefined;
    const view = agentOfRequest.get(ctx);
    if (!view) throw new Error('an agent assertion is issued only after the checks of resourceServerInfo');
    return { tid: deps.tenantId, oid: view.agent.id, azp: token.clientId, appid: token.clientId, ver: '2.0' };
  }

  return { resourceServerInfo, claims };
}

export type AgentAssertions = ReturnType<typeof createAgentAssertions>;
