import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { context, countryLocation, grant, ipLocation, policy } from '../../../test/support/ca-evaluation.ts';
import { addressClassifier, compilePolicies, countryOfIp, evaluate } from './index.ts';

// 81.2.69.0/24 is in Great Britain, 193.0.6.0/24 in the Netherlands; the IP locations cut across them.
const locations = [
  ipLocation('loc-office', ['81.2.69.0/25', '193.0.6.139/32'], true), ipLocation('loc-lab', ['81.2.69.64/26']),
  countryLocation('loc-gb', ['GB']), countryLocation('loc-unknown', ['NL'], true),
];
const locationIds = ['loc-office', 'loc-lab', 'loc-gb', 'loc-unknown', 'AllTrusted'];
// For each location one policy for it and one for everywhere but it, so every membership shows.
const policies = locationIds.flatMap((id) => [
  policy(`in-${id}`, { locations: { includeLocations: [id], excludeLocations: [] } }, grant('block')),
  policy(`not-${id}`, { locations: { includeLocations: ['All'], excludeLocations: [id] } }, grant('mfa')),
]);
const compiled = compilePolicies(policies, locations, []);
const classOf = addressClassifier(compiled);
const evaluationFrom = (ipAddress: string | undefined) => {
  const { ipAddress: _a, country: _c, ...rest } = context();
  return evaluate(compiled, { ...rest, ...(ipAddress === undefined ? {} : { ipAddress }) });
};

const addresses = fc.oneof(
  fc.tuple(fc.constantFrom('81.2.69.', '193.0.6.', '8.8.8.', '10.0.0.'), fc.integer({ min: 0, max: 255 })).map(([net, host]) => `${net}${host}`),
  fc.constantFrom('193.0.6.139', '::ffff:81.2.69.7', '2001:67c:2e8::1', 'not-an-ip', '', undefined),
);

describe('address classes', () => {
  it('put together only addresses every location condition treats alike', () => {
    fc.assert(fc.property(addresses, addresses, (a, b) => {
      if (classOf(a).key === classOf(b).key) assert.deepEqual(evaluationFrom(a), evaluationFrom(b));
    }), { numRuns: 3000 });
  });
  it('tell apart addresses in different IP locations or countries', () => {
    const keys = ['81.2.69.1', '81.2.69.70', '81.2.69.200', '193.0.6.139', '193.0.6.1', '8.8.8.8'].map((a) => classOf(a).key);
    assert.equal(new Set(keys).size, keys.length);
  });
  it('give an unparseable address the class of no address', () => {
    assert.equal(classOf('not-an-ip').key, classOf(undefined).key);
  });
  it('carry the country countryOfIp gives', () => {
    for (const a of ['81.2.69.1', '193.0.6.139', '10.0.0.1', '2001:67c:2e8::1']) assert.equal(classOf(a).country, countryOfIp(a));
  });
});
