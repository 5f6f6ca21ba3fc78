/**
 * Loads what the registration report needs with one query per table, whatever the number of
 * users (no query per user): enabled users, their passkeys, verified authenticator apps,
 * Temporary Access Passes, directory role assignments and group memberships, and the method
 * policies. Disabled users are left out, as in Graph's report.
 */
import type { Db } from '../store/index.ts';
import { readFido2Policy } from './passkey-policy.ts';
import { registrationDetailsOf, type RegistrationInput } from './registration-details.ts';
import type { SummaryRow } from './registration-summaries.ts';
import { readSoftwareOathPolicy } from './software-oath-policy.ts';

/**
 * Every enabled user's report row (or only `userId`'s; empty when it names no enabled user),
 * ordered by id, as of `now`.
 */
export async function loadRegistrationRows(db: Db, now: Date, userId?: string): Promise<SummaryRow[]> {
  const one = userId !== undefined;
  const users = await db.selectFrom('users')
    .select((eb) => [
      'id', 'user_principal_name', 'display_name', 'user_type',
      // Whether a password is set, without reading the hash.
      eb.case().when('password_hash', 'is', null).then(0).else(1).end().as('has_password'),
    ])
    .where('account_enabled', '=', 1)
    .$if(one, (q) => q.where('id', '=', userId!))
    .orderBy('id')
    .execute();
  if (users.length === 0) return [];

  const [passkeys, oath, taps, roles, memberships, fido2, softwareOath] = await Promise.all([
    db.selectFrom('passkeys').select(['user_id', 'aaguid', 'backup_eligible', 'attestation_level'])
      .$if(one, (q) => q.where('user_id', '=', userId!)).execute(),
    db.selectFrom('software_oath_methods').select((eb) => ['user_id', eb.fn.countAll().as('apps')])
      .where('verified', '=', 1).$if(one, (q) => q.where('user_id', '=', userId!)).groupBy('user_id').execute(),
    db.selectFrom('temporary_access_passes').select(['user_id', 'start_date_time', 'lifetime_in_minutes', 'is_usable_once', 'used_at'])
      .$if(one, (q) => q.where('user_id', '=', userId!)).execute(),
    db.selectFrom('role_assignments').select(['principal_id', 'role_definition_id']).execute(),
    // Groups in groups, and users in groups: all of them, as roles and policies may name any group.
    db.selectFrom('group_members').select(['group_id', 'member_id']).where('member_type', 'in', ['user', 'group']).execute(),
    readFido2Policy(db),
    readSoftwareOathPolicy(db),
  ]);

  const groupsOf = transitiveGroups(memberships);
  const rolesOf = group(roles, (r) => r.principal_id, (r) => r.role_definition_id);
  const passkeysOf = group(passkeys, (p) => p.user_id, (p) => ({
    aaGuid: p.aaguid, backupEligible: Number(p.backup_eligible) === 1, attested: p.attestation_level === 'attested',
  }));
  const appsOf = new Map(oath.map((o) => [o.user_id, Number(o.apps)]));
  const tapOf = new Map(taps.map((t) => [t.user_id, {
    startDateTime: t.start_date_time, lifetimeInMinutes: Number(t.lifetime_in_minutes),
    isUsableOnce: Number(t.is_usable_once) === 1, usedAt: t.used_at,
  }]));

  return users.map((u) => {
    const groupIds = groupsOf(u.id);
    const roleIds = new Set([u.id, ...groupIds].flatMap((id) => rolesOf.get(id) ?? []));
    const input: RegistrationInput = {
      id: u.id,
      userPrincipalName: u.user_principal_name,
      displayName: u.display_name,
      userType: u.user_type,
      hasPassword: Number(u.has_password) === 1,
      passkeys: passkeysOf.get(u.id) ?? [],
      oathApps: appsOf.get(u.id) ?? 0,
      tap: tapOf.get(u.id),
      roleIds,
      groupIds,
    };
    return { details: registrationDetailsOf(input, { fido2, softwareOath }, now), roleIds, hasPassword: input.hasPassword };
  });
}

function group<T, V>(rows: readonly T[], key: (row: T) => string, value: (row: T) => V): Map<string, V[]> {
  const map = new Map<string, V[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(value(row));
    else map.set(key(row), [value(row)]);
  }
  return map;
}

/** Each member's groups, through nested groups; a cycle in old data ends the walk. */
function transitiveGroups(rows: ReadonlyArray<{ group_id: string; member_id: string }>): (memberId: string) => string[] {
  const parents = group(rows, (r) => r.member_id, (r) => r.group_id);
  return (memberId) => {
    const seen = new Set<string>();
    const pending = [...(parents.get(memberId) ?? [])];
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      pending.push(...(parents.get(next) ?? []));
    }
    return [...seen];
  };
}
