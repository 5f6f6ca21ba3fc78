/**
 * The passkey (FIDO2) method configuration, as Graph's fido2AuthenticationMethodConfiguration
 * with passkey profiles (https://learn.microsoft.com/entra/identity/authentication/how-to-enable-passkey-fido2).
 * Stored in `settings`. Which passkeys a user may register and sign in with is decided here,
 * purely: a passkey is allowed when it fully satisfies at least one profile that targets one of
 * the user's groups (no ordering), and exclusion of a group always wins.
 */
import { readPolicySetting, writePolicySetting } from './policy-setting.ts';
import type { Db } from '../store/index.ts';

export const fido2PolicyKey = 'authn.policy.fido2';

export type PasskeyType = 'deviceBound' | 'synced';
export type AttestationEnforcement = 'disabled' | 'registrationOnly';

export interface KeyRestrictions {
  isEnforced: boolean;
  enforcementType: 'allow' | 'block';
  /** Lower-case AAGUIDs. */
  aaGuids: string[];
}

export interface PasskeyProfile {
  id: string;
  name: string;
  /** Graph's flag-enum string, e.g. "deviceBound,synced". */
  passkeyTypes: string;
  attestationEnforcement: AttestationEnforcement;
  keyRestrictions: KeyRestrictions;
}

export interface Fido2IncludeTarget {
  targetType: 'group';
  id: string;
  isRegistrationRequired: boolean;
  /** Profiles granted to this target; empty means the default profile. */
  allowedPasskeyProfiles: string[];
}

export interface Fido2Policy {
  id: 'Fido2';
  state: 'enabled' | 'disabled';
  isSelfServiceRegistrationAllowed: boolean;
  includeTargets: Fido2IncludeTarget[];
  excludeTargets: { targetType: 'group'; id: string }[];
  passkeyProfiles: PasskeyProfile[];
  defaultPasskeyProfile: string;
}

/** The id of the profile every tenant starts with; it can be changed but never deleted. */
export const defaultPasskeyProfileId = '00000000-0000-0000-0000-000000000001';

/**
 * Limen's defaults differ from Entra's on purpose: passkeys are enabled for all users from the
 * first start (a passwordless tenant is the goal), with one profile that accepts device-bound
 * and synced passkeys without attestation, Entra's own default profile settings.
 */
export const defaultFido2Policy = (): Fido2Policy => ({
  id: 'Fido2',
  state: 'enabled',
  isSelfServiceRegistrationAllowed: true,
  includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false, allowedPasskeyProfiles: [defaultPasskeyProfileId] }],
  excludeTargets: [],
  passkeyProfiles: [{
    id: defaultPasskeyProfileId,
    name: 'Default passkey profile',
    passkeyTypes: 'deviceBound,synced',
    attestationEnforcement: 'disabled',
    keyRestrictions: { isEnforced: false, enforcementType: 'block', aaGuids: [] },
  }],
  defaultPasskeyProfile: defaultPasskeyProfileId,
});

export const readFido2Policy = (db: Db): Promise<Fido2Policy> => readPolicySetting(db, fido2PolicyKey, defaultFido2Policy);

export const writeFido2Policy = (db: Db, policy: Fido2Policy): Promise<void> => writePolicySetting(db, fido2PolicyKey, policy);

export const passkeyTypesOf = (profile: PasskeyProfile): PasskeyType[] =>
  profile.passkeyTypes.split(',').map((t) => t.trim()).filter((t): t is PasskeyType => t === 'deviceBound' || t === 'synced');

/** The profiles that apply to a user in these groups (transitively); none when out of scope. */
export function profilesFor(policy: Fido2Policy, groupIds: readonly string[]): PasskeyProfile[] {
  if (policy.state !== 'enabled') return [];
  const member = (id: string) => id === 'all_users' || groupIds.includes(id);
  if (policy.excludeTargets.some((t) => member(t.id))) return [];
  const ids = new Set(policy.includeTargets.filter((t) => member(t.id))
    .flatMap((t) => (t.allowedPasskeyProfiles.length ? t.allowedPasskeyProfiles : [policy.defaultPasskeyProfile])));
  return policy.passkeyProfiles.filter((p) => ids.has(p.id));
}

/** What a passkey is, as far as the relying party can tell. */
export interface PasskeyTraits {
  aaGuid: string;
  /** WebAuthn BE: backup eligible, i.e. a synced (multi-device) passkey. */
  backupEligible: boolean;
  /** Whether the attestation chained to a trust anchor (only known at registration). */
  attested: boolean;
}

export type PasskeyDecision =
  | { allowed: true; profile: PasskeyProfile }
  | { allowed: false; reason: string };

/** Why one profile refuses a passkey, or undefined when the passkey satisfies it. */
function profileRefusal(profile: PasskeyProfile, passkey: PasskeyTraits, stage: 'registration' | 'signIn'): string | undefined {
  const type: PasskeyType = passkey.backupEligible ? 'synced' : 'deviceBound';
  if (!passkeyTypesOf(profile).includes(type)) {
    return type === 'synced'
      ? 'synced passkeys (saved in a password manager or a phone’s cloud account) are not allowed; use a security key or a device-bound passkey'
      : 'device-bound passkeys are not allowed';
  }
  // Entra checks attestation at registration only: passkeys registered before enforcement keep working.
  if (stage === 'registration' && profile.attestationEnforcement === 'registrationOnly' && !passkey.attested) {
    return 'this passkey’s make and model could not be verified (attestation is required)';
  }
  const { isEnforced, enforcementType, aaGuids } = profile.keyRestrictions;
  if (isEnforced) {
    const listed = aaGuids.includes(passkey.aaGuid.toLowerCase());
    if (enforcementType === 'allow' ? !listed : listed) return `this passkey model (AAGUID ${passkey.aaGuid}) is not allowed`;
  }
  return undefined;
}

/**
 * Whether a user in these groups may register (or sign in with) this passkey: it must satisfy
 * at least one profile that targets the user. The reason given is the first profile's, in the
 * order the admin listed them, so the message is stable.
 */
export function decidePasskey(
  policy: Fido2Policy,
  groupIds: readonly string[],
  passkey: PasskeyTraits,
  stage: 'registration' | 'signIn',
): PasskeyDecision {
  if (policy.state !== 'enabled') return { allowed: false, reason: 'passkey sign-in is turned off for this organization' };
  const profiles = profilesFor(policy, groupIds);
  if (profiles.length === 0) return { allowed: false, reason: 'passkeys are not enabled for your account' };
  let first: string | undefined;
  for (const profile of profiles) {
    const refusal = profileRefusal(profile, passkey, stage);
    if (!refusal) return { allowed: true, profile };
    first ??= refusal;
  }
  return { allowed: false, reason: first! };
}

/** Whether registration should ask for attestation: only when a profile would look at it. */
export const wantsAttestation = (profiles: readonly PasskeyProfile[]): boolean =>
  profiles.some((p) => p.attestationEnforcement === 'registrationOnly' || p.keyRestrictions.isEnforced);
