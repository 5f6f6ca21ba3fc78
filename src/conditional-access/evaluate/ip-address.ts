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

// Dotted-quad IPv4 parsed by hand: ipaddr.js tries IPv6 first, and this runs per request and per range.
const v4Pattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function v4Match(text: string): { value: number; prefix: number | undefined } | undefined {
  const m = v4Pattern.exec(text);
  if (!m) return undefined;
  const o = [m[1], m[2], m[3], m[4]].map(Number);
  if (o.some((x) => x > 255)) return undefined;
  const prefix = m[5] === undefined ? undefined : Number(m[5]);
  if (prefix !== undefined && prefix > 32) return undefined;
  return { value: o[0]! * 2 ** 24 + o[1]! * 2 ** 16 + o[2]! * 2 ** 8 + o[3]!, prefix };
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
  if (ip.family === 4) {
    const v = ip.value;
    return new ipaddr.IPv4([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]).range() === 'unicast';
  }
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
