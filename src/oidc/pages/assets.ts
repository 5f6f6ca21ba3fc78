import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stylesheet } from './stylesheet.ts';

/**
 * What Limen's pages load, served from /assets on Limen's own origin (CSP `script-src 'self'`,
 * `style-src 'self'`): their one stylesheet, @simplewebauthn/browser's bundle and two small
 * scripts that drive it.
 * The scripts work with plain forms: they fetch ceremony options, ask the browser for a
 * passkey, and submit its answer in a hidden field, so the server does the rest as for any form.
 */

/** @simplewebauthn/browser's UMD bundle (global `SimpleWebAuthnBrowser`), read once at start. */
const webauthnBundle = readFileSync(
  fileURLToPath(new URL('../dist/bundle/index.umd.min.js', import.meta.resolve('@simplewebauthn/browser'))),
  'utf8',
);

/**
 * Sign-in page: conditional UI (passkeys offered in the username field's autofill) and an
 * explicit "Sign in with a passkey" button; both post the assertion to the form's action.
 */
const passkeySignIn = String.raw`(() => {
  const form = document.getElementById('passkey-form');
  const status = document.getElementById('passkey-status');
  const lib = window.SimpleWebAuthnBrowser;
  if (!form || !lib || !lib.browserSupportsWebAuthn()) return;
  form.hidden = false;
  const optionsUrl = form.dataset.options;
  const fail = (message) => { status.textContent = message; status.className = 'error'; };
  const run = async (useBrowserAutofill) => {
    const response = await fetch(optionsUrl, { method: 'POST', credentials: 'same-origin' });
    if (!response.ok) throw new Error('This sign-in has expired. Reload the page and try again.');
    const optionsJSON = await response.json();
    const credential = await lib.startAuthentication({ optionsJSON, useBrowserAutofill });
    form.elements.credential.value = JSON.stringify(credential);
    form.submit();
  };
  document.getElementById('passkey-button').addEventListener('click', () => {
    status.textContent = '';
    run(false).catch((error) => fail(error.name === 'NotAllowedError'
      ? 'No passkey was used. Try again, or sign in another way.'
      : error.message));
  });
  if (!document.querySelector('input[autocomplete~="webauthn"]')) return;
  lib.browserSupportsWebAuthnAutofill().then((supported) => {
    if (supported) run(true).catch(() => {}); // cancelled when the button starts a ceremony
  });
})();
`;

/**
 * My Security Info: registers a passkey. Fetches creation options, runs the ceremony, and posts
 * the attestation with the name the user typed.
 */
const passkeyRegistration = String.raw`(() => {
  const form = document.getElementById('add-passkey');
  const status = document.getElementById('add-passkey-status');
  const lib = window.SimpleWebAuthnBrowser;
  if (!form || !lib) return;
  if (!lib.browserSupportsWebAuthn()) {
    status.textContent = 'This browser cannot create passkeys.';
    return;
  }
  form.hidden = false;
  form.addEventListener('submit', async (event) => {
    if (form.elements.credential.value) return; // second pass: the real submit
    event.preventDefault();
    status.textContent = 'Follow your browser’s prompts to create the passkey…';
    status.className = '';
    try {
      const response = await fetch(form.dataset.options, { method: 'POST', credentials: 'same-origin', headers: { 'x-limen-request': '1' } });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error && body.error.message || 'Could not start passkey registration.');
      const credential = await lib.startRegistration({ optionsJSON: body });
      form.elements.credential.value = JSON.stringify(credential);
      form.submit();
    } catch (error) {
      status.className = 'error';
      status.textContent = error.name === 'InvalidStateError'
        ? 'This authenticator already holds a passkey for your account.'
        : error.name === 'NotAllowedError' ? 'No passkey was created. Try again when you are ready.' : error.message;
    }
  });
})();
`;

const script = 'text/javascript; charset=utf-8';
const assets = new Map<string, { type: string; body: string }>([
  ['/assets/limen.css', { type: 'text/css; charset=utf-8', body: stylesheet }],
  ['/assets/webauthn.js', { type: script, body: webauthnBundle }],
  ['/assets/passkey-sign-in.js', { type: script, body: passkeySignIn }],
  ['/assets/passkey-registration.js', { type: script, body: passkeyRegistration }],
]);

export const assetPaths = {
  stylesheet: '/assets/limen.css',
  webauthn: '/assets/webauthn.js',
  passkeySignIn: '/assets/passkey-sign-in.js',
  passkeyRegistration: '/assets/passkey-registration.js',
} as const;

/** The stylesheet's link, versioned by its content so an upgrade's new look is not hidden by the cache. */
export const stylesheetHref = `${assetPaths.stylesheet}?v=${createHash('sha256').update(stylesheet).digest('base64url').slice(0, 12)}`;

/** Serves an asset, or returns false for any other path. Cached for an hour (same content per version). */
export function serveAsset(ctx: { path: string; method: string; status: number; body: unknown; set(k: string, v: string): void }): boolean {
  const asset = assets.get(ctx.path);
  if (asset === undefined || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return false;
  ctx.set('content-type', asset.type);
  ctx.set('cache-control', 'public, max-age=3600');
  ctx.set('x-content-type-options', 'nosniff');
  ctx.status = 200;
  ctx.body = asset.body;
  return true;
}
