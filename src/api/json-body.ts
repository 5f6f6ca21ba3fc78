import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import { ApiError } from './api-error.ts';

/** 1 MiB holds any directory write with room to spare, and bounds what a caller makes us parse. */
export const defaultBodyLimitBytes = 1024 * 1024;

const parsers = new Map<number, ReturnType<typeof bodyParser>>();

/**
 * Reads a JSON request body: undefined when there is none, 415 for another media type, 413
 * beyond `limitBytes` (checked against Content-Length before reading, and while streaming for
 * chunked bodies), 400 for anything that is not JSON.
 */
export async function readJsonBody(ctx: Context, limitBytes: number): Promise<unknown> {
  const length = ctx.get('content-length');
  const chunked = ctx.get('transfer-encoding') !== '';
  if (!chunked && (length === '' || length === '0')) return undefined;
  if (!ctx.is('application/json', '+json')) {
    const type = ctx.get('content-type').slice(0, 80) || '(none)';
    throw new ApiError(
      'UnsupportedMediaType',
      `The media type '${type}' is not supported; send the request body as 'application/json'.`,
    );
  }
  try {
    await parserFor(limitBytes)(ctx, async () => {});
  } catch (error) {
    throw bodyError(error, limitBytes);
  }
  return ctx.request.body;
}

function parserFor(limitBytes: number): ReturnType<typeof bodyParser> {
  let parser = parsers.get(limitBytes);
  if (!parser) {
    parser = bodyParser({
      enableTypes: ['json'],
      // The media type was checked above, including +json types the parser does not list.
      detectJSON: () => true,
      jsonLimit: limitBytes,
      encoding: 'utf-8',
    });
    parsers.set(limitBytes, parser);
  }
  return parser;
}

/** Maps raw-body and co-body failures; anything else stays unexpected. */
function bodyError(error: unknown, limitBytes: number): unknown {
  const { status, type } = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    type?: unknown;
  };
  if (type === 'entity.too.large' || status === 413) {
    return new ApiError(
      'RequestBodyTooLarge',
      `The request body is larger than the limit of ${limitBytes} bytes.`,
    );
  }
  if (status === 415) {
    return new ApiError(
      'UnsupportedMediaType',
      'The content encoding or character set of the request body is not supported.',
    );
  }
  const zlibCode = (error as { code?: unknown } | null)?.code;
  if (typeof zlibCode === 'string' && zlibCode.startsWith('Z_')) {
    return new ApiError(
      'BadRequest',
      'The request body could not be decompressed as its Content-Encoding says.',
    );
  }
  if (error instanceof SyntaxError || status === 400) {
    // Graph's own sentence for a body it cannot parse.
    return new ApiError(
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and ' +
        'payload is of valid JSON format.',
    );
  }
  return error;
}
