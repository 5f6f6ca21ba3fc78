/**
 * A local Amazon Bedrock Agents endpoint for tests: node:http on 127.0.0.1 speaking the
 * bedrock-agent REST-JSON protocol as the AWS SDK sends it (checked against the SDK's own
 * serializers, @aws-sdk/client-bedrock-agent dist-es/schemas/schemas_0.js):
 * - ListAgents: `POST /agents/`, JSON body `{ maxResults?, nextToken? }` →
 *   `{ agentSummaries: [{ agentId, agentName, agentStatus, description, updatedAt, latestAgentVersion }], nextToken? }`
 * - GetAgent: `GET /agents/{agentId}/` → `{ agent: { agentId, agentArn, agentResourceRoleArn, createdAt, … } }`
 * - errors: the status, `x-amzn-errortype: <Type>` and `{ "message": "…" }`, as AWS's restJson1 services answer.
 * Timestamps are ISO 8601 strings (the model's date-time format). Every request must carry a valid
 * AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html)
 * for the one key pair the fake knows, verified here independently of the SDK's signer.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBedrockAgent {
  agentId: string;
  agentName: string;
  agentStatus: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  latestAgentVersion?: string;
  roleName?: string;
}

export interface FakeBedrock {
  url: string;
  region: string;
  account: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The agents it lists now; tests change it between syncs. */
  agents: FakeBedrockAgent[];
  /** Answer this operation (from this ListAgents page on, 1-based) with 403 AccessDeniedException. */
  deny: { operation: 'ListAgents' | 'GetAgent'; fromPage?: number } | undefined;
  /** Agents GetAgent no longer finds (deleted after the listing). */
  deletedAfterListing: string[];
  /** Every request received: operation and body. */
  requests: Array<{ operation: string; body: unknown }>;
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** Checks the request's SigV4 signature; answers the AWS error type and message, or undefined when valid. */
function signatureProblem(req: IncomingMessage, body: Buffer, fake: FakeBedrock): [string, string] | undefined {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return ['IncompleteSignatureException', 'Authorization header requires a SigV4 Credential, SignedHeaders and Signature.'];
  const [, keyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  if (keyId !== fake.accessKeyId) return ['UnrecognizedClientException', 'The security token included in the request is invalid.'];
  if (region !== fake.region || service !== 'bedrock') return ['InvalidSignatureException', `Credential should be scoped to ${fake.region}/bedrock.`];
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date!)) return ['InvalidSignatureException', 'X-Amz-Date does not match the credential scope date.'];
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (payloadHash !== sha256(body)) return ['InvalidSignatureException', 'x-amz-content-sha256 does not match the body.'];
  const url = new URL(req.url ?? '/', 'http://fake');
  const canonicalUri = url.pathname.split('/').map((s) => encodeURIComponent(s)).join('/');
  const canonicalQuery = [...url.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join('&');
  const names = signedHeaders!.split(';');
  for (const required of ['host', 'x-amz-date']) {
    if (!names.includes(required)) return ['InvalidSignatureException', `SignedHeaders must include ${required}.`];
  }
  const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${fake.secretAccessKey}`, date!), region!), service!), 'aws4_request');
  if (createHmac('sha256', key).update(stringToSign).digest('hex') !== signature) {
    return ['InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.'];
  }
  return undefined;
}

export async function startFakeBedrock(options: { pageSize?: number; region?: string } = {}): Promise<FakeBedrock> {
  const pageSize = options.pageSize ?? 2;
  const fake: FakeBedrock = {
    url: '',
    region: options.region ?? 'us-east-1',
    account: '123456789012',
    accessKeyId: 'AKIAFAKEBEDROCK00001',
    secretAccessKey: 'fake/secret+key/for/tests/only/0000000000',
    agents: [],
    deny: undefined,
    deletedAfterListing: [],
    requests: [],
    close: async () => {},
  };
  const arn = (a: FakeBedrockAgent) => `arn:aws:bedrock:${fake.region}:${fake.account}:agent/${a.agentId}`;
  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-amzn-requestid', crypto.randomUUID());
    if (errorType) res.setHeader('x-amzn-errortype', `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`);
    res.end(JSON.stringify(body));
  };
  const denied = (res: ServerResponse, action: string) => send(res, 403,
    { message: `User: arn:aws:iam::${fake.account}:user/limen-sync is not authorized to perform: bedrock:${action} because no identity-based policy allows the bedrock:${action} action` },
    'AccessDeniedException');
  let listPage = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const problem = signatureProblem(req, body, fake);
      if (problem) return send(res, 403, { message: problem[1] }, problem[0]);
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      if (req.method === 'POST' && path === '/agents/') {
        if (req.headers['content-type'] !== 'application/json') return send(res, 400, { message: 'Expected application/json' }, 'ValidationException');
        const input = JSON.parse(body.toString() || '{}') as { maxResults?: number; nextToken?: string };
        fake.requests.push({ operation: 'ListAgents', body: input });
        listPage = input.nextToken ? listPage + 1 : 1;
        if (fake.deny?.operation === 'ListAgents' && listPage >= (fake.deny.fromPage ?? 1)) return denied(res, 'ListAgents');
        const start = input.nextToken ? Number(Buffer.from(input.nextToken, 'base64').toString()) : 0;
        if (!Number.isInteger(start) || start < 0) return send(res, 400, { message: 'Invalid nextToken' }, 'ValidationException');
        const size = Math.min(input.maxResults ?? 1000, pageSize);
        const page = fake.agents.slice(start, start + size);
        const next = start + size < fake.agents.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
        return send(res, 200, {
          agentSummaries: page.map((a) => ({
            agentId: a.agentId, agentName: a.agentName, agentStatus: a.agentStatus, updatedAt: a.updatedAt,
            ...(a.description ? { description: a.description } : {}), ...(a.latestAgentVersion ? { latestAgentVersion: a.latestAgentVersion } : {}),
          })),
          ...(next ? { nextToken: next } : {}),
        });
      }
      const get = /^\/agents\/([0-9a-zA-Z]{10})\/$/.exec(path);
      if (req.method === 'GET' && get) {
        fake.requests.push({ operation: 'GetAgent', body: { agentId: get[1] } });
        if (fake.deny?.operation === 'GetAgent') return denied(res, 'GetAgent');
        const a = fake.agents.find((x) => x.agentId === get[1] && !fake.deletedAfterListing.includes(x.agentId));
        if (!a) return send(res, 404, { message: `Failed to retrieve resource because it doesn't exist.` }, 'ResourceNotFoundException');
        return send(res, 200, {
          agent: {
            agentId: a.agentId, agentName: a.agentName, agentArn: arn(a), agentVersion: 'DRAFT', agentStatus: a.agentStatus,
            idleSessionTTLInSeconds: 600, agentResourceRoleArn: `arn:aws:iam::${fake.account}:role/service-role/${a.roleName ?? `AmazonBedrockExecutionRoleForAgents_${a.agentId}`}`,
            createdAt: a.createdAt, updatedAt: a.updatedAt, instruction: 'You are a helpful agent. Keep this prompt private.',
            foundationModel: 'anthropic.claude-3-haiku-20240307-v1:0', orchestrationType: 'DEFAULT',
            ...(a.description ? { description: a.description } : {}),
          },
        });
      }
      return send(res, 404, { message: `No route for ${req.method} ${path}` }, 'UnknownOperationException');
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

/** An agent as Bedrock would list it; ids are Bedrock's 10 upper-case alphanumerics. */
export function bedrockAgent(n: number, overrides: Partial<FakeBedrockAgent> = {}): FakeBedrockAgent {
  return {
    agentId: `AGENT${String(n).padStart(5, '0')}`,
    agentName: `support-agent-${n}`,
    agentStatus: 'PREPARED',
    description: `Support agent number ${n}`,
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-02-01T12:30:00Z',
    latestAgentVersion: '3',
    ...overrides,
  };
}
