/**
 * `/policies/agentIdentityPolicy` (a Limen extension; Graph has no such resource): the tenant's
 * default sponsors, given to agent identities and blueprints an app creates without naming any
 * (agent-identity-policy.ts in the directory says why).
 */
import {
  agentIdentityPolicyUpdateSchema,
  readAgentIdentityPolicy,
  writeAgentIdentityPolicy,
} from '../../directory/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, modifiedProperties } from './audit-entry.ts';
import { entityBody } from './collection.ts';
import type { GraphDeps } from './graph-deps.ts';

const tags = ['agentIdentities'];
const path = '/policies/agentIdentityPolicy';
const fragment = 'policies/agentIdentityPolicy';

export function agentIdentityPolicyRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET', path, summary: 'Get the agent identity policy (default sponsors)', tags,
      auth: requires(Permission.PolicyReadAll, Permission.AgentIdentityReadWriteAll),
      status: [200, 403],
    },
    async () => entityBody(deps, fragment, await readAgentIdentityPolicy(deps.db)),
  );

  defineRoute(
    router,
    {
      method: 'PATCH', path, summary: 'Set the default sponsors of agents created by apps', tags,
      description: 'defaultSponsorIds: object ids of users or groups of this tenant.',
      auth: requires(Permission.AgentIdentityReadWriteAll),
      body: agentIdentityPolicyUpdateSchema,
      status: [204, 400, 403],
    },
    async ({ ctx, caller, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const { before, after } = await writeAgentIdentityPolicy(trx, body);
        return {
          result: undefined,
          audit: {
            category: 'Policy',
            activityDisplayName: 'Update agent identity policy',
            targetResources: [{ id: after.id, displayName: 'Agent identity policy', type: 'Policy', modifiedProperties: modifiedProperties(before, after) }],
          },
        };
      });
      return undefined;
    },
  );
}
