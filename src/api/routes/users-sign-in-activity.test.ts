import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { SignInLog, signInStatus } from '../../logs/index.ts';
import { toSignIn, toSignInRow, type SignInInput } from '../../logs/sign-in.ts';
import { recordUserSignInActivity } from '../../logs/user-sign-in-activity.ts';
import { backfillUserSignInActivity } from '../../store/migrations/0013-user-sign-in-activity.ts';
import { expectDenied, expectStatus, filter, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

for (const engine of testEngines()) {
  describe(`/v1.0/users signInActivity on ${engine}`, () => {
    let server: GraphTestServer;
    let log: SignInLog;
    before(async () => {
      server = await startGraphServer(engine);
      log = new SignInLog(server.db, { flushMs: 60_000 });
    });
    after(async () => {
      await log.close();
      await server.close();
    });

    const createUser = async (name: string) => {
      const body = { accountEnabled: true, displayName: name, userPrincipalName: `${name}@limen.test` };
      return (expectStatus(await server.post('/v1.0/users', 'admin', body), 201) as { id: string }).id;
    };
    /** Through the writer the provider uses. */
    const signIn = async (input: SignInInput) => {
      const event = log.record(input);
      await log.flush();
      return event;
    };
    /** An event from the past, written as the writer writes a batch. */
    const signedInAt = async (when: Date, input: SignInInput) => {
      const event = toSignIn(input, when);
      await server.db.insertInto('sign_ins').values(toSignInRow(event)).execute();
      await recordUserSignInActivity(server.db, [event]);
      return event;
    };
    const activityOf = async (id: string, token = 'admin') =>
      expectStatus(await server.get(`/v1.0/users/${id}?$select=id,signInActivity`, token), 200).signInActivity;

    it('a successful interactive sign-in sets the last sign-in and last successful sign-in, with its id', async () => {
      const id = await createUser('ivy');
      const event = await signIn({ userId: id });
      assert.deepEqual(await activityOf(id), {
        lastSignInDateTime: event.createdDateTime,
        lastSignInRequestId: event.id,
        lastNonInteractiveSignInDateTime: null,
        lastNonInteractiveSignInRequestId: null,
        lastSuccessfulSignInDateTime: event.createdDateTime,
        lastSuccessfulSignInRequestId: event.id,
      });
    });

    it('a failed sign-in moves the last sign-in but not the last successful one', async () => {
      const id = await createUser('fay');
      const ok = await signedInAt(daysAgo(2), { userId: id });
      const failed = await signIn({ userId: id, status: signInStatus('invalidUsernameOrPassword') });
      const activity = await activityOf(id);
      assert.equal(activity.lastSignInRequestId, failed.id);
      assert.equal(activity.lastSuccessfulSignInRequestId, ok.id);
      assert.equal(activity.lastSuccessfulSignInDateTime, ok.createdDateTime);
    });

    it('a non-interactive sign-in (a refresh) goes to its own date, not the interactive one', async () => {
      const id = await createUser('nia');
      const interactive = await signedInAt(daysAgo(3), { userId: id });
      const refresh = await signIn({ userId: id, signInEventTypes: ['nonInteractiveUser'] });
      const activity = await activityOf(id);
      assert.equal(activity.lastSignInRequestId, interactive.id);
      assert.equal(activity.lastNonInteractiveSignInRequestId, refresh.id);
      assert.equal(activity.lastNonInteractiveSignInDateTime, refresh.createdDateTime);
      assert.equal(activity.lastSuccessfulSignInRequestId, refresh.id);
    });

    it('an older sign-in written late does not move the dates back; an app sign-in is no user activity', async () => {
      const id = await createUser('oli');
      const recent = await signIn({ userId: id });
      await signedInAt(daysAgo(10), { userId: id });
      await signIn({ userId: id, signInEventTypes: ['servicePrincipal'], isInteractive: false });
      const activity = await activityOf(id);
      assert.equal(activity.lastSignInRequestId, recent.id);
      assert.equal(activity.lastNonInteractiveSignInDateTime, null);
    });

    it('a sign-in of a user deleted before the write does not hold up the batch', async () => {
      const gone = await createUser('gone');
      const kept = await createUser('kept');
      log.record({ userId: gone });
      expectStatus(await server.delete(`/v1.0/users/${gone}`, 'admin'), 204);
      const event = await signIn({ userId: kept });
      assert.equal(log.pending, 0);
      assert.equal((await activityOf(kept)).lastSignInRequestId, event.id);
    });

    it('signInActivity is returned only when $select names it', async () => {
      const id = await createUser('sel');
      const user = expectStatus(await server.get(`/v1.0/users/${id}`, 'admin'), 200);
      assert.equal('signInActivity' in user, false);
      const list = expectStatus(await server.get('/v1.0/users?$top=5', 'admin'), 200);
      assert.equal(list.value.some((u: object) => 'signInActivity' in u), false);
    });

    it('finds users inactive for 90 days and those who never signed in, in the database, page by page', async () => {
      const stale = await createUser('stale');
      const never = await createUser('never');
      const active = await createUser('active');
      await signedInAt(daysAgo(100), { userId: stale });
      await signIn({ userId: active });
      const cutoff = daysAgo(90).toISOString();
      const query = `signInActivity/lastSignInDateTime le ${cutoff} or signInActivity/lastSignInDateTime eq null`;
      let next: string | undefined = `/v1.0/users?${filter(query)}&$select=id,signInActivity&$top=2&$count=true`;
      const found: string[] = [];
      let count: number | undefined;
      while (next) {
        const page = expectStatus(await server.get(next, 'admin'), 200);
        assert.ok(page.value.length <= 2);
        count ??= page['@odata.count'];
        found.push(...page.value.map((u: { id: string }) => u.id));
        next = page['@odata.nextLink'];
      }
      assert.ok(found.includes(stale) && found.includes(never));
      assert.ok(!found.includes(active));
      assert.equal(count, found.length);
      assert.equal(new Set(found).size, found.length);

      const signedIn = expectStatus(await server.get(`/v1.0/users?${filter(`signInActivity/lastSuccessfulSignInDateTime ge ${cutoff}`)}`, 'admin'), 200);
      assert.ok(signedIn.value.some((u: { id: string }) => u.id === active));
      assert.ok(!signedIn.value.some((u: { id: string }) => u.id === stale || u.id === never));
    });

    it('sorts on the last sign-in, those who never signed in last when descending', async () => {
      const page = expectStatus(await server.get('/v1.0/users?$orderby=signInActivity/lastSignInDateTime desc&$select=id,signInActivity&$top=999', 'admin'), 200);
      const dates: Array<string | null> = page.value.map((u: any) => u.signInActivity.lastSignInDateTime);
      const signedIn = dates.filter((d): d is string => d !== null);
      assert.deepEqual(signedIn, [...signedIn].sort().reverse());
      assert.deepEqual(dates.slice(signedIn.length), dates.filter((d) => d === null));
    });

    it('needs AuditLog.Read.All to select, filter or sort on signInActivity (403), as Graph does', async () => {
      const id = await createUser('perm');
      expectStatus(await server.get(`/v1.0/users/${id}`, 'appUserRead'), 200);
      expectDenied(await server.get(`/v1.0/users/${id}?$select=signInActivity`, 'appUserRead'));
      expectDenied(await server.get('/v1.0/users?$select=id,signInActivity', 'appUserRead'));
      expectDenied(await server.get(`/v1.0/users?${filter('signInActivity/lastSignInDateTime eq null')}`, 'appUserRead'));
      expectDenied(await server.get('/v1.0/users?$orderby=signInActivity/lastSignInDateTime', 'appUserRead'));
    });

    it('rejects filters signInActivity does not support with a 400 naming the problem', async () => {
      for (const text of [
        "signInActivity/lastSignInRequestId eq 'x'",
        "startswith(signInActivity/lastSignInDateTime,'2020')",
        "signInActivity/lastSignInDateTime le 'yesterday'",
        'signInActivity/lastSignInDateTime gt null',
      ]) {
        const result = await server.get(`/v1.0/users?${filter(text)}`, 'admin');
        assert.equal(result.status, 400, text);
        assert.ok(result.json.error.message.length > 0, text);
      }
    });

    it('the migration fills the activity from the sign-in log already written', async () => {
      const id = await createUser('old');
      const first = await signedInAt(daysAgo(30), { userId: id });
      const failed = await signedInAt(daysAgo(20), { userId: id, status: signInStatus('invalidUsernameOrPassword') });
      const refresh = await signedInAt(daysAgo(35), { userId: id, signInEventTypes: ['nonInteractiveUser'] });
      await signedInAt(daysAgo(5), { userId: null, appId: 'x', signInEventTypes: ['servicePrincipal'] });
      const written = await activityOf(id);
      await server.db.deleteFrom('user_sign_in_activities').execute();
      assert.equal((await activityOf(id)).lastSignInDateTime, null);

      await backfillUserSignInActivity(server.db as never);
      assert.deepEqual(await activityOf(id), written);
      assert.equal(written.lastSignInRequestId, failed.id);
      assert.equal(written.lastSuccessfulSignInRequestId, first.id);
      assert.equal(written.lastNonInteractiveSignInRequestId, refresh.id);
    });
  });
}
