export { burnPasswordCheck, hashPassword, passwordWorkStats, verifyPassword } from './password.ts';
export { lockoutDefaults, type LockoutOptions } from './lockout-defaults.ts';
export { clearSignInLockout, SmartLockout, type LockoutCheck } from './smart-lockout.ts';
export {
  createTapRepository, defaultTapPolicy, readTapPolicy, tapBounds, tapEnd, tapPolicyTargets, tapResource,
  tapUsability, writeTapPolicy, type TapPolicy, type TapRepository, type TapUsabilityReason, type TemporaryAccessPass,
} from './temporary-access-pass.ts';
export {
  decidePasskey, defaultFido2Policy, defaultPasskeyProfileId, passkeyTypesOf, profilesFor, readFido2Policy, writeFido2Policy,
  type Fido2Policy, type PasskeyDecision, type PasskeyProfile, type PasskeyTraits,
} from './passkey-policy.ts';
export { loadPasskeyMetadata } from './passkey-metadata.ts';
export { createPasskeyRepository, type Passkey, type PasskeyRepository } from './passkey.repository.ts';
export { createPasskeyCeremonies, credentialFromForm, passkeyTraits, relyingPartyFor, type PasskeyCeremonies, type RelyingParty } from './passkeys.ts';
