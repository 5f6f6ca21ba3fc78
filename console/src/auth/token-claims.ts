/**
 * The claims of Limen's access token for the management API (an RFC 9068 JWT), read without
 * verification: only to decide what the interface offers (which pages, which buttons). The API
 * verifies every token and decides every call; a forged claim here changes only what is shown.
 */
export interface AccessTokenClaims {
  oid: string;
  tid: string;
  exp: number;
  name?: string;
  preferred_username?: string;
  /** Delegated scopes, space-separated. */
  scp?: string;
  /** Directory role template ids. */
  wids?: string[];
}

export function readAccessTokenClaims(token: string): AccessTokenClaims {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('The access token is not a JWT.');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as AccessTokenClaims;
}
