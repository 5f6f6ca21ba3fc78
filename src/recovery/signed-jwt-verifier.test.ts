import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { createSignedJwtVerifier } from './signed-jwt-verifier.ts';

const provider = 'https://idv.example.com';
const options = {
  id: 'example-idv', displayName: 'Example ID check', verificationUrl: `${provider}/verify?lang=en`,
  issuer: provider, jwksUrl: `${provider}/jwks`, clientId: 'tenant-1',
};

describe('the signed-JWT identity verifier', () => {
  let key: CryptoKey;
  let verifier: ReturnType<typeof createSignedJwtVerifier>;
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (claims: JWTPayload, overrides: { iss?: string; aud?: string } = {}) =>
    new SignJWT({ iat: now(), exp: now() + 300, jti: 'evidence-1', nonce: 'n-1', given_name: 'Maria', family_name: 'Garcia', ...claims })
      .setProtectedHeader({ alg: 'ES256' }).setIssuer(overrides.iss ?? provider).setAudience(overrides.aud ?? 'tenant-1').sign(key);

  before(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    verifier = createSignedJwtVerifier({ ...options, keys: createLocalJWKSet({ keys: [await exportJWK(pair.publicKey)] }) });
  });

  test('begin sends the browser to the provider with client id, redirect URI, state and nonce, keeping its own query', async () => {
    const { redirectUrl } = await verifier.begin({ state: 's', nonce: 'n', callbackUrl: 'https://id.example.org/recover/callback' });
    const url = new URL(redirectUrl);
    assert.equal(url.origin + url.pathname, `${provider}/verify`);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      lang: 'en', client_id: 'tenant-1', redirect_uri: 'https://id.example.org/recover/callback', state: 's', nonce: 'n',
    });
  });

  test('a token from the provider yields the names, the nonce inside it, the evidence id and the assurance', async () => {
    const result = await verifier.complete({ state: 's', verification: await sign({ acr: 'document+liveness', verified_at: now() - 60 }) });
    assert.ok(result.verified);
    assert.equal(result.identity.givenName, 'Maria');
    assert.equal(result.identity.surname, 'Garcia');
    assert.equal(result.identity.nonce, 'n-1');
    assert.equal(result.identity.evidenceId, 'evidence-1');
    assert.equal(result.identity.assurance, 'document+liveness');
    assert.ok(Date.now() - result.identity.verifiedAt.getTime() >= 59_000);
  });

  test('tokens for another audience or issuer, too old, or without names or nonce are refused', async () => {
    const refused = async (token: string) => {
      const result = await verifier.complete({ verification: token });
      assert.equal(result.verified, false);
      return result.verified ? '' : result.reason;
    };
    assert.match(await refused(await sign({}, { aud: 'tenant-2' })), /aud/);
    assert.match(await refused(await sign({}, { iss: 'https://evil.example' })), /iss/);
    assert.match(await refused(await sign({ iat: now() - 3600, exp: now() + 60 })), /iat|age/);
    assert.match(await refused(await sign({ given_name: undefined })), /given_name/);
    assert.match(await refused(await sign({ nonce: 42 })), /not strings/);
    assert.match(await refused('not.a.jwt'), /refused/);
  });

  test('the provider’s error is a refusal carrying its code and description, shortened', async () => {
    const result = await verifier.complete({ error: 'access_denied', error_description: 'x'.repeat(1000) });
    assert.equal(result.verified, false);
    assert.ok(!result.verified && result.reason.startsWith('access_denied: xxx') && result.reason.length < 300);
    assert.deepEqual(await verifier.complete({}), { verified: false, reason: 'no verification token in the callback' });
  });

  test('provider URLs must be https, except on loopback', () => {
    assert.throws(() => createSignedJwtVerifier({ ...options, jwksUrl: 'http://idv.example.com/jwks' }), /jwksUrl must be an https URL/);
    assert.throws(() => createSignedJwtVerifier({ ...options, verificationUrl: 'javascript:alert(1)' }), /verificationUrl/);
    assert.throws(() => createSignedJwtVerifier({ ...options, id: 'Bad Id' }), /verifier id/);
    assert.doesNotThrow(() => createSignedJwtVerifier({ ...options, verificationUrl: 'http://127.0.0.1:9/verify', jwksUrl: 'http://localhost:9/jwks' }));
  });
});
