import type { KoaContextWithOIDC } from 'oidc-provider';
import { alert, escapeHtml, page, sendPage } from './html.ts';

/**
 * Pages oidc-provider renders itself: device flow (RFC 8628 §3.3) code entry, confirmation and
 * success, and RP-initiated logout. oidc-provider hands over a ready-made `<form>` whose inputs
 * are unlabelled and carry an inline handler our CSP blocks, so only its action and CSRF token
 * are taken from it and an accessible form is rendered around them.
 */
function formParts(form: string): { action: string; xsrf: string } {
  const action = /action="([^"]*)"/.exec(form)?.[1] ?? '';
  const xsrf = /name="xsrf" value="([^"]*)"/.exec(form)?.[1] ?? '';
  return { action, xsrf };
}

export function userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out?: unknown, err?: Error & { userCode?: string }): void {
  const { action, xsrf } = formParts(form);
  const error = !err ? undefined
    : err.userCode || err.name === 'NoCodeError' ? 'That code is not valid or has expired. Check it and try again.'
    : err.name === 'AbortedError' ? abortedReason(err)
    : 'Something went wrong. Try again.';
  sendPage(ctx, page('Enter code', `<h1>Enter code</h1>
<p class="lead">Enter the code shown on your device or in your terminal to allow it to sign in.</p>
${alert(error)}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<label for="user_code">Code</label>
<input id="user_code" name="user_code" type="text" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required autofocus value="${escapeHtml(err?.userCode)}">
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>`), err ? 400 : 200);
}

/** Why a device sign-in ended: refused for want of an assignment (assignment-required.ts), or cancelled. */
function abortedReason(err: Error): string {
  const description = (err.cause as { error_description?: unknown } | undefined)?.error_description;
  return typeof description === 'string' && description.startsWith('AADSTS50105:')
    ? 'Your device was not signed in: you aren’t assigned to this app. Ask your administrator for access. (AADSTS50105)'
    : 'The sign-in request was cancelled.';
}

export function userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, client: { clientName?: string; clientId: string }, _deviceInfo: unknown, userCode: string): void {
  const { action, xsrf } = formParts(form);
  const name = client.clientName ?? client.clientId;
  sendPage(ctx, page('Confirm device', `<h1>Are you trying to sign in to ${escapeHtml(name)}?</h1>
<p>Continue only if you started this sign-in yourself and the device shows this code:</p>
<p><code class="user-code">${escapeHtml(userCode)}</code></p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<input type="hidden" name="user_code" value="${escapeHtml(userCode)}">
<div class="actions">
<button class="primary" type="submit" name="confirm" value="yes">Continue</button>
<button class="secondary" type="submit" name="abort" value="yes">Cancel</button>
</div>
</form>`));
}

export function deviceSuccessSource(ctx: KoaContextWithOIDC): void {
  const name = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? 'the application';
  sendPage(ctx, page('Signed in', `<h1>You’re signed in</h1>
<p role="status">You have signed in to ${escapeHtml(name)} on your device. You can close this window.</p>`));
}

export function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  const { action, xsrf } = formParts(form);
  sendPage(ctx, page('Sign out', `<h1>Sign out?</h1>
<p>You will be signed out of Limen in this browser.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<div class="actions">
<button class="primary" type="submit" name="logout" value="yes">Sign out</button>
<button class="secondary" type="submit">Stay signed in</button>
</div>
</form>`));
}

export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  sendPage(ctx, page('Signed out', `<h1>You’re signed out</h1>
<p role="status">You have signed out of Limen. You can close this window.</p>`));
}
