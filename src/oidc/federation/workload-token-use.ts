import { createHash } from 'node:crypto';
import type { Db } from '../../store/index.ts';
import { useOnce } from '../use-once.ts';

/**
 * With LIMEN_FEDERATED_TOKEN_SINGLE_USE, a workload token is good for one token request. Its
 * issuer and `jti` (RFC 7519 §4.1.7: unique per issuer) are remembered (use-once.ts) under a hash
 * of both, so any length of either fits.
 */
export function useWorkloadTokenOnce(db: Db, issuer: string, jti: string, expiresAt: number): Promise<boolean> {
  const id = createHash('sha256').update(issuer).update('\n').update(jti).digest('base64url');
  return useOnce(db, 'FederatedTokenUse', id, expiresAt);
}
