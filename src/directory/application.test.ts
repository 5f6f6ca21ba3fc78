import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applicationCreateSchema, toGraphApplication } from './application.ts';
import { certificateThumbprint } from './key-credential.ts';

const withKey = (key: string) => ({
  displayName: 'Daemon',
  keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key }],
});

test('a keyCredential that is not an X.509 certificate is refused when registered', () => {
  const garbage = Buffer.alloc(200, 7).toString('base64');
  const parsed = applicationCreateSchema.safeParse(withKey(garbage));
  assert.equal(parsed.success, false);
  assert.match(JSON.stringify(parsed.error?.issues), /not a DER X\.509 certificate/);
});

test('a logout URL must be a safe web address, not javascript: or a plain-http host', () => {
  for (const logoutUrl of ['javascript:alert(1)', 'data:text/html,x', 'http://example.org/logout']) {
    const parsed = applicationCreateSchema.safeParse({ displayName: 'Portal', web: { logoutUrl } });
    assert.equal(parsed.success, false, logoutUrl);
  }
  assert.equal(applicationCreateSchema.safeParse({ displayName: 'Portal', web: { logoutUrl: 'https://portal.example.org/bye' } }).success, true);
});

test('a certificate with an RSA key shorter than 2048 bits is refused, an EC one is accepted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'limen-cert-'));
  const certificate = (keyArgs: string[]) => {
    const out = join(dir, 'cert.der');
    execFileSync('openssl', ['req', '-x509', ...keyArgs, '-nodes', '-keyout', join(dir, 'key.pem'), '-subj', '/CN=t', '-days', '1', '-outform', 'DER', '-out', out], { stdio: 'ignore' });
    return readFileSync(out).toString('base64');
  };
  try {
    const weak = applicationCreateSchema.safeParse(withKey(certificate(['-newkey', 'rsa:1024'])));
    assert.equal(weak.success, false);
    assert.match(JSON.stringify(weak.error?.issues), /at least 2048 bits/);
    assert.equal(applicationCreateSchema.safeParse(withKey(certificate(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']))).success, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a certificate stored before Limen derived thumbprints reads back with its thumbprint', async () => {
  const { makeCertificate } = await import('../../test/oidc/fixtures.ts');
  const { certificateDerBase64: key } = makeCertificate();
  const stored = { keyId: 'k', type: 'AsymmetricX509Cert', usage: 'Verify', key, customKeyIdentifier: null, displayName: null, startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' };
  const app = toGraphApplication({ id: 'i', app_id: 'a', display_name: 'Old app', sign_in_audience: 'AzureADMyOrg', data: JSON.stringify({ keyCredentials: [stored] }), created_date_time: '2026-01-01T00:00:00Z' }, []);
  assert.match(app.keyCredentials[0]!.customKeyIdentifier ?? '', /^[0-9A-F]{40}$/);
  assert.equal(app.keyCredentials[0]!.customKeyIdentifier, certificateThumbprint(key));
});
