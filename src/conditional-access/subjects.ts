/**
 * Who is signing in, as Conditional Access sees them: a user with every group (nested groups
 * expanded) and every directory role template they hold (directly or through a group), a
 * service principal, or an agent identity (with its blueprint's principal, which policies may
 * name, and its custom security attributes, which their filters read). Read from the directory for each evaluation; `risk` is Identity Protection's
 * (the sign-in passes it; What If states risk levels instead, and the lockout guard goes without).
 */
import { agentOfClientId, type AgentIdentityView, type Directory, type ServicePrincipal, type User } from '../directory/index.ts';
import type { IdentityRisk } from '../identity-protection/index.ts';
import type { Db } from '../store/index.ts';
import type { CaServicePrincipalSubject, CaUserSubject } from './evaluate/index.ts';

export async function userSubject(dir: Directory, user: User, risk?: IdentityRisk): Promise<CaUserSubject> {
  const [groupIds, roleTemplateIds] = await Promise.all([
    dir.groups.transitiveGroupIds(user.id),
    dir.assignments.directoryRoleIdsOf(user.id),
  ]);
  return {
    kind: 'user',
    userId: user.id,
    groupIds: new Set(groupIds),
    roleTemplateIds: new Set(roleTemplateIds),
    userType: String(user.userType).toLowerCase() === 'guest' ? 'guest' : 'member',
    ...(risk ? { risk } : {}),
  };
}

export function servicePrincipalSubject(sp: ServicePrincipal, risk?: IdentityRisk): CaServicePrincipalSubject {
  return { kind: 'servicePrincipal', servicePrincipalId: sp.id, appId: sp.appId, isAgent: false, ...(risk ? { risk } : {}) };
}

export function agentSubject(view: AgentIdentityView, risk?: IdentityRisk): CaServicePrincipalSubject {
  return {
    kind: 'servicePrincipal',
    servicePrincipalId: view.agent.id,
    appId: view.agent.appId,
    isAgent: true,
    ...(view.blueprintPrincipal ? { agentBlueprintId: view.blueprintPrincipal.id } : {}),
    ...(view.agent.customSecurityAttributes ? { customSecurityAttributes: view.agent.customSecurityAttributes } : {}),
    ...(risk ? { risk } : {}),
  };
}

/** A service principal acting as itself: an agent identity when it is one, else a workload. */
export async function principalSubject(db: Db, sp: ServicePrincipal, risk?: IdentityRisk): Promise<CaServicePrincipalSubject> {
  const view = await agentOfClientId(db, sp.appId);
  return view ? agentSubject(view, risk) : servicePrincipalSubject(sp, risk);
}
