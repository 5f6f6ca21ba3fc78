import { createStrengthRepository } from '../../authn/index.ts';
import { createConditionalAccessRepository } from '../../conditional-access/index.ts';
import { references, type ParsedPolicy, type Problem, type ReferenceKind } from '../../conditional-access/import/index.ts';
import type { Directory } from '../../directory/index.ts';
import type { Db } from '../../store/index.ts';

/**
 * The objects a policy names that do not exist, as problems. A mistyped id would silently never
 * match, and a mistyped *exclusion* (the break-glass group) locks people out, so these are
 * refused. Not checked: application ids (policies name Microsoft's first-party apps, which Limen
 * does not hold, and an app may be registered later), directory role templates (exports name
 * Entra's many built-in roles; one Limen lacks is held by nobody, so it matches nobody) and
 * terms-of-use agreements (Limen has none; a policy requiring one fails closed).
 */
export async function unresolvedReferences(db: Db, dir: Directory, policy: ParsedPolicy): Promise<Problem[]> {
  const ca = createConditionalAccessRepository(db);
  const strengths = createStrengthRepository(db);
  const exists: Partial<Record<ReferenceKind, (id: string) => Promise<unknown>>> = {
    user: (id) => dir.users.get(id),
    group: (id) => dir.groups.get(id),
    servicePrincipal: (id) => dir.servicePrincipals.get(id),
    namedLocation: (id) => ca.getLocation(id),
    authenticationStrength: (id) => strengths.get(id),
  };
  const problems: Problem[] = [];
  for (const ref of references(policy)) {
    const check = exists[ref.kind];
    if (check && !(await check(ref.id))) {
      problems.push({ path: ref.path, code: 'invalidId', message: `no ${nouns[ref.kind]} with id ${ref.id} exists in this tenant.` });
    }
  }
  return problems;
}

const nouns: Record<ReferenceKind, string> = {
  user: 'user', group: 'group', directoryRoleTemplate: 'directory role template', application: 'application',
  servicePrincipal: 'service principal', namedLocation: 'named location', authenticationStrength: 'authentication strength',
  termsOfUse: 'terms of use agreement',
};
