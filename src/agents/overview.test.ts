import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentIdentityFacts } from './agent-identity-facts.ts';
import { agentRegistryOverview } from './overview.ts';
import type { EntryFacts } from './registry.repository.ts';

const now = new Date('2026-06-30T12:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
const entry = (id: string, o: Partial<EntryFacts> = {}): EntryFacts => ({
  id, agent_identity_id: null, platform: 'amazonBedrock', created_date_time: daysAgo(100), first_seen_date_time: daysAgo(90),
  last_seen_date_time: daysAgo(60), removed_date_time: null, ...o,
});
const identity = (id: string, o: Partial<AgentIdentityFacts> = {}): AgentIdentityFacts => ({
  id, displayName: id, accountEnabled: true, createdDateTime: daysAgo(200), ownerCount: 1, sponsorCount: 1,
  highPrivilegePermissions: [], lastSignInDateTime: null, ...o,
});

describe('the agent registry overview', () => {
  it('counts each agent once: present entries plus agent identities no entry links', () => {
    const o = agentRegistryOverview(
      [entry('e1', { agent_identity_id: 'ID-1' }), entry('e2'), entry('e3', { removed_date_time: daysAgo(1) })],
      [identity('id-1'), identity('id-2')],
      now,
    );
    assert.equal(o.totalAgents, 3, 'e1 (linked to id-1, ids compared case-insensitively), e2, and id-2 alone');
    assert.equal(o.managed, 2);
    assert.equal(o.unmanaged, 1);
    assert.equal(o.removed, 1);
    assert.deepEqual(o.byPlatform, [{ platform: 'amazonBedrock', total: 2, unmanaged: 1 }, { platform: 'directory', total: 1, unmanaged: 0 }]);
  });

  it('calls an agent new when its platform created it (else Limen first saw it) in the last 30 days, and active when seen or signed in then', () => {
    const o = agentRegistryOverview(
      [
        entry('new-on-platform', { created_date_time: daysAgo(3) }),
        entry('first-seen-lately', { created_date_time: null, first_seen_date_time: daysAgo(10) }),
        entry('seen-lately', { last_seen_date_time: daysAgo(2) }),
        entry('signed-in-lately', { agent_identity_id: 'id-1' }),
      ],
      [identity('id-1', { lastSignInDateTime: daysAgo(5) }), identity('id-2', { createdDateTime: daysAgo(1) })],
      now,
    );
    assert.equal(o.createdLast30Days, 3);
    assert.equal(o.activeLast30Days, 2);
  });

  it('counts ownerless, sponsorless and over-privileged agent identities, never an unknown count as zero', () => {
    const o = agentRegistryOverview([], [
      identity('a', { ownerCount: 0 }),
      identity('b', { sponsorCount: 0, highPrivilegePermissions: ['Directory.ReadWrite.All'] }),
      identity('c', { ownerCount: 0, sponsorCount: 0 }),
      identity('d', { ownerCount: null, sponsorCount: null }),
    ], now);
    assert.deepEqual([o.ownerless, o.sponsorless, o.ownerlessOrSponsorless, o.overPrivileged], [2, 2, 3, 1]);
  });
});
