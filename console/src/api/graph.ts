/**
 * The one client of the management API (/v1.0): every page calls it, never fetch directly. It
 * adds the bearer token (refreshed when due), a `client-request-id`, and turns Graph's error
 * body into a GraphError that carries the API's message and the request id for the error bar.
 * The token goes only to Limen's own origin, whatever URL (an `@odata.nextLink`) it is given.
 */
import { SignInRequiredError, type AuthClient } from '../auth/auth-client.ts';

/** Graph's collection response. */
export interface Collection<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

/** One entry of Graph's `error.details`. */
export interface GraphErrorDetail { code?: string; message: string; target?: string }

/** A failed call, as Graph describes it. */
export class GraphError extends Error {
  override name = 'GraphError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** The server's `request-id`: what to quote when reporting a problem. */
    readonly requestId: string | undefined,
    readonly clientRequestId: string,
    readonly date: string | undefined,
    /** Graph's `error.details`: which part of the request is wrong (`target`: a JSON path). */
    readonly details: readonly GraphErrorDetail[] = [],
  ) {
    super(message);
  }
}

export interface GraphRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export interface GraphClient {
  /** Calls `/v1.0{path}` (or an absolute URL on Limen's origin, such as a nextLink). */
  <T>(pathOrUrl: string, request?: GraphRequest): Promise<T>;
  /** The same, with the response's headers (Warning 299 from the lockout guard, Location, …). */
  withHeaders<T>(pathOrUrl: string, request?: GraphRequest): Promise<{ body: T; headers: Headers }>;
}

export function createGraphClient(publicUrl: string, auth: AuthClient, onSignInRequired: () => void): GraphClient {
  const origin = new URL(publicUrl).origin;

  async function send(pathOrUrl: string, request: GraphRequest, retried: boolean): Promise<Response> {
    const url = /^https?:/i.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(`/v1.0${pathOrUrl}`, origin);
    if (url.origin !== origin) throw new Error(`Refusing to send the admin's token to ${url.origin}.`);
    let token: string;
    try {
      token = await auth.accessToken({ forceRefresh: retried });
    } catch (error) {
      if (error instanceof SignInRequiredError) onSignInRequired();
      throw error;
    }
    const clientRequestId = crypto.randomUUID();
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'client-request-id': clientRequestId,
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
    // An expired or revoked token: refresh once; if the refresh fails the admin signs in again.
    if (response.status === 401 && !retried) return send(pathOrUrl, request, true);
    if (response.status === 401) onSignInRequired();
    if (!response.ok) throw await toGraphError(response, clientRequestId);
    return response;
  }

  async function call<T>(pathOrUrl: string, request: GraphRequest = {}) {
    const response = await send(pathOrUrl, request, false);
    const text = await response.text();
    return { body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  const client = (async <T,>(pathOrUrl: string, request?: GraphRequest) => (await call<T>(pathOrUrl, request)).body) as GraphClient;
  client.withHeaders = call;
  return client;
}

async function toGraphError(response: Response, clientRequestId: string): Promise<GraphError> {
  let body: { error?: { code?: string; message?: string; details?: GraphErrorDetail[]; innerError?: Record<string, string> } } | undefined;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const inner = body?.error?.innerError ?? {};
  return new GraphError(
    body?.error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
    response.status,
    body?.error?.code ?? `HTTP ${response.status}`,
    response.headers.get('request-id') ?? inner['request-id'],
    response.headers.get('client-request-id') ?? inner['client-request-id'] ?? clientRequestId,
    inner.date,
    Array.isArray(body?.error?.details) ? body.error.details : [],
  );
}

/** The texts of HTTP `Warning: 299 - "…"` headers (the lockout guard's warnings), unescaped. */
export function warningsOf(headers: Headers): string[] {
  const raw = headers.get('warning');
  if (!raw) return [];
  return [...raw.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\(.)/g, '$1'));
}

/** OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
