/**
 * The Graph v1.0 routes of Limen's management API, for createApi:
 * `createApi({ routes: graphRoutes, deps: { db, engine, publicUrl }, … })`.
 */
import type { RouteModule } from '../create-api.ts';
import { agentRegistryConnectionRoutes } from './agent-registry-connections.routes.ts';
import { agentRegistryRoutes } from './agent-registry.routes.ts';
import { agentIdentityBlueprintRoutes } from './agent-identity-blueprints.routes.ts';
import { agentIdentityPolicyRoutes } from './agent-identity-policy.routes.ts';
import { agentIdentityRoutes } from './agent-identities.routes.ts';
import { agentLinkRoutes } from './agent-links.routes.ts';
import { appRoleAssignmentRoutes } from './app-role-assignments.routes.ts';
import { applicationRoutes } from './applications.routes.ts';
import { auditLogRoutes } from './audit-logs.routes.ts';
import { authenticationMethodRoutes } from './authentication-methods.routes.ts';
import { authenticationMethodsReportRoutes } from './authentication-methods-reports.routes.ts';
import { authenticationStrengthRoutes } from './authentication-strengths.routes.ts';
import { conditionalAccessEvaluateRoutes } from './conditional-access-evaluate.routes.ts';
import { conditionalAccessEmergencyAccessRoutes } from './conditional-access-emergency-access.routes.ts';
import { conditionalAccessImportRoutes } from './conditional-access-import.routes.ts';
import { conditionalAccessInsightsRoutes } from './conditional-access-insights.routes.ts';
import { conditionalAccessSimulateRoutes } from './conditional-access-simulate.routes.ts';
import { conditionalAccessRoutes } from './conditional-access.routes.ts';
import { namedLocationRoutes } from './named-locations.routes.ts';
import { methodConfigurationRoutes } from './method-configurations.routes.ts';
import { softwareOathMethodRoutes } from './software-oath-methods.routes.ts';
import { passkeyRoutes } from './passkeys.routes.ts';
import type { GraphDeps } from './graph-deps.ts';
import { groupMemberRoutes } from './group-members.routes.ts';
import { groupRoutes } from './groups.routes.ts';
import { identityProtectionRoutes } from './identity-protection.routes.ts';
import { inheritablePermissionRoutes } from './inheritable-permissions.routes.ts';
import { meRoutes } from './me.routes.ts';
import { mePasskeyRoutes } from './me.passkeys.routes.ts';
import { federatedCredentialRoutes } from './federated-credentials.routes.ts';
import { permissionGrantRoutes } from './oauth2-permission-grants.routes.ts';
import { organizationRoutes } from './organization.routes.ts';
import { graphRequestGuards } from './request-guards.ts';
import { roleManagementRoutes } from './role-management.routes.ts';
import { servicePrincipalRoutes } from './service-principals.routes.ts';
import { servicePrincipalSignInActivityRoutes } from './service-principal-sign-in-activities.routes.ts';
import { userRelationRoutes } from './users.relations.routes.ts';
import { userRoutes } from './users.routes.ts';

export type { GraphDeps } from './graph-deps.ts';

export const graphRoutes: RouteModule<GraphDeps>[] = [
  // First: it wraps every route after it.
  graphRequestGuards,
  meRoutes,
  mePasskeyRoutes,
  userRoutes,
  userRelationRoutes,
  authenticationMethodRoutes,
  passkeyRoutes,
  methodConfigurationRoutes,
  softwareOathMethodRoutes,
  authenticationStrengthRoutes,
  conditionalAccessRoutes,
  conditionalAccessImportRoutes,
  conditionalAccessEmergencyAccessRoutes,
  conditionalAccessEvaluateRoutes,
  conditionalAccessSimulateRoutes,
  conditionalAccessInsightsRoutes,
  namedLocationRoutes,
  groupRoutes,
  groupMemberRoutes,
  // Before the application and service principal routes: their `/:id` would take the cast
  // segments (`/applications/microsoft.graph.agentIdentityBlueprint`) for an id.
  agentIdentityBlueprintRoutes,
  agentIdentityRoutes,
  agentLinkRoutes,
  inheritablePermissionRoutes,
  agentIdentityPolicyRoutes,
  applicationRoutes,
  servicePrincipalRoutes,
  appRoleAssignmentRoutes,
  federatedCredentialRoutes,
  permissionGrantRoutes,
  roleManagementRoutes,
  auditLogRoutes,
  authenticationMethodsReportRoutes,
  servicePrincipalSignInActivityRoutes,
  identityProtectionRoutes,
  organizationRoutes,
  agentRegistryRoutes,
  agentRegistryConnectionRoutes,
];
