import type Provider from 'oidc-provider';
import { matchesClientSecret, type Directory } from '../directory/index.ts';

/**
 * Client secrets are stored as hashes only (Graph's addPassword shows a secret once), so
 * oidc-provider's own comparison against `client_secret` cannot work. Its client
 * authentication awaits `compareClientSecret`; this checks the presented secret against the
 * hashes of the app's secrets valid now, read fresh so a removed or expired secret stops
 * working at once on every process.
 */
export function useHashedClientSecrets(provider: Provider, directory: Directory): void {
  const prototype = provider.Client.prototype as unknown as {
    clientId: string;
    compareClientSecret(actual: string): Promise<boolean>;
  };
  prototype.compareClientSecret = async function compareClientSecret(actual: string) {
    const hashes = await directory.applications.activeSecretHashes(this.clientId);
    return matchesClientSecret(actual, hashes);
  };
}
