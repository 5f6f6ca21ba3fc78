/**
 * Workload identity federation at the token endpoint (Entra's federated identity credentials,
 * docs/concepts/agent-tokens.md "Federated credentials"): a confidential application (an agent
 * identity blueprint first of all, or any app registration) authenticates with a token another
 * issuer gave its workload (a Kubernetes service account token, a CI system's OIDC token, another
 * cloud's workload identity), sent as an RFC 7523 client assertion with `client_id` naming the
 * app, and trusted because one of the app's federated identity credentials names its issuer,
 * subject and audience.
 *
 * How it fits oidc-provider, which takes a client assertion's `sub` for the client and requires
 * `iss` = `sub` = client_id (bridge.ts): a middleware on the token route (`bridgeWorkloadTokens`)
 * reads the form before oidc-provider does, recognises an assertion its client did not issue
 * (`iss` is not the client), sets it aside and puts a bridge assertion for the named client in its
 * place; for that request only, the client's metadata is private_key_jwt with the bridge key
 * (client-metadata.ts). oidc-provider finds the client (an unknown or disabled app is refused as
 * always), verifies the bridge assertion, and calls `assertJwtClientAuthClaimsAndHeader`, where the
 * workload token is checked (workload-token.ts): a refusal there is its `invalid_client`, logged as
 * a failed sign-in with Entra's code; nothing is issued. Every outcome is logged with
 * `clientCredentialType: federatedIdentityCredential`, Graph's value.
 */
import type { Middleware } from 'koa';
import type { Client, KoaContextWithOIDC } from 'oidc-provider';
import { decodeJwt } from 'jose';
import { signInStatus } from '../../logs/index.ts';
import type { Directory, FederatedIdentityCredential } from '../../directory/index.ts';
import type { Db } from '../../store/index.ts';
import { requestFacts } from '../correlation.ts';
import { oidcDefaults } from '../defaults.ts';
import type { DirectoryCache } from '../directory-cache.ts';
import { noteTokenLogFacts, type SignInRecorder } from '../sign-in-events.ts';
import { bridge, bridgedRequest } from './bridge.ts';
import { createIssuerKeys } from './issuer-keys.ts';
import { federationRefusal, FederatedCredentialRefusal } from './refusal.ts';
import { formBody, parseForm, readForm, replaceBody } from './token-request-body.ts';
import { checkWorkloadToken } from './workload-token.ts';
import { useWorkloadTokenOnce } from './workload-token-use.ts';

const jwtBearer = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Graph signIn.clientCredentialType for a federated identity credential. */
const federatedCredentialType = 'federatedIdentityCredential';

export interface WorkloadFederationDeps {
  db: Db;
  directory: Directory;
  cache: DirectoryCache;
  signIns: SignInRecorder;
  /** LIMEN_CLIENT_METADATA_PRIVATE_NETWORK: issuers on loopback and private addresses. */
  privateNetwork: boolean;
  /** LIMEN_FEDERATED_TOKEN_SINGLE_USE: each workload token (issuer + jti) once. */
  singleUse: boolean;
}

export function createWorkloadFederation(deps: WorkloadFederationDeps) {
  const keys = createIssuerKeys({ privateNetwork: deps.privateNetwork });

  /** The app's federated credentials, through the directory cache (a change shows at once). */
  const credentialsOf = (clientId: string) => deps.cache.get(`federated-credentials:${clientId}`, async (): Promise<FederatedIdentityCredential[]> => {
    const app = await deps.directory.applications.getByAppId(clientId);
    return app ? deps.directory.applications.listFederatedCredentials(app.id) : [];
  });

  /**
   * provider.use: rewrites a token request whose client assertion is a workload token (bridge.ts).
   * Every form POST to the token route without an Authorization header (which would be a second
   * client authentication, refused by oidc-provider anyway) has its form read here and handed on
   * (token-request-body.ts); only a workload token's request is changed.
   */
  function bridgeWorkloadTokens(issuer: string, tokenRoute: string): Middleware {
    return async (ctx, next) => {
      if (ctx.method !== 'POST' || ctx.path !== tokenRoute || ctx.get('authorization') || !ctx.is('application/x-www-form-urlencoded')) return next();
      const body = await readForm(ctx);
      if (!body) return next();
      const params = parseForm(ctx, body);
      const { client_assertion: assertion, client_assertion_type: assertionType, client_id: clientId } = params;
      if (typeof assertion !== 'string' || assertionType !== jwtBearer || Array.isArray(clientId) || !isWorkloadToken(assertion, clientId)) {
        replaceBody(ctx, body, false);
        return next();
      }
      noteTokenLogFacts(ctx, { fields: { clientCredentialType: federatedCredentialType } });
      if (clientId === undefined || clientId === '') return refuseWithoutClientId(ctx);
      const bridged = await bridge(ctx, clientId, assertion, issuer);
      replaceBody(ctx, formBody({ ...params, client_assertion: bridged }), true);
      return next();
    };
  }

  /**
   * RFC 6749 §5.2 invalid_request, Entra's AADSTS900144: a workload token names no Limen client
   * (its `sub` is the workload), so `client_id` must. Answered here, before oidc-provider, which
   * would take the workload's `sub` for a client id; logged like every failed token request.
   */
  function refuseWithoutClientId(ctx: Parameters<Middleware>[0]): void {
    const description = "AADSTS900144: The request body must contain the following parameter: 'client_id'. " +
      'A workload token from another issuer (a federated identity credential) does not name the application: send its appId as client_id.';
    deps.signIns.record({
      ...requestFacts(ctx),
      appId: null,
      clientCredentialType: federatedCredentialType,
      status: signInStatus('missingRequiredParameter', description),
      signInEventTypes: ['servicePrincipal'],
      isInteractive: false,
    });
    ctx.status = 400;
    ctx.set('cache-control', 'no-store');
    ctx.body = { error: 'invalid_request', error_description: description };
  }

  /**
   * oidc-provider's `assertJwtClientAuthClaimsAndHeader`, called once a client assertion's
   * signature verified: for a bridged request, the check of the workload token itself. Any other
   * assertion needs nothing more (oidc-provider's default checks only FAPI 2.0 audiences, and
   * Limen does not enable FAPI).
   */
  async function assertJwtClientAuthClaimsAndHeader(ctx: KoaContextWithOIDC, claims: Record<string, unknown>, _header: unknown, client: Client): Promise<void> {
    const request = bridgedRequest(ctx, client.clientId);
    if (!request) return;
    try {
      if (claims.jti !== request.bridgeJti) throw federationRefusal('AADSTS700027: The client assertion is not this request’s.', 'invalidClientAssertion');
      const accepted = await checkWorkloadToken({
        clientId: client.clientId, token: request.workloadToken, credentials: await credentialsOf(client.clientId), keys,
      });
      const { iss, jti, exp } = accepted.claims;
      if (deps.singleUse && typeof jti === 'string'
        && !await useWorkloadTokenOnce(deps.db, iss, jti, exp + oidcDefaults.federatedTokenClockSkewSeconds)) {
        throw federationRefusal(
          `AADSTS700027: The client assertion (jti '${jti}' of issuer '${iss}') was already used; this Limen accepts each workload token once (LIMEN_FEDERATED_TOKEN_SINGLE_USE).`,
          'clientAssertionReplayed',
        );
      }
    } catch (error) {
      if (error instanceof FederatedCredentialRefusal) noteTokenLogFacts(ctx, { failure: error.logAs });
      throw error;
    }
  }

  return { bridgeWorkloadTokens, assertJwtClientAuthClaimsAndHeader };
}

/**
 * Whether a client assertion was issued by someone other than the client: RFC 7523 §3 has the
 * client as `iss` of its own assertion (`sub` too, standing in for client_id when that is absent).
 * Anything else that is a JWT with an issuer is a workload token from another issuer.
 */
function isWorkloadToken(assertion: string, clientId: string | undefined): boolean {
  let claims: { iss?: unknown; sub?: unknown };
  try {
    claims = decodeJwt(assertion);
  } catch {
    return false;
  }
  if (typeof claims.iss !== 'string') return false;
  return claims.iss !== (clientId || claims.sub);
}
