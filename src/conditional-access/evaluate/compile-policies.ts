/**
 * Compiles a tenant's policies once per change (the API rebuilds it when a policy, a named
 * location or a strength changes), so the evaluation that runs on every token request does no
 * parsing: id lists become Sets, CIDRs sorted ranges, flags strings Sets, filter rules
 * predicates, strength ids the strength objects.
 */
import type { AuthenticationStrengthPolicy } from '../../authn/index.ts';
import { cliClient, consoleClient, managementApi } from '../../directory/index.ts';
import type { ConditionalAccessPolicy, NamedLocation, PolicyState } from '../policy.ts';
import type { CaCompileProblem, Check } from './check.ts';
import { compileDeviceCondition } from './filter-condition.ts';
import { compileGrant, strengthsById, type CompiledGrant } from './grant-controls.ts';
import { compileAuthenticationFlowCondition, compileClientAppCondition, compilePlatformCondition, compileRiskCondition } from './list-conditions.ts';
import { compileLocationCondition } from './location-condition.ts';
import { MembershipIndex } from './membership-index.ts';
import { compileNamedLocations, type CompiledLocations } from './named-locations.ts';
import { compileSession, type CompiledSession } from './session-controls.ts';
import { compileSubjectCondition } from './subject-condition.ts';
import { compileTargetCondition } from './target-condition.ts';

export interface CompiledPolicy {
  id: string;
  displayName: string;
  state: PolicyState;
  /** Subject first, then target, then the other configured conditions in What If's order. */
  checks: Check[];
  grant: CompiledGrant | undefined;
  session: CompiledSession;
}

export interface CompiledPolicies {
  policies: readonly CompiledPolicy[];
  /** What Limen evaluates differently from the policy's words (fail-closed choices, unknown ids). */
  problems: readonly CaCompileProblem[];
  /** Which policies name which users, groups and roles. */
  membership: MembershipIndex;
  /** The named locations, for telling which addresses policies cannot tell apart (address-class.ts). */
  locations: CompiledLocations;
}

export interface CompileOptions {
  /**
   * The applications `MicrosoftAdminPortals` stands for (see target-condition.ts). Default:
   * Limen's management API, the Limen CLI and the admin center.
   */
  adminPortalAppIds?: readonly string[];
}

/** The condition keys Limen evaluates; any other configured condition is reported and ignored. */
const evaluatedConditions = new Set([
  'users', 'applications', 'clientApplications', 'agents', 'clientAppTypes', 'platforms', 'locations', 'signInRiskLevels',
  'userRiskLevels', 'servicePrincipalRiskLevels', 'agentIdRiskLevels', 'insiderRiskLevels', 'devices', 'authenticationFlows',
]);

const isConfigured = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0) && v !== '';

const stateOf = (s: string): PolicyState => {
  const lower = String(s).toLowerCase();
  return lower === 'enabled' ? 'enabled' : lower === 'disabled' ? 'disabled' : 'enabledForReportingButNotEnforced';
};

export function compilePolicies(
  policies: readonly ConditionalAccessPolicy[],
  namedLocations: readonly NamedLocation[],
  strengths: readonly AuthenticationStrengthPolicy[],
  options: CompileOptions = {},
): CompiledPolicies {
  const locations = compileNamedLocations(namedLocations);
  const problems: CaCompileProblem[] = [...locations.problems];
  const byId = strengthsById(strengths);
  const adminPortals = new Set(options.adminPortalAppIds ?? [managementApi.appId, cliClient.appId, consoleClient.appId]);
  const membership = new MembershipIndex();

  const compiled = policies.map((p, index): CompiledPolicy => {
    const c = p.conditions;
    const id = p.id;
    for (const [key, value] of Object.entries(c ?? {})) {
      if (!evaluatedConditions.has(key) && !key.includes('@') && !key.startsWith('#') && isConfigured(value)) {
        problems.push({ policyId: id, message: `condition ${key} is not evaluated: the policy applies as if it matched` });
      }
    }
    const checks: Array<Check | undefined> = [
      compileSubjectCondition(c, index, membership, id, problems),
      compileTargetCondition(c.applications, adminPortals, id, problems),
      compilePlatformCondition(c.platforms),
      compileDeviceCondition(c.devices, id, problems),
      compileClientAppCondition(c.clientAppTypes),
      compileLocationCondition(c.locations, locations, id, problems),
      compileRiskCondition(c.signInRiskLevels, 'signInRisk', (x) => x.signInRiskLevel),
      compileRiskCondition(c.userRiskLevels, 'userRisk', (x) => x.userRiskLevel ?? (x.subject.kind === 'user' ? x.subject.risk?.riskLevel : undefined)),
      compileRiskCondition(c.servicePrincipalRiskLevels, 'servicePrincipalRisk', (x) => x.servicePrincipalRiskLevel ?? (x.subject.kind === 'servicePrincipal' ? x.subject.risk?.riskLevel : undefined)),
      compileRiskCondition(c.agentIdRiskLevels, 'agentIdRisk', (x) => x.agentIdRiskLevel),
      compileRiskCondition(c.insiderRiskLevels, 'insiderRisk', (x) => x.insiderRiskLevel),
      compileAuthenticationFlowCondition(c.authenticationFlows),
    ];
    const grant = compileGrant(p.grantControls, byId, id, problems);
    const targetsWorkloads = isConfigured(c.clientApplications?.includeServicePrincipals) || isConfigured(c.clientApplications?.includeAgentIdServicePrincipals);
    if (targetsWorkloads && grant && grant.controls.length > 0) {
      problems.push({ policyId: id, message: 'workload identities and agent identities can only be blocked: for them the other controls are never met' });
    }
    return {
      id, displayName: p.displayName, state: stateOf(p.state), checks: checks.filter((x): x is Check => x !== undefined),
      grant, session: compileSession(p.sessionControls, c.applications, id, problems),
    };
  });
  return { policies: compiled, problems, membership, locations };
}
