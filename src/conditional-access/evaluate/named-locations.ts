/**
 * Named locations, compiled once: an IP location's CIDR ranges become one sorted range set, a
 * country location a Set of codes. `AllTrusted` is the union of the IP locations marked
 * `isTrusted` (Entra adds the legacy MFA trusted IPs, which Limen does not have).
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-assignment-network
 *
 * Membership is three-valued: undefined when the request does not say (What If without an
 * address); at sign-in an unknown address is in no IP range, and its country is "unknown",
 * which only a location with `includeUnknownCountriesAndRegions` contains.
 */
import type { NamedLocation } from '../policy.ts';
import { IpRangeSet, parseCidr, type IpRange } from './ip-address.ts';
import type { SignInFacts } from './sign-in-facts.ts';

export type CompiledLocation =
  | { kind: 'ip'; ranges: IpRangeSet; trusted: boolean }
  | { kind: 'country'; countries: ReadonlySet<string>; includeUnknown: boolean; byGps: boolean }
  | { kind: 'unsupported' };

export interface CompiledLocations {
  byId: ReadonlyMap<string, CompiledLocation>;
  trusted: IpRangeSet;
  problems: Array<{ locationId: string; message: string }>;
}

export function compileNamedLocations(locations: readonly NamedLocation[]): CompiledLocations {
  const byId = new Map<string, CompiledLocation>();
  const trustedRanges: IpRange[] = [];
  const problems: CompiledLocations['problems'] = [];
  for (const location of locations) {
    const type = String(location['@odata.type'] ?? '');
    if (type.endsWith('ipNamedLocation') && 'ipRanges' in location) {
      const ranges: IpRange[] = [];
      for (const r of location.ipRanges ?? []) {
        const range = parseCidr(r.cidrAddress);
        if (range) ranges.push(range);
        else problems.push({ locationId: location.id, message: `not a CIDR range: ${r.cidrAddress}` });
      }
      byId.set(location.id, { kind: 'ip', ranges: new IpRangeSet(ranges), trusted: location.isTrusted === true });
      if (location.isTrusted === true) trustedRanges.push(...ranges);
    } else if (type.endsWith('countryNamedLocation') && 'countriesAndRegions' in location) {
      const byGps = location.countryLookupMethod === 'authenticatorAppGps';
      // Limen has no Authenticator GPS: such a location sees every request as from an unknown country.
      if (byGps) problems.push({ locationId: location.id, message: 'GPS country lookup is not available: the country is unknown' });
      byId.set(location.id, {
        kind: 'country', countries: new Set((location.countriesAndRegions ?? []).map((c) => c.toUpperCase())),
        includeUnknown: location.includeUnknownCountriesAndRegions === true, byGps,
      });
    } else {
      problems.push({ locationId: location.id, message: `location type ${type || 'unknown'} is not supported: it contains no request` });
      byId.set(location.id, { kind: 'unsupported' });
    }
  }
  return { byId, trusted: new IpRangeSet(trustedRanges), problems };
}

/** Whether the request comes from the location; undefined in What If when the request does not say. */
export function isInLocation(location: CompiledLocation | undefined, facts: SignInFacts): boolean | undefined {
  if (!location || location.kind === 'unsupported') return false;
  if (location.kind === 'ip') {
    if (facts.ip) return location.ranges.has(facts.ip);
    return facts.mode === 'whatIf' ? undefined : false;
  }
  if (location.byGps) return location.includeUnknown;
  if (facts.mode === 'whatIf' && !facts.locationSupplied) return undefined;
  const country = facts.country;
  return country === undefined ? location.includeUnknown : location.countries.has(country);
}

export function isTrusted(trusted: IpRangeSet, facts: SignInFacts): boolean | undefined {
  if (facts.ip) return trusted.has(facts.ip);
  return facts.mode === 'whatIf' ? undefined : false;
}
