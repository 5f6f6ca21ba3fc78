import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { signInStatus, type SignInErrorName, type SignInInput } from '../logs/index.ts';
import { accountRefusalOf, type LimenAccount } from './account.ts';
import { servicePrincipalIdProperty } from './client-metadata.ts';
import { flowOfGrantType, tokenCaState } from './conditional-access.ts';
import { requestFacts } from './correlation.ts';

/** Where sign-in events go: the logs context's SignInLog, or anything with the same `record`. */
export interface SignInRecorder {
  record(event: SignInInput): unknown;
}

/**
 * Wraps the recorder so a failing log (closed, or a bug) can never fail a sign-in or a token
 * request: the event is reported on stderr instead.
 */
export function neverThrowing(signIns: SignInRecorder): SignInRecorder {
  return {
    record(event) {
      try {
        return signIns.record(event);
      } catch (error) {
        process.stderr.write(`limen: sign-in event not recorded: ${String(error)}\n`);
        return undefined;
      }
    },
  };
}

/**
 * What a grant handler knows that the request alone does not show (the agent of a token
 * exchange, the person an on-behalf-of token is for, why it refused): `fields` are merged into
 * the request's sign-in event last, `failure` names its AADSTS code.
 */
export interface TokenLogFacts {
  fields?: Partial<SignInInput>;
  failure?: SignInErrorName;
}
const logFacts = new WeakMap<object, TokenLogFacts>();

/** Adds to what the sign-in event of this token request will say (later fields win). */
export function noteTokenLogFacts(ctx: object, facts: TokenLogFacts): void {
  const known = logFacts.get(ctx);
  logFacts.set(ctx, { ...known, ...facts, fields: { ...known?.fields, ...facts.fields } });
}

/** Display names of resources seen by this process, for the log only (never for decisions). */
export type ResourceNames = Map<string, { appId: string; displayName: string }>;

/** Polls of a pending device code are not sign-ins (RFC 8628 §3.5); Entra does not log them. */
const notSignIns = new Set(['authorization_pending', 'slow_down']);

/**
 * One sign-in event per token request, success or failure, from oidc-provider's `grant.success`
 * and `grant.error` events. `record` is synchronous and only queues, so the token endpoint never
 * waits on the log.
 */
export function recordTokenRequests(provider: Provider, signIns: SignInRecorder, resourceNames: ResourceNames): void {
  provider.on('grant.success', guarded((ctx: KoaContextWithOIDC) => {
    signIns.record(tokenEvent(ctx, resourceNames, 'success', null));
  }));
  provider.on('grant.error', guarded((ctx: KoaContextWithOIDC, error: Error & { error?: string; error_detail?: string; error_description?: string }) => {
    if (error.error && notSignIns.has(error.error)) return;
    const name = logFacts.get(ctx)?.failure ?? failureName(ctx, error);
    const refusal = accountRefusalOf(ctx);
    const details = refusal === 'sessionRevoked'
      ? 'The user’s sign-in sessions were revoked after this grant was issued.'
      : refusal === 'temporaryAccessPassEnded'
        ? 'The grant came from a Temporary Access Pass sign-in and that pass has expired, been replaced or been deleted.'
        : error.error_detail ?? error.error_description ?? error.message;
    signIns.record(tokenEvent(ctx, resourceNames, name, details));
  }));
}

/** Listeners run inside the token request: a bug in logging must not turn into a 500. */
function guarded<A extends unknown[]>(listener: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      listener(...args);
    } catch (error) {
      process.stderr.write(`limen: sign-in event not recorded: ${String(error)}\n`);
    }
  };
}

function tokenEvent(ctx: KoaContextWithOIDC, resourceNames: ResourceNames, status: SignInErrorName, details: string | null): SignInInput {
  const { client, params, entities } = ctx.oidc;
  const grantType = typeof params?.grant_type === 'string' ? params.grant_type : undefined;
  const appOnly = grantType === 'client_credentials';
  const account = ctx.oidc.account as LimenAccount | undefined;
  const source = (entities.RefreshToken ?? entities.AuthorizationCode ?? entities.DeviceCode) as { accountId?: string } | undefined;
  const token = (entities.AccessToken ?? entities.ClientCredentials) as { resourceServer?: { identifier(): string } } | undefined;
  const resource = token?.resourceServer ? resourceNames.get(token.resourceServer.identifier()) : undefined;
  const metadata = client as unknown as Record<string, unknown> | undefined;
  return {
    ...requestFacts(ctx),
    userId: appOnly ? null : account?.accountId ?? source?.accountId ?? null,
    userPrincipalName: appOnly ? null : account?.user.userPrincipalName ?? null,
    userDisplayName: appOnly ? null : account?.user.displayName ?? null,
    appId: client?.clientId ?? presentedClientId(ctx),
    appDisplayName: client?.clientName ?? null,
    servicePrincipalId: typeof metadata?.[servicePrincipalIdProperty] === 'string' ? metadata[servicePrincipalIdProperty] : null,
    servicePrincipalName: appOnly ? client?.clientName ?? null : null,
    resourceId: resource?.appId ?? null,
    resourceDisplayName: resource?.displayName ?? null,
    clientAppUsed: appOnly ? null : 'Mobile Apps and Desktop clients',
    ...transferFields(grantType, source as { gty?: string } | undefined),
    clientCredentialType: credentialType(client?.clientAuthMethod),
    status: signInStatus(status, details),
    signInEventTypes: [appOnly ? 'servicePrincipal' : 'nonInteractiveUser'],
    isInteractive: false,
    ...((ctx.state as Record<string, unknown> | undefined)?.[tokenCaState] as object | undefined),
    ...logFacts.get(ctx)?.fields,
  };
}

/**
 * Graph beta's device code fields: the device code grant is the `deviceCode` protocol, and it
 * and every refresh descending from it (the refresh token's `gty` keeps its origin) carry the
 * `deviceCodeFlow` transfer method.
 */
function transferFields(grantType: string | undefined, source: { gty?: string } | undefined): Pick<SignInInput, 'authenticationProtocol' | 'originalTransferMethod'> {
  if (grantType === 'urn:ietf:params:oauth:grant-type:device_code') return { authenticationProtocol: 'deviceCode', originalTransferMethod: 'deviceCodeFlow' };
  return flowOfGrantType(source?.gty) ? { originalTransferMethod: 'deviceCodeFlow' } : {};
}

/** Entra's AADSTS code for a failed token request. */
function failureName(ctx: KoaContextWithOIDC, error: { error?: string; error_detail?: string; error_description?: string; message: string }): SignInErrorName {
  const detail = error.error_detail ?? '';
  switch (error.error) {
    case 'invalid_client':
      if (detail === 'client not found') return 'applicationNotFound';
      if (detail === 'invalid secret provided') return 'invalidClientSecret';
      if (ctx.oidc.params?.client_assertion !== undefined) return 'invalidClientAssertion';
      return 'invalidClientSecret';
    case 'invalid_grant': {
      // Conditional Access (conditional-access.ts tokenRequestGate) says its AADSTS code first.
      const code = /^AADSTS(\d+):/.exec(error.error_description ?? '')?.[1];
      if (code === '50076') return 'mfaRequired';
      if (code === '70043') return 'signInFrequencyExpired';
      if (code && code.startsWith('53')) return 'blockedByConditionalAccess';
      if (code === '50105') return 'userNotAssigned';
      if (code === '501051') return 'applicationNotAssigned';
      if (code === '7000218') return 'clientCredentialsMissing';
      if (code === '700025') return 'publicClientWithCredential';
      const refusal = accountRefusalOf(ctx);
      if (refusal === 'userDisabled') return 'userDisabled';
      if (refusal === 'userNotFound') return 'userNotFound';
      if (refusal === 'sessionRevoked' || refusal === 'temporaryAccessPassEnded') return 'expiredOrRevokedGrant';
      if (/already (consumed|used)/.test(detail)) {
        return detail.startsWith('authorization code') ? 'codeAlreadyRedeemed' : 'expiredOrRevokedGrant';
      }
      if (/expired|not found/.test(detail)) return 'expiredOrRevokedGrant';
      return 'invalidGrant';
    }
    case 'invalid_target':
      return 'resourceNotFound';
    case 'expired_token':
      return 'expiredOrRevokedGrant';
    case 'access_denied':
      return 'consentRequired';
    default:
      return 'invalidRequest';
  }
}

function credentialType(method: string | undefined): string | null {
  switch (method) {
    case 'client_secret_basic':
    case 'client_secret_post': return 'clientSecret';
    case 'private_key_jwt': return 'clientAssertion';
    case 'none': return 'none';
    default: return null;
  }
}

/** The client_id a request named, even when no such client exists (for 700016 events). */
function presentedClientId(ctx: KoaContextWithOIDC): string | null {
  const fromParams = ctx.oidc.params?.client_id;
  if (typeof fromParams === 'string') return fromParams;
  const basic = /^basic (.+)$/i.exec(ctx.get('authorization'))?.[1];
  if (!basic) return null;
  const user = Buffer.from(basic, 'base64').toString('utf8').split(':')[0];
  try {
    return user ? decodeURIComponent(user) : null;
  } catch {
    return null;
  }
}
