/**
 * Limen's policies and named locations back to Graph JSON, the shape a Graph GET returns, so an
 * export re-imports into Limen or into Entra as it is (parse → export → parse gives the same
 * policy; the corpus test checks it). Unknown members go out as they came in.
 */
import type { NamedLocation } from '../policy.ts';
import type { ParsedNamedLocation } from './parse-named-location.ts';
import type { ParsedPolicy } from './parse-policy.ts';
import { isObject, type JsonObject } from './read-value.ts';

/** Graph's list context; callers serving their own `$metadata` pass theirs. */
export const policiesContext = 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies';
export const namedLocationsContext = 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/namedLocations';

export function exportPolicy(policy: ParsedPolicy): JsonObject {
  const out: JsonObject = { '@odata.type': '#microsoft.graph.conditionalAccessPolicy', ...structuredClone(policy) };
  const users = (out.conditions as JsonObject | undefined)?.users;
  if (isObject(users)) {
    for (const side of ['includeGuestsOrExternalUsers', 'excludeGuestsOrExternalUsers']) {
      const guests = users[side];
      if (isObject(guests) && isObject(guests.externalTenants)) guests.externalTenants = typedTenants(guests.externalTenants);
    }
  }
  return out;
}

/**
 * externalTenants is abstract in Graph: a write must say which derived type it is
 * (https://learn.microsoft.com/graph/api/resources/conditionalaccessexternaltenants), which
 * membershipKind determines.
 */
function typedTenants(tenants: JsonObject): JsonObject {
  const type = tenants.membershipKind === 'enumerated'
    ? '#microsoft.graph.conditionalAccessEnumeratedExternalTenants'
    : '#microsoft.graph.conditionalAccessAllExternalTenants';
  return { '@odata.type': type, ...tenants };
}

export function exportDocument(policies: readonly ParsedPolicy[], options: { context?: string } = {}): JsonObject {
  return { '@odata.context': options.context ?? policiesContext, value: policies.map(exportPolicy) };
}

/** Named locations already carry their `@odata.type`, as Graph requires. */
export function exportNamedLocation(location: ParsedNamedLocation | NamedLocation): JsonObject {
  return structuredClone(location) as JsonObject;
}

export function exportNamedLocationDocument(locations: ReadonlyArray<ParsedNamedLocation | NamedLocation>, options: { context?: string } = {}): JsonObject {
  return { '@odata.context': options.context ?? namedLocationsContext, value: locations.map(exportNamedLocation) };
}
