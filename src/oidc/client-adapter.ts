import Provider, { type Adapter, type AdapterPayload, type KoaContextWithOIDC } from 'oidc-provider';
import type { Directory } from '../directory/index.ts';
import type { DirectoryCache } from './directory-cache.ts';
import { hasNul } from './nul.ts';
import { clientMetadataOf, type PresentedCredential } from './client-metadata.ts';

/**
 * The `Client` model is not stored by oidc-provider: it is read from the directory on every
 * lookup (application + service principal by appId = client_id), through the directory cache,
 * whose version check makes a disabled or deleted service principal an unknown client on every
 * process at once. Writes are refused: clients
 * are registered through the Graph API, never through the protocol.
 */
export class ClientAdapter implements Adapter {
  readonly #directory: Directory;
  readonly #cache: DirectoryCache;

  readonly #publicUrl: string;

  constructor(directory: Directory, cache: DirectoryCache, publicUrl: string) {
    this.#directory = directory;
    this.#cache = cache;
    this.#publicUrl = publicUrl;
  }

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    if (hasNul(clientId)) return undefined;
    const { app, sp } = await this.#cache.get(`client:${clientId}`, async () => ({
      app: await this.#directory.applications.getByAppId(clientId),
      sp: await this.#directory.servicePrincipals.getByAppId(clientId),
    }));
    if (!app) return undefined;
    return clientMetadataOf(app, sp, presentedCredential(Provider.ctx as KoaContextWithOIDC | undefined), new Date(), this.#publicUrl);
  }

  upsert(): Promise<void> { return refuse(); }
  findByUid(): Promise<undefined> { return refuse(); }
  findByUserCode(): Promise<undefined> { return refuse(); }
  consume(): Promise<void> { return refuse(); }
  destroy(): Promise<void> { return refuse(); }
  revokeByGrantId(): Promise<void> { return refuse(); }
}

const clientAuthenticatingRoutes = new Set([
  'token', 'revocation', 'introspection', 'device_authorization', 'pushed_authorization_request',
]);

/** What the current request presents to authenticate the client (RFC 6749 §2.3, RFC 7523). */
function presentedCredential(ctx: KoaContextWithOIDC | undefined): PresentedCredential | undefined {
  const route = ctx?.oidc?.route;
  if (!ctx || !route || !clientAuthenticatingRoutes.has(route)) return undefined;
  const params = ctx.oidc.params ?? {};
  if (params.client_assertion !== undefined) return 'assertion';
  if (params.client_secret !== undefined || ctx.headers.authorization !== undefined) return 'secret';
  return 'nothing';
}

function refuse(): Promise<never> {
  return Promise.reject(new Error('clients are managed through the directory, not oidc-provider'));
}
