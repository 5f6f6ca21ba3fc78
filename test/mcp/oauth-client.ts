/**
 * The MCP client side, as an MCP host would do it with the official SDK: an in-memory
 * OAuthClientProvider (the SDK calls it to register, to send the user to Limen, to keep tokens),
 * a browser that plays the user at Limen's sign-in pages, and the SDK's connect → 401 →
 * discovery → registration → authorization code with PKCE and `resource` → finishAuth dance.
 */
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/** Where the MCP host listens for the authorization response (never actually served here). */
export const mcpRedirectUrl = 'http://localhost:8765/callback';

export class TestOAuthProvider implements OAuthClientProvider {
  readonly redirectUrl = mcpRedirectUrl;
  readonly clientMetadataUrl: string | undefined;
  /** The last authorization URL the SDK sent the user to. */
  authorizationUrl: URL | undefined;
  #client: OAuthClientInformationMixed | undefined;
  #tokens: OAuthTokens | undefined;
  #verifier = '';

  constructor(options: { clientMetadataUrl?: string } = {}) {
    this.clientMetadataUrl = options.clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Contoso MCP host',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    } as OAuthClientMetadata;
  }

  clientInformation() { return this.#client; }
  saveClientInformation(client: OAuthClientInformationMixed) { this.#client = client; }
  tokens() { return this.#tokens; }
  saveTokens(tokens: OAuthTokens) { this.#tokens = tokens; }
  redirectToAuthorization(url: URL) { this.authorizationUrl = url; }
  saveCodeVerifier(verifier: string) { this.#verifier = verifier; }
  codeVerifier() { return this.#verifier; }
}

/**
 * Connects an MCP client to `serverUrl`. Without tokens, the SDK answers the server's 401 by
 * sending the user to Limen: `signIn` plays the user at that URL and returns where the browser
 * landed (the redirect URI with the code); then finishAuth redeems the code and the client
 * connects again.
 */
export async function connectWithSignIn(
  serverUrl: string,
  provider: TestOAuthProvider,
  signIn: (authorizationUrl: URL) => Promise<string>,
): Promise<Client> {
  const client = new Client({ name: 'contoso-host', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider });
  try {
    await client.connect(transport);
    return client;
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  assert.ok(provider.authorizationUrl, 'the SDK sent the user to Limen');
  const landed = new URL(await signIn(provider.authorizationUrl));
  const code = landed.searchParams.get('code');
  assert.ok(code, `the browser came back with a code, not ${landed.href}`);
  await transport.finishAuth(code);
  const connected = new Client({ name: 'contoso-host', version: '1.0.0' });
  await connected.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider }));
  return connected;
}
