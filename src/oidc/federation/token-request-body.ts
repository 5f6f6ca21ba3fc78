/**
 * Reading a token request's form body ahead of oidc-provider, and handing it a body to read.
 *
 * oidc-provider parses the body itself from the request stream (shared/selective_body.js); a body
 * some middleware already consumed would make it fall back to `ctx.request.body`, with a warning
 * that upstream body parsers are "not recommended". So the stream is read here and replaced with a
 * fresh IncomingMessage on the same socket carrying the same headers and the (possibly rewritten)
 * bytes: to oidc-provider it is the request as the client sent it.
 */
import { IncomingMessage } from 'node:http';
import * as querystring from 'node:querystring';
import type { Context } from 'koa';

/** oidc-provider's own limit on a form body (shared/selective_body.js); a bigger one is its to refuse. */
export const maxFormBytes = 56 * 1024;

/**
 * Reads the body, at most one byte past `maxFormBytes` (enough for oidc-provider to see it is too
 * big: the bytes are handed on as they came). Undefined when the declared length alone is too big:
 * then nothing is read and oidc-provider refuses the request as it would.
 */
export async function readForm(ctx: Context): Promise<Buffer | undefined> {
  const declared = ctx.request.length;
  if (declared !== undefined && declared > maxFormBytes) return undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of ctx.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    received += chunk.length;
    if (received > maxFormBytes) break;
  }
  return Buffer.concat(chunks, received);
}

/** The form as oidc-provider will parse it: `querystring.parse` of the body in its charset. */
export function parseForm(ctx: Context, body: Buffer): querystring.ParsedUrlQuery {
  const charset = ctx.request.charset || 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(charset).decode(body);
  } catch {
    text = body.toString('utf8');
  }
  return querystring.parse(text);
}

/** A form body written from parameters: UTF-8, percent-encoded, as oidc-provider reads it. */
export function formBody(params: querystring.ParsedUrlQuery): Buffer {
  return Buffer.from(querystring.stringify(params), 'utf8');
}

/**
 * Makes `body` the request body oidc-provider will read: a new IncomingMessage on the same socket
 * (so the address, TLS state and everything Koa reads from it stay the same) with the original
 * method, URL and headers, `content-length` set to the new length.
 */
export function replaceBody(ctx: Context, body: Buffer, rewritten: boolean): void {
  const original = ctx.req;
  const replay = new IncomingMessage(original.socket);
  const headers = { ...original.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  // A rewritten body is UTF-8 (formBody); the original charset no longer describes it.
  if (rewritten) headers['content-type'] = 'application/x-www-form-urlencoded';
  Object.assign(replay, {
    method: original.method,
    url: original.url,
    httpVersion: original.httpVersion,
    httpVersionMajor: original.httpVersionMajor,
    httpVersionMinor: original.httpVersionMinor,
    headers,
    rawHeaders: original.rawHeaders,
    complete: true,
  });
  replay.push(body);
  replay.push(null);
  ctx.req = replay;
  ctx.request.req = replay;
  ctx.response.req = replay;
}
