import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClientDocument } from './client-id-document.ts';
import { DocumentError } from './fetch-document.ts';

const url = 'https://app.example.com/client.json';
const base = { client_id: url, client_name: 'Example', redirect_uris: ['http://127.0.0.1:3000/callback'] };

test('a minimal document makes a public native client of the authorization code flow', () => {
  assert.deepEqual(parseClientDocument(url, base), {
    clientId: url,
    clientName: 'Example',
    applicationType: 'native',
    redirectUris: ['http://127.0.0.1:3000/callback'],
    grantTypes: ['authorization_code'],
    tokenEndpointAuthMethod: 'none',
    jwksUri: undefined,
  });
  const web = parseClientDocument(url, { ...base, client_name: undefined, redirect_uris: ['https://app.example.com/cb'] });
  assert.equal(web.applicationType, 'web');
  assert.equal(web.clientName, 'app.example.com', 'without a name, the host names the client');
});

test('a document is refused when it vouches for another URL, holds a secret, or breaks the redirect rules', () => {
  const refused: Array<[unknown, RegExp]> = [
    [{ ...base, client_id: 'https://app.example.com/other.json' }, /not the URL it was fetched from/],
    [{ ...base, client_secret: 'x' }, /must not contain a client_secret/],
    [{ ...base, token_endpoint_auth_method: 'client_secret_post' }, /token_endpoint_auth_method/],
    [{ ...base, token_endpoint_auth_method: 'private_key_jwt' }, /needs a jwks_uri/],
    [{ ...base, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [] } }, /inline jwks/],
    [{ ...base, redirect_uris: ['http://app.example.com/cb'] }, /http is allowed only for localhost/],
    [{ ...base, redirect_uris: [] }, /redirect_uris/],
    [{ ...base, grant_types: ['client_credentials'] }, /grant_types/],
    [{ ...base, grant_types: ['refresh_token'] }, /must include authorization_code/],
    [['not', 'an', 'object'], /not a valid client metadata document/],
  ];
  for (const [body, reason] of refused) {
    assert.throws(() => parseClientDocument(url, body), (e: unknown) => e instanceof DocumentError && reason.test(e.message), JSON.stringify(body));
  }
});

test('a private_key_jwt client names its keys by jwks_uri', () => {
  const doc = parseClientDocument(url, { ...base, token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://app.example.com/jwks' });
  assert.equal(doc.tokenEndpointAuthMethod, 'private_key_jwt');
  assert.equal(doc.jwksUri, 'https://app.example.com/jwks');
});
