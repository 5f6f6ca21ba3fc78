/**
 * Graph error codes Limen answers with, and the HTTP status each carries unless a caller says
 * otherwise. Codes and statuses are Graph's own (https://learn.microsoft.com/graph/errors and
 * the directory's `Request_*` / `Authorization_*` codes).
 */
export const graphErrorStatus = {
  BadRequest: 400,
  Request_BadRequest: 400,
  Request_UnsupportedQuery: 400,
  /** Graph answers a duplicate key (userPrincipalName, appId…) with 400, not 409. */
  Request_MultipleObjectsWithSameKeyValue: 400,
  InvalidAuthenticationToken: 401,
  Authorization_RequestDenied: 403,
  Request_ResourceNotFound: 404,
  ResourceNotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  PreconditionFailed: 412,
  RequestBodyTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  generalException: 500,
  serviceNotAvailable: 503,
} as const;

export type GraphErrorCode = keyof typeof graphErrorStatus;

/** One entry of Graph's `error.details`: which part of the request is wrong. */
export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export interface ApiErrorOptions {
  /** Defaults to the code's usual status. */
  status?: number;
  details?: ErrorDetail[];
  /** Response headers the error needs, such as `WWW-Authenticate` or `Allow`. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * The one error the REST API throws. Its message is written for the caller and is always sent;
 * anything else thrown becomes a 500 whose message is never sent (see koa-error-handler.ts).
 */
export class ApiError extends Error {
  readonly code: GraphErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: GraphErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = options.status ?? graphErrorStatus[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  /**
   * Graph's error body:
   * `{ error: { code, message, details?, innerError: { date, request-id, client-request-id } } }`.
   */
  toBody(requestId: string, date: Date, clientRequestId?: string): GraphErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
        innerError: {
          // Graph writes this date without fraction or zone, e.g. "2026-01-01T09:30:00".
          date: date.toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': clientRequestId ?? requestId,
        },
      },
    };
  }
}

export interface GraphErrorBody {
  error: {
    code: GraphErrorCode;
    message: string;
    details?: ErrorDetail[];
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

/** Throws an ApiError unless `condition` holds; narrows like an `if` would. */
export function assertThat(
  condition: unknown,
  code: GraphErrorCode,
  message: string,
  status?: number,
): asserts condition {
  if (!condition) throw new ApiError(code, message, status === undefined ? {} : { status });
}
