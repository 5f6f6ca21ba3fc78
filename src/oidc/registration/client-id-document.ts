import type { ClientMetadata } from 'oidc-provider';
import { z } from 'zod';
import { applicationCreateSchema, isLoopbackHost, type ServicePrincipal } from '../../directory/index.ts';
import { browserOrigins } from './browser-clients.ts';
import { corsOriginsProperty, registrationProperty, servicePrincipalIdProperty } from '../client-metadata.ts';
import { DocumentError } from './fetch-document.ts';

/** What Limen takes from a Client ID Metadata Document. */
export interface ClientDocument {
  clientId: string;
  clientName: string;
  applicationType: 'web' | 'native';
  redirectUris: string[];
  grantTypes: string[];
  tokenEndpointAuthMethod: 'none' | 'private_key_jwt';
  jwksUri: string | undefined;
}

const httpsUrl = z.url({ protocol: /^https$/ }).max(2048);

/**
 * The document's members Limen acts on (RFC 7591 §2 names); others are ignored, as RFC 7591
 * lets a server do. draft-ietf-oauth-client-id-metadata-document §4: no shared secret can
 * exist, so no client_secret and no client_secret_* authentication; a client with keys says
 * so with private_key_jwt and a jwks_uri (keys at a URL can rotate; inline jwks are refused).
 */
const documentSchema = z.looseObject({
  client_id: z.string(),
  client_name: z.string().trim().min(1).max(256).optional(),
  application_type: z.enum(['web', 'native']).optional(),
  redirect_uris: z.array(z.string()).min(1).max(20),
  grant_types: z.array(z.enum(['authorization_code', 'refresh_token'])).optional(),
  response_types: z.array(z.literal('code')).optional(),
  token_endpoint_auth_method: z.enum(['none', 'private_key_jwt']).default('none'),
  jwks_uri: httpsUrl.optional(),
  jwks: z.never('inline jwks are not accepted; publish the keys at a jwks_uri').optional(),
  client_secret: z.never('a client ID metadata document must not contain a client_secret').optional(),
  client_secret_expires_at: z.never('a client ID metadata document must not contain client_secret_expires_at').optional(),
});

/** Validates a fetched document for the client ID `url`; throws DocumentError with the reason. */
export function parseClientDocument(url: string, body: unknown): ClientDocument {
  const parsed = documentSchema.safeParse(body);
  if (!parsed.success) {
    throw new DocumentError(`the document is not a valid client metadata document: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; ')}`);
  }
  const doc = parsed.data;
  // draft §4.1: simple string comparison (RFC 3986 §6.2.1), so the document vouches for exactly this URL.
  if (doc.client_id !== url) throw new DocumentError('the document\'s client_id is not the URL it was fetched from');
  if (doc.token_endpoint_auth_method === 'private_key_jwt' && !doc.jwks_uri) {
    throw new DocumentError('private_key_jwt needs a jwks_uri');
  }
  // The directory's redirect URI rules (RFC 8252 for native apps: https, http on loopback, custom schemes).
  const redirects = applicationCreateSchema.shape.publicClient.safeParse({ redirectUris: doc.redirect_uris });
  if (!redirects.success) throw new DocumentError(redirects.error.issues.map((i) => i.message).join('; '));
  const grantTypes = doc.grant_types ?? ['authorization_code'];
  if (!grantTypes.includes('authorization_code')) throw new DocumentError('grant_types must include authorization_code');
  return {
    clientId: url,
    clientName: doc.client_name ?? new URL(url).host,
    applicationType: doc.application_type ?? (doc.redirect_uris.every(isNativeRedirect) ? 'native' : 'web'),
    redirectUris: doc.redirect_uris,
    grantTypes: [...new Set(grantTypes)],
    tokenEndpointAuthMethod: doc.token_endpoint_auth_method,
    jwksUri: doc.jwks_uri,
  };
}

/** oidc-provider client metadata for a document client whose service principal is `sp`. */
export function documentClientMetadata(doc: ClientDocument, sp: ServicePrincipal): ClientMetadata {
  return {
    client_id: doc.clientId,
    client_name: doc.clientName,
    application_type: doc.applicationType,
    redirect_uris: doc.redirectUris,
    response_types: ['code'],
    grant_types: doc.grantTypes,
    token_endpoint_auth_method: doc.tokenEndpointAuthMethod,
    ...(doc.jwksUri ? { jwks_uri: doc.jwksUri } : {}),
    id_token_signed_response_alg: 'ES256',
    [servicePrincipalIdProperty]: sp.id,
    [corsOriginsProperty]: doc.tokenEndpointAuthMethod === 'none' ? browserOrigins(doc.redirectUris) : [],
    [registrationProperty]: 'clientIdMetadataDocument',
  } as ClientMetadata;
}

/** Loopback http or a private-use scheme: redirect URIs of apps on the user's device (RFC 8252 §7). */
function isNativeRedirect(uri: string): boolean {
  const url = new URL(uri);
  return url.protocol === 'http:' ? isLoopbackHost(url.hostname) : url.protocol !== 'https:';
}
