import { defaultTapPolicy, type TapPolicy } from '../authn/index.ts';
import type { Db } from '../store/index.ts';
import { writeTapPolicyAsLimen } from './tap-policy-change.ts';

/**
 * Limen's Temporary Access Pass policy for a new tenant: Entra's defaults, but **enabled** for
 * all users. Entra ships the policy disabled
 * (https://learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass);
 * Limen differs on purpose, so that the first Global Administrator gets a pass instead of a
 * password and the tenant is passwordless from its first minute. Enabling the policy lets nobody
 * in by itself: a pass must still be issued, by an administrator or by `limen bootstrap-admin`.
 *
 * Only a new tenant gets it, stored and audited at creation. A tenant that never stored a TAP
 * policy (created before this default) keeps reading Entra's disabled default, so an upgrade
 * never turns a method on silently.
 */
export const newTenantTapPolicy = (): TapPolicy => ({ ...defaultTapPolicy(), state: 'enabled' });

/** Writes the new tenant's defaults inside its creating transaction, each change audited as Limen's. */
export async function applyNewTenantDefaults(trx: Db): Promise<void> {
  await writeTapPolicyAsLimen(trx, newTenantTapPolicy(),
    'Limen\'s default for a new tenant (Entra\'s is disabled): the first administrator signs in with a Temporary Access Pass, not a password');
}
