import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iso3166Alpha2 } from './country-codes.ts';
import { parseNamedLocation, parseNamedLocationDocument, type ParsedNamedLocation } from './parse-named-location.ts';
import type { Problem, ProblemCode } from './problem.ts';

const ipLocation = (ipRanges: unknown, extra: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Office', isTrusted: true, ipRanges, ...extra,
});
const countryLocation = (countriesAndRegions: unknown, extra: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.countryNamedLocation', displayName: 'Allowed countries', countriesAndRegions, ...extra,
});

function parsed(input: unknown, keepIds = false): ParsedNamedLocation {
  const result = parseNamedLocation(input, { keepIds });
  assert.ok(result.ok, `expected no problems, got ${JSON.stringify(result.ok ? [] : result.problems, null, 2)}`);
  return result.value;
}

function onlyProblem(input: unknown): Problem {
  const result = parseNamedLocation(input);
  assert.ok(!result.ok, 'expected a problem');
  assert.equal(result.problems.length, 1, JSON.stringify(result.problems, null, 2));
  return result.problems[0]!;
}

describe('parseNamedLocation: IP ranges', () => {
  it('reads IPv4 and IPv6 ranges with their Graph types', () => {
    const location = parsed(ipLocation([
      { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.0.2.0/24' },
      { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/48' },
    ]));
    assert.deepEqual(location, {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      displayName: 'Office',
      isTrusted: true,
      ipRanges: [
        { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.0.2.0/24' },
        { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/48' },
      ],
    });
  });

  it('derives a range\'s type from its address, and reads bare CIDR strings', () => {
    const location = parsed(ipLocation(['198.51.100.7/32', { cidrAddress: ' 2001:db8:1::/64 ' }]));
    assert.ok('ipRanges' in location);
    assert.deepEqual(location.ipRanges, [
      { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '198.51.100.7/32' },
      { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8:1::/64' },
    ]);
  });

  it('an IP location is untrusted unless it says so', () => {
    const location = parsed(ipLocation(['192.0.2.0/24'], { isTrusted: undefined }));
    assert.equal(location.isTrusted, false);
  });

  it('accepts /9, the widest mask Entra allows', () => {
    parsed(ipLocation(['10.0.0.0/9', '2001::/9']));
  });

  it('derives the kind of location from its members when @odata.type is missing', () => {
    assert.equal(parsed({ displayName: 'Lab', ipRanges: ['192.0.2.0/24'] })['@odata.type'], '#microsoft.graph.ipNamedLocation');
    assert.equal(parsed({ displayName: 'NL', countriesAndRegions: ['NL'] })['@odata.type'], '#microsoft.graph.countryNamedLocation');
  });

  const rows: Array<[problem: string, ranges: unknown, expected: { path: string; code: ProblemCode; message: RegExp }]> = [
    ['only CIDR masks greater than /8 (IPv4)', ['10.0.0.0/8'], { path: 'ipRanges[0]', code: 'outOfRange', message: /only CIDR masks greater than \/8; "10\.0\.0\.0\/8" is a \/8/ }],
    ['only CIDR masks greater than /8 (IPv6)', [{ cidrAddress: '2000::/3' }], { path: 'ipRanges[0].cidrAddress', code: 'outOfRange', message: /is a \/3/ }],
    ['an address needs a prefix length', ['192.0.2.7'], { path: 'ipRanges[0]', code: 'invalidValue', message: /not an IPv4 or IPv6 range in CIDR notation/ }],
    ['IPv4 is four decimal parts', ['10.1/16'], { path: 'ipRanges[0]', code: 'invalidValue', message: /CIDR notation/ }],
    ['IPv4 octets stop at 255', ['300.1.1.0/24'], { path: 'ipRanges[0]', code: 'invalidValue', message: /CIDR notation/ }],
    ['IPv4 prefixes stop at 32', ['192.0.2.0/33'], { path: 'ipRanges[0]', code: 'invalidValue', message: /CIDR notation/ }],
    ['IPv6 prefixes stop at 128', ['2001:db8::/129'], { path: 'ipRanges[0]', code: 'invalidValue', message: /CIDR notation/ }],
    ['a range\'s @odata.type matches its address', [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '2001:db8::/48' }], { path: 'ipRanges[0].@odata.type', code: 'invalidValue', message: /which is an IPv6 range \(#microsoft\.graph\.iPv6CidrRange\)/ }],
    ['a range has a cidrAddress', [{ cidr: '192.0.2.0/24' }], { path: 'ipRanges[0].cidrAddress', code: 'required', message: /needs a cidrAddress/ }],
    ['an IP location has at least one range', [], { path: 'ipRanges', code: 'required', message: /at least one IP range/ }],
    ['an IP location has at most 2,000 ranges', Array.from({ length: 2001 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`), { path: 'ipRanges', code: 'outOfRange', message: /at most 2000 IP ranges; this one has 2001/ }],
  ];
  for (const [problem, ranges, expected] of rows) {
    it(problem, () => {
      const found = onlyProblem(ipLocation(ranges));
      assert.equal(found.path, expected.path);
      assert.equal(found.code, expected.code);
      assert.match(found.message, expected.message);
    });
  }

  it('accepts exactly 2,000 ranges', () => {
    parsed(ipLocation(Array.from({ length: 2000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`)));
  });
});

describe('parseNamedLocation: countries', () => {
  it('upper-cases country codes and keeps each once', () => {
    const location = parsed(countryLocation(['nl', 'BE', ' lu ', 'NL']));
    assert.ok('countriesAndRegions' in location);
    assert.deepEqual(location.countriesAndRegions, ['NL', 'BE', 'LU']);
  });

  it('looks countries up by client IP address unless told otherwise', () => {
    assert.equal(parsed(countryLocation(['NL'])).countryLookupMethod, 'clientIpAddress');
    assert.equal(parsed(countryLocation(['NL'], { countryLookupMethod: 'AuthenticatorAppGps' })).countryLookupMethod, 'authenticatorAppGps');
    assert.equal(parsed(countryLocation(['NL'])).includeUnknownCountriesAndRegions, false);
  });

  it('holds the 249 ISO 3166-1 alpha-2 codes', () => {
    assert.equal(iso3166Alpha2.size, 249);
    for (const code of iso3166Alpha2) assert.match(code, /^[A-Z]{2}$/);
  });

  const rows: Array<[problem: string, input: unknown, expected: { path: string; code: ProblemCode; message: RegExp }]> = [
    ['a country is an ISO 3166-1 alpha-2 code', countryLocation(['NL', 'NLD']), { path: 'countriesAndRegions[1]', code: 'invalidValue', message: /"NLD" is not an ISO 3166-1 alpha-2 country code/ }],
    ['user-assigned codes such as XK are not ISO 3166-1', countryLocation(['XK']), { path: 'countriesAndRegions[0]', code: 'invalidValue', message: /"XK"/ }],
    ['the United Kingdom is GB, not UK', countryLocation(['UK']), { path: 'countriesAndRegions[0]', code: 'invalidValue', message: /"UK"/ }],
    ['a country location names a country or includes unknown ones', countryLocation([]), { path: 'countriesAndRegions', code: 'required', message: /at least one country, or includeUnknownCountriesAndRegions/ }],
    ['countries cannot be trusted', countryLocation(['NL'], { isTrusted: true }), { path: 'isTrusted', code: 'invalidValue', message: /cannot be marked as trusted/ }],
    ['the lookup method is clientIpAddress or authenticatorAppGps', countryLocation(['NL'], { countryLookupMethod: 'gps' }), { path: 'countryLookupMethod', code: 'unknownEnumValue', message: /Allowed values: clientIpAddress, authenticatorAppGps\./ }],
    ['a location has a displayName', countryLocation(['NL'], { displayName: '' }), { path: 'displayName', code: 'required', message: /needs a displayName/ }],
    ['a location is of a known kind', { '@odata.type': '#microsoft.graph.namedLocation', displayName: 'x' }, { path: '@odata.type', code: 'unknownEnumValue', message: /ipNamedLocation, #microsoft\.graph\.countryNamedLocation/ }],
    ['a location says its kind when its members do not', { displayName: 'x' }, { path: '@odata.type', code: 'required', message: /Say which kind/ }],
    ['a location is a JSON object', 'Office', { path: '', code: 'wrongType', message: /JSON object/ }],
  ];
  for (const [problem, input, expected] of rows) {
    it(problem, () => {
      const found = onlyProblem(input);
      assert.equal(found.path, expected.path);
      assert.equal(found.code, expected.code);
      assert.match(found.message, expected.message);
    });
  }

  it('accepts only unknown countries', () => {
    parsed(countryLocation([], { includeUnknownCountriesAndRegions: true }));
  });
});

describe('parseNamedLocation: the rest', () => {
  it('reads the compliant-network location Global Secure Access creates', () => {
    const location = parsed({
      '@odata.type': '#microsoft.graph.compliantNetworkNamedLocation', displayName: 'All Compliant Network locations',
      compliantNetworkType: 'allTenantCompliantNetworks', isTrusted: true,
    });
    assert.deepEqual(location, {
      '@odata.type': '#microsoft.graph.compliantNetworkNamedLocation', displayName: 'All Compliant Network locations',
      compliantNetworkType: 'allTenantCompliantNetworks', isTrusted: true,
    });
  });

  it('drops annotations and action stubs, keeps unknown members, and keeps ids only when asked', () => {
    const exported = {
      ...countryLocation(['NL']),
      '@odata.context': 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/namedLocations/$entity',
      'countriesAndRegions@odata.type': '#Collection(String)',
      '#microsoft.graph.restore': { title: 'microsoft.graph.restore' },
      id: '185C993E-10A9-44FA-98D1-230C8F72F497', createdDateTime: '2024-05-24T09:26:17Z', modifiedDateTime: '2024-05-24T09:26:17Z', deletedDateTime: null,
      futureMember: { a: 1 },
    };
    const created = parsed(exported);
    assert.equal('id' in created, false);
    assert.deepEqual(created.futureMember, { a: 1 });
    assert.doesNotMatch(JSON.stringify(created), /@odata\.context|Collection|restore/);
    const restored = parsed(exported, true);
    assert.equal(restored.id, '185c993e-10a9-44fa-98d1-230c8f72f497');
    assert.equal(restored.createdDateTime, '2024-05-24T09:26:17Z');
    assert.equal(restored.deletedDateTime, null);
  });

  it('reads a document of locations and names each problem by position and displayName', () => {
    const document = parseNamedLocationDocument({ value: [countryLocation(['NL']), ipLocation(['10.0.0.0/8'])] });
    assert.equal(document.locations.length, 1);
    assert.deepEqual(document.problems.map((p) => [p.item, p.path, p.code]), [[{ index: 1, displayName: 'Office' }, 'ipRanges[0]', 'outOfRange']]);
  });
});
