import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IpRangeSet, isPublicUnicast, parseCidr, parseIp } from './ip-address.ts';

describe('client addresses', () => {
  it('an IPv4-mapped IPv6 address is its IPv4 address', () => {
    assert.deepEqual(parseIp('::ffff:203.0.113.7'), parseIp('203.0.113.7'));
  });
  it('knows public addresses from private, loopback and documentation ones', () => {
    assert.deepEqual(['81.2.69.160', '10.1.2.3', '127.0.0.1', '2a02:2e0::1', 'fe80::1', '::1'].map((a) => isPublicUnicast(parseIp(a)!)),
      [true, false, false, true, false, false]);
  });
  it('is undefined for what is not an address', () => assert.deepEqual(['not-an-ip', '256.1.1.1', '10.0.0.0/8', ''].map(parseIp), Array(4).fill(undefined)));
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
