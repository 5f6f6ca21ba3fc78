import type Router from '@koa/router';
import { errors } from 'oidc-provider';
import {
  burnPasswordCheck, createTapRepository, methodPolicyTargets, readPasswordMethodPolicy, readTapPolicy, tapPolicyTargets, tapUsability,
  verifyPassword, type TapUsabilityReason,
} from '../../authn/index.ts';
import type { SignInErrorName } from '../../logs/index.ts';
import { hasNul } from '../nul.ts';
import { sendPage } from '../pages/html.ts';
import { passwordPage, usernamePage } from '../pages/sign-in-pages.ts';
import { authStep } from './authentication-steps.ts';
import { showConsent } from './consent.ts';
import type { InteractionDeps } from './index.ts';
import { field, finishInteraction, loadInteraction } from './interaction-context.ts';
import { recordInteractive } from './record-interactive.ts';
import { askForOathCode, needsOathCode } from './second-factor.ts';
import { endNotAssigned, signInGate } from './sign-in-gate.ts';
import { offerFor } from './sign-in-offer.ts';

/** What the user reads for each refusal; unknown user and wrong password read the same. */
const messages: Partial<Record<SignInErrorName, string>> = {
  invalidUsernameOrPassword: 'Your account or password is incorrect. If you don’t remember your password, ask your administrator to reset it. (AADSTS50126)',
  userNotFound: 'Your account or password is incorrect. If you don’t remember your password, ask your administrator to reset it. (AADSTS50126)',
  userDisabled: 'Your account has been disabled. Contact your administrator. (AADSTS50057)',
  // Entra's smart lockout wording; shown whatever the password was, so it reveals nothing about it.
  userLocked: 'Your account is temporarily locked to prevent unauthorized use. Try again later, and if you still have trouble, contact your administrator. (AADSTS50053)',
};

/** A Temporary Access Pass that is right but cannot sign in now (it was not a wrong guess). */
const tapRefusals: Record<Exclude<TapUsabilityReason, 'EnabledByPolicy'>, string> = {
  Expired: 'Your Temporary Access Pass has expired. Ask your administrator for a new one.',
  NotYetValid: 'Your Temporary Access Pass is not valid yet. Try again after the start time your administrator gave you.',
  OneTimeUsed: 'Your Temporary Access Pass has already been used. Ask your administrator for a new one.',
  DisabledByPolicy: 'Temporary Access Pass sign-in is not enabled for your account. Contact your administrator.',
};
const passwordOff = 'Password sign-in is not enabled for your account. Sign in with a passkey or a Temporary Access Pass from your administrator.';
const wrongTap = 'Your account or Temporary Access Pass is incorrect. If you don’t have a valid pass, ask your administrator for a new one. (AADSTS50126)';

export function signInRoutes(router: Router, deps: InteractionDeps): void {
  const { provider, directory, lockout } = deps;

  router.get('/:uid', async (ctx) => {
    const interaction = await loadInteraction(ctx, deps);
    const { prompt, params } = interaction.details;
    if (prompt.name === 'consent') return showConsent(ctx, deps, interaction);
    const hint = typeof params.login_hint === 'string' ? params.login_hint : undefined;
    sendPage(ctx, usernamePage({ uid: interaction.details.uid, appName: interaction.appName, username: hint, offer: offerFor(deps, interaction) }));
  });

  router.post('/:uid/username', async (ctx) => {
    const interaction = await loadInteraction(ctx, deps);
    const { details, appName } = interaction;
    assertLoginPrompt(details.prompt.name);
    const offer = offerFor(deps, interaction);
    const username = field(ctx, 'username').trim();
    if (!username) {
      return sendPage(ctx, usernamePage({ uid: details.uid, appName, error: 'Enter your email or username.', offer }), 400);
    }
    // No lookup here: whether the account exists is learnt only with a password (no enumeration).
    sendPage(ctx, passwordPage({ uid: details.uid, appName, username, offer }));
  });

  router.post('/:uid/login', async (ctx) => {
    const interaction = await loadInteraction(ctx, deps);
    const { details, appName } = interaction;
    assertLoginPrompt(details.prompt.name);
    const offer = offerFor(deps, interaction);
    const username = field(ctx, 'username').trim();
    const password = field(ctx, 'password');
    if (!username) return sendPage(ctx, usernamePage({ uid: details.uid, appName, offer }), 400);

    // Users sign in with their userPrincipalName only; the directory would also take an object id.
    const record = username.includes('@') && !hasNul(username) ? await directory.users.getCredentials(username) : undefined;
    // Smart lockout: unknown names are counted like users (by a keyed hash of the name), so
    // answers and timing do not tell which accounts exist.
    const subject = await lockout.subjectOf(record?.user.id, username);
    const ip = ctx.ip;
    let outcome: SignInErrorName;
    if ((await lockout.check(subject, ip)).locked) {
      outcome = 'userLocked'; // no argon2 work at all while locked
    } else if (!record?.passwordHash) {
      await burnPasswordCheck(password); // same cost as a wrong password: timing reveals nothing
      outcome = record ? 'invalidUsernameOrPassword' : 'userNotFound';
      await lockout.recordFailure(subject, ip, password);
    } else if (!(await verifyPassword(password, record.passwordHash))) {
      outcome = 'invalidUsernameOrPassword';
      await lockout.recordFailure(subject, ip, password);
    } else if (!record.user.accountEnabled) {
      outcome = 'userDisabled'; // told only to someone who knows the password
    } else {
      outcome = 'success';
      await lockout.recordSuccess(subject, ip);
    }

    if (outcome !== 'success') {
      recordInteractive(ctx, deps, interaction, outcome, record?.user, username, {
        authenticationDetails: [authStep('Password', false, outcome === 'userLocked' ? 'Account locked' : outcome === 'userDisabled' ? 'Account disabled' : 'Invalid username or password')],
      });
      return sendPage(ctx, passwordPage({ uid: details.uid, appName, username, error: messages[outcome], offer }), 400);
    }
    const user = record!.user;
    const groups = await directory.groups.transitiveGroupIds(user.id);
    // The password method policy (Limen's addition) is told only to someone who knows the password.
    if (!methodPolicyTargets(await readPasswordMethodPolicy(deps.db), groups)) {
      recordInteractive(ctx, deps, interaction, 'invalidUsernameOrPassword', user, username, {
        additionalDetails: 'Password sign-in is disabled for this user by the authentication methods policy.',
        authenticationDetails: [authStep('Password', false, 'Password not allowed by policy')],
      });
      return sendPage(ctx, passwordPage({ uid: details.uid, appName, username, error: passwordOff, offer }), 400);
    }
    if (await needsOathCode(deps, user.id, groups)) return askForOathCode(ctx, deps, interaction, user, username);
    const passwordStep = authStep('Password', true, 'Correct password');
    const gate = await signInGate(ctx, deps, interaction, user, { modes: ['password'] });
    if (!gate.ok) {
      recordInteractive(ctx, deps, interaction, gate.outcome, user, username, { additionalDetails: gate.detail, authenticationDetails: [passwordStep], ...gate.ca });
      if (gate.outcome === 'userNotAssigned') return endNotAssigned(ctx, deps, interaction, user, gate.message);
      return sendPage(ctx, passwordPage({ uid: details.uid, appName, username, error: gate.message, offer: gate.offer }), 400);
    }
    recordInteractive(ctx, deps, interaction, outcome, user, username, { authenticationDetails: [passwordStep], ...gate.ca });
    await finishInteraction(ctx, provider, {
      // RFC 8176 `amr`: a password was used.
      login: { accountId: record!.user.id, amr: ['pwd'], acr: gate.acr, remember: gate.remember },
    });
  });

  // Temporary Access Pass instead of a password: satisfies MFA as in Entra; wrong passes count
  // for smart lockout like wrong passwords; a one-time pass is consumed by a compare-and-set.
  router.post('/:uid/tap', async (ctx) => {
    const interaction = await loadInteraction(ctx, deps);
    const { details, appName } = interaction;
    assertLoginPrompt(details.prompt.name);
    const offer = offerFor(deps, interaction);
    const username = field(ctx, 'username').trim();
    const code = field(ctx, 'tap').trim();
    if (!username) return sendPage(ctx, usernamePage({ uid: details.uid, appName, offer }), 400);

    const record = username.includes('@') && !hasNul(username) ? await directory.users.getCredentials(username) : undefined;
    const subject = await lockout.subjectOf(record?.user.id, username);
    const ip = ctx.ip;
    const taps = createTapRepository(deps.db);
    const now = new Date();
    let outcome: SignInErrorName;
    let refusal: string | undefined;
    let acr: string | undefined;
    let remember = true;
    let gateRefusal: Extract<Awaited<ReturnType<typeof signInGate>>, { ok: false }> | undefined;
    let ca: Awaited<ReturnType<typeof signInGate>>['ca'] = {};
    const tap = record && code && code.length <= 256 && !hasNul(code) ? await taps.matches(record.user.id, code) : undefined;
    if ((await lockout.check(subject, ip)).locked) {
      outcome = 'userLocked';
    } else if (!tap) {
      outcome = record ? 'invalidUsernameOrPassword' : 'userNotFound';
      await lockout.recordFailure(subject, ip, `tap\0${code}`);
    } else if (!record!.user.accountEnabled) {
      outcome = 'userDisabled';
    } else {
      const policy = await readTapPolicy(deps.db);
      const enabled = tapPolicyTargets(policy, await directory.groups.transitiveGroupIds(record!.user.id));
      const reason = tapUsability(tap, enabled, now);
      // Strength and Conditional Access decide before a one-time pass is used up, so a refusal does not burn it.
      const gate = reason === 'EnabledByPolicy'
        ? await signInGate(ctx, deps, interaction, record!.user, { modes: [tap.isUsableOnce ? 'temporaryAccessPassOneTime' : 'temporaryAccessPassMultiUse'] })
        : undefined;
      if (gate) ca = gate.ca;
      if (reason !== 'EnabledByPolicy') {
        refusal = tapRefusals[reason];
      } else if (gate && !gate.ok) {
        refusal = gate.message;
        gateRefusal = gate;
      } else if (tap.isUsableOnce && !(await taps.consume(tap.id, now))) {
        refusal = tapRefusals.OneTimeUsed; // a concurrent sign-in used it first
      } else {
        acr = gate?.ok ? gate.acr : undefined;
        remember = gate?.ok ? gate.remember : true;
      }
      outcome = gateRefusal ? gateRefusal.outcome : refusal ? 'invalidUsernameOrPassword' : 'success';
      if (!refusal) await lockout.recordSuccess(subject, ip);
    }

    recordInteractive(ctx, deps, interaction, outcome, record?.user, username, {
      additionalDetails: gateRefusal?.detail ?? (refusal ? `Temporary Access Pass refused: ${refusal}` : null),
      ...ca,
      authenticationRequirement: outcome === 'success' ? 'multiFactorAuthentication' : undefined,
      authenticationDetails: [authStep('Temporary Access Pass', outcome === 'success',
        outcome === 'success' ? 'Temporary Access Pass accepted' : refusal ?? (outcome === 'userLocked' ? 'Account locked' : 'Incorrect Temporary Access Pass'),
        { detail: tap ? (tap.isUsableOnce ? 'One-time use' : 'Multi-use') : null })],
    });
    if (gateRefusal?.outcome === 'userNotAssigned') return endNotAssigned(ctx, deps, interaction, record!.user, gateRefusal.message);
    if (outcome !== 'success') {
      const error = refusal ?? (outcome === 'invalidUsernameOrPassword' || outcome === 'userNotFound' ? wrongTap : messages[outcome]);
      return sendPage(ctx, passwordPage({ uid: details.uid, appName, username, error, offer: gateRefusal?.offer ?? offer }), 400);
    }
    await finishInteraction(ctx, provider, {
      // RFC 8176 has no value for a TAP; Entra-style 'tap' plus 'mfa', as a TAP satisfies MFA.
      // Sessions and tokens from it end with the pass (account.ts checks 'tap' at every use).
      login: { accountId: record!.user.id, amr: ['tap', 'mfa'], acr, remember },
    });
  });

  router.post('/:uid/abort', async (ctx) => {
    await loadInteraction(ctx, deps);
    await finishInteraction(ctx, provider, {
      error: 'access_denied',
      error_description: 'The user cancelled the sign-in.',
    });
  });
}

/** Credentials are taken only while oidc-provider asks for a login, never to switch accounts mid-consent. */
function assertLoginPrompt(prompt: string): void {
  if (prompt !== 'login') throw new errors.InvalidRequest('this sign-in step is not expecting a password');
}
