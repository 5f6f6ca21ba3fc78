import assert from 'node:assert/strict';
import { after, before, describe as suite, test } from 'node:test';
import * as client from 'openid-client';
import type { AgentIdentity, User } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from '../oidc/browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, saveCaPolicy, setCaPolicyState } from '../oidc/fixtures.ts';
import { startHarness, type Harness } from '../oidc/harness.ts';
import {
  accessTokenType, agentAssertion, createAgent, createApi, createBlueprint, describe, exchange, lastSignIn, onBehalfOfToken,
  type Api, type Blueprint,
} from './fixtures.ts';

/**
 * An agent acting for a person (docs/concepts/agent-tokens.md): the person's access token for
 * the agent's blueprint is the subject token, the blueprint's assertion for the agent the actor
 * token; the issued token is the person's, with `act` naming the agent, scopes no wider than
 * consent and the agent's holdings, for one other resource.
 */
for (const engine of testEngines()) {
  suite(`an agent's token on behalf of a person on ${engine}`, () => {
    let h: Harness;
    let payroll: Api;
    let bpA: Blueprint;
    let bpB: Blueprint;
    let agentA: AgentIdentity;
    let agentB: AgentIdentity;
    let ada: User;
    let bob: User;
    let adaToken: string;
    let bobToken: string;

    /** A person signs in to an ordinary web app that asks for the blueprint's API. */
    async function personToken(upn: string, scope: string): Promise<string> {
      const web = await createWebApp(h.directory);
      await h.audited((d) => d.assignments.grantPermissions({ clientId: web.sp.id, consentType: 'AllPrincipals', resourceId: bpA.principal.id, scope: 'access_agent' }));
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(config, scope);
      const landed = await signIn(new Browser(h.url), request.url, upn, password);
      const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      return tokens.access_token;
    }

    before(async () => {
      h = await startHarness(engine);
      payroll = await createApi(h, 'payroll', [], ['Payroll.Read', 'Payroll.Write', 'Payroll.Approve']);
      bpA = await createBlueprint(h, 'Assistants');
      bpB = await createBlueprint(h, 'Specialists');
      agentA = await createAgent(h, bpA, 'Assistant');
      agentB = await createAgent(h, bpB, 'Payroll Specialist');
      ada = await createUser(h.directory, 'ada@contoso.test');
      bob = await createUser(h.directory, 'bob@contoso.test');
      // Every Assistant reads payroll for everyone (inherited, enumerated: the admin's consent);
      // Ada alone let this Assistant write for her (a Principal grant to the agent).
      await h.directory.agentIdentityBlueprints.addInheritablePermission(bpA.blueprint.id, {
        resourceAppId: payroll.app.appId,
        inheritableScopes: { '@odata.type': '#microsoft.graph.enumeratedScopes', kind: 'enumerated', scopes: ['Payroll.Read'] },
      });
      await h.directory.assignments.grantPermissions({ clientId: agentA.id, consentType: 'Principal', principalId: ada.id, resourceId: payroll.sp.id, scope: 'Payroll.Write' });
      // Agents pass a person's token on: each may use the other's blueprint API for everyone.
      await h.directory.assignments.grantPermissions({ clientId: agentA.id, consentType: 'AllPrincipals', resourceId: bpB.principal.id, scope: 'access_agent' });
      await h.directory.assignments.grantPermissions({ clientId: agentB.id, consentType: 'AllPrincipals', resourceId: bpA.principal.id, scope: 'access_agent' });
      await h.directory.assignments.grantPermissions({ clientId: agentB.id, consentType: 'AllPrincipals', resourceId: payroll.sp.id, scope: 'Payroll.Read' });
      adaToken = await personToken('ada@contoso.test', `${bpA.identifierUri}/access_agent`);
      bobToken = await personToken('bob@contoso.test', `${bpA.identifierUri}/access_agent`);
    });
    after(() => h.close());

    test('the issued token is the person’s: sub and oid the person, azp the agent, act names the agent, Entra’s OBO claims', async () => {
      const response = await onBehalfOfToken(h, bpA, agentA, adaToken, { scope: `${payroll.identifierUri}/Payroll.Read` });
      assert.equal(response.issued_token_type, accessTokenType);
      assert.equal(response.scope, `${payroll.identifierUri}/Payroll.Read`);
      const claims = await h.oidc.verifyAccessToken(response.access_token, payroll.identifierUri);
      assert.equal(claims.aud, payroll.identifierUri);
      assert.equal(claims.sub, ada.id);
      assert.equal(claims.oid, ada.id);
      assert.equal(claims.idtyp, 'user');
      assert.equal(claims.azp, agentA.appId);
      assert.equal(claims.preferred_username, 'ada@contoso.test');
      assert.equal(claims.scp, 'Payroll.Read');
      assert.deepEqual(claims.act, { sub: agentA.id, client_id: agentA.appId });
      assert.deepEqual(claims.amr, ['pwd'], 'how Ada signed in travels with the delegation');
      assert.equal(claims.xms_act_fct, '11');
      assert.equal(claims.xms_sub_fct, undefined, 'the subject is a person');
      assert.equal(claims.xms_par_app_azp, bpA.blueprint.appId);

      const event = await lastSignIn(h, agentA.appId);
      assert.equal(event.status.errorCode, 0);
      assert.equal(event.userId, ada.id);
      assert.deepEqual(event.signInEventTypes, ['nonInteractiveUser']);
      assert.equal(event.servicePrincipalId, agentA.id);
      assert.equal(event.agent.agentType, 'agenticAppInstance');
      assert.equal(event.agent.agentSubjectType, 'notAgentic');
      assert.equal(event.agent.onBehalfOfUserId, ada.id);
      assert.equal(event.agent.parentAppId, bpA.blueprint.appId);
    });

    test('scopes are the intersection of the request, the person’s consent and what the agent holds: .default gives all of it', async () => {
      const forAda = await onBehalfOfToken(h, bpA, agentA, adaToken, { scope: `${payroll.identifierUri}/.default` });
      assert.deepEqual((await h.oidc.verifyAccessToken(forAda.access_token, payroll.identifierUri)).scp?.split(' ').sort(), ['Payroll.Read', 'Payroll.Write']);
      const forBob = await onBehalfOfToken(h, bpA, agentA, bobToken, { resource: payroll.identifierUri });
      assert.equal((await h.oidc.verifyAccessToken(forBob.access_token, payroll.identifierUri)).scp, 'Payroll.Read', 'Bob gave no consent to write');
    });

    test('a scope outside that intersection is refused, not silently dropped (refused widening)', async () => {
      await assert.rejects(onBehalfOfToken(h, bpA, agentA, bobToken, { resource: payroll.identifierUri, scope: 'Payroll.Read Payroll.Write' }), (e) => {
        assert.match(describe(e), /^invalid_scope: AADSTS65001: The agent may not use 'Payroll.Write' at api:\/\/payroll-.* on behalf of this user/);
        return true;
      });
      assert.equal((await lastSignIn(h, agentA.appId)).status.errorCode, 65001);
      await assert.rejects(onBehalfOfToken(h, bpA, agentA, adaToken, { scope: `${payroll.identifierUri}/Payroll.Approve` }),
        (e) => /^invalid_scope: AADSTS65001: The agent may not use 'Payroll.Approve'/.test(describe(e)));
    });

    test('the token is never for the subject token’s own audience', async () => {
      await assert.rejects(onBehalfOfToken(h, bpA, agentA, adaToken, { scope: `${bpA.identifierUri}/access_agent` }),
        (e) => /^invalid_target: The subject_token is already for api:\/\/agents-/.test(describe(e)));
    });

    test('the person’s token must be for the agent’s blueprint, and it is the subject; the assertion is the actor', async () => {
      const forOtherBlueprint = await onBehalfOfToken(h, bpA, agentA, adaToken, { scope: `${bpB.identifierUri}/access_agent` });
      // A token for blueprint B, presented by agent A: not A's blueprint.
      await assert.rejects(onBehalfOfToken(h, bpA, agentA, forOtherBlueprint.access_token, { resource: payroll.identifierUri }),
        (e) => /^invalid_request: AADSTS50013: The subject_token is not usable: its audience .* is not this agent’s blueprint/.test(describe(e)));
      assert.equal((await lastSignIn(h, agentA.appId)).status.errorCode, 50013);

      const assertion = await agentAssertion(h, bpA, agentA.appId);
      const actor = await agentAssertion(h, bpA, agentA.appId);
      await assert.rejects(exchange(h, agentA.appId, {
        subject_token: assertion, subject_token_type: accessTokenType, actor_token: actor, actor_token_type: accessTokenType, resource: payroll.identifierUri,
      }), (e) => /^invalid_request: AADSTS50013: .*it is an agent assertion; on behalf of a person/.test(describe(e)));
      await assert.rejects(exchange(h, agentA.appId, {
        subject_token: adaToken, subject_token_type: accessTokenType, actor_token: adaToken, actor_token_type: accessTokenType, resource: payroll.identifierUri,
      }), (e) => /^invalid_request: The actor_token is not a usable agent assertion/.test(describe(e)));
      await assert.rejects(exchange(h, agentA.appId, {
        subject_token: adaToken, subject_token_type: accessTokenType, actor_token: await agentAssertion(h, bpA, agentA.appId), resource: payroll.identifierUri,
      }), (e) => /^invalid_request: actor_token_type is required/.test(describe(e)));
    });

    test('a token from another issuer is refused', async () => {
      // Signed by a key Limen does not know, with another issuer: nothing about it is Limen's.
      const { generateKeyPair, SignJWT } = await import('jose');
      const { privateKey } = await generateKeyPair('ES256');
      const foreign = await new SignJWT({ client_id: 'x', idtyp: 'user' }).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'elsewhere' })
        .setIssuer('https://login.example').setSubject(ada.id).setAudience(bpA.identifierUri).setJti('j').setIssuedAt().setExpirationTime('5m').sign(privateKey);
      await assert.rejects(onBehalfOfToken(h, bpA, agentA, foreign, { resource: payroll.identifierUri }),
        (e) => /^invalid_request: AADSTS50013: The subject_token is not usable: its signature is not Limen’s/.test(describe(e)));
    });

    test('a person passed on from agent to agent: act nests the chain, the current actor outermost', async () => {
      const toB = await onBehalfOfToken(h, bpA, agentA, adaToken, { scope: `${bpB.identifierUri}/access_agent` });
      const byB = await onBehalfOfToken(h, bpB, agentB, toB.access_token, { scope: `${payroll.identifierUri}/Payroll.Read` });
      const claims = await h.oidc.verifyAccessToken(byB.access_token, payroll.identifierUri);
      assert.equal(claims.sub, ada.id);
      assert.equal(claims.azp, agentB.appId);
      assert.deepEqual(claims.act, { sub: agentB.id, client_id: agentB.appId, act: { sub: agentA.id, client_id: agentA.appId } });
      assert.deepEqual(claims.amr, ['pwd']);
    });

    test('the chain of actors is capped at three: a fourth hop is refused', async () => {
      const hop1 = await onBehalfOfToken(h, bpA, agentA, adaToken, { scope: `${bpB.identifierUri}/access_agent` });
      const hop2 = await onBehalfOfToken(h, bpB, agentB, hop1.access_token, { scope: `${bpA.identifierUri}/access_agent` });
      const hop3 = await onBehalfOfToken(h, bpA, agentA, hop2.access_token, { scope: `${bpB.identifierUri}/access_agent` });
      assert.equal((await h.oidc.verifyAccessToken(hop3.access_token, bpB.identifierUri)).act?.act?.act?.sub, agentA.id);
      await assert.rejects(onBehalfOfToken(h, bpB, agentB, hop3.access_token, { scope: `${bpA.identifierUri}/access_agent` }), (e) => {
        assert.match(describe(e), /^invalid_request: The delegation chain would be 4 actors deep; Limen allows at most 3/);
        return true;
      });
    });

    test('a disabled person is refused', async () => {
      const carol = await createUser(h.directory, 'carol@contoso.test');
      const token = await personToken('carol@contoso.test', `${bpA.identifierUri}/access_agent`);
      await h.audited((d) => d.users.update(carol.id, { accountEnabled: false }));
      await assert.rejects(onBehalfOfToken(h, bpA, agentA, token, { resource: payroll.identifierUri }),
        (e) => /^invalid_request: AADSTS50057/.test(describe(e)));
      assert.equal((await lastSignIn(h, agentA.appId)).status.errorCode, 50057);
    });

    test('the person’s Conditional Access applies as for a refresh: a policy wanting MFA they did not give refuses with 50076', async () => {
      const id = await saveCaPolicy(h, {
        displayName: 'Require MFA for payroll', state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [payroll.app.appId] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      });
      try {
        await assert.rejects(onBehalfOfToken(h, bpA, agentA, adaToken, { resource: payroll.identifierUri }), (e) => {
          assert.match(describe(e), /^invalid_grant: AADSTS50076: Conditional Access \(Require MFA for payroll\) requires the user to sign in again/);
          return true;
        });
        const event = await lastSignIn(h, agentA.appId);
        assert.equal(event.status.errorCode, 50076);
        assert.equal(event.conditionalAccessStatus, 'failure');
        assert.equal(event.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'failure');
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
      assert.ok((await onBehalfOfToken(h, bpA, agentA, adaToken, { resource: payroll.identifierUri })).access_token);
    });

    test('an agent that requires assignment acts only for people assigned to it: others are refused with 50105', async () => {
      await h.audited((d) => d.servicePrincipals.update(agentA.id, { appRoleAssignmentRequired: true }));
      try {
        await h.audited((d) => d.assignments.assignAppRole({ principalId: ada.id, resourceId: agentA.id, appRoleId: '00000000-0000-0000-0000-000000000000' }));
        assert.ok((await onBehalfOfToken(h, bpA, agentA, adaToken, { resource: payroll.identifierUri })).access_token, 'Ada is assigned');
        await assert.rejects(onBehalfOfToken(h, bpA, agentA, bobToken, { resource: payroll.identifierUri }),
          (e) => /^invalid_grant: AADSTS50105: .*'bob@contoso\.test'/.test(describe(e)));
        const event = await lastSignIn(h, agentA.appId);
        assert.equal(event.status.errorCode, 50105);
        assert.equal(event.userId, bob.id);
      } finally {
        await h.audited((d) => d.servicePrincipals.update(agentA.id, { appRoleAssignmentRequired: false }));
      }
    });
  });
}
