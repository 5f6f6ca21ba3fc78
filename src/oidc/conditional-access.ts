/**
 * Conditional Access at the protocol edge: the context of one request (who, for which app, from
 * where, with what the session proved), evaluated against the tenant's compiled policies (kept
 * in the directory cache: recompiled when the audit head moves, i.e. after any policy change on
 * any process), and the sign-in log's view of the result.
 */
import type { MethodsUsed } from '../authn/index.ts';
import {
  conditionsNotSatisfied, evaluate, loadCompiledPolicies, userSubject, type CaEvaluation, type CompiledPolicies,
} from '../conditional-access/index.ts';
import type { Directory, User } from '../directory/index.ts';
import type { AppliedConditionalAccessPolicy, SignInInput } from '../logs/index.ts';
import type { Db } from '../store/index.ts';
import { devicePlatformOf } from './device-platform.ts';
import type { DirectoryCache } from './directory-cache.ts';

export interface CaDeps { db: Db; directory: Directory; cache: DirectoryCache }

export const compiledPoliciesOf = (deps: CaDeps): Promise<CompiledPolicies> =>
  deps.cache.get('conditional-access:compiled', () => loadCompiledPolicies(deps.db));

/** An interactive browser sign-in of `user` to `appId`, with the methods used so far. */
export async function evaluateInteractive(
  deps: CaDeps,
  request: { ip: string; userAgent: string | undefined },
  user: User,
  appId: string,
  methods: MethodsUsed,
): Promise<CaEvaluation> {
  const compiled = await compiledPoliciesOf(deps);
  const platform = devicePlatformOf(request.userAgent);
  return evaluate(compiled, {
    subject: await userSubject(deps.directory, user),
    target: { kind: 'application', appId },
    clientAppType: 'browser',
    ...(platform ? { devicePlatform: platform } : {}),
    ...(request.ip ? { ipAddress: request.ip } : {}),
    session: { methods },
    interactive: true,
  });
}

/** The sign-in log's Conditional Access fields: the status and one entry per policy. */
export function caLogFields(evaluation: CaEvaluation | undefined): Pick<SignInInput, 'conditionalAccessStatus' | 'appliedConditionalAccessPolicies'> {
  if (!evaluation) return {};
  return {
    conditionalAccessStatus: evaluation.conditionalAccessStatus,
    appliedConditionalAccessPolicies: evaluation.policies.map((p): AppliedConditionalAccessPolicy => ({
      id: p.id,
      displayName: p.displayName,
      result: p.result,
      enforcedGrantControls: p.enforcedGrantControls,
      enforcedSessionControls: p.enforcedSessionControls,
      conditionsNotSatisfied: p.policyApplies ? 'none' : conditionsNotSatisfied(p.analysisReasons),
    })),
  };
}
