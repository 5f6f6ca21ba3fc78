import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { FederatedIdentityCredential } from '../../directory/index.ts';
import { IssuerKeysError } from './issuer-keys.ts';
import { FederatedCredentialRefusal } from './refusal.ts';
import { checkWorkloadToken } from './workload-token.ts';

const issuer = 'https://token.actions.githubusercontent.com';
const subject = 'repo:contoso/agents:environment:production';
const credential: FederatedIdentityCredential = {
  id: 'c1', name: 'github-production', issuer, subject, audiences: ['api://AzureADTokenExchange'], description: null,
};
const now = 1_800_000_000;

describe('checking a workload token against federated identity credentials', () => {
  let key: CryptoKey;
  let keys: () => Promise<ReturnType<typeof createLocalJWKSet>>;

  before(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1' }] });
    keys = async () => jwks;
  });

  const sign = (claims: JWTPayload, alg = 'ES256', signingKey: CryptoKey | Uint8Array = key) =>
    new SignJWT({ iss: issuer, sub: subject, aud: 'api://AzureADTokenExchange', iat: now - 60, exp: now + 240, ...claims })
      .setProtectedHeader({ alg, kid: 'k1' }).sign(signingKey);
  const check = async (token: string, credentials = [credential]) =>
    checkWorkloadToken({ clientId: 'app-1', token, credentials, keys, now });
  const refusal = async (token: string, credentials = [credential]) => {
    const error = await check(token, credentials).then(() => assert.fail('accepted'), (e: unknown) => e);
    assert.ok(error instanceof FederatedCredentialRefusal, String(error));
    return error;
  };

  it('accepts a token whose issuer, subject and one of whose audiences match a credential', async () => {
    const accepted = await check(await sign({ aud: ['https://github.com/contoso', 'api://AzureADTokenExchange'] }));
    assert.equal(accepted.credential.id, 'c1');
    assert.equal(accepted.claims.sub, subject);
  });

  it('picks the credential whose subject matches among several of the same issuer', async () => {
    const staging = { ...credential, id: 'c2', name: 'github-staging', subject: 'repo:contoso/agents:environment:staging' };
    const accepted = await check(await sign({ sub: staging.subject }), [credential, staging]);
    assert.equal(accepted.credential.id, 'c2');
  });

  it('compares the issuer exactly: a trailing slash is another issuer (AADSTS700211)', async () => {
    const error = await refusal(await sign({ iss: `${issuer}/` }));
    assert.equal(error.logAs, 'federatedIssuerNotMatched');
    assert.match(error.error_description!, /^AADSTS700211: .*'https:\/\/token\.actions\.githubusercontent\.com\/'/);
  });

  it('compares the subject exactly: no prefix or wildcard matching (AADSTS700213)', async () => {
    assert.equal((await refusal(await sign({ sub: 'repo:contoso/agents:environment:production-2' }))).logAs, 'federatedSubjectNotMatched');
  });

  it('refuses a token not yet valid or issued in the future, beyond a minute of clock skew (AADSTS700024)', async () => {
    assert.match((await refusal(await sign({ nbf: now + 120 }))).error_description!, /assertion valid from/);
    assert.match((await refusal(await sign({ iat: now + 120, exp: now + 600 }))).error_description!, /assertion issued at/);
    await check(await sign({ nbf: now + 30 }));
  });

  it('measures the lifetime from nbf when there is no iat', async () => {
    const error = await refusal(await sign({ iat: undefined, nbf: now - 10, exp: now + 86_400 }));
    assert.equal(error.logAs, 'clientAssertionTimeRange');
  });

  it('refuses a symmetric (HS256) token before looking for keys (AADSTS700027)', async () => {
    const error = await refusal(await sign({}, 'HS256', new Uint8Array(32)));
    assert.match(error.error_description!, /algorithm HS256 is not accepted/);
  });

  it('says so when the issuer’s keys cannot be had', async () => {
    const unreachable = async () => { throw new IssuerKeysError('its discovery document could not be fetched: it took too long'); };
    const error = await checkWorkloadToken({ clientId: 'app-1', token: await sign({}), credentials: [credential], keys: unreachable, now })
      .then(() => assert.fail('accepted'), (e: unknown) => e as FederatedCredentialRefusal);
    assert.match(error.error_description!, /the signing keys of issuer '.*' could not be had: its discovery document could not be fetched/);
  });

  it('refuses something that is not a JWT', async () => {
    assert.equal((await refusal('not-a-jwt')).logAs, 'invalidClientAssertion');
  });
});
