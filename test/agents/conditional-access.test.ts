import assert from 'node:assert/strict';
import { after, before, describe as suite, test } from 'node:test';
import { createConditionalAccessRepository, type ConditionalAccessPolicy } from '../../src/conditional-access/index.ts';
import { createRiskRepository, servicePrincipalRiskActions, type RiskAction } from '../../src/identity-protection/index.ts';
import { recordAudit } from '../../src/logs/index.ts';
import { testEngines } from '../support/engines.ts';
import { saveCaPolicy, setCaPolicyState } from '../oidc/fixtures.ts';
import { startHarness, type Harness } from '../oidc/harness.ts';
import { agentAssertion, autonomousToken, createAgent, createApi, createBlueprint, describe, lastSignIn, type Api, type Blueprint } from './fixtures.ts';

/**
 * Conditional Access on an agent's token exchange: the agent is an agent identity to the
 * evaluator (targeted by includeAgentIdServicePrincipals, by its own id or its blueprint's), and
 * block is the only control that applies to it. The blueprint's assertion request is not evaluated.
 */
for (const engine of testEngines()) {
  suite(`Conditional Access for agents on ${engine}`, () => {
    let h: Harness;
    let bp: Blueprint;
    let payroll: Api;

    before(async () => {
      h = await startHarness(engine);
      bp = await createBlueprint(h);
      payroll = await createApi(h, 'payroll', [], []);
    });
    after(() => h.close());

    const agentPolicy = (displayName: string, clientApplications: Record<string, unknown>, state = 'enabled') => saveCaPolicy(h, {
      displayName, state,
      conditions: { clientApplications, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });

    /** Changes a stored policy's client applications, as an administrator's PATCH would. */
    async function setClientApplications(id: string, clientApplications: Record<string, unknown>): Promise<void> {
      await h.store.db.transaction().execute(async (trx) => {
        const repo = createConditionalAccessRepository(trx);
        const policy = (await repo.getPolicy(id))!;
        await repo.replacePolicy({ ...policy, conditions: { ...policy.conditions, clientApplications } } as ConditionalAccessPolicy);
        await recordAudit(trx, { category: 'Policy', activityDisplayName: 'Update conditional access policy', initiatedBy: {}, targetResources: [{ id, displayName: id, type: 'Policy' }] });
      });
    }

    test('a policy blocking all agents refuses the exchange with AADSTS53003, logged with the policy; excluding the agent lets it through', async () => {
      const agent = await createAgent(h, bp, 'Blocked Clerk');
      const id = await agentPolicy('Block all agents', { includeAgentIdServicePrincipals: ['All'] });
      try {
        // Step 1 is not evaluated: the blueprint still gets its assertion.
        assert.ok(await agentAssertion(h, bp, agent.appId));
        await assert.rejects(autonomousToken(h, bp, agent, { resource: payroll.identifierUri }), (e) => {
          assert.equal(describe(e), 'invalid_grant: AADSTS53003: Access has been blocked by Conditional Access policies (Block all agents).');
          return true;
        });
        const event = await lastSignIn(h, agent.appId);
        assert.equal(event.status.errorCode, 53003);
        assert.equal(event.status.failureReason, 'Access has been blocked by Conditional Access policies.');
        assert.equal(event.conditionalAccessStatus, 'failure');
        assert.deepEqual(event.appliedConditionalAccessPolicies.map((p) => [p.displayName, p.result]), [['Block all agents', 'failure']]);
        assert.equal(event.resourceId, payroll.app.appId);
        assert.equal(event.agent.agentIdentityId, agent.id);

        await setClientApplications(id, { includeAgentIdServicePrincipals: ['All'], excludeAgentIdServicePrincipals: [agent.id] });
        assert.ok((await autonomousToken(h, bp, agent, { resource: payroll.identifierUri })).access_token);
        assert.equal((await lastSignIn(h, agent.appId)).status.errorCode, 0);
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    /** What the administrator's confirmCompromised or dismiss on the agent's riskyServicePrincipal does, audited. */
    async function riskAction(agent: { id: string; appId: string }, action: RiskAction): Promise<void> {
      await h.store.db.transaction().execute(async (trx) => {
        await createRiskRepository(trx).setRisk({ kind: 'servicePrincipal', id: agent.id, appId: agent.appId, displayName: agent.id, servicePrincipalType: 'ServiceIdentity' },
          servicePrincipalRiskActions[action], { initiatedBy: null, at: new Date() });
        await recordAudit(trx, { category: 'IdentityProtection', activityDisplayName: action, initiatedBy: {}, targetResources: [{ id: agent.id, displayName: agent.id, type: 'ServicePrincipal' }] });
      });
    }

    test('an agent an administrator confirmed compromised is blocked by a "block high agent risk" policy; dismissing the risk lets it through', async () => {
      const agent = await createAgent(h, bp, 'Risky Clerk');
      const id = await saveCaPolicy(h, {
        displayName: 'Block high-risk agents', state: 'enabled',
        conditions: { clientApplications: { includeAgentIdServicePrincipals: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'], agentIdRiskLevels: 'high' },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      });
      try {
        assert.ok((await autonomousToken(h, bp, agent, { resource: payroll.identifierUri })).access_token, 'no risk: the policy does not apply');
        await riskAction(agent, 'confirmCompromised');
        await assert.rejects(autonomousToken(h, bp, agent, { resource: payroll.identifierUri }), (e) => /AADSTS53003: .*\(Block high-risk agents\)/.test(describe(e)));
        const event = await lastSignIn(h, agent.appId);
        assert.equal(event.riskLevelAggregated, 'high');
        await riskAction(agent, 'dismiss');
        assert.ok((await autonomousToken(h, bp, agent, { resource: payroll.identifierUri })).access_token);
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('a policy naming the blueprint covers every agent made from it, and no other', async () => {
      const own = await createBlueprint(h, 'Quarantined Agents');
      const covered = await createAgent(h, own, 'Quarantined');
      const other = await createAgent(h, bp, 'Free');
      const id = await agentPolicy('Block quarantined blueprint', { includeAgentIdServicePrincipals: [own.principal.id] });
      try {
        await assert.rejects(autonomousToken(h, own, covered, { resource: payroll.identifierUri }),
          (e) => /AADSTS53003: .*\(Block quarantined blueprint\)/.test(describe(e)));
        assert.ok((await autonomousToken(h, bp, other, { resource: payroll.identifierUri })).access_token);
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('a report-only block is logged as reportOnlyFailure and the token is issued', async () => {
      const agent = await createAgent(h, bp, 'Watched');
      const id = await agentPolicy('Watch agents', { includeAgentIdServicePrincipals: [agent.id] }, 'enabledForReportingButNotEnforced');
      try {
        assert.ok((await autonomousToken(h, bp, agent, { resource: payroll.identifierUri })).access_token);
        const event = await lastSignIn(h, agent.appId);
        assert.equal(event.status.errorCode, 0);
        assert.equal(event.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'reportOnlyFailure');
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('a policy for workload identities does not touch agents, which policies target as agents', async () => {
      const agent = await createAgent(h, bp, 'Not a workload');
      const id = await agentPolicy('Block workloads', { includeServicePrincipals: ['ServicePrincipalsInMyTenant'] });
      try {
        assert.ok((await autonomousToken(h, bp, agent, { resource: payroll.identifierUri })).access_token,
          'the agent gets its token, and its blueprint its assertion, which Entra does not evaluate');
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });
  });
}
