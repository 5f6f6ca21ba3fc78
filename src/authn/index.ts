export { burnPasswordCheck, hashPassword, passwordWorkStats, verifyPassword } from './password.ts';
export { lockoutDefaults, type LockoutOptions } from './lockout-defaults.ts';
export { clearSignInLockout, SmartLockout, type LockoutCheck } from './smart-lockout.ts';
export {
  createTapRepository, defaultTapPolicy, readTapPolicy, tapBounds, tapEnd, tapPolicyTargets, tapResource,
  tapUsability, writeTapPolicy, type TapPolicy, type TapRepository, type TapUsabilityReason, type TemporaryAccessPass,
} from './temporary-access-pass.ts';
