import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { IpRangeSet, isPublicUnicast, parseCidr, parseIp } from './ip-address.ts';

/** What the hand-written IPv4 parser must accept: the pattern it replaced, octets ≤ 255, prefix ≤ 32. */
function dottedQuad(text: string): { value: number; prefix: number | undefined } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  const o = [m[1], m[2], m[3], m[4]].map(Number);
  const prefix = m[5] === undefined ? undefined : Number(m[5]);
  if (o.some((x) => x > 255) || (prefix !== undefined && prefix > 32)) return undefined;
  return { value: o[0]! * 2 ** 24 + o[1]! * 2 ** 16 + o[2]! * 2 ** 8 + o[3]!, prefix };
}

/** Strings near the dotted-quad form (no ':', so IPv6 parsing never accepts them). */
const octet = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 300 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '01', '007', '0255', '1000', 'x', ' 1') });
const quad = fc.tuple(octet, octet, octet, octet, fc.constantFrom('.', '.', '.', '.', '.', ',', '..'),
  fc.option(fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('', '00', '032', '7x')), { nil: undefined }))
  .map(([a, b, c, d, dot, prefix]) => [a, b, c, d].join(dot) + (prefix === undefined ? '' : `/${prefix}`));
const nearlyDottedQuads = fc.oneof(quad, quad.map((q) => `${q}.1`), fc.stringMatching(/^[0-9./]{0,20}$/));

describe('client addresses', () => {
  it('an IPv4-mapped IPv6 address is its IPv4 address', () => {
    assert.deepEqual(parseIp('::ffff:203.0.113.7'), parseIp('203.0.113.7'));
  });
  it('knows public addresses from private, loopback and documentation ones', () => {
    assert.deepEqual(['81.2.69.160', '10.1.2.3', '127.0.0.1', '2a02:2e0::1', 'fe80::1', '::1'].map((a) => isPublicUnicast(parseIp(a)!)),
      [true, false, false, true, false, false]);
  });
  it('is undefined for what is not an address', () => assert.deepEqual(['not-an-ip', '256.1.1.1', '10.0.0.0/8', ''].map(parseIp), Array(4).fill(undefined)));
  it('reads IPv4 exactly as the dotted-quad pattern does', () => {
    fc.assert(fc.property(nearlyDottedQuads, (text) => {
      const expected = dottedQuad(text);
      assert.deepEqual(parseIp(text), expected && expected.prefix === undefined ? { family: 4, value: expected.value } : undefined);
      const range = parseCidr(text);
      assert.equal(range !== undefined, expected?.prefix !== undefined);
      if (range && expected?.prefix !== undefined) {
        assert.ok(range.family === 4 && range.first <= expected.value && expected.value <= range.last);
        assert.equal(Number(range.last) - Number(range.first) + 1, 2 ** (32 - expected.prefix));
      }
    }), { numRuns: 5000 });
  });
  it('tells public IPv4 addresses as ipaddr.js does, special ranges and their edges included', () => {
    const ranges = (ipaddr.IPv4.prototype as unknown as { SpecialRanges: Record<string, Array<[ipaddr.IPv4, number]>> }).SpecialRanges;
    const edges = Object.values(ranges).flat().flatMap(([address, bits]) => {
      const first = parseCidr(`${address.toString()}/${bits}`)!;
      return [Number(first.first) - 1, Number(first.first), Number(first.last), Number(first.last) + 1].filter((v) => v >= 0 && v < 2 ** 32);
    });
    const publicByIpaddr = (v: number) => new ipaddr.IPv4([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]).range() === 'unicast';
    for (const v of edges) assert.equal(isPublicUnicast({ family: 4, value: v }), publicByIpaddr(v), String(v));
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (v) => {
      assert.equal(isPublicUnicast({ family: 4, value: v }), publicByIpaddr(v));
    }), { numRuns: 20000 });
  });
});

describe('CIDR ranges', () => {
  it('cover their first and last address and nothing beyond', () => {
    const set = new IpRangeSet([parseCidr('203.0.113.0/24')!, parseCidr('2001:db8:1::/48')!]);
    const has = (a: string) => set.has(parseIp(a)!);
    assert.deepEqual(['203.0.112.255', '203.0.113.0', '203.0.113.255', '203.0.114.0'].map(has), [false, true, true, false]);
    assert.deepEqual(['2001:db8:0:ffff:ffff:ffff:ffff:ffff', '2001:db8:1::', '2001:db8:1:ffff:ffff:ffff:ffff:ffff', '2001:db8:2::'].map(has),
      [false, true, true, false]);
  });
  it('normalise a host address to its network', () => assert.deepEqual(parseCidr('203.0.113.77/24'), parseCidr('203.0.113.0/24')));
  it('read an IPv4-mapped IPv6 prefix as IPv4', () => assert.deepEqual(parseCidr('::ffff:203.0.113.0/120'), parseCidr('203.0.113.0/24')));
  it('merge overlapping and adjacent ranges', () => {
    const set = new IpRangeSet(['10.0.0.0/25', '10.0.0.128/25', '10.0.0.0/26', '192.168.0.0/16'].map((c) => parseCidr(c)!));
    assert.equal(set.size, 2);
  });
  it('refuse what is not a CIDR', () => assert.equal(parseCidr('203.0.113.0/33'), undefined));
});
