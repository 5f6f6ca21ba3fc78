/**
 * Smart lockout defaults, in one place. They follow Microsoft Entra ID's documented defaults
 * (learn.microsoft.com/entra/identity/authentication/howto-password-smart-lockout): 10 failed
 * attempts lock the account for 60 seconds, each further lockout lasts longer, and the lock is
 * never permanent. Familiar and unfamiliar locations count separately, and a repeat of the same
 * wrong password is not counted again.
 */
export interface LockoutOptions {
  /** Failed attempts (distinct wrong passwords) that lock a location's counter. @default 10 */
  threshold: number;
  /** Length of the first lockout, in milliseconds. @default 60_000 (Entra: 60 seconds) */
  lockoutMs: number;
  /** Each further lockout of the same counter doubles, up to this. @default 3_600_000 (1 hour) */
  maxLockoutMs: number;
  /**
   * The escalation level (how many times the duration has doubled) falls back to the first
   * lockout once this long has passed without a lockout. @default 86_400_000 (24 hours)
   */
  escalationResetMs: number;
  /** An IP with a successful sign-in this recent is a familiar location. @default 14 days */
  familiarForMs: number;
  /** Familiar IPs remembered per user; the least recently successful is forgotten first. @default 10 */
  maxFamiliarIps: number;
  /** Recent wrong passwords remembered (as keyed hashes) so a repeat is not counted. @default 3 */
  recentWrongPasswords: number;
}

export const lockoutDefaults: Readonly<LockoutOptions> = Object.freeze({
  threshold: 10,
  lockoutMs: 60_000,
  maxLockoutMs: 60 * 60_000,
  escalationResetMs: 24 * 60 * 60_000,
  familiarForMs: 14 * 24 * 60 * 60_000,
  maxFamiliarIps: 10,
  recentWrongPasswords: 3,
});

/** Concurrent argon2id computations allowed per process; the rest wait their turn. @default 4 */
export const maxConcurrentPasswordChecks = 4;
