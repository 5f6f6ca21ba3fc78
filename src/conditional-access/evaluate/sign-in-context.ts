/**
 * What Conditional Access knows about one token request: who asks, for what, from where, and
 * what the session already proved. Built by the sign-in (or by What If from Graph's
 * `signInIdentity` / `signInContext` / `signInConditions`).
 * @see https://learn.microsoft.com/graph/api/conditionalaccessroot-evaluate
 *
 * Every condition fact is optional. What an absent one means depends on the evaluation mode
 * (see `EvaluationMode` in evaluate.ts): at sign-in it is the real-world "unknown" (an
 * unparseable user agent is an unknown platform, no risk detection is risk `none`); in What If
 * a policy condition the request did not supply does not match, as in Graph's evaluate API.
 */
import type { MethodsUsed } from '../../authn/index.ts';
import type { IdentityRisk } from '../../identity-protection/index.ts';
import type { RiskLevel } from '../policy.ts';

/** A person (or an agent's user account) signing in. */
export interface CaUserSubject {
  kind: 'user';
  userId: string;
  /** Every group the user is in, directly or through nested groups (the caller expands them). */
  groupIds: ReadonlySet<string> | readonly string[];
  /** Built-in directory role template ids the user holds, directly or through a role-assignable group. */
  roleTemplateIds: ReadonlySet<string> | readonly string[];
  userType: 'member' | 'guest';
  /** An external user's home tenant, when known (`externalTenants` with enumerated members). */
  homeTenantId?: string;
  /**
   * An agent's user account (Entra Agent ID): targeted by `conditions.agents` only, never by
   * `conditions.users`, and never promptable.
   */
  isAgentUser?: boolean;
  /**
   * The user's risk as Identity Protection reports it now (Graph's riskyUser): the
   * `userRiskLevel` of a sign-in that does not state one. Absent: no risk (`none`).
   */
  risk?: IdentityRisk;
}

/** An application acting as itself (client credentials): a workload identity or an agent identity. */
export interface CaServicePrincipalSubject {
  kind: 'servicePrincipal';
  servicePrincipalId: string;
  appId: string;
  /** An agent identity (targeted by `includeAgentIdServicePrincipals`, not `includeServicePrincipals`). */
  isAgent: boolean;
  /** The agent identity blueprint it derives from; a policy naming the blueprint covers it. */
  agentBlueprintId?: string;
  /** Its risk now (Graph's riskyServicePrincipal): the `servicePrincipalRiskLevel` of a request that does not state one. */
  risk?: IdentityRisk;
  /**
   * An agent identity's custom security attributes, as Graph's customSecurityAttributeValue
   * (attribute set → attribute → value), for `agentIdServicePrincipalFilter`
   * (`CustomSecurityAttribute.<set>_<attribute>` rules). Absent: none.
   */
  customSecurityAttributes?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export type CaSubject = CaUserSubject | CaServicePrincipalSubject;

export type CaUserAction = 'urn:user:registersecurityinfo' | 'urn:user:registerdevice';

/**
 * What the token is for. A token request names a resource, and may ask for authentication
 * contexts too (step-up: `claims` with `acrs`); registering security info or a device is a
 * user action; What If can also ask about an authentication context alone.
 */
export type CaTarget =
  | { kind: 'application'; appId: string; isAgentResource?: boolean; authenticationContexts?: readonly string[] }
  | { kind: 'userAction'; userAction: CaUserAction }
  | { kind: 'authenticationContext'; authenticationContext: string };

export type CaClientAppType = 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'other';
export type CaDevicePlatform = 'android' | 'iOS' | 'windows' | 'windowsPhone' | 'macOS' | 'linux';

/**
 * The device, when it is known to the directory. Unknown properties are null for device
 * filters, as Entra treats an unregistered device; `isCompliant` and `trustType` also decide
 * the "compliant device" and "hybrid joined device" controls.
 */
export interface CaDeviceFacts {
  deviceId?: string;
  displayName?: string;
  isCompliant?: boolean;
  trustType?: 'AzureAD' | 'ServerAD' | 'Workplace';
  deviceOwnership?: 'Company' | 'Personal';
  operatingSystem?: string;
  operatingSystemVersion?: string;
  /** Any other filter property by its filter name (model, manufacturer, profileType, extensionAttribute1…). */
  attributes?: Readonly<Record<string, string | readonly string[]>>;
}

/** What the session has already proved in this sign-in. */
export interface CaSessionFacts {
  /** The methods used, as authentication method modes (see `modesFromAmr`). */
  methods: MethodsUsed;
  /** The password was changed during this sign-in (satisfies "require password change"). */
  passwordChanged?: boolean;
}

export interface CaSignInContext {
  subject: CaSubject;
  target: CaTarget;
  clientAppType?: CaClientAppType;
  devicePlatform?: CaDevicePlatform;
  /** The public egress address the server sees (never X-Forwarded-For from an untrusted hop). */
  ipAddress?: string;
  /** ISO 3166-1 alpha-2; derived from `ipAddress` when absent. */
  country?: string;
  signInRiskLevel?: RiskLevel;
  userRiskLevel?: RiskLevel;
  servicePrincipalRiskLevel?: RiskLevel;
  agentIdRiskLevel?: 'low' | 'medium' | 'high';
  insiderRiskLevel?: 'minor' | 'moderate' | 'elevated';
  authenticationFlow?: 'deviceCodeFlow' | 'authenticationTransfer';
  device?: CaDeviceFacts;
  session?: CaSessionFacts;
  /** Whether the user can be prompted in this request (false for a refresh-token or ROPC grant). */
  interactive: boolean;
}
