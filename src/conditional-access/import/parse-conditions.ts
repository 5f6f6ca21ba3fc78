/**
 * conditionalAccessConditionSet
 * (https://learn.microsoft.com/graph/api/resources/conditionalaccessconditionset). `applications`
 * is required, and `users` or `clientApplications`; every other condition is optional and reads
 * as null (objects, flags) or [] (collections) when not configured, so a configured condition is
 * exactly a non-null, non-empty one. Members Graph adds later (`times`, `agentContext`…) are kept.
 */
import { clientAppTypes, devicePlatforms, riskLevels, type ConditionalAccessConditions } from '../policy.ts';
import { readEnumList, readFlags } from './enum-value.ts';
import { agentIdRiskLevels, insiderRiskLevels, servicePrincipalRiskLevels, transferMethods } from './graph-enums.ts';
import { idLists, readIdList } from './id-lists.ts';
import { parseAgents, parseApplications, parseClientApplications, parseUsers } from './parse-assignments.ts';
import { parseFilterRule } from './parse-filter-rule.ts';
import type { Path, Report } from './problem.ts';
import { configuresNothing, readObject, unknownMembers, type JsonObject } from './read-value.ts';

const known = [
  'users', 'applications', 'clientApplications', 'clientAppTypes', 'platforms', 'locations', 'signInRiskLevels',
  'userRiskLevels', 'servicePrincipalRiskLevels', 'agentIdRiskLevels', 'insiderRiskLevels', 'devices',
  'authenticationFlows', 'agents',
];

export function parseConditions(value: unknown, path: Path, report: Report): ConditionalAccessConditions {
  const source = readObject(value, path, report);
  if (source === null) report(path, 'required', 'A policy needs conditions, with at least applications and users (or clientApplications).');
  const c = source ?? {};
  const at = (name: string): Path => [...path, name];

  if (source !== null && (c.applications === undefined || c.applications === null)) {
    report(at('applications'), 'required', 'A policy must name the applications it applies to (conditions.applications).');
  }
  const users = parseUsers(c.users, at('users'), report);
  const clientApplications = parseClientApplications(c.clientApplications, at('clientApplications'), report);
  if (source !== null && users === null && clientApplications === null) {
    report(at('users'), 'required', 'A policy must name users (conditions.users) or workload identities (conditions.clientApplications).');
  }
  return {
    users,
    applications: parseApplications(c.applications, at('applications'), report),
    clientApplications,
    clientAppTypes: readEnumList(c.clientAppTypes, at('clientAppTypes'), clientAppTypes, 'client app type', report),
    platforms: parsePlatforms(c.platforms, at('platforms'), report),
    locations: parseLocations(c.locations, at('locations'), report),
    signInRiskLevels: readEnumList(c.signInRiskLevels, at('signInRiskLevels'), riskLevels, 'risk level', report),
    userRiskLevels: readEnumList(c.userRiskLevels, at('userRiskLevels'), riskLevels, 'risk level', report),
    servicePrincipalRiskLevels: readEnumList(c.servicePrincipalRiskLevels, at('servicePrincipalRiskLevels'), servicePrincipalRiskLevels, 'service principal risk level', report),
    agentIdRiskLevels: readFlags(c.agentIdRiskLevels, at('agentIdRiskLevels'), agentIdRiskLevels, 'agent risk level', report),
    insiderRiskLevels: readFlags(c.insiderRiskLevels, at('insiderRiskLevels'), insiderRiskLevels, 'insider risk level', report),
    devices: parseDevices(c.devices, at('devices'), report),
    authenticationFlows: parseAuthenticationFlows(c.authenticationFlows, at('authenticationFlows'), report),
    agents: parseAgents(c.agents, at('agents'), report),
    ...unknownMembers(c, known),
  };
}

/** Stored as null when it configures nothing (both lists empty, nothing else). */
const orNull = <T extends JsonObject>(value: T): T | null => (configuresNothing(value) ? null : value);

function parsePlatforms(value: unknown, path: Path, report: Report): ConditionalAccessConditions['platforms'] {
  const source = readObject(value, path, report);
  if (source === null) return null;
  return orNull({
    includePlatforms: readEnumList(source.includePlatforms, [...path, 'includePlatforms'], devicePlatforms, 'device platform', report),
    excludePlatforms: readEnumList(source.excludePlatforms, [...path, 'excludePlatforms'], devicePlatforms, 'device platform', report),
    ...unknownMembers(source, ['includePlatforms', 'excludePlatforms']),
  });
}

function parseLocations(value: unknown, path: Path, report: Report): ConditionalAccessConditions['locations'] {
  const source = readObject(value, path, report);
  if (source === null) return null;
  return orNull({
    includeLocations: readIdList(source.includeLocations, [...path, 'includeLocations'], idLists.includeLocations, report),
    excludeLocations: readIdList(source.excludeLocations, [...path, 'excludeLocations'], idLists.excludeLocations, report),
    ...unknownMembers(source, ['includeLocations', 'excludeLocations']),
  });
}

/** conditionalAccessDevices; the deprecated include/excludeDeviceStates stay as unknown members. */
function parseDevices(value: unknown, path: Path, report: Report): ConditionalAccessConditions['devices'] {
  const source = readObject(value, path, report);
  if (source === null) return null;
  return orNull({
    deviceFilter: parseFilterRule(source.deviceFilter, [...path, 'deviceFilter'], report),
    ...unknownMembers(source, ['deviceFilter']),
  });
}

function parseAuthenticationFlows(value: unknown, path: Path, report: Report): ConditionalAccessConditions['authenticationFlows'] {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const methods = readFlags(source.transferMethods, [...path, 'transferMethods'], transferMethods, 'transfer method', report);
  const rest = unknownMembers(source, ['transferMethods']);
  if (methods !== null) return { ...rest, transferMethods: methods };
  if (!configuresNothing(rest)) report([...path, 'transferMethods'], 'required', 'Authentication flows need transferMethods, e.g. "deviceCodeFlow".');
  return null;
}
