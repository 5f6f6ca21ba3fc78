import { tapEnd, type TemporaryAccessPass } from '../authn/index.ts';
import { alert, escapeHtml, page } from '../oidc/index.ts';
import type { RecoveryRefusal } from './recovery-audit.ts';

/**
 * The recovery pages, in the sign-in pages' frame (same look, same CSP, no script): work without
 * JavaScript and with a screen reader. What a refusal says is chosen so that someone who
 * verified *their own* identity learns no more than they need: a missing, disabled or
 * differently named account all read "doesn't match".
 */

const askAdmin = '<p>You can also ask your administrator for a Temporary Access Pass.</p>';

export interface StartPageInput {
  verifiers: ReadonlyArray<{ id: string; displayName: string }>;
  username?: string;
  error?: string | undefined;
}

export function startPage(input: StartPageInput): string {
  if (input.verifiers.length === 0) {
    return page('Recover your account', `<h1>Recover your account</h1>
<p>Self-service account recovery is not set up for this organization.</p>
<p>Ask your administrator for a Temporary Access Pass: with it you can sign in once and add new sign-in methods at <a href="/my/security-info">Security info</a>.</p>`);
  }
  const [only] = input.verifiers;
  const choice = input.verifiers.length === 1
    ? `<input type="hidden" name="verifier" value="${escapeHtml(only!.id)}">
<p>You will verify with <strong>${escapeHtml(only!.displayName)}</strong>.</p>`
    : `<fieldset><legend>Verify with</legend>
${input.verifiers.map((v, i) => `<label><input type="radio" name="verifier" value="${escapeHtml(v.id)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(v.displayName)}</label>`).join('\n')}
</fieldset>`;
  return page('Recover your account', `<h1>Recover your account</h1>
<p class="lead">Lost every way to sign in? Prove who you are with a government ID and a selfie at an identity verification service. If the name on your ID matches your account, you get a Temporary Access Pass to add new sign-in methods.</p>
${alert(input.error)}
<form method="post" action="/recover">
<label for="username">Email or username</label>
<input id="username" name="username" type="email" autocomplete="username" spellcheck="false" maxlength="256" required value="${escapeHtml(input.username ?? '')}">
${choice}
<div class="actions"><button class="primary" type="submit">Verify my identity</button></div>
</form>
${askAdmin}`);
}

const refusalMessages: Record<RecoveryRefusal, string> = {
  browserMismatch: 'This verification was started in another browser. Start again here.',
  attemptExpired: 'This recovery took too long and has expired. Start again.',
  attemptReplayed: 'This recovery link was already used. Start again.',
  verifierUnavailable: 'This verification service is no longer offered. Start again.',
  verificationFailed: 'The verification service could not confirm your identity.',
  evidenceNotBound: 'The verification service’s answer does not belong to this recovery. Start again.',
  accountNotFound: 'The name on your ID does not match the account you entered.',
  accountDisabled: 'The name on your ID does not match the account you entered.',
  namesMissing: 'The name on your ID does not match the account you entered.',
  nameMismatch: 'The name on your ID does not match the account you entered.',
  ambiguousName: 'Another account has the same name as yours, so your account can’t be recovered this way.',
  administrator: 'Accounts with administrator roles can’t be recovered this way. Ask another administrator for a Temporary Access Pass.',
  temporaryAccessPassNotEnabled: 'Your identity was verified, but your organization does not let your account use a Temporary Access Pass, which recovery gives you. Ask your administrator.',
};

export function refusedPage(refusal: RecoveryRefusal, correlationId: string): string {
  return page('Account not recovered', `<h1>We couldn’t recover your account</h1>
${alert(refusalMessages[refusal])}
<p><a href="/recover">Start again</a></p>
${askAdmin}
<dl><dt>Correlation ID</dt><dd><code>${escapeHtml(correlationId)}</code></dd></dl>
<p>If you ask for help, give the correlation ID: it lets an administrator find this attempt in the audit log.</p>`);
}

/** Any other problem (bad form, rate limit, provider unreachable): the start page's frame, with a reason. */
export function problemPage(message: string, correlationId: string): string {
  return page('Account not recovered', `<h1>We couldn’t recover your account</h1>
${alert(message)}
<p><a href="/recover">Start again</a></p>
<dl><dt>Correlation ID</dt><dd><code>${escapeHtml(correlationId)}</code></dd></dl>`);
}

export function evaluatedPage(userPrincipalName: string): string {
  return page('Identity verified', `<h1>Your identity was verified</h1>
<p role="status">The name on your ID matches <strong>${escapeHtml(userPrincipalName)}</strong>.</p>
<p>Your organization is still testing account recovery, so no pass was issued and nothing changed on your account.</p>
${askAdmin}`);
}

const utc = (d: Date) => escapeHtml(d.toUTCString());

export function recoveredPage(input: { userPrincipalName: string; tap: TemporaryAccessPass; code: string; passkeysRemoved: number; sessionsRevoked: boolean }): string {
  const start = new Date(input.tap.startDateTime);
  const revoked = input.sessionsRevoked
    ? `<p>To lock out whoever has your old devices, you were signed out everywhere${input.passkeysRemoved === 0 ? ''
      : ` and ${input.passkeysRemoved === 1 ? 'your passkey was' : `your ${input.passkeysRemoved} passkeys were`} removed`}.</p>`
    : '';
  return page('Your Temporary Access Pass', `<h1>Your account is recovered</h1>
<p role="status">Here is your Temporary Access Pass for <strong>${escapeHtml(input.userPrincipalName)}</strong>. Write it down now: it is shown only once.</p>
<p><code class="user-code" id="temporary-access-pass">${escapeHtml(input.code)}</code></p>
<p>It works once, from ${utc(start)} until ${utc(tapEnd(input.tap))}.</p>
${revoked}
<p>Next: go to <a href="/my/security-info">Security info</a>, sign in with this pass, and add a passkey.</p>`);
}
