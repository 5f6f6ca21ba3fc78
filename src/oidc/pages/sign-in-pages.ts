import type { PermissionScope } from '../../directory/index.ts';
import { assetPaths } from './assets.ts';
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

/**
 * Which ways to sign in a page offers: all of them, unless the app asked for an authentication
 * strength that allows only some (`requirement` then says which, in words).
 */
export interface SignInOffer {
  password: boolean;
  tap: boolean;
  /** Passkeys need WebAuthn, so also a domain name for Limen. */
  passkey: boolean;
  requirement?: string | undefined;
  /** Link to self-service account recovery (/recover). */
  recovery?: boolean;
}

const requirementNote = (offer: SignInOffer) => (offer.requirement ? `<p class="note">${escapeHtml(offer.requirement)}</p>` : '');

/**
 * The first page. With passkeys on, the username field offers passkeys in its autofill
 * (WebAuthn conditional mediation, `autocomplete="username webauthn"`) and a button starts a
 * passkey sign-in outright; both are hidden until the script finds WebAuthn in the browser.
 * When only passkeys may be used, the page is the button alone.
 */
export function usernamePage({ uid, appName, error, username, offer, autofill = offer.passkey }: SignInPageInput & {
  username?: string | undefined;
  offer: SignInOffer;
  /** Offer passkeys in the autofill; off after a refused passkey, so the page does not offer it again unasked. */
  autofill?: boolean;
}): string {
  const u = escapeHtml(uid);
  const passkeyForm = offer.passkey ? passkeyButton(uid) : '';
  const nameForm = offer.password || offer.tap ? `
<form method="post" action="/interaction/${u}/username">
<label for="username">Email or username</label>
<input id="username" name="username" type="email" autocomplete="username${autofill ? ' webauthn' : ''}" required autofocus spellcheck="false" value="${escapeHtml(username)}">
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>` : '';
  return page('Sign in', `<h1>Sign in</h1>
<p class="lead">to continue to ${escapeHtml(appName)}</p>
${requirementNote(offer)}
${alert(error)}${nameForm}${passkeyForm}
${cancelForm(uid)}`, offer.passkey ? { scripts: [assetPaths.webauthn, assetPaths.passkeySignIn] } : {});
}

/** "Sign in with a passkey": shown by the script only where WebAuthn exists. */
function passkeyButton(uid: string): string {
  const u = escapeHtml(uid);
  return `
<form id="passkey-form" method="post" action="/interaction/${u}/passkey" data-options="/interaction/${u}/passkey/options" hidden>
<p class="divider">or</p>
<input type="hidden" name="credential">
<div class="actions"><button class="secondary" type="button" id="passkey-button">Sign in with a passkey</button></div>
</form>
<p id="passkey-status" role="status"></p>`;
}

export function passwordPage({ uid, appName, error, username, offer }: SignInPageInput & { username: string; offer: SignInOffer }): string {
  const u = escapeHtml(uid);
  const passwordForm = offer.password ? `
<form method="post" action="/interaction/${u}/login">
<input type="hidden" name="username" value="${escapeHtml(username)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
<div class="actions"><button class="primary" type="submit">Sign in</button></div>
</form>` : '';
  const tapForm = offer.tap ? `
<form method="post" action="/interaction/${u}/tap">
<input type="hidden" name="username" value="${escapeHtml(username)}">
<label for="tap">${offer.password ? 'Or use a Temporary Access Pass from your administrator' : 'Temporary Access Pass from your administrator'}</label>
<input id="tap" name="tap" type="password" autocomplete="one-time-code" spellcheck="false" required${offer.password ? '' : ' autofocus'}>
<div class="actions"><button class="secondary" type="submit">Sign in with Temporary Access Pass</button></div>
</form>` : '';
  return page(offer.password ? 'Enter password' : 'Sign in', `<h1>${offer.password ? 'Enter password' : 'Sign in'}</h1>
<p class="lead">${escapeHtml(username)} · to continue to ${escapeHtml(appName)}</p>
${requirementNote(offer)}
${alert(error)}${passwordForm}${tapForm}${offer.passkey ? passkeyButton(uid) : ''}
<p><a href="/interaction/${u}">Use another account</a></p>${offer.recovery ? `
<p><a href="/recover">Lost every way to sign in? Recover your account</a></p>` : ''}`, offer.passkey ? { scripts: [assetPaths.webauthn, assetPaths.passkeySignIn] } : {});
}

/**
 * What the consent page says of an app that registered itself (dynamic registration or a Client
 * ID Metadata Document): nobody vouched for it, where it says it lives, and where Limen will send
 * the answer (MCP authorization, "Client ID Metadata Document Security": the redirect host MUST
 * be shown, and a localhost-only redirect deserves a warning).
 */
export interface SelfRegisteredNotice {
  /** The host of a Client ID Metadata Document's URL; undefined after dynamic registration. */
  documentHost: string | undefined;
  /** Where the authorization response goes. */
  redirectHost: string;
  /** The redirect URI is on this device (loopback): any app here could be listening. */
  loopback: boolean;
}

function selfRegisteredNote(notice: SelfRegisteredNotice): string {
  const origin = notice.documentHost
    ? `It identifies itself with a document published at <strong>${escapeHtml(notice.documentHost)}</strong>.`
    : 'It registered itself with this organization.';
  const where = notice.loopback
    ? `<p class="error">Your answer goes to <strong>${escapeHtml(notice.redirectHost)}</strong> on this device. Continue only if you just started this sign-in from an app on this device.</p>`
    : `<p>Your answer goes to <strong>${escapeHtml(notice.redirectHost)}</strong>.</p>`;
  return `<p class="note">Your organization has not verified this app. ${origin}</p>\n${where}`;
}

export function consentPage({ uid, appName, scopes, resourceName, selfRegistered }: {
  uid: string;
  appName: string;
  /** Undefined when nothing but sign-in is asked (a self-registered app's first visit). */
  resourceName: string | undefined;
  scopes: readonly PermissionScope[];
  selfRegistered?: SelfRegisteredNotice | undefined;
}): string {
  const items = scopes.map((s) =>
    `<li><strong>${escapeHtml(s.adminConsentDisplayName)}</strong><br>${escapeHtml(s.adminConsentDescription)}</li>`).join('\n');
  const asked = resourceName
    ? `<p class="lead">${escapeHtml(appName)} wants to use ${escapeHtml(resourceName)} on your behalf:</p>
<ul class="scopes">
${items}
</ul>`
    : `<p class="lead">${escapeHtml(appName)} wants to sign you in and read your basic profile.</p>`;
  return page('Permissions requested', `<h1>Permissions requested</h1>
${asked}
${selfRegistered ? selfRegisteredNote(selfRegistered) : ''}
<p>Accepting lets this app use these permissions as you. You can revoke them later.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/consent">
<div class="actions">
<button class="primary" type="submit" name="decision" value="accept">Accept</button>
<button class="secondary" type="submit" name="decision" value="deny">Cancel</button>
</div>
</form>`);
}

/** The second step after a right password, for users with an authenticator app (RFC 6238 code). */
export function oathCodePage({ uid, appName, error, username }: SignInPageInput & { username: string }): string {
  return page('Enter code', `<h1>Enter code</h1>
<p class="lead">${escapeHtml(username)} · to continue to ${escapeHtml(appName)}</p>
${alert(error)}
<form method="post" action="/interaction/${escapeHtml(uid)}/otp">
<label for="otp">Enter the 6-digit code shown in your authenticator app</label>
<input id="otp" name="otp" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus spellcheck="false">
<div class="actions"><button class="primary" type="submit">Verify</button></div>
</form>
${cancelForm(uid)}`);
}

/**
 * "Assignment required?" refused the person (AADSTS50105). The interaction is already finished
 * with access_denied: the link takes the browser back to the app with that answer.
 */
export function notAssignedPage({ appName, username, returnTo, correlationId, deviceFlow }: {
  appName: string;
  username: string;
  returnTo: string;
  correlationId: string;
  /** Approving a device code: the answer goes to the device, not back to an app in this browser. */
  deviceFlow: boolean;
}): string {
  return page('You don’t have access to this app', `<h1>You don’t have access to this app</h1>
<p class="error" role="alert">Your administrator lets only people who are assigned to ${escapeHtml(appName)} use it, and ${escapeHtml(username)} isn’t assigned.</p>
<p>Ask your administrator to assign you to ${escapeHtml(appName)}, directly or through a group you are a member of. If you meant to use another account, ${deviceFlow ? 'start again on your device' : 'go back to the app and sign in again'}.</p>
<dl>
<dt>Error code</dt><dd><code>AADSTS50105</code></dd>
<dt>Correlation ID</dt><dd><code>${escapeHtml(correlationId)}</code></dd>
</dl>
<form method="get" action="${escapeHtml(returnTo)}"><div class="actions"><button class="primary" type="submit">${deviceFlow ? 'Done' : `Back to ${escapeHtml(appName)}`}</button></div></form>`);
}
