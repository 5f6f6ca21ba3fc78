/**
 * What the location conditions can see of a client address at sign-in: whether it parses, its
 * country, and which IP named locations hold it. Two addresses of one class meet every policy's
 * location conditions alike (named-locations.ts reads nothing else of an address), so replay
 * evaluates once per class instead of once per address.
 */
import type { CompiledPolicies } from './compile-policies.ts';
import { countryOfAddress } from './country-of-ip.ts';
import { parseIp } from './ip-address.ts';

export interface AddressClass {
  /** Equal keys: the same evaluation, for contexts that differ only in `ipAddress` and give no `country`. */
  key: string;
  /** The country of the address, as `countryOfIp` gives it. */
  country: string | undefined;
}

/** A classifier for one compiled policy set (the offline country table, as `evaluate` uses by default). */
export function addressClassifier(compiled: CompiledPolicies): (ipAddress: string | undefined) => AddressClass {
  const ipLocations = [...compiled.locations.byId.values()].flatMap((l) => (l.kind === 'ip' ? [l.ranges] : []));
  return (ipAddress) => {
    const ip = ipAddress === undefined ? undefined : parseIp(ipAddress);
    if (!ip) return { key: '', country: undefined };
    const country = countryOfAddress(ip);
    let key = `@${country ?? ''}:`;
    // The trusted set is the union of the trusted IP locations: their marks decide it too.
    for (const ranges of ipLocations) key += ranges.has(ip) ? '1' : '0';
    return { key, country };
  };
}
