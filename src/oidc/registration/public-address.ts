import ipaddr from 'ipaddr.js';

/**
 * Whether an IP address is public unicast: not loopback, private (RFC 1918, IPv6 unique local),
 * link-local (cloud metadata services live at 169.254.169.254), CGNAT, multicast, documentation
 * or otherwise reserved. Limen fetches documents that strangers name (Client ID Metadata
 * Documents, draft-ietf-oauth-client-id-metadata-document §8.6 "Server-Side Request Forgery"),
 * and those may only reach the public internet. An IPv4-mapped IPv6 address counts as its IPv4.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) ip = ip.toIPv4Address();
  return ip.range() === 'unicast';
}
