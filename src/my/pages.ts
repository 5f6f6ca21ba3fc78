import { passkeyNameMaxLength, tapUsability, type Passkey, type SoftwareOathMethod, type TemporaryAccessPass } from '../authn/index.ts';
import type { SignIn } from '../logs/index.ts';
import { alert, assetPaths, escapeHtml } from '../oidc/index.ts';
import { accountPage, type AccountHolder } from './frame.ts';

/** Server-rendered end-user pages in My account's frame (the admin center's look, the sign-in pages' CSP). */

/** A pass's state as its holder reads it: a used one-time or expired pass no longer signs in. */
function tapLine(tap: TemporaryAccessPass): string {
  const reason = tapUsability(tap, true, new Date());
  if (reason === 'OneTimeUsed') return `used (one-time; it cannot sign you in again)`;
  if (reason === 'Expired') return 'expired';
  return `valid from ${when(tap.startDateTime)} for ${tap.lifetimeInMinutes} minutes${tap.isUsableOnce ? ', one-time' : ''}`;
}

const when = (iso: string | null) => (iso ? escapeHtml(new Date(iso).toUTCString()) : '—');

export interface SecurityInfoInput {
  who: AccountHolder;
  passkeys: readonly Passkey[];
  hasPassword: boolean;
  tap: TemporaryAccessPass | undefined;
  /** Why adding a passkey is not possible now; undefined when it is. */
  cannotAdd?: string | undefined;
  /** Adding needs a fresh sign-in first (a link to one is shown). */
  needsFreshSignIn: boolean;
  apps: readonly SoftwareOathMethod[];
  cannotAddApp?: string | undefined;
  appNeedsFreshSignIn: boolean;
  notice?: string | undefined;
  error?: string | undefined;
}

export function securityInfoPage(input: SecurityInfoInput): string {
  const rows = input.passkeys.map((p) => `<tr>
<td><strong>${escapeHtml(p.displayName)}</strong><br><span class="muted">${p.backupEligible ? 'Synced passkey' : 'Device-bound passkey'}${p.model ? ` · ${escapeHtml(p.model)}` : ''}</span></td>
<td>${when(p.createdDateTime)}</td>
<td>${when(p.lastUsedDateTime)}</td>
<td>
<form class="inline" method="post" action="/my/passkeys/${escapeHtml(p.id)}/rename">
<label for="rename-${escapeHtml(p.id)}">New name for ${escapeHtml(p.displayName)}</label>
<input id="rename-${escapeHtml(p.id)}" name="displayName" type="text" maxlength="${passkeyNameMaxLength}" required>
<button class="secondary" type="submit">Rename</button>
</form>
<form class="inline" method="post" action="/my/passkeys/${escapeHtml(p.id)}/delete">
<button class="secondary" type="submit" aria-label="Delete ${escapeHtml(p.displayName)}">Delete</button>
</form>
</td>
</tr>`).join('\n');
  const addSection = input.cannotAdd
    ? `<p class="muted">${escapeHtml(input.cannotAdd)}</p>`
    : input.needsFreshSignIn
      ? `<p>To add a passkey, first confirm it’s you.</p><p><a href="/my/sign-in?fresh=1">Sign in again to add a passkey</a></p>`
      : `<form id="add-passkey" method="post" action="/my/passkeys" data-options="/my/passkeys/options" hidden>
<label for="passkey-name">Name for the new passkey (optional)</label>
<input id="passkey-name" name="displayName" type="text" maxlength="${passkeyNameMaxLength}" placeholder="e.g. Work laptop">
<input type="hidden" name="credential">
<div class="actions"><button class="primary" type="submit">Add a passkey</button></div>
</form>
<p id="add-passkey-status" role="status"></p>`;
  return accountPage('Security info', input.who, `<h1>Security info</h1>
<p class="lead">These are the methods you use to sign in as ${escapeHtml(input.who.userPrincipalName)}.</p>
${alert(input.error)}
${input.notice ? `<p class="success" role="status">${escapeHtml(input.notice)}</p>` : ''}
<section class="panel" aria-labelledby="passkeys-heading">
<h2 id="passkeys-heading">Passkeys</h2>
${input.passkeys.length ? `<table>
<thead><tr><th scope="col">Passkey</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>` : '<p class="muted">You have no passkeys yet.</p>'}
${addSection}
</section>
<section class="panel" aria-labelledby="apps-heading">
<h2 id="apps-heading">Authenticator apps</h2>
<p class="muted">A code from an app on your phone, asked for after your password.</p>
${appsSection(input)}
</section>
<section class="panel" aria-labelledby="other-heading">
<h2 id="other-heading">Other methods</h2>
<ul>
<li>Password: ${input.hasPassword ? 'set' : 'none'}</li>
<li>Temporary Access Pass: ${input.tap ? tapLine(input.tap) : 'none'}</li>
</ul>
</section>`, { current: 'security-info', scripts: [assetPaths.webauthn, assetPaths.passkeyRegistration] });
}

function appsSection(input: SecurityInfoInput): string {
  const rows = input.apps.map((a, i) => `<tr>
<td><strong>Authenticator app ${i + 1}</strong></td>
<td>${when(a.createdDateTime)}</td>
<td>${when(a.lastUsedDateTime)}</td>
<td><form class="inline" method="post" action="/my/authenticator-apps/${escapeHtml(a.id)}/delete">
<button class="secondary" type="submit" aria-label="Delete authenticator app ${i + 1}">Delete</button>
</form></td>
</tr>`).join('\n');
  const table = input.apps.length ? `<table>
<thead><tr><th scope="col">App</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>` : '';
  const add = input.cannotAddApp ? `<p class="muted">${escapeHtml(input.cannotAddApp)}</p>`
    : input.appNeedsFreshSignIn ? '<p><a href="/my/sign-in?fresh=1">Sign in again to add an authenticator app</a></p>'
      : `<form method="post" action="/my/authenticator-apps"><div class="actions"><button class="secondary" type="submit">Add an authenticator app</button></div></form>`;
  return table + add;
}

export function mySignInsPage(who: AccountHolder, signIns: readonly SignIn[]): string {
  const rows = signIns.map((s) => `<tr>
<td>${when(s.createdDateTime)}</td>
<td>${escapeHtml(s.appDisplayName)}</td>
<td>${escapeHtml(s.ipAddress)}</td>
<td>${s.status.errorCode === 0 ? '<span class="badge success">Success</span>' : `<span class="badge failure">Failure (${s.status.errorCode})</span><br><span class="muted">${escapeHtml(s.status.additionalDetails ?? s.status.failureReason)}</span>`}</td>
</tr>`).join('\n');
  return accountPage('My sign-ins', who, `<h1>My sign-ins</h1>
<p class="lead">Your recent sign-ins. If one wasn’t you, tell your administrator.</p>
<section class="panel" aria-label="Recent sign-ins">
${signIns.length ? `<table>
<thead><tr><th scope="col">When (UTC)</th><th scope="col">Application</th><th scope="col">IP address</th><th scope="col">Result</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>` : '<p class="muted">No sign-ins yet.</p>'}
</section>`, { current: 'sign-ins' });
}
