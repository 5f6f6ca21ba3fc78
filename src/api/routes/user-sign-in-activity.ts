/**
 * signInActivity on /users (https://learn.microsoft.com/graph/api/resources/signinactivity):
 * returned only when `$select` names it, and, as in Graph, reading, filtering or sorting on it
 * needs AuditLog.Read.All besides the route's own permission (it is sign-in log data).
 */
import type { User } from '../../directory/index.ts';
import { signInActivityOf, toSignInActivity, type SignInActivity } from '../../logs/index.ts';
import type { FilterNode, ListQuery } from '../../odata/index.ts';
import { authorize, requires, type Caller } from '../authorization.ts';
import { Permission } from '../permissions.ts';
import type { GraphDeps } from './graph-deps.ts';

const isActivityPath = (path: string) => path.toLowerCase().startsWith('signinactivity/');

function filterReads(node: FilterNode | undefined): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.operands.some(filterReads);
    case 'not':
      return filterReads(node.operand);
    case 'lambda':
      return isActivityPath(node.collection.path) || filterReads(node.predicate);
    default:
      return isActivityPath(node.property.path);
  }
}

/** Whether the list must join user_sign_in_activities: its filter or order reads a date. */
export function filtersOnSignInActivity(listQuery: ListQuery): boolean {
  return filterReads(listQuery.filter) || listQuery.orderBy.some((item) => isActivityPath(item.property));
}

export function selectsSignInActivity(select: readonly string[] | undefined): boolean {
  return select?.includes('signInActivity') ?? false;
}

/** 403 unless the caller may read sign-in activity (AuditLog.Read.All, or a role that holds it). */
export function authorizeSignInActivity(caller: Caller): void {
  authorize(caller, requires(Permission.AuditLogReadAll));
}

/** The users with their signInActivity, one query for the whole page. */
export async function withSignInActivity(
  deps: GraphDeps,
  users: readonly User[],
): Promise<Array<User & { signInActivity: SignInActivity }>> {
  const byUser = await signInActivityOf(deps.db, users.map((u) => u.id));
  return users.map((user) => ({ ...user, signInActivity: byUser.get(user.id) ?? toSignInActivity(undefined) }));
}
