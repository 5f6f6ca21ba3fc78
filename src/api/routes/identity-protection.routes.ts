/**
 * Identity Protection at `/identityProtection/riskyUsers` and `/riskyServicePrincipals`, as Graph:
 * list (with `$filter` on riskLevel, riskState…), get, history, and the administrator's actions
 * confirmCompromised and dismiss (204, each change audited and added to the history). An id that
 * names no user (or service principal) refuses the whole call, naming it: nothing is changed.
 * @see https://learn.microsoft.com/graph/api/resources/riskyuser
 * @see https://learn.microsoft.com/graph/api/resources/riskyserviceprincipal
 */
import { z } from 'zod';
import type { Directory } from '../../directory/index.ts';
import {
  createRiskRepository, servicePrincipalRiskActions, userRiskActions, type IdentityRisk, type RiskAction, type RiskPrincipal,
} from '../../identity-protection/index.ts';
import { applyListQuery, type FieldMap } from '../../odata/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, modifiedProperties, type AuditTarget } from './audit-entry.ts';
import { collectionBody, entityBody, entityQuery, entitySelect, inMemoryCollectionBody, tableCount } from './collection.ts';
import { notFound } from './directory-error.ts';
import { riskHistoryFields, riskyServicePrincipalFields, riskyUserFields } from './field-maps.ts';
import type { GraphDeps } from './graph-deps.ts';

const tags = ['identityProtection'];
const idParam = z.object({ id: z.string().min(1).max(64) });
/** Per call; each id is a row, a history item and an audit target in one transaction. */
const maxIds = 100;
const ids = z.array(z.string().min(1).max(64)).min(1).max(maxIds);

/** What differs between risky users and risky service principals. */
interface RiskKind {
  kind: RiskPrincipal['kind'];
  collection: 'riskyUsers' | 'riskyServicePrincipals';
  entityType: string;
  table: 'risky_users' | 'risky_service_principals';
  fields: FieldMap;
  /** What `$select` may name: the filterable fields and the computed ones. */
  selectable: readonly string[];
  idsMember: 'userIds' | 'servicePrincipalIds';
  noun: string;
  read: Permission;
  write: Permission;
  actions: Readonly<Record<RiskAction, IdentityRisk>>;
  activity: Readonly<Record<RiskAction, string>>;
  /** The directory object an id names, with the names its risk record keeps; undefined if none. */
  principal(dir: Directory, id: string): Promise<RiskPrincipal | undefined>;
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const users: RiskKind = {
  kind: 'user',
  collection: 'riskyUsers',
  entityType: 'microsoft.graph.riskyUser',
  table: 'risky_users',
  fields: riskyUserFields,
  selectable: [...Object.keys(riskyUserFields), 'isDeleted', 'isProcessing'],
  idsMember: 'userIds',
  noun: 'user',
  read: Permission.IdentityRiskyUserReadAll,
  write: Permission.IdentityRiskyUserReadWriteAll,
  actions: userRiskActions,
  activity: { confirmCompromised: 'Confirm user compromised', dismiss: 'Dismiss user risk' },
  async principal(dir, id) {
    // users.get also takes a userPrincipalName; Graph's userIds are object ids only.
    const user = await dir.users.get(id);
    return user && sameId(user.id, id)
      ? { kind: 'user', id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName }
      : undefined;
  },
};

const servicePrincipals: RiskKind = {
  kind: 'servicePrincipal',
  collection: 'riskyServicePrincipals',
  entityType: 'microsoft.graph.riskyServicePrincipal',
  table: 'risky_service_principals',
  fields: riskyServicePrincipalFields,
  selectable: [...Object.keys(riskyServicePrincipalFields), 'isEnabled', 'isProcessing'],
  idsMember: 'servicePrincipalIds',
  noun: 'service principal',
  read: Permission.IdentityRiskyServicePrincipalReadAll,
  write: Permission.IdentityRiskyServicePrincipalReadWriteAll,
  actions: servicePrincipalRiskActions,
  activity: { confirmCompromised: 'Confirm service principal compromised', dismiss: 'Dismiss service principal risk' },
  async principal(dir, id) {
    const sp = await dir.servicePrincipals.get(id);
    return sp && sameId(sp.id, id)
      ? { kind: 'servicePrincipal', id: sp.id, appId: sp.appId, displayName: sp.displayName, servicePrincipalType: sp.servicePrincipalType }
      : undefined;
  },
};

export function identityProtectionRoutes(router: ApiRouter, deps: GraphDeps): void {
  for (const k of [users, servicePrincipals]) riskRoutes(router, deps, k);
}

function riskRoutes(router: ApiRouter, deps: GraphDeps, k: RiskKind): void {
  const base = `/identityProtection/${k.collection}`;
  const fragment = `identityProtection/${k.collection}`;
  const read = requires(k.read);
  const repo = () => createRiskRepository(deps.db);
  const get = (id: string) => (k.kind === 'user' ? repo().getUser(id) : repo().getServicePrincipal(id));

  defineRoute(
    router,
    {
      method: 'GET', path: base, summary: `List risky ${k.noun}s`, tags, auth: read,
      description: `Every ${k.noun} that has had a risk, with its current riskLevel, riskState and riskDetail. ` +
        'Limen detects no risk yet: risk comes from confirmCompromised.',
      listQuery: { fields: k.fields, entityType: k.entityType, selectable: k.selectable }, status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const items: object[] = k.kind === 'user'
        ? await repo().listUsers((q) => applyListQuery(q, listQuery, k.fields, deps.engine))
        : await repo().listServicePrincipals((q) => applyListQuery(q, listQuery, k.fields, deps.engine));
      return collectionBody(ctx, deps, listQuery, fragment, items, await tableCount(deps, k.table, listQuery, k.fields));
    },
  );

  defineRoute(
    router,
    { method: 'GET', path: `${base}/:id`, summary: `Get a risky ${k.noun}`, tags, auth: read, params: idParam, query: entityQuery, status: [200, 400, 403, 404] },
    async ({ params, query }) => {
      const item = await get(params.id);
      if (!item) throw notFound(params.id);
      return entityBody(deps, fragment, item, entitySelect(query, k.fields, k.entityType, k.selectable));
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path: `${base}/:id/history`, summary: `List the risk history of a ${k.noun}`, tags, auth: read, params: idParam,
      description: 'Oldest first: each change, the risk it set, who made it (initiatedBy) and why (activity.detail).',
      listQuery: { fields: riskHistoryFields, entityType: `${k.entityType}HistoryItem` }, status: [200, 400, 403, 404],
    },
    async ({ ctx, params, listQuery }) => {
      const history: object[] | undefined = k.kind === 'user' ? await repo().userHistory(params.id) : await repo().servicePrincipalHistory(params.id);
      if (!history) throw notFound(params.id);
      return inMemoryCollectionBody(ctx, deps, listQuery, `${fragment}('${params.id}')/history`, history, riskHistoryFields);
    },
  );

  for (const action of ['confirmCompromised', 'dismiss'] as const) {
    const risk = k.actions[action];
    defineRoute(
      router,
      {
        method: 'POST',
        path: `${base}/${action}`,
        summary: action === 'confirmCompromised' ? `Confirm ${k.noun}s compromised` : `Dismiss the risk of ${k.noun}s`,
        description: `Sets riskLevel ${risk.riskLevel}, riskState ${risk.riskState}, riskDetail ${risk.riskDetail} on each of ` +
          `${k.idsMember} (at most ${maxIds}); Conditional Access sees it at the next sign-in or token request. ` +
          'An unknown id refuses the call (404, naming it) and changes nothing.',
        tags,
        auth: requires(k.write),
        body: z.strictObject({ [k.idsMember]: ids }),
        status: [204, 400, 403, 404],
      },
      async ({ ctx, caller, body }) => {
        const given = (body as Record<string, string[]>)[k.idsMember]!;
        const wanted = given.filter((id, i) => given.findIndex((other) => sameId(other, id)) === i);
        await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
          const principals: RiskPrincipal[] = [];
          const missing: string[] = [];
          for (const id of wanted) {
            const principal = await k.principal(dir, id);
            if (principal) principals.push(principal);
            else missing.push(id);
          }
          if (missing.length > 0) {
            throw new ApiError('Request_ResourceNotFound', `No ${k.noun} has the id ${missing.map((id) => `'${id}'`).join(', ')}; nothing was changed.`, {
              details: missing.map((id) => ({ code: 'Request_ResourceNotFound', message: `No ${k.noun} has the id '${id}'.`, target: k.idsMember })),
            });
          }
          const risks = createRiskRepository(trx);
          const at = new Date();
          const targetResources: AuditTarget[] = [];
          for (const p of principals) {
            const before = await risks.setRisk(p, risk, { initiatedBy: caller.id, at });
            targetResources.push({
              id: p.id, displayName: p.displayName, type: p.kind === 'user' ? 'User' : 'ServicePrincipal',
              ...(p.kind === 'user' ? { userPrincipalName: p.userPrincipalName } : {}),
              modifiedProperties: modifiedProperties(before, risk),
            });
          }
          return {
            result: undefined,
            audit: {
              category: 'IdentityProtection', activityDisplayName: k.activity[action], operationType: 'Update',
              loggedByService: 'Identity Protection', targetResources,
            },
          };
        });
        return undefined;
      },
    );
  }
}
