/**
 * `/organization`: the tenant (https://learn.microsoft.com/graph/api/organization-list). Any
 * signed-in user may read it (Graph accepts User.Read), apps need Directory.Read.All. Custom
 * domains are not supported yet, so verifiedDomains is empty.
 */
import { readTenant } from '../../directory/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { contextUrl } from './collection.ts';
import type { GraphDeps } from './graph-deps.ts';

export function organizationRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/organization',
      summary: 'Get the organization (tenant)',
      tags: ['organization'],
      auth: {
        appRoles: [Permission.DirectoryReadAll],
        delegatedScopes: [Permission.UserRead],
        selfService: true,
      },
      status: [200, 403],
    },
    async () => {
      const tenant = await readTenant(deps.db);
      const value = tenant
        ? [
            {
              id: tenant.id,
              displayName: tenant.displayName,
              createdDateTime: tenant.createdDateTime,
              verifiedDomains: [],
            },
          ]
        : [];
      return { '@odata.context': contextUrl(deps, 'organization'), value };
    },
  );
}
