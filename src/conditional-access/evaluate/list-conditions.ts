/**
 * The conditions that compare one fact of the request with a list: device platform, client app
 * type, the risk levels, and the authentication flow. Each is absent (matches everything) when
 * the policy leaves it unconfigured, and compares case-insensitively (corpora write "All").
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-conditions
 */
import type { ConditionalAccessConditions } from '../policy.ts';
import { flagSet, type Check } from './check.ts';
import type { CaAnalysisReason } from './evaluation.ts';
import type { CaSignInContext } from './sign-in-context.ts';

/**
 * Platforms: the platform comes from the user agent, unverified. At sign-in an unknown platform
 * is a value of its own, matched by "all" and excluded by nothing else (so "include all, exclude
 * the six known platforms" is Microsoft's recipe to block unknown platforms). In What If an
 * unsupplied platform matches only a condition that covers every platform.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/howto-policy-unknown-unsupported-device
 */
export function compilePlatformCondition(p: ConditionalAccessConditions['platforms']): Check | undefined {
  if (!p) return undefined;
  const inc = flagSet(p.includePlatforms);
  const exc = flagSet(p.excludePlatforms);
  const includeAll = inc.has('all');
  const excludeAll = exc.has('all');
  return (facts) => {
    const platform = facts.context.devicePlatform?.toLowerCase();
    if (platform === undefined) {
      const covered = includeAll && !excludeAll && (facts.mode === 'signIn' || exc.size === 0);
      return covered ? undefined : 'devicePlatform';
    }
    return (includeAll || inc.has(platform)) && !(excludeAll || exc.has(platform)) ? undefined : 'devicePlatform';
  };
}

/** Client apps: `all` (or nothing) matches any client; an unknown client matches only that. */
export function compileClientAppCondition(types: ConditionalAccessConditions['clientAppTypes']): Check | undefined {
  const set = flagSet(types);
  if (set.size === 0 || set.has('all')) return undefined;
  // `easSupported` is the deprecated name for Exchange ActiveSync clients.
  if (set.has('eassupported')) set.add('exchangeactivesync');
  return (facts) => {
    const type = facts.context.clientAppType?.toLowerCase();
    return type !== undefined && set.has(type) ? undefined : 'clientApps';
  };
}

/**
 * A risk condition. At sign-in an unreported level is `none`: Limen has no risk detection of
 * its own, so risk-based policies apply only to a level the caller supplies or an administrator
 * set on the user or service principal (the subject's `risk`). Enum arrays and flags strings
 * ("medium,high", as Graph beta writes agentIdRiskLevels) both work.
 */
export function compileRiskCondition(
  levels: string | readonly string[] | null | undefined, reason: CaAnalysisReason, level: (c: CaSignInContext) => string | undefined,
): Check | undefined {
  const set = flagSet(levels);
  if (levels !== undefined && levels !== null && typeof levels !== 'string' && levels.some((l) => l.toLowerCase() === 'none')) set.add('none');
  if (set.size === 0) return undefined;
  return (facts) => {
    const actual = level(facts.context)?.toLowerCase() ?? (facts.mode === 'signIn' ? 'none' : undefined);
    return actual !== undefined && set.has(actual) ? undefined : reason;
  };
}

/** Authentication flows: device code or authentication transfer; a request using neither matches no such policy. */
export function compileAuthenticationFlowCondition(flows: ConditionalAccessConditions['authenticationFlows']): Check | undefined {
  const set = flagSet(flows?.transferMethods);
  if (set.size === 0) return undefined;
  return (facts) => {
    const flow = facts.context.authenticationFlow?.toLowerCase();
    return flow !== undefined && set.has(flow) ? undefined : 'authenticationFlow';
  };
}
