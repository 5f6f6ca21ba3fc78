/** Graph's signIn resource as Limen returns it (src/logs/sign-in.ts), the parts the console shows. */
export interface AppliedPolicy {
  id: string;
  displayName: string;
  result: string;
  enforcedGrantControls: string[];
  enforcedSessionControls: string[];
  conditionsNotSatisfied?: string;
}

export interface AuthenticationDetail {
  authenticationStepDateTime: string;
  authenticationMethod: string;
  authenticationMethodDetail: string | null;
  succeeded: boolean;
  authenticationStepResultDetail: string;
  authenticationStepRequirement: string;
}

export interface SignIn {
  id: string;
  createdDateTime: string;
  userId: string | null;
  userDisplayName: string | null;
  userPrincipalName: string | null;
  appId: string | null;
  appDisplayName: string | null;
  servicePrincipalId?: string | null;
  servicePrincipalName?: string | null;
  ipAddress: string | null;
  clientAppUsed?: string | null;
  userAgent?: string | null;
  correlationId?: string;
  resourceDisplayName?: string | null;
  resourceId?: string | null;
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  signInEventTypes?: string[];
  isInteractive?: boolean;
  authenticationRequirement?: string;
  authenticationDetails?: AuthenticationDetail[];
  authenticationMethodsUsed?: string[];
  authenticationProtocol?: string;
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied';
  appliedConditionalAccessPolicies?: AppliedPolicy[];
  tokenIssuerType?: string;
  location?: {
    city: string | null;
    state: string | null;
    countryOrRegion: string | null;
    geoCoordinates: { latitude: number | null; longitude: number | null } | null;
  };
  deviceDetail?: {
    deviceId: string; displayName: string; operatingSystem: string; browser: string; isCompliant: boolean; isManaged: boolean; trustType: string;
  };
  riskLevelAggregated?: string;
  riskState?: string;
  /** Graph beta's agentic sign-in; agentIdentityId, sponsorIds and onBehalfOfUserId are Limen's. */
  agent?: {
    agentType: string;
    agentSubjectType: string;
    agentSubjectParentId: string | null;
    parentAppId: string | null;
    agentIdentityId?: string;
    sponsorIds?: string[];
    onBehalfOfUserId?: string;
  };
}

/** Entra's words for a policy's result on a sign-in. */
export const policyResults: Record<string, string> = {
  success: 'Success',
  failure: 'Failure',
  notApplied: 'Not applied',
  notEnabled: 'Disabled',
  unknownFutureValue: 'Unknown',
  reportOnlySuccess: 'Report-only: Success',
  reportOnlyFailure: 'Report-only: Failure',
  reportOnlyNotApplied: 'Report-only: Not applied',
  reportOnlyInterrupted: 'Report-only: User action required',
};

export const isReportOnly = (p: AppliedPolicy) => p.result.startsWith('reportOnly');

/** Success, Failure or Interrupted, as Entra's list shows a sign-in's status. */
export function statusOf(s: Pick<SignIn, 'status'>): 'Success' | 'Failure' | 'Interrupted' {
  if (s.status.errorCode === 0) return 'Success';
  // Entra reports "interrupted" for sign-ins that stopped to ask the user for more (MFA, consent).
  return [50074, 50076, 50079, 50125, 50140, 65001].includes(s.status.errorCode) ? 'Interrupted' : 'Failure';
}
