export { burnPasswordCheck, hashPassword, passwordWorkStats, verifyPassword } from './password.ts';
export { lockoutDefaults, type LockoutOptions } from './lockout-defaults.ts';
export { clearSignInLockout, SmartLockout, type LockoutCheck } from './smart-lockout.ts';
