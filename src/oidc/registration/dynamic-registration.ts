import { randomUUID } from 'node:crypto';
import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { generateClientSecret } from '../../directory/index.ts';
import type { SelfRegisteredApps } from './self-registered-apps.ts';

/** Secrets of dynamically registered clients live two years (Graph's longest); RFC 7591 §3.2.1 says when. */
const secretLifetimeMs = 730 * 86_400_000;
const allowedAuthMethods = new Set(['none', 'client_secret_basic', 'client_secret_post']);
const allowedGrants = new Set(['authorization_code', 'refresh_token']);

type GeneratedSecret = ReturnType<typeof generateClientSecret> & { expires: Date };

/**
 * RFC 7591 dynamic client registration at `/reg`, the way MCP clients register themselves
 * (MCP authorization, 2025-11-25, "Dynamic Client Registration"). oidc-provider parses and
 * validates the request; Limen stores the client in the directory (self-registered-apps.ts).
 *
 * Policy, and why:
 * - Open registration (no initial access token, RFC 7591 §3): MCP clients have no way to get
 *   one. What a registered client can do is small: it gets a token only after a user signs in
 *   and consents, never an app-only token or a device code (client-metadata.ts), and the consent
 *   page says the app registered itself. An administrator turns registration off with
 *   LIMEN_DYNAMIC_CLIENT_REGISTRATION=false, or disables one client in the directory.
 * - No registration access token (RFC 7592 management): clients are managed in the directory.
 * - Public clients (`none`, with PKCE, which Limen requires of every client) and confidential
 *   ones with a client secret; `private_key_jwt` is not offered here (Limen keeps client keys as
 *   X.509 certificates, which a registration request does not carry).
 * - `scope` in the request is dropped (RFC 7591 §2 lets the server replace it): which scopes a
 *   client gets is decided per request by consent, and oidc-provider would refuse resource scopes.
 */
export function createDynamicRegistration(apps: SelfRegisteredApps) {
  // The secret oidc-provider hands out is Limen's (256 random bits, stored hashed), kept per request.
  const secrets = new WeakMap<object, GeneratedSecret>();

  const feature = {
    enabled: true,
    initialAccessToken: false,
    issueRegistrationAccessToken: false,
    idFactory(ctx: KoaContextWithOIDC): string {
      // Runs on the parsed body before oidc-provider validates it: the one place to adjust it.
      const body = ctx.oidc.body as Record<string, unknown> | undefined;
      if (body) {
        delete body.scope;
        for (const key of Object.keys(body)) if (key.startsWith('limen_')) delete body[key];
      }
      return randomUUID();
    },
    secretFactory(ctx: KoaContextWithOIDC): string {
      const generated = { ...generateClientSecret(), expires: new Date(Date.now() + secretLifetimeMs) };
      secrets.set(ctx, generated);
      return generated.secret;
    },
  };

  /** The Client adapter's upsert: the validated registration, stored in the directory. */
  async function store(clientId: string, metadata: Record<string, unknown>): Promise<void> {
    const method = String(metadata.token_endpoint_auth_method);
    if (!allowedAuthMethods.has(method)) {
      throw new errors.InvalidClientMetadata(`token_endpoint_auth_method must be one of ${[...allowedAuthMethods].join(', ')}`);
    }
    const grants = (metadata.grant_types as string[] | undefined) ?? [];
    if (!grants.includes('authorization_code') || grants.some((g) => !allowedGrants.has(g))) {
      throw new errors.InvalidClientMetadata('grant_types may only be authorization_code and refresh_token: a self-registered client acts for a signed-in user');
    }
    const redirectUris = (metadata.redirect_uris as string[] | undefined) ?? [];
    if (redirectUris.length === 0) throw new errors.InvalidClientMetadata('redirect_uris is required');
    const ctx = Provider.ctx as KoaContextWithOIDC | undefined;
    const secret = method === 'none' ? undefined : ctx && secrets.get(ctx);
    if (method !== 'none' && secret?.secret !== metadata.client_secret) throw new Error('the registration lost its client secret');
    await apps.add({
      kind: 'dynamicRegistration',
      appId: clientId,
      displayName: typeof metadata.client_name === 'string' && metadata.client_name.trim() ? metadata.client_name.trim() : 'Unnamed client',
      redirectUris,
      confidential: method !== 'none',
      description: `Registered itself through dynamic client registration (RFC 7591)${ctx ? ` from ${ctx.ip}` : ''}.`,
      secret,
    });
  }

  /**
   * RFC 7591 §3.2.1: `client_secret_expires_at` says when the secret stops working (oidc-provider
   * writes 0, "never"), so the client knows to register again.
   */
  async function secretExpiryInResponse(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    const secret = secrets.get(ctx);
    if (ctx.status === 201 && secret && body?.client_secret === secret.secret) {
      body.client_secret_expires_at = Math.floor(secret.expires.getTime() / 1000);
    }
  }

  return { feature, store, secretExpiryInResponse };
}

export type DynamicRegistration = ReturnType<typeof createDynamicRegistration>;
