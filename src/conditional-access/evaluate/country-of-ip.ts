/**
 * The country of a public IP address, offline, for country named locations
 * (countryLookupMethod `clientIpAddress`: Entra maps the client's public egress address to a
 * country; an address that maps to none is "unknown").
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-assignment-network
 *
 * Data: `@ip-location-db/geo-whois-asn-country` (RIR whois + ASN + geofeeds). Its package.json
 * says CC0, but its NRO_LICENSE file asks for attribution: "The statistics data provided by NRO
 * is licensed under CC BY 4.0 … give attribution to nro.net". Its README warns that the npm
 * copy has known data bugs and that npm updates stop (GitHub releases replace them). Rows
 * overlap (a geofeed range nested in a whois block: 568 IPv4 and 83 IPv6 overlaps in
 * 2.3.2026061719); the most specific row wins, so the table is flattened into disjoint segments.
 *
 * Memory and time: each family loads on its first lookup, never at start, into typed arrays of
 * segment starts and 16-bit country codes (two ASCII letters; 0 = no country), searched by
 * binary search: IPv4 ≈ 2.1 MB, IPv6 ≈ 5.1 MB, about 0.1–0.2 s each to load, a few
 * microseconds per lookup. A load raises the process RSS by about 14 MB in all (the tables,
 * allocator slack, and node's own code pages touched for the first time). A lookup for a private,
 * loopback, link-local, documentation or other non-public address answers undefined without
 * loading anything.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isPublicUnicast, parseIp, type IpNumber } from './ip-address.ts';

const noCountry = 0;
const limb = 2 ** 32;

/**
 * Segment starts (IPv4: one 32-bit limb; IPv6: four, most significant first) and countries, in
 * blocks of up to `SegmentWriter.block` segments, each block sorted and after the one before.
 */
interface Table { width: number; starts: Uint32Array[]; codes: Uint16Array[]; lengths: number[] }

let v4: Table | undefined;
let v6: Table | undefined;

const dataFile = (family: 'ipv4' | 'ipv6') =>
  createRequire(import.meta.url).resolve(`@ip-location-db/geo-whois-asn-country/geo-whois-asn-country-${family === 'ipv4' ? 'ipv4-num' : 'ipv6'}.csv`);

/** ISO 3166-1 alpha-2 country of an address, or undefined (not public, not an address, or unknown). */
export function countryOfIp(address: string): string | undefined {
  const ip = parseIp(address);
  return ip && countryOfAddress(ip);
}

export function countryOfAddress(ip: IpNumber): string | undefined {
  if (!isPublicUnicast(ip)) return undefined;
  const code = ip.family === 4 ? lookupV4(ip.value) : lookupV6(ip.value);
  return code === noCountry ? undefined : String.fromCharCode(code >> 8, code & 0xff);
}

/** Whether a family's table is in memory (for tests and the memory figures). */
export function countryTablesLoaded(): { ipv4: boolean; ipv6: boolean } {
  return { ipv4: v4 !== undefined, ipv6: v6 !== undefined };
}

/** `lookup` for one-limb keys, without its closures: replay looks up a country for every address. */
function lookupV4(value: number): number {
  const t = (v4 ??= load('ipv4'));
  let lo = 0;
  let hi = t.starts.length - 1;
  let block = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (t.starts[mid]![0]! <= value) { block = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (block < 0) return noCountry;
  const starts = t.starts[block]!;
  lo = 0;
  hi = t.lengths[block]! - 1;
  let i = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= value) { i = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return t.codes[block]![i]!;
}

function lookupV6(value: bigint): number {
  return lookup((v6 ??= load('ipv6')), [96n, 64n, 32n, 0n].map((shift) => Number(BigInt.asUintN(32, value >> shift))));
}

/** The country of the last segment starting at or below the address: the block first, then the segment. */
function lookup(t: Table, key: readonly number[]): number {
  const atOrBelow = (starts: Uint32Array, k: number) => compare(starts, k * t.width, key, 0, t.width) <= 0;
  const block = lastAtOrBelow(t.starts.length, (b) => atOrBelow(t.starts[b]!, 0));
  if (block < 0) return noCountry;
  const i = lastAtOrBelow(t.lengths[block]!, (k) => atOrBelow(t.starts[block]!, k));
  return t.codes[block]![i]!;
}

/** The last index whose start is at or below the address (`atOrBelow` is monotone), or -1. */
function lastAtOrBelow(length: number, atOrBelow: (k: number) => boolean): number {
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (atOrBelow(mid)) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/**
 * Streams the CSV in 64 KB chunks and flattens it on the fly, so a load holds no more than the
 * finished table plus one output block: no whole-file buffer, no array of every row (the heap
 * and the C allocator keep what a load touched, and Limen aims for < 150 MB idle RSS). IPv4
 * comes from the decimal file, IPv6 from the textual one (hex groups parse without 128-bit
 * arithmetic). A key is `width` 32-bit limbs, most significant first, in a Float64Array (an
 * IPv4 exclusive end can be 2^32).
 *
 * The rows are sorted by start; a sweep keeps a stack of the open rows, the innermost one (the
 * latest start, the narrower of two starting together) owning each address. Ends are made exclusive so the sweep
 * only compares. Adjacent segments of one country merge; a gap is a segment with no country.
 */
function load(family: 'ipv4' | 'ipv6'): Table {
  const width = family === 'ipv4' ? 1 : 4;
  const out = new SegmentWriter(width);
  const open: Array<{ start: number[]; end: number[]; code: number }> = [];
  const cursor = new Float64Array(width);
  const copy = (from: number) => {
    const key = new Array<number>(width);
    for (let j = 0; j < width; j++) key[j] = row[from + j]!;
    return key;
  };
  const row = new Float64Array(2 * width);
  const previous = new Float64Array(2 * width);
  let first = true;
  const groups = new Uint16Array(8);

  /** Pops the rows ending at or before the current row's start (or all of them), emitting what they still own. */
  const closeUntil = (all: boolean) => {
    while (open.length > 0 && (all || compare(open.at(-1)!.end, 0, row, 0, width) <= 0)) {
      const top = open.pop()!;
      if (compare(cursor, 0, top.end, 0, width) < 0) { out.put(cursor, top.code); cursor.set(top.end); }
    }
  };

  forEachLine(dataFile(family), (bytes, from, to) => {
    const c1 = bytes.indexOf(44, from);
    const c2 = bytes.indexOf(44, c1 + 1);
    if (c1 < 0 || c1 >= to || c2 < 0 || c2 + 2 >= to) return;
    if (width === 1) {
      row[0] = decimal(bytes, from, c1);
      row[1] = decimal(bytes, c1 + 1, c2) + 1;
    } else {
      hexGroups(bytes, from, c1, groups);
      for (let j = 0; j < 4; j++) row[j] = groups[2 * j]! * 65536 + groups[2 * j + 1]!;
      hexGroups(bytes, c1 + 1, c2, groups);
      for (let j = 0; j < 4; j++) row[4 + j] = groups[2 * j]! * 65536 + groups[2 * j + 1]!;
      increment(row, 4, 4);
    }
    const code = (bytes[c2 + 1]! << 8) | bytes[c2 + 2]!;
    if (!first && compare(previous, 0, row, 0, width) > 0) throw new Error(`${family} country table is not sorted by range start`);
    previous.set(row);
    first = false;

    closeUntil(false);
    if (compare(cursor, 0, row, 0, width) < 0) {
      out.put(cursor, open.length > 0 ? open.at(-1)!.code : noCountry);
      for (let j = 0; j < width; j++) cursor[j] = row[j]!;
    }
    // Rows starting together: the narrower is the inner one, wherever the file puts it.
    let at = open.length;
    while (at > 0 && compare(open[at - 1]!.start, 0, row, 0, width) === 0 && compare(open[at - 1]!.end, 0, row, width, width) < 0) at -= 1;
    open.splice(at, 0, { start: copy(0), end: copy(width), code });
  });
  closeUntil(true);
  // A gap after the last row, unless it runs to the end of the address space (2^32 for IPv4).
  if (!(width === 1 && cursor[0]! >= limb)) out.put(cursor, noCountry);
  return out.finish();
}

/** Calls `line(bytes, from, to)` for each line of a file, reading it 64 KB at a time. */
function forEachLine(file: string, line: (bytes: Buffer, from: number, to: number) => void): void {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    let kept = 0;
    for (;;) {
      const read = readSync(fd, buffer, kept, buffer.length - kept, null);
      const end = kept + read;
      let from = 0;
      for (let eol = buffer.indexOf(10, from); eol >= 0 && eol < end; eol = buffer.indexOf(10, from)) {
        line(buffer, from, eol);
        from = eol + 1;
      }
      if (read === 0) {
        if (from < end) line(buffer, from, end);
        return;
      }
      buffer.copyWithin(0, from, end);
      kept = end - from;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Segments written in fixed blocks that become the table as they are: nothing is copied or
 * freed at the end (a freed multi-megabyte buffer stays in the process's RSS).
 */
class SegmentWriter {
  static readonly block = 1 << 15;
  readonly #table: Table;
  #last = -1;

  constructor(width: number) {
    this.#table = { width, starts: [], codes: [], lengths: [] };
  }

  put(start: Float64Array, code: number): void {
    if (code === this.#last) return;
    this.#last = code;
    const t = this.#table;
    if (t.lengths.length === 0 || t.lengths.at(-1) === SegmentWriter.block) {
      t.starts.push(new Uint32Array(SegmentWriter.block * t.width));
      t.codes.push(new Uint16Array(SegmentWriter.block));
      t.lengths.push(0);
    }
    const b = t.lengths.length - 1;
    const n = t.lengths[b]!;
    for (let j = 0; j < t.width; j++) t.starts[b]![n * t.width + j] = start[j]!;
    t.codes[b]![n] = code;
    t.lengths[b] = n + 1;
  }

  finish(): Table {
    return this.#table;
  }
}

function compare(a: ArrayLike<number>, aAt: number, b: ArrayLike<number>, bAt: number, width: number): number {
  for (let j = 0; j < width; j++) {
    const d = a[aAt + j]! - b[bAt + j]!;
    if (d !== 0) return d;
  }
  return 0;
}

function decimal(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + bytes[i]! - 48;
  return n;
}

/** An IPv6 address in text (with `::` compression) as eight 16-bit groups. */
function hexGroups(bytes: Uint8Array, from: number, to: number, out: Uint16Array): void {
  out.fill(0);
  const parsed: number[] = [];
  let gap = -1;
  let group = 0;
  let digits = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b === 58) { // ':'
      if (digits > 0) parsed.push(group);
      else if (i > from) gap = parsed.length; // the second colon of '::'
      group = 0;
      digits = 0;
    } else {
      group = group * 16 + (b <= 57 ? b - 48 : (b | 32) - 87);
      digits += 1;
    }
  }
  if (digits > 0) parsed.push(group);
  const tail = gap < 0 ? 0 : parsed.length - gap;
  for (let j = 0; j < parsed.length; j++) out[j < parsed.length - tail ? j : 8 - (parsed.length - j)] = parsed[j]!;
}

/** Adds one to a key (making an end exclusive); the all-ones IPv6 address stays as it is. */
function increment(keys: Float64Array, base: number, width: number): void {
  for (let j = width - 1; j >= 0; j--) {
    if (keys[base + j]! < limb - 1) { keys[base + j]! += 1; return; }
    keys[base + j] = 0;
  }
  keys.fill(limb - 1, base, base + width);
}
