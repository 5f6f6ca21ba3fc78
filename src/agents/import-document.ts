/**
 * The generic import: agents of any platform Limen has no connector for (Databricks, Salesforce
 * Agentforce, an in-house framework…), as a JSON array (or a Graph-style `{ "value": [...] }`)
 * or a CSV file with a header row. One agent per item or row, with the registry's property
 * names; in CSV the `agentCard` cell holds the card's JSON. Members Limen does not know are kept
 * with the agent as its native data.
 */
import { z } from 'zod';
import { isGuid } from '../directory/index.ts';
import { agentCardSchema } from './agent-card.ts';
import type { DiscoveredAgent } from './connector.ts';
import { CsvError, parseCsv } from './csv.ts';

/** An imported agent: a discovered one, plus the platform it names and an optional identity link. */
export interface ImportedAgent extends DiscoveredAgent {
  platform: string;
  /** undefined: not given (an existing link is kept); a string: link to that agent identity. */
  agentIdentityId: string | undefined;
}

export interface ImportProblem {
  /** 0-based item, or the CSV data row (0 = the first row after the header). */
  index: number;
  /** The property at fault, '' for the item or document as a whole. */
  field: string;
  message: string;
}

/** Most agents one import takes; a larger inventory is split across files. */
export const maxImportedAgents = 10_000;

/** Platform names are camelCase words, like the connectors' (`amazonBedrock`, `databricks`). */
export const platformName = z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, 'a camelCase word such as databricks or salesforceAgentforce');

const text = (max: number) => z.string().trim().min(1).max(max);
const dateTime = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());
const cardFromCell = z.string().transform((cell, ctx) => {
  try {
    return JSON.parse(cell) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
}).pipe(agentCardSchema);

const itemSchema = z.looseObject({
  sourceAgentId: text(512),
  displayName: text(256),
  platform: platformName.optional(),
  account: text(256).optional(),
  originatingStore: text(256).optional(),
  publisher: text(256).optional(),
  status: text(64).optional(),
  url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
  description: z.string().max(4096).optional(),
  runtimePrincipal: text(1024).optional(),
  createdDateTime: dateTime.optional(),
  lastModifiedDateTime: dateTime.optional(),
  agentIdentityId: z.string().refine(isGuid, 'an agent identity id (a GUID)').optional(),
  agentCard: z.union([agentCardSchema, cardFromCell]).optional(),
});

export type ImportDocument = { agents: unknown } | { csv: string };

/**
 * The agents of a document, or every problem with it (by item and property). `defaultPlatform`
 * applies to items that name none. Two items for the same platform, account and id are a problem.
 */
export function parseImportDocument(document: ImportDocument, defaultPlatform: string):
  { ok: true; agents: ImportedAgent[] } | { ok: false; problems: ImportProblem[] } {
  let items: unknown[];
  if ('csv' in document) {
    try {
      items = parseCsv(document.csv);
    } catch (error) {
      if (error instanceof CsvError) return { ok: false, problems: [{ index: 0, field: '', message: `not CSV: ${error.message}` }] };
      throw error;
    }
  } else {
    const value = (document.agents as { value?: unknown } | null)?.value;
    const list = Array.isArray(document.agents) ? document.agents : Array.isArray(value) ? value : undefined;
    if (!list) return { ok: false, problems: [{ index: 0, field: '', message: 'agents must be a JSON array of agents, or { "value": [...] }' }] };
    items = list;
  }
  if (items.length > maxImportedAgents) {
    return { ok: false, problems: [{ index: maxImportedAgents, field: '', message: `at most ${maxImportedAgents} agents per import` }] };
  }
  const problems: ImportProblem[] = [];
  const agents: ImportedAgent[] = [];
  const keys = new Set<string>();
  items.forEach((item, index) => {
    const parsed = itemSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.');
        const missing = issue.code === 'invalid_type' && (item as Record<string, unknown> | null)?.[String(issue.path[0])] === undefined;
        problems.push({ index, field, message: missing ? 'a value is required' : issue.message });
      }
      return;
    }
    const a = parsed.data;
    const platform = a.platform ?? defaultPlatform;
    const key = JSON.stringify([platform, a.account ?? '', a.sourceAgentId]);
    if (keys.has(key)) {
      problems.push({ index, field: 'sourceAgentId', message: `a second agent ${a.sourceAgentId} on ${platform}${a.account ? ` (${a.account})` : ''}` });
      return;
    }
    keys.add(key);
    agents.push({
      platform,
      agentIdentityId: a.agentIdentityId?.toLowerCase(),
      sourceAgentId: a.sourceAgentId,
      displayName: a.displayName,
      description: a.description || null,
      status: a.status ?? null,
      url: a.url ?? null,
      account: a.account ?? null,
      originatingStore: a.originatingStore ?? null,
      publisher: a.publisher ?? a.agentCard?.provider?.organization ?? null,
      runtimePrincipal: a.runtimePrincipal ?? null,
      createdDateTime: a.createdDateTime ?? null,
      lastModifiedDateTime: a.lastModifiedDateTime ?? null,
      agentCard: a.agentCard ?? null,
      nativeData: item,
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, agents };
}
