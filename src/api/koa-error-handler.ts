import type { Middleware } from 'koa';
import { z } from 'zod';
import { ODataError } from '../odata/index.ts';
import { ApiError, type GraphErrorCode } from './api-error.ts';
import type { ApiState } from './api-state.ts';
import { validationError } from './validation-error.ts';

export type ErrorLogger = (error: unknown, requestId: string) => void;

const logToStderr: ErrorLogger = (error, requestId) => {
  console.error(`[limen api] request ${requestId} failed:`, error);
};

/** Headers an error response keeps; anything a failed handler set is dropped. */
const keptHeaders = new Set(['request-id', 'client-request-id']);

/**
 * Turns whatever a request throws into Graph's error body. Errors meant for the caller
 * (ApiError, ODataError, zod validation, a rejected request body) are sent as they are;
 * anything else is a bug: it is logged with the request id and answered with a bare 500, so no
 * internals (messages, stacks, SQL) ever reach the caller.
 */
export function koaErrorHandler(logError: ErrorLogger = logToStderr): Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const known = toApiError(error);
      if (!known) logError(error, ctx.state.requestId);
      if (ctx.headerSent) return;
      const apiError =
        known ?? new ApiError('generalException', 'General exception while processing.');
      for (const name of ctx.res.getHeaderNames()) {
        if (!keptHeaders.has(name)) ctx.remove(name);
      }
      ctx.set({ ...apiError.headers });
      // A body left unread (a 413, a 401 before reading…) would otherwise be drained, however
      // large, or wedge the kept-alive connection; closing it is cheaper and always safe.
      if (!ctx.req.complete) ctx.set('Connection', 'close');
      ctx.status = apiError.status;
      ctx.body = apiError.toBody(ctx.state.requestId, new Date(), ctx.state.clientRequestId);
    }
  };
}

/** The ApiError an error stands for, or undefined when it is unexpected. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof ODataError) return new ApiError(error.code, error.message);
  if (error instanceof z.ZodError) return validationError(error.issues, 'body', undefined);
  return fromHttpError(error);
}

/**
 * Errors of the `http-errors` kind (Koa's ctx.throw, the router, raw-body) carry a status and
 * `expose` for client errors. Their wording is not Graph's, so only the status is kept.
 */
function fromHttpError(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) {
    return undefined;
  }
  const [code, message] = httpErrorMeaning[status] ?? ['BadRequest', 'The request is not valid.'];
  return new ApiError(code, message, { status });
}

const httpErrorMeaning: Readonly<Record<number, readonly [GraphErrorCode, string]>> = {
  404: ['ResourceNotFound', 'Resource not found.'],
  405: ['MethodNotAllowed', 'Specified HTTP method is not allowed for the request target.'],
  413: ['RequestBodyTooLarge', 'The request body is too large.'],
  415: ['UnsupportedMediaType', 'The media type of the request body is not supported.'],
};
