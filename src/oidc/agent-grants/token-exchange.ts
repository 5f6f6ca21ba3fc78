/**
 * Step 2 of an agent's token (docs/concepts/agent-tokens.md): RFC 8693 token exchange at the
 * token endpoint, by the agent identity (client_id = its appId, a public client whose proof is
 * its blueprint's one-use assertion).
 * - Autonomous: subject_token = the agent assertion, no actor → an app-only token for the agent.
 * - On behalf of a person: subject_token = the person's access token for the agent's blueprint,
 *   actor_token = the agent assertion → a token for the person with `act` naming the agent.
 * Either way the token is for exactly one resource (audience narrowing), carries no more than
 * the directory allows (roles the agent holds; scopes the agent holds with consent for the
 * person), and is issued only after Conditional Access allows it. Refusals follow RFC 8693
 * §2.2.2 (invalid_request for a bad subject or actor token, invalid_target for the target) and
 * are logged, like every token request, as a sign-in.
 */
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC, ResourceServer, TokenEndpointGrantContext } from 'oidc-provider';
import {
  agentRefusal, agentRolesFor, agentScopesFor, blueprintOfClientId, type AgentIdentityView, type Directory,
} from '../../directory/index.ts';
import type { SignInInput } from '../../logs/index.ts';
import type { CaDeps } from '../conditional-access.ts';
import type { Resource, Resources } from '../resources.ts';
import { noteTokenLogFacts } from '../sign-in-events.ts';
import { delegatedAct, type Actor } from './act-chain.ts';
import { agentViewOf } from './agent-view.ts';
import { evaluateAgentExchange } from './agent-conditional-access.ts';
import { disabledAgentRefusal } from './agent-refusals.ts';
import { autonomousSection, onBehalfOfSection } from './agent-sign-in.ts';
import { checkAgentAssertion } from './assertion-check.ts';
import { delegatedScopesFor } from './delegated-scopes.ts';
import { parseExchangeRequest, tokenExchangeParameters } from './exchange-request.ts';
import { autonomousClaims, exchangedClaims, onBehalfOfClaims } from './exchanged-claims.ts';
import { resolveExchangeTarget, type ExchangeTarget } from './exchange-target.ts';
import type { LimenJwtVerifier } from './limen-jwt.ts';
import { checkPersonToken, type PersonToken } from './person-token.ts';
import { assignmentRefusal, notAssignedMessage } from '../assignment-required.ts';
import { loggingRefusals, refusal } from './refusal.ts';
import { accessTokenType, tokenExchangeGrantType } from './token-types.ts';

export interface TokenExchangeDeps extends CaDeps {
  directory: Directory;
  resources: Resources;
  tenantId: string;
  verify: LimenJwtVerifier;
  /** resource-indicators.ts getResourceServerInfo: how every access token for a resource is made. */
  resourceServerInfo: (ctx: KoaContextWithOIDC, indicator: string) => Promise<ResourceServer>;
  maxActChainDepth: number;
}

export function registerTokenExchange(provider: Provider, deps: TokenExchangeDeps): void {
  // RFC 8693 §2.1 lets resource and audience repeat; they are accepted here so that more than
  // one gets invalid_target (one token, one target) rather than a generic duplicate error.
  provider.registerGrantType(tokenExchangeGrantType, (ctx) => loggingRefusals(ctx, () => exchange(ctx, deps)),
    tokenExchangeParameters, ['resource', 'audience']);
}

async function exchange(ctx: TokenEndpointGrantContext, deps: TokenExchangeDeps): Promise<void> {
  const request = parseExchangeRequest(ctx.oidc.params);
  const client = ctx.oidc.client;
  const view = await agentViewOf(deps, client.clientId);
  if (!view) throw refusal('unauthorized_client', `The client ${client.clientId} is not an agent identity.`, 'applicationNotFound');
  const actor: Actor = { sub: view.agent.id, clientId: view.agent.appId };
  const onBehalf = request.actor !== undefined;
  noteTokenLogFacts(ctx, { fields: agentLogFields(view, undefined, onBehalf) });

  const refused = agentRefusal(view);
  if (refused) throw disabledAgentRefusal(view, refused);
  // What the request asks for is checked before the assertion is read: a malformed request does
  // not use the assertion up.
  const target = await resolveExchangeTarget(deps.resources, request);
  const { resource } = target;
  noteTokenLogFacts(ctx, { fields: { resourceId: resource.app.appId, resourceDisplayName: resource.app.displayName } });
  if (!onBehalf) refuseDelegatedScopes(target);
  await checkAgentAssertion(deps.verify, deps.db, (request.actor ?? request.subject).token, view, onBehalf ? 'actor' : 'subject');

  let person: PersonToken | undefined;
  if (onBehalf) {
    const blueprint = await deps.resources.find(view.agent.agentIdentityBlueprintId);
    person = await checkPersonToken(deps.verify, deps.directory, request.subject.token, view, blueprint, actor);
    noteTokenLogFacts(ctx, { fields: agentLogFields(view, person, true) });
    // An agent whose service principal requires assignment acts only for people assigned to it.
    const notAssigned = await assignmentRefusal(deps, view.agent.id, person.user.id);
    if (notAssigned) throw refusal('invalid_grant', notAssignedMessage(notAssigned, person.user.userPrincipalName), 'userNotAssigned');
    refuseSameAudience(person, resource);
  }

  const issue = person ? await onBehalfOf(deps, view, person, target) : autonomous(deps, view, target);
  // A blueprint as the resource (a person's token passed on to another agent) is an agent
  // resource, for policies on AllAgentIdResources.
  const isAgentResource = Boolean(await deps.cache.get(`agent-blueprint:${resource.app.appId}`, () =>
    blueprintOfClientId(deps.db, resource.app.appId)));
  const ca = await evaluateAgentExchange(
    deps, { ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined }, view,
    { kind: 'application', appId: resource.app.appId, ...(isAgentResource ? { isAgentResource } : {}) },
    person ? { user: person.user, amr: person.amr } : undefined,
  );
  noteTokenLogFacts(ctx, { fields: ca.log });
  if (ca.refusal) throw ca.refusal;

  const server = new ctx.oidc.provider.ResourceServer(resource.indicator, await deps.resourceServerInfo(ctx, resource.indicator));
  const token = person
    // No oidc-provider Grant stands behind an exchanged token: the directory's consent decided
    // its scopes, and a JWT access token is not stored.
    ? new ctx.oidc.provider.AccessToken({ client, accountId: person.user.id, scope: issue.scope, gty: 'token_exchange', grantId: undefined as unknown as string })
    : new ctx.oidc.provider.ClientCredentials({ client, scope: issue.scope });
  token.resourceServer = server;
  exchangedClaims.set(token, issue.claims);
  ctx.oidc.entity(person ? 'AccessToken' : 'ClientCredentials', token);
  const value = await token.save();
  await deps.directory.agentIdentities.recordSignIn(view.agent.appId).catch((error: unknown) => {
    process.stderr.write(`limen: agent lastSignInDateTime not recorded: ${String(error)}\n`);
  });
  // RFC 8693 §2.2.1; `scope` always, since it may differ from the request's (.default resolved).
  ctx.body = {
    access_token: value,
    issued_token_type: accessTokenType,
    token_type: token.tokenType,
    expires_in: token.expiration,
    scope: issue.scope,
  };
}

/** The sign-in record's subject and agent section: the agent itself, or the person it acts for. */
function agentLogFields(view: AgentIdentityView, person: PersonToken | undefined, onBehalf: boolean): Partial<SignInInput> {
  // The assertion is the agent's credential: a JWT assertion, not a secret or certificate.
  const base = { clientCredentialType: 'clientAssertion', isInteractive: false };
  if (!onBehalf) {
    return {
      ...base, userId: null, userPrincipalName: null, userDisplayName: null, clientAppUsed: null,
      servicePrincipalName: view.agent.displayName, signInEventTypes: ['servicePrincipal'], agent: autonomousSection(view),
    };
  }
  return {
    ...base, signInEventTypes: ['nonInteractiveUser'], agent: onBehalfOfSection(view, person?.user.id),
    ...(person ? { userId: person.user.id, userPrincipalName: person.user.userPrincipalName, userDisplayName: person.user.displayName } : {}),
  };
}

/**
 * Audience narrowing: the new token is for one resource, never for the one the person's token is
 * already for (exchanging a token for its own audience would only launder who holds it).
 */
function refuseSameAudience(person: PersonToken, resource: Resource): void {
  const names = new Set([resource.audience, ...resource.prefixes]);
  const same = [person.claims.aud].flat().find((a) => names.has(a));
  if (same) {
    throw refusal('invalid_target', `The subject_token is already for ${same}; the token exchange issues a token for another resource only.`, 'invalidRequest');
  }
}

interface Issue {
  scope: string;
  claims: Record<string, unknown>;
}

/** App-only tokens are asked for as `<resource>/.default` and nothing else, as Entra's client credentials. */
function refuseDelegatedScopes(target: ExchangeTarget): void {
  const named = target.values.filter((v) => v !== '.default');
  if (named.length) {
    throw refusal('invalid_scope',
      `AADSTS1002012: An agent acting as itself gets app-only tokens, asked for as ${target.prefix}/.default; '${named[0]}' is a delegated scope.`,
      'invalidRequest');
  }
}

/** App-only: the roles the agent holds at the resource, directly or inherited from its blueprint. */
function autonomous(deps: TokenExchangeDeps, view: AgentIdentityView, target: ExchangeTarget): Issue {
  const offered = new Set(target.resource.sp.appRoles.filter((r) => r.isEnabled).map((r) => r.value));
  const roles = agentRolesFor(view, target.resource.app.appId).filter((r) => offered.has(r));
  return { scope: `${target.prefix}/.default`, claims: autonomousClaims(view, deps.tenantId, roles) };
}

/** Delegated: the person as subject, the agent in `act`, scopes within consent and the agent's holdings. */
async function onBehalfOf(
  deps: TokenExchangeDeps, view: AgentIdentityView, person: PersonToken, target: ExchangeTarget,
): Promise<Issue> {
  const { resource } = target;
  const offered = new Set(resource.sp.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => s.value));
  const available = agentScopesFor(view, resource.app.appId, person.user.id).filter((s) => offered.has(s));
  const scp = delegatedScopesFor(target.values, available, resource.indicator);
  const act = delegatedAct({ sub: view.agent.id, clientId: view.agent.appId }, person.claims.act, deps.maxActChainDepth);
  const { roles, directoryRoleIds: wids } = await deps.cache.get(`access:${person.user.id}:${resource.sp.id}`, () =>
    deps.directory.assignments.accessOf(person.user.id, resource.sp));
  return {
    scope: scp.map((s) => `${target.prefix}/${s}`).join(' '),
    claims: onBehalfOfClaims(view, deps.tenantId, { user: person.user, amr: person.amr, roles, wids }, scp, act),
  };
}
