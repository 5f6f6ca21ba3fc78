/**
 * What a policy protects: resources (applications), a user action, or authentication contexts;
 * a policy names one kind. A token request is for a resource and may also ask for
 * authentication contexts, so both kinds of policy can apply to it.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-cloud-apps
 *
 * App groups in Limen:
 * - `Office365`: Limen runs no Microsoft 365 service, so it contains no Limen application; it
 *   matches nothing, included or excluded.
 * - `MicrosoftAdminPortals`: Entra enforces it on tokens for its admin portals. Limen's
 *   administration surface is its management API (which carries Microsoft Graph's appId,
 *   00000003-0000-0000-c000-000000000000) and the clients built for it (the Limen CLI), so the
 *   group contains those. Entra would not count Graph itself in this group (Graph cannot even be
 *   targeted alone there), but in Limen the API *is* the admin portal: an imported "MFA for
 *   admin portals" or "block guests from admin portals" policy must protect it, not silently
 *   protect nothing. A Limen admin console, when it exists, joins through `adminPortalAppIds`.
 * - `AllAgentIdResources`: resources that are agent blueprints or agent identities
 *   (`isAgentResource` on the target).
 * Unlike Graph's evaluate API, What If here expands app groups as sign-in does: Limen knows
 * their members, so a What If for the management API matches a `MicrosoftAdminPortals` policy.
 *
 * `applicationFilter` reads custom security attributes, which Limen does not have (see
 * filter-condition.ts).
 */
import type { ConditionalAccessApplications } from '../policy.ts';
import { splitSpecial, type CaCompileProblem, type Check } from './check.ts';
import { attributeFilterOutcome, compileFilter } from './filter-condition.ts';

export function compileTargetCondition(
  a: ConditionalAccessApplications | null | undefined, adminPortals: ReadonlySet<string>, policyId: string, problems: CaCompileProblem[],
): Check {
  const actions = new Set((a?.includeUserActions ?? []).map((x) => x.toLowerCase()));
  const contexts = new Set((a?.includeAuthenticationContextClassReferences ?? []).map((x) => x.toLowerCase()));

  if (actions.size > 0) {
    return (facts) => {
      const t = facts.context.target;
      return t.kind === 'userAction' && actions.has(t.userAction.toLowerCase()) ? undefined : 'userActions';
    };
  }
  if (contexts.size > 0) {
    return (facts) => {
      const t = facts.context.target;
      const asked = t.kind === 'authenticationContext' ? [t.authenticationContext] : t.kind === 'application' ? (t.authenticationContexts ?? []) : [];
      return asked.some((c) => contexts.has(c.toLowerCase())) ? undefined : 'authenticationContext';
    };
  }

  const groups = ['All', 'None', 'Office365', 'MicrosoftAdminPortals', 'AllAgentIdResources'] as const;
  const inc = splitSpecial(a?.includeApplications, groups);
  const exc = splitSpecial(a?.excludeApplications, groups);
  if (exc.flags.has('All')) problems.push({ policyId, message: 'excludeApplications "All" excludes every application: the policy never applies' });
  const filter = attributeFilterOutcome(compileFilter(a?.applicationFilter, policyId, 'application filter', problems));
  return (facts) => {
    const t = facts.context.target;
    if (t.kind !== 'application') return 'application';
    const adminPortal = adminPortals.has(t.appId);
    const agentResource = t.isAgentResource === true;
    const excluded = exc.ids.has(t.appId) || exc.flags.has('All') || (exc.flags.has('MicrosoftAdminPortals') && adminPortal)
      || (exc.flags.has('AllAgentIdResources') && agentResource) || filter.excludes;
    if (excluded) return 'application';
    const included = inc.flags.has('All') || inc.ids.has(t.appId) || (inc.flags.has('MicrosoftAdminPortals') && adminPortal)
      || (inc.flags.has('AllAgentIdResources') && agentResource) || filter.includes;
    return included ? undefined : 'application';
  };
}
