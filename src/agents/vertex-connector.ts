/**
 * Google Vertex AI Agent Engine, over its REST API with plain fetch (the Google SDKs are large
 * and this is one GET): `projects.locations.reasoningEngines.list`
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.reasoningEngines/list),
 * `GET {endpoint}/v1/projects/{project}/locations/{location}/reasoningEngines`, paged by
 * `pageToken`/`nextPageToken`, with an OAuth 2.0 bearer token for a principal holding
 * `aiplatform.reasoningEngines.list`. Errors come as Google's JSON error body
 * (https://cloud.google.com/apis/design/errors): `{ error: { code, message, status } }`.
 */
import type { AgentCard, AgentSkill } from './agent-card.ts';
import { ConnectorError, connectorErrorCode, maxListPages, type AgentConnector, type DiscoveredAgent } from './connector.ts';

export interface VertexConnectorOptions {
  project: string;
  location: string;
  /** Default: the regional endpoint https://{location}-aiplatform.googleapis.com. */
  endpoint?: string | undefined;
  /** An OAuth 2.0 access token (e.g. `gcloud auth print-access-token`), or a function giving a fresh one. */
  accessToken: string | (() => Promise<string>);
  /** @default 100 */
  pageSize?: number;
  /** @default 30 s per request */
  timeoutMs?: number;
}

export const vertexOriginatingStore = 'Vertex AI Agent Engine';

/** The ReasoningEngine members the registry reads (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.reasoningEngines). */
interface ReasoningEngine {
  name?: string;
  displayName?: string;
  description?: string;
  createTime?: string;
  updateTime?: string;
  labels?: Record<string, string>;
  spec?: {
    serviceAccount?: string;
    agentFramework?: string;
    classMethods?: Array<{ name?: unknown; api_mode?: unknown; description?: unknown }>;
  };
}

export const defaultVertexEndpoint = (location: string) => `https://${location}-aiplatform.googleapis.com`;

export function vertexConnector(options: VertexConnectorOptions): AgentConnector {
  const endpoint = (options.endpoint ?? defaultVertexEndpoint(options.location)).replace(/\/+$/, '');
  const collection = `${endpoint}/v1/projects/${encodeURIComponent(options.project)}/locations/${encodeURIComponent(options.location)}/reasoningEngines`;
  const token = typeof options.accessToken === 'string' ? async () => options.accessToken as string : options.accessToken;
  return {
    async listAgents({ onProgress, signal } = {}) {
      const agents: DiscoveredAgent[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const url = new URL(collection);
        url.searchParams.set('pageSize', String(options.pageSize ?? 100));
        if (pageToken) url.searchParams.set('pageToken', pageToken);
        const page = await getPage(url, await token(), options.timeoutMs ?? 30_000, signal);
        for (const engine of page.reasoningEngines ?? []) agents.push(discovered(engine, endpoint));
        pageToken = page.nextPageToken || undefined;
        pages += 1;
        onProgress?.({ pages, agents: agents.length });
        if (pages >= maxListPages && pageToken) {
          throw new ConnectorError('badResponse', `Vertex AI returned more than ${maxListPages} pages of reasoning engines; stopping.`);
        }
      } while (pageToken);
      return agents;
    },
  };
}

async function getPage(url: URL, accessToken: string, timeoutMs: number, signal: AbortSignal | undefined) {
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    response = await fetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      // Google's APIs answer in place; a redirect could carry the token somewhere else.
      redirect: 'error',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    throw new ConnectorError('unreachable', `Vertex AI could not be reached at ${url.origin} (${e.cause?.code ?? e.name}): ${e.message}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { message?: unknown; status?: unknown } } | undefined)?.error;
    const what = typeof error?.status === 'string' ? ` ${error.status}` : '';
    const message = typeof error?.message === 'string' ? error.message : text.slice(0, 300) || response.statusText;
    throw new ConnectorError(connectorErrorCode(response.status),
      `Vertex AI refused reasoningEngines.list (${response.status}${what}): ${message}`, response.status);
  }
  const page = body as { reasoningEngines?: unknown; nextPageToken?: unknown } | undefined;
  if (!page || typeof page !== 'object' || (page.reasoningEngines !== undefined && !Array.isArray(page.reasoningEngines))) {
    throw new ConnectorError('badResponse', `Vertex AI answered reasoningEngines.list with something that is not a list of reasoning engines.`);
  }
  return {
    reasoningEngines: (page.reasoningEngines ?? []) as ReasoningEngine[],
    nextPageToken: typeof page.nextPageToken === 'string' ? page.nextPageToken : undefined,
  };
}

/** RFC 3339 with up to nanoseconds (Google's Timestamp JSON) → ISO 8601 with milliseconds. */
function iso(text: string | undefined): string | null {
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function discovered(engine: ReasoningEngine, endpoint: string): DiscoveredAgent {
  if (typeof engine.name !== 'string' || !/^projects\/[^/]+\/locations\/[^/]+\/reasoningEngines\/[^/]+$/.test(engine.name)) {
    throw new ConnectorError('badResponse', `Vertex AI listed a reasoning engine without a valid resource name (${String(engine.name).slice(0, 200)}).`);
  }
  const name = engine.displayName || engine.name.split('/').pop()!;
  const description = engine.description || null;
  // Agent Engine serves an agent's methods at `{name}:query` and `{name}:streamQuery`
  // (https://cloud.google.com/vertex-ai/generative-ai/docs/agent-engine/use).
  const url = `${endpoint}/v1/${engine.name}:query`;
  return {
    // The full resource name: the short id is unique only within a project and location.
    sourceAgentId: engine.name,
    displayName: name,
    description,
    status: null,
    url,
    account: engine.name.split('/')[1] ?? null,
    originatingStore: vertexOriginatingStore,
    publisher: null,
    runtimePrincipal: engine.spec?.serviceAccount ?? null,
    createdDateTime: iso(engine.createTime),
    lastModifiedDateTime: iso(engine.updateTime),
    agentCard: agentCard(engine, name, description, url),
    nativeData: engine,
  };
}

/** The card a reasoning engine implies: its class methods (query, stream_query…) as skills. */
function agentCard(engine: ReasoningEngine, name: string, description: string | null, url: string): AgentCard {
  const methods = (engine.spec?.classMethods ?? []).filter((m) => typeof m?.name === 'string' && m.name !== '');
  const skills: AgentSkill[] = methods.map((m) => ({
    id: m.name as string,
    name: m.name as string,
    ...(typeof m.description === 'string' && m.description ? { description: m.description } : {}),
    ...(typeof m.api_mode === 'string' && m.api_mode ? { tags: [m.api_mode] } : {}),
  }));
  const streaming = methods.some((m) => m.api_mode === 'stream' || m.api_mode === 'async_stream');
  return {
    name,
    ...(description ? { description } : {}),
    url,
    ...(skills.length ? { skills } : {}),
    ...(methods.length ? { capabilities: { streaming } } : {}),
  };
}
