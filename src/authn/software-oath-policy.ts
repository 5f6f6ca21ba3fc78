/**
 * The policies of the two knowledge-based methods, in Graph's authenticationMethodConfiguration
 * shape: `softwareOath` (authenticator apps, RFC 6238 TOTP) as Graph's
 * softwareOathAuthenticationMethodConfiguration, and `password`, which Graph does not have
 * (Entra's password is always on); Limen adds it so a tenant can go passwordless for some groups.
 * @see https://learn.microsoft.com/graph/api/resources/softwareoathauthenticationmethodconfiguration
 */
import type { Db } from '../store/index.ts';
import { allUsersTarget, type MethodExcludeTarget, type MethodIncludeTarget } from './method-targets.ts';
import { readPolicySetting, writePolicySetting } from './policy-setting.ts';

export interface SoftwareOathPolicy {
  id: 'SoftwareOath';
  state: 'enabled' | 'disabled';
  includeTargets: MethodIncludeTarget[];
  excludeTargets: MethodExcludeTarget[];
}

export interface PasswordMethodPolicy {
  id: 'Password';
  state: 'enabled' | 'disabled';
  includeTargets: MethodIncludeTarget[];
  excludeTargets: MethodExcludeTarget[];
}

/**
 * Limen's default: authenticator apps on for all users, so anyone who still signs in with a
 * password can add a second factor themselves (Entra ships it disabled, as its own Authenticator
 * app covers the need).
 */
export const defaultSoftwareOathPolicy = (): SoftwareOathPolicy => ({
  id: 'SoftwareOath', state: 'enabled', includeTargets: [allUsersTarget()], excludeTargets: [],
});

/** Passwords stay on for everyone, as in Entra, until an admin turns them off for some groups. */
export const defaultPasswordMethodPolicy = (): PasswordMethodPolicy => ({
  id: 'Password', state: 'enabled', includeTargets: [allUsersTarget()], excludeTargets: [],
});

const softwareOathKey = 'authn.policy.softwareOath';
const passwordKey = 'authn.policy.password';

export const readSoftwareOathPolicy = (db: Db) => readPolicySetting(db, softwareOathKey, defaultSoftwareOathPolicy);
export const writeSoftwareOathPolicy = (db: Db, p: SoftwareOathPolicy) => writePolicySetting(db, softwareOathKey, p);
export const readPasswordMethodPolicy = (db: Db) => readPolicySetting(db, passwordKey, defaultPasswordMethodPolicy);
export const writePasswordMethodPolicy = (db: Db, p: PasswordMethodPolicy) => writePolicySetting(db, passwordKey, p);
