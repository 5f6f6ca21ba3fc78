/**
 * Graph's signIn resource, what callers hand the sign-in log, and the row it is stored as.
 * @see https://learn.microsoft.com/graph/api/resources/signin (v1.0). `signInEventTypes`,
 * `servicePrincipalId`/`Name`, `authenticationRequirement`, `tokenIssuerType`, `userAgent` and
 * `clientCredentialType` are beta properties; Limen returns them on v1.0 too, as extra members.
 */
import { randomUUID } from 'node:crypto';
import type { RiskDetail, RiskLevel, RiskState } from '../identity-protection/index.ts';
import type { SignInRow } from '../store/index.ts';
import { signInStatus, type SignInStatus } from './sign-in-errors.ts';
import { timeOrderedId } from './time-ordered-id.ts';

export type SignInEventType = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';

export interface AppliedConditionalAccessPolicy {
  id: string;
  displayName: string;
  result: string;
  enforcedGrantControls: string[];
  enforcedSessionControls: string[];
  /** Beta: the first condition that did not match (`none` when the policy applied), so "why" is in the log. */
  conditionsNotSatisfied?: string;
}

export interface SignInLocation {
  city: string | null;
  state: string | null;
  /** Two-letter country code. */
  countryOrRegion: string | null;
  geoCoordinates: { latitude: number | null; longitude: number | null; altitude: number | null } | null;
}

export interface DeviceDetail {
  deviceId: string;
  displayName: string;
  operatingSystem: string;
  browser: string;
  isCompliant: boolean;
  isManaged: boolean;
  trustType: string;
}

/**
 * One step of a sign-in, as Graph's beta authenticationDetail: what Entra shows on a sign-in's
 * Authentication Details tab. @see https://learn.microsoft.com/graph/api/resources/authenticationdetail?view=graph-rest-beta
 */
export interface AuthenticationDetail {
  authenticationStepDateTime: string;
  /** 'Password', 'Passkey (device-bound)', 'Passkey (synced)', 'Temporary Access Pass', 'OATH verification code'. */
  authenticationMethod: string;
  /** Which credential: the passkey's name and AAGUID, one-time or multi-use pass, … */
  authenticationMethodDetail: string | null;
  succeeded: boolean;
  authenticationStepResultDetail: string;
  /** 'Primary authentication' or 'Multifactor authentication'. */
  authenticationStepRequirement: string;
}

/**
 * Graph beta's agentic agentType: what kind of identity signed in (`agentType`) or was the
 * token's subject (`agentSubjectType`). An agent identity is `agenticAppInstance`, its
 * blueprint's principal `agentIdentityBlueprintPrincipal`, a person `notAgentic`.
 * @see https://learn.microsoft.com/graph/api/resources/agentic-agentsignin?view=graph-rest-beta
 */
export type AgentType = 'notAgentic' | 'agenticApp' | 'agenticAppInstance' | 'agentIdentityBlueprintPrincipal' | 'agentIDuser';

/**
 * Graph beta's signIn `agent` (agentic.agentSignIn): who among agents took part. The first four
 * members are Graph's; the optional ones are Limen's, set on agentic sign-ins only:
 * `agentIdentityId` the agent identity's object id (the agent a blueprint asked an assertion
 * for, or the agent that exchanged one), `sponsorIds` its sponsors' object ids (who answers for
 * it), `onBehalfOfUserId` the person an on-behalf-of token is for.
 */
export interface AgentSignIn {
  agentType: AgentType;
  agentSubjectType: AgentType;
  /** The subject's parent: the agent identity blueprint's object id for an agent identity; else null. */
  agentSubjectParentId: string | null;
  /** The appId of the acting agent's blueprint; null when the actor is not an agent identity. */
  parentAppId: string | null;
  agentIdentityId?: string;
  sponsorIds?: string[];
  onBehalfOfUserId?: string;
}

export interface SignIn {
  id: string;
  createdDateTime: string;
  userId: string | null;
  userDisplayName: string | null;
  /** Lower-case, as Entra reports it. */
  userPrincipalName: string | null;
  appId: string | null;
  appDisplayName: string | null;
  servicePrincipalId: string | null;
  servicePrincipalName: string | null;
  ipAddress: string | null;
  clientAppUsed: string | null;
  /**
   * Beta: the protocol or grant, `deviceCode` for a device code sign-in, else `none` (Limen sets
   * no other value yet); `originalTransferMethod`: `deviceCodeFlow` for that sign-in and every
   * token from it, else `none`.
   */
  authenticationProtocol: 'none' | 'deviceCode';
  originalTransferMethod: 'none' | 'deviceCodeFlow';
  userAgent: string | null;
  correlationId: string;
  resourceDisplayName: string | null;
  resourceId: string | null;
  status: SignInStatus;
  signInEventTypes: SignInEventType[];
  isInteractive: boolean;
  authenticationRequirement: 'singleFactorAuthentication' | 'multiFactorAuthentication';
  /** Each method tried, in order (beta). */
  authenticationDetails: AuthenticationDetail[];
  /** The methods that succeeded, by name (beta). */
  authenticationMethodsUsed: string[];
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied';
  appliedConditionalAccessPolicies: AppliedConditionalAccessPolicy[];
  clientCredentialType: string | null;
  tokenIssuerType: 'AzureAD';
  location: SignInLocation;
  deviceDetail: DeviceDetail;
  /**
   * The user's (or service principal's) risk at the time, as Identity Protection had it: set by
   * an administrator for now (identity-protection/). `none` when there was none.
   */
  riskDetail: RiskDetail;
  riskLevelAggregated: RiskLevel;
  /** Real-time sign-in risk: Limen has no sign-in detections yet. */
  riskLevelDuringSignIn: 'none';
  riskState: RiskState;
  riskEventTypes_v2: string[];
  /** Beta: the agents in this sign-in; `notAgentic` throughout for people and ordinary apps. */
  agent: AgentSignIn;
}

/** What a sign-in attempt knows; everything else gets Entra's default. */
export interface SignInInput {
  userId?: string | null;
  userDisplayName?: string | null;
  userPrincipalName?: string | null;
  appId?: string | null;
  appDisplayName?: string | null;
  servicePrincipalId?: string | null;
  servicePrincipalName?: string | null;
  ipAddress?: string | null;
  clientAppUsed?: string | null;
  /** @default 'none' */
  authenticationProtocol?: SignIn['authenticationProtocol'];
  /** @default 'none' */
  originalTransferMethod?: SignIn['originalTransferMethod'];
  userAgent?: string | null;
  /** Ties the event to its request; a new GUID when absent. */
  correlationId?: string;
  resourceDisplayName?: string | null;
  resourceId?: string | null;
  /** Build it with `signInStatus(name)`. @default success */
  status?: SignInStatus;
  /** @default ['interactiveUser'] with a user, ['servicePrincipal'] without */
  signInEventTypes?: SignInEventType[];
  /** @default true when signInEventTypes holds 'interactiveUser' */
  isInteractive?: boolean;
  /** @default 'singleFactorAuthentication' */
  authenticationRequirement?: SignIn['authenticationRequirement'];
  /** The steps taken; `authenticationMethodsUsed` is derived from them. @default [] */
  authenticationDetails?: AuthenticationDetail[];
  /** @default 'notApplied' (no Conditional Access evaluation yet) */
  conditionalAccessStatus?: SignIn['conditionalAccessStatus'];
  appliedConditionalAccessPolicies?: AppliedConditionalAccessPolicy[];
  /** `none`, `clientSecret`, `clientAssertion`, `federatedIdentityCredential`, … */
  clientCredentialType?: string | null;
  location?: Partial<SignInLocation>;
  deviceDetail?: Partial<DeviceDetail>;
  /** @default 'none' each */
  riskDetail?: RiskDetail;
  riskLevelAggregated?: RiskLevel;
  riskState?: RiskState;
  /** @default not agentic */
  agent?: AgentSignIn;
}

export function toSignIn(input: SignInInput, now: Date = new Date()): SignIn {
  const status = input.status ?? signInStatus('success');
  if (!Number.isInteger(status.errorCode)) {
    // Checked here, synchronously: a bad row in the queue would block every flush after it.
    throw new TypeError(`signIn status.errorCode must be an integer, got ${status.errorCode}`);
  }
  const signInEventTypes = input.signInEventTypes ?? [input.userId ? 'interactiveUser' : 'servicePrincipal'];
  return {
    id: timeOrderedId(now),
    createdDateTime: now.toISOString(),
    userId: input.userId ?? null,
    userDisplayName: input.userDisplayName ?? null,
    userPrincipalName: input.userPrincipalName?.toLowerCase() ?? null,
    appId: input.appId ?? null,
    appDisplayName: input.appDisplayName ?? null,
    servicePrincipalId: input.servicePrincipalId ?? null,
    servicePrincipalName: input.servicePrincipalName ?? null,
    ipAddress: input.ipAddress ?? null,
    clientAppUsed: input.clientAppUsed ?? null,
    authenticationProtocol: input.authenticationProtocol ?? 'none',
    originalTransferMethod: input.originalTransferMethod ?? 'none',
    userAgent: input.userAgent ?? null,
    correlationId: input.correlationId ?? randomUUID(),
    resourceDisplayName: input.resourceDisplayName ?? null,
    resourceId: input.resourceId ?? null,
    status: { ...status },
    signInEventTypes: [...signInEventTypes],
    isInteractive: input.isInteractive ?? signInEventTypes.includes('interactiveUser'),
    authenticationRequirement: input.authenticationRequirement ?? 'singleFactorAuthentication',
    authenticationDetails: (input.authenticationDetails ?? []).map((d) => ({ ...d })),
    authenticationMethodsUsed: [...new Set((input.authenticationDetails ?? []).filter((d) => d.succeeded).map((d) => d.authenticationMethod))],
    conditionalAccessStatus: input.conditionalAccessStatus ?? 'notApplied',
    appliedConditionalAccessPolicies: input.appliedConditionalAccessPolicies ?? [],
    clientCredentialType: input.clientCredentialType ?? null,
    tokenIssuerType: 'AzureAD',
    location: { ...noLocation, ...input.location },
    deviceDetail: { ...noDevice, ...input.deviceDetail },
    riskDetail: input.riskDetail ?? 'none',
    riskLevelAggregated: input.riskLevelAggregated ?? 'none',
    riskLevelDuringSignIn: 'none',
    riskState: input.riskState ?? 'none',
    riskEventTypes_v2: [],
    agent: input.agent ? { ...input.agent } : { ...notAgentic },
  };
}

/**
 * Failed sign-ins log what the caller sent, and a caller can send a NUL (in a client_id, say).
 * PostgreSQL stores no NUL in text, and one bad row would fail its whole batch again and again,
 * so the indexed columns get U+FFFD instead (the JSON in `data` escapes it as \u0000 already).
 */
function storable<T extends string | null>(value: T): T {
  return (value === null ? value : value.replaceAll('\u0000', '\uFFFD')) as T;
}

export function toSignInRow(signIn: SignIn): SignInRow {
  return {
    id: signIn.id,
    created_date_time: signIn.createdDateTime,
    user_id: storable(signIn.userId),
    app_id: storable(signIn.appId),
    error_code: signIn.status.errorCode,
    correlation_id: storable(signIn.correlationId),
    data: JSON.stringify(storedForm(signIn)),
  };
}

/**
 * The stored `data` leaves out top-level members that hold their default (nulls, empty lists,
 * Entra's constants): half the bytes, and the insert on the token endpoint's path costs about
 * half as much. Rows written before this, with every member, read the same.
 */
export function toGraphSignIn(row: Pick<SignInRow, 'data'>): SignIn {
  return { ...defaultMembers(), ...(JSON.parse(row.data) as Partial<SignIn>) } as unknown as SignIn;
}

const noLocation: SignInLocation = { city: null, state: null, countryOrRegion: null, geoCoordinates: null };
const notAgentic: AgentSignIn = { agentType: 'notAgentic', agentSubjectType: 'notAgentic', agentSubjectParentId: null, parentAppId: null };
const noDevice: DeviceDetail = {
  deviceId: '', displayName: '', operatingSystem: '', browser: '',
  isCompliant: false, isManaged: false, trustType: '',
};

/**
 * Every member in Graph's order (the order `toSignIn` writes), with its default; `undefined` for
 * the members every event has (never left out), only to hold their place in that order.
 */
function defaultMembers(): Record<keyof SignIn, unknown> {
  return {
    id: undefined, createdDateTime: undefined,
    userId: null, userDisplayName: null, userPrincipalName: null, appId: null, appDisplayName: null,
    servicePrincipalId: null, servicePrincipalName: null, ipAddress: null, clientAppUsed: null,
    authenticationProtocol: 'none', originalTransferMethod: 'none',
    userAgent: null, correlationId: undefined, resourceDisplayName: null, resourceId: null,
    status: undefined, signInEventTypes: undefined, isInteractive: undefined,
    authenticationRequirement: 'singleFactorAuthentication',
    authenticationDetails: [],
    authenticationMethodsUsed: [],
    conditionalAccessStatus: 'notApplied',
    appliedConditionalAccessPolicies: [],
    clientCredentialType: null,
    tokenIssuerType: 'AzureAD',
    location: { ...noLocation },
    deviceDetail: { ...noDevice },
    riskDetail: 'none', riskLevelAggregated: 'none', riskLevelDuringSignIn: 'none', riskState: 'none',
    riskEventTypes_v2: [],
    agent: { ...notAgentic },
  };
}

const storedDefaults: Record<string, unknown> = defaultMembers();

function storedForm(signIn: SignIn): Partial<SignIn> {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(signIn)) {
    if (!isDefault(value, storedDefaults[key])) stored[key] = value;
  }
  return stored;
}

function isDefault(value: unknown, fallback: unknown): boolean {
  if (value === fallback) return true;
  if (fallback === null || typeof fallback !== 'object' || value === null || typeof value !== 'object') return false;
  if (Array.isArray(fallback)) return Array.isArray(value) && value.length === 0;
  // location, deviceDetail: the same members, each at its default
  const members = value as Record<string, unknown>;
  const defaults = Object.entries(fallback);
  return Object.keys(members).length === defaults.length && defaults.every(([k, v]) => members[k] === v);
}
