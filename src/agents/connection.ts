/**
 * A sync connection: which platform account the registry reads agents from, and how it signs
 * in there. Graph has no such resource (Agent 365's "registry sync" is configured in its admin
 * center); this one is Limen's.
 *
 * The credential is never stored. A connection names environment variables of the Limen server
 * that hold it, because a platform credential that lists agents usually may also change and
 * delete them (Agent 365 says as much of its sync credentials): it stays with the operator, out
 * of the database and its backups. Only `LIMEN_AGENT_SYNC_*` variables may be named, so a
 * registry administrator cannot point a connection at LIMEN_MASTER_KEY or the database URL and
 * have Limen send it to an endpoint of their choosing.
 */
import { z } from 'zod';
import { isLoopbackHost } from '../directory/index.ts';
import type { AgentRegistryConnectionRow } from '../store/index.ts';

export const agentPlatforms = ['amazonBedrock', 'googleVertexAi'] as const;
export type AgentPlatform = (typeof agentPlatforms)[number];

export interface BedrockCredential {
  accessKeyIdVariable: string;
  secretAccessKeyVariable: string;
  sessionTokenVariable?: string | undefined;
}
export interface VertexCredential {
  accessTokenVariable: string;
}

/** Limen's `agentRegistryConnection`. */
export interface AgentRegistryConnection {
  id: string;
  displayName: string;
  platform: AgentPlatform;
  /** null: the platform's public endpoint. */
  endpoint: string | null;
  /** Amazon Bedrock: the AWS region. */
  region: string | null;
  /** Vertex AI: the Google Cloud project (id or number) and location. */
  project: string | null;
  location: string | null;
  /** Which environment variables hold the credential; null: Bedrock's default AWS credential chain. */
  credential: BedrockCredential | VertexCredential | null;
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export const credentialVariablePrefix = 'LIMEN_AGENT_SYNC_';
/** A pattern check whose message says what is expected (a plain regex answers only "the documented form"). */
const matching = (pattern: RegExp, what: string) => z.string().max(256).refine((v) => pattern.test(v), `expected ${what}`);

const variable = matching(/^LIMEN_AGENT_SYNC_[A-Z0-9_]{1,100}$/,
  `the name of an environment variable of the Limen server starting with ${credentialVariablePrefix}`);

/** https, or http to this machine (a local emulator or test double): a token must not cross a network in clear. */
const endpoint = z.string().max(2048).superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `'${value.slice(0, 100)}' is not an absolute URL` });
    return;
  }
  const problem = url.username || url.password ? 'must not hold a user name or password'
    : url.search || url.hash ? 'must not have a query or fragment'
      : url.protocol === 'https:' ? undefined
        : url.protocol === 'http:' ? (isLoopbackHost(url.hostname) ? undefined : 'http is allowed only for localhost; use https')
          : 'must be an https URL';
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** AWS region names: us-east-1, eu-central-2, us-gov-west-1, ap-southeast-5… */
const region = matching(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'an AWS region such as us-east-1');
/** A project id (6–30 characters) or number. */
const project = matching(/^([a-z][a-z0-9-]{4,28}[a-z0-9]|\d{1,20})$/, 'a Google Cloud project id or number');
const location = matching(/^[a-z]+(-[a-z]+\d+)?$/, 'a Google Cloud location such as us-central1');

const bedrockCredential = z.strictObject({
  accessKeyIdVariable: variable,
  secretAccessKeyVariable: variable,
  sessionTokenVariable: variable.optional(),
});
const vertexCredential = z.strictObject({ accessTokenVariable: variable });

const fields = {
  displayName: z.string().trim().min(1).max(256),
  endpoint: endpoint.nullable(),
  region,
  project,
  location,
  credential: z.union([bedrockCredential, vertexCredential]).nullable(),
};

type Issue = { path: string; message: string };

/** What a platform needs, given the connection as it would be after the change. */
function platformProblems(c: Partial<Record<keyof typeof fields, unknown>> & { platform?: string }): Issue[] {
  const problems: Issue[] = [];
  const has = (k: keyof typeof fields) => c[k] !== undefined && c[k] !== null;
  const credential = c.credential as Record<string, unknown> | null | undefined;
  if (c.platform === 'amazonBedrock') {
    if (!has('region')) problems.push({ path: 'region', message: 'Amazon Bedrock needs the AWS region' });
    for (const k of ['project', 'location'] as const) if (has(k)) problems.push({ path: k, message: 'not used by Amazon Bedrock' });
    if (credential && !('accessKeyIdVariable' in credential)) {
      problems.push({ path: 'credential', message: 'Amazon Bedrock needs accessKeyIdVariable and secretAccessKeyVariable' });
    }
  }
  if (c.platform === 'googleVertexAi') {
    for (const k of ['project', 'location'] as const) if (!has(k)) problems.push({ path: k, message: `Vertex AI needs the ${k}` });
    if (has('region')) problems.push({ path: 'region', message: 'not used by Vertex AI (use location)' });
    if (!credential || !('accessTokenVariable' in credential)) {
      problems.push({ path: 'credential', message: 'Vertex AI needs accessTokenVariable, the variable holding an OAuth 2.0 access token' });
    }
  }
  return problems;
}

export const connectionCreateSchema = z.strictObject({
  displayName: fields.displayName,
  platform: z.enum(agentPlatforms),
  endpoint: fields.endpoint.optional(),
  region: fields.region.optional(),
  project: fields.project.optional(),
  location: fields.location.optional(),
  credential: fields.credential.optional(),
}).superRefine((c, ctx) => {
  for (const p of platformProblems(c)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
});
export type ConnectionCreate = z.output<typeof connectionCreateSchema>;

/** The platform of a connection is fixed; everything else may change. */
export const connectionUpdateSchema = z.strictObject({
  displayName: fields.displayName.optional(),
  endpoint: fields.endpoint.optional(),
  region: fields.region.optional(),
  project: fields.project.optional(),
  location: fields.location.optional(),
  credential: fields.credential.optional(),
});
export type ConnectionUpdate = z.output<typeof connectionUpdateSchema>;

/** Problems of a connection as an update would leave it, by property. */
export function connectionProblems(c: AgentRegistryConnection): Issue[] {
  return platformProblems(c);
}

export function toConnection(row: AgentRegistryConnectionRow): AgentRegistryConnection {
  const settings = JSON.parse(row.settings) as { region?: string; project?: string; location?: string };
  return {
    id: row.id,
    displayName: row.display_name,
    platform: row.platform as AgentPlatform,
    endpoint: row.endpoint,
    region: settings.region ?? null,
    project: settings.project ?? null,
    location: settings.location ?? null,
    credential: row.credential === null ? null : (JSON.parse(row.credential) as BedrockCredential | VertexCredential),
    createdDateTime: row.created_date_time,
    lastModifiedDateTime: row.last_modified_date_time,
  };
}

export function toConnectionRow(c: AgentRegistryConnection): AgentRegistryConnectionRow {
  const settings = c.platform === 'amazonBedrock' ? { region: c.region } : { project: c.project, location: c.location };
  return {
    id: c.id,
    display_name: c.displayName,
    platform: c.platform,
    endpoint: c.endpoint,
    settings: JSON.stringify(settings),
    credential: c.credential === null ? null : JSON.stringify(c.credential),
    created_date_time: c.createdDateTime,
    last_modified_date_time: c.lastModifiedDateTime,
  };
}
