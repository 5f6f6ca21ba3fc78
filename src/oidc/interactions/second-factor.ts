import type Router from '@koa/router';
import type { Context } from 'koa';
import { errors } from 'oidc-provider';
import { createSoftwareOathRepository, methodPolicyTargets, readSoftwareOathPolicy } from '../../authn/index.ts';
import type { User } from '../../directory/index.ts';
import { sendPage } from '../pages/html.ts';
import { oathCodePage, usernamePage } from '../pages/sign-in-pages.ts';
import { authStep } from './authentication-steps.ts';
import type { InteractionDeps } from './index.ts';
import { field, finishInteraction, loadInteraction, type LoadedInteraction } from './interaction-context.ts';
import { recordInteractive } from './record-interactive.ts';
import { endNotAssigned, signInGate } from './sign-in-gate.ts';
import { offerFor } from './sign-in-offer.ts';

/**
 * The second step after a right password, for users who registered an authenticator app
 * (RFC 6238). Between the two steps the interaction itself holds who passed the password:
 * oidc-provider stores it server-side with the interaction, bound to the browser's interaction
 * cookie, so nothing a page could alter carries it.
 */
interface PendingSecondFactor {
  accountId: string;
  username: string;
  /** When the password was right, in ms. */
  passwordAt: number;
  wrongCodes: number;
}

const resultKey = 'limenSecondFactor';
/** Time to type the code after the password; then the password is asked again. */
const secondStepMs = 5 * 60_000;
/** Wrong codes one password allows, well below the 10^6 codes there are. */
const maxWrongCodes = 5;

async function savePending(ctx: Context, deps: InteractionDeps, pending: PendingSecondFactor | undefined): Promise<void> {
  await deps.provider.interactionResult(ctx.req, ctx.res, pending ? { [resultKey]: pending } : {}, { mergeWithLastSubmission: false });
}

/** Whether this user must also give a code: the policy targets them and they have an app. */
export async function needsOathCode(deps: InteractionDeps, userId: string, groupIds: readonly string[]): Promise<boolean> {
  if (!methodPolicyTargets(await readSoftwareOathPolicy(deps.db), groupIds)) return false;
  return (await createSoftwareOathRepository(deps.db, deps.secretBox).listForUser(userId)).length > 0;
}

/** After a right password: remember it in the interaction, log the interrupt, ask for the code. */
export async function askForOathCode(ctx: Context, deps: InteractionDeps, interaction: LoadedInteraction, user: User, username: string): Promise<void> {
  await savePending(ctx, deps, { accountId: user.id, username, passwordAt: Date.now(), wrongCodes: 0 });
  recordInteractive(ctx, deps, interaction, 'strongAuthRequired', user, username, {
    additionalDetails: 'Password verified; the user was asked for a code from their authenticator app.',
    authenticationDetails: [authStep('Password', true, 'Correct password')],
  });
  sendPage(ctx, oathCodePage({ uid: interaction.details.uid, appName: interaction.appName, username }));
}

export function secondFactorRoutes(router: Router, deps: InteractionDeps): void {
  const { provider, directory, lockout } = deps;

  router.post('/:uid/otp', async (ctx) => {
    const interaction = await loadInteraction(ctx, deps);
    const { details, appName } = interaction;
    if (details.prompt.name !== 'login') throw new errors.InvalidRequest('this sign-in step is not expecting a code');
    const pending = (details.result as Record<string, unknown> | undefined)?.[resultKey] as PendingSecondFactor | undefined;
    const startAgain = (error: string) => sendPage(ctx, usernamePage({ uid: details.uid, appName, error, offer: offerFor(deps, interaction) }), 400);
    if (!pending || Date.now() - pending.passwordAt > secondStepMs) {
      return startAgain('Your sign-in took too long. Enter your username and password again.');
    }
    const user = await directory.users.get(pending.accountId);
    if (!user?.accountEnabled) return startAgain('Your account has been disabled. Contact your administrator. (AADSTS50057)');

    const code = field(ctx, 'otp').replace(/\s/g, '');
    const subject = await lockout.subjectOf(user.id, pending.username);
    const passwordStep = authStep('Password', true, 'Correct password', { at: new Date(pending.passwordAt) });
    if ((await lockout.check(subject, ctx.ip)).locked) {
      recordInteractive(ctx, deps, interaction, 'userLocked', user, pending.username, { authenticationDetails: [passwordStep] });
      await savePending(ctx, deps, undefined);
      return startAgain('Your account is temporarily locked to prevent unauthorized use. Try again later, and if you still have trouble, contact your administrator. (AADSTS50053)');
    }
    const check = await createSoftwareOathRepository(deps.db, deps.secretBox).verify(user.id, code.slice(0, 16), new Date());
    if (!check.ok) {
      // Wrong codes count for smart lockout like wrong passwords (a repeated one counts once).
      await lockout.recordFailure(subject, ctx.ip, `otp\0${code.slice(0, 16)}`);
      const detail = check.reason === 'replayed' ? 'The code was already used' : 'Incorrect code';
      recordInteractive(ctx, deps, interaction, 'oathCodeIncorrect', user, pending.username, {
        additionalDetails: `${detail}.`,
        authenticationDetails: [passwordStep, authStep('OATH verification code', false, detail, { secondFactor: true })],
      });
      const wrongCodes = pending.wrongCodes + 1;
      if (wrongCodes >= maxWrongCodes) {
        await savePending(ctx, deps, undefined);
        return startAgain('Too many wrong codes. Enter your username and password again.');
      }
      await savePending(ctx, deps, { ...pending, wrongCodes });
      const error = check.reason === 'replayed'
        ? 'That code was already used. Wait for the next code in your app and enter it.'
        : 'That code didn’t work. Check the code in your authenticator app and try again.';
      return sendPage(ctx, oathCodePage({ uid: details.uid, appName, username: pending.username, error }), 400);
    }
    await lockout.recordSuccess(subject, ctx.ip);
    const steps = [passwordStep, authStep('OATH verification code', true, 'Correct code', { secondFactor: true })];
    const gate = await signInGate(ctx, deps, interaction, user, { modes: ['password', 'softwareOath'] });
    if (!gate.ok) {
      await savePending(ctx, deps, undefined);
      recordInteractive(ctx, deps, interaction, gate.outcome, user, pending.username, { additionalDetails: gate.detail, authenticationDetails: steps, ...gate.ca });
      if (gate.outcome === 'userNotAssigned') return endNotAssigned(ctx, deps, interaction, user, gate.message);
      return sendPage(ctx, usernamePage({ uid: details.uid, appName, error: gate.message, offer: gate.offer }), 400);
    }
    recordInteractive(ctx, deps, interaction, 'success', user, pending.username, {
      ...gate.ca,
      authenticationRequirement: 'multiFactorAuthentication',
      authenticationDetails: steps,
    });
    await finishInteraction(ctx, provider, {
      // RFC 8176: password ('pwd') and a one-time password ('otp'), together multifactor ('mfa').
      login: { accountId: user.id, amr: ['pwd', 'otp', 'mfa'], acr: gate.acr, remember: gate.remember },
    });
  });
}
