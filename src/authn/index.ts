export { burnPasswordCheck, hashPassword, passwordWorkStats, verifyPassword } from './password.ts';
export { lockoutDefaults, type LockoutOptions } from './lockout-defaults.ts';
export { clearSignInLockout, SmartLockout, type LockoutCheck } from './smart-lockout.ts';
export {
  createTapRepository, defaultTapPolicy, readTapPolicy, tapBounds, tapEnd, tapPolicyTargets, tapResource,
  tapUsability, writeTapPolicy, type TapPolicy, type TapRepository, type TapUsabilityReason, type TemporaryAccessPass,
} from './temporary-access-pass.ts';
export { issueTemporaryAccessPass, tapEnabledFor, type TapIssueRefusal, type TapIssueRequest, type TapIssueResult } from './tap-issuance.ts';
export {
  decidePasskey, defaultFido2Policy, defaultPasskeyProfileId, passkeyTypesOf, profilesFor, readFido2Policy, writeFido2Policy,
  type Fido2Policy, type PasskeyDecision, type PasskeyProfile, type PasskeyTraits,
} from './passkey-policy.ts';
export { loadPasskeyMetadata } from './passkey-metadata.ts';
export { createPasskeyRepository, passkeyIdOf, passkeyNameMaxLength, type Passkey, type PasskeyRepository } from './passkey.repository.ts';
export { createPasskeyCeremonies, credentialFromForm, passkeyTraits, relyingPartyFor, type PasskeyCeremonies, type RelyingParty } from './passkeys.ts';
export { hasOtherUsableMethod, lastMethodRefusal } from './last-usable-method.ts';
export { deleteAuthenticationMethodsOf } from './user-methods.ts';
export { allUsersTarget, methodPolicyTargets, type MethodExcludeTarget, type MethodIncludeTarget, type TargetedMethodPolicy } from './method-targets.ts';
export type { SecretBox } from './secret-box.ts';
export {
  defaultPasswordMethodPolicy, defaultSoftwareOathPolicy, readPasswordMethodPolicy, readSoftwareOathPolicy,
  writePasswordMethodPolicy, writeSoftwareOathPolicy, type PasswordMethodPolicy, type SoftwareOathPolicy,
} from './software-oath-policy.ts';
export { generateTotpSecret, totpCode, totpUri, type TotpSecret } from './totp.ts';
export {
  createSoftwareOathRepository, maxOathMethodsPerUser, pendingOathMinutes, type SoftwareOathMethod, type SoftwareOathRepository,
} from './software-oath.repository.ts';
export {
  authenticationMethodModes, builtInStrengths, methodModeDisplayNames, modesFromAmr, satisfiesStrength, supportedCombinations,
  type AuthenticationMethodMode, type AuthenticationStrengthPolicy, type Fido2CombinationConfiguration, type MethodsUsed, type StrengthDecision,
} from './authentication-strength.ts';
export { createStrengthRepository, maxCustomStrengths, type StrengthDraft, type StrengthRepository, type StrengthWrite } from './authentication-strength.repository.ts';
export { registeredMethodNames, type RegisteredMethod, type UserRegistrationDetails } from './registration-details.ts';
export { loadRegistrationRows } from './registration-details.repository.ts';
export {
  featureSummary, includedUserRoles, includedUserTypes, methodSummary, privilegedAdminRoleIds,
  type IncludedUserRoles, type IncludedUserTypes, type SummaryRow, type SummaryScope,
} from './registration-summaries.ts';
