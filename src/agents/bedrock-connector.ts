/**
 * Amazon Bedrock Agents, through the AWS SDK's bedrock-agent client: `ListAgents`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent_ListAgents.html, REST-JSON
 * `POST /agents/`, paged by `nextToken`) for the inventory, then `GetAgent`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent_GetAgent.html,
 * `GET /agents/{agentId}/`) for what only it says: the ARN (hence the AWS account) and the IAM
 * service role the agent runs as — its real identity on AWS.
 */
// The SDK is loaded on a sync's first use, not at start: most tenants never sync Bedrock, and it
// weighs megabytes of idle memory (docs/benchmarks.md, idle RSS).
import type { Agent, AgentSummary, BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';

type Sdk = typeof import('@aws-sdk/client-bedrock-agent');
import { ConnectorError, connectorErrorCode, maxListPages, type AgentConnector, type DiscoveredAgent } from './connector.ts';
import { mapWithLimit } from './map-with-limit.ts';

export interface BedrockConnectorOptions {
  region: string;
  /** Default: the SDK's regional endpoint, https://bedrock-agent.{region}.amazonaws.com. */
  endpoint?: string | undefined;
  /** Static credentials; without them the SDK's default chain (instance or task role, web identity…). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined } | undefined;
  /** GetAgent calls at once. @default 4 */
  concurrency?: number;
  /** Agents per ListAgents page (the API allows 1–1000). @default 100 */
  pageSize?: number;
}

export const bedrockOriginatingStore = 'Amazon Bedrock Agents';

export function bedrockConnector(options: BedrockConnectorOptions): AgentConnector {
  return {
    async listAgents(listOptions = {}) {
      const sdk: Sdk = await import('@aws-sdk/client-bedrock-agent');
      const client = new sdk.BedrockAgentClient({
        region: options.region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        // A sync runs inside an API request: an unreachable endpoint must fail, not hang.
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      });
      try {
        return await listWith(sdk, client, options, listOptions);
      } finally {
        // Free the client's keep-alive sockets once the listing is done.
        client.destroy();
      }
    },
  };
}

async function listWith(
  { GetAgentCommand, ListAgentsCommand }: Sdk,
  client: BedrockAgentClient,
  options: BedrockConnectorOptions,
  { onProgress, signal }: Parameters<AgentConnector['listAgents']>[0] & object,
): Promise<DiscoveredAgent[]> {
  const summaries: AgentSummary[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await call('ListAgents', () =>
      client.send(new ListAgentsCommand({ maxResults: options.pageSize ?? 100, nextToken }), { abortSignal: signal }));
    summaries.push(...(page.agentSummaries ?? []));
    nextToken = page.nextToken || undefined;
    pages += 1;
    onProgress?.({ pages, agents: summaries.length });
    if (pages >= maxListPages && nextToken) {
      throw new ConnectorError('badResponse', `Amazon Bedrock returned more than ${maxListPages} pages of agents; stopping.`);
    }
  } while (nextToken);
  return mapWithLimit(summaries, options.concurrency ?? 4, async (summary) => {
    if (!summary.agentId) throw new ConnectorError('badResponse', 'Amazon Bedrock listed an agent without an agentId.');
    try {
      const { agent } = await call('GetAgent', () =>
        client.send(new GetAgentCommand({ agentId: summary.agentId! }), { abortSignal: signal }));
      return discovered(summary, agent);
    } catch (error) {
      // Deleted between the list and the get: the summary is all there is, and the next sync
      // will find it gone.
      if (error instanceof ConnectorError && error.code === 'notFound') return discovered(summary, undefined);
      throw error;
    }
  });
}

/** `arn:aws:bedrock:us-east-1:123456789012:agent/AGENT12345` → `123456789012`. */
function accountOf(arn: string | undefined): string | null {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : null;
}

const iso = (date: Date | undefined): string | null =>
  date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;

function discovered(summary: AgentSummary, agent: Agent | undefined): DiscoveredAgent {
  const name = agent?.agentName ?? summary.agentName ?? summary.agentId!;
  const description = agent?.description ?? summary.description ?? null;
  const version = summary.latestAgentVersion ?? agent?.agentVersion;
  // The agent's instruction (its prompt) and prompt overrides are left out of what is kept:
  // they say nothing about who the agent is, and can be long and confidential.
  const { instruction: _instruction, promptOverrideConfiguration: _prompts, ...details } = agent ?? {};
  return {
    sourceAgentId: summary.agentId!,
    displayName: name,
    description,
    status: agent?.agentStatus ?? summary.agentStatus ?? null,
    url: null,
    account: accountOf(agent?.agentArn),
    originatingStore: bedrockOriginatingStore,
    publisher: null,
    runtimePrincipal: agent?.agentResourceRoleArn ?? null,
    createdDateTime: iso(agent?.createdAt),
    lastModifiedDateTime: iso(agent?.updatedAt ?? summary.updatedAt),
    agentCard: { name, ...(description ? { description } : {}), ...(version ? { version } : {}) },
    nativeData: JSON.parse(JSON.stringify({ summary, ...(agent ? { agent: details } : {}) })),
  };
}

/** The SDK's errors in the registry's words, naming the operation and AWS's error. */
async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number }; code?: string };
    const status = e.$metadata?.httpStatusCode;
    if (status !== undefined) {
      const code = e.name === 'ResourceNotFoundException' ? 'notFound' : connectorErrorCode(status);
      throw new ConnectorError(code, `Amazon Bedrock refused ${operation} (${status} ${e.name}): ${e.message}`, status);
    }
    if (e.name === 'AbortError') throw new ConnectorError('unreachable', `Amazon Bedrock ${operation} was cancelled.`);
    if (e.name === 'CredentialsProviderError') {
      throw new ConnectorError('configuration', `No AWS credentials for ${operation}: the connection names no credential variables ` +
        `and the AWS default credential chain found none (${e.message}).`);
    }
    const cause = e.code ?? e.name;
    throw new ConnectorError('unreachable', `Amazon Bedrock could not be reached for ${operation} (${cause}): ${e.message}`);
  }
}
