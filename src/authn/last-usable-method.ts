/**
 * The guard that keeps people from locking themselves out: a user may delete one of their own
 * passkeys only while another way to sign in remains. Shared by My Security Info (`/my`) and
 * the Graph self-service routes (`/me/authentication/...`), so both refuse the same deletions.
 * Administrators are not held to it (they delete a lost key and issue a Temporary Access Pass).
 */
import { createDirectory } from '../directory/index.ts';
import type { Db } from '../store/index.ts';
import { passkeyMetadata, type PasskeyMetadata } from './passkey-metadata.ts';
import { decidePasskey, readFido2Policy } from './passkey-policy.ts';
import { createPasskeyRepository } from './passkey.repository.ts';
import { passkeyTraits } from './passkeys.ts';
import { methodPolicyTargets } from './method-targets.ts';
import { readPasswordMethodPolicy } from './software-oath-policy.ts';
import { createTapRepository, readTapPolicy, tapPolicyTargets, tapUsability } from './temporary-access-pass.ts';

/**
 * Whether the user could still sign in without this passkey: a password the policy allows, another passkey the
 * policy and the FIDO metadata would let them sign in with today, or a usable Temporary Access Pass.
 */
export async function hasOtherUsableMethod(
  db: Db,
  userId: string,
  passkeyId: string,
  metadata: PasskeyMetadata = passkeyMetadata,
): Promise<boolean> {
  const directory = createDirectory(db);
  const groups = await directory.groups.transitiveGroupIds(userId);
  const credentials = await directory.users.getCredentials(userId);
  // A password counts only while the password method policy lets this user sign in with it.
  if (credentials?.passwordHash && methodPolicyTargets(await readPasswordMethodPolicy(db), groups)) return true;
  const policy = await readFido2Policy(db);
  const others = (await createPasskeyRepository(db).listForUser(userId)).filter((p) => p.id !== passkeyId);
  const usable = others.some((p) => !metadata.refusalFor(p.aaGuid) && decidePasskey(policy, groups, passkeyTraits(p), 'signIn').allowed);
  if (usable) return true;
  const tap = await createTapRepository(db).getForUser(userId);
  return Boolean(tap && tapUsability(tap, tapPolicyTargets(await readTapPolicy(db), groups), new Date()) === 'EnabledByPolicy');
}

/** What a person is told when the guard refuses: the same words on every surface. */
export const lastMethodRefusal = 'This is the last way you can sign in, so it can’t be deleted. Add another passkey first.';
