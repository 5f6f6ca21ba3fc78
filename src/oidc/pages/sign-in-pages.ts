import type { PermissionScope } from '../../directory/index.ts';
import { alert, escapeHtml, page } from './html.ts';

/**
 * Username first, then password, as Entra's sign-in. Every form posts to the interaction's
 * own path: oidc-provider's interaction cookie (SameSite=Lax, scoped to that path) must come
 * with it, so a form on another site cannot submit here (CSRF).
 */
export interface SignInPageInput {
  uid: string;
  appName: string;
  error?: string | undefined;
}

const cancelForm = (uid: string) =>
  `<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button class="secondary" type="submit">Cancel</button></form>`;

export function usernamePage({ uid, appName, error, username }: SignInPageInput & { username?: string | undefined }): string {
  return page('Sign in', `<h1>Sign in</h1>
<p class="lead">to continue to ${escapeHtml(appName)}</p>
${alert(error)}
<form method="post" action="/interaction/${escapeHtml(uid)}/username">
<label for="username">Email or username</label>
<input id="username" name="username" type="email" autocomplete="username" required autofocus spellcheck="false" value="${escapeHtml(username)}">
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>
${cancelForm(uid)}`);
}

export function passwordPage({ uid, appName, error, username }: SignInPageInput & { username: string }): string {
  return page('Enter password', `<h1>Enter password</h1>
<p class="lead">${escapeHtml(username)} · to continue to ${escapeHtml(appName)}</p>
${alert(error)}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<input type="hidden" name="username" value="${escapeHtml(username)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
<div class="actions"><button class="primary" type="submit">Sign in</button></div>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/tap">
<input type="hidden" name="username" value="${escapeHtml(username)}">
<label for="tap">Or use a Temporary Access Pass from your administrator</label>
<input id="tap" name="tap" type="password" autocomplete="one-time-code" spellcheck="false" required>
<div class="actions"><button class="secondary" type="submit">Sign in with Temporary Access Pass</button></div>
</form>
<p><a href="/interaction/${escapeHtml(uid)}">Use another account</a></p>`);
}

export function consentPage({ uid, appName, scopes, resourceName }: { uid: string; appName: string; resourceName: string; scopes: readonly PermissionScope[] }): string {
  const items = scopes.map((s) =>
    `<li><strong>${escapeHtml(s.adminConsentDisplayName)}</strong><br>${escapeHtml(s.adminConsentDescription)}</li>`).join('\n');
  return page('Permissions requested', `<h1>Permissions requested</h1>
<p class="lead">${escapeHtml(appName)} wants to use ${escapeHtml(resourceName)} on your behalf:</p>
<ul class="scopes">
${items}
</ul>
<p>Accepting lets this app use these permissions as you. You can revoke them later.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/consent">
<div class="actions">
<button class="primary" type="submit" name="decision" value="accept">Accept</button>
<button class="secondary" type="submit" name="decision" value="deny">Cancel</button>
</div>
</form>`);
}
