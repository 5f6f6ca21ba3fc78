/**
 * The baseline: a bare oidc-provider with one client-credentials client, configured to issue the
 * same kind of token as Limen (ES256 JWT access token for a resource), in-memory storage, no
 * logging. Plain JavaScript, as Limen runs from its build. Prints one JSON line
 * `{url, clientId, clientSecret, scope}` when ready.
 */
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const { privateKey } = await generateKeyPair('ES256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'bench' };
const clientId = 'bench-client';
const clientSecret = 'bench-secret-'.padEnd(43, 'x');
const resource = 'api://bench';

const provider = new Provider('http://127.0.0.1', {
  clients: [{ client_id: clientId, client_secret: clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], id_token_signed_response_alg: 'ES256' }],
  jwks: { keys: [jwk] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'api://bench/.default', audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } }),
    },
  },
});
provider.on('server_error', (_ctx, err) => process.stderr.write(`${String(err)}\n`));
const server = provider.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = server.address().port;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, clientId, clientSecret, scope: 'api://bench/.default'})}\n`);
