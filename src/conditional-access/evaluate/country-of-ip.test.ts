import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countryOfIp, countryTablesLoaded } from './country-of-ip.ts';

describe('the country of an address (offline table)', () => {
  it('answers private, reserved and malformed addresses without loading the table', () => {
    assert.deepEqual(['10.1.2.3', '192.168.0.1', '100.64.0.1', '203.0.113.7', 'fe80::1', '2001:db8::1', 'nope'].map(countryOfIp), Array(7).fill(undefined));
    assert.deepEqual(countryTablesLoaded(), { ipv4: false, ipv6: false });
  });
  it('loads a family on its first public lookup only', () => {
    assert.equal(countryOfIp('193.0.6.139'), 'NL');
    assert.deepEqual(countryTablesLoaded(), { ipv4: true, ipv6: false });
  });
  it('maps IPv4 addresses', () => {
    assert.deepEqual(['8.8.8.8', '81.2.69.160', '1.1.1.1'].map(countryOfIp), ['US', 'GB', 'AU']);
  });
  it('maps IPv6 addresses', () => {
    assert.deepEqual(['2001:67c:2e8::1', '2a02:2e0::1'].map(countryOfIp), ['NL', 'DE']);
  });
  it('maps an IPv4-mapped IPv6 address as its IPv4 address', () => assert.equal(countryOfIp('::ffff:193.0.6.139'), 'NL'));
  it('gives the most specific row where rows overlap (a geofeed range inside a whois block)', () => {
    // 2.58.196.0–2.58.197.255 is DE (rows 37405696–37406207); 2.58.197.15 alone is BE (row 37405967).
    assert.deepEqual(['2.58.197.14', '2.58.197.15', '2.58.197.16'].map(countryOfIp), ['DE', 'BE', 'DE']);
  });
});
