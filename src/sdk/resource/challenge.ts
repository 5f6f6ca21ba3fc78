export interface ChallengeOptions {
  /** URL of the resource's RFC 9728 metadata (protectedResourceMetadataUrl). */
  resourceMetadata: string;
  /** Scope values the request needs (RFC 6750 §3; MCP clients ask for exactly these). */
  scopes?: readonly string[];
  /** RFC 6750 §3.1: `invalid_token` (401), `insufficient_scope` (403); none when no token came. */
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  errorDescription?: string;
}

/**
 * A `WWW-Authenticate` value for a 401 or 403 of a resource protected by Limen:
 * `Bearer resource_metadata="…", scope="…"` (RFC 9728 §5.1, RFC 6750 §3). The
 * `resource_metadata` parameter is how an MCP client finds the metadata, then Limen.
 */
export function wwwAuthenticate(options: ChallengeOptions): string {
  const params: Array<[string, string]> = [['resource_metadata', options.resourceMetadata]];
  if (options.scopes?.length) params.push(['scope', options.scopes.join(' ')]);
  if (options.error) params.push(['error', options.error]);
  if (options.errorDescription) params.push(['error_description', options.errorDescription]);
  return `Bearer ${params.map(([k, v]) => `${k}="${quoted(v)}"`).join(', ')}`;
}

/**
 * The token of an `Authorization: Bearer …` header (RFC 6750 §2.1), or undefined. Tokens in
 * the query string are never read (MCP authorization, "Token Requirements").
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization ?? '');
  return match?.[1];
}

/** RFC 9110 §5.6.4 quoted-string: `"` and `\` are escaped; control characters are dropped. */
function quoted(value: string): string {
  return value.replace(/[\x00-\x1f\x7f]/g, '').replace(/["\\]/g, '\\$&');
}
