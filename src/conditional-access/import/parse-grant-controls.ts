/**
 * conditionalAccessGrantControls
 * (https://learn.microsoft.com/graph/api/resources/conditionalaccessgrantcontrols) and the
 * combination rules Graph documents on that page:
 * - `passwordChange` must come with `mfa` under `AND`, in a policy with `userRiskLevels` that
 *   targets All applications and excludes none;
 * - `passwordChange` and `riskRemediation` are not used together;
 * - `riskRemediation` must come with an `authenticationStrength` under `AND`.
 * Graph's further "no condition besides users, applications and user risk" for passwordChange is
 * not checked: exports of valid policies carry `clientAppTypes: ["all"]`, which that would refuse.
 * `block` stands alone: the portal offers "Block access" or "Grant access" with controls
 * (https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-grant).
 */
import { isGuid } from '../../directory/index.ts';
import {
  builtInControls, specialValues,
  type ConditionalAccessConditions, type ConditionalAccessGrantControls, type PolicyAuthenticationStrength,
} from '../policy.ts';
import { readEnum, readEnumList } from './enum-value.ts';
import { grantOperators } from './graph-enums.ts';
import { idLists, idMessage, readIdList } from './id-lists.ts';
import { describe, type Path, type Report } from './problem.ts';
import { configuresNothing, readObject, readStringList, unknownMembers } from './read-value.ts';

const known = ['operator', 'builtInControls', 'customAuthenticationFactors', 'termsOfUse', 'authenticationStrength'];

export function parseGrantControls(
  value: unknown, path: Path, conditions: ConditionalAccessConditions, report: Report,
): ConditionalAccessGrantControls | null {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const at = (name: string): Path => [...path, name];
  const controls = readEnumList(source.builtInControls, at('builtInControls'), builtInControls, 'grant control', report);
  const customAuthenticationFactors = readStringList(source.customAuthenticationFactors, at('customAuthenticationFactors'), report);
  const termsOfUse = readIdList(source.termsOfUse, at('termsOfUse'), idLists.termsOfUse, report);
  const authenticationStrength = parseAuthenticationStrength(source.authenticationStrength, at('authenticationStrength'), report);
  const rest = unknownMembers(source, known);

  const anyControl = controls.length > 0 || customAuthenticationFactors.length > 0 || termsOfUse.length > 0 || authenticationStrength !== null;
  // `{operator: "OR", builtInControls: []}` is how Graph writes "no grant controls".
  if (!anyControl && configuresNothing(rest)) return null;
  const operator = readEnum(source.operator, at('operator'), grantOperators, 'grant operator', report);
  if (operator === undefined && (source.operator === undefined || source.operator === null) && anyControl) {
    report(at('operator'), 'required', 'Grant controls need an operator: AND (require all) or OR (require one).');
  }
  const grant: ConditionalAccessGrantControls = {
    operator: operator ?? 'OR',
    builtInControls: controls,
    customAuthenticationFactors,
    termsOfUse,
    authenticationStrength,
    ...rest,
  };
  checkCombinations(grant, path, conditions, report);
  return grant;
}

/** `{id}` alone (POST bodies, some exports) or the whole expanded policy: kept as given. */
function parseAuthenticationStrength(value: unknown, path: Path, report: Report): PolicyAuthenticationStrength | null {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const id = source.id;
  if (typeof id === 'string' && isGuid(id.trim())) return { ...source, id: id.trim().toLowerCase() };
  if (id === undefined || id === null) report([...path, 'id'], 'required', 'An authentication strength is named by its id.');
  else if (typeof id === 'string') report([...path, 'id'], 'invalidId', idMessage(id, 'authentication strength id'));
  else report([...path, 'id'], 'wrongType', `Expected an authentication strength id (a GUID), found ${describe(id)}.`);
  return { ...source, id: '' };
}

function checkCombinations(grant: ConditionalAccessGrantControls, path: Path, conditions: ConditionalAccessConditions, report: Report): void {
  const has = (control: string) => grant.builtInControls.includes(control as never);
  const controlsPath = [...path, 'builtInControls'];
  const others = grant.builtInControls.length - 1 + grant.customAuthenticationFactors.length + grant.termsOfUse.length
    + (grant.authenticationStrength ? 1 : 0);
  if (has('block') && others > 0) {
    report(controlsPath, 'conflict', '"block" cannot be combined with other controls: a policy either blocks access or grants it with controls.');
  }
  if (has('passwordChange') && has('riskRemediation')) {
    report(controlsPath, 'conflict', '"passwordChange" and "riskRemediation" cannot be used in the same policy.');
  }
  if (has('passwordChange')) {
    if (!has('mfa') || grant.operator !== 'AND') {
      report(controlsPath, 'conflict', '"passwordChange" must be combined with "mfa" under the operator AND.');
    }
    if (conditions.userRiskLevels.length === 0) {
      report(['conditions', 'userRiskLevels'], 'conflict', 'A policy requiring "passwordChange" must set userRiskLevels.');
    }
    const apps = conditions.applications;
    if (apps.includeApplications.join() !== specialValues.applications[0] || apps.excludeApplications.length > 0) {
      report(['conditions', 'applications'], 'conflict', 'A policy requiring "passwordChange" must include All applications and exclude none.');
    }
  }
  if (has('riskRemediation') && (grant.authenticationStrength === null || grant.operator !== 'AND')) {
    report(controlsPath, 'conflict', '"riskRemediation" must be combined with an authenticationStrength under the operator AND.');
  }
}
