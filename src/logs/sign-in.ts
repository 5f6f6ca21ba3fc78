/**
 * Graph's signIn resource, what callers hand the sign-in log, and the row it is stored as.
 * @see https://learn.microsoft.com/graph/api/resources/signin (v1.0). `signInEventTypes`,
 * `servicePrincipalId`/`Name`, `authenticationRequirement`, `tokenIssuerType`, `userAgent` and
 * `clientCredentialType` are beta properties; Limen returns them on v1.0 too, as extra members.
 */
import { randomUUID } from 'node:crypto';
import type { SignInRow } from '../store/index.ts';
import { signInStatus, type SignInStatus } from './sign-in-errors.ts';

export type SignInEventType = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';

export interface AppliedConditionalAccessPolicy {
  id: string;
  displayName: string;
  result: string;
  enforcedGrantControls: string[];
  enforcedSessionControls: string[];
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
  userAgent: string | null;
  correlationId: string;
  resourceDisplayName: string | null;
  resourceId: string | null;
  status: SignInStatus;
  signInEventTypes: SignInEventType[];
  isInteractive: boolean;
  authenticationRequirement: 'singleFactorAuthentication' | 'multiFactorAuthentication';
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied';
  appliedConditionalAccessPolicies: AppliedConditionalAccessPolicy[];
  clientCredentialType: string | null;
  tokenIssuerType: 'AzureAD';
  location: SignInLocation;
  deviceDetail: DeviceDetail;
  /** Risk detection is not built yet; Entra reports `none` without ID Protection. */
  riskDetail: 'none';
  riskLevelAggregated: 'none';
  riskLevelDuringSignIn: 'none';
  riskState: 'none';
  riskEventTypes_v2: string[];
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
  /** @default 'notApplied' (no Conditional Access evaluation yet) */
  conditionalAccessStatus?: SignIn['conditionalAccessStatus'];
  appliedConditionalAccessPolicies?: AppliedConditionalAccessPolicy[];
  /** `none`, `clientSecret`, `clientAssertion`, `federatedIdentityCredential`, … */
  clientCredentialType?: string | null;
  location?: Partial<SignInLocation>;
  deviceDetail?: Partial<DeviceDetail>;
}

export function toSignIn(input: SignInInput, now: Date = new Date()): SignIn {
  const status = input.status ?? signInStatus('success');
  if (!Number.isInteger(status.errorCode)) {
    // Checked here, synchronously: a bad row in the queue would block every flush after it.
    throw new TypeError(`signIn status.errorCode must be an integer, got ${status.errorCode}`);
  }
  const signInEventTypes = input.signInEventTypes ?? [input.userId ? 'interactiveUser' : 'servicePrincipal'];
  return {
    id: randomUUID(),
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
    userAgent: input.userAgent ?? null,
    correlationId: input.correlationId ?? randomUUID(),
    resourceDisplayName: input.resourceDisplayName ?? null,
    resourceId: input.resourceId ?? null,
    status: { ...status },
    signInEventTypes: [...signInEventTypes],
    isInteractive: input.isInteractive ?? signInEventTypes.includes('interactiveUser'),
    authenticationRequirement: input.authenticationRequirement ?? 'singleFactorAuthentication',
    conditionalAccessStatus: input.conditionalAccessStatus ?? 'notApplied',
    appliedConditionalAccessPolicies: input.appliedConditionalAccessPolicies ?? [],
    clientCredentialType: input.clientCredentialType ?? null,
    tokenIssuerType: 'AzureAD',
    location: { city: null, state: null, countryOrRegion: null, geoCoordinates: null, ...input.location },
    deviceDetail: {
      deviceId: '', displayName: '', operatingSystem: '', browser: '',
      isCompliant: false, isManaged: false, trustType: '', ...input.deviceDetail,
    },
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
  };
}

export function toSignInRow(signIn: SignIn): SignInRow {
  return {
    id: signIn.id,
    created_date_time: signIn.createdDateTime,
    user_id: signIn.userId,
    app_id: signIn.appId,
    error_code: signIn.status.errorCode,
    correlation_id: signIn.correlationId,
    data: JSON.stringify(signIn),
  };
}

export function toGraphSignIn(row: Pick<SignInRow, 'data'>): SignIn {
  return JSON.parse(row.data) as SignIn;
}
