/**
 * Grant controls: compiled once (strengths resolved by id, in Microsoft's order), then judged
 * per request as met, promptable (the user can meet it by signing in now) or unmet (nothing this
 * request can do: Limen cannot verify it, or the subject cannot be prompted).
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-grant
 *
 * Fail closed:
 * - a strength id that names no strength, a control value Limen does not know
 *   (`unknownFutureValue`, the non-Graph `compliantNetwork`), terms of use, custom controls,
 *   approved-app and app-protection controls and risk remediation are never met;
 * - a compliant device or a hybrid-joined device is met only when the device facts say so
 *   (`isCompliant`, `trustType` "ServerAD"); an unknown device meets neither;
 * - workload identities and agent identities can only be blocked (Entra offers no other control
 *   for them): any other control is unmet for them, so such a policy fails their request with
 *   53003 rather than letting it through.
 */
import { builtInStrengths, satisfiesStrength, type AuthenticationStrengthPolicy } from '../../authn/index.ts';
import type { ConditionalAccessGrantControls } from '../policy.ts';
import type { CaCompileProblem } from './check.ts';
import type { CaGrantControl } from './evaluation.ts';
import type { SignInFacts } from './sign-in-facts.ts';

export const mfaStrengthId = '00000000-0000-0000-0000-000000000002';

/**
 * Microsoft's order for unmet controls: MFA first, then compliant device, hybrid join, approved
 * app, app protection, password change, terms of use, custom controls (notes §2).
 */
export const controlOrder: Record<CaGrantControl, number> = {
  block: 0, mfa: 1, authenticationStrength: 1, compliantDevice: 2, domainJoinedDevice: 3, approvedApplication: 4,
  compliantApplication: 5, passwordChange: 6, riskRemediation: 6, termsOfUse: 7, customAuthenticationFactors: 8, unsupported: 9,
};

/**
 * AADSTS codes for an unmet control (reference-error-codes.md): 50076 strong authentication
 * required, 53000 device not compliant, 53001 not domain joined, 53002 not an approved app,
 * 53005 app protection required, 50135 password change required due to account risk, 50158
 * external security challenge not satisfied, 53003 blocked by Conditional Access otherwise.
 */
export const controlErrorCodes: Record<CaGrantControl, number> = {
  block: 53003, mfa: 50076, authenticationStrength: 50076, compliantDevice: 53000, domainJoinedDevice: 53001,
  approvedApplication: 53002, compliantApplication: 53005, passwordChange: 50135, riskRemediation: 53003,
  termsOfUse: 53003, customAuthenticationFactors: 50158, unsupported: 53003,
};

/**
 * The names sign-in logs give grant controls in `enforcedGrantControls`, as Graph returns them
 * ("Mfa", "Block", "RequireCompliantDevice": Graph's signIn examples and exported logs). The
 * names for strengths, risk remediation and terms of use were not found in public logs and are
 * Limen's; a custom control appears as its own name, as in Entra.
 */
export const grantControlLogNames: Record<Exclude<CaGrantControl, 'customAuthenticationFactors' | 'unsupported'>, string> = {
  block: 'Block', mfa: 'Mfa', authenticationStrength: 'RequireAuthenticationStrength', compliantDevice: 'RequireCompliantDevice',
  domainJoinedDevice: 'RequireDomainJoinedDevice', approvedApplication: 'RequireApprovedApp', compliantApplication: 'RequireCompliantApp',
  passwordChange: 'RequirePasswordChange', riskRemediation: 'RequireRiskRemediation', termsOfUse: 'RequireTermsOfUse',
};

/** The portal's labels, for the admin console. */
export const grantControlLabels: Record<Exclude<CaGrantControl, 'unsupported'>, string> = {
  block: 'Block access', mfa: 'Require multifactor authentication', authenticationStrength: 'Require authentication strength',
  compliantDevice: 'Require device to be marked as compliant', domainJoinedDevice: 'Require Microsoft Entra hybrid joined device',
  approvedApplication: 'Require approved client app', compliantApplication: 'Require app protection policy',
  passwordChange: 'Require password change', riskRemediation: 'Require risk remediation', termsOfUse: 'Require terms of use',
  customAuthenticationFactors: 'Require custom control',
};

type BuiltInControlName = 'block' | 'mfa' | 'compliantDevice' | 'domainJoinedDevice' | 'approvedApplication' | 'compliantApplication'
  | 'passwordChange' | 'riskRemediation';

const builtInControlNames: Record<string, BuiltInControlName | undefined> = {
  block: 'block', mfa: 'mfa', compliantdevice: 'compliantDevice', domainjoineddevice: 'domainJoinedDevice',
  approvedapplication: 'approvedApplication', compliantapplication: 'compliantApplication', passwordchange: 'passwordChange',
  riskremediation: 'riskRemediation',
};

export interface CompiledControl {
  control: CaGrantControl;
  /** For mfa (the built-in MFA strength) and authenticationStrength; undefined when the id names no strength. */
  strength?: AuthenticationStrengthPolicy;
  logName: string;
}

export interface CompiledGrant {
  operator: 'AND' | 'OR';
  block: boolean;
  /** Every control but block, in Microsoft's order. */
  controls: CompiledControl[];
  logNames: string[];
}

export function compileGrant(
  g: ConditionalAccessGrantControls | null | undefined, strengths: ReadonlyMap<string, AuthenticationStrengthPolicy>,
  policyId: string, problems: CaCompileProblem[],
): CompiledGrant | undefined {
  if (!g) return undefined;
  const controls: CompiledControl[] = [];
  let block = false;
  for (const value of g.builtInControls ?? []) {
    const control = builtInControlNames[String(value).toLowerCase()];
    if (control === 'block') { block = true; continue; }
    if (!control) {
      problems.push({ policyId, message: `grant control ${value} is not supported: it is never met` });
      controls.push({ control: 'unsupported', logName: String(value) });
    } else if (control === 'mfa') controls.push({ control, strength: strengths.get(mfaStrengthId), logName: grantControlLogNames.mfa });
    else controls.push({ control, logName: grantControlLogNames[control] });
  }
  if (g.authenticationStrength?.id) {
    const strength = strengths.get(g.authenticationStrength.id);
    if (!strength) problems.push({ policyId, message: `authentication strength ${g.authenticationStrength.id} does not exist: it is never met` });
    controls.push({ control: 'authenticationStrength', ...(strength ? { strength } : {}), logName: grantControlLogNames.authenticationStrength });
  }
  for (const id of g.termsOfUse ?? []) {
    problems.push({ policyId, message: `terms of use ${id}: Limen has no terms of use, the control is never met` });
    controls.push({ control: 'termsOfUse', logName: grantControlLogNames.termsOfUse });
  }
  for (const id of g.customAuthenticationFactors ?? []) {
    problems.push({ policyId, message: `custom control ${id}: Limen has no custom controls, it is never met` });
    controls.push({ control: 'customAuthenticationFactors', logName: id });
  }
  controls.sort((a, b) => controlOrder[a.control] - controlOrder[b.control]);
  const operator = String(g.operator).toUpperCase() === 'AND' ? 'AND' : 'OR';
  const logNames = [...(block ? [grantControlLogNames.block] : []), ...controls.map((c) => c.logName)];
  return { operator, block, controls, logNames };
}

/** Built-in strengths, then the tenant's (which cannot reuse a built-in id). */
export function strengthsById(strengths: readonly AuthenticationStrengthPolicy[]): Map<string, AuthenticationStrengthPolicy> {
  return new Map([...strengths, ...builtInStrengths].map((s) => [s.id, s]));
}

export type ControlStatus = 'met' | 'promptable' | 'unmet';

/** Whether the request meets one control; strength decisions are cached per evaluation. */
export function controlStatus(c: CompiledControl, facts: SignInFacts, strengthMet: Map<string, boolean>): ControlStatus {
  const s = facts.context.subject;
  if (s.kind === 'servicePrincipal') return 'unmet';
  const canPrompt = s.isAgentUser !== true;
  switch (c.control) {
    case 'mfa':
    case 'authenticationStrength': {
      if (!c.strength) return 'unmet';
      let met = strengthMet.get(c.strength.id);
      if (met === undefined) {
        const methods = facts.context.session?.methods;
        met = methods !== undefined && satisfiesStrength(c.strength, methods).satisfied;
        strengthMet.set(c.strength.id, met);
      }
      return met ? 'met' : canPrompt ? 'promptable' : 'unmet';
    }
    case 'passwordChange':
      return facts.context.session?.passwordChanged ? 'met' : canPrompt ? 'promptable' : 'unmet';
    case 'compliantDevice':
      return facts.context.device?.isCompliant === true ? 'met' : 'unmet';
    case 'domainJoinedDevice':
      return facts.context.device?.trustType === 'ServerAD' ? 'met' : 'unmet';
    default:
      return 'unmet';
  }
}
