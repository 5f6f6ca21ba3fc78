/**
 * Client addresses and CIDR ranges as numbers, so named locations and the country table compare
 * with `<` and binary search. An IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, what a
 * dual-stack socket reports for an IPv4 client) counts as the IPv4 address: a location listing
 * `203.0.113.0/24` must match it.
 */
import ipaddr from 'ipaddr.js';

export type IpNumber = { family: 4; value: number } | { family: 6; value: bigint };

/** One inclusive range of addresses of one family. */
export type IpRange = { family: 4; first: number; last: number } | { family: 6; first: bigint; last: bigint };

/**
 * Dotted-quad IPv4, optionally with a /prefix, parsed by hand: ipaddr.js tries IPv6 first, and
 * this runs per request, per range and (in replay) per stored sign-in. It accepts exactly what
 * `^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$` does, octets up to 255 and prefixes
 * up to 32 (ip-address.test.ts holds it to that pattern).
 */
function v4Match(text: string): { value: number; prefix: number | undefined } | undefined {
  let value = 0;
  let at = 0;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (text.charCodeAt(at) !== 46) return undefined; // '.'
      at += 1;
    }
    let n = 0;
    let digits = 0;
    for (let c = text.charCodeAt(at); c >= 48 && c <= 57 && digits < 3; c = text.charCodeAt(at)) {
      n = n * 10 + c - 48;
      digits += 1;
      at += 1;
    }
    if (digits === 0 || n > 255) return undefined;
    value = value * 256 + n;
  }
  if (at === text.length) return { value, prefix: undefined };
  if (text.charCodeAt(at) !== 47) return undefined; // '/'
  at += 1;
  let prefix = 0;
  let digits = 0;
  for (let c = text.charCodeAt(at); c >= 48 && c <= 57 && digits < 2; c = text.charCodeAt(at)) {
    prefix = prefix * 10 + c - 48;
    digits += 1;
    at += 1;
  }
  if (digits === 0 || at !== text.length || prefix > 32) return undefined;
  return { value, prefix };
}

function v6Value(parts: readonly number[]): bigint {
  let n = 0n;
  for (const p of parts) n = (n << 16n) | BigInt(p);
  return n;
}

function v4Value(octets: readonly number[]): number {
  return octets[0]! * 2 ** 24 + octets[1]! * 2 ** 16 + octets[2]! * 2 ** 8 + octets[3]!;
}

/** The client address as a number, or undefined when it is not an IP address. */
export function parseIp(address: string): IpNumber | undefined {
  const v4 = v4Match(address);
  if (v4) return v4.prefix === undefined ? { family: 4, value: v4.value } : undefined;
  if (!ipaddr.IPv6.isValid(address)) return undefined;
  const v6 = ipaddr.IPv6.parse(address);
  if (v6.isIPv4MappedAddress()) return { family: 4, value: v4Value(v6.toIPv4Address().octets) };
  return { family: 6, value: v6Value(v6.parts) };
}

/** Whether an address is public unicast (not private, loopback, link-local, documentation, CGNAT…). */
export function isPublicUnicast(ip: IpNumber): boolean {
  if (ip.family === 4) return !(v4Special ??= specialV4Ranges()).has(ip);
  const parts = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number(BigInt.asUintN(16, ip.value >> shift)));
  return new ipaddr.IPv6(parts).range() === 'unicast';
}

/** A CIDR as an inclusive range; an IPv4-mapped IPv6 prefix of /96 or longer becomes IPv4. */
export function parseCidr(cidr: string): IpRange | undefined {
  const v4 = v4Match(cidr);
  if (v4) {
    if (v4.prefix === undefined) return undefined;
    const size = 2 ** (32 - v4.prefix);
    const first = Math.floor(v4.value / size) * size;
    return { family: 4, first, last: first + size - 1 };
  }
  if (!ipaddr.IPv6.isValidCIDR(cidr)) return undefined;
  const [v6, prefix] = ipaddr.IPv6.parseCIDR(cidr);
  if (v6.isIPv4MappedAddress() && prefix >= 96) return parseCidr(`${v6.toIPv4Address().toString()}/${prefix - 96}`);
  const hostBits = BigInt(128 - prefix);
  const first = (v6Value(v6.parts) >> hostBits) << hostBits;
  return { family: 6, first, last: first + (1n << hostBits) - 1n };
}

/**
 * A set of ranges, merged and sorted once, answering membership by binary search (a named
 * location may hold 2,000 ranges; the lookup runs on every token request).
 */
export class IpRangeSet {
  readonly #v4First: Float64Array;
  readonly #v4Last: Float64Array;
  readonly #v6First: bigint[];
  readonly #v6Last: bigint[];

  constructor(ranges: Iterable<IpRange>) {
    const v4: Array<[number, number]> = [];
    const v6: Array<[bigint, bigint]> = [];
    for (const r of ranges) {
      if (r.family === 4) v4.push([r.first, r.last]);
      else v6.push([r.first, r.last]);
    }
    const m4 = merge(v4, 1);
    const m6 = merge(v6, 1n);
    this.#v4First = Float64Array.from(m4, (r) => r[0]);
    this.#v4Last = Float64Array.from(m4, (r) => r[1]);
    this.#v6First = m6.map((r) => r[0]);
    this.#v6Last = m6.map((r) => r[1]);
  }

  get size(): number {
    return this.#v4First.length + this.#v6First.length;
  }

  has(ip: IpNumber): boolean {
    return ip.family === 4
      ? covers(this.#v4First, this.#v4Last, ip.value)
      : covers(this.#v6First, this.#v6Last, ip.value);
  }
}

type SpecialRanges = Record<string, [ipaddr.IPv4, number] | Array<[ipaddr.IPv4, number]>>;
let v4Special: IpRangeSet | undefined;

/**
 * ipaddr.js's own IPv4 special ranges (its `range()` is `unicast` exactly when none holds the
 * address) as one range set: a binary search instead of an ipaddr object and a walk of every
 * range per lookup, which replay does for each of a million addresses.
 */
function specialV4Ranges(): IpRangeSet {
  const table = (ipaddr.IPv4.prototype as unknown as { SpecialRanges: SpecialRanges }).SpecialRanges;
  const ranges: IpRange[] = [];
  for (const entry of Object.values(table)) {
    for (const [address, bits] of (entry[0] instanceof Array ? entry : [entry]) as Array<[ipaddr.IPv4, number]>) {
      ranges.push(parseCidr(`${address.toString()}/${bits}`)!);
    }
  }
  return new IpRangeSet(ranges);
}

function merge<N extends number | bigint>(ranges: Array<[N, N]>, one: N): Array<[N, N]> {
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: Array<[N, N]> = [];
  for (const [first, last] of ranges) {
    const top = merged.at(-1);
    // Adjacent ranges merge too: top.last + 1 === first.
    if (top && first <= add(top[1], one)) {
      if (last > top[1]) top[1] = last;
    } else merged.push([first, last]);
  }
  return merged;
}

function add<N extends number | bigint>(a: N, b: N): N {
  return ((a as never) + (b as never)) as N;
}

function covers<N extends number | bigint>(firsts: ArrayLike<N>, lasts: ArrayLike<N>, value: N): boolean {
  let lo = 0;
  let hi = firsts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (firsts[mid]! > value) hi = mid - 1;
    else if (lasts[mid]! < value) lo = mid + 1;
    else return true;
  }
  return false;
}
