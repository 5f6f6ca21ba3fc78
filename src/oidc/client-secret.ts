import type Provider from 'oidc-provider';
import { activeHashes, matchesClientSecret, type Directory } from '../directory/index.ts';
import type { DirectoryCache } from './directory-cache.ts';

/**
 * Client secrets are stored as hashes only (Graph's addPassword shows a secret once), so
 * oidc-provider's own comparison against `client_secret` cannot work. Its client
 * authentication awaits `compareClientSecret`; this checks the presented secret against the
 * hashes of the app's secrets valid now; the directory cache's version check makes a removed
 * secret stop working at once on every process, and expiry is checked at every use.
 */
export function useHashedClientSecrets(provider: Provider, directory: Directory, cache: DirectoryCache): void {
  const prototype = provider.Client.prototype as unknown as {
    clientId: string;
    compareClientSecret(actual: string): Promise<boolean>;
  };
  prototype.compareClientSecret = async function compareClientSecret(actual: string) {
    const clientId = this.clientId;
    const secrets = await cache.get(`secrets:${clientId}`, () => directory.applications.secretHashes(clientId));
    return matchesClientSecret(actual, activeHashes(secrets));
  };
}
