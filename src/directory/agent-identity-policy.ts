import { z } from 'zod';
import type { Db } from '../store/index.ts';
import { DirectoryError } from './directory-error.ts';
import { resolveObjectType } from './directory-object.ts';

/**
 * The tenant's agent identity settings (a Limen extension; Graph has no resource for it). Its one
 * setting is Entra's safety net for agents created by apps: an app-only caller that names no
 * sponsor gets these users or groups as sponsors (Entra's "default sponsors"), so no agent is
 * created without an accountable person
 * (https://learn.microsoft.com/entra/agent-id/identity-platform/agent-owners-sponsors-managers).
 */
export interface AgentIdentityPolicy {
  id: 'agentIdentityPolicy';
  defaultSponsorIds: string[];
}

const settingKey = 'agentIdentityPolicy';

export const agentIdentityPolicyUpdateSchema = z.strictObject({
  defaultSponsorIds: z.array(z.guid()).max(100),
});
export type AgentIdentityPolicyUpdate = z.infer<typeof agentIdentityPolicyUpdateSchema>;

export async function readAgentIdentityPolicy(db: Db): Promise<AgentIdentityPolicy> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', settingKey).executeTakeFirst();
  const stored = row ? (JSON.parse(row.value) as Partial<AgentIdentityPolicy>) : {};
  return { id: 'agentIdentityPolicy', defaultSponsorIds: stored.defaultSponsorIds ?? [] };
}

/** Replaces the default sponsors; each must be an existing user or group. */
export async function writeAgentIdentityPolicy(
  db: Db,
  update: AgentIdentityPolicyUpdate,
): Promise<{ before: AgentIdentityPolicy; after: AgentIdentityPolicy }> {
  const before = await readAgentIdentityPolicy(db);
  const ids = [...new Set(update.defaultSponsorIds.map((id) => id.toLowerCase()))];
  for (const [index, id] of ids.entries()) {
    const type = await resolveObjectType(db, id);
    if (type !== 'user' && type !== 'group') {
      throw new DirectoryError('invalid', `Invalid value for property 'defaultSponsorIds[${index}]': '${id}' is not a user or group of this tenant.`);
    }
  }
  const after: AgentIdentityPolicy = { id: 'agentIdentityPolicy', defaultSponsorIds: ids };
  const value = JSON.stringify({ defaultSponsorIds: ids });
  await db.insertInto('settings').values({ key: settingKey, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  return { before, after };
}
