/**
 * Graph's user signInActivity (https://learn.microsoft.com/graph/api/resources/signinactivity):
 * a user's last interactive and non-interactive sign-in attempts, successful or not, and last
 * successful one of either kind. The request ids are the sign-in events' ids, so
 * GET /auditLogs/signIns/{id} finds the event.
 *
 * The sign-in log writer calls `recordUserSignInActivity` with each batch it has written: one
 * row per user, and the stored dates only move forward, so a retried or late batch is harmless.
 */
import { sql } from 'kysely';
import type { Db, UserSignInActivityRow } from '../store/index.ts';
import type { SignIn } from './sign-in.ts';

export interface SignInActivity {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastNonInteractiveSignInRequestId: string | null;
  lastSuccessfulSignInDateTime: string | null;
  lastSuccessfulSignInRequestId: string | null;
}

type ActivityColumns = Omit<UserSignInActivityRow, 'user_id'>;
type DateColumn = 'last_sign_in_date_time' | 'last_non_interactive_sign_in_date_time' | 'last_successful_sign_in_date_time';
const requestIdOf = {
  last_sign_in_date_time: 'last_sign_in_request_id',
  last_non_interactive_sign_in_date_time: 'last_non_interactive_sign_in_request_id',
  last_successful_sign_in_date_time: 'last_successful_sign_in_request_id',
} as const satisfies Record<DateColumn, keyof ActivityColumns>;

/** A person's sign-in, as opposed to an app's own (client credentials) or a managed identity's. */
function isUserSignIn(signIn: SignIn): signIn is SignIn & { userId: string } {
  return signIn.userId !== null &&
    signIn.signInEventTypes.some((t) => t === 'interactiveUser' || t === 'nonInteractiveUser');
}

/** Which of the three dates a sign-in may move. */
function kindsOf(signIn: SignIn): DateColumn[] {
  const kinds: DateColumn[] = [signIn.isInteractive ? 'last_sign_in_date_time' : 'last_non_interactive_sign_in_date_time'];
  if (signIn.status.errorCode === 0) kinds.push('last_successful_sign_in_date_time');
  return kinds;
}

const emptyActivity = (): ActivityColumns => ({
  last_sign_in_date_time: null, last_sign_in_request_id: null,
  last_non_interactive_sign_in_date_time: null, last_non_interactive_sign_in_request_id: null,
  last_successful_sign_in_date_time: null, last_successful_sign_in_request_id: null,
});

/** Each user's latest sign-in of each kind within a batch. */
export function latestPerUser(signIns: readonly SignIn[]): Map<string, ActivityColumns> {
  const latest = new Map<string, ActivityColumns>();
  for (const signIn of signIns) {
    if (!isUserSignIn(signIn)) continue;
    const row = latest.get(signIn.userId) ?? emptyActivity();
    for (const date of kindsOf(signIn)) {
      const current = row[date];
      if (current === null || signIn.createdDateTime > current) {
        row[date] = signIn.createdDateTime;
        row[requestIdOf[date]] = signIn.id;
      }
    }
    latest.set(signIn.userId, row);
  }
  return latest;
}

/** The stored value unless the new one is later; a date and its request id move together. */
function forward(date: DateColumn, column: keyof ActivityColumns) {
  const stored = sql.ref(`user_sign_in_activities.${date}`);
  const incoming = sql.ref(`excluded.${date}`);
  return sql<string | null>`case when ${incoming} is not null and (${stored} is null or ${incoming} > ${stored})
    then ${sql.ref(`excluded.${column}`)} else ${sql.ref(`user_sign_in_activities.${column}`)} end`;
}

/**
 * Moves each user's activity forward to the batch's sign-ins: one multi-row upsert. Users deleted
 * since they signed in are left out (the row would break the foreign key and fail the batch).
 */
export async function recordUserSignInActivity(db: Db, signIns: readonly SignIn[]): Promise<void> {
  const latest = latestPerUser(signIns);
  if (latest.size === 0) return;
  const existing = await db.selectFrom('users').select('id').where('id', 'in', [...latest.keys()]).execute();
  // In id order, so two Limen instances writing batches lock the rows in the same order.
  const rows = existing.map(({ id }) => ({ user_id: id, ...latest.get(id)! }))
    .sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0));
  if (rows.length === 0) return;
  const set: Record<string, ReturnType<typeof forward>> = {};
  for (const date of Object.keys(requestIdOf) as DateColumn[]) {
    // Every SET expression reads the row as it was, so a date and its id compare the same values.
    set[requestIdOf[date]] = forward(date, requestIdOf[date]);
    set[date] = forward(date, date);
  }
  await db.insertInto('user_sign_in_activities').values(rows)
    .onConflict((oc) => oc.column('user_id').doUpdateSet(set))
    .execute();
}

/** The Graph shape; a user with no row has never signed in (every member null). */
export function toSignInActivity(row: Partial<ActivityColumns> | undefined): SignInActivity {
  return {
    lastSignInDateTime: row?.last_sign_in_date_time ?? null,
    lastSignInRequestId: row?.last_sign_in_request_id ?? null,
    lastNonInteractiveSignInDateTime: row?.last_non_interactive_sign_in_date_time ?? null,
    lastNonInteractiveSignInRequestId: row?.last_non_interactive_sign_in_request_id ?? null,
    lastSuccessfulSignInDateTime: row?.last_successful_sign_in_date_time ?? null,
    lastSuccessfulSignInRequestId: row?.last_successful_sign_in_request_id ?? null,
  };
}

/** The activity of these users, by user id (a page of a list, or one user). */
export async function signInActivityOf(db: Db, userIds: readonly string[]): Promise<Map<string, SignInActivity>> {
  const byUser = new Map<string, SignInActivity>();
  if (userIds.length === 0) return byUser;
  const rows = await db.selectFrom('user_sign_in_activities').selectAll()
    .where('user_id', 'in', [...userIds]).execute();
  for (const row of rows) byUser.set(row.user_id, toSignInActivity(row));
  return byUser;
}
