import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPublicAddress } from './public-address.ts';

test('only public unicast addresses are public: not loopback, private, link-local, CGNAT or mapped private ones', () => {
  for (const ok of ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::ffff:93.184.215.14']) assert.equal(isPublicAddress(ok), true, ok);
  for (const no of [
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
    '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not an address',
  ]) {
    assert.equal(isPublicAddress(no), false, no);
  }
});
