import type { Context } from 'koa';
import { errors, type InteractionResults } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { isLoopbackHost } from '../../directory/index.ts';
import { registrationProperty, servicePrincipalIdProperty } from '../client-metadata.ts';
import type { SelfRegisteredNotice } from '../pages/sign-in-pages.ts';
import type { AuthenticationStrengthPolicy } from '../../authn/index.ts';
import type { Db } from '../../store/index.ts';
import { requestedStrengths } from '../requested-strength.ts';
import type { Resources } from '../resources.ts';

export interface LoadedInteraction {
  details: Awaited<ReturnType<Provider['interactionDetails']>>;
  clientId: string;
  appName: string;
  /** The client's service principal; undefined when the client vanished mid-sign-in. */
  clientSpId: string | undefined;
  /** The API the sign-in is for, for the sign-in log. */
  resource: { appId: string; displayName: string } | undefined;
  /** Authentication strengths the request asks for (`acr_values`); empty when none. */
  strengths: AuthenticationStrengthPolicy[];
  /**
   * `deviceCodeFlow` when the sign-in approves a device code (oidc-provider keeps the device
   * code's id on interactions started from its user code page), for Conditional Access's
   * authenticationFlows condition and the sign-in log.
   */
  authenticationFlow: 'deviceCodeFlow' | undefined;
  /** Set when the client registered itself: what the consent page must tell the user. */
  selfRegistered: SelfRegisteredNotice | undefined;
}

/**
 * The interaction the browser is in, found through oidc-provider's interaction cookie; the uid in
 * the path must be that interaction's, so an old tab cannot act on a newer sign-in.
 */
export async function loadInteraction(
  ctx: Context,
  { provider, resources, db }: { provider: Provider; resources: Resources; db: Db },
): Promise<LoadedInteraction> {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== ctx.params.uid) throw new errors.SessionNotFound('interaction session does not match this page');
  const clientId = String(details.params.client_id);
  const client = await provider.Client.find(clientId);
  const spId = (client as unknown as Record<string, unknown> | undefined)?.[servicePrincipalIdProperty];
  const registration = (client as unknown as Record<string, unknown> | undefined)?.[registrationProperty];
  return {
    details,
    clientId,
    appName: client?.clientName ?? clientId,
    clientSpId: typeof spId === 'string' ? spId : undefined,
    resource: await resourceOf(resources, details.params),
    strengths: await requestedStrengths(db, details.params.acr_values),
    authenticationFlow: details.deviceCode ? 'deviceCodeFlow' : undefined,
    selfRegistered: registration ? selfRegisteredNotice(registration === 'clientIdMetadataDocument' ? clientId : undefined, details.params.redirect_uri) : undefined,
  };
}

function selfRegisteredNotice(documentUrl: string | undefined, redirectUri: unknown): SelfRegisteredNotice {
  const redirect = URL.parse(String(redirectUri ?? ''));
  return {
    documentHost: documentUrl ? new URL(documentUrl).host : undefined,
    // A custom scheme (com.example.app:/callback) has no host: its scheme names the app.
    redirectHost: redirect?.host || redirect?.protocol || String(redirectUri ?? ''),
    loopback: redirect?.protocol === 'http:' && isLoopbackHost(redirect.hostname),
  };
}

export async function resourceOf(resources: Resources, params: Record<string, unknown>): Promise<LoadedInteraction['resource']> {
  try {
    const named = typeof params.resource === 'string' ? await resources.find(params.resource) : undefined;
    const found = named ?? await resources.fromScopes(String(params.scope ?? '').split(' ').filter(Boolean));
    return found && { appId: found.app.appId, displayName: found.app.displayName };
  } catch {
    return undefined; // oidc-provider already refused such a request; the log just lacks the name
  }
}

/** Ends the interaction and sends the browser back to oidc-provider (303: the next request is a GET). */
export async function finishInteraction(ctx: Context, provider: Provider, result: InteractionResults): Promise<void> {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

/** A form field as one string ('' when missing or repeated). */
export function field(ctx: Context, name: string): string {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
