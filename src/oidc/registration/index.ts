import type Provider from 'oidc-provider';
import type { Configuration } from 'oidc-provider';
import type { LimenConfig } from '../../config/index.ts';
import type { Directory } from '../../directory/index.ts';
import type { Db } from '../../store/index.ts';
import type { SelfRegisteringClients } from '../client-adapter.ts';
import type { DirectoryCache } from '../directory-cache.ts';
import { registrationCors } from './browser-clients.ts';
import { createClientIdDocuments } from './client-id-documents.ts';
import { createDynamicRegistration } from './dynamic-registration.ts';
import { createSelfRegisteredApps } from './self-registered-apps.ts';

export { browserOrigins } from './browser-clients.ts';
export { isClientIdUrl } from './client-id-url.ts';

/**
 * How clients that nobody registered for them come to Limen (MCP authorization, "Client
 * Registration Approaches"): RFC 7591 dynamic registration and Client ID Metadata Documents,
 * each on or off by configuration, both stored in the directory and capped together.
 */
export function createSelfRegistration(deps: { config: LimenConfig; db: Db; directory: Directory; cache: DirectoryCache }) {
  const { config } = deps;
  const apps = createSelfRegisteredApps(deps.db, config.maxSelfRegisteredClients);
  const dynamic = config.dynamicClientRegistration ? createDynamicRegistration(apps) : undefined;
  const documents = config.clientIdMetadataDocuments
    ? createClientIdDocuments({ directory: deps.directory, cache: deps.cache, apps, privateNetwork: config.clientMetadataPrivateNetwork })
    : undefined;

  const clients: SelfRegisteringClients = { register: dynamic?.store, documents };

  const configuration: Partial<Configuration> = {
    // RFC 8414 metadata (and OIDC discovery) say a client may use a URL as its client_id.
    ...(documents ? { discovery: { client_id_metadata_document_supported: true } } : {}),
    // oidc-provider's own fetches (a client's jwks_uri) refuse special-use addresses through
    // its dispatcher; development may lift that, as it does for metadata documents.
    ...(config.clientMetadataPrivateNetwork
      ? { fetch: (url: string | URL | Request, options?: RequestInit) => globalThis.fetch(url, { ...options, dispatcher: undefined } as RequestInit) }
      : {}),
  };

  return {
    clients,
    configuration,
    /** oidc-provider `features.registration`. */
    registrationFeature: dynamic?.feature ?? { enabled: false },
    /** Middleware to install on the provider. */
    use(provider: Provider): void {
      if (!dynamic) return;
      provider.use(registrationCors(provider.pathFor('registration')));
      provider.use(dynamic.secretExpiryInResponse);
    },
  };
}
