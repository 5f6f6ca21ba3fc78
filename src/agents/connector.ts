import type { AgentCard } from './agent-card.ts';

/**
 * An agent as a platform lists it, in the registry's terms. Every connector (Amazon Bedrock,
 * Vertex AI Agent Engine, a file import) turns its platform's records into these, so the sync
 * that compares them with the registry knows no platform.
 */
export interface DiscoveredAgent {
  /** The platform's id for the agent: unique within one connection (or one import platform). */
  sourceAgentId: string;
  displayName: string;
  description: string | null;
  /** The platform's status word, verbatim (Bedrock's `PREPARED`…); null when it has none. */
  status: string | null;
  url: string | null;
  /** AWS account, Google Cloud project…, when the platform says. */
  account: string | null;
  /** Graph's agentInstance.originatingStore: the store or system the agent came from. */
  originatingStore: string | null;
  publisher: string | null;
  /** What the agent runs as on its platform (IAM role ARN, service account), when known. */
  runtimePrincipal: string | null;
  /** The platform's creation and last-change times, ISO 8601 UTC. */
  createdDateTime: string | null;
  lastModifiedDateTime: string | null;
  agentCard: AgentCard | null;
  /** The platform's record as read, kept whole for the administrator. */
  nativeData: unknown;
}

/** Progress of a long listing, for the CLI and logs: pages read and agents found so far. */
export type ListProgress = (progress: { pages: number; agents: number }) => void;

/** One platform's list of agents. Throws ConnectorError for anything that stops a full listing. */
export interface AgentConnector {
  listAgents(options?: { onProgress?: ListProgress; signal?: AbortSignal }): Promise<DiscoveredAgent[]>;
}

/**
 * A listing that failed: the platform refused (403), was unreachable, or answered something
 * that is not its API. `message` is for the administrator and names the platform's own error.
 */
export class ConnectorError extends Error {
  override name = 'ConnectorError';
  /** A short machine word: accessDenied, notFound, unreachable, badResponse, platformError, configuration. */
  readonly code: ConnectorErrorCode;
  /** The platform's HTTP status, when it answered. */
  readonly status: number | undefined;
  constructor(code: ConnectorErrorCode, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export type ConnectorErrorCode = 'accessDenied' | 'notFound' | 'unreachable' | 'badResponse' | 'platformError' | 'configuration';

/** The error code for a platform's HTTP status. */
export function connectorErrorCode(status: number): ConnectorErrorCode {
  if (status === 401 || status === 403) return 'accessDenied';
  if (status === 404) return 'notFound';
  return 'platformError';
}

/** Most pages a listing follows: a platform that keeps returning a page token is looping. */
export const maxListPages = 1000;
