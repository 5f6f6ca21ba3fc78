/**
 * Authentication strengths, as Entra's authenticationStrengthPolicy: a named list of allowed
 * method combinations; a sign-in satisfies a strength when the methods it used cover one whole
 * combination. Pure: the methods used come in, a decision goes out.
 * @see https://learn.microsoft.com/graph/api/resources/authenticationstrengthpolicy
 * @see https://learn.microsoft.com/entra/identity/authentication/concept-authentication-strengths
 */

/** Graph's authenticationMethodModes (a flags enum; a combination joins modes with commas). */
export const authenticationMethodModes = [
  'password', 'voice', 'hardwareOath', 'softwareOath', 'sms', 'fido2', 'windowsHelloForBusiness',
  'microsoftAuthenticatorPush', 'deviceBasedPush', 'temporaryAccessPassOneTime', 'temporaryAccessPassMultiUse',
  'email', 'x509CertificateSingleFactor', 'x509CertificateMultiFactor', 'federatedSingleFactor', 'federatedMultiFactor',
] as const;
export type AuthenticationMethodMode = (typeof authenticationMethodModes)[number];

/** Display names, as Graph's authenticationMethodModes listing shows them. */
export const methodModeDisplayNames: Record<AuthenticationMethodMode, string> = {
  password: 'Password', voice: 'Voice', hardwareOath: 'Hardware OATH tokens', softwareOath: 'Software OATH tokens',
  sms: 'SMS', fido2: 'Passkeys (FIDO2)', windowsHelloForBusiness: 'Windows Hello For Business',
  microsoftAuthenticatorPush: 'Microsoft Authenticator (Push Notification)', deviceBasedPush: 'Microsoft Authenticator (Phone Sign-in)',
  temporaryAccessPassOneTime: 'Temporary Access Pass (one-time use)', temporaryAccessPassMultiUse: 'Temporary Access Pass (multi-use)',
  email: 'Email OTP', x509CertificateSingleFactor: 'Certificate-based Authentication (single-factor)',
  x509CertificateMultiFactor: 'Certificate-based Authentication (multi-factor)',
  federatedSingleFactor: 'Federation (single-factor)', federatedMultiFactor: 'Federation (multi-factor)',
};

const mfaCombinations = [
  'windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush',
  'temporaryAccessPassOneTime', 'temporaryAccessPassMultiUse',
  'password,microsoftAuthenticatorPush', 'password,softwareOath', 'password,hardwareOath',
  'password,x509CertificateSingleFactor', 'password,x509CertificateMultiFactor', 'password,sms', 'password,voice',
  'federatedMultiFactor', 'microsoftAuthenticatorPush,federatedSingleFactor', 'softwareOath,federatedSingleFactor',
  'hardwareOath,federatedSingleFactor', 'sms,federatedSingleFactor', 'voice,federatedSingleFactor',
];

/** Single first factors: valid in a custom strength, in no built-in one. */
const singleFactorCombinations = ['password', 'sms', 'x509CertificateSingleFactor', 'federatedSingleFactor'];

/** Every combination a custom strength may allow (Entra accepts only predefined combinations). */
export const supportedCombinations: readonly string[] = [...mfaCombinations, ...singleFactorCombinations];

/**
 * Narrows the `fido2` combination to some authenticator models (Graph's
 * fido2CombinationConfiguration). `allowedPasskeyTypes` is Limen's addition: Entra cannot say
 * "device-bound passkeys only" in a strength, which is what an admin strength usually wants.
 */
export interface Fido2CombinationConfiguration {
  '@odata.type': '#microsoft.graph.fido2CombinationConfiguration';
  id: string;
  appliesToCombinations: ['fido2'];
  allowedAAGUIDs: string[];
  allowedPasskeyTypes?: Array<'deviceBound' | 'synced'>;
}

export interface AuthenticationStrengthPolicy {
  id: string;
  createdDateTime: string;
  modifiedDateTime: string;
  displayName: string;
  description: string;
  policyType: 'builtIn' | 'custom';
  /** `mfa` when every allowed combination is multifactor (it then satisfies "require MFA"). */
  requirementsSatisfied: 'none' | 'mfa';
  allowedCombinations: string[];
  combinationConfigurations: Fido2CombinationConfiguration[];
}

const builtInDate = '2021-12-01T00:00:00Z';
const builtIn = (id: string, displayName: string, description: string, allowedCombinations: string[]): AuthenticationStrengthPolicy => ({
  id, createdDateTime: builtInDate, modifiedDateTime: builtInDate, displayName, description,
  policyType: 'builtIn', requirementsSatisfied: 'mfa', allowedCombinations, combinationConfigurations: [],
});

/** Entra's three built-in strengths, with Entra's ids, so exported Conditional Access policies carry over. */
export const builtInStrengths: readonly AuthenticationStrengthPolicy[] = [
  builtIn('00000000-0000-0000-0000-000000000002', 'Multifactor authentication',
    'Combinations of methods that satisfy strong authentication, such as a password + SMS', mfaCombinations),
  builtIn('00000000-0000-0000-0000-000000000003', 'Passwordless MFA',
    'Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator',
    ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush']),
  builtIn('00000000-0000-0000-0000-000000000004', 'Phishing-resistant MFA',
    'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
    ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor']),
];

/** What a sign-in session used: the modes, and for a passkey which one. */
export interface MethodsUsed {
  modes: readonly AuthenticationMethodMode[];
  passkey?: { aaGuid?: string; passkeyType: 'deviceBound' | 'synced' };
}

export type StrengthDecision = { satisfied: true; combination: string } | { satisfied: false };

/** The first allowed combination whose every mode was used and whose configuration the passkey meets. */
export function satisfiesStrength(strength: Pick<AuthenticationStrengthPolicy, 'allowedCombinations' | 'combinationConfigurations'>, used: MethodsUsed): StrengthDecision {
  for (const combination of strength.allowedCombinations) {
    const modes = combination.split(',');
    if (!modes.every((m) => used.modes.includes(m as AuthenticationMethodMode))) continue;
    const configs = strength.combinationConfigurations.filter((c) => c.appliesToCombinations.includes(combination as 'fido2'));
    if (configs.every((c) => passkeyMeets(c, used.passkey))) return { satisfied: true, combination };
  }
  return { satisfied: false };
}

function passkeyMeets(config: Fido2CombinationConfiguration, passkey: MethodsUsed['passkey']): boolean {
  // Unknown details fail closed: a restriction is only met when the passkey is known to meet it.
  if (config.allowedAAGUIDs.length > 0 && !config.allowedAAGUIDs.some((a) => a.toLowerCase() === passkey?.aaGuid?.toLowerCase())) return false;
  if (config.allowedPasskeyTypes?.length && !(passkey && config.allowedPasskeyTypes.includes(passkey.passkeyType))) return false;
  return true;
}

/** Whether a combination is multifactor on its own (every built-in MFA combination is). */
export const isMultifactorCombination = (combination: string): boolean => mfaCombinations.includes(combination);

/** The session's RFC 8176 `amr` values, as modes; `tapIsUsableOnce` tells which TAP mode it was. */
export function modesFromAmr(amr: readonly string[], tapIsUsableOnce = false): AuthenticationMethodMode[] {
  const modes: AuthenticationMethodMode[] = [];
  if (amr.includes('pwd')) modes.push('password');
  if (amr.includes('otp')) modes.push('softwareOath');
  if (amr.includes('fido')) modes.push('fido2');
  if (amr.includes('tap')) modes.push(tapIsUsableOnce ? 'temporaryAccessPassOneTime' : 'temporaryAccessPassMultiUse');
  return modes;
}
