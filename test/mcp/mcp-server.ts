/**
 * A small MCP server as its developer would write it with the official SDK and `limen/resource`:
 * McpServer and the Streamable HTTP transport on node:http (stateless), one tool, `whoami`.
 * It publishes RFC 9728 metadata naming Limen, answers 401/403 with a challenge that leads
 * clients there, and takes only Limen tokens whose `aud` is its own URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import {
  AccessTokenError, bearerToken, protectedResourceMetadata, protectedResourceMetadataUrl, verifyAccessToken, wwwAuthenticate,
  type LimenAccessTokenClaims,
} from '../../src/sdk/resource/index.ts';

export interface TestMcpServer {
  /** The MCP endpoint, which is also the resource identifier registered in Limen. */
  url: string;
  metadataUrl: string;
  /** Status codes the MCP endpoint answered, in order. */
  statuses: number[];
  close(): Promise<void>;
}

export async function startMcpServer(issuer: string, scopes: readonly string[]): Promise<TestMcpServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  const metadataUrl = protectedResourceMetadataUrl(url);
  const metadata = protectedResourceMetadata({ resource: url, issuer, scopes, resourceName: 'Contoso tools' });
  const statuses: number[] = [];

  const refuse = (res: ServerResponse, status: number, error?: AccessTokenError) => {
    statuses.push(status);
    res.writeHead(status, {
      'www-authenticate': wwwAuthenticate({ resourceMetadata: metadataUrl, scopes, error: error?.code, errorDescription: error?.message }),
    }).end();
  };

  server.on('request', (req: IncomingMessage & { auth?: AuthInfo }, res) => void (async () => {
    const path = new URL(req.url ?? '/', url).pathname;
    // RFC 9728 §3.1 location, and the root one older clients try (MCP "Well-Known URI").
    if (req.method === 'GET' && (path === new URL(metadataUrl).pathname || path === '/.well-known/oauth-protected-resource')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata));
      return;
    }
    if (path !== '/mcp') return void res.writeHead(404).end();
    const token = bearerToken(req.headers.authorization);
    if (!token) return refuse(res, 401);
    let claims: LimenAccessTokenClaims;
    try {
      claims = await verifyAccessToken(token, { issuer, audience: url, requiredScopes: scopes });
    } catch (error) {
      if (error instanceof AccessTokenError) return refuse(res, error.status, error);
      throw error;
    }
    statuses.push(200);
    req.auth = { token, clientId: claims.azp, scopes: (claims.scp ?? '').split(' '), expiresAt: claims.exp, extra: { claims } };
    const mcp = new McpServer({ name: 'contoso-tools', version: '1.0.0' });
    mcp.registerTool('whoami', { description: 'Who the access token speaks for' }, (extra) => {
      const who = extra.authInfo?.extra?.claims as LimenAccessTokenClaims;
      return { content: [{ type: 'text', text: JSON.stringify({ sub: who.sub, name: who.name, client: who.azp }) }] };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => mcp.close()));
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  })().catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500).end(String(error));
  }));

  return {
    url,
    metadataUrl,
    statuses,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
