/**
 * `GET /identity/conditionalAccess/insights` (Limen's; Entra's is a Log Analytics workbook): the
 * impact of the selected policies (default: every enabled and report-only one) over a time range,
 * counted by sign-ins or by users, with breakdowns — for the console to chart.
 */
import { z } from 'zod';
import { createConditionalAccessRepository, insights } from '../../conditional-access/index.ts';
import { signInsBetween } from '../../logs/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import type { GraphDeps } from './graph-deps.ts';

const query = z.object({
  /** Comma-separated policy ids; default every enabled and report-only policy. */
  policyIds: z.string().max(195 * 40).optional(),
  /** ISO 8601; default 7 days before `to`. Entra's workbook spans 4 hours to 90 days. */
  from: z.string().max(40).optional(),
  /** ISO 8601; default now. */
  to: z.string().max(40).optional(),
  view: z.enum(['signIns', 'users']).optional(),
});

export function conditionalAccessInsightsRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/identity/conditionalAccess/insights',
      summary: 'Impact of Conditional Access policies over a time range: success, failure, user action required, not applied',
      description: 'Limen extension, after Entra’s Insights and Reporting workbook. Breakdowns by application, platform, client app, location, user and risk level (riskLevelAggregated).',
      tags: ['conditionalAccess'],
      auth: requires(Permission.PolicyReadAll, Permission.PolicyReadWriteConditionalAccess),
      query,
      status: [200, 400, 403],
    },
    async ({ query: q }) => {
      const to = q.to ? Date.parse(q.to) : Date.now();
      const from = q.from ? Date.parse(q.from) : to - 7 * 86_400_000;
      if (Number.isNaN(to) || Number.isNaN(from)) throw new ApiError('Request_BadRequest', 'from and to must be ISO 8601 dates and times.');
      if (from >= to || to - from > 90 * 86_400_000) throw new ApiError('Request_BadRequest', 'from must be before to, and the range at most 90 days.');
      const stored = await createConditionalAccessRepository(deps.db).listPolicies();
      const ids = q.policyIds
        ? new Set(q.policyIds.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
        : new Set(stored.filter((p) => p.state !== 'disabled').map((p) => p.id));
      const report = await insights(signInsBetween(deps.db, new Date(from).toISOString(), new Date(to).toISOString()), (id) => ids.has(id.toLowerCase()), q.view ? { view: q.view } : {});
      return {
        from: new Date(from).toISOString(), to: new Date(to).toISOString(),
        policies: stored.filter((p) => ids.has(p.id.toLowerCase())).map((p) => ({ id: p.id, displayName: p.displayName, state: p.state })),
        ...report,
      };
    },
  );
}
