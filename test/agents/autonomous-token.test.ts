import assert from 'node:assert/strict';
import { after, before, describe as suite, test } from 'node:test';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { managementApi } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { authorizationRequest, createDaemonApp, createWebApp, discover, oauthError } from '../oidc/fixtures.ts';
import { startHarness, type Harness } from '../oidc/harness.ts';
import {
  accessTokenType, agentAssertion, agentResource, autonomousToken, createAgent, createApi, createBlueprint, describe, exchange, lastSignIn,
  type Api, type Blueprint,
} from './fixtures.ts';

/**
 * An agent acting as itself (docs/concepts/agent-tokens.md): its blueprint gets a one-use
 * assertion naming it, the agent exchanges it (RFC 8693) for an app-only token. openid-client is
 * both the blueprint and the agent.
 */
for (const engine of testEngines()) {
  suite(`an agent's own token on ${engine}`, () => {
    let h: Harness;
    let bp: Blueprint;
    let payroll: Api;

    before(async () => {
      h = await startHarness(engine);
      bp = await createBlueprint(h);
      payroll = await createApi(h, 'payroll', ['Payroll.Read.All', 'Payroll.Write.All', 'Payroll.Audit'], ['Payroll.Read']);
      // Every agent of the blueprint inherits Payroll.Read.All (an enumerated inheritable role).
      await h.directory.agentIdentityBlueprints.addInheritablePermission(bp.blueprint.id, {
        resourceAppId: payroll.app.appId,
        inheritableRoles: { '@odata.type': '#microsoft.graph.enumeratedRoles', kind: 'enumerated', roles: ['Payroll.Read.All'] },
      });
    });
    after(() => h.close());

    test('the blueprint gets a five-minute assertion for its agent, audience the agent’s URN, logged as the blueprint’s service principal sign-in', async () => {
      const agent = await createAgent(h, bp);
      const config = await discover(h, bp.blueprint.appId, client.ClientSecretBasic(bp.secret));
      const response = await client.clientCredentialsGrant(config, { resource: agentResource(agent.appId) });
      assert.ok(response.expires_in! <= 300 && response.expires_in! > 290);
      const claims = decodeJwt(response.access_token);
      assert.equal(claims.aud, agentResource(agent.appId));
      assert.equal(claims.sub, agent.id, 'the assertion names the agent');
      assert.equal(claims.client_id, bp.blueprint.appId);
      assert.equal(claims.idtyp, undefined, 'not an access token any API would take');
      assert.equal(claims.exp! - claims.iat!, 300);

      const event = await lastSignIn(h, bp.blueprint.appId);
      assert.equal(event.status.errorCode, 0);
      assert.deepEqual(event.signInEventTypes, ['servicePrincipal']);
      assert.equal(event.servicePrincipalId, bp.principal.id);
      assert.equal(event.conditionalAccessStatus, 'notApplied', 'Entra does not evaluate Conditional Access on this hop');
      assert.equal(event.agent.agentType, 'agentIdentityBlueprintPrincipal');
      assert.equal(event.agent.agentIdentityId, agent.id);
      assert.equal(event.resourceId, agent.appId);
    });

    test('the agent exchanges it for an app-only token: its roles (direct and inherited), the agent as subject, Entra’s agent claims', async () => {
      const agent = await createAgent(h, bp, 'Payroll Auditor');
      await h.audited((d) => d.assignments.assignAppRole({ principalId: agent.id, resourceId: payroll.sp.id, appRoleId: payroll.role('Payroll.Audit') }));
      const response = await autonomousToken(h, bp, agent, { scope: `${payroll.identifierUri}/.default` });
      assert.equal(response.issued_token_type, accessTokenType);
      assert.equal(response.token_type.toLowerCase(), 'bearer');
      assert.equal(response.scope, `${payroll.identifierUri}/.default`);
      assert.equal(response.refresh_token, undefined);

      const claims = await h.oidc.verifyAccessToken(response.access_token, payroll.identifierUri);
      assert.equal(claims.aud, payroll.identifierUri, 'exactly one audience');
      assert.equal(claims.sub, agent.id);
      assert.equal(claims.oid, agent.id);
      assert.equal(claims.idtyp, 'app');
      assert.equal(claims.azp, agent.appId);
      assert.equal(claims.client_id, agent.appId);
      assert.deepEqual(claims.roles?.sort(), ['Payroll.Audit', 'Payroll.Read.All']);
      assert.equal(claims.scp, undefined);
      assert.equal(claims.xms_par_app_azp, bp.blueprint.appId);
      assert.equal(claims.xms_act_fct, '11');
      assert.equal(claims.xms_sub_fct, '11');
      assert.equal(claims.limen_agent_blueprint_id, bp.blueprint.appId);
      assert.equal(claims.act, undefined, 'acting as itself, nobody acts for anyone');

      const event = await lastSignIn(h, agent.appId);
      assert.equal(event.status.errorCode, 0);
      assert.deepEqual(event.signInEventTypes, ['servicePrincipal']);
      assert.equal(event.userId, null);
      assert.equal(event.servicePrincipalId, agent.id);
      assert.equal(event.servicePrincipalName, 'Payroll Auditor');
      assert.equal(event.resourceId, payroll.app.appId);
      assert.equal(event.clientCredentialType, 'clientAssertion');
      assert.deepEqual(event.agent, {
        agentType: 'agenticAppInstance', agentSubjectType: 'agenticAppInstance', agentSubjectParentId: bp.blueprint.id,
        parentAppId: bp.blueprint.appId, agentIdentityId: agent.id, sponsorIds: [],
      });
      assert.ok((await h.directory.agentIdentities.get(agent.id))!.lastSignInDateTime, 'lastSignInDateTime is recorded');
    });

    test('RFC 8707 resource names the target as well as a .default scope does', async () => {
      const agent = await createAgent(h, bp);
      const response = await autonomousToken(h, bp, agent, { resource: payroll.identifierUri });
      assert.equal(response.scope, `${payroll.identifierUri}/.default`);
      assert.deepEqual((await h.oidc.verifyAccessToken(response.access_token, payroll.identifierUri)).roles, ['Payroll.Read.All']);
    });

    test('an assertion is good for one exchange: the second use is refused', async () => {
      const agent = await createAgent(h, bp);
      const assertion = await agentAssertion(h, bp, agent.appId);
      const params = { subject_token: assertion, subject_token_type: accessTokenType, scope: `${payroll.identifierUri}/.default` };
      await exchange(h, agent.appId, params);
      await assert.rejects(exchange(h, agent.appId, params), (e) => {
        assert.match(describe(e), /^invalid_request: The subject_token is not a usable agent assertion: it was already used/);
        return true;
      });
      const event = await lastSignIn(h, agent.appId);
      assert.equal(event.status.errorCode, 700027);
      assert.equal(event.agent.agentIdentityId, agent.id);
    });

    test('the same assertion presented five times at once is honoured once (the use is recorded atomically, for every process)', async () => {
      const agent = await createAgent(h, bp);
      const assertion = await agentAssertion(h, bp, agent.appId);
      const params = { subject_token: assertion, subject_token_type: accessTokenType, resource: payroll.identifierUri };
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => exchange(h, agent.appId, params)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    });

    test('an expired assertion is refused', async (t) => {
      const agent = await createAgent(h, bp);
      const assertion = await agentAssertion(h, bp, agent.appId);
      t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 301_000 });
      try {
        await assert.rejects(exchange(h, agent.appId, { subject_token: assertion, subject_token_type: accessTokenType, resource: payroll.identifierUri }),
          (e) => /^invalid_request: The subject_token is not a usable agent assertion: it has expired/.test(describe(e)));
      } finally {
        t.mock.timers.reset();
      }
    });

    test('an assertion for another agent of the same blueprint is refused', async () => {
      const agent = await createAgent(h, bp);
      const other = await createAgent(h, bp, 'Other Clerk');
      const assertion = await agentAssertion(h, bp, other.appId);
      await assert.rejects(exchange(h, agent.appId, { subject_token: assertion, subject_token_type: accessTokenType, resource: payroll.identifierUri }),
        (e) => /^invalid_request: .*issued for another agent \(urn:limen:agent:/.test(describe(e)));
    });

    test('a blueprint gets no assertion for an agent of another blueprint, for an unknown agent, and an ordinary app gets none at all', async () => {
      const otherBlueprint = await createBlueprint(h, 'Other Agents');
      const stranger = await createAgent(h, otherBlueprint);
      const config = await discover(h, bp.blueprint.appId, client.ClientSecretBasic(bp.secret));
      await assert.rejects(client.clientCredentialsGrant(config, { resource: agentResource(stranger.appId) }),
        (e) => /^invalid_target: AADSTS500011: The agent identity .* was not created from blueprint/.test(describe(e)));
      await assert.rejects(client.clientCredentialsGrant(config, { resource: agentResource('00000000-0000-4000-8000-000000000000') }),
        (e) => /^invalid_target: AADSTS500011: No agent identity/.test(describe(e)));

      const daemon = await createDaemonApp(h.directory, []);
      const daemonConfig = await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret));
      await assert.rejects(client.clientCredentialsGrant(daemonConfig, { resource: agentResource(stranger.appId) }),
        (e) => /^invalid_target: .*is not an agent identity blueprint/.test(describe(e)));
    });

    test('an unknown agent cannot exchange: there is no such client', async () => {
      const assertion = await agentAssertion(h, bp, (await createAgent(h, bp)).appId);
      const unknown = '11111111-2222-4333-8444-555555555555';
      await assert.rejects(exchange(h, unknown, { subject_token: assertion, subject_token_type: accessTokenType, resource: payroll.identifierUri }),
        (e) => oauthError(e) === 'invalid_client');
      assert.equal((await lastSignIn(h, unknown)).status.errorCode, 700016);
    });

    test('an ordinary app’s client credentials token is no agent assertion', async () => {
      const agent = await createAgent(h, bp);
      const daemon = await createDaemonApp(h.directory, ['User.Read.All']);
      const config = await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret));
      const appToken = (await client.clientCredentialsGrant(config, { scope: managementApi.defaultScope })).access_token;
      await assert.rejects(exchange(h, agent.appId, { subject_token: appToken, subject_token_type: accessTokenType, resource: payroll.identifierUri }),
        (e) => /^invalid_request: .*its audience is api:\/\/limen; an agent assertion is issued to the blueprint with resource=urn:limen:agent:/.test(describe(e)));
      for (const garbage of ['not-a-jwt', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
        await assert.rejects(exchange(h, agent.appId, { subject_token: garbage, subject_token_type: accessTokenType, resource: payroll.identifierUri }),
          (e) => /^invalid_request: .*it is not a signed JWT access token/.test(describe(e)));
      }
    });

    test('a disabled agent is refused, then works once enabled again', async () => {
      const agent = await createAgent(h, bp);
      await h.audited((d) => d.agentIdentities.update(agent.id, { accountEnabled: false }));
      const config = await discover(h, bp.blueprint.appId, client.ClientSecretBasic(bp.secret));
      await assert.rejects(client.clientCredentialsGrant(config, { resource: agentResource(agent.appId) }),
        (e) => /^unauthorized_client: AADSTS7000112: The agent identity .* is disabled/.test(describe(e)));
      assert.equal((await lastSignIn(h, bp.blueprint.appId)).status.errorCode, 7000112);

      await h.audited((d) => d.agentIdentities.update(agent.id, { accountEnabled: true }));
      const assertion = await agentAssertion(h, bp, agent.appId);
      // Disabled between the two steps: the exchange is refused too.
      await h.audited((d) => d.agentIdentities.update(agent.id, { accountEnabled: false }));
      await assert.rejects(exchange(h, agent.appId, { subject_token: assertion, subject_token_type: accessTokenType, resource: payroll.identifierUri }),
        (e) => /^unauthorized_client: AADSTS7000112: The agent identity .* is disabled/.test(describe(e)));
      const event = await lastSignIn(h, agent.appId);
      assert.equal(event.status.errorCode, 7000112);
      assert.equal(event.agent.agentIdentityId, agent.id);

      await h.audited((d) => d.agentIdentities.update(agent.id, { accountEnabled: true }));
      assert.ok((await autonomousToken(h, bp, agent, { resource: payroll.identifierUri })).access_token);
    });

    test('disabling the blueprint stops every agent made from it, and enabling it restores them', async () => {
      const own = await createBlueprint(h, 'Switchable Agents');
      const agent = await createAgent(h, own);
      const assertion = await agentAssertion(h, own, agent.appId);
      await h.audited((d) => d.servicePrincipals.update(own.principal.id, { accountEnabled: false }));
      await assert.rejects(exchange(h, agent.appId, { subject_token: assertion, subject_token_type: accessTokenType, resource: payroll.identifierUri }),
        (e) => /^unauthorized_client: AADSTS7000112: .*acts through blueprint .* which is disabled/.test(describe(e)));
      await assert.rejects(agentAssertion(h, own, agent.appId), (e) => oauthError(e) === 'invalid_client',
        'a disabled blueprint cannot even authenticate');

      await h.audited((d) => d.servicePrincipals.update(own.principal.id, { accountEnabled: true }));
      assert.ok((await autonomousToken(h, own, agent, { resource: payroll.identifierUri })).access_token);
    });

    test('the request is checked before any token is looked at: token types, targets, app-only scopes', async () => {
      const agent = await createAgent(h, bp);
      const assertion = await agentAssertion(h, bp, agent.appId);
      const base = { subject_token: assertion, subject_token_type: accessTokenType };
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ ...base, requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token', resource: payroll.identifierUri },
          /^invalid_request: requested_token_type 'urn:ietf:params:oauth:token-type:refresh_token' is not supported/],
        [{ ...base, subject_token_type: 'urn:ietf:params:oauth:token-type:id_token', resource: payroll.identifierUri },
          /^invalid_request: subject_token_type 'urn:ietf:params:oauth:token-type:id_token' is not supported/],
        [{ subject_token: assertion, resource: payroll.identifierUri }, /^invalid_request: subject_token_type is required/],
        [{ ...base, resource: 'api://nowhere' }, /^invalid_target: AADSTS500011/],
        [{ ...base }, /^invalid_target: Name the resource/],
        [{ ...base, scope: `${payroll.identifierUri}/Payroll.Read` }, /^invalid_scope: AADSTS1002012: An agent acting as itself gets app-only tokens/],
        [{ ...base, scope: 'openid' }, /^invalid_scope: The token exchange issues access tokens only/],
      ];
      for (const [params, expected] of cases) {
        await assert.rejects(exchange(h, agent.appId, params), (e) => expected.test(describe(e)), JSON.stringify(params));
      }
      // None of the refused requests used the assertion up: they were refused before it was read.
      assert.ok((await exchange(h, agent.appId, { ...base, resource: payroll.identifierUri })).access_token);
    });

    test('an agent is a public client of the token exchange only: no client credentials, no authorization code', async () => {
      const agent = await createAgent(h, bp);
      const config = await discover(h, agent.appId, client.None());
      await assert.rejects(client.clientCredentialsGrant(config, { scope: `${payroll.identifierUri}/.default` }),
        (e) => describe(e) === 'invalid_request: requested grant type is not allowed for this client');
      // And only agents exchange: the blueprint itself cannot.
      const blueprintConfig = await discover(h, bp.blueprint.appId, client.ClientSecretBasic(bp.secret));
      await assert.rejects(client.genericGrantRequest(blueprintConfig, 'urn:ietf:params:oauth:grant-type:token-exchange', { subject_token: 'x', subject_token_type: accessTokenType }),
        (e) => describe(e) === 'invalid_request: requested grant type is not allowed for this client');
      const authorize = await fetch(`${h.url}/auth?client_id=${agent.appId}&response_type=code&scope=openid&redirect_uri=https://evil.example/cb&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`, { redirect: 'manual', headers: { accept: 'application/json' } });
      assert.equal(authorize.status, 400, 'no redirect URI, no authorization');
      // Only a blueprint's client credentials request may name an agent assertion resource.
      const web = await createWebApp(h.directory);
      const webConfig = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(webConfig, 'openid', { resource: agentResource(agent.appId) });
      const refused = await fetch(request.url, { redirect: 'manual' });
      const location = new URL(refused.headers.get('location')!);
      assert.equal(location.searchParams.get('error'), 'invalid_target');
    });
  });
}
