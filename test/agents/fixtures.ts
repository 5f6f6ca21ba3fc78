/**
 * Agents for the token flow stories: a blueprint with a client secret, agent identities made from
 * it, an API with app roles and delegated scopes, and the two token requests of
 * docs/concepts/agent-tokens.md spoken by openid-client.
 */
import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import {
  applicationCreateSchema, type AgentIdentity, type AgentIdentityBlueprint, type Application, type ServicePrincipal,
} from '../../src/directory/index.ts';
import { discover } from '../oidc/fixtures.ts';
import type { Harness } from '../oidc/harness.ts';

export const tokenExchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
export const agentResource = (agentAppId: string) => `urn:limen:agent:${agentAppId}`;

export interface Blueprint {
  blueprint: AgentIdentityBlueprint;
  principal: ServicePrincipal;
  secret: string;
  /** The blueprint's API, for a person's token to an agent: `api://agents-<n>/access_agent`. */
  identifierUri: string;
}

/** A blueprint that exposes an `access_agent` scope, as Entra's interactive agents' blueprints do. */
export async function createBlueprint(h: Harness, displayName = 'Payroll Agents'): Promise<Blueprint> {
  const identifierUri = `api://agents-${randomUUID().slice(0, 8)}`;
  const { blueprint, principal } = await h.directory.agentIdentityBlueprints.create(applicationCreateSchema.parse({
    displayName,
    identifierUris: [identifierUri],
    api: { oauth2PermissionScopes: [{ id: randomUUID(), value: 'access_agent', adminConsentDisplayName: 'Use the agent' }] },
  }), null);
  const { secretText } = await h.directory.applications.addPassword(blueprint.id, { displayName: 'dev' });
  return { blueprint, principal, secret: secretText!, identifierUri };
}

export async function createAgent(h: Harness, bp: Blueprint, displayName = 'Payroll Clerk', extra: Partial<{ customSecurityAttributes: Record<string, Record<string, unknown>> }> = {}): Promise<AgentIdentity> {
  return h.directory.agentIdentities.create({
    displayName, blueprintAppId: bp.blueprint.appId, accountEnabled: true, tags: [], ...extra,
  }, null);
}

export interface Api {
  app: Application;
  sp: ServicePrincipal;
  identifierUri: string;
  role(value: string): string;
}

/** An API with app roles (for applications) and delegated scopes. */
export async function createApi(h: Harness, name: string, roles: string[], scopes: string[]): Promise<Api> {
  const identifierUri = `api://${name}-${randomUUID().slice(0, 8)}`;
  const app = await h.directory.applications.create(applicationCreateSchema.parse({
    displayName: name,
    identifierUris: [identifierUri],
    appRoles: roles.map((value) => ({ id: randomUUID(), value, displayName: value, allowedMemberTypes: ['Application'] })),
    api: { oauth2PermissionScopes: scopes.map((value) => ({ id: randomUUID(), value, adminConsentDisplayName: value })) },
  }));
  const sp = await h.directory.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
  return { app, sp, identifierUri, role: (value) => sp.appRoles.find((r) => r.value === value)!.id };
}

/** Step 1: the blueprint asks for an assertion naming the agent. */
export async function agentAssertion(h: Harness, bp: Blueprint, agentAppId: string): Promise<string> {
  const config = await discover(h, bp.blueprint.appId, client.ClientSecretBasic(bp.secret));
  return (await client.clientCredentialsGrant(config, { resource: agentResource(agentAppId) })).access_token;
}

/** Step 2: the agent (a public client) exchanges. */
export async function exchange(h: Harness, agentAppId: string, parameters: Record<string, string>) {
  const config = await discover(h, agentAppId, client.None());
  return client.genericGrantRequest(config, tokenExchange, parameters);
}

/** Both steps, autonomous: the assertion as the subject token. */
export async function autonomousToken(h: Harness, bp: Blueprint, agent: AgentIdentity, target: Record<string, string>) {
  const assertion = await agentAssertion(h, bp, agent.appId);
  return exchange(h, agent.appId, { subject_token: assertion, subject_token_type: accessTokenType, ...target });
}

/** Both steps, on behalf of the person whose access token `userToken` is. */
export async function onBehalfOfToken(h: Harness, bp: Blueprint, agent: AgentIdentity, userToken: string, target: Record<string, string>) {
  const assertion = await agentAssertion(h, bp, agent.appId);
  return exchange(h, agent.appId, {
    subject_token: userToken, subject_token_type: accessTokenType, actor_token: assertion, actor_token_type: accessTokenType, ...target,
  });
}

/** `error: error_description` of an openid-client failure, for assert.match. */
export const describe = (e: unknown) => (e instanceof client.ResponseBodyError ? `${e.error}: ${e.error_description}` : String(e));

/** The last sign-in event of a client, once the log has had a moment. */
export async function lastSignIn(h: Harness, appId: string) {
  await new Promise((r) => setTimeout(r, 30));
  return h.signIns.filter((s) => s.appId === appId).at(-1)!;
}
