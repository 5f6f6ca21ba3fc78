import assert from 'node:assert/strict';
import { test } from 'node:test';
import { certificateFromFile, certificateFromText, expiryOf } from '../console/src/pages/applications/certificate-file.ts';
import { makeCertificate } from './oidc/fixtures.ts';

/** The admin center's certificate upload: what it sends as keyCredential.key, and what it refuses before sending. */
const { certificateDerBase64: der, privateKeyPem } = makeCertificate();
const pem = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

test('a DER file, a PEM file and pasted PEM all become the same base64 DER', async () => {
  assert.deepEqual(await certificateFromFile(new Blob([Buffer.from(der, 'base64')])), { key: der });
  assert.deepEqual(await certificateFromFile(new Blob([pem])), { key: der });
  assert.deepEqual(certificateFromText(`subject=CN=x\n${pem}`), { key: der });
});

test('a private key is refused, alone or next to the certificate, and so is text that is no certificate', async () => {
  for (const text of [privateKeyPem, `${pem}${privateKeyPem}`]) {
    assert.match((certificateFromText(text) as { problem: string }).problem, /private key/);
  }
  assert.match((await certificateFromFile(new Blob([privateKeyPem])) as { problem: string }).problem, /private key/);
  assert.match((certificateFromText('hello, world') as { problem: string }).problem, /not a certificate/);
});

test('a certificate is flagged expired at its end, expiring within 30 days before that, valid otherwise', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  assert.equal(expiryOf('2026-06-01T00:00:00Z', now), 'expired');
  assert.equal(expiryOf('2026-07-01T00:00:00Z', now), 'soon');
  assert.equal(expiryOf('2026-07-01T00:00:01Z', now), 'valid');
});
