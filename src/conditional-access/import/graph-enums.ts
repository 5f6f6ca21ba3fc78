/**
 * Graph enums the importer checks that policy.ts does not list (policy.ts holds the ones the
 * evaluator needs). Each comes from the resource page named beside it, under
 * https://learn.microsoft.com/graph/api/resources/.
 */

/** conditionalAccessGrantControls.operator. */
export const grantOperators = ['AND', 'OR'] as const;

/** conditionalAccessFilter.mode (applicationFilter, deviceFilter, servicePrincipalFilter…). */
export const filterModes = ['include', 'exclude'] as const;

/** conditionalAccessConditionSet.servicePrincipalRiskLevels: riskLevel without `hidden`. */
export const servicePrincipalRiskLevels = ['low', 'medium', 'high', 'none', 'unknownFutureValue'] as const;

/** conditionalAccessConditionSet.insiderRiskLevels (beta), a flags enum. */
export const insiderRiskLevels = ['minor', 'moderate', 'elevated', 'unknownFutureValue'] as const;

/** conditionalAccessConditionSet.agentIdRiskLevels (beta), a flags enum. */
export const agentIdRiskLevels = ['low', 'medium', 'high', 'unknownFutureValue'] as const;

/** conditionalAccessAuthenticationFlows.transferMethods, a flags enum. */
export const transferMethods = ['none', 'deviceCodeFlow', 'authenticationTransfer', 'unknownFutureValue'] as const;

/** conditionalAccessExternalTenants.membershipKind. */
export const membershipKinds = ['all', 'enumerated', 'unknownFutureValue'] as const;

/** signInFrequencySessionControl.type, .authenticationType and .frequencyInterval. */
export const signInFrequencyTypes = ['days', 'hours'] as const;
export const signInFrequencyAuthenticationTypes = ['primaryAndSecondaryAuthentication', 'secondaryAuthentication'] as const;
export const signInFrequencyIntervals = ['timeBased', 'everyTime'] as const;

/** persistentBrowserSessionControl.mode. */
export const persistentBrowserModes = ['always', 'never'] as const;

/** countryNamedLocation.countryLookupMethod. */
export const countryLookupMethods = ['clientIpAddress', 'authenticatorAppGps'] as const;

/** compliantNetworkNamedLocation.compliantNetworkType (beta). */
export const compliantNetworkTypes = ['allTenantCompliantNetworks', 'unknownFutureValue'] as const;

/**
 * Values seen in the wild that are not Graph's, with what to do instead: the message for them
 * says more than "not allowed". `compliantNetwork` is used as a grant control by a community
 * corpus (research notes §5); in Entra a compliant network is a location (Global Secure Access).
 * `modern` and `easUnsupported` are clientAppTypes Graph deprecated.
 */
export const knownMistakes: Readonly<Record<string, string>> = {
  compliantnetwork:
    'Graph has no "compliantNetwork" grant control: a compliant network is a named location (compliantNetworkNamedLocation) that a policy names in conditions.locations.',
  modern: 'Graph deprecated the client app type "modern"; use "mobileAppsAndDesktopClients" and "browser".',
  easunsupported: 'Graph deprecated the client app type "easUnsupported"; use "exchangeActiveSync".',
};
