/**
 * What an administrator's action sets, in Graph's words. Confirming compromise sets the risk
 * to high; dismissing clears it.
 * @see https://learn.microsoft.com/graph/api/riskyuser-confirmcompromised
 * @see https://learn.microsoft.com/graph/api/riskyuser-dismiss
 * @see https://learn.microsoft.com/graph/api/riskyserviceprincipal-confirmcompromised
 * @see https://learn.microsoft.com/graph/api/riskyserviceprincipal-dismiss
 */
import type { IdentityRisk } from './risk.ts';

export type RiskAction = 'confirmCompromised' | 'dismiss';

export const userRiskActions: Readonly<Record<RiskAction, IdentityRisk>> = {
  confirmCompromised: { riskLevel: 'high', riskState: 'confirmedCompromised', riskDetail: 'adminConfirmedUserCompromised' },
  dismiss: { riskLevel: 'none', riskState: 'dismissed', riskDetail: 'adminDismissedAllRiskForUser' },
};

export const servicePrincipalRiskActions: Readonly<Record<RiskAction, IdentityRisk>> = {
  confirmCompromised: { riskLevel: 'high', riskState: 'confirmedCompromised', riskDetail: 'adminConfirmedServicePrincipalCompromised' },
  dismiss: { riskLevel: 'none', riskState: 'dismissed', riskDetail: 'adminDismissedAllRiskForServicePrincipal' },
};
