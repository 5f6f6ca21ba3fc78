import { errors, type ClientMetadata } from 'oidc-provider';
import type { Directory } from '../../directory/index.ts';
import { selfRegistrationTags } from '../client-metadata.ts';
import type { DirectoryCache } from '../directory-cache.ts';
import { documentClientMetadata, parseClientDocument, type ClientDocument } from './client-id-document.ts';
import { ExpiringCache } from './expiring-cache.ts';
import { DocumentError, fetchJson } from './fetch-document.ts';
import type { SelfRegisteredApps } from './self-registered-apps.ts';

/** draft-ietf-oauth-client-id-metadata-document §8.7: a metadata document is small. */
const maxDocumentBytes = 5 * 1024;
const fetchTimeoutMs = 3000;
/**
 * How long a document is reused (§5.2: per its HTTP caching headers, within bounds the server
 * picks): never less than a minute (a client saying no-store cannot make Limen fetch on every
 * request), at most a day, an hour when the document says nothing. Failures are kept half a minute.
 */
const minCacheMs = 60_000;
const maxCacheMs = 86_400_000;
const defaultCacheMs = 3_600_000;
const failureCacheMs = 30_000;
/** Documents kept per process; each is at most 5 KiB. */
const maxCachedDocuments = 1000;

export interface ClientIdDocumentsDeps {
  directory: Directory;
  cache: DirectoryCache;
  apps: SelfRegisteredApps;
  /** Allow loopback and private addresses (LIMEN_CLIENT_METADATA_PRIVATE_NETWORK). */
  privateNetwork: boolean;
}

/**
 * Clients whose client_id is an https URL (OAuth Client ID Metadata Document, which MCP
 * prefers over dynamic registration): Limen fetches the document at that URL, checks it, and
 * uses its metadata for the client. The first time, the client becomes a directory application
 * (tagged, audited, capped like dynamic registrations), so consent, Conditional Access and the
 * sign-in log treat it like any other app, and an administrator blocks it by disabling its
 * service principal. The directory object keeps the first document's name and redirect URIs for
 * people to read; the protocol always uses the current document.
 */
export function createClientIdDocuments(deps: ClientIdDocumentsDeps) {
  const documents = new ExpiringCache<ClientDocument>(maxCachedDocuments);

  function fetchDocument(url: string): Promise<ClientDocument> {
    let maxAgeSeconds: number | undefined;
    return documents.get(url, async () => {
      const fetched = await fetchJson(new URL(url), { timeoutMs: fetchTimeoutMs, maxBytes: maxDocumentBytes, privateNetwork: deps.privateNetwork });
      maxAgeSeconds = fetched.maxAgeSeconds;
      return parseClientDocument(url, fetched.body);
    }, (result) => {
      if (result.status === 'rejected') return failureCacheMs;
      if (maxAgeSeconds === undefined) return defaultCacheMs;
      return Math.min(maxCacheMs, Math.max(minCacheMs, maxAgeSeconds * 1000));
    });
  }

  /** The application standing for `url` in the directory, or undefined. */
  async function applicationOf(url: string) {
    const tag = urlTag(url);
    return deps.cache.get(`client-document:${url}`, async () => {
      const [app] = (await deps.directory.applications.list((q) => q.where('data', 'like', `%${JSON.stringify(tag)}%`)))
        .filter((a) => a.tags.includes(tag));
      return app && { app, sp: await deps.directory.servicePrincipals.getByAppId(app.appId) };
    });
  }

  // First uses of one URL at once add one application (in this process; across processes a
  // rare duplicate is harmless: the first found is used).
  const adding = new Map<string, ReturnType<SelfRegisteredApps['add']>>();

  function addApplication(url: string, doc: ClientDocument): ReturnType<SelfRegisteredApps['add']> {
    let pending = adding.get(url);
    if (!pending) {
      pending = deps.apps.add({
        kind: 'clientIdMetadataDocument',
        displayName: doc.clientName,
        redirectUris: doc.redirectUris,
        confidential: false,
        tags: [urlTag(url)],
        description: `Client ID Metadata Document at ${url}, first used ${new Date().toISOString()}.`,
      }).finally(() => adding.delete(url));
      adding.set(url, pending);
    }
    return pending;
  }

  /** The Client adapter's find() for a client ID URL (client-id-url.ts). */
  async function find(url: string): Promise<ClientMetadata | undefined> {
    let doc: ClientDocument;
    try {
      doc = await fetchDocument(url);
    } catch (error) {
      // invalid_client with the reason, so the client's developer can tell what to fix (§5.1).
      if (error instanceof DocumentError) throw new errors.InvalidClient(`client ID metadata document refused: ${error.message}`);
      throw error;
    }
    const found = (await applicationOf(url)) ?? await addApplication(url, doc);
    // A disabled service principal is how an administrator blocks this client.
    if (!found.sp?.accountEnabled) return undefined;
    return documentClientMetadata(doc, found.sp);
  }

  return { find };
}

export type ClientIdDocuments = ReturnType<typeof createClientIdDocuments>;

/** The tag that finds the application of a client ID URL. */
function urlTag(url: string): string {
  return `${selfRegistrationTags.clientIdMetadataDocument}:${url}`;
}
