/**
 * Token errors as typed values. Limen answers a refused token request as Entra does: an OAuth
 * error (RFC 6749 §5.2) whose description starts with the AADSTS code, plus the correlation id
 * that finds the sign-in log record (`correlation_id`, and the `client-request-id` header).
 */
export interface TokenErrorBody {
  error: string;
  error_description?: string;
  correlation_id?: string;
}

/** A token request Limen refused. `code` is the AADSTS number when the description has one. */
export class LimenTokenError extends Error {
  readonly error: string;
  readonly description: string | undefined;
  readonly code: number | undefined;
  readonly correlationId: string | undefined;
  readonly status: number;

  constructor(status: number, body: TokenErrorBody, correlationId?: string) {
    super(body.error_description ? `${body.error}: ${body.error_description}` : body.error);
    this.name = new.target.name;
    this.status = status;
    this.error = body.error;
    this.description = body.error_description;
    this.code = aadstsCode(body.error_description);
    this.correlationId = body.correlation_id ?? correlationId;
  }
}

/**
 * Conditional Access refused the token: `blocked` (53003) or, on behalf of a person, a control
 * the person must satisfy by signing in again (50076/50079 and the like). `policies` are the
 * policy names the description lists. Look the sign-in up by `correlationId`.
 */
export class ConditionalAccessError extends LimenTokenError {
  get blocked(): boolean {
    return this.code === 53003;
  }

  get policies(): string[] {
    // "…blocked by Conditional Access policies (A, B)." and "Conditional Access (A) requires…".
    const names = /Conditional Access(?: policies)? \(([^)]*)\)/.exec(this.description ?? '')?.[1];
    return names ? names.split(', ') : [];
  }
}

/** AADSTS codes that mean Conditional Access decided (block, MFA, strength, device, frequency). */
const conditionalAccessCodes = new Set([53000, 53001, 53002, 53003, 53004, 50076, 50079, 50158, 70043, 50097]);

export function aadstsCode(description: string | undefined): number | undefined {
  const match = /AADSTS(\d+)/.exec(description ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The typed error for a refused token response. */
export function tokenError(status: number, body: TokenErrorBody, correlationId?: string): LimenTokenError {
  const code = aadstsCode(body.error_description);
  return code !== undefined && conditionalAccessCodes.has(code)
    ? new ConditionalAccessError(status, body, correlationId)
    : new LimenTokenError(status, body, correlationId);
}
