/**
 * `limen/resource`: for servers that accept Limen's access tokens, such as MCP servers
 * (MCP authorization: an MCP server is an OAuth resource server). Publish RFC 9728 metadata,
 * answer 401/403 with a challenge that leads clients to Limen, and verify tokens issued for you.
 * Depends on nothing of Limen's server. See docs/how-to/protect-an-mcp-server.md.
 */
export { bearerToken, wwwAuthenticate, type ChallengeOptions } from './challenge.ts';
export {
  protectedResourceMetadata, protectedResourceMetadataUrl, type ProtectedResourceMetadata, type ProtectedResourceOptions,
} from './metadata.ts';
export { AccessTokenError, verifyAccessToken, type LimenAccessTokenClaims, type VerifyOptions } from './verify.ts';
