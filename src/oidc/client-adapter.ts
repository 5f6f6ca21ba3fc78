import Provider, { type Adapter, type AdapterPayload, type KoaContextWithOIDC } from 'oidc-provider';
import type { Directory } from '../directory/index.ts';
import type { DirectoryCache } from './directory-cache.ts';
import { hasNul } from './nul.ts';
import { clientMetadataOf, type PresentedCredential } from './client-metadata.ts';
import { agentClientMetadata } from './agent-grants/agent-client.ts';
import { bridgedRequest } from './federation/bridge.ts';
import type { ClientIdDocuments } from './registration/client-id-documents.ts';
import { isClientIdUrl } from './registration/client-id-url.ts';

/** Clients that register themselves (registration/): each is off unless configured. */
export interface SelfRegisteringClients {
  /** RFC 7591 registrations, stored in the directory (the adapter's upsert). */
  register?: (clientId: string, metadata: AdapterPayload) => Promise<void>;
  /** Client ID Metadata Documents: clients named by an https URL. */
  documents?: ClientIdDocuments;
}

/**
 * The `Client` model is not stored by oidc-provider: it is read from the directory on every
 * lookup (application + service principal by appId = client_id), through the directory cache,
 * whose version check makes a disabled or deleted service principal an unknown client on every
 * process at once. Clients are registered through the Graph API; through the protocol only
 * when dynamic registration is on (upsert), and a client ID that is an https URL is a Client ID
 * Metadata Document (registration/client-id-documents.ts). Every other write is refused.
 */
export class ClientAdapter implements Adapter {
  readonly #directory: Directory;
  readonly #cache: DirectoryCache;

  readonly #publicUrl: string;
  readonly #selfRegistering: SelfRegisteringClients;

  constructor(directory: Directory, cache: DirectoryCache, publicUrl: string, selfRegistering: SelfRegisteringClients = {}) {
    this.#directory = directory;
    this.#cache = cache;
    this.#publicUrl = publicUrl;
    this.#selfRegistering = selfRegistering;
  }

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    if (hasNul(clientId)) return undefined;
    if (isClientIdUrl(clientId)) return this.#selfRegistering.documents?.find(clientId);
    const { app, sp } = await this.#cache.get(`client:${clientId}`, async () => ({
      app: await this.#directory.applications.getByAppId(clientId),
      sp: await this.#directory.servicePrincipals.getByAppId(clientId),
    }));
    // An agent identity has a service principal and no application: it is a client of the
    // token exchange only (agent-grants/agent-client.ts).
    if (!app) return sp ? this.#agentClient(clientId) : undefined;
    return clientMetadataOf(app, sp, presentedCredential(Provider.ctx as KoaContextWithOIDC | undefined, clientId), new Date(), this.#publicUrl);
  }

  async #agentClient(clientId: string): Promise<AdapterPayload | undefined> {
    const agent = await this.#cache.get(`agent-client:${clientId}`, () => this.#directory.agentIdentities.getByAppId(clientId));
    return agent && agentClientMetadata(agent);
  }

  upsert(clientId: string, metadata: AdapterPayload): Promise<void> {
    return this.#selfRegistering.register ? this.#selfRegistering.register(clientId, metadata) : refuse();
  }

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
function presentedCredential(ctx: KoaContextWithOIDC | undefined, clientId: string): PresentedCredential | undefined {
  const route = ctx?.oidc?.route;
  if (!ctx || !route || !clientAuthenticatingRoutes.has(route)) return undefined;
  // A workload token, bridged for this very client (federation/bridge.ts).
  if (bridgedRequest(ctx, clientId)) return 'federated';
  const params = ctx.oidc.params ?? {};
  if (params.client_assertion !== undefined) return 'assertion';
  if (params.client_secret !== undefined || ctx.headers.authorization !== undefined) return 'secret';
  return 'nothing';
}

function refuse(): Promise<never> {
  return Promise.reject(new Error('clients are managed through the directory, not oidc-provider'));
}
