import type { JWK } from 'jose';
import type Provider from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import { publicJwk } from './key-store.ts';

/**
 * The single module allowed to reach into oidc-provider internals (pinned to oidc-provider 9.x),
 * so a version bump touches one file. oidc-provider reads its signing keys once, at
 * construction; Limen swaps them in place when another process (or `limen keys rotate`) has
 * rotated keys, so a running server follows without a restart.
 *
 * `keys` must be complete (kid, alg, use set) and ordered: for each algorithm the key that
 * signs comes first, since oidc-provider signs with the first matching key.
 */
export function replaceProviderKeys(provider: Provider, keys: readonly JWK[]): void {
  const internals = instance(provider);
  const { keystore } = internals;
  keystore.clear();
  for (const key of keys) keystore.add(structuredClone(key) as Record<string, unknown>);
  internals.jwks = { keys: keys.map((k) => publicJwk(k) as Record<string, unknown>) };
}

/**
 * Adds `fields` to what a refresh token stores and reads back (oidc-provider keeps only the
 * properties its model lists in IN_PAYLOAD). Called right after `new Provider(…)`, before any
 * token is made: oidc-provider caches the list on first use.
 */
export function storeOnRefreshTokens(provider: Provider, fields: readonly string[]): void {
  const model = provider.RefreshToken as unknown as { IN_PAYLOAD: string[] };
  const own = model.IN_PAYLOAD;
  Object.defineProperty(model, 'IN_PAYLOAD', { configurable: true, get: () => [...own, ...fields] });
}
