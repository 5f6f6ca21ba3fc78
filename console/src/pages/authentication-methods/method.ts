/**
 * The authentication methods policy as the API returns it (Graph's method configurations), and
 * the plain-language descriptions the page shows for targets and passkey profiles.
 */
export const policyPath = '/policies/authenticationMethodsPolicy';
export const configurationPath = (segment: string) => `${policyPath}/authenticationMethodConfigurations/${segment}`;
export const writePermission = 'Policy.ReadWrite.AuthenticationMethod' as const;

export interface IncludeTarget {
  targetType?: 'group';
  id: string;
  isRegistrationRequired?: boolean;
  /** Passkey (FIDO2) only: the profiles this target may use; empty means the default profile. */
  allowedPasskeyProfiles?: string[];
}
export interface ExcludeTarget { targetType?: 'group'; id: string }

export interface MethodConfiguration {
  '@odata.type'?: string;
  id: string;
  state: 'enabled' | 'disabled';
  includeTargets: IncludeTarget[];
  excludeTargets: ExcludeTarget[];
}

export interface KeyRestrictions { isEnforced: boolean; enforcementType: 'allow' | 'block'; aaGuids: string[] }
export interface PasskeyProfile {
  id: string;
  name: string;
  passkeyTypes: string;
  attestationEnforcement: 'disabled' | 'registrationOnly';
  keyRestrictions: KeyRestrictions;
}
export interface Fido2Configuration extends MethodConfiguration {
  isSelfServiceRegistrationAllowed: boolean;
  passkeyProfiles: PasskeyProfile[];
  defaultPasskeyProfile: string;
}
export interface TapConfiguration extends MethodConfiguration {
  defaultLifetimeInMinutes: number;
  defaultLength: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  isUsableOnce: boolean;
}

export interface AuthenticationMethodsPolicy { authenticationMethodConfigurations: MethodConfiguration[] }

/** The methods the API configures: Graph's id, the path segment (the page's URL), the name. */
export const methods = [
  { id: 'Fido2', segment: 'fido2', name: 'Passkey (FIDO2)', about: 'Security keys, Windows Hello, and passkeys in phones and password managers.' },
  { id: 'TemporaryAccessPass', segment: 'temporaryAccessPass', name: 'Temporary Access Pass', about: 'A time-limited code an admin gives, to sign in and add a passkey.' },
  { id: 'SoftwareOath', segment: 'softwareOath', name: 'Third-party software OATH tokens', about: 'Six-digit codes from an authenticator app.' },
  { id: 'Password', segment: 'password', name: 'Password', about: 'Limen\'s own: turn it off for a passwordless tenant.' },
] as const;
export type MethodSegment = (typeof methods)[number]['segment'];
export const methodBySegment = (segment: string | undefined) => methods.find((m) => m.segment === segment);
export const methodById = (id: string) => methods.find((m) => m.id.toLowerCase() === id.toLowerCase());

export const allUsers = 'all_users';

/** "Device-bound passkeys only, attestation required, only these 2 models". */
export function describeProfile(p: Pick<PasskeyProfile, 'passkeyTypes' | 'attestationEnforcement' | 'keyRestrictions'>): string {
  const types = p.passkeyTypes.split(',').map((t) => t.trim());
  const bound = types.includes('deviceBound');
  const synced = types.includes('synced');
  const parts = [bound && synced ? 'Device-bound and synced passkeys' : bound ? 'Device-bound passkeys only' : synced ? 'Synced passkeys only' : 'No passkey type'];
  parts.push(p.attestationEnforcement === 'registrationOnly' ? 'attestation required' : 'no attestation');
  const k = p.keyRestrictions;
  const n = k.aaGuids.length;
  const models = `${n} model${n === 1 ? '' : 's'}`;
  if (!k.isEnforced || (k.enforcementType === 'block' && n === 0)) parts.push('any model');
  else if (k.enforcementType === 'allow') parts.push(n === 0 ? 'no model allowed' : `only ${n === 1 ? 'this model' : `these ${models}`}`);
  else parts.push(`any model but ${n === 1 ? 'one blocked model' : `${models} blocked`}`);
  return parts.join(', ');
}

/** Graph's strictly-typed body for a target list: fido2 keeps its profiles, the others may not name them. */
export function targetsBody(segment: string, include: IncludeTarget[], exclude: ExcludeTarget[]) {
  return {
    includeTargets: include.map((t) => ({
      targetType: 'group' as const,
      id: t.id,
      isRegistrationRequired: t.isRegistrationRequired ?? false,
      ...(segment === 'fido2' ? { allowedPasskeyProfiles: t.allowedPasskeyProfiles ?? [] } : {}),
    })),
    excludeTargets: exclude.map((t) => ({ targetType: 'group' as const, id: t.id })),
  };
}

export interface StrengthPolicy {
  id: string;
  displayName: string;
  description: string;
  policyType: 'builtIn' | 'custom';
  requirementsSatisfied: 'none' | 'mfa';
  allowedCombinations: string[];
  combinationConfigurations: Array<{ id: string; appliesToCombinations: string[]; allowedAAGUIDs: string[]; allowedPasskeyTypes?: string[] }>;
}
