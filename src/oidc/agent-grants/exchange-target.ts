import { oidcScopes, splitScope, type Resource, type Resources } from '../resources.ts';
import type { ExchangeRequest } from './exchange-request.ts';
import { refusal } from './refusal.ts';

/** What an exchanged token is for: one resource, and the scope values asked for at it. */
export interface ExchangeTarget {
  resource: Resource;
  /** Scope values without their resource prefix (`.default`, `Payroll.Read`); none means `.default`. */
  values: string[];
  /** How the response's `scope` names the resource: the prefix the client used, else its indicator. */
  prefix: string;
}

/**
 * The resource the token is for, resolved the way resource-indicators.ts resolves it for every
 * other grant: named by RFC 8707 `resource` (or RFC 8693 `audience`, which Limen reads as the
 * same names: identifier URI, appId or api://appId), else by the requested scopes
 * (`api://payroll/.default`), Entra's way. With a resource named, a bare scope value is a
 * value at that resource; a scope prefixed with another resource is refused, as Entra refuses
 * scopes for two resources in one request (AADSTS28000).
 */
export async function resolveExchangeTarget(resources: Resources, request: ExchangeRequest): Promise<ExchangeTarget> {
  const oidc = request.scopes.find((s) => oidcScopes.has(s));
  if (oidc) {
    throw refusal('invalid_scope', `The token exchange issues access tokens only; '${oidc}' asks for an ID token, user info or a refresh token.`, 'invalidRequest');
  }
  const named = await namedResource(resources, request);
  if (!named) {
    const resource = await resources.fromScopes(request.scopes);
    if (!resource) {
      throw refusal('invalid_target', 'Name the resource the token is for: resource, audience or a scope such as api://payroll/.default.', 'resourceNotFound');
    }
    const prefix = splitScope(request.scopes[0]!)!.prefix;
    return { resource, values: request.scopes.map((s) => splitScope(s)!.value), prefix };
  }
  const values = request.scopes.map((scope) => {
    const slash = scope.lastIndexOf('/');
    if (slash <= 0) return scope;
    const prefix = scope.slice(0, slash);
    if (!named.prefixes.includes(prefix)) {
      throw refusal('invalid_target', `AADSTS28000: Provide scopes for only one resource per request: '${scope}' is not a scope of ${named.indicator}.`, 'invalidRequest');
    }
    return scope.slice(slash + 1);
  });
  const used = request.scopes.find((s) => s.lastIndexOf('/') > 0);
  return { resource: named, values, prefix: used ? used.slice(0, used.lastIndexOf('/')) : named.indicator };
}

async function namedResource(resources: Resources, request: ExchangeRequest): Promise<Resource | undefined> {
  const names = [request.resource, request.audience].filter((n): n is string => n !== undefined);
  let found: Resource | undefined;
  for (const name of names) {
    const resource = await resources.find(name);
    if (!resource) {
      throw refusal('invalid_target', `AADSTS500011: The resource principal named ${name} was not found in the tenant.`, 'resourceNotFound');
    }
    if (found && found.app.id !== resource.app.id) {
      throw refusal('invalid_target', 'resource and audience name two different resources; Limen issues a token for one.', 'invalidRequest');
    }
    found = resource;
  }
  return found;
}
