/**
 * `/auditLogs/signIns` and `/auditLogs/directoryAudits`
 * (https://learn.microsoft.com/graph/api/signin-list,
 * https://learn.microsoft.com/graph/api/directoryaudit-list): newest first unless `$orderby`
 * says otherwise, `$filter` on Graph's property paths (`status/errorCode ne 0`,
 * `initiatedBy/user/id eq '…'`), 100 per page by default, paged through `@odata.nextLink`.
 */
import { z } from 'zod';
import {
  countDirectoryAudits,
  countSignIns,
  getDirectoryAudit,
  getSignIn,
  queryDirectoryAudits,
  querySignIns,
} from '../../logs/index.ts';
import { applyFilter, applyListQuery } from '../../odata/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { collectionBody, entityBody, entityQuery, entitySelect } from './collection.ts';
import { notFound } from './directory-error.ts';
import { directoryAuditFieldMap, signInFieldMap } from './field-maps.ts';
import type { GraphDeps } from './graph-deps.ts';

const tags = ['auditLogs'];
const auth = requires(Permission.AuditLogReadAll);
const logKey = z.object({ id: z.string().min(1).max(100) });

/** Top-level properties `$select` may name (Graph's signIn and directoryAudit resources). */
const signInSelectable = [
  'id', 'createdDateTime', 'userId', 'userDisplayName', 'userPrincipalName', 'appId',
  'appDisplayName', 'servicePrincipalId', 'servicePrincipalName', 'ipAddress', 'clientAppUsed',
  'userAgent', 'correlationId', 'resourceDisplayName', 'resourceId', 'status', 'signInEventTypes',
  'isInteractive', 'authenticationRequirement', 'conditionalAccessStatus',
  'appliedConditionalAccessPolicies', 'clientCredentialType', 'tokenIssuerType', 'location',
  'deviceDetail', 'riskDetail', 'riskLevelAggregated', 'riskLevelDuringSignIn', 'riskState',
  'riskEventTypes_v2', 'authenticationDetails', 'authenticationMethodsUsed', 'authenticationProtocol',
  'originalTransferMethod', 'agent',
];
const directoryAuditSelectable = [
  'id', 'category', 'correlationId', 'result', 'resultReason', 'activityDisplayName',
  'activityDateTime', 'loggedByService', 'operationType', 'initiatedBy', 'targetResources',
  'additionalDetails',
];

const signIns = {
  fields: signInFieldMap,
  entityType: 'microsoft.graph.signIn',
  selectable: signInSelectable,
};
const directoryAudits = {
  fields: directoryAuditFieldMap,
  entityType: 'microsoft.graph.directoryAudit',
  selectable: directoryAuditSelectable,
};

export function auditLogRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/auditLogs/signIns',
      summary: 'List sign-ins',
      tags,
      auth,
      listQuery: signIns,
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const { db, engine } = deps;
      const items = await querySignIns(
        db,
        (q) => applyListQuery(q, listQuery, signInFieldMap, engine),
        { newestFirst: listQuery.orderBy.length === 0 },
      );
      const count = listQuery.count
        ? await countSignIns(db, (q) => applyFilter(q, listQuery.filter, signInFieldMap, engine))
        : undefined;
      return collectionBody(ctx, deps, listQuery, 'auditLogs/signIns', items, count);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/auditLogs/signIns/:id',
      summary: 'Get a sign-in',
      tags,
      auth,
      params: logKey,
      query: entityQuery,
      status: [200, 403, 404],
    },
    async ({ params, query }) => {
      const signIn = await getSignIn(deps.db, params.id);
      if (!signIn) throw notFound(params.id);
      const select = entitySelect(query, signInFieldMap, signIns.entityType, signInSelectable);
      return entityBody(deps, 'auditLogs/signIns', { ...signIn }, select);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/auditLogs/directoryAudits',
      summary: 'List directory audits',
      tags, auth,
      listQuery: directoryAudits,
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const { db, engine } = deps;
      const fields = directoryAuditFieldMap;
      const items = await queryDirectoryAudits(
        db,
        (q) => applyListQuery(q, listQuery, fields, engine),
        { newestFirst: listQuery.orderBy.length === 0 },
      );
      const count = listQuery.count
        ? await countDirectoryAudits(db, (q) => applyFilter(q, listQuery.filter, fields, engine))
        : undefined;
      return collectionBody(ctx, deps, listQuery, 'auditLogs/directoryAudits', items, count);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/auditLogs/directoryAudits/:id',
      summary: 'Get a directory audit',
      tags, auth,
      params: logKey,
      query: entityQuery,
      status: [200, 403, 404],
    },
    async ({ params, query }) => {
      const audit = await getDirectoryAudit(deps.db, params.id);
      if (!audit) throw notFound(params.id);
      const select = entitySelect(
        query, directoryAuditFieldMap, directoryAudits.entityType, directoryAuditSelectable,
      );
      return entityBody(deps, 'auditLogs/directoryAudits', { ...audit }, select);
    },
  );
}
