/**
 * Graph's Identity Protection vocabulary and the resources the API returns. Limen detects no
 * risk yet: a risk is set by an administrator's action (admin-actions.ts); detections come later.
 * @see https://learn.microsoft.com/graph/api/resources/riskyuser
 * @see https://learn.microsoft.com/graph/api/resources/riskyserviceprincipal
 */

/** Graph's riskLevel. `hidden`: Entra without the licence; Limen never reports it. */
export const riskLevels = ['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue'] as const;
export type RiskLevel = (typeof riskLevels)[number];

/** Graph's riskState. */
export const riskStates = ['none', 'confirmedSafe', 'remediated', 'dismissed', 'atRisk', 'confirmedCompromised', 'unknownFutureValue'] as const;
export type RiskState = (typeof riskStates)[number];

/**
 * Graph's riskDetail (an evolvable enum: the service principal members come after
 * unknownFutureValue). @see https://learn.microsoft.com/graph/api/resources/riskyuserhistoryitem
 */
export const riskDetails = [
  'none', 'adminGeneratedTemporaryPassword', 'userPerformedSecuredPasswordChange', 'userPerformedSecuredPasswordReset',
  'adminConfirmedSigninSafe', 'aiConfirmedSigninSafe', 'userPassedMFADrivenByRiskBasedPolicy', 'adminDismissedAllRiskForUser',
  'adminConfirmedSigninCompromised', 'hidden', 'adminConfirmedUserCompromised', 'unknownFutureValue',
  'adminConfirmedServicePrincipalCompromised', 'adminDismissedAllRiskForServicePrincipal',
] as const;
export type RiskDetail = (typeof riskDetails)[number];

/** What Identity Protection says of one user or service principal now. */
export interface IdentityRisk {
  riskLevel: RiskLevel;
  riskState: RiskState;
  riskDetail: RiskDetail;
}

/** Who is at risk, as Graph lists them (members in Graph's order). */
export interface RiskyUser extends IdentityRisk {
  id: string;
  /** The user was deleted since; their risk record stays, as in Entra. */
  isDeleted: boolean;
  /** Entra's back end may still be working on the change; Limen's changes are done when they return. */
  isProcessing: boolean;
  riskLastUpdatedDateTime: string;
  userDisplayName: string | null;
  userPrincipalName: string | null;
}

/** Graph's riskUserActivity and riskServicePrincipalActivity: no detections in Limen yet. */
export interface RiskActivity {
  detail: RiskDetail;
  riskEventTypes: string[];
}

/** One change of a user's risk: the risk it set and when, who made it, and why (names as the risk record has them now). */
export interface RiskyUserHistoryItem extends RiskyUser {
  userId: string;
  /** The object id of the administrator (or app) that made the change. */
  initiatedBy: string | null;
  activity: RiskActivity;
}

export interface RiskyServicePrincipal extends IdentityRisk {
  id: string;
  appId: string | null;
  displayName: string | null;
  /** The service principal's accountEnabled now (false once it is deleted). */
  isEnabled: boolean;
  isProcessing: boolean;
  riskLastUpdatedDateTime: string;
  servicePrincipalType: string | null;
}

export interface RiskyServicePrincipalHistoryItem extends RiskyServicePrincipal {
  servicePrincipalId: string;
  initiatedBy: string | null;
  activity: RiskActivity;
}
