import { refusal } from './refusal.ts';
import { acceptedInputTokenTypes, accessTokenType } from './token-types.ts';

/** The parameters of a token exchange request (RFC 8693 §2.1), as oidc-provider hands them over. */
export const tokenExchangeParameters = [
  'subject_token', 'subject_token_type', 'actor_token', 'actor_token_type',
  'requested_token_type', 'resource', 'audience', 'scope',
] as const;

/** A presented token and the type the client declared for it. */
export interface PresentedToken {
  token: string;
  type: string;
}

export interface ExchangeRequest {
  subject: PresentedToken;
  /** Present: delegation (on behalf of the subject); absent: the subject acts as itself. */
  actor: PresentedToken | undefined;
  /** At most one RFC 8707 `resource` (absolute URI) or RFC 8693 `audience` (logical name). */
  resource: string | undefined;
  audience: string | undefined;
  /** The `scope` parameter, split. */
  scopes: string[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** One value of a parameter RFC 8693 lets repeat; Limen issues a token for one target. */
function single(name: string, value: unknown): string | undefined {
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
  if (values.length > 1) {
    throw refusal('invalid_target', `Limen issues a token for one target per request; ${name} names ${values.length}.`, 'invalidRequest');
  }
  return values[0];
}

function presented(params: Record<string, unknown>, name: 'subject' | 'actor'): PresentedToken | undefined {
  const token = text(params[`${name}_token`]);
  const type = text(params[`${name}_token_type`]);
  if (!token) {
    // RFC 8693 §2.1: actor_token_type "MUST NOT be included" without actor_token.
    if (type) throw refusal('invalid_request', `${name}_token_type was given without ${name}_token.`, 'invalidRequest');
    if (name === 'subject') throw refusal('invalid_request', 'subject_token is required (RFC 8693 §2.1).', 'invalidRequest');
    return undefined;
  }
  if (!type) throw refusal('invalid_request', `${name}_token_type is required with ${name}_token (RFC 8693 §2.1).`, 'invalidRequest');
  if (!acceptedInputTokenTypes.has(type)) {
    throw refusal('invalid_request',
      `${name}_token_type '${type}' is not supported: Limen exchanges its own access tokens, declared as ${[...acceptedInputTokenTypes].join(' or ')}.`,
      'invalidRequest');
  }
  return { token, type };
}

/** Checks the request's shape before any token is looked at (RFC 8693 §2.1, §2.2.2). */
export function parseExchangeRequest(params: Record<string, unknown>): ExchangeRequest {
  const requested = text(params.requested_token_type);
  if (requested && requested !== accessTokenType) {
    throw refusal('invalid_request', `requested_token_type '${requested}' is not supported: Limen issues ${accessTokenType} only.`, 'invalidRequest');
  }
  const subject = presented(params, 'subject')!;
  const actor = presented(params, 'actor');
  return {
    subject,
    actor,
    resource: single('resource', params.resource),
    audience: single('audience', params.audience),
    scopes: String(params.scope ?? '').split(' ').filter(Boolean),
  };
}
