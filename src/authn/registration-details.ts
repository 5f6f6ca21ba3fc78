/**
 * Graph's userRegistrationDetails, computed from the methods Limen stores: what each user has
 * registered and what that makes them capable of. Pure; registration-details.repository.ts
 * loads the inputs in bulk.
 *
 * - isMfaRegistered: a passkey or a verified authenticator app, whatever the policies say.
 *   A Temporary Access Pass does not count: it is a short-lived bootstrap, not a registered
 *   factor (Entra leaves it out too).
 * - isMfaCapable: such a method that the method's policy allows the user to sign in with now.
 * - isPasswordlessCapable: a passkey the passkey (FIDO2) policy allows.
 * - Limen has no self-service password reset and no system-preferred MFA: those flags are false.
 * @see https://learn.microsoft.com/graph/api/resources/userregistrationdetails
 */
import { methodPolicyTargets, type TargetedMethodPolicy } from './method-targets.ts';
import { decidePasskey, type Fido2Policy } from './passkey-policy.ts';
import { tapEnd } from './temporary-access-pass.ts';

/** Graph's methodsRegistered values for the methods Limen has; Graph does not list passwords there. */
export const registeredMethodNames = [
  'passKeyDeviceBound', 'passKeySynced', 'softwareOneTimePasscode', 'temporaryAccessPass',
] as const;
export type RegisteredMethod = (typeof registeredMethodNames)[number];

/** usersRegisteredByMethod counts passwords too, as Graph's does. */
export const countedMethodNames = ['password', ...registeredMethodNames] as const;

export interface UserRegistrationDetails {
  id: string;
  userPrincipalName: string;
  userDisplayName: string;
  userType: 'member' | 'guest';
  isAdmin: boolean;
  isMfaRegistered: boolean;
  isMfaCapable: boolean;
  isPasswordlessCapable: boolean;
  isSsprRegistered: boolean;
  isSsprEnabled: boolean;
  isSsprCapable: boolean;
  isSystemPreferredAuthenticationMethodEnabled: boolean;
  methodsRegistered: RegisteredMethod[];
  systemPreferredAuthenticationMethods: string[];
  userPreferredMethodForSecondaryAuthentication: 'oath' | 'none';
  lastUpdatedDateTime: string;
}

/** One user and what the store holds for them, as the repository loads it. */
export interface RegistrationInput {
  id: string;
  userPrincipalName: string;
  displayName: string;
  userType: string;
  hasPassword: boolean;
  passkeys: ReadonlyArray<{ aaGuid: string; backupEligible: boolean; attested: boolean }>;
  /** Verified authenticator apps. */
  oathApps: number;
  tap: { startDateTime: string; lifetimeInMinutes: number; isUsableOnce: boolean; usedAt: string | null } | undefined;
  /** Directory role template ids held directly or through a group. */
  roleIds: ReadonlySet<string>;
  /** Transitive group ids, for the method policies' targets. */
  groupIds: readonly string[];
}

export interface MethodPolicies {
  fido2: Fido2Policy;
  softwareOath: TargetedMethodPolicy;
}

/** The report row of one user, as of `now` (the report is computed live, not refreshed daily). */
export function registrationDetailsOf(input: RegistrationInput, policies: MethodPolicies, now: Date): UserRegistrationDetails {
  const methods = new Set<RegisteredMethod>();
  for (const p of input.passkeys) methods.add(p.backupEligible ? 'passKeySynced' : 'passKeyDeviceBound');
  if (input.oathApps > 0) methods.add('softwareOneTimePasscode');
  if (input.tap && tapStillUsable(input.tap, now)) methods.add('temporaryAccessPass');

  const usablePasskey = input.passkeys.some((p) => decidePasskey(policies.fido2, input.groupIds, p, 'signIn').allowed);
  const usableOath = input.oathApps > 0 && methodPolicyTargets(policies.softwareOath, input.groupIds);
  return {
    id: input.id,
    userPrincipalName: input.userPrincipalName,
    userDisplayName: input.displayName,
    userType: input.userType === 'Guest' ? 'guest' : 'member',
    isAdmin: input.roleIds.size > 0,
    isMfaRegistered: input.passkeys.length > 0 || input.oathApps > 0,
    isMfaCapable: usablePasskey || usableOath,
    isPasswordlessCapable: usablePasskey,
    isSsprRegistered: false,
    isSsprEnabled: false,
    isSsprCapable: false,
    isSystemPreferredAuthenticationMethodEnabled: false,
    methodsRegistered: registeredMethodNames.filter((m) => methods.has(m)),
    systemPreferredAuthenticationMethods: [],
    // Graph's userDefaultAuthenticationMethod has no passkey value; a passkey is not a second factor.
    userPreferredMethodForSecondaryAuthentication: input.oathApps > 0 ? 'oath' : 'none',
    lastUpdatedDateTime: now.toISOString(),
  };
}

/** Not yet used up nor expired; a pass that starts later is registered already. */
function tapStillUsable(tap: NonNullable<RegistrationInput['tap']>, now: Date): boolean {
  if (tap.isUsableOnce && tap.usedAt) return false;
  return now.getTime() < tapEnd({ ...tap, id: '', userId: '', createdDateTime: '' }).getTime();
}
