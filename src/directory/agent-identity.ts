import { z } from 'zod';
import type { AgentIdentityRow } from '../store/index.ts';
import { bindList } from './agent-identity-blueprint.ts';
import { customSecurityAttributesSchema, type CustomSecurityAttributes } from './custom-security-attributes.ts';
import { parseJson } from './json.ts';
import type { ServicePrincipal } from './service-principal.ts';

/**
 * Graph's agentIdentity: a service principal subtype (servicePrincipalType `ServiceIdentity`),
 * the account an AI agent acts as, created from one blueprint and acting only through it
 * (https://learn.microsoft.com/graph/api/resources/agentidentity). It has its own appId, the
 * client id of its token requests, but no credentials: its blueprint holds them.
 */
export interface AgentIdentity {
  '@odata.type': '#microsoft.graph.agentIdentity';
  id: string;
  appId: string;
  displayName: string;
  accountEnabled: boolean;
  /** The blueprint's appId. */
  agentIdentityBlueprintId: string;
  appRoleAssignmentRequired: boolean;
  createdByAppId: string | null;
  createdDateTime: string;
  servicePrincipalType: 'ServiceIdentity';
  servicePrincipalNames: string[];
  tags: string[];
  customSecurityAttributes: CustomSecurityAttributes | null;
  /** When the agent last got a token; null until the token flows first record one. */
  lastSignInDateTime: string | null;
}

export const agentIdentityType = '#microsoft.graph.agentIdentity';
export const agentServicePrincipalType = 'ServiceIdentity';
export const agentIdentityBlueprintPrincipalType = '#microsoft.graph.agentIdentityBlueprintPrincipal';

const tags = z.array(z.string().max(256)).max(50);

/**
 * POST /servicePrincipals/microsoft.graph.agentIdentity. Graph's examples name the blueprint
 * `agentIdentityBlueprintId` (the resource) and `agentIdentityBlueprintAppId` (the create page);
 * both are accepted.
 */
export const agentIdentityCreateSchema = z.strictObject({
  '@odata.type': z.literal(agentIdentityType).optional(),
  displayName: z.string().min(1).max(256),
  agentIdentityBlueprintId: z.string().min(1).max(100).optional(),
  agentIdentityBlueprintAppId: z.string().min(1).max(100).optional(),
  accountEnabled: z.boolean().default(true),
  tags: tags.default([]),
  customSecurityAttributes: customSecurityAttributesSchema.nullable().optional(),
  'sponsors@odata.bind': bindList.optional(),
  'owners@odata.bind': bindList.optional(),
}).refine((b) => b.agentIdentityBlueprintId ?? b.agentIdentityBlueprintAppId, {
  message: "the appId of the agent identity blueprint is required",
  path: ['agentIdentityBlueprintId'],
});
export type AgentIdentityCreate = z.infer<typeof agentIdentityCreateSchema>;

/** What PATCH may change on an agent identity. */
export interface AgentIdentityUpdate {
  displayName?: string | undefined;
  accountEnabled?: boolean | undefined;
  appRoleAssignmentRequired?: boolean | undefined;
  tags?: string[] | undefined;
  customSecurityAttributes?: CustomSecurityAttributes | null | undefined;
}

export function toAgentIdentity(sp: ServicePrincipal, row: AgentIdentityRow): AgentIdentity {
  return {
    '@odata.type': agentIdentityType,
    id: sp.id,
    appId: sp.appId,
    displayName: sp.displayName,
    accountEnabled: sp.accountEnabled,
    agentIdentityBlueprintId: row.blueprint_app_id,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    createdByAppId: row.created_by_app_id,
    createdDateTime: sp.createdDateTime,
    servicePrincipalType: agentServicePrincipalType,
    servicePrincipalNames: sp.servicePrincipalNames,
    tags: sp.tags,
    customSecurityAttributes: parseJson<CustomSecurityAttributes | null>(row.custom_security_attributes, null),
    lastSignInDateTime: row.last_sign_in_date_time,
  };
}
