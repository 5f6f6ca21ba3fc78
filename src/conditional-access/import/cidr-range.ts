/**
 * One entry of ipNamedLocation.ipRanges: an iPv4CidrRange or iPv6CidrRange
 * (https://learn.microsoft.com/graph/api/resources/iprange). Entra accepts "only CIDR masks
 * greater than /8" for either family
 * (https://learn.microsoft.com/entra/identity/conditional-access/concept-assignment-network).
 * IPv4 must be four dotted decimals: ipaddr.js alone would also read "10.1" or "0x7f.1.1.1".
 */
import ipaddr from 'ipaddr.js';
import type { IpNamedLocation } from '../policy.ts';
import { describe, type Path, type Report } from './problem.ts';
import { isObject, unknownMembers, type JsonObject } from './read-value.ts';
import { stripAnnotations } from './strip-annotations.ts';

export type CidrRange = IpNamedLocation['ipRanges'][number];

const v4Type = '#microsoft.graph.iPv4CidrRange';
const v6Type = '#microsoft.graph.iPv6CidrRange';

/** The smallest prefix length Entra accepts. */
export const minPrefixLength = 9;

/**
 * Reads `{"@odata.type", cidrAddress}` or a bare "192.0.2.0/24" string. The `@odata.type`, when
 * given, must match the address family; when missing it is derived from the address.
 */
export function readCidrRange(value: unknown, path: Path, report: Report): CidrRange | undefined {
  const source = typeof value === 'string' ? { cidrAddress: value } : value;
  if (!isObject(source)) {
    report(path, 'wrongType', `Expected an IP range {"cidrAddress": "192.0.2.0/24"}, found ${describe(value)}.`);
    return undefined;
  }
  const address = source.cidrAddress;
  const at: Path = typeof value === 'string' ? path : [...path, 'cidrAddress'];
  if (typeof address !== 'string' || address.trim() === '') {
    report(at, 'required', 'An IP range needs a cidrAddress, e.g. "192.0.2.0/24" or "2001:db8::/48".');
    return undefined;
  }
  const cidr = address.trim();
  const family = ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) ? 'ipv4' : ipaddr.IPv6.isValidCIDR(cidr) && !cidr.includes('%') ? 'ipv6' : undefined;
  if (family === undefined) {
    report(at, 'invalidValue', `${describe(address)} is not an IPv4 or IPv6 range in CIDR notation (address/prefix length, e.g. "192.0.2.0/24").`);
    return undefined;
  }
  const [, prefix] = ipaddr.parseCIDR(cidr);
  if (prefix < minPrefixLength) {
    report(at, 'outOfRange', `Entra accepts only CIDR masks greater than /8; ${describe(address)} is a /${prefix}.`);
  }
  const odataType = family === 'ipv4' ? v4Type : v6Type;
  const given = source['@odata.type'];
  if (given !== undefined && (typeof given !== 'string' || given.toLowerCase() !== odataType.toLowerCase())) {
    report([...path, '@odata.type'], 'invalidValue', `${describe(given)} does not match the address ${describe(address)}, which is an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} range (${odataType}).`);
  }
  // The range's own `@odata.type` was read above; other annotations go, as everywhere.
  const rest = stripAnnotations(unknownMembers(source, ['cidrAddress'])) as JsonObject;
  return { ...rest, '@odata.type': odataType, cidrAddress: cidr };
}
