/**
 * Replay: `POST /identity/conditionalAccess/simulate` (Limen's; Entra has only report-only): a
 * draft policy, or a whole draft set, evaluated against the last N days of real sign-ins. The
 * answer says who and what would have been blocked, challenged or unaffected, by user,
 * application, platform, client app and country, with examples. Nothing is stored.
 */
import { z } from 'zod';
import {
  loadPolicySet, replay, principalSubject, userSubject,
  type CaSubject,
} from '../../conditional-access/index.ts';
import { createDirectory } from '../../directory/index.ts';
import { signInsBetween, type SignIn } from '../../logs/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { parseDraftPolicies } from './conditional-access-problems.ts';
import type { GraphDeps } from './graph-deps.ts';

const body = z.strictObject({
  draftPolicies: z.array(z.record(z.string(), z.unknown())).min(1).max(195),
  /** How far back to replay. @default 7 */
  days: z.number().int().min(1).max(90).optional(),
  /** Evaluate the drafts as if enabled (the question is "what if I switch it on"). @default true */
  asEnabled: z.boolean().optional(),
  /** Evaluate the tenant's stored policies too, the drafts replacing them by id. @default false: the drafts alone. */
  withStoredPolicies: z.boolean().optional(),
});

export function conditionalAccessSimulateRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'POST',
      path: '/identity/conditionalAccess/simulate',
      summary: 'Replay draft Conditional Access policies against the real sign-ins of the last days',
      description: 'Limen extension. Successful sign-ins are rebuilt (person and groups as now, app, address, platform from the user ' +
        'agent, methods used) and evaluated; failed ones are skipped. Counts by user, application, platform, client app and country.',
      tags: ['conditionalAccess'],
      auth: requires(Permission.PolicyReadAll, Permission.PolicyReadWriteConditionalAccess),
      body,
      status: [200, 400, 403],
    },
    async ({ body: input }) => {
      const now = new Date();
      const drafts = parseDraftPolicies(input.draftPolicies, { asEnabled: input.asEnabled !== false });
      const { compiled } = await loadPolicySet(deps.db, drafts, { withStored: input.withStoredPolicies ?? false });

      const dir = createDirectory(deps.db);
      const subjects = new Map<string, Promise<CaSubject | undefined>>();
      const subjectOf = (s: SignIn) => {
        const appOnly = s.signInEventTypes.includes('servicePrincipal');
        const key = appOnly ? `sp:${s.servicePrincipalId}` : `user:${s.userId}`;
        if (!subjects.has(key)) {
          subjects.set(key, (async () => {
            if (appOnly) {
              const sp = s.servicePrincipalId ? await dir.servicePrincipals.get(s.servicePrincipalId) : undefined;
              return sp && principalSubject(deps.db, sp);
            }
            const user = s.userId ? await dir.users.get(s.userId) : undefined;
            return user && userSubject(dir, user);
          })());
        }
        return subjects.get(key)!;
      };
      const from = new Date(now.getTime() - (input.days ?? 7) * 86_400_000).toISOString();
      const report = await replay(compiled, signInsBetween(deps.db, from, now.toISOString()), subjectOf);
      return { from, to: now.toISOString(), policies: drafts.map((d) => d.displayName), ...report, compileProblems: compiled.problems };
    },
  );
}
