import { z } from 'zod';
import type { AppRoleAssignmentRow, OAuth2PermissionGrantRow, RoleAssignmentRow } from '../store/index.ts';

/** Graph's unifiedRoleAssignment (directory roles), tenant-wide scope `/` only for now. */
export interface RoleAssignment {
  id: string;
  roleDefinitionId: string;
  principalId: string;
  directoryScopeId: string;
  createdDateTime: string;
}

export const roleAssignmentCreateSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.unifiedRoleAssignment').optional(),
  roleDefinitionId: z.uuid(),
  principalId: z.uuid(),
  directoryScopeId: z.literal('/', 'only the tenant-wide scope "/" is supported').default('/'),
});
export type RoleAssignmentCreate = z.infer<typeof roleAssignmentCreateSchema>;

export const toRoleAssignment = (r: RoleAssignmentRow): RoleAssignment => ({
  id: r.id,
  roleDefinitionId: r.role_definition_id,
  principalId: r.principal_id,
  directoryScopeId: r.directory_scope_id,
  createdDateTime: r.created_date_time,
});

/** Graph's appRoleAssignment: a user, group or service principal holding an app role. */
export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: string;
  principalDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: string;
}

export const appRoleAssignmentCreateSchema = z.strictObject({
  principalId: z.uuid(),
  resourceId: z.uuid(),
  // The all-zero id is Graph's "default access" role for apps without roles.
  appRoleId: z.uuid().or(z.literal('00000000-0000-0000-0000-000000000000')),
});
export type AppRoleAssignmentCreate = z.infer<typeof appRoleAssignmentCreateSchema>;

export const toAppRoleAssignment = (r: AppRoleAssignmentRow): AppRoleAssignment => ({
  id: r.id,
  appRoleId: r.app_role_id,
  principalId: r.principal_id,
  principalType: r.principal_type,
  principalDisplayName: r.principal_display_name,
  resourceId: r.resource_id,
  resourceDisplayName: r.resource_display_name,
  createdDateTime: r.created_date_time,
});

/** Graph's oAuth2PermissionGrant: delegated consent of a client to a resource's scopes. */
export interface OAuth2PermissionGrant {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string;
  scope: string;
}

export const oauth2PermissionGrantCreateSchema = z
  .strictObject({
    clientId: z.uuid(),
    consentType: z.enum(['AllPrincipals', 'Principal']),
    principalId: z.uuid().nullable().optional(),
    resourceId: z.uuid(),
    scope: z.string().min(1).max(4000),
  })
  .refine((g) => (g.consentType === 'Principal') === Boolean(g.principalId), {
    message: 'principalId is required for consentType Principal and must be absent for AllPrincipals',
    path: ['principalId'],
  });
export type OAuth2PermissionGrantCreate = z.infer<typeof oauth2PermissionGrantCreateSchema>;

export const toOAuth2PermissionGrant = (r: OAuth2PermissionGrantRow): OAuth2PermissionGrant => ({
  id: r.id,
  clientId: r.client_id,
  consentType: r.consent_type === 'Principal' ? 'Principal' : 'AllPrincipals',
  principalId: r.principal_id,
  resourceId: r.resource_id,
  scope: r.scope,
});
