/**
 * Account recovery (`/recover`): the way back for a user who lost every sign-in method. The
 * built-in path is an administrator issuing a Temporary Access Pass (authn); this context adds
 * the self-service path of Entra's account recovery with Verified ID (design/authentication-
 * methods.md §4.1, wish 11): the user names their account, proves who they are at an identity
 * verification provider (a plug-in, `IdentityVerifier`), and — if the proved name matches the
 * account and nothing else — gets a one-time pass to sign in and add new methods.
 *
 * The pages change nothing on GET but the callback, which the provider's redirect must reach as
 * a GET; the form POST must come from Limen's own origin, and the callback from the browser that
 * started the attempt (a SameSite=Lax cookie holding its state, RFC 6749 §10.12).
 */
import { randomUUID } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa, { type Context } from 'koa';
import { isCrossSite, sendPage } from '../oidc/index.ts';
import type { Db } from '../store/index.ts';
import type { VerificationResult } from './identity-verifier.ts';
import { evaluatedPage, problemPage, recoveredPage, refusedPage, startPage } from './pages.ts';
import { recoverAccount, refuseAttempt, type RecoveryContext, type RecoveryOutcome } from './recover-account.ts';
import { createRecoveryAttempts } from './recovery-attempts.ts';
import { recoveryDefaults, resolveProfiles, type IdentityVerificationProfile } from './recovery-profile.ts';

export type { IdentityVerifier, VerificationRequest, VerificationResult, VerifiedIdentity } from './identity-verifier.ts';
export type { NameMatching } from './name-matching.ts';
export { recoveryActivity, type RecoveryOutcomeCode, type RecoveryRefusal } from './recovery-audit.ts';
export { recoveryDefaults, resolveProfiles, type IdentityVerificationProfile, type RecoveryMode } from './recovery-profile.ts';
export { createSignedJwtVerifier, type SignedJwtVerifierOptions } from './signed-jwt-verifier.ts';

export interface AccountRecoveryDeps {
  db: Db;
  publicUrl: string;
  /** The verification profiles offered at /recover; none leaves only the administrator's TAP. */
  profiles: readonly IdentityVerificationProfile[];
}

const stateCookie = 'limen_recovery';
const upnShape = /^[^@\s]+@[^@\s]+$/;

export function createAccountRecovery(deps: AccountRecoveryDeps): Koa {
  const { db } = deps;
  const profiles = resolveProfiles(deps.profiles);
  const verifiers = [...profiles.values()].map((p) => ({ id: p.verifier.id, displayName: p.verifier.displayName }));
  const origin = new URL(deps.publicUrl).origin;
  const callbackUrl = new URL('/recover/callback', deps.publicUrl).href;
  const attempts = createRecoveryAttempts(db);
  const app = new Koa();
  const router = new Router({ prefix: '/recover' });

  /** As /my's: cross-site form posts are refused outright (Fetch Metadata and Origin). */
  function sameOrigin(ctx: Context): boolean {
    if (isCrossSite(ctx, origin)) {
      sendPage(ctx, problemPage('This request came from another site.', randomUUID()), 403);
      return false;
    }
    return true;
  }

  router.get('/', (ctx) => sendPage(ctx, startPage({ verifiers })));

  router.post('/', async (ctx) => {
    if (!sameOrigin(ctx)) return;
    const username = formField(ctx, 'username').trim();
    const profile = profiles.get(formField(ctx, 'verifier'));
    const again = (error: string, status: number) => sendPage(ctx, startPage({ verifiers, username: username.slice(0, 256), error }), status);
    if (profiles.size === 0) return again('Self-service account recovery is not set up.', 404);
    if (username.length > 256 || !upnShape.test(username)) return again('Enter the name you sign in with, like alias@example.org.', 400);
    if (!profile) return again('Choose a verification service.', 400);

    const started = await attempts.start({ verifierId: profile.verifier.id, claimedUpn: username, ipAddress: ctx.ip, now: new Date() });
    if (!started.started) {
      return sendPage(ctx, problemPage('There have been too many recovery attempts. Try again in an hour, or ask your administrator.', randomUUID()), 429);
    }
    let redirectUrl: string;
    try {
      ({ redirectUrl } = await profile.verifier.begin({ state: started.state, nonce: started.attempt.nonce, callbackUrl }));
      if (!/^https?:$/.test(new URL(redirectUrl).protocol)) throw new Error(`not an http(s) URL: ${redirectUrl}`);
    } catch (error) {
      const correlationId = randomUUID();
      process.stderr.write(`limen: recovery verifier '${profile.verifier.id}' could not begin (${correlationId}): ${String(error)}\n`);
      return sendPage(ctx, problemPage('The verification service can’t be reached right now. Try again later.', correlationId), 502);
    }
    ctx.cookies.set(stateCookie, started.state, {
      httpOnly: true, sameSite: 'lax', path: '/recover', maxAge: recoveryDefaults.attemptLifetimeMs, secure: ctx.secure, overwrite: true,
    });
    ctx.status = 303;
    ctx.redirect(redirectUrl);
  });

  router.get('/callback', async (ctx) => {
    const correlationId = randomUUID();
    const params = singleValued(ctx.query);
    const fromBrowser = ctx.cookies.get(stateCookie);
    ctx.cookies.set(stateCookie, null, { path: '/recover', overwrite: true });
    const now = new Date();
    const found = await attempts.complete(params.state ?? '', now);
    if (found.kind === 'unknown') {
      return sendPage(ctx, problemPage('This recovery link is not valid. Start again.', correlationId), 400);
    }
    const context: RecoveryContext = { attempt: found.attempt, ipAddress: ctx.ip, correlationId, now };
    const profile = profiles.get(found.attempt.verifierId);
    let outcome: RecoveryOutcome;
    if (found.kind === 'replayed') {
      // Audited once per attempt, so a replay loop cannot flood the audit log.
      outcome = found.first ? await refuseAttempt(db, context, profile, 'attemptReplayed') : { kind: 'refused', refusal: 'attemptReplayed' };
    } else if (found.kind === 'expired') {
      outcome = await refuseAttempt(db, context, profile, 'attemptExpired');
    } else if (fromBrowser !== params.state) {
      outcome = await refuseAttempt(db, context, profile, 'browserMismatch');
    } else if (!profile) {
      outcome = await refuseAttempt(db, context, profile, 'verifierUnavailable');
    } else {
      let result: VerificationResult;
      try {
        result = await profile.verifier.complete(params);
      } catch (error) {
        result = { verified: false, reason: `the verifier failed: ${error instanceof Error ? error.message : String(error)}` };
      }
      outcome = await recoverAccount(db, context, profile, result);
    }
    if (outcome.kind === 'recovered') {
      sendPage(ctx, recoveredPage({ ...outcome, userPrincipalName: outcome.user.userPrincipalName }));
    } else if (outcome.kind === 'evaluated') {
      sendPage(ctx, evaluatedPage(outcome.user.userPrincipalName));
    } else {
      sendPage(ctx, refusedPage(outcome.refusal, correlationId), 400);
    }
  });

  // Whatever a request holds, the answer is a page: a 4xx for what the client sent (a body too
  // large, a bad encoding), a 500 only for Limen's own failures, logged with a correlation id.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const correlationId = randomUUID();
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return sendPage(ctx, problemPage('Limen could not read this request.', correlationId), status);
      }
      process.stderr.write(`limen: account recovery failed (${correlationId}): ${error instanceof Error ? error.stack : String(error)}\n`);
      sendPage(ctx, problemPage('Something went wrong on our side. Try again in a moment.', correlationId), 500);
    }
  });
  app.use(bodyParser({ enableTypes: ['form'], formLimit: '16kb' }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/** Query parameters given once; a repeated one is dropped (so a verifier never sees an array). */
function singleValued(query: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function formField(ctx: Context, name: string): string {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
