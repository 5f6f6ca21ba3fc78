/**
 * The lockout guard: a policy change is refused, with the reason, when it would leave every
 * active Global Administrator, an emergency access account, or the administrator making it, with
 * no way to sign in to the
 * admin surface that the policies allow. "No way" is judged by each person's real methods: every
 * passkey they hold, a password with an authenticator app, a password alone, a usable Temporary
 * Access Pass. The seed material's warning: a wrong policy locks out staff, volunteers or every
 * admin. `overrideLockoutGuard=true` proceeds anyway (audited). Warnings never refuse: they say
 * what the portal's "Don't lock yourself out!" banner says, about the policy as written.
 */
import {
  createPasskeyRepository, createSoftwareOathRepository, createTapRepository, methodPolicyTargets, readPasswordMethodPolicy,
  readTapPolicy, tapPolicyTargets, tapUsability, type MethodsUsed,
} from '../../authn/index.ts';
import { evaluate, listEmergencyAccessIds, loadCompiledPolicies, userSubject, type ConditionalAccessPolicy } from '../../conditional-access/index.ts';
import { createRiskRepository } from '../../identity-protection/index.ts';
import { managementApi, roleTemplateIds, type Directory, type User } from '../../directory/index.ts';
import type { Db } from '../../store/index.ts';
import type { Caller } from '../authorization.ts';

/** Each way this person could sign in today, as the methods the session would then have. */
async function waysToSignIn(db: Db, dir: Directory, user: User): Promise<Array<{ label: string; methods: MethodsUsed }>> {
  const ways: Array<{ label: string; methods: MethodsUsed }> = [];
  for (const p of await createPasskeyRepository(db).listForUser(user.id)) {
    ways.push({ label: `passkey '${p.displayName}'`, methods: { modes: ['fido2'], passkey: { aaGuid: p.aaGuid, passkeyType: p.backupEligible ? 'synced' : 'deviceBound' } } });
  }
  const groups = await dir.groups.transitiveGroupIds(user.id);
  const credentials = await dir.users.getCredentials(user.id);
  if (credentials?.passwordHash && methodPolicyTargets(await readPasswordMethodPolicy(db), groups)) {
    if ((await createSoftwareOathRepository(db).listForUser(user.id)).length) ways.push({ label: 'password and authenticator app', methods: { modes: ['password', 'softwareOath'] } });
    ways.push({ label: 'password', methods: { modes: ['password'] } });
  }
  const tap = await createTapRepository(db).getForUser(user.id);
  if (tap && tapUsability(tap, tapPolicyTargets(await readTapPolicy(db), groups), new Date()) === 'EnabledByPolicy') {
    ways.push({ label: 'Temporary Access Pass', methods: { modes: [tap.isUsableOnce ? 'temporaryAccessPassOneTime' : 'temporaryAccessPassMultiUse'] } });
  }
  return ways;
}

/** Whether `user` could still sign in to the management API under `policies`, from anywhere. */
async function canGetIn(db: Db, dir: Directory, user: User, compiled: Awaited<ReturnType<typeof loadCompiledPolicies>>): Promise<boolean> {
  // With their risk: a "block high-risk users" policy locks out an administrator confirmed compromised.
  const subject = await userSubject(dir, user, await createRiskRepository(db).riskOf('user', user.id));
  for (const way of await waysToSignIn(db, dir, user)) {
    const result = evaluate(compiled, {
      subject, target: { kind: 'application', appId: managementApi.appId }, clientAppType: 'browser', session: { methods: way.methods }, interactive: true,
    });
    if (result.decision.action === 'allow') return true;
  }
  return false;
}

/**
 * Why saving `changes` (one policy, or an imported set) would lock administrators out, or
 * undefined. Only enabled policies can (report-only and disabled ones are never enforced).
 * Call it before the changes are stored: "before" is what the store holds.
 */
export async function lockoutRefusal(
  db: Db, dir: Directory, caller: Caller, changes: ConditionalAccessPolicy | readonly ConditionalAccessPolicy[],
): Promise<string | undefined> {
  const changed = Array.isArray(changes) ? changes : [changes as ConditionalAccessPolicy];
  if (!changed.some((p) => p.state === 'enabled')) return undefined;
  const [before, after] = await Promise.all([loadCompiledPolicies(db), loadCompiledPolicies(db, changed)]);
  // Only a lockout this change causes: someone who cannot sign in today is not the change's doing.
  const losesAccess = async (user: User) => (await canGetIn(db, dir, user, before)) && !(await canGetIn(db, dir, user, after));
  for (const id of await listEmergencyAccessIds(db)) {
    const account = await dir.users.get(id);
    if (account?.accountEnabled && await losesAccess(account)) {
      return `This change would lock out the emergency access account ${account.userPrincipalName}: none of its ways to sign in would ` +
        'satisfy the enabled policies. Exclude it from the policy (Microsoft recommends excluding emergency access accounts from every policy).';
    }
  }
  if (caller.kind === 'user') {
    const me = await dir.users.get(caller.id);
    if (me?.accountEnabled && await losesAccess(me)) {
      return `This change would lock you (${me.userPrincipalName}) out: none of your ways to sign in would satisfy the enabled policies. ` +
        'Exclude yourself or an emergency access group, add a passkey first, or save it in report-only mode (enabledForReportingButNotEnforced).';
    }
  }
  const admins: User[] = [];
  for (const a of await dir.assignments.listRoleAssignments({ roleDefinitionId: roleTemplateIds.globalAdministrator })) {
    const user = await dir.users.get(a.principalId);
    if (user?.accountEnabled && await canGetIn(db, dir, user, before)) admins.push(user);
  }
  if (admins.length === 0) return undefined;
  for (const admin of admins) if (await canGetIn(db, dir, admin, after)) return undefined;
  return `This change would lock out every active Global Administrator (${admins.map((a) => a.userPrincipalName).join(', ')}): ` +
    'none of their ways to sign in would satisfy the enabled policies. Exclude an emergency access group, or try it in report-only mode first.';
}

const hasAny = (list: readonly string[] | undefined) => Boolean(list && list.length);

/**
 * What to warn about in one policy as written, whatever its state (a report-only policy is
 * switched on later): blocking all users from all resources with no exclusions at all, and
 * applying to an emergency access account without excluding it.
 */
export async function lockoutWarnings(db: Db, dir: Directory, policy: ConditionalAccessPolicy): Promise<string[]> {
  if (policy.state === 'disabled') return [];
  const warnings: string[] = [];
  const users = policy.conditions.users;
  const apps = policy.conditions.applications;
  const blocks = policy.grantControls?.builtInControls.includes('block') ?? false;
  const excludesSomeone = hasAny(users?.excludeUsers) || hasAny(users?.excludeGroups) || hasAny(users?.excludeRoles) || Boolean(users?.excludeGuestsOrExternalUsers);
  if (blocks && users?.includeUsers.includes('All') && !excludesSomeone && apps?.includeApplications.includes('All') && !hasAny(apps.excludeApplications)) {
    warnings.push(`'${policy.displayName}' blocks all users from all resources and excludes nobody: switched on, it stops every sign-in, ` +
      'administrators and emergency access accounts included. Exclude your emergency access accounts.');
  }
  for (const id of await listEmergencyAccessIds(db)) {
    const account = await dir.users.get(id);
    if (!account || !users) continue;
    const subject = await userSubject(dir, account);
    const inAny = (ids: readonly string[], held: ReadonlySet<string> | readonly string[]) => ids.some((x) => (held instanceof Set ? held.has(x) : (held as readonly string[]).includes(x)));
    const excluded = users.excludeUsers.includes(id) || inAny(users.excludeGroups, subject.groupIds) || inAny(users.excludeRoles, subject.roleTemplateIds);
    const included = users.includeUsers.includes('All') || users.includeUsers.includes(id) || inAny(users.includeGroups, subject.groupIds) || inAny(users.includeRoles, subject.roleTemplateIds);
    if (included && !excluded) {
      warnings.push(`'${policy.displayName}' applies to the emergency access account ${account.userPrincipalName}; Microsoft recommends excluding emergency access accounts from every policy.`);
    }
  }
  return warnings;
}
