import { sql, type Kysely } from 'kysely';

/**
 * Graph's user signInActivity: each user's last interactive, non-interactive and successful
 * sign-in, kept up to date by the sign-in log writer (logs/user-sign-in-activity.ts) so finding
 * inactive accounts is an indexed range query, not a scan of the log. Removed with the user.
 *
 * Filled here from the sign-in log already written, so an upgraded tenant keeps its history.
 * The log's `data` is JSON.stringify output, where a member name with its quotes cannot occur
 * inside a string value (those quotes would be escaped), so LIKE on it is exact on both engines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('user_sign_in_activities')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('last_sign_in_date_time', 'text')
    .addColumn('last_sign_in_request_id', 'text')
    .addColumn('last_non_interactive_sign_in_date_time', 'text')
    .addColumn('last_non_interactive_sign_in_request_id', 'text')
    .addColumn('last_successful_sign_in_date_time', 'text')
    .addColumn('last_successful_sign_in_request_id', 'text')
    .execute();
  for (const column of ['last_sign_in_date_time', 'last_non_interactive_sign_in_date_time', 'last_successful_sign_in_date_time']) {
    await db.schema.createIndex(`user_sign_in_activities_${column.replace(/_date_time$/, '')}`)
      .on('user_sign_in_activities').column(column).execute();
  }
  await backfillUserSignInActivity(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_sign_in_activities').execute();
}

/** A user's own sign-in (not an app's), as the writer counts it. */
const ofUser = sql`s.user_id = user_sign_in_activities.user_id
  and (s.data like '%"interactiveUser"%' or s.data like '%"nonInteractiveUser"%')`;
const interactive = sql`s.data like '%"isInteractive":true%'`;
const nonInteractive = sql`s.data like '%"isInteractive":false%'`;
const successful = sql`s.error_code = 0`;

/** Each user's latest sign-in of each kind, from the log. Exported for its test. */
export async function backfillUserSignInActivity(db: Kysely<unknown>): Promise<void> {
  await sql`insert into user_sign_in_activities (user_id)
    select u.id from users u
    where exists (select 1 from sign_ins s where s.user_id = u.id)
      and not exists (select 1 from user_sign_in_activities a where a.user_id = u.id)`.execute(db);
  const latest = (kind: ReturnType<typeof sql>) =>
    sql`(select s.id from sign_ins s where ${ofUser} and ${kind}
      order by s.created_date_time desc, s.id desc limit 1)`;
  const at = (kind: ReturnType<typeof sql>) =>
    sql`(select s.created_date_time from sign_ins s where s.id = ${latest(kind)})`;
  await sql`update user_sign_in_activities set
    last_sign_in_request_id = ${latest(interactive)},
    last_sign_in_date_time = ${at(interactive)},
    last_non_interactive_sign_in_request_id = ${latest(nonInteractive)},
    last_non_interactive_sign_in_date_time = ${at(nonInteractive)},
    last_successful_sign_in_request_id = ${latest(successful)},
    last_successful_sign_in_date_time = ${at(successful)}`.execute(db);
}
