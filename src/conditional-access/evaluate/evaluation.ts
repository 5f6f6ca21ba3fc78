/**
 * What an evaluation returns, in Graph's vocabularies: per policy the What If fields
 * (`policyApplies`, `analysisReasons`) and the sign-in log fields (`result`,
 * `enforcedGrantControls`, `enforcedSessionControls`); overall the sign-in's
 * `conditionalAccessStatus` and the decision the token endpoint acts on.
 * @see https://learn.microsoft.com/graph/api/resources/whatifanalysisresult
 * @see https://learn.microsoft.com/graph/api/resources/appliedconditionalaccesspolicy
 */
import type { AuthenticationStrengthPolicy } from '../../authn/index.ts';
import type { IdentityRisk } from '../../identity-protection/index.ts';
import type { PolicyState } from '../policy.ts';

/** Graph's whatIfAnalysisReasons: `notSet` when the policy applies, else the first condition that failed. */
export type CaAnalysisReason =
  | 'notSet' | 'notEnoughInformation' | 'invalidCondition' | 'users' | 'workloadIdentities' | 'application'
  | 'userActions' | 'authenticationContext' | 'devicePlatform' | 'devices' | 'clientApps' | 'location'
  | 'signInRisk' | 'emptyPolicy' | 'invalidPolicy' | 'policyNotEnabled' | 'userRisk' | 'time' | 'insiderRisk'
  | 'authenticationFlow' | 'servicePrincipalRisk' | 'agentIdRisk' | 'agentIdentities';

/** Graph's appliedConditionalAccessPolicyResult. */
export type CaPolicyResult =
  | 'success' | 'failure' | 'notApplied' | 'notEnabled'
  | 'reportOnlySuccess' | 'reportOnlyFailure' | 'reportOnlyInterrupted' | 'reportOnlyNotApplied';

/** A grant control as the engine handles it (authenticationStrength, termsOfUse and custom factors included). */
export type CaGrantControl =
  | 'block' | 'mfa' | 'authenticationStrength' | 'compliantDevice' | 'domainJoinedDevice' | 'approvedApplication'
  | 'compliantApplication' | 'passwordChange' | 'riskRemediation' | 'termsOfUse' | 'customAuthenticationFactors'
  | 'unsupported';

export interface CaPolicyEvaluation {
  id: string;
  displayName: string;
  state: PolicyState;
  policyApplies: boolean;
  analysisReasons: CaAnalysisReason;
  result: CaPolicyResult;
  /** The policy's grant controls as sign-in logs name them (empty when the policy is disabled). */
  enforcedGrantControls: string[];
  enforcedSessionControls: string[];
  /** When the policy applies and is not satisfied: its controls still unmet, in Microsoft's order. */
  unmetControls: CaGrantControl[];
}

/**
 * One unmet control across the applicable enforced policies, in Microsoft's order. `promptable`:
 * the user can satisfy it by signing in (MFA, a strength, a password change); otherwise the
 * request fails with `errorCode` once the controls before it are met.
 */
export interface CaRequirement {
  control: CaGrantControl;
  errorCode: number;
  promptable: boolean;
  policyIds: string[];
}

export type CaDecision =
  | { action: 'allow' }
  /** Deny the token: AADSTS53003 for a block (or any workload failure), 53000/53001/53002/53005… for an unmet device or app control. */
  | { action: 'block'; errorCode: number; controls: CaGrantControl[]; policyIds: string[]; requirements: CaRequirement[] }
  /**
   * Step up: `prompt` when the user can be prompted now, `interactionRequired` when not (the
   * token endpoint answers `interaction_required` with the code). 50076 for MFA or a strength
   * (sign in again with methods meeting every one of `requiredStrengths`), 50135 for a password
   * change. `requirements` lists every unmet control, the later ones included.
   */
  | {
    action: 'prompt' | 'interactionRequired';
    errorCode: number;
    controls: CaGrantControl[];
    policyIds: string[];
    requiredStrengths: AuthenticationStrengthPolicy[];
    requirements: CaRequirement[];
  };

/** Session controls of the applicable enforced policies, merged strictest-first, for the caller to enforce. */
export interface CaSessionControls {
  /** Re-authenticate every time, or when the session is older than `maxAgeSeconds` (AADSTS70043 on a refresh token). */
  signInFrequency?: { everyTime: boolean; maxAgeSeconds?: number };
  /** `never` wins over `always`. */
  persistentBrowser?: 'always' | 'never';
}

export interface CaEvaluation {
  policies: CaPolicyEvaluation[];
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied';
  decision: CaDecision;
  sessionControls: CaSessionControls;
  /** The subject's risk the policies saw (CaSubject `risk`), for the sign-in log; absent when it had none. */
  risk?: IdentityRisk;
}

/**
 * A What If reason in the sign-in log's beta `conditionsNotSatisfied` vocabulary (a flags enum
 * with partly different names). Reasons without a counterpart map to `none`.
 */
export function conditionsNotSatisfied(reason: CaAnalysisReason): string {
  switch (reason) {
    case 'users': case 'application': case 'devicePlatform': case 'location': case 'signInRisk':
    case 'userRisk': case 'time': case 'insiderRisk': case 'servicePrincipalRisk':
      return reason;
    case 'userActions': case 'authenticationContext': return 'application';
    case 'clientApps': return 'clientType';
    case 'devices': return 'deviceState';
    case 'workloadIdentities': case 'agentIdentities': return 'servicePrincipals';
    case 'authenticationFlow': return 'authenticationFlows';
    default: return 'none';
  }
}
