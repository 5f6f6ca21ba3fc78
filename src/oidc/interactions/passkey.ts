import type Router from '@koa/router';
import { errors } from 'oidc-provider';
import { credentialFromForm, decidePasskey, passkeyTraits, readFido2Policy, type Passkey, type PasskeyDecision } from '../../authn/index.ts';
import { sendPage } from '../pages/html.ts';
import { usernamePage } from '../pages/sign-in-pages.ts';
import type { InteractionDeps } from './index.ts';
import { field, finishInteraction, loadInteraction } from './interaction-context.ts';
import { authStep } from './authentication-steps.ts';
import { recordInteractive } from './record-interactive.ts';
import { endNotAssigned, signInGate } from './sign-in-gate.ts';
import { offerFor } from './sign-in-offer.ts';

/**
 * Passkey sign-in inside an interaction: options bound to this interaction's uid, then the
 * browser's assertion posted as a form field. A passkey alone is a multifactor sign-in (the
 * device plus user verification). Smart lockout does not apply: a password spray that locked
 * the password must not lock out the passkey, which cannot be guessed.
 */
export function passkeyRoutes(router: Router, deps: InteractionDeps): void {
  const { provider, directory } = deps;

  router.post('/:uid/passkey/options', async (ctx) => {
    const { details } = await loadInteraction(ctx, deps);
    assertLogin(details.prompt.name);
    if (!deps.passkeys) throw new errors.InvalidRequest('passkeys need Limen to be reached by a domain name, not an IP address');
    ctx.set('cache-control', 'no-store');
    ctx.body = await deps.passkeys.authenticationOptions(details.uid);
  });

  router.post('/:uid/passkey', async (ctx) => {
    const interaction = await loadInteraction(ctx, deps);
    const { details, appName } = interaction;
    assertLogin(details.prompt.name);
    const refuse = (message: string) =>
      sendPage(ctx, usernamePage({ uid: details.uid, appName, error: message, offer: offerFor(deps, interaction), autofill: false }), 400);
    if (!deps.passkeys) return refuse('Passkeys are not available on this server.');

    const raw = field(ctx, 'credential');
    const response = credentialFromForm(raw);
    const result = response === undefined
      ? { ok: false as const, kind: 'invalid' as const, reason: 'the passkey response is malformed' }
      : await deps.passkeys.authenticate(details.uid, response, (passkey) => decide(deps, passkey));

    const passkey = result.ok ? result.passkey : result.passkey;
    const user = passkey ? await directory.users.get(passkey.userId) : undefined;
    if (!result.ok) {
      recordInteractive(ctx, deps, interaction, result.kind === 'notAllowed' ? 'passkeyNotAllowed' : 'passkeyVerificationFailed',
        user, user?.userPrincipalName ?? '(unknown passkey)', {
          additionalDetails: `Passkey refused: ${result.reason}.`,
          authenticationDetails: [passkeyStep(passkey, false, result.kind === 'notAllowed' ? 'Passkey not allowed by policy' : 'Passkey could not be verified')],
        });
      return refuse(result.kind === 'notAllowed'
        ? `You can’t sign in with this passkey: ${result.reason}. Use another passkey or ask your administrator.`
        : 'We couldn’t verify your passkey. Try again, or sign in another way.');
    }
    if (!user || !user.accountEnabled) {
      recordInteractive(ctx, deps, interaction, user ? 'userDisabled' : 'userNotFound', user, user?.userPrincipalName ?? '(unknown passkey)');
      return refuse('Your account has been disabled. Contact your administrator. (AADSTS50057)');
    }
    const step = passkeyStep(result.passkey, true, 'Passkey verified');
    const gate = await signInGate(ctx, deps, interaction, user, {
      modes: ['fido2'], passkey: { aaGuid: result.passkey.aaGuid, passkeyType: result.passkey.backupEligible ? 'synced' : 'deviceBound' },
    });
    if (!gate.ok) {
      recordInteractive(ctx, deps, interaction, gate.outcome, user, user.userPrincipalName, { additionalDetails: gate.detail, authenticationDetails: [step], ...gate.ca });
      if (gate.outcome === 'userNotAssigned') return endNotAssigned(ctx, deps, interaction, user, gate.message);
      return refuse(gate.message);
    }
    recordInteractive(ctx, deps, interaction, 'success', user, user.userPrincipalName, {
      ...gate.ca,
      additionalDetails: `Passkey: ${result.passkey.displayName} (${result.passkey.backupEligible ? 'synced' : 'device-bound'}).`,
      authenticationRequirement: 'multiFactorAuthentication',
      authenticationDetails: [step],
    });
    await finishInteraction(ctx, provider, {
      // RFC 8176: a key held in hardware ('hwk') or in a synced keychain ('swk'), with user
      // verification, which makes it multifactor ('mfa'); 'fido' names the method, as Entra's.
      login: { accountId: user.id, amr: ['fido', result.passkey.backupEligible ? 'swk' : 'hwk', 'mfa'], acr: gate.acr, remember: gate.remember },
    });
  });
}

function passkeyStep(passkey: Passkey | undefined, succeeded: boolean, result: string) {
  const detail = passkey ? `${passkey.displayName} (AAGUID ${passkey.aaGuid})` : null;
  return authStep(passkey?.backupEligible ? 'Passkey (synced)' : 'Passkey (device-bound)', succeeded, result, { detail });
}

/** The passkey policy for the passkey's user at sign-in: profiles are enforced again. */
async function decide(deps: InteractionDeps, passkey: Passkey): Promise<PasskeyDecision> {
  const policy = await readFido2Policy(deps.db);
  const groups = await deps.directory.groups.transitiveGroupIds(passkey.userId);
  return decidePasskey(policy, groups, passkeyTraits(passkey), 'signIn');
}

function assertLogin(prompt: string): void {
  if (prompt !== 'login') throw new errors.InvalidRequest('this sign-in step is not expecting a passkey');
}
