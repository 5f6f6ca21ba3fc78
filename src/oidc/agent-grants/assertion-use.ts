import type { Db } from '../../store/index.ts';
import { useOnce } from '../use-once.ts';

/** An agent assertion is good for one token exchange: its `jti` is remembered until it expires (use-once.ts). */
export const useAgentAssertionOnce = (db: Db, jti: string, expiresAt: number): Promise<boolean> =>
  useOnce(db, 'AgentAssertionUse', jti, expiresAt);
