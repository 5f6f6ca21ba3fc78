/**
 * Types for the one oidc-provider internal Limen touches (see internals.ts). oidc-provider has no
 * `exports` map, so the path resolves; these declarations pin what we rely on.
 */
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  interface InternalKeyStore {
    clear(): void;
    add(jwk: Record<string, unknown>): void;
  }
  export default function instance(provider: object): {
    keystore: InternalKeyStore;
    jwks: { keys: Array<Record<string, unknown>> };
  };
}
