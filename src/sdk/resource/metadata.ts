/** RFC 9728 §2: what a protected resource says about itself. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported?: string[];
  bearer_methods_supported: string[];
  resource_name?: string;
  resource_documentation?: string;
}

export interface ProtectedResourceOptions {
  /**
   * The resource identifier: your server's canonical URI (for an MCP server, the URL clients
   * connect to, e.g. `https://mcp.example.com/mcp`), exactly as registered in Limen as the
   * application's identifier URI. Limen's tokens for it carry it as `aud`.
   */
  resource: string;
  /** Limen's issuer: its public URL (LIMEN_PUBLIC_URL). */
  issuer: string;
  /**
   * Scope values a client should ask for, as your application in Limen declares them
   * (e.g. `['mcp.tools']`). MCP clients request these with `resource` set to your URI.
   */
  scopes?: readonly string[];
  /** A name people may see (RFC 9728 `resource_name`). */
  resourceName?: string;
  /** A page for developers (RFC 9728 `resource_documentation`). */
  documentation?: string;
}

/**
 * The OAuth 2.0 Protected Resource Metadata (RFC 9728) document of a resource protected by
 * Limen: serve it at `protectedResourceMetadataUrl(resource)`. MCP clients read it to find
 * Limen (MCP authorization, "Authorization Server Location"); bearer tokens go in the
 * Authorization header only (OAuth 2.1 §5.1.1), so that is the one method listed.
 */
export function protectedResourceMetadata(options: ProtectedResourceOptions): ProtectedResourceMetadata {
  return {
    resource: options.resource,
    authorization_servers: [options.issuer],
    ...(options.scopes?.length ? { scopes_supported: [...options.scopes] } : {}),
    bearer_methods_supported: ['header'],
    ...(options.resourceName ? { resource_name: options.resourceName } : {}),
    ...(options.documentation ? { resource_documentation: options.documentation } : {}),
  };
}

/**
 * Where the metadata of `resource` is served (RFC 9728 §3.1): the well-known path inserted
 * between the host and the resource's path, so `https://mcp.example.com/mcp` has
 * `https://mcp.example.com/.well-known/oauth-protected-resource/mcp`.
 */
export function protectedResourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-protected-resource${path}${url.search}`;
}
