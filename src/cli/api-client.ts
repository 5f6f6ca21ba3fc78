import type { Connection } from './session.ts';
import { CliError, exitCodes } from './output.ts';

/** Calls the management API and turns Graph error bodies into CLI errors with fitting exit codes. */
export async function callApi<T = unknown>(
  conn: Connection,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${conn.server}/v1.0${path}`, {
    method,
    headers: {
      authorization: `Bearer ${conn.accessToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((e: Error) => {
    throw new CliError(`Cannot reach Limen at ${conn.server}: ${e.message}`);
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: Array<{ target?: string; message: string }> } } | undefined)?.error;
    const code = res.status === 404 ? exitCodes.notFound
      : res.status === 401 || res.status === 403 ? exitCodes.denied
      : res.status < 500 ? exitCodes.usage : exitCodes.failure;
    // Every field the API named, one a line (an import can have dozens).
    const details = (err?.details ?? []).map((d) => `\n  ${d.target ? `${d.target}: ` : ''}${d.message}`).join('');
    throw new CliError(`${err?.code ?? res.status}: ${err?.message ?? res.statusText}${details}`, code);
  }
  return json as T;
}

/** Follows `@odata.nextLink` until `limit` items are read. */
export async function listAll(conn: Connection, path: string, limit: number): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let next: string | undefined = path;
  while (next && items.length < limit) {
    const page: { value: Array<Record<string, unknown>>; '@odata.nextLink'?: string } = await callApi(conn, 'GET', next);
    items.push(...page.value);
    const link = page['@odata.nextLink'];
    next = link ? link.slice(link.indexOf('/v1.0') + '/v1.0'.length) : undefined;
  }
  return items.slice(0, limit);
}
