import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { after, before, describe as suite, test } from 'node:test';
import * as client from 'openid-client';
import { AgentTokenClient, ConditionalAccessError, LimenTokenError } from '../../src/sdk/agent/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from '../oidc/browser.ts';
import {
  authorizationRequest, createUser, createWebApp, discover, makeCertificate, password, saveCaPolicy, setCaPolicyState,
} from '../oidc/fixtures.ts';
import { startHarness, type Harness } from '../oidc/harness.ts';
import { createAgent, createApi, createBlueprint, type Api, type Blueprint } from './fixtures.ts';

/** The agent SDK (src/sdk/agent) against a real Limen: the wire protocol both sides speak. */
for (const engine of testEngines()) {
  suite(`the agent SDK against Limen on ${engine}`, () => {
    let h: Harness;
    let bp: Blueprint;
    let payroll: Api;

    before(async () => {
      h = await startHarness(engine);
      bp = await createBlueprint(h);
      payroll = await createApi(h, 'payroll', ['Payroll.Read.All'], ['Payroll.Read']);
    });
    after(() => h.close());

    const sdk = (agentId: string, credential: ConstructorParameters<typeof AgentTokenClient>[0]['blueprint']['credential'] = { kind: 'clientSecret', secret: bp.secret }, blueprintAppId = bp.blueprint.appId) =>
      new AgentTokenClient({ issuer: h.url, blueprint: { clientId: blueprintAppId, credential }, agentId });

    test('getToken: an app-only token with the agent’s roles, cached until shortly before it expires', async () => {
      const agent = await createAgent(h, bp);
      await h.audited((d) => d.assignments.assignAppRole({ principalId: agent.id, resourceId: payroll.sp.id, appRoleId: payroll.role('Payroll.Read.All') }));
      const agentClient = sdk(agent.appId);
      const token = await agentClient.getToken({ scope: `${payroll.identifierUri}/.default` });
      const claims = await h.oidc.verifyAccessToken(token.accessToken, payroll.identifierUri);
      assert.equal(claims.sub, agent.id);
      assert.deepEqual(claims.roles, ['Payroll.Read.All']);
      assert.equal(token.scope, `${payroll.identifierUri}/.default`);
      assert.ok(token.expiresOn.getTime() > Date.now() + 50 * 60_000);
      assert.equal((await agentClient.getToken({ scope: `${payroll.identifierUri}/.default` })).accessToken, token.accessToken);
    });

    test('a blueprint with a certificate signs its own client assertion (private_key_jwt)', async () => {
      const { certificateDerBase64, privateKeyPem } = makeCertificate();
      const withCert = await createBlueprint(h, 'Certified Agents');
      await h.audited((d) => d.applications.update(withCert.blueprint.id, {
        keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: certificateDerBase64, displayName: 'agents' }],
      }));
      const keyId = (await h.directory.applications.get(withCert.blueprint.id))!.keyCredentials[0]!.keyId;
      const agent = await createAgent(h, withCert);
      const key = createPrivateKey(privateKeyPem);
      const token = await sdk(agent.appId, { kind: 'privateKey', key, keyId }, withCert.blueprint.appId).getToken({ resource: payroll.identifierUri });
      assert.equal((await h.oidc.verifyAccessToken(token.accessToken, payroll.identifierUri)).azp, agent.appId);
      const assertionEvent = h.signIns.filter((s) => s.appId === withCert.blueprint.appId).at(-1)!;
      assert.equal(assertionEvent.clientCredentialType, 'clientAssertion');
    });

    test('getTokenOnBehalfOf: the person’s token in, a token for the person with act naming the agent out', async () => {
      const agent = await createAgent(h, bp);
      const user = await createUser(h.directory, 'grace@contoso.test');
      await h.audited((d) => d.assignments.grantPermissions({ clientId: agent.id, consentType: 'AllPrincipals', resourceId: payroll.sp.id, scope: 'Payroll.Read' }));
      const web = await createWebApp(h.directory);
      await h.audited((d) => d.assignments.grantPermissions({ clientId: web.sp.id, consentType: 'AllPrincipals', resourceId: bp.principal.id, scope: 'access_agent' }));
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(config, `${bp.identifierUri}/access_agent`);
      const landed = await signIn(new Browser(h.url), request.url, 'grace@contoso.test', password);
      const userToken = (await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state })).access_token;

      const token = await sdk(agent.appId).getTokenOnBehalfOf(userToken, { resource: payroll.identifierUri });
      const claims = await h.oidc.verifyAccessToken(token.accessToken, payroll.identifierUri);
      assert.equal(claims.sub, user.id);
      assert.equal(claims.scp, 'Payroll.Read');
      assert.deepEqual(claims.act, { sub: agent.id, client_id: agent.appId });
    });

    test('a Conditional Access block is a ConditionalAccessError naming the policy, with the correlation id of the logged sign-in', async () => {
      const agent = await createAgent(h, bp);
      const id = await saveCaPolicy(h, {
        displayName: 'Block this agent', state: 'enabled',
        conditions: { clientApplications: { includeAgentIdServicePrincipals: [agent.id] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      });
      try {
        const error = await sdk(agent.appId).getToken({ resource: payroll.identifierUri }).catch((e: unknown) => e);
        assert.ok(error instanceof ConditionalAccessError, String(error));
        assert.equal(error.blocked, true);
        assert.equal(error.code, 53003);
        assert.deepEqual(error.policies, ['Block this agent']);
        await new Promise((r) => setTimeout(r, 30));
        assert.ok(h.signIns.some((s) => s.correlationId === error.correlationId && s.status.errorCode === 53003));
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('any other refusal is a LimenTokenError: a disabled agent', async () => {
      const agent = await createAgent(h, bp);
      await h.audited((d) => d.agentIdentities.update(agent.id, { accountEnabled: false }));
      const error = await sdk(agent.appId).getToken({ resource: payroll.identifierUri }).catch((e: unknown) => e);
      assert.ok(error instanceof LimenTokenError && !(error instanceof ConditionalAccessError), String(error));
      assert.equal(error.error, 'unauthorized_client');
      assert.equal(error.code, 7000112);
    });
  });
}
