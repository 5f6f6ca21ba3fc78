import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets are generated, never chosen: 32 random bytes (256 bits), so a single SHA-256 is
 * a safe verifier (no dictionary or brute force can reach that space) and keeps the token
 * endpoint fast; argon2id is reserved for human passwords. Only the hash is stored; the secret
 * is shown once, in the response that creates it (Graph's addPassword).
 */
export function generateClientSecret(): { secret: string; hint: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hint: secret.slice(0, 3), hash: hashClientSecret(secret) };
}

export function hashClientSecret(secret: string): string {
  // One-shot hash: no Hash object per token request.
  return `sha256:${hash('sha256', secret, 'base64url')}`;
}

/** Constant-time check of a presented secret against any of the stored hashes. */
export function matchesClientSecret(presented: string, hashes: readonly string[]): boolean {
  const candidate = Buffer.from(hashClientSecret(presented));
  let match = false;
  for (const h of hashes) {
    const stored = Buffer.from(h);
    if (stored.length === candidate.length && timingSafeEqual(stored, candidate)) match = true;
  }
  return match;
}
