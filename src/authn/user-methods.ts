/**
 * What authn keeps about one user, removed with the user. The directory owns the user row and
 * must not write authn's tables (architecture: no context writes another's tables), so the API's
 * user deletion calls this inside the same transaction: the passkeys, the Temporary Access Pass, the authenticator apps,
 * the user's unfinished passkey registrations and their smart-lockout state go, or nothing does.
 * Every per-user table authn adds belongs here too.
 */
import type { Db } from '../store/index.ts';

/** Deletes every authentication method and authn record of the user; `db` is the caller's transaction. */
export async function deleteAuthenticationMethodsOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('passkeys').where('user_id', '=', userId).execute();
  await db.deleteFrom('temporary_access_passes').where('user_id', '=', userId).execute();
  await db.deleteFrom('software_oath_methods').where('user_id', '=', userId).execute();
  // Registration challenges are bound to the user id (webauthn-challenges.ts); sign-in ones to
  // an interaction, and expire on their own.
  await db.deleteFrom('webauthn_challenges').where('purpose', '=', 'registration').where('binding', '=', userId).execute();
  await db.deleteFrom('sign_in_lockouts').where('subject', '=', userId).execute();
}
