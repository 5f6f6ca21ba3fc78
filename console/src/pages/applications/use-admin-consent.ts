/**
 * Tenant-wide (admin) consent for the permissions an app asks for, as Entra records it on the
 * app's service principal: delegated ones in one AllPrincipals oauth2PermissionGrant per API
 * (its scope lists them), application ones as app role assignments. Granting creates the service
 * principal first if there is none; revoking takes scopes out of the grant (deleting it when none
 * is left) and deletes the assignments.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Collection } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import type { Application } from './application.ts';

interface PermissionGrant { id: string; clientId: string; consentType: string; resourceId: string; scope: string }
interface RoleAssignment { id: string; appRoleId: string; resourceId: string }

/** One permission, resolved on its API's service principal. */
export interface ConsentItem { type: 'Scope' | 'Role'; id: string; value: string; resourceId: string }

export function useAdminConsent(app: Application, enabled: boolean) {
  const access = useAccess();
  const graph = useGraph();
  const client = useQueryClient();
  const spPath = `/servicePrincipals?$filter=appId eq '${encodeURIComponent(app.appId)}'`;
  const clientSp = useGraphQuery<Collection<{ id: string }>>(spPath, { enabled: enabled && access.can('Application.Read.All') });
  const spId = clientSp.data?.value[0]?.id;
  const grants = useGraphQuery<Collection<PermissionGrant>>(
    spId ? `/oauth2PermissionGrants?$filter=clientId eq '${spId}'` : undefined, { enabled: access.can('Directory.Read.All') });
  const assignments = useGraphQuery<Collection<RoleAssignment>>(spId ? `/servicePrincipals/${spId}/appRoleAssignments` : undefined);
  const tenantGrant = (resourceId: string) => (grants.data?.value ?? []).find((g) => g.consentType === 'AllPrincipals' && g.resourceId === resourceId);
  const assignment = (item: ConsentItem) => (assignments.data?.value ?? []).find((a) => a.resourceId === item.resourceId && a.appRoleId === item.id);
  const isGranted = (item: ConsentItem) => item.type === 'Scope'
    ? (tenantGrant(item.resourceId)?.scope.split(' ').includes(item.value) ?? false)
    : assignment(item) !== undefined;
  const refresh = async () => {
    await invalidateGraph(client, '/servicePrincipals');
    await invalidateGraph(client, '/oauth2PermissionGrants');
  };
  /** The delegated items per API: one grant each. */
  const byResource = (items: ConsentItem[]) => {
    const groups = new Map<string, ConsentItem[]>();
    for (const i of items.filter((x) => x.type === 'Scope')) groups.set(i.resourceId, [...(groups.get(i.resourceId) ?? []), i]);
    return groups;
  };

  const grant = useMutation({
    mutationFn: async (items: ConsentItem[]) => {
      const id = spId ?? (await graph<{ id: string }>('/servicePrincipals', { method: 'POST', body: { appId: app.appId } })).id;
      for (const [resourceId, scopes] of byResource(items)) {
        const existing = tenantGrant(resourceId);
        const values = scopes.map((s) => s.value);
        if (existing) {
          const scope = [...new Set([...existing.scope.split(' ').filter(Boolean), ...values])].join(' ');
          await graph(`/oauth2PermissionGrants/${existing.id}`, { method: 'PATCH', body: { scope } });
        } else {
          await graph('/oauth2PermissionGrants', { method: 'POST', body: { clientId: id, consentType: 'AllPrincipals', resourceId, scope: values.join(' ') } });
        }
      }
      for (const role of items.filter((i) => i.type === 'Role' && !assignment(i))) {
        await graph(`/servicePrincipals/${id}/appRoleAssignments`, { method: 'POST', body: { principalId: id, resourceId: role.resourceId, appRoleId: role.id } });
      }
    },
    onSettled: refresh,
    meta: { showsOwnError: true },
  });

  const revoke = useMutation({
    mutationFn: async (items: ConsentItem[]) => {
      for (const [resourceId, scopes] of byResource(items)) {
        const existing = tenantGrant(resourceId);
        if (!existing) continue;
        const values = scopes.map((s) => s.value);
        const scope = existing.scope.split(' ').filter((s) => s && !values.includes(s)).join(' ');
        await (scope
          ? graph(`/oauth2PermissionGrants/${existing.id}`, { method: 'PATCH', body: { scope } })
          : graph(`/oauth2PermissionGrants/${existing.id}`, { method: 'DELETE' }));
      }
      for (const role of items.filter((i) => i.type === 'Role')) {
        const held = assignment(role);
        if (held && spId) await graph(`/servicePrincipals/${spId}/appRoleAssignments/${held.id}`, { method: 'DELETE' });
      }
    },
    onSettled: refresh,
    meta: { showsOwnError: true },
  });

  return {
    /** Whether the status is known: the admin may read grants, and they have loaded. */
    known: spId === undefined ? clientSp.isSuccess : grants.isSuccess && assignments.isSuccess,
    error: clientSp.error ?? grants.error ?? assignments.error,
    isGranted,
    grant,
    revoke,
  };
}
export type AdminConsent = ReturnType<typeof useAdminConsent>;
