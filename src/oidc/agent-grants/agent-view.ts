import { agentOfClientId, type AgentIdentityView } from '../../directory/index.ts';
import type { Db } from '../../store/index.ts';
import type { DirectoryCache } from '../directory-cache.ts';

/**
 * The agent read model (directory/agent-read-model.ts) of an appId, through the directory cache
 * like every other directory read of the token endpoint: any audited change (disabling the agent
 * or its blueprint, a new permission, a sponsor) on any process reloads it at the next request.
 */
export const agentViewOf = (deps: { db: Db; cache: DirectoryCache }, appId: string): Promise<AgentIdentityView | undefined> =>
  deps.cache.get(`agent-view:${appId}`, () => agentOfClientId(deps.db, appId));
