/**
 * Changes Limen makes to the Temporary Access Pass policy by itself (a new tenant's default,
 * `limen bootstrap-admin user --enable-tap`), audited as the API audits an administrator's change:
 * Graph's 'Authentication Methods Policy Update' in the Policy category, with the changed
 * properties, but initiated by Limen (no user, no app).
 */
import { modifiedProperties } from '../api/routes/audit-entry.ts';
import { readTapPolicy, tapPolicyTargets, writeTapPolicy, type TapPolicy } from '../authn/index.ts';
import { recordAudit } from '../logs/index.ts';
import type { Directory, User } from '../directory/index.ts';
import type { Db } from '../store/index.ts';

export async function writeTapPolicyAsLimen(db: Db, after: TapPolicy, reason: string): Promise<void> {
  const before = await readTapPolicy(db);
  await writeTapPolicy(db, after);
  await recordAudit(db, {
    category: 'Policy',
    activityDisplayName: 'Authentication Methods Policy Update',
    operationType: 'Update',
    initiatedBy: {},
    targetResources: [{
      id: 'TemporaryAccessPass',
      displayName: 'Temporary Access Pass',
      type: 'Policy',
      modifiedProperties: modifiedProperties(before, after),
    }],
    additionalDetails: [{ key: 'reason', value: reason }],
  });
}

const member = (groupIds: readonly string[]) => (id: string) => id === 'all_users' || groupIds.includes(id);

/**
 * Why the policy would refuse a pass for a user in these groups, in words for the operator
 * (empty when it covers the user). Same rules as tapPolicyTargets: disabled, or an exclusion
 * that applies (exclusion wins), or no inclusion that applies.
 */
export function tapPolicyGaps(policy: TapPolicy, groupIds: readonly string[], groupName: (id: string) => string): string[] {
  const applies = member(groupIds);
  const gaps: string[] = [];
  if (policy.state !== 'enabled') gaps.push('the policy is disabled');
  for (const t of policy.excludeTargets.filter((x) => applies(x.id))) gaps.push(`it excludes ${groupName(t.id)}`);
  if (!policy.includeTargets.some((x) => applies(x.id))) gaps.push('none of its include targets covers the user');
  return gaps;
}

/**
 * The policy changed just enough to cover the user: enabled, the exclusions that apply to the
 * user removed, and all users included when no inclusion applies (Graph targets groups only, so
 * one user cannot be included alone). Each change also affects the other members of those
 * groups, which is why `bootstrap-admin user` makes it only when asked to.
 */
export function coverUserWithTapPolicy(policy: TapPolicy, groupIds: readonly string[], groupName: (id: string) => string): { policy: TapPolicy; changes: string[] } {
  const applies = member(groupIds);
  const changes: string[] = [];
  const after: TapPolicy = { ...policy, includeTargets: [...policy.includeTargets], excludeTargets: [] };
  if (policy.state !== 'enabled') {
    after.state = 'enabled';
    changes.push('enabled the policy');
  }
  for (const t of policy.excludeTargets) {
    if (applies(t.id)) changes.push(`removed the exclusion of ${groupName(t.id)}`);
    else after.excludeTargets.push(t);
  }
  if (!policy.includeTargets.some((t) => applies(t.id))) {
    after.includeTargets.push({ targetType: 'group', id: 'all_users', isRegistrationRequired: false });
    changes.push('included all users');
  }
  if (!tapPolicyTargets(after, groupIds)) throw new Error('the widened Temporary Access Pass policy still does not cover the user');
  return { policy: after, changes };
}

/** The TAP policy would refuse the user's pass, and the caller did not ask to change it. */
export class TapPolicyRefusesBootstrap extends Error {
  override name = 'TapPolicyRefusesBootstrap';
}

/**
 * A break-glass pass the sign-in page would refuse is worse than none, so the policy must cover
 * the user. When it does not (an admin disabled the method, or excluded a group the user is in),
 * the command stops and says why, unless `enableTap` asks it to change the policy: that change
 * reaches every member of the groups concerned (and revives their unexpired passes), so it is
 * made only on request, audited, and reported.
 */
export async function ensureTapPolicyCovers(trx: Db, dir: Directory, user: User | undefined, upn: string, enableTap: boolean): Promise<string[]> {
  const policy = await readTapPolicy(trx);
  const groupIds = user ? await dir.groups.transitiveGroupIds(user.id) : [];
  const names = new Map<string, string>([['all_users', 'all users']]);
  for (const id of [...policy.includeTargets, ...policy.excludeTargets].map((t) => t.id)) {
    if (!names.has(id)) names.set(id, `group '${(await dir.groups.get(id))?.displayName ?? id}'`);
  }
  const groupName = (id: string) => names.get(id) ?? id;
  const gaps = tapPolicyGaps(policy, groupIds, groupName);
  if (gaps.length === 0) return [];
  if (!enableTap) {
    throw new TapPolicyRefusesBootstrap(
      `The Temporary Access Pass policy would refuse a pass for ${upn}: ${gaps.join('; ')}. ` +
      'Run again with --enable-tap to change the policy just enough to cover this user (audited), ' +
      'or change it through the API.',
    );
  }
  const { policy: after, changes } = coverUserWithTapPolicy(policy, groupIds, groupName);
  await writeTapPolicyAsLimen(trx, after, `limen bootstrap-admin user --enable-tap for ${upn}: ${changes.join('; ')}`);
  return changes;
}
