import assert from 'node:assert/strict';
import { after, before, describe as suite, test } from 'node:test';
import * as client from 'openid-client';
import { applicationCreateSchema, federatedIdentityCredentialCreateSchema } from '../../src/directory/index.ts';
import { AgentTokenClient } from '../../src/sdk/agent/index.ts';
import { testEngines } from '../support/engines.ts';
import { discover } from '../oidc/fixtures.ts';
import { startHarness, type Harness } from '../oidc/harness.ts';
import { agentResource, createAgent, createApi, createBlueprint, lastSignIn, type Api, type Blueprint } from './fixtures.ts';
import { entraAudience, startLocalIssuer, triageServiceAccount, type LocalIssuer } from './local-issuer.ts';

/**
 * Workload identity federation (issue #5; docs/concepts/agent-tokens.md "Federated
 * credentials"): a workload holding a Kubernetes-style service account token from a local OIDC
 * issuer authenticates as an agent identity blueprint (and as an ordinary app) because a
 * federated identity credential trusts that issuer, subject and audience. Every other token is
 * refused with Entra's code, logged, and gets nothing.
 */
const jwtBearer = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A federated credential, validated as the Graph API validates it, stored as the API stores it. */
async function trust(h: Harness, appObjectId: string, credential: Record<string, unknown>) {
  const parsed = federatedIdentityCredentialCreateSchema.parse({ audiences: [entraAudience], ...credential });
  return h.audited((d) => d.applications.addFederatedCredential(appObjectId, parsed));
}

/** Step 1 by hand: the workload token as the client assertion, raw, so every refusal is visible. */
async function presentToken(h: Harness, clientId: string | undefined, token: string, extra: Record<string, string>) {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: jwtBearer, client_assertion: token, ...extra });
  if (clientId !== undefined) form.set('client_id', clientId);
  const response = await fetch(`${h.url}/token`, { method: 'POST', body: form, headers: { accept: 'application/json' } });
  return { status: response.status, body: await response.json() as Record<string, unknown> };
}

/** openid-client's client authentication with a workload token (RFC 7523 §2.2 with client_id). */
const workloadToken = (token: string): client.ClientAuth => (_as, metadata, body) => {
  body.set('client_id', metadata.client_id);
  body.set('client_assertion_type', jwtBearer);
  body.set('client_assertion', token);
};

for (const engine of testEngines()) {
  suite(`federated identity credentials at the token endpoint on ${engine}`, () => {
    let h: Harness;
    let issuer: LocalIssuer;
    let bp: Blueprint;
    let payroll: Api;

    before(async () => {
      // The local issuer is on loopback, over http: allowed for development only.
      h = await startHarness(engine, { config: { clientMetadataPrivateNetwork: true } });
      issuer = await startLocalIssuer();
      bp = await createBlueprint(h, 'Triage Agents');
      payroll = await createApi(h, 'payroll', ['Payroll.Read.All'], []);
      await trust(h, bp.blueprint.id, { name: 'aks-agents-triage', issuer: issuer.issuer, subject: triageServiceAccount });
    });
    after(async () => {
      await h.close();
      await issuer.close();
    });

    test('a blueprint whose workload holds a Kubernetes service account token gets its agent’s own token through the SDK, logged as a federatedIdentityCredential sign-in', async () => {
      const agent = await createAgent(h, bp, 'Ticket Triage');
      await h.audited((d) => d.assignments.assignAppRole({ principalId: agent.id, resourceId: payroll.sp.id, appRoleId: payroll.role('Payroll.Read.All') }));
      const sdk = new AgentTokenClient({
        issuer: h.url,
        blueprint: { clientId: bp.blueprint.appId, credential: { kind: 'federated', token: () => issuer.mint() } },
        agentId: agent.appId,
      });

      const token = await sdk.getToken({ scope: `${payroll.identifierUri}/.default` });
      const claims = await h.oidc.verifyAccessToken(token.accessToken, payroll.identifierUri);
      assert.equal(claims.sub, agent.id);
      assert.equal(claims.azp, agent.appId);
      assert.deepEqual(claims.roles, ['Payroll.Read.All']);

      const event = await lastSignIn(h, bp.blueprint.appId);
      assert.equal(event.status.errorCode, 0);
      assert.equal(event.clientCredentialType, 'federatedIdentityCredential');
      assert.equal(event.servicePrincipalId, bp.principal.id);
      assert.equal(event.agent.agentType, 'agentIdentityBlueprintPrincipal');
    });

    test('the same workload token serves every request of its lifetime, as Kubernetes workloads present it, and the issuer is discovered once', async () => {
      const agent = await createAgent(h, bp, 'Reuse');
      const token = await issuer.mint();
      for (let i = 0; i < 2; i++) {
        const { status, body } = await presentToken(h, bp.blueprint.appId, token, { resource: agentResource(agent.appId) });
        assert.equal(status, 200, JSON.stringify(body));
        assert.equal(typeof body.access_token, 'string');
      }
      assert.equal(issuer.fetches.discovery, 1, 'discovery document cached per issuer');
      assert.equal(issuer.fetches.keys, 1, 'key set cached');
    });

    const now = () => Math.floor(Date.now() / 1000);
    const refusals: Array<{ what: string; token: () => Promise<string>; code: number; description: RegExp }> = [
      {
        what: 'another subject',
        token: () => issuer.mint({ sub: 'system:serviceaccount:agents:intruder' }),
        code: 700213,
        description: /^AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:agents:intruder'/,
      },
      {
        what: 'another audience',
        token: () => issuer.mint({ aud: 'api://someone-else' }),
        code: 700212,
        description: /^AADSTS700212: No matching federated identity record found for presented assertion audience 'api:\/\/someone-else'/,
      },
      {
        what: 'another issuer',
        token: () => issuer.mint({ iss: 'https://oidc.other-cluster.example' }),
        code: 700211,
        description: /^AADSTS700211: No matching federated identity record found for presented assertion issuer 'https:\/\/oidc\.other-cluster\.example'/,
      },
      {
        what: 'an expiry an hour ago',
        token: () => issuer.mint({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }),
        code: 700024,
        description: /^AADSTS700024: Client assertion is not within its valid time range: current time .*, expiry time of assertion/,
      },
      {
        what: 'no expiry',
        token: () => issuer.mint({ exp: null }),
        code: 700024,
        description: /^AADSTS700024: .*no expiry/,
      },
      {
        what: 'a lifetime of two days',
        token: () => issuer.mint({}, { lifetimeSeconds: 2 * 86400 }),
        code: 700024,
        description: /^AADSTS700024: .*valid for 172800 seconds; Limen accepts workload tokens valid for at most 86400 seconds/,
      },
      {
        what: 'a signature by a key the issuer does not publish',
        token: async () => issuer.mint({}, { key: await issuer.otherKey() }),
        code: 700027,
        description: /^AADSTS700027: Client assertion failed signature validation: the signature does not verify/,
      },
    ];

    for (const refusal of refusals) {
      test(`a workload token with ${refusal.what} is refused with AADSTS${refusal.code}, logged as a failed sign-in, and nothing is issued`, async () => {
        const agent = await createAgent(h, bp, `Refused ${refusal.code}`);
        const { status, body } = await presentToken(h, bp.blueprint.appId, await refusal.token(), { resource: agentResource(agent.appId) });
        assert.equal(status, 401);
        assert.equal(body.error, 'invalid_client');
        assert.match(String(body.error_description), refusal.description);
        assert.equal(body.access_token, undefined);

        const event = await lastSignIn(h, bp.blueprint.appId);
        assert.equal(event.status.errorCode, refusal.code);
        assert.match(String(event.status.additionalDetails), refusal.description);
        assert.equal(event.clientCredentialType, 'federatedIdentityCredential');
      });
    }

    test('a workload token without client_id is refused with AADSTS900144 (it names no application), logged, and nothing is issued', async () => {
      const agent = await createAgent(h, bp, 'Nameless');
      const { status, body } = await presentToken(h, undefined, await issuer.mint(), { resource: agentResource(agent.appId) });
      assert.equal(status, 400);
      assert.equal(body.error, 'invalid_request');
      assert.match(String(body.error_description), /^AADSTS900144: .*'client_id'/);
      assert.equal(typeof body.correlation_id, 'string', 'the correlation id an administrator can look up');
      assert.equal(body.access_token, undefined);

      await new Promise((r) => setTimeout(r, 30));
      const event = h.signIns.find((s) => s.correlationId === body.correlation_id);
      assert.ok(event, 'logged');
      assert.equal(event.status.errorCode, 900144);
      assert.equal(event.appId, null);
      assert.equal(event.clientCredentialType, 'federatedIdentityCredential');
    });

    test('an ordinary application with a federated credential and no secret gets an app-only token by client credentials', async () => {
      const app = await h.directory.applications.create(applicationCreateSchema.parse({ displayName: 'Nightly Reconciler' }));
      const sp = await h.directory.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
      await h.audited((d) => d.assignments.assignAppRole({ principalId: sp.id, resourceId: payroll.sp.id, appRoleId: payroll.role('Payroll.Read.All') }));
      const subject = 'system:serviceaccount:finance:reconciler';
      await trust(h, app.id, { name: 'finance-reconciler', issuer: issuer.issuer, subject });

      const config = await discover(h, app.appId, workloadToken(await issuer.mint({ sub: subject })));
      const response = await client.clientCredentialsGrant(config, { scope: `${payroll.identifierUri}/.default` });
      const claims = await h.oidc.verifyAccessToken(response.access_token, payroll.identifierUri);
      assert.equal(claims.sub, sp.id);
      assert.equal(claims.azp, app.appId);
      assert.deepEqual(claims.roles, ['Payroll.Read.All']);

      const event = await lastSignIn(h, app.appId);
      assert.equal(event.status.errorCode, 0);
      assert.equal(event.clientCredentialType, 'federatedIdentityCredential');
    });

    test('the application’s other credentials work as before: the blueprint’s client secret still gets an assertion', async () => {
      const agent = await createAgent(h, bp, 'Secret');
      const config = await discover(h, bp.blueprint.appId, client.ClientSecretBasic(bp.secret));
      const response = await client.clientCredentialsGrant(config, { resource: agentResource(agent.appId) });
      assert.equal(typeof response.access_token, 'string');
      assert.equal((await lastSignIn(h, bp.blueprint.appId)).clientCredentialType, 'clientSecret');
    });
  });

  suite(`federated workload tokens with LIMEN_FEDERATED_TOKEN_SINGLE_USE on ${engine}`, () => {
    let h: Harness;
    let issuer: LocalIssuer;
    let bp: Blueprint;

    before(async () => {
      h = await startHarness(engine, { config: { clientMetadataPrivateNetwork: true, federatedTokenSingleUse: true } });
      issuer = await startLocalIssuer();
      bp = await createBlueprint(h, 'One-shot Agents');
      await trust(h, bp.blueprint.id, { name: 'ci-agents', issuer: issuer.issuer, subject: triageServiceAccount });
    });
    after(async () => {
      await h.close();
      await issuer.close();
    });

    test('a replayed workload token (same issuer and jti) is refused with AADSTS700027, logged, and nothing is issued', async () => {
      const agent = await createAgent(h, bp, 'Once');
      const token = await issuer.mint();
      const first = await presentToken(h, bp.blueprint.appId, token, { resource: agentResource(agent.appId) });
      assert.equal(first.status, 200, JSON.stringify(first.body));

      const replay = await presentToken(h, bp.blueprint.appId, token, { resource: agentResource(agent.appId) });
      assert.equal(replay.status, 401);
      assert.equal(replay.body.error, 'invalid_client');
      assert.match(String(replay.body.error_description), /^AADSTS700027: The client assertion \(jti '[^']+' of issuer 'http:\/\/127\.0\.0\.1:\d+'\) was already used/);
      assert.equal(replay.body.access_token, undefined);
      const event = await lastSignIn(h, bp.blueprint.appId);
      assert.equal(event.status.errorCode, 700027);
      assert.equal(event.status.failureReason, 'The client assertion was already used once and may be used only once.');
    });

    test('a forged token cannot use up a jti: only a token whose signature verified is remembered', async () => {
      const agent = await createAgent(h, bp, 'Forged first');
      const jti = 'shared-jti-1';
      const forged = await presentToken(h, bp.blueprint.appId, await issuer.mint({ jti }, { key: await issuer.otherKey() }), { resource: agentResource(agent.appId) });
      assert.equal(forged.status, 401);
      const genuine = await presentToken(h, bp.blueprint.appId, await issuer.mint({ jti }), { resource: agentResource(agent.appId) });
      assert.equal(genuine.status, 200, JSON.stringify(genuine.body));
    });
  });
}
