/**
 * Conditional Access at the protocol edge: the context of one request (who, for which app, from
 * where, with what the session proved), evaluated against the tenant's compiled policies (kept
 * in the directory cache: recompiled when the audit head moves, i.e. after any policy change on
 * any process), and the sign-in log's view of the result.
 */
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { MethodsUsed } from '../authn/index.ts';
import {
  conditionsNotSatisfied, devicePlatformOf, evaluate, loadCompiledPolicies, servicePrincipalSubject, userSubject,
  type CaEvaluation, type CaSignInContext, type CaTarget, type CompiledPolicies,
} from '../conditional-access/index.ts';
import type { Directory, ServicePrincipal, User } from '../directory/index.ts';
import { createRiskRepository } from '../identity-protection/index.ts';
import type { AppliedConditionalAccessPolicy, SignInInput } from '../logs/index.ts';
import type { Db } from '../store/index.ts';
import type { DirectoryCache } from './directory-cache.ts';
import { methodsOfSession } from './requested-strength.ts';
import { clientServicePrincipalId } from './token-claims.ts';

export interface CaDeps { db: Db; directory: Directory; cache: DirectoryCache }

export const compiledPoliciesOf = (deps: CaDeps): Promise<CompiledPolicies> =>
  deps.cache.get('conditional-access:compiled', () => loadCompiledPolicies(deps.db));

/**
 * The user's groups, roles and risk as Conditional Access sees them, kept in the directory cache
 * like the token endpoint's other reads: membership, role and risk changes are audited, which
 * refreshes it.
 */
export const userSubjectOf = (deps: CaDeps, user: User) =>
  deps.cache.get(`conditional-access:subject:${user.id}`, async () =>
    userSubject(deps.directory, user, await createRiskRepository(deps.db).riskOf('user', user.id)));

/** A client acting as itself, with its risk (Graph's riskyServicePrincipal), cached like the user's. */
const servicePrincipalSubjectOf = (deps: CaDeps, sp: ServicePrincipal) =>
  deps.cache.get(`conditional-access:service-principal-subject:${sp.id}`, async () =>
    servicePrincipalSubject(sp, await createRiskRepository(deps.db).riskOf('servicePrincipal', sp.id)));

/**
 * An interactive browser sign-in of `user` to `appId`, with the methods used so far.
 * `authenticationFlow`: the sign-in approves a device code shown on another device (RFC 8628),
 * the "device code flow" of the authenticationFlows condition.
 */
export async function evaluateInteractive(
  deps: CaDeps,
  request: { ip: string; userAgent: string | undefined; authenticationFlow?: AuthenticationFlow | undefined },
  user: User,
  appIdOrTarget: string | CaTarget,
  methods: MethodsUsed,
): Promise<CaEvaluation> {
  const compiled = await compiledPoliciesOf(deps);
  const platform = devicePlatformOf(request.userAgent);
  return evaluate(compiled, {
    subject: await userSubjectOf(deps, user),
    target: typeof appIdOrTarget === 'string' ? { kind: 'application', appId: appIdOrTarget } : appIdOrTarget,
    clientAppType: 'browser',
    ...(platform ? { devicePlatform: platform } : {}),
    ...(request.ip ? { ipAddress: request.ip } : {}),
    ...(request.authenticationFlow ? { authenticationFlow: request.authenticationFlow } : {}),
    session: { methods },
    interactive: true,
  });
}

export type AuthenticationFlow = NonNullable<CaSignInContext['authenticationFlow']>;

/**
 * The authentication flow behind a token, from oidc-provider's `gty` (kept across refresh token
 * rotations): tokens from the device code grant stay a device code flow session, as Graph's
 * signIn `originalTransferMethod` is "the transfer method used to initiate a session throughout
 * all subsequent requests" (https://learn.microsoft.com/graph/api/resources/signin?view=graph-rest-beta).
 */
export function flowOfGrantType(gty: string | undefined): AuthenticationFlow | undefined {
  return gty?.split(' ').includes('device_code') ? 'deviceCodeFlow' : undefined;
}

/**
 * The sign-in log's Conditional Access fields: the status and one entry per policy. Token
 * requests (thousands a second, no person waiting) keep only the policies that applied: with 195
 * policies, an entry for each made every record some 40 KB and cut token throughput by half
 * (docs/benchmarks.md). Why another policy did not apply is What If's to answer.
 *
 * With them, the risk the policies saw. Limen has no sign-in detections, so the only risk it knows
 * is the user's (or service principal's): logged, while above `none`, as the aggregated risk with
 * its state and detail; `riskLevelDuringSignIn` (real-time sign-in risk) stays `none`.
 * @see https://learn.microsoft.com/graph/api/resources/signin
 */
export function caLogFields(
  evaluation: CaEvaluation | undefined,
  options: { appliedOnly?: boolean } = {},
): Pick<SignInInput, 'conditionalAccessStatus' | 'appliedConditionalAccessPolicies' | 'riskLevelAggregated' | 'riskState' | 'riskDetail'> {
  if (!evaluation) return {};
  const policies = options.appliedOnly ? evaluation.policies.filter((p) => p.policyApplies) : evaluation.policies;
  const risk = evaluation.risk;
  return {
    ...(risk && risk.riskLevel !== 'none' ? { riskLevelAggregated: risk.riskLevel, riskState: risk.riskState, riskDetail: risk.riskDetail } : {}),
    conditionalAccessStatus: evaluation.conditionalAccessStatus,
    appliedConditionalAccessPolicies: policies.map((p): AppliedConditionalAccessPolicy => ({
      id: p.id,
      displayName: p.displayName,
      result: p.result,
      enforcedGrantControls: p.enforcedGrantControls,
      enforcedSessionControls: p.enforcedSessionControls,
      conditionsNotSatisfied: p.policyApplies ? 'none' : conditionsNotSatisfied(p.analysisReasons),
    })),
  };
}

/** Where the token gate leaves its result for the sign-in log (sign-in-events.ts). */
export const tokenCaState = 'limenConditionalAccess';

/**
 * Conditional Access at the token endpoint, for requests no sign-in page saw: an application's
 * client-credentials request (workload identities: block only) and a refresh (the user is not
 * there: a policy that now wants more answers interaction_required's AADSTS code, and the
 * client sends the user to sign in). Authorization codes and device codes were decided by the
 * sign-in gate a moment before. Throws the OAuth error; records the evaluation (and the
 * resource: a refused request makes no access token to name it by) either way.
 *
 * A refresh is gated from oidc-provider's `rotateRefreshToken` (provider.ts), which the
 * refresh_token grant calls after its own checks and before it consumes the presented token:
 * a refused refresh leaves the client's refresh token usable once the policy allows it again
 * (RFC 6749 §6 revokes the old token after a new one is issued, and none was). A client
 * credentials request is gated as its token gets its claims.
 */
export async function tokenRequestGate(deps: CaDeps, ctx: KoaContextWithOIDC, resource: { appId: string; displayName: string }): Promise<void> {
  const grantType = ctx.oidc.params?.grant_type;
  if (grantType !== 'client_credentials' && grantType !== 'refresh_token') return;
  const compiled = await compiledPoliciesOf(deps);
  if (compiled.policies.length === 0) return;
  const target = { kind: 'application' as const, appId: resource.appId };
  const refreshToken = ctx.oidc.entities.RefreshToken as { accountId?: string; amr?: string[]; authTime?: number; gty?: string } | undefined;
  let context: CaSignInContext | undefined;
  if (grantType === 'client_credentials') {
    const spId = clientServicePrincipalId(ctx);
    const sp = await deps.cache.get(`service-principal:${spId}`, () => deps.directory.servicePrincipals.get(spId));
    if (sp) context = { subject: await servicePrincipalSubjectOf(deps, sp), target, ...(ctx.ip ? { ipAddress: ctx.ip } : {}), interactive: false };
  } else if (refreshToken?.accountId) {
    const user = await deps.directory.users.get(refreshToken.accountId);
    const platform = devicePlatformOf(ctx.get('user-agent') || undefined);
    const flow = flowOfGrantType(refreshToken.gty);
    if (user) {
      context = {
        subject: await userSubjectOf(deps, user), target, clientAppType: 'mobileAppsAndDesktopClients',
        ...(platform ? { devicePlatform: platform } : {}), ...(ctx.ip ? { ipAddress: ctx.ip } : {}),
        ...(flow ? { authenticationFlow: flow } : {}),
        session: { methods: methodsOfSession(refreshToken.amr ?? []) }, interactive: false,
      };
    }
  }
  if (!context) return; // the grant's own checks refuse a missing user or client
  const evaluation = evaluate(compiled, context);
  (ctx.state as Record<string, unknown>)[tokenCaState] = {
    ...caLogFields(evaluation, { appliedOnly: true }), resourceId: resource.appId, resourceDisplayName: resource.displayName,
  };
  if (evaluation.decision.action === 'allow') {
    if (grantType === 'refresh_token' && signInTooOld(evaluation, refreshToken?.authTime)) {
      throw new errors.CustomOIDCProviderError('invalid_grant',
        'AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by Conditional Access.');
    }
    return;
  }
  throw tokenRefusal(evaluation);
}

/**
 * The token endpoint's answer to an evaluation that does not allow the token (a request no
 * person is present for): invalid_grant whose description starts with the AADSTS code, as
 * Entra's `AADSTS53003: …` does (InvalidGrant's detail would reach only the log), and names the
 * deciding policies, which the agent SDK reads back. Undefined when the token may be issued.
 */
export function tokenRefusal(evaluation: CaEvaluation): Error | undefined {
  const decision = evaluation.decision;
  if (decision.action === 'allow') return undefined;
  const names = evaluation.policies.filter((p) => decision.policyIds.includes(p.id)).map((p) => p.displayName).join(', ');
  return new errors.CustomOIDCProviderError('invalid_grant', decision.action === 'block'
    ? `AADSTS${decision.errorCode}: Access has been blocked by Conditional Access policies (${names}).`
    : `AADSTS${decision.errorCode}: Conditional Access (${names}) requires the user to sign in again interactively.`);
}

/**
 * Conditional Access for the "register security information" user action (Entra's
 * urn:user:registersecurityinfo), asked by My Security Info before a method is added, with what
 * the current session proved. Undefined: allowed; otherwise what to tell the person.
 */
export async function registerSecurityInfoRefusal(
  deps: CaDeps, request: { ip: string; userAgent: string | undefined }, user: User, amr: readonly string[],
): Promise<string | undefined> {
  const evaluation = await evaluateInteractive(deps, request, user, { kind: 'userAction', userAction: 'urn:user:registersecurityinfo' }, methodsOfSession(amr));
  const decision = evaluation.decision;
  if (decision.action === 'allow') return undefined;
  return decision.action === 'block'
    ? `Your organization’s Conditional Access policy does not let you register security info from here. (AADSTS${decision.errorCode})`
    : 'Your organization asks for a stronger sign-in before you add a sign-in method: sign in with a passkey, or ask your administrator for a Temporary Access Pass. (AADSTS50076)';
}

/**
 * The sign-in frequency session control: whether a session (or the sign-in behind a refresh
 * token) that began at `authTime` (epoch seconds) is older than the enforced policies allow.
 * "Every time" is always too old, except right after the sign-in (the caller skips that case).
 */
export function signInTooOld(evaluation: CaEvaluation, authTime: number | undefined, now = Date.now()): boolean {
  const frequency = evaluation.sessionControls.signInFrequency;
  if (!frequency) return false;
  if (frequency.everyTime) return true;
  if (frequency.maxAgeSeconds === undefined) return false;
  return authTime === undefined || now / 1000 - authTime > frequency.maxAgeSeconds;
}
