import { verifierIdPattern, type IdentityVerifier } from './identity-verifier.ts';
import type { NameMatching } from './name-matching.ts';

/**
 * An identity verification profile, after Entra's: which verifier, how names must match, and
 * whether a verified user really gets a pass (production) or the flow only runs and is logged
 * (evaluation). Verifiers are code, so profiles are given to `startLimen` by whoever embeds Limen
 * rather than read from the environment (docs/how-to/recover-an-account.md).
 */
export interface IdentityVerificationProfile {
  verifier: IdentityVerifier;
  /**
   * `evaluation`: users go through verification and the result is audited, but no pass is issued
   * (Entra's recommended first step). `production`: a verified user gets a one-time pass.
   * @default 'evaluation'
   */
  mode?: RecoveryMode;
  /** @default 'exact' (see name-matching.ts) */
  nameMatching?: NameMatching;
  /**
   * Before the pass is issued, delete every passkey and authenticator app of the user and revoke all their sign-in
   * sessions, so whoever held the lost device is locked out too (the CWE-CAPEC #202 concern:
   * recovery that leaves old passkeys in place). Passwords are left alone.
   * @default false
   */
  revokePasskeysAndSessions?: boolean;
  /**
   * Holders of a directory role are refused by default: recovery issues a pass like an
   * Authentication Administrator, who may not issue one to an administrator, and Entra advises a
   * human in the loop for sensitive accounts.
   * @default false
   */
  includeAdministrators?: boolean;
}

export type RecoveryMode = 'evaluation' | 'production';

export type ResolvedProfile = Required<IdentityVerificationProfile>;

/** The limits of the recovery flow, in one place. */
export const recoveryDefaults = {
  /** How long a user has to finish at the provider (document capture and a selfie take minutes). */
  attemptLifetimeMs: 15 * 60_000,
  /** Verifications started per account named, per hour: each one may cost the tenant money. */
  attemptsPerAccountPerHour: 5,
  /** Verifications started from one IP address per hour, whatever accounts it names. */
  attemptsPerAddressPerHour: 20,
  /** The recovery pass lives for the TAP policy's default lifetime and works once. */
  isUsableOnce: true,
} as const;

/** Fills defaults and refuses a profile list Limen could not route (a TypeError at start). */
export function resolveProfiles(profiles: readonly IdentityVerificationProfile[]): Map<string, ResolvedProfile> {
  const resolved = new Map<string, ResolvedProfile>();
  for (const p of profiles) {
    const id = p.verifier.id;
    if (!verifierIdPattern.test(id)) throw new TypeError(`recovery: verifier id '${id}' must be 1 to 32 of a-z, 0-9 and '-'`);
    if (resolved.has(id)) throw new TypeError(`recovery: two profiles use verifier id '${id}'`);
    resolved.set(id, {
      verifier: p.verifier,
      mode: p.mode ?? 'evaluation',
      nameMatching: p.nameMatching ?? 'exact',
      revokePasskeysAndSessions: p.revokePasskeysAndSessions ?? false,
      includeAdministrators: p.includeAdministrators ?? false,
    });
  }
  return resolved;
}
