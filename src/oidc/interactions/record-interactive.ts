import type { Context } from 'koa';
import type { User } from '../../directory/index.ts';
import { signInStatus, type SignInErrorName, type SignInInput } from '../../logs/index.ts';
import { requestFacts } from '../correlation.ts';
import type { InteractionDeps } from './index.ts';
import type { LoadedInteraction } from './interaction-context.ts';

/** One interactive sign-in event per attempt. */
export function recordInteractive(
  ctx: Context,
  deps: InteractionDeps,
  interaction: LoadedInteraction,
  outcome: SignInErrorName,
  user: User | undefined,
  typedName: string,
  extra: Pick<SignInInput, 'authenticationRequirement' | 'authenticationDetails' | 'conditionalAccessStatus' | 'appliedConditionalAccessPolicies'
    | 'riskLevelAggregated' | 'riskState' | 'riskDetail'>
    & { additionalDetails?: string | null } = {},
): void {
  deps.signIns.record({
    ...requestFacts(ctx),
    userId: user?.id ?? null,
    userPrincipalName: user?.userPrincipalName ?? typedName,
    userDisplayName: user?.displayName ?? null,
    appId: interaction.clientId,
    appDisplayName: interaction.appName,
    servicePrincipalId: interaction.clientSpId ?? null,
    resourceId: interaction.resource?.appId ?? null,
    resourceDisplayName: interaction.resource?.displayName ?? null,
    clientAppUsed: 'Browser',
    ...(interaction.authenticationFlow === 'deviceCodeFlow' ? { authenticationProtocol: 'deviceCode', originalTransferMethod: 'deviceCodeFlow' } : {}),
    status: signInStatus(outcome, extra.additionalDetails ?? null),
    ...(extra.authenticationRequirement ? { authenticationRequirement: extra.authenticationRequirement } : {}),
    ...(extra.authenticationDetails ? { authenticationDetails: extra.authenticationDetails } : {}),
    ...(extra.conditionalAccessStatus ? { conditionalAccessStatus: extra.conditionalAccessStatus } : {}),
    ...(extra.appliedConditionalAccessPolicies ? { appliedConditionalAccessPolicies: extra.appliedConditionalAccessPolicies } : {}),
    // The user's risk as Conditional Access saw it (caLogFields).
    ...(extra.riskLevelAggregated ? { riskLevelAggregated: extra.riskLevelAggregated, riskState: extra.riskState, riskDetail: extra.riskDetail } : {}),
    signInEventTypes: ['interactiveUser'],
    isInteractive: true,
  });
}
