import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import type { FieldMap } from '../odata/index.ts';
import type { ApiRouter } from './api-state.ts';
import type { AccessTokenClaims } from './authorization.ts';
import { requires } from './authorization.ts';
import { createApi } from './create-api.ts';
import { defineRoute } from './define-route.ts';
import { DirectoryRole, Permission } from './permissions.ts';

const widgetFields: FieldMap = {
  id: { column: 'id', type: 'guid' },
  displayName: { column: 'display_name', type: 'string' },
};

const widget = z.object({ id: z.string(), displayName: z.string(), accountEnabled: z.boolean() });

/** A route set for the test only, shaped like the directory's will be. */
function widgetRoutes(router: ApiRouter): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/widgets',
      summary: 'List widgets',
      tags: ['widgets'],
      auth: requires(Permission.UserReadAll),
      listQuery: { fields: widgetFields, entityType: 'microsoft.graph.widget' },
      response: z.object({ value: z.array(widget) }),
      status: [200],
    },
    async ({ listQuery }) => ({
      value: [{ id: '1', displayName: `top ${listQuery.top}`, accountEnabled: true }],
    }),
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/widgets/:id',
      summary: 'Get a widget',
      auth: requires(Permission.UserReadAll),
      params: z.object({ id: z.string().min(1) }),
      response: widget,
      status: [200, 404],
    },
    async ({ params }) => ({
      id: params.id,
      displayName: 'w',
      accountEnabled: true,
      passwordHash: 'leak',
    }),
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: '/widgets',
      summary: 'Create a widget',
      auth: requires(Permission.UserReadWriteAll),
      body: z.strictObject({
        displayName: z.string().min(1),
        accountEnabled: z.boolean(),
        tags: z.array(z.string()).optional(),
      }),
      response: widget,
      status: [201, 400],
    },
    async ({ body, ctx }) => {
      ctx.set('Location', '/v1.0/widgets/2');
      return { id: '2', displayName: body.displayName, accountEnabled: body.accountEnabled };
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: '/widgets/:id',
      summary: 'Delete a widget',
      auth: requires(Permission.UserReadWriteAll),
      status: [204, 404],
    },
    async () => undefined,
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/boom',
      summary: 'Fails',
      auth: requires(Permission.UserReadAll),
      status: [200],
    },
    async () => {
      throw new Error('connection to postgres://admin:hunter2@db failed');
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/me',
      summary: 'The signed-in user',
      auth: { delegatedScopes: [Permission.UserRead], selfService: true },
      status: [200],
    },
    async ({ caller }) => ({ id: caller.id }),
  );
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const claims = (extra: Partial<AccessTokenClaims>): AccessTokenClaims => ({
  oid: 'oid-1',
  tid: 'tenant-1',
  sub: 'sub-1',
  azp: 'app-1',
  ...extra,
});

/** Fixed test tokens; verifyAccessToken is an injected dependency of createApi. */
const tokens: Record<string, AccessTokenClaims> = {
  'app-read': claims({ idtyp: 'app', roles: [Permission.UserReadAll] }),
  'app-write': claims({ idtyp: 'app', roles: [Permission.UserReadWriteAll] }),
  'app-directory-read': claims({ idtyp: 'app', roles: [Permission.DirectoryReadAll] }),
  'app-global-admin-role': claims({ idtyp: 'app', wids: [DirectoryRole.GlobalAdministrator] }),
  'app-nothing': claims({ idtyp: 'app' }),
  'user-global-admin': claims({
    idtyp: 'user',
    scp: 'User.ReadWrite.All',
    wids: [DirectoryRole.GlobalAdministrator],
  }),
  'user-security-reader': claims({
    idtyp: 'user',
    scp: 'User.Read.All User.ReadWrite.All',
    wids: [DirectoryRole.SecurityReader],
  }),
  'user-no-role': claims({ idtyp: 'user', scp: 'User.ReadWrite.All' }),
  'user-basic': claims({ idtyp: 'user', scp: 'openid User.Read' }),
  'user-admin-without-scope': claims({
    idtyp: 'user',
    scp: 'openid',
    wids: [DirectoryRole.GlobalAdministrator],
  }),
};

async function verifyAccessToken(token: string): Promise<AccessTokenClaims> {
  if (token === 'expired') {
    // The shape of oidc's AccessTokenError for an expired token.
    throw Object.assign(new Error('the access token has expired'), { code: 'expired' });
  }
  if (token === 'no-oid') return { tid: 't', sub: 's' } as unknown as AccessTokenClaims;
  const found = tokens[token];
  if (!found) throw new Error('signature verification failed');
  return found;
}

describe('createApi over HTTP', () => {
  let server: Server;
  let base: string;
  const logged: Array<{ error: unknown; requestId: string }> = [];

  before(async () => {
    const app = createApi({
      verifyAccessToken,
      publicUrl: 'https://limen.test',
      routes: [widgetRoutes],
      deps: {},
      logError: (error, requestId) => logged.push({ error, requestId }),
    });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function call(
    method: string,
    path: string,
    options: {
      token?: string;
      body?: string | Uint8Array;
      type?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.type) headers['content-type'] = options.type;
    const response = await fetch(`${base}${path}`, { method, headers, body: options.body });
    const text = await response.text();
    return {
      response,
      status: response.status,
      json: text ? (JSON.parse(text) as Record<string, any>) : undefined,
    };
  }

  /** Asserts Graph's error body and the request-id header, and returns the error object. */
  function graphError(result: Awaited<ReturnType<typeof call>>, status: number, code: string) {
    assert.equal(result.status, status, JSON.stringify(result.json));
    const requestId = result.response.headers.get('request-id');
    assert.match(requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(result.response.headers.get('date'));
    assert.equal(result.json?.error?.code, code);
    assert.equal(result.json?.error?.innerError?.['request-id'], requestId);
    assert.match(result.json?.error?.innerError?.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    return result.json!.error as {
      code: string;
      message: string;
      details?: Array<{ target?: string }>;
    };
  }

  const postWidget = (body: string | Uint8Array, type = 'application/json') =>
    call('POST', '/v1.0/widgets', { token: 'app-write', body, type });

  it('a valid request succeeds with request-id, client-request-id echo and Date', async () => {
    const result = await call('GET', '/v1.0/widgets?$top=5', {
      token: 'app-read',
      headers: { 'client-request-id': 'abc-123' },
    });
    assert.equal(result.status, 200);
    assert.equal(result.json?.value[0].displayName, 'top 5');
    assert.match(result.response.headers.get('request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(result.response.headers.get('client-request-id'), 'abc-123');
    assert.ok(result.response.headers.get('date'));
  });

  it('a POST answers with its declared status and body', async () => {
    const result = await postWidget(JSON.stringify({ displayName: 'W', accountEnabled: true }));
    assert.equal(result.status, 201);
    assert.deepEqual(result.json, { id: '2', displayName: 'W', accountEnabled: true });
    assert.equal(result.response.headers.get('location'), '/v1.0/widgets/2');
  });

  it('a response is parsed through its schema, so undeclared properties never leak', async () => {
    const result = await call('GET', '/v1.0/widgets/7', { token: 'app-read' });
    assert.deepEqual(result.json, { id: '7', displayName: 'w', accountEnabled: true });
  });

  it('a DELETE answers 204 without a body', async () => {
    const result = await call('DELETE', '/v1.0/widgets/7', { token: 'app-write' });
    assert.equal(result.status, 204);
    assert.equal(result.json, undefined);
  });

  it("malformed JSON is a 400 in Graph's words", async () => {
    const error = graphError(await postWidget('{"displayName": '), 400, 'BadRequest');
    assert.match(error.message, /^Unable to read JSON request payload/);
  });

  it('a JSON body that is not an object is a 400', async () => {
    graphError(await postWidget('"just a string"'), 400, 'BadRequest');
    const error = graphError(await postWidget('[1, 2]'), 400, 'Request_BadRequest');
    assert.equal(error.message, 'The request body must be a JSON object.');
  });

  it('an unknown field is a 400 naming the field', async () => {
    const error = graphError(
      await postWidget(JSON.stringify({ displayName: 'W', accountEnabled: true, colour: 'red' })),
      400,
      'Request_BadRequest',
    );
    assert.equal(
      error.message,
      "Property 'colour' does not exist as a declared property or extension property.",
    );
  });

  it('a wrong type is a 400 naming the property and the expected type', async () => {
    const error = graphError(
      await postWidget(JSON.stringify({ displayName: 'W', accountEnabled: 'yes' })),
      400,
      'Request_BadRequest',
    );
    assert.equal(error.message, "Invalid value for property 'accountEnabled': expected boolean");
    assert.equal(error.details?.[0]?.target, 'accountEnabled');
  });

  it('a missing property and a bad array element are named by path', async () => {
    const missing = graphError(
      await postWidget(JSON.stringify({ accountEnabled: true })),
      400,
      'Request_BadRequest',
    );
    assert.equal(missing.message, "A value is required for property 'displayName'.");
    const element = graphError(
      await postWidget(JSON.stringify({ displayName: 'W', accountEnabled: true, tags: ['a', 1] })),
      400,
      'Request_BadRequest',
    );
    assert.equal(element.message, "Invalid value for property 'tags[1]': expected string");
  });

  it('a missing body is a 400', async () => {
    const error = graphError(
      await call('POST', '/v1.0/widgets', { token: 'app-write' }),
      400,
      'Request_BadRequest',
    );
    assert.equal(error.message, 'The request body must be a JSON object.');
  });

  it('a 2 MiB body is a 413', async () => {
    const big = JSON.stringify({ displayName: 'x'.repeat(2 * 1024 * 1024), accountEnabled: true });
    graphError(await postWidget(big), 413, 'RequestBodyTooLarge');
  });

  it('a 2 MiB chunked body is a 413 too', async () => {
    const chunk = new TextEncoder().encode(`{"displayName":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${base}/v1.0/widgets`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { authorization: 'Bearer app-write', 'content-type': 'application/json' },
    } as RequestInit);
    assert.equal(response.status, 413);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'RequestBodyTooLarge',
    );
  });

  it('a deeply nested JSON body is an ordinary 400, not a crash', async () => {
    graphError(
      await postWidget(`${'['.repeat(500_000)}${']'.repeat(500_000)}`),
      400,
      'Request_BadRequest',
    );
  });

  it('a body that is not JSON is a 415', async () => {
    const error = graphError(
      await postWidget('displayName=W', 'application/x-www-form-urlencoded'),
      415,
      'UnsupportedMediaType',
    );
    assert.match(error.message, /application\/x-www-form-urlencoded/);
    graphError(await postWidget('{}', 'text/plain'), 415, 'UnsupportedMediaType');
  });

  it('an unsupported content encoding is a 415', async () => {
    const result = await call('POST', '/v1.0/widgets', {
      token: 'app-write',
      body: '{}',
      type: 'application/json',
      headers: { 'content-encoding': 'br2' },
    });
    graphError(result, 415, 'UnsupportedMediaType');
  });

  it('a body that does not decompress is a 400, a decompression bomb a 413', async () => {
    const bad = await call('POST', '/v1.0/widgets', {
      token: 'app-write',
      body: '{}',
      type: 'application/json',
      headers: { 'content-encoding': 'gzip' },
    });
    graphError(bad, 400, 'BadRequest');
    const bomb = gzipSync(
      JSON.stringify({ displayName: 'x'.repeat(5_000_000), accountEnabled: true }),
    );
    const result = await call('POST', '/v1.0/widgets', {
      token: 'app-write',
      body: bomb,
      type: 'application/json',
      headers: { 'content-encoding': 'gzip' },
    });
    graphError(result, 413, 'RequestBodyTooLarge');
  });

  it('prototype pollution in a body is refused', async () => {
    graphError(await postWidget('{"__proto__": {"admin": true}}'), 400, 'BadRequest');
  });

  it('random requests never get a 500', async () => {
    const random = randomFrom(99);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const paths = [
      '/v1.0/widgets',
      '/v1.0/widgets/1',
      '/v1.0/me',
      '/v1.0/boom2',
      '/healthz',
      '/v1.0',
      '/',
      '/openapi.json',
    ];
    const queries = [
      '',
      '?$filter=%27',
      '?$top=-1',
      '?$orderby=displayName%20desc',
      '?$skiptoken=abc',
      '?$count=1',
      '?a=%FF',
    ];
    const types = [
      undefined,
      'application/json',
      'text/plain',
      'application/json; charset=utf-8',
      'multipart/form-data',
    ];
    const bodies = [
      undefined,
      '',
      '{}',
      '{"displayName":"W","accountEnabled":true}',
      '{"displayName":1}',
      '[',
      'null',
      '{"a":{"b":[]}}',
    ];
    const failuresBefore = logged.length;
    for (let i = 0; i < 150; i += 1) {
      const method = pick(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD']);
      const body = method === 'GET' || method === 'HEAD' ? undefined : pick(bodies);
      const result = await call(method, pick(paths) + pick(queries), {
        token: pick(['user-global-admin', 'app-read', 'forged', undefined]),
        body,
        type: pick(types),
      });
      assert.ok(
        result.status < 500,
        `${method} gave ${result.status}: ${JSON.stringify(result.json)}`,
      );
    }
    assert.equal(logged.length, failuresBefore);
  });

  it('an unknown route is a 404 naming the unknown segment', async () => {
    const error = graphError(
      await call('GET', '/v1.0/gadgets', { token: 'app-read' }),
      404,
      'ResourceNotFound',
    );
    assert.equal(error.message, "Resource not found for the segment 'gadgets'.");
    const deeper = graphError(
      await call('GET', '/v1.0/widgets/7/parts', { token: 'app-read' }),
      404,
      'ResourceNotFound',
    );
    assert.equal(deeper.message, "Resource not found for the segment 'parts'.");
  });

  it('a wrong method is a 405 with Allow', async () => {
    const result = await call('PUT', '/v1.0/widgets/7', {
      token: 'app-write',
      body: '{}',
      type: 'application/json',
    });
    graphError(result, 405, 'MethodNotAllowed');
    assert.match(result.response.headers.get('allow') ?? '', /GET/);
    assert.match(result.response.headers.get('allow') ?? '', /DELETE/);
  });

  it('a missing bearer token is a 401 with a bare Bearer challenge', async () => {
    const result = await call('GET', '/v1.0/widgets');
    assert.equal(
      graphError(result, 401, 'InvalidAuthenticationToken').message,
      'Access token is empty.',
    );
    assert.equal(result.response.headers.get('www-authenticate'), 'Bearer');
    const basic = await call('GET', '/v1.0/widgets', { headers: { authorization: 'Basic YTpi' } });
    graphError(basic, 401, 'InvalidAuthenticationToken');
  });

  it('an invalid or expired token is a 401 with error="invalid_token"', async () => {
    const invalid = await call('GET', '/v1.0/widgets', { token: 'forged' });
    graphError(invalid, 401, 'InvalidAuthenticationToken');
    assert.match(
      invalid.response.headers.get('www-authenticate') ?? '',
      /^Bearer error="invalid_token"/,
    );
    const expired = await call('GET', '/v1.0/widgets', { token: 'expired' });
    assert.match(
      graphError(expired, 401, 'InvalidAuthenticationToken').message,
      /token is expired/,
    );
    graphError(
      await call('GET', '/v1.0/widgets', { token: 'no-oid' }),
      401,
      'InvalidAuthenticationToken',
    );
  });

  it('unknown /v1.0 paths also need a token, so they reveal nothing', async () => {
    graphError(await call('GET', '/v1.0/gadgets'), 401, 'InvalidAuthenticationToken');
  });

  it('an exception in a handler is a 500 that leaks nothing and is logged', async () => {
    const result = await call('GET', '/v1.0/boom', { token: 'app-read' });
    const error = graphError(result, 500, 'generalException');
    assert.equal(error.message, 'General exception while processing.');
    assert.doesNotMatch(JSON.stringify(result.json), /hunter2|postgres/);
    const entry = logged.find((e) => e.requestId === result.response.headers.get('request-id'));
    assert.match(String(entry?.error), /hunter2/);
  });

  it('OData errors are a 400 naming the problem', async () => {
    const result = await call(
      'GET',
      `/v1.0/widgets?$filter=${encodeURIComponent("displayName eqq 'x'")}`,
      { token: 'app-read' },
    );
    assert.match(
      graphError(result, 400, 'BadRequest').message,
      /unexpected token 'eqq' at position 12/,
    );
    const top = await call('GET', '/v1.0/widgets?$top=1000', { token: 'app-read' });
    assert.match(graphError(top, 400, 'BadRequest').message, /Invalid page size/);
    const search = await call('GET', '/v1.0/widgets?$search=x', { token: 'app-read' });
    graphError(search, 400, 'Request_UnsupportedQuery');
  });

  it('odd URLs never produce a 500', async () => {
    for (const path of [
      '/v1.0/widgets/%E0%A4%A',
      '/v1.0/widgets/%00',
      '/v1.0//widgets',
      '/v1.0/widgets?$filter=%FF',
      '/%',
      '/v1.0/widgets?$top=1&$top=2',
    ]) {
      const result = await call('GET', path, { token: 'app-read' });
      assert.ok(result.status < 500, `${path} gave ${result.status}`);
      assert.ok(result.response.headers.get('request-id'));
    }
  });

  it('/healthz needs no token, and /openapi.json describes the routes', async () => {
    assert.deepEqual((await call('GET', '/healthz')).json, { status: 'ok' });
    const doc = (await call('GET', '/openapi.json')).json!;
    assert.equal(doc.openapi, '3.1.0');
    const post = doc.paths['/v1.0/widgets'].post;
    assert.equal(post.requestBody.content['application/json'].schema.additionalProperties, false);
    assert.deepEqual(post.security[1].oauth2, ['User.ReadWrite.All']);
    assert.ok(post['x-limen-permissions'].application.includes('Directory.ReadWrite.All'));
    assert.ok(
      doc.paths['/v1.0/widgets/{id}'].get.parameters.some((p: { name: string }) => p.name === 'id'),
    );
    assert.ok(
      doc.paths['/v1.0/widgets'].get.parameters.some((p: { name: string }) => p.name === '$filter'),
    );
    assert.equal(
      doc.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl,
      'https://limen.test/token',
    );
  });

  describe('authorization', () => {
    const status = async (method: string, path: string, token: string) => {
      const body =
        method === 'POST' ? JSON.stringify({ displayName: 'W', accountEnabled: true }) : undefined;
      return (
        await call(method, path, { token, body, type: body ? 'application/json' : undefined })
      ).status;
    };

    it('an app with User.Read.All can GET but not POST', async () => {
      assert.equal(await status('GET', '/v1.0/widgets', 'app-read'), 200);
      const denied = await call('POST', '/v1.0/widgets', {
        token: 'app-read',
        body: '{}',
        type: 'application/json',
      });
      assert.equal(
        graphError(denied, 403, 'Authorization_RequestDenied').message,
        'Insufficient privileges to complete the operation.',
      );
    });

    it("a permission that implies the route's is enough", async () => {
      assert.equal(await status('GET', '/v1.0/widgets', 'app-write'), 200);
      assert.equal(await status('GET', '/v1.0/widgets', 'app-directory-read'), 200);
      assert.equal(await status('POST', '/v1.0/widgets', 'app-directory-read'), 403);
    });

    it('an app without permissions is denied, one holding a directory role is not', async () => {
      assert.equal(await status('GET', '/v1.0/widgets', 'app-nothing'), 403);
      assert.equal(await status('POST', '/v1.0/widgets', 'app-global-admin-role'), 201);
    });

    it('a Global Administrator user with the scope can do everything', async () => {
      assert.equal(await status('GET', '/v1.0/widgets', 'user-global-admin'), 200);
      assert.equal(await status('POST', '/v1.0/widgets', 'user-global-admin'), 201);
      assert.equal(await status('DELETE', '/v1.0/widgets/1', 'user-global-admin'), 204);
    });

    it('a Security Reader can read users but cannot write them', async () => {
      assert.equal(await status('GET', '/v1.0/widgets', 'user-security-reader'), 200);
      assert.equal(await status('POST', '/v1.0/widgets', 'user-security-reader'), 403);
    });

    it('a delegated user without a role is denied even with the scope', async () => {
      assert.equal(await status('GET', '/v1.0/widgets', 'user-no-role'), 403);
      assert.equal(await status('POST', '/v1.0/widgets', 'user-no-role'), 403);
    });

    it('a role is not enough for a delegated call without the scope', async () => {
      assert.equal(await status('GET', '/v1.0/widgets', 'user-admin-without-scope'), 403);
    });

    it('a self-service route needs the scope but no role', async () => {
      assert.equal(await status('GET', '/v1.0/me', 'user-basic'), 200);
      assert.equal(await status('GET', '/v1.0/widgets', 'user-basic'), 403);
      assert.equal(await status('GET', '/v1.0/me', 'user-no-role'), 200);
      assert.equal(await status('GET', '/v1.0/me', 'user-admin-without-scope'), 403);
      assert.equal(await status('GET', '/v1.0/me', 'app-read'), 403);
    });
  });
});
