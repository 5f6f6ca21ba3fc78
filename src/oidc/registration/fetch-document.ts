import { lookup as dnsLookup } from 'node:dns';
import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './public-address.ts';

/** Why a client document could not be used; the message is safe to show the client. */
export class DocumentError extends Error {
  override name = 'DocumentError';
}

export interface FetchOptions {
  /** The whole exchange, connection to last byte. */
  timeoutMs: number;
  /** draft-ietf-oauth-client-id-metadata-document §8.7 suggests 5 KiB for a metadata document. */
  maxBytes: number;
  /** Allow loopback and private addresses (development and tests only). */
  privateNetwork: boolean;
  /**
   * Also allow plain http, to loopback and private addresses only, and only with `privateNetwork`:
   * a development issuer on the local network (a federated credential's issuer, federation/).
   */
  httpOnPrivateNetwork?: boolean;
}

export interface FetchedJson {
  body: unknown;
  /** From Cache-Control max-age or Expires; 0 for no-store/no-cache; undefined when silent. */
  maxAgeSeconds: number | undefined;
}

/**
 * GETs a JSON document that a stranger named (a client ID URL), guarded against server-side
 * request forgery (draft-ietf-oauth-client-id-metadata-document §8.6): https only; the name
 * must resolve to public addresses only, and the connection goes to the address that was
 * checked (the check is the socket's DNS lookup itself, so a second, rebinding answer is never
 * used); no redirects followed (one could point inside the network); a size cap and a timeout,
 * so a slow or endless answer cannot tie Limen up.
 */
export async function fetchJson(url: URL, options: FetchOptions): Promise<FetchedJson> {
  const plainHttp = url.protocol === 'http:' && options.privateNetwork && options.httpOnPrivateNetwork === true;
  if (url.protocol !== 'https:' && !plainHttp) throw new DocumentError('the document URL must use https');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is connected to without a lookup: check it here.
  if (isIP(host) && !options.privateNetwork && !isPublicAddress(host)) {
    throw new DocumentError(`${host} is not a public address`);
  }
  // Plain http never leaves the local network: nothing on the way may read or change it there.
  if (plainHttp && isIP(host) && isPublicAddress(host)) {
    throw new DocumentError(`${host} is a public address: use https`);
  }
  const req = (plainHttp ? httpRequest : request)(url, {
    method: 'GET',
    headers: { accept: 'application/json', 'user-agent': 'Limen' },
    lookup: plainHttp ? privateOnlyLookup : options.privateNetwork ? undefined : publicOnlyLookup,
    signal: AbortSignal.timeout(options.timeoutMs),
    agent: false,
  });
  // once() below sees the first failure; a later one (the timeout while reading) reaches the
  // response stream, and without this listener would be an uncaught exception.
  req.on('error', () => {});
  req.end();
  let response: IncomingMessage;
  try {
    [response] = await once(req, 'response') as [IncomingMessage];
  } catch (error) {
    throw new DocumentError(`the document could not be fetched: ${reason(error)}`);
  }
  try {
    if (response.statusCode !== 200) {
      // draft §5: only a 200 counts; a 3xx is not followed.
      throw new DocumentError(`the document URL answered ${response.statusCode ?? 'nothing'}, not 200`);
    }
    const body = await readAtMost(response, options.maxBytes);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new DocumentError('the document is not JSON');
    }
    return { body: parsed, maxAgeSeconds: maxAgeOf(response) };
  } finally {
    response.destroy();
  }
}

/** The socket's DNS lookup, refusing a name that has any non-public address. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || addresses.length === 0) {
      return callback(new DocumentError(`${hostname} resolves to ${refused?.address ?? 'nothing'}, not a public address`), '', 0);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** The socket's DNS lookup for plain http: a name with any public address is refused. */
const privateOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isPublicAddress(a.address));
    if (refused || addresses.length === 0) {
      return callback(new DocumentError(`${hostname} resolves to ${refused?.address ?? 'nothing'}, a public address: use https`), '', 0);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

async function readAtMost(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (declared > maxBytes) throw new DocumentError(`the document is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > maxBytes) throw new DocumentError(`the document is larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    throw new DocumentError(`the document could not be read: ${reason(error)}`);
  }
  return Buffer.concat(chunks);
}

/** RFC 9111 §5.2.2: no-store and no-cache mean "do not reuse"; else max-age, else Expires. */
function maxAgeOf(response: IncomingMessage): number | undefined {
  const cacheControl = String(response.headers['cache-control'] ?? '').toLowerCase();
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/.test(cacheControl)) return 0;
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(cacheControl);
  if (maxAge) return Number(maxAge[1]);
  const expires = Date.parse(String(response.headers.expires ?? ''));
  return Number.isNaN(expires) ? undefined : Math.max(0, Math.floor((expires - Date.now()) / 1000));
}

function reason(error: unknown): string {
  if (error instanceof DocumentError) return error.message;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof DocumentError) return cause.message;
  if ((error instanceof Error && error.name === 'TimeoutError') || (cause instanceof Error && cause.name === 'TimeoutError')) {
    return 'it took too long';
  }
  return error instanceof Error ? error.message : String(error);
}
