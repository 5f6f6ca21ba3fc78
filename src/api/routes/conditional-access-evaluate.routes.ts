/**
 * What If: `POST /identity/conditionalAccess/evaluate`, in the shape of Graph's beta evaluate API
 * (https://learn.microsoft.com/graph/api/conditionalaccessroot-evaluate): a sign-in identity, a
 * context and conditions in; every enabled and report-only policy out, with `policyApplies` and
 * the first condition that did not match (`analysisReasons`). As in Graph, a condition a policy
 * sets and the request does not supply does not match. Limen adds the overall decision (what the
 * sign-in would get: allow, block with its code, or a prompt and the strengths that satisfy it)
 * and, per policy, the result it would be logged with.
 */
import { z } from 'zod';
import {
  evaluate, loadPolicySet, principalSubject, userSubject,
  type CaSignInContext, type CaTarget,
} from '../../conditional-access/index.ts';
import { exportPolicy } from '../../conditional-access/import/index.ts';
import { createDirectory } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { parseDraftPolicies } from './conditional-access-problems.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const guid = z.string().min(1).max(64);
const risk = z.enum(['low', 'medium', 'high', 'none', 'hidden']);
const body = z.strictObject({
  signInIdentity: z.discriminatedUnion('@odata.type', [
    z.strictObject({ '@odata.type': z.literal('#microsoft.graph.userSignIn'), userId: guid, externalTenantId: z.string().max(64).optional() }),
    z.strictObject({ '@odata.type': z.literal('#microsoft.graph.servicePrincipalSignIn'), servicePrincipalId: guid }),
  ]),
  signInContext: z.discriminatedUnion('@odata.type', [
    z.strictObject({ '@odata.type': z.literal('#microsoft.graph.applicationContext'), includeApplications: z.array(z.string().min(1).max(64)).length(1) }),
    z.strictObject({ '@odata.type': z.literal('#microsoft.graph.userActionContext'), userAction: z.enum(['registerSecurityInformation', 'registerOrJoinDevices']) }),
    z.strictObject({ '@odata.type': z.literal('#microsoft.graph.authContext'), authenticationContextValue: z.string().min(1).max(16) }),
  ]),
  signInConditions: z.strictObject({
    devicePlatform: z.enum(['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux']).optional(),
    clientAppType: z.enum(['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other']).optional(),
    signInRiskLevel: risk.optional(),
    userRiskLevel: risk.optional(),
    servicePrincipalRiskLevel: risk.optional(),
    insiderRiskLevel: z.enum(['minor', 'moderate', 'elevated']).optional(),
    country: z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter ISO 3166-1 country code').optional(),
    ipAddress: z.string().min(2).max(64).optional(),
    authenticationFlow: z.strictObject({ transferMethod: z.enum(['deviceCodeFlow', 'authenticationTransfer']) }).optional(),
    deviceInfo: z.strictObject({ isCompliant: z.boolean().optional(), trustType: z.enum(['AzureAD', 'ServerAD', 'Workplace']).optional() }).optional(),
    /** Limen: the methods the session already used, as authentication method modes (e.g. ["password"], ["fido2"]). */
    authenticationMethods: z.array(z.string().min(1).max(64)).max(10).optional(),
  }).default({}),
  appliedPoliciesOnly: z.boolean().optional(),
  /** Limen: evaluate these draft policies (by id: replacing the stored one) along with the stored ones. */
  draftPolicies: z.array(z.record(z.string(), z.unknown())).max(195).optional(),
});

const userActions = { registerSecurityInformation: 'urn:user:registersecurityinfo', registerOrJoinDevices: 'urn:user:registerdevice' } as const;

export function conditionalAccessEvaluateRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'POST',
      path: '/identity/conditionalAccess/evaluate',
      summary: 'What If: which Conditional Access policies would apply to a sign-in, and why not',
      description: 'Graph beta shape. Limen adds signInConditions.authenticationMethods (what the session already used), ' +
        'draftPolicies (evaluate a policy before saving it) and, per policy, result; and the overall decision.',
      tags: ['conditionalAccess'],
      auth: requires(Permission.PolicyReadAll, Permission.PolicyReadWriteConditionalAccess),
      body,
      status: [200, 400, 403],
    },
    async ({ body: input }) => {
      const dir = createDirectory(deps.db);
      const identity = input.signInIdentity;
      let subject: CaSignInContext['subject'];
      if (identity['@odata.type'] === '#microsoft.graph.userSignIn') {
        const user = await dir.users.get(identity.userId);
        if (!user) throw new ApiError('Request_BadRequest', `signInIdentity.userId: no user '${identity.userId}' exists.`);
        subject = await userSubject(dir, user);
      } else {
        const sp = await dir.servicePrincipals.get(identity.servicePrincipalId);
        if (!sp) throw new ApiError('Request_BadRequest', `signInIdentity.servicePrincipalId: no service principal '${identity.servicePrincipalId}' exists.`);
        subject = await principalSubject(deps.db, sp);
      }
      const c = input.signInContext;
      const target: CaTarget = c['@odata.type'] === '#microsoft.graph.applicationContext' ? { kind: 'application', appId: c.includeApplications[0]! }
        : c['@odata.type'] === '#microsoft.graph.userActionContext' ? { kind: 'userAction', userAction: userActions[c.userAction] }
          : { kind: 'authenticationContext', authenticationContext: c.authenticationContextValue };
      const drafts = parseDraftPolicies(input.draftPolicies ?? []);
      const sc = input.signInConditions;
      const context: CaSignInContext = {
        subject,
        target,
        interactive: subject.kind === 'user',
        ...(sc.devicePlatform ? { devicePlatform: sc.devicePlatform } : {}),
        ...(sc.clientAppType ? { clientAppType: sc.clientAppType } : {}),
        ...(sc.signInRiskLevel ? { signInRiskLevel: sc.signInRiskLevel } : {}),
        ...(sc.userRiskLevel ? { userRiskLevel: sc.userRiskLevel } : {}),
        ...(sc.servicePrincipalRiskLevel ? { servicePrincipalRiskLevel: sc.servicePrincipalRiskLevel } : {}),
        ...(sc.insiderRiskLevel ? { insiderRiskLevel: sc.insiderRiskLevel } : {}),
        ...(sc.country ? { country: sc.country.toUpperCase() } : {}),
        ...(sc.ipAddress ? { ipAddress: sc.ipAddress } : {}),
        ...(sc.authenticationFlow ? { authenticationFlow: sc.authenticationFlow.transferMethod } : {}),
        ...(sc.deviceInfo ? { device: sc.deviceInfo } : {}),
        ...(sc.authenticationMethods ? { session: { methods: { modes: sc.authenticationMethods as never } } } : {}),
      };
      const { compiled, policies } = await loadPolicySet(deps.db, drafts);
      const result = evaluate(compiled, context, { mode: 'whatIf' });
      const byId = new Map(policies.map((p) => [p.id, p]));
      const value = result.policies
        .filter((p) => p.state !== 'disabled' && (!input.appliedPoliciesOnly || p.policyApplies))
        .map((p) => ({
          ...exportPolicy(byId.get(p.id)!),
          policyApplies: p.policyApplies,
          analysisReasons: p.analysisReasons,
          result: p.result,
          enforcedGrantControls: p.enforcedGrantControls,
          enforcedSessionControls: p.enforcedSessionControls,
        }));
      return {
        '@odata.context': `${graphBase(deps)}/$metadata#Collection(microsoft.graph.whatIfAnalysisResult)`,
        value,
        conditionalAccessStatus: result.conditionalAccessStatus,
        decision: { ...result.decision, ...('requiredStrengths' in result.decision ? { requiredStrengths: result.decision.requiredStrengths.map((s) => ({ id: s.id, displayName: s.displayName })) } : {}) },
        sessionControls: result.sessionControls,
        compileProblems: compiled.problems,
      };
    },
  );
}
