/**
 * Graph's authenticationMethodConfiguration targeting, shared by the method policies: a method
 * is on for a user when its state is `enabled`, an include target names `all_users` or one of
 * the user's groups (transitively), and no exclude target does. Exclusion always wins.
 * @see https://learn.microsoft.com/graph/api/resources/authenticationmethodconfiguration
 */
export interface MethodIncludeTarget { targetType: 'group'; id: string; isRegistrationRequired: boolean }
export interface MethodExcludeTarget { targetType: 'group'; id: string }

export interface TargetedMethodPolicy {
  state: 'enabled' | 'disabled';
  includeTargets: ReadonlyArray<{ id: string }>;
  excludeTargets: ReadonlyArray<{ id: string }>;
}

export function methodPolicyTargets(policy: TargetedMethodPolicy, groupIds: readonly string[]): boolean {
  if (policy.state !== 'enabled') return false;
  const member = (id: string) => id === 'all_users' || groupIds.includes(id);
  if (policy.excludeTargets.some((t) => member(t.id))) return false;
  return policy.includeTargets.some((t) => member(t.id));
}

export const allUsersTarget = (): MethodIncludeTarget => ({ targetType: 'group', id: 'all_users', isRegistrationRequired: false });
