import type { MethodsUsed } from '../../authn/index.ts';
import type { SignInOffer } from '../pages/sign-in-pages.ts';
import { describeStrengths, firstSatisfied, offeredMethods } from '../requested-strength.ts';
import type { InteractionDeps } from './index.ts';
import type { LoadedInteraction } from './interaction-context.ts';

/** The ways to sign in this interaction offers: what its strengths allow and the server supports. */
export function offerFor(deps: Pick<InteractionDeps, 'passkeys' | 'accountRecovery'>, interaction: LoadedInteraction): SignInOffer {
  const offered = offeredMethods(interaction.strengths);
  return {
    ...offered,
    passkey: offered.passkey && Boolean(deps.passkeys),
    recovery: deps.accountRecovery,
    requirement: interaction.strengths.length
      ? `${interaction.appName} asks for a stronger sign-in. ${describeStrengths(interaction.strengths)}.`
      : undefined,
  };
}

/**
 * At the end of a sign-in: the `acr` to record (the strength met), or why the methods used fall
 * short of every strength the app asked for.
 */
export type StrengthOutcome = { ok: true; acr: string | undefined } | { ok: false; message: string; detail: string };

export function strengthOutcome(interaction: LoadedInteraction, used: MethodsUsed): StrengthOutcome {
  if (interaction.strengths.length === 0) return { ok: true, acr: undefined };
  const met = firstSatisfied(interaction.strengths, used);
  if (met) return { ok: true, acr: met.id };
  const names = interaction.strengths.map((s) => `'${s.displayName}'`).join(' or ');
  return {
    ok: false,
    message: `${interaction.appName} asks for a stronger sign-in than this. ${describeStrengths(interaction.strengths)}.`,
    detail: `The methods used (${used.modes.join(', ') || 'none'}) do not satisfy the authentication strength ${names} the application requested.`,
  };
}
