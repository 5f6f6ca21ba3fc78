/**
 * Graph's conditionalAccessPolicy and namedLocation, as Limen stores and returns them
 * (https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy). Limen keeps the
 * Graph shape end to end: an exported Entra policy imports as is, and exports back the same.
 * Enum values are held in Graph's canonical spelling; flags enums stay comma-separated strings
 * as Graph serialises them; members Limen does not know are kept (`[key: string]: unknown`) and
 * returned on export. Research notes: ../shared/design/conditional-access.md.
 */

export const policyStates = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'] as const;
export type PolicyState = (typeof policyStates)[number];

export const clientAppTypes = ['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'easSupported', 'other'] as const;
export type ClientAppType = (typeof clientAppTypes)[number];

export const devicePlatforms = ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux', 'all', 'unknownFutureValue'] as const;
export type DevicePlatform = (typeof devicePlatforms)[number];

export const riskLevels = ['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export const builtInControls = [
  'block', 'mfa', 'compliantDevice', 'domainJoinedDevice', 'approvedApplication', 'compliantApplication',
  'passwordChange', 'riskRemediation', 'unknownFutureValue',
] as const;
export type BuiltInControl = (typeof builtInControls)[number];

export const guestOrExternalUserTypes = [
  'none', 'internalGuest', 'b2bCollaborationGuest', 'b2bCollaborationMember', 'b2bDirectConnectUser',
  'otherExternalUser', 'serviceProvider', 'unknownFutureValue',
] as const;

/** Special values in the id lists. */
export const specialValues = {
  users: ['All', 'None', 'GuestsOrExternalUsers'],
  applications: ['All', 'None', 'Office365', 'MicrosoftAdminPortals', 'AllAgentIdResources'],
  locations: ['All', 'AllTrusted'],
  servicePrincipals: ['ServicePrincipalsInMyTenant'],
  agents: ['All'],
} as const;

export const userActions = ['urn:user:registersecurityinfo', 'urn:user:registerdevice'] as const;

export interface FilterRule { mode: 'include' | 'exclude'; rule: string; [key: string]: unknown }

export interface GuestsOrExternalUsers {
  /** Flags, comma-separated, e.g. "internalGuest,b2bCollaborationGuest". */
  guestOrExternalUserTypes: string;
  externalTenants?: { membershipKind: 'all' | 'enumerated' | 'unknownFutureValue'; members?: string[]; [key: string]: unknown } | null;
  [key: string]: unknown;
}

export interface ConditionalAccessUsers {
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
  includeGuestsOrExternalUsers?: GuestsOrExternalUsers | null;
  excludeGuestsOrExternalUsers?: GuestsOrExternalUsers | null;
  [key: string]: unknown;
}

export interface ConditionalAccessApplications {
  includeApplications: string[];
  excludeApplications: string[];
  includeUserActions: string[];
  includeAuthenticationContextClassReferences: string[];
  applicationFilter?: FilterRule | null;
  [key: string]: unknown;
}

export interface ConditionalAccessClientApplications {
  includeServicePrincipals: string[];
  excludeServicePrincipals: string[];
  servicePrincipalFilter?: FilterRule | null;
  includeAgentIdServicePrincipals?: string[];
  excludeAgentIdServicePrincipals?: string[];
  agentIdServicePrincipalFilter?: FilterRule | null;
  [key: string]: unknown;
}

export interface ConditionalAccessConditions {
  users?: ConditionalAccessUsers | null;
  applications: ConditionalAccessApplications;
  clientApplications?: ConditionalAccessClientApplications | null;
  clientAppTypes: ClientAppType[];
  platforms?: { includePlatforms: DevicePlatform[]; excludePlatforms: DevicePlatform[]; [key: string]: unknown } | null;
  locations?: { includeLocations: string[]; excludeLocations: string[]; [key: string]: unknown } | null;
  signInRiskLevels: RiskLevel[];
  userRiskLevels: RiskLevel[];
  servicePrincipalRiskLevels?: RiskLevel[];
  /** Flags string ("medium,high"), as Graph beta serialises it. */
  agentIdRiskLevels?: string | null;
  /** Flags string: "minor,moderate,elevated". */
  insiderRiskLevels?: string | null;
  devices?: { deviceFilter?: FilterRule | null; [key: string]: unknown } | null;
  /** transferMethods is a flags string: "deviceCodeFlow,authenticationTransfer". */
  authenticationFlows?: { transferMethods: string; [key: string]: unknown } | null;
  agents?: { includeAgentUsers?: string[]; excludeAgentUsers?: string[]; agentFilter?: FilterRule | null; [key: string]: unknown } | null;
  [key: string]: unknown;
}

/** The strength a policy requires; exports often carry only its id. */
export interface PolicyAuthenticationStrength { id: string; displayName?: string; [key: string]: unknown }

export interface ConditionalAccessGrantControls {
  operator: 'AND' | 'OR';
  builtInControls: BuiltInControl[];
  customAuthenticationFactors: string[];
  termsOfUse: string[];
  authenticationStrength?: PolicyAuthenticationStrength | null;
  [key: string]: unknown;
}

export interface SignInFrequency {
  isEnabled: boolean;
  type?: 'days' | 'hours' | null;
  value?: number | null;
  authenticationType?: 'primaryAndSecondaryAuthentication' | 'secondaryAuthentication' | null;
  frequencyInterval?: 'timeBased' | 'everyTime' | null;
  [key: string]: unknown;
}

export interface ConditionalAccessSessionControls {
  signInFrequency?: SignInFrequency | null;
  persistentBrowser?: { isEnabled: boolean; mode?: 'always' | 'never' | null; [key: string]: unknown } | null;
  [key: string]: unknown;
}

export interface ConditionalAccessPolicy {
  id: string;
  displayName: string;
  state: PolicyState;
  createdDateTime: string;
  modifiedDateTime: string | null;
  templateId?: string | null;
  description?: string | null;
  conditions: ConditionalAccessConditions;
  grantControls: ConditionalAccessGrantControls | null;
  sessionControls: ConditionalAccessSessionControls | null;
  [key: string]: unknown;
}

export interface IpNamedLocation {
  '@odata.type': '#microsoft.graph.ipNamedLocation';
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string;
  isTrusted: boolean;
  ipRanges: Array<{ '@odata.type': '#microsoft.graph.iPv4CidrRange' | '#microsoft.graph.iPv6CidrRange'; cidrAddress: string }>;
}

export interface CountryNamedLocation {
  '@odata.type': '#microsoft.graph.countryNamedLocation';
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string;
  /** ISO 3166-1 alpha-2, upper case. */
  countriesAndRegions: string[];
  includeUnknownCountriesAndRegions: boolean;
  countryLookupMethod: 'clientIpAddress' | 'authenticatorAppGps';
}

/**
 * Global Secure Access's "all compliant network locations" (beta). Exports name it; Limen has no
 * compliant network, so it contains no address.
 */
export interface CompliantNetworkNamedLocation {
  '@odata.type': '#microsoft.graph.compliantNetworkNamedLocation';
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string;
  compliantNetworkType: string;
  isTrusted: boolean;
}

export type NamedLocation = IpNamedLocation | CountryNamedLocation | CompliantNetworkNamedLocation;

/** Entra's limits: 195 policies and 195 named locations per tenant; 2,000 ranges per location. */
export const limits = { policies: 195, namedLocations: 195, ipRangesPerLocation: 2000 } as const;
