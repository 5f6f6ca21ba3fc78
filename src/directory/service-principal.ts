import { z } from 'zod';
import type { ServicePrincipalRow } from '../store/index.ts';
import { customSecurityAttributesSchema } from './custom-security-attributes.ts';
import { parseJson, toBool } from './json.ts';
import type { AppRole, PermissionScope } from './management-api.ts';

/** Graph's servicePrincipal: the application's presence in this tenant (enterprise app). */
export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  accountEnabled: boolean;
  appRoleAssignmentRequired: boolean;
  servicePrincipalType: string;
  servicePrincipalNames: string[];
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  tags: string[];
  createdDateTime: string;
}

export interface ServicePrincipalData {
  servicePrincipalNames: string[];
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  tags: string[];
}

export const servicePrincipalCreateSchema = z.strictObject({
  appId: z.string().min(1).max(100),
  accountEnabled: z.boolean().default(true),
  appRoleAssignmentRequired: z.boolean().default(false),
  tags: z.array(z.string().max(256)).max(50).default([]),
});
export type ServicePrincipalCreate = z.infer<typeof servicePrincipalCreateSchema>;

export const servicePrincipalUpdateSchema = z
  .strictObject({
    accountEnabled: z.boolean(),
    appRoleAssignmentRequired: z.boolean(),
    tags: z.array(z.string().max(256)).max(50),
    displayName: z.string().min(1).max(256),
    // Kept for agent identities (agent-identity.ts); other service principals refuse it.
    customSecurityAttributes: customSecurityAttributesSchema.nullable(),
  })
  .partial();
export type ServicePrincipalUpdate = z.infer<typeof servicePrincipalUpdateSchema>;

export function toGraphServicePrincipal(row: ServicePrincipalRow): ServicePrincipal {
  const data = parseJson<Partial<ServicePrincipalData>>(row.data, {});
  return {
    id: row.id,
    appId: row.app_id,
    displayName: row.display_name,
    accountEnabled: toBool(row.account_enabled),
    appRoleAssignmentRequired: toBool(row.app_role_assignment_required),
    servicePrincipalType: row.service_principal_type,
    servicePrincipalNames: data.servicePrincipalNames ?? [row.app_id],
    appRoles: data.appRoles ?? [],
    oauth2PermissionScopes: data.oauth2PermissionScopes ?? [],
    tags: data.tags ?? [],
    createdDateTime: row.created_date_time,
  };
}

export const servicePrincipalColumns = {
  id: 'id',
  appId: 'app_id',
  displayName: 'display_name',
  accountEnabled: 'account_enabled',
  appRoleAssignmentRequired: 'app_role_assignment_required',
  servicePrincipalType: 'service_principal_type',
  createdDateTime: 'created_date_time',
} as const satisfies Partial<Record<keyof ServicePrincipal, keyof ServicePrincipalRow>>;
