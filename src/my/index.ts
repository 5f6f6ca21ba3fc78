/**
 * My Security Info and My Sign-Ins (`/my`): where users add, rename and delete their passkeys
 * and see their own sign-ins. The pages sign in through Limen's provider as the built-in
 * "My Security Info" app, then read the browser's session; they change nothing on GET, and
 * every POST must come from Limen's own origin (SameSite=Lax session cookie plus an Origin check).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa, { type Context } from 'koa';
import {
  createPasskeyRepository, createTapRepository, passkeyNameMaxLength, credentialFromForm, decidePasskey, hasOtherUsableMethod, lastMethodRefusal, profilesFor, readFido2Policy,
  type Passkey,
} from '../authn/index.ts';
import { createDirectory, myAccountClient } from '../directory/index.ts';
import { listSignIns, recordAudit } from '../logs/index.ts';
import { errorPage, isCrossSite, sendPage, serveAsset, type CurrentSignIn, type Oidc } from '../oidc/index.ts';
import type { Db } from '../store/index.ts';
import { appAddRefusal, authenticatorAppRoutes } from './authenticator-apps.ts';
import { mySignInsPage, securityInfoPage } from './pages.ts';

export interface MyAccountDeps {
  db: Db;
  oidc: Pick<Oidc, 'currentSignIn' | 'passkeys' | 'secretBox' | 'registerSecurityInfoRefusal'>;
  publicUrl: string;
}

/**
 * Adding a method needs a recent sign-in (Entra asks for MFA within minutes before a passkey is
 * registered); a user who already has a passkey must also have signed in with a strong method.
 */
const freshSignInSeconds = 10 * 60;

export function createMyAccount(deps: MyAccountDeps): Koa {
  const { db, oidc } = deps;
  const origin = new URL(deps.publicUrl).origin;
  const app = new Koa();
  const router = new Router({ prefix: '/my' });
  const directory = createDirectory(db);
  const passkeysOf = (userId: string) => createPasskeyRepository(db).listForUser(userId);

  /** The signed-in user, or a redirect to sign in (GET) / 401 page (POST). */
  async function requireSignIn(ctx: Context): Promise<CurrentSignIn | undefined> {
    const current = await oidc.currentSignIn(ctx);
    if (current) return current;
    if (ctx.method === 'GET') ctx.redirect('/my/sign-in');
    else sendPage(ctx, errorPage({ error: 'login_required', correlationId: randomUUID() }), 401);
    return undefined;
  }

  function sameOrigin(ctx: Context): boolean {
    if (isCrossSite(ctx, origin)) {
      sendPage(ctx, errorPage({ error: 'invalid_request', description: 'This request came from another site.', correlationId: randomUUID() }), 403);
      return false;
    }
    return true;
  }

  /**
   * Whether the user may add a passkey now, with the policy and groups it was decided on (read
   * once per request and reused for the ceremony).
   */
  /** Conditional Access on Entra's "register security information" user action, for this request. */
  const registrationRefusal = (ctx: Context, current: CurrentSignIn) =>
    oidc.registerSecurityInfoRefusal({ ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined }, current.user, current.amr);

  async function addRefusal(ctx: Context, current: CurrentSignIn, existing: readonly Passkey[]) {
    const policy = await readFido2Policy(db);
    const groups = await directory.groups.transitiveGroupIds(current.user.id);
    const profiles = profilesFor(policy, groups);
    const cannotAdd = !oidc.passkeys ? 'Passkeys need Limen to be reached by a domain name, not an IP address.'
      : !policy.isSelfServiceRegistrationAllowed ? 'Your organization does not let users add passkeys themselves.'
        : profiles.length === 0 ? 'Passkeys are not enabled for your account.' : await registrationRefusal(ctx, current);
    const recent = Date.now() / 1000 - current.authTime <= freshSignInSeconds;
    const strongEnough = existing.length === 0 || current.amr.includes('mfa');
    return { cannotAdd, needsFresh: !cannotAdd && (!recent || !strongEnough), policy, groups, profiles };
  }

  async function renderSecurityInfo(ctx: Context, current: CurrentSignIn, extra: { notice?: string; error?: string } = {}, status = 200) {
    const passkeys = await passkeysOf(current.user.id);
    const credentials = await directory.users.getCredentials(current.user.id);
    const refusal = await addRefusal(ctx, current, passkeys);
    const appRefusal = await appAddRefusal(db, current, freshSignInSeconds, await registrationRefusal(ctx, current));
    sendPage(ctx, securityInfoPage({
      apps: appRefusal.apps,
      cannotAddApp: appRefusal.cannotAdd,
      appNeedsFreshSignIn: appRefusal.needsFresh,
      who: current.user,
      passkeys,
      hasPassword: Boolean(credentials?.passwordHash),
      tap: await createTapRepository(db).getForUser(current.user.id),
      cannotAdd: refusal.cannotAdd,
      needsFreshSignIn: refusal.needsFresh,
      ...extra,
    }), status);
  }

  router.get('/', (ctx) => ctx.redirect('/my/security-info'));

  // Starts a sign-in at the provider as the built-in app; `fresh=1` asks for a new sign-in.
  // The code that comes back is never redeemed (it expires in 60 s): only the session matters.
  router.get('/sign-in', (ctx) => {
    const url = new URL('/auth', deps.publicUrl);
    url.search = new URLSearchParams({
      client_id: myAccountClient.appId,
      response_type: 'code',
      redirect_uri: new URL('/my/callback', deps.publicUrl).href,
      scope: 'openid',
      state: randomBytes(16).toString('base64url'),
      code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
      code_challenge_method: 'S256',
      ...(ctx.query.fresh === '1' ? { prompt: 'login' } : {}),
    }).toString();
    ctx.redirect(url.href);
  });

  router.get('/callback', (ctx) => {
    const error = typeof ctx.query.error === 'string' ? ctx.query.error : undefined;
    if (error) {
      const description = typeof ctx.query.error_description === 'string' ? ctx.query.error_description : undefined;
      return sendPage(ctx, errorPage({ error, description, correlationId: randomUUID() }), 400);
    }
    ctx.redirect('/my/security-info');
  });

  router.get('/security-info', async (ctx) => {
    const current = await requireSignIn(ctx);
    if (!current) return;
    const notice = ctx.query.done === 'added' ? 'Your passkey was added.'
      : ctx.query.done === 'renamed' ? 'Your passkey was renamed.'
        : ctx.query.done === 'deleted' ? 'Your passkey was deleted.'
          : ctx.query.done === 'app-added' ? 'Your authenticator app was added. Signing in with your password now asks for its code.'
            : ctx.query.done === 'app-deleted' ? 'Your authenticator app was deleted.' : undefined;
    await renderSecurityInfo(ctx, current, notice ? { notice } : {});
  });

  router.post('/passkeys/options', async (ctx) => {
    if (!sameOrigin(ctx)) return;
    const current = await oidc.currentSignIn(ctx);
    const fail = (status: number, message: string) => {
      ctx.status = status;
      ctx.body = { error: { code: 'Request_BadRequest', message } };
    };
    if (!current) return fail(401, 'Your session has ended. Sign in again.');
    if (!ctx.get('x-limen-request')) return fail(400, 'Missing the x-limen-request header.');
    const existing = await passkeysOf(current.user.id);
    const refusal = await addRefusal(ctx, current, existing);
    if (refusal.cannotAdd) return fail(403, refusal.cannotAdd);
    if (refusal.needsFresh) return fail(403, 'Sign in again to add a passkey.');
    ctx.set('cache-control', 'no-store');
    ctx.body = await oidc.passkeys!.registrationOptions(current.user, refusal.profiles);
  });

  router.post('/passkeys', async (ctx) => {
    if (!sameOrigin(ctx)) return;
    const current = await requireSignIn(ctx);
    if (!current) return;
    const existing = await passkeysOf(current.user.id);
    const refusal = await addRefusal(ctx, current, existing);
    if (refusal.cannotAdd || refusal.needsFresh) {
      return renderSecurityInfo(ctx, current, { error: refusal.cannotAdd ?? 'Sign in again to add a passkey.' }, 403);
    }
    const displayName = formField(ctx, 'displayName').slice(0, passkeyNameMaxLength);
    const result = await oidc.passkeys!.verifyRegistration(current.user, credentialFromForm(formField(ctx, 'credential')), displayName,
      (traits) => decidePasskey(refusal.policy, refusal.groups, traits, 'registration'));
    if (!result.ok) {
      await db.transaction().execute((trx) => audit(trx, current, 'User registered security info', 'failure', result.reason));
      return renderSecurityInfo(ctx, current, {
        error: result.kind === 'notAllowed'
          ? `This passkey can’t be added: ${result.reason}.`
          : `The passkey could not be added: ${result.reason}.`,
      }, 400);
    }
    await db.transaction().execute(async (trx) => {
      await createPasskeyRepository(trx).add(result.passkey);
      await audit(trx, current, 'User registered security info', 'success', `Passkey '${result.passkey.displayName}' (${result.passkey.backupEligible ? 'synced' : 'device-bound'}, AAGUID ${result.passkey.aaGuid})`);
    });
    ctx.status = 303;
    ctx.redirect('/my/security-info?done=added');
  });

  router.post('/passkeys/:id/rename', async (ctx) => {
    if (!sameOrigin(ctx)) return;
    const current = await requireSignIn(ctx);
    if (!current) return;
    const name = formField(ctx, 'displayName').trim();
    if (!name || name.length > passkeyNameMaxLength) {
      return renderSecurityInfo(ctx, current, { error: `Give the passkey a name of 1 to ${passkeyNameMaxLength} characters.` }, 400);
    }
    const renamed = await db.transaction().execute(async (trx) => {
      const ok = await createPasskeyRepository(trx).rename(current.user.id, ctx.params.id!, name);
      if (ok) await audit(trx, current, 'User changed default security info', 'success', `Passkey renamed to '${name}'`);
      return ok;
    });
    if (!renamed) return renderSecurityInfo(ctx, current, { error: 'That passkey no longer exists.' }, 404);
    ctx.status = 303;
    ctx.redirect('/my/security-info?done=renamed');
  });

  router.post('/passkeys/:id/delete', async (ctx) => {
    if (!sameOrigin(ctx)) return;
    const current = await requireSignIn(ctx);
    if (!current) return;
    const userId = current.user.id;
    const outcome = await db.transaction().execute(async (trx) => {
      const repo = createPasskeyRepository(trx);
      const target = await repo.get(userId, ctx.params.id!);
      if (!target) return 'missing' as const;
      if (!(await hasOtherUsableMethod(trx, userId, target.id))) return 'last' as const;
      await repo.remove(userId, target.id);
      await audit(trx, current, 'User deleted security info', 'success', `Passkey '${target.displayName}'`);
      return 'deleted' as const;
    });
    if (outcome === 'missing') return renderSecurityInfo(ctx, current, { error: 'That passkey no longer exists.' }, 404);
    if (outcome === 'last') {
      return renderSecurityInfo(ctx, current, { error: lastMethodRefusal }, 409);
    }
    ctx.status = 303;
    ctx.redirect('/my/security-info?done=deleted');
  });

  authenticatorAppRoutes(router, {
    db, secretBox: oidc.secretBox, issuerName: `Limen (${new URL(deps.publicUrl).host})`, freshSignInSeconds,
    requireSignIn, sameOrigin, renderSecurityInfo, audit, registrationRefusal,
  });

  router.get('/sign-ins', async (ctx) => {
    const current = await requireSignIn(ctx);
    if (!current) return;
    const page = await listSignIns(db, { top: 50, skip: 0, where: { userId: current.user.id } });
    sendPage(ctx, mySignInsPage(current.user, page.value));
  });

  // Ends the session through the provider's RP-initiated logout (it asks for confirmation).
  router.post('/sign-out', (ctx) => {
    if (!sameOrigin(ctx)) return;
    ctx.status = 303;
    ctx.redirect(`/session/end?client_id=${myAccountClient.appId}`);
  });

  app.use(async (ctx, next) => {
    if (!serveAsset(ctx)) await next();
  });
  app.use(bodyParser({ enableTypes: ['form'], formLimit: '64kb' }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

function audit(db: Db, current: CurrentSignIn, activity: string, result: 'success' | 'failure', detail: string) {
  const { user } = current;
  return recordAudit(db, {
    category: 'UserManagement',
    activityDisplayName: activity,
    operationType: activity.includes('deleted') ? 'Delete' : activity.includes('registered') ? 'Add' : 'Update',
    result,
    initiatedBy: { user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName } },
    targetResources: [{ id: user.id, displayName: user.displayName, type: 'User', userPrincipalName: user.userPrincipalName }],
    additionalDetails: [{ key: 'method', value: detail }],
  });
}

function formField(ctx: Context, name: string): string {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
