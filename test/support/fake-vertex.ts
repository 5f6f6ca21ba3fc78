/**
 * A local Vertex AI endpoint for tests: node:http on 127.0.0.1 answering
 * `projects.locations.reasoningEngines.list`
 * (`GET /v1/projects/{project}/locations/{location}/reasoningEngines?pageSize=&pageToken=`) with
 * the REST JSON Google sends — `{ reasoningEngines: [{ name, displayName, description,
 * createTime, updateTime, labels, spec, etag }], nextPageToken }` — and Google's error body
 * `{ error: { code, message, status } }` for a missing or wrong bearer token or a denied permission.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReasoningEngine {
  id: string;
  displayName: string;
  description?: string;
  createTime: string;
  updateTime: string;
  serviceAccount?: string;
  classMethods?: Array<{ name: string; api_mode: string }>;
}

export interface FakeVertex {
  url: string;
  project: string;
  location: string;
  /** The one bearer token it accepts. */
  token: string;
  engines: FakeReasoningEngine[];
  /** 403 PERMISSION_DENIED from this page on (1-based). */
  denyFromPage: number | undefined;
  requests: URL[];
  close(): Promise<void>;
}

export async function startFakeVertex(options: { pageSize?: number } = {}): Promise<FakeVertex> {
  const maxPage = options.pageSize ?? 2;
  const fake: FakeVertex = {
    url: '', project: 'limen-agents-test', location: 'us-central1', token: 'ya29.fake-vertex-token',
    engines: [], denyFromPage: undefined, requests: [], close: async () => {},
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=UTF-8');
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, code: number, status: string, message: string) => send(res, code, { error: { code, message, status } });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    fake.requests.push(url);
    const collection = `/v1/projects/${fake.project}/locations/${fake.location}/reasoningEngines`;
    if (req.method !== 'GET' || url.pathname !== collection) return error(res, 404, 'NOT_FOUND', `The requested URL ${url.pathname} was not found.`);
    if (req.headers.authorization !== `Bearer ${fake.token}`) {
      return error(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
    }
    const start = Number(url.searchParams.get('pageToken') || 0);
    const page = Math.floor(start / maxPage) + 1;
    if (fake.denyFromPage !== undefined && page >= fake.denyFromPage) {
      return error(res, 403, 'PERMISSION_DENIED',
        `Permission 'aiplatform.reasoningEngines.list' denied on resource '//aiplatform.googleapis.com/projects/${fake.project}/locations/${fake.location}' (or it may not exist).`);
    }
    const size = Math.min(Number(url.searchParams.get('pageSize') || 50), maxPage);
    const slice = fake.engines.slice(start, start + size);
    send(res, 200, {
      reasoningEngines: slice.map((e) => ({
        name: `projects/998877665544/locations/${fake.location}/reasoningEngines/${e.id}`,
        displayName: e.displayName,
        ...(e.description ? { description: e.description } : {}),
        spec: {
          packageSpec: { pickleObjectGcsUri: `gs://bucket/${e.id}/agent.pkl`, pythonVersion: '3.12' },
          agentFramework: 'google-adk',
          ...(e.serviceAccount ? { serviceAccount: e.serviceAccount } : {}),
          classMethods: e.classMethods ?? [{ name: 'query', api_mode: '' }, { name: 'stream_query', api_mode: 'stream' }],
        },
        createTime: e.createTime,
        updateTime: e.updateTime,
        etag: `etag-${e.id}`,
        labels: { team: 'support' },
      })),
      ...(start + size < fake.engines.length ? { nextPageToken: String(start + size) } : {}),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return fake;
}

export function reasoningEngine(n: number, overrides: Partial<FakeReasoningEngine> = {}): FakeReasoningEngine {
  return {
    id: String(1000 + n),
    displayName: `travel-agent-${n}`,
    description: `Books trips, number ${n}`,
    // Google writes nanoseconds.
    createTime: '2026-01-10T08:00:00.123456789Z',
    updateTime: '2026-02-10T08:00:00.5Z',
    ...overrides,
  };
}
