/**
 * The network condition: `All`, `AllTrusted` or named location ids, include and exclude. A
 * location id that names no location contains no request (and is reported at compile time).
 * In What If an unsupplied address or country matches only a plain "any location" condition.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-assignment-network
 */
import type { ConditionalAccessConditions } from '../policy.ts';
import { anyOf, splitSpecial, type CaCompileProblem, type Check } from './check.ts';
import { isInLocation, isTrusted, type CompiledLocations } from './named-locations.ts';
import type { SignInFacts } from './sign-in-facts.ts';

export function compileLocationCondition(
  l: ConditionalAccessConditions['locations'], locations: CompiledLocations, policyId: string, problems: CaCompileProblem[],
): Check | undefined {
  if (!l) return undefined;
  const inc = splitSpecial(l.includeLocations, ['All', 'AllTrusted']);
  const exc = splitSpecial(l.excludeLocations, ['All', 'AllTrusted']);
  for (const id of [...inc.ids, ...exc.ids]) {
    if (!locations.byId.has(id)) problems.push({ policyId, message: `named location ${id} does not exist: it contains no request` });
  }
  const within = (list: typeof inc, facts: SignInFacts) => anyOf([
    list.flags.has('All') ? true : false,
    list.flags.has('AllTrusted') ? isTrusted(locations.trusted, facts) : false,
    ...[...list.ids].map((id) => isInLocation(locations.byId.get(id), facts)),
  ]);
  return (facts) => {
    const excluded = within(exc, facts);
    if (excluded === true) return 'location';
    const included = within(inc, facts);
    // undefined only in What If: a condition the request did not supply does not match.
    return included === true && excluded === false ? undefined : 'location';
  };
}
