/**
 * `POST /identity/conditionalAccess/import` (Limen's; Graph has no import): a whole exported set
 * in one request — named locations first, then policies — all or nothing. Every problem of every
 * item comes back at once, by item and JSON path; `dryRun` reports without storing. An export
 * from another tenant names groups and users this tenant does not have: those references are
 * refused unless `allowUnresolvedReferences`, and are listed either way, never dropped.
 * `keepIds` keeps the document's ids, so the policies' references to the imported named
 * locations still resolve.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createConditionalAccessRepository, limits, type ConditionalAccessPolicy, type NamedLocation } from '../../conditional-access/index.ts';
import {
  documentItems, exportPolicy, parseNamedLocation, parsePolicy, type ParsedNamedLocation, type ParsedPolicy, type Problem,
} from '../../conditional-access/import/index.ts';
import { serialiseAuditedWrites } from '../../logs/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, modifiedProperties, type AuditRecord } from './audit-entry.ts';
import { problemsError } from './conditional-access-problems.ts';
import { lockoutRefusal, lockoutWarnings } from './conditional-access-lockout-guard.ts';
import { unresolvedReferences } from './conditional-access-references.ts';
import type { GraphDeps } from './graph-deps.ts';

const body = z.strictObject({
  /** A Graph list `{"value":[…]}`, a JSON array, or one policy. */
  policies: z.unknown().optional(),
  namedLocations: z.unknown().optional(),
  dryRun: z.boolean().optional(),
  keepIds: z.boolean().optional(),
  allowUnresolvedReferences: z.boolean().optional(),
  /** Import even when the enabled policies would lock out every Global Administrator or the caller (audited). */
  overrideLockoutGuard: z.boolean().optional(),
});

interface Parsed<T> { index: number; value: T }

function parseAll<T>(document: unknown, noun: string, parse: (item: unknown) => { ok: true; value: T } | { ok: false; problems: Problem[] }) {
  if (document === undefined) return { items: [] as Parsed<T>[], problems: [] as Problem[] };
  const { items, problems } = documentItems(document, noun);
  const parsed: Parsed<T>[] = [];
  items.forEach((item, index) => {
    const r = parse(item);
    const displayName = (item as { displayName?: unknown } | null)?.displayName;
    const at = { index, ...(typeof displayName === 'string' ? { displayName } : {}) };
    if (r.ok) parsed.push({ index, value: r.value });
    else problems.push(...r.problems.map((p) => ({ ...p, item: at })));
  });
  return { items: parsed, problems };
}

export function conditionalAccessImportRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'POST',
      path: '/identity/conditionalAccess/import',
      summary: 'Import Conditional Access policies and named locations (all or nothing)',
      description: 'Limen extension. Body: { policies, namedLocations, dryRun, keepIds, allowUnresolvedReferences }; each document ' +
        'as Graph exports it (UTF-16 files: the CLI decodes them). Answers what was (or would be) created, and every unresolved reference.',
      tags: ['conditionalAccess'],
      auth: requires(Permission.PolicyReadWriteConditionalAccess),
      body,
      status: [200, 400, 403],
    },
    async ({ ctx, caller, body: input }) => {
      const keepIds = input.keepIds ?? false;
      const locations = parseAll<ParsedNamedLocation>(input.namedLocations, 'named location', (i) => parseNamedLocation(i, { keepIds }));
      const policies = parseAll<ParsedPolicy>(input.policies, 'policy', (i) => parsePolicy(i, { keepIds }));
      const problems = [
        ...locations.problems.map((p) => ({ ...p, path: p.path ? `namedLocations: ${p.path}` : 'namedLocations' })),
        ...policies.problems,
      ];
      const warnings: Array<{ item: { index: number; displayName: string }; message: string }> = [];
      const run = async (dir: Parameters<Parameters<typeof auditedWrite>[2]>[0], trx: Parameters<Parameters<typeof auditedWrite>[2]>[1]) => {
        await serialiseAuditedWrites(trx);
        warnings.length = 0;
        const repo = createConditionalAccessRepository(trx);
        const now = new Date().toISOString();
        const audit: AuditRecord[] = [];
        const createdLocations: NamedLocation[] = [];
        for (const { index, value } of locations.items) {
          const location = { ...value, id: keepIds && value.id ? value.id : randomUUID(), createdDateTime: now, modifiedDateTime: now } as NamedLocation;
          if (await repo.getLocation(location.id)) {
            problems.push({ item: { index, displayName: value.displayName }, path: 'namedLocations: id', code: 'invalidValue', message: `a named location with id ${location.id} already exists.` });
            continue;
          }
          const r = await repo.createLocation(location);
          if (!r.ok) problems.push({ item: { index, displayName: value.displayName }, path: 'namedLocations', code: 'outOfRange', message: `more than ${limits.namedLocations} named locations.` });
          else {
            createdLocations.push(location);
            audit.push({ category: 'Policy', activityDisplayName: 'Add named location', operationType: 'Add', targetResources: [{ id: location.id, displayName: location.displayName, type: 'Policy', modifiedProperties: modifiedProperties(undefined, location) }] });
          }
        }
        const unresolved: Problem[] = [];
        const createdPolicies: ConditionalAccessPolicy[] = [];
        // The guard judges the whole set before any of it is stored (see lockoutRefusal).
        const candidates = policies.items.map(({ index, value }) => ({ ...value, id: keepIds && value.id ? value.id : `import-${index}` }) as ConditionalAccessPolicy);
        const lockout = await lockoutRefusal(trx, dir, caller, candidates);
        if (lockout && !input.overrideLockoutGuard) {
          problems.push({ path: '', code: 'conflict', message: `${lockout} To import it anyway, set overrideLockoutGuard (limen ca import --override-lockout-guard), or import the policies disabled or in report-only mode.` });
        }
        for (const { index, value } of policies.items) {
          const at = { index, displayName: value.displayName };
          warnings.push(...(await lockoutWarnings(trx, dir, value as ConditionalAccessPolicy)).map((message) => ({ item: at, message })));
          const missing = (await unresolvedReferences(trx, dir, value)).map((p) => ({ ...p, item: at }));
          unresolved.push(...missing);
          if (missing.length && !input.allowUnresolvedReferences) continue;
          const policy = { ...value, id: keepIds && value.id ? value.id : randomUUID(), createdDateTime: now, modifiedDateTime: null } as ConditionalAccessPolicy;
          if (await repo.getPolicy(policy.id)) {
            problems.push({ item: at, path: 'id', code: 'invalidValue', message: `a policy with id ${policy.id} already exists.` });
            continue;
          }
          const r = await repo.createPolicy(policy);
          if (!r.ok) problems.push({ item: at, path: '', code: 'outOfRange', message: `a tenant can have at most ${limits.policies} Conditional Access policies.` });
          else {
            createdPolicies.push(policy);
            audit.push({ category: 'Policy', activityDisplayName: 'Add conditional access policy', operationType: 'Add', targetResources: [{ id: policy.id, displayName: policy.displayName, type: 'Policy', modifiedProperties: modifiedProperties(undefined, exportPolicy(policy)) }] });
          }
        }
        if (!input.allowUnresolvedReferences) problems.push(...unresolved);
        return { createdLocations, createdPolicies, unresolved, audit };
      };

      // A dry run does the same work in a transaction that is always rolled back.
      const rollback = Symbol('dry run');
      let outcome: Awaited<ReturnType<typeof run>> | undefined;
      try {
        await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
          outcome = await run(dir, trx);
          if (problems.length) throw problemsError(problems, 'Policy');
          if (input.dryRun) throw rollback;
          return { result: undefined, audit: outcome.audit.length ? outcome.audit : [] };
        });
      } catch (error) {
        if (error !== rollback && !(input.dryRun && problems.length)) throw error;
      }
      const result = outcome!;
      return {
        dryRun: input.dryRun ?? false,
        problems: problems.map((p) => ({ ...p })),
        namedLocations: result.createdLocations.map((l) => ({ id: l.id, displayName: l.displayName })),
        policies: result.createdPolicies.map((p) => ({ id: p.id, displayName: p.displayName, state: p.state })),
        unresolvedReferences: result.unresolved,
        /** The lockout guard's warnings about policies as written (they never refuse). */
        warnings,
      };
    },
  );
}
