/**
 * Authenticator apps at My Security Info: the user scans a QR code (RFC 6238 secret in Google's
 * otpauth URI), then proves the app works by typing its code; only then does the app count and
 * sign-ins with the password ask for a code. The secret is shown on that one page only.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { renderSVG } from 'uqr';
import {
  createPasskeyRepository, createSoftwareOathRepository, maxOathMethodsPerUser, methodPolicyTargets, readSoftwareOathPolicy,
  totpUri, type SecretBox, type SoftwareOathMethod, type TotpSecret,
} from '../authn/index.ts';
import { createDirectory } from '../directory/index.ts';
import { alert, escapeHtml, sendPage, type CurrentSignIn } from '../oidc/index.ts';
import { accountPage } from './frame.ts';
import type { Db } from '../store/index.ts';

export interface AuthenticatorAppDeps {
  db: Db;
  secretBox: SecretBox;
  /** The issuer name apps show beside the account, e.g. the host name. */
  issuerName: string;
  freshSignInSeconds: number;
  requireSignIn(ctx: Context): Promise<CurrentSignIn | undefined>;
  sameOrigin(ctx: Context): boolean;
  renderSecurityInfo(ctx: Context, current: CurrentSignIn, extra: { error?: string }, status: number): Promise<void>;
  audit(db: Db, current: CurrentSignIn, activity: string, result: 'success' | 'failure', detail: string): Promise<unknown>;
  /** Conditional Access on registering security info; undefined when allowed. */
  registrationRefusal(ctx: Context, current: CurrentSignIn): Promise<string | undefined>;
}

/** Why the user cannot add an app now (undefined: they can), and whether a fresh sign-in would help. */
export async function appAddRefusal(db: Db, current: CurrentSignIn, freshSignInSeconds: number, conditionalAccess?: string) {
  const groups = await createDirectory(db).groups.transitiveGroupIds(current.user.id);
  const apps = await createSoftwareOathRepository(db).listForUser(current.user.id);
  const cannotAdd = !methodPolicyTargets(await readSoftwareOathPolicy(db), groups) ? 'Authenticator apps are not enabled for your account.'
    : apps.length >= maxOathMethodsPerUser ? `You already have ${maxOathMethodsPerUser} authenticator apps; delete one first.` : conditionalAccess;
  // As for passkeys: a recent sign-in, and a multifactor one once the user has a second factor.
  const hasStrong = apps.length > 0 || (await createPasskeyRepository(db).listForUser(current.user.id)).length > 0;
  const recent = Date.now() / 1000 - current.authTime <= freshSignInSeconds;
  return { apps, cannotAdd, needsFresh: !cannotAdd && (!recent || (hasStrong && !current.amr.includes('mfa'))) };
}

export function authenticatorAppRoutes(router: Router, deps: AuthenticatorAppDeps): void {
  const { db } = deps;
  const repo = () => createSoftwareOathRepository(db, deps.secretBox);

  /** Guards shared by both steps: signed in, same origin, allowed and fresh. */
  async function mayAdd(ctx: Context): Promise<CurrentSignIn | undefined> {
    if (!deps.sameOrigin(ctx)) return undefined;
    const current = await deps.requireSignIn(ctx);
    if (!current) return undefined;
    const refusal = await appAddRefusal(db, current, deps.freshSignInSeconds, await deps.registrationRefusal(ctx, current));
    if (refusal.cannotAdd || refusal.needsFresh) {
      await deps.renderSecurityInfo(ctx, current, { error: refusal.cannotAdd ?? 'Sign in again to add an authenticator app.' }, 403);
      return undefined;
    }
    return current;
  }

  router.post('/authenticator-apps', async (ctx) => {
    const current = await mayAdd(ctx);
    if (!current) return;
    const { method, secret } = await repo().begin(current.user.id, new Date());
    ctx.set('cache-control', 'no-store');
    sendPage(ctx, setupPage(current, method, secret, deps.issuerName));
  });

  router.post('/authenticator-apps/:id/confirm', async (ctx) => {
    const current = await mayAdd(ctx);
    if (!current) return;
    const id = ctx.params.id!;
    const code = String((ctx.request.body as Record<string, unknown> | undefined)?.code ?? '').replace(/\s/g, '').slice(0, 16);
    const now = new Date();
    // The app and its audit record are written together, or neither is.
    const confirmed = await db.transaction().execute(async (trx) => {
      const ok = await createSoftwareOathRepository(trx, deps.secretBox).confirm(current.user.id, id, code, now);
      await deps.audit(trx, current, 'User registered security info', ok ? 'success' : 'failure',
        ok ? 'Authenticator app' : 'Authenticator app: the code did not match');
      return ok;
    });
    if (!confirmed) {
      const secret = await repo().pendingSecret(current.user.id, id, now);
      if (!secret) return deps.renderSecurityInfo(ctx, current, { error: 'That setup has expired. Start again.' }, 400);
      ctx.set('cache-control', 'no-store');
      return sendPage(ctx, setupPage(current, { id }, secret, deps.issuerName,
        'That code didn’t match. Check the app shows Limen for your account and enter its current code.'), 400);
    }
    ctx.status = 303;
    ctx.redirect('/my/security-info?done=app-added');
  });

  router.post('/authenticator-apps/:id/delete', async (ctx) => {
    if (!deps.sameOrigin(ctx)) return;
    const current = await deps.requireSignIn(ctx);
    if (!current) return;
    // Not a way to sign in on its own (it follows a password), so deleting it never locks anyone out.
    const removed = await db.transaction().execute(async (trx) => {
      const ok = await createSoftwareOathRepository(trx).remove(current.user.id, ctx.params.id!);
      if (ok) await deps.audit(trx, current, 'User deleted security info', 'success', 'Authenticator app');
      return ok;
    });
    if (!removed) return deps.renderSecurityInfo(ctx, current, { error: 'That authenticator app no longer exists.' }, 404);
    ctx.status = 303;
    ctx.redirect('/my/security-info?done=app-deleted');
  });
}

function setupPage(current: CurrentSignIn, method: Pick<SoftwareOathMethod, 'id'>, secret: TotpSecret, issuer: string, error?: string): string {
  const uri = totpUri(secret, issuer, current.user.userPrincipalName);
  const grouped = secret.base32.replace(/(.{4})/g, '$1 ').trim();
  return accountPage('Add an authenticator app', current.user, `<h1>Add an authenticator app</h1>
<p class="lead">Scan this QR code with your authenticator app (Microsoft Authenticator, Google Authenticator, 1Password, …).</p>
${alert(error)}
<div class="panel">
<figure class="qr" aria-label="QR code for your authenticator app">${renderSVG(uri).replace("<svg ", "<svg width=\"220\" height=\"220\" ")}</figure>
<p>Can’t scan? Enter this key in the app instead: <code id="totp-secret">${escapeHtml(grouped)}</code></p>
<form method="post" action="/my/authenticator-apps/${escapeHtml(method.id)}/confirm">
<label for="code">Enter the 6-digit code the app shows</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus>
<div class="actions"><button class="primary" type="submit">Verify</button></div>
</form>
<p><a href="/my/security-info">Cancel</a></p>
</div>`, { current: 'security-info' });
}
