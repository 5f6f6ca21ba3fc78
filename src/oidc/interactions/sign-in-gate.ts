/**
 * The last check of every interactive sign-in, once the user has proved who they are: whether
 * the app lets in only assigned people ("Assignment required?"), the strength the app asked for
 * (`acr_values`), then Conditional Access for this user, app and request. It decides before
 * anything is used up (a one-time pass), and returns what the sign-in log records either way.
 */
import type { Context } from 'koa';
import type { MethodsUsed } from '../../authn/index.ts';
import type { CaEvaluation } from '../../conditional-access/index.ts';
import type { User } from '../../directory/index.ts';
import type { SignInErrorName } from '../../logs/index.ts';
import { assignmentRefusal, notAssignedMessage } from '../assignment-required.ts';
import { caLogFields, evaluateInteractive } from '../conditional-access.ts';
import { correlationIdOf } from '../correlation.ts';
import { sendPage } from '../pages/html.ts';
import { notAssignedPage, type SignInOffer } from '../pages/sign-in-pages.ts';
import { describeStrengths, offeredMethods } from '../requested-strength.ts';
import type { InteractionDeps } from './index.ts';
import type { LoadedInteraction } from './interaction-context.ts';
import { offerFor, strengthOutcome } from './sign-in-offer.ts';

type CaLog = ReturnType<typeof caLogFields>;

export type GateResult =
  /**
   * `remember`: whether the browser session may outlive the browser (oidc-provider's `remember`,
   * a session cookie with an expiry). Not when the enforced policies say persistent browser
   * `never`; `always`, or no such policy, keeps Limen's persistent session. Entra: "never persist"
   * makes the session end when the browser closes.
   * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-session-lifetime
   */
  | { ok: true; acr: string | undefined; remember: boolean; ca: CaLog }
  | { ok: false; outcome: SignInErrorName; message: string; detail: string; offer: SignInOffer; ca: CaLog };

const blocked = 'Your sign-in was blocked by your organization’s Conditional Access policy. Contact your administrator if you need this app. (AADSTS53003)';

export async function signInGate(
  ctx: { ip: string; get(header: string): string },
  deps: InteractionDeps,
  interaction: LoadedInteraction,
  user: User,
  used: MethodsUsed,
): Promise<GateResult> {
  const offer = offerFor(deps, interaction);
  // Assignment is decided on the app signed in to, before anything else: nothing else matters.
  const notAssigned = interaction.clientSpId ? await assignmentRefusal(deps, interaction.clientSpId, user.id) : undefined;
  if (notAssigned) {
    return {
      ok: false, outcome: 'userNotAssigned', message: notAssignedMessage(notAssigned, user.userPrincipalName),
      detail: `'${notAssigned.displayName}' requires assignment (appRoleAssignmentRequired), and neither the user nor a group they are a direct member of is assigned to it.`,
      offer, ca: {},
    };
  }
  const strength = strengthOutcome(interaction, used);
  // Conditional Access decides on the resource the token is for; a plain sign-in, on the app itself.
  const appId = interaction.resource?.appId ?? interaction.clientId;
  let evaluation: CaEvaluation | undefined;
  try {
    evaluation = await evaluateInteractive(deps, {
      ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined, authenticationFlow: interaction.authenticationFlow,
    }, user, appId, used);
  } catch (error) {
    // Never a silent allow: a policy that cannot be evaluated refuses the sign-in.
    process.stderr.write(`limen: Conditional Access evaluation failed: ${(error as Error).stack ?? String(error)}\n`);
    return { ok: false, outcome: 'blockedByConditionalAccess', message: blocked, detail: 'Conditional Access could not be evaluated.', offer, ca: { conditionalAccessStatus: 'failure' } };
  }
  const ca = caLogFields(evaluation);
  if (!strength.ok) return { ok: false, outcome: 'mfaRequired', message: strength.message, detail: strength.detail, offer, ca };
  const decision = evaluation.decision;
  if (decision.action === 'allow') return { ok: true, acr: strength.acr, remember: evaluation.sessionControls.persistentBrowser !== 'never', ca };
  const names = (ids: readonly string[]) => evaluation!.policies.filter((p) => ids.includes(p.id)).map((p) => `'${p.displayName}'`).join(', ');
  if (decision.action === 'block') {
    return {
      ok: false, outcome: 'blockedByConditionalAccess', message: decision.errorCode === 53003 ? blocked
        : `Your organization’s Conditional Access policy requires something Limen cannot check for this sign-in (${decision.controls.join(', ')}). Contact your administrator. (AADSTS${decision.errorCode})`,
      detail: `Blocked by ${names(decision.policyIds)} (${decision.controls.join(', ')}).`, offer, ca,
    };
  }
  // A prompt: the methods used fall short of a strength (or MFA) some policy requires.
  const required = decision.requiredStrengths;
  const stepUp = required.length ? offeredMethods(required) : offer;
  return {
    ok: false,
    outcome: 'mfaRequired',
    message: `Your organization requires a stronger sign-in for ${interaction.appName}. ${required.length ? `${describeStrengths(required)}.` : ''}`.trim(),
    detail: `Conditional Access ${names(decision.policyIds)} requires ${decision.controls.join(', ')} (AADSTS${decision.errorCode}); the methods used were ${used.modes.join(', ') || 'none'}.`,
    offer: { ...offer, password: offer.password && stepUp.password, tap: offer.tap && stepUp.tap, passkey: offer.passkey && stepUp.passkey },
    ca,
  };
}

/**
 * Ends a sign-in the gate refused for want of an assignment: the interaction finishes with
 * access_denied (the app gets `error=access_denied` and the AADSTS50105 description at its
 * redirect URI, as from Entra), and the person reads why, with a way back to the app. Other
 * refusals stay on the sign-in page: another method or a stronger sign-in may still do.
 */
export async function endNotAssigned(ctx: Context, deps: InteractionDeps, interaction: LoadedInteraction, user: User, message: string): Promise<void> {
  const returnTo = await deps.provider.interactionResult(ctx.req, ctx.res, { error: 'access_denied', error_description: message }, { mergeWithLastSubmission: false });
  sendPage(ctx, notAssignedPage({
    appName: interaction.appName, username: user.userPrincipalName, returnTo, correlationId: correlationIdOf(ctx),
    deviceFlow: interaction.authenticationFlow === 'deviceCodeFlow',
  }), 403);
}
