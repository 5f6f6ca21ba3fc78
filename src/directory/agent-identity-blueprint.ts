import { z } from 'zod';
import { applicationCreateSchema, type Application, type ApplicationUpdate } from './application.ts';

/**
 * Graph's agentIdentityBlueprint: an application subtype, the template and the credentials of
 * the agent identities created from it
 * (https://learn.microsoft.com/graph/api/resources/agentidentityblueprint). Its credentials are
 * the application's own (client secrets for development, certificates for private_key_jwt,
 * federated identity credentials), so the application routes serve them unchanged.
 */
export interface AgentIdentityBlueprint extends Application {
  '@odata.type': '#microsoft.graph.agentIdentityBlueprint';
  createdByAppId: string | null;
}

export const agentIdentityBlueprintType = '#microsoft.graph.agentIdentityBlueprint';

/** `https://…/users/{id}` URLs, as Graph beta's `sponsors@odata.bind` and `owners@odata.bind`. */
export const bindList = z.array(z.string().min(1).max(2048)).max(20);

/** POST /applications/microsoft.graph.agentIdentityBlueprint: an application plus its people. */
export const agentIdentityBlueprintCreateSchema = applicationCreateSchema.extend({
  'sponsors@odata.bind': bindList.optional(),
  'owners@odata.bind': bindList.optional(),
});
export type AgentIdentityBlueprintCreate = z.infer<typeof agentIdentityBlueprintCreateSchema>;

/**
 * Entra refuses what would let a blueprint sign users in itself: it is never a public client
 * (publicClient, spa, isFallbackPublicClient) and its agents use no redirect URIs
 * (https://learn.microsoft.com/entra/agent-id/identity-platform/agent-blueprint). Entra allows
 * one web redirect URI to record consent for interactive agents; Limen has no such flow yet, so
 * it refuses every redirect URI. Returns the offending property and why, or undefined.
 */
export function blueprintSignInProblem(input: ApplicationUpdate): { field: string; message: string } | undefined {
  const problems: Array<[string, boolean]> = [
    ['web.redirectUris', (input.web?.redirectUris?.length ?? 0) > 0],
    ['web.logoutUrl', Boolean(input.web?.logoutUrl)],
    ['spa.redirectUris', (input.spa?.redirectUris?.length ?? 0) > 0],
    ['publicClient.redirectUris', (input.publicClient?.redirectUris?.length ?? 0) > 0],
    ['isFallbackPublicClient', input.isFallbackPublicClient === true],
  ];
  const found = problems.find(([, bad]) => bad);
  if (!found) return undefined;
  return {
    field: found[0],
    message: `Invalid value for property '${found[0]}': an agent identity blueprint cannot be a public client ` +
      'or have redirect URIs; its agents get tokens with client credentials and token exchange only.',
  };
}

export function toAgentIdentityBlueprint(app: Application, createdByAppId: string | null): AgentIdentityBlueprint {
  return { '@odata.type': agentIdentityBlueprintType, ...app, createdByAppId };
}
