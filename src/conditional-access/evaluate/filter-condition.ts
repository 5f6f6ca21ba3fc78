/**
 * The filter conditions: `devices.deviceFilter` on the device's properties, and the
 * custom-security-attribute filters on applications, service principals and agents.
 *
 * A CSA filter reads `CustomSecurityAttribute.<set>_<attribute>` from the object's attributes;
 * agent identities have them (an object without any reads null everywhere: an include-mode
 * filter with positive operators selects nothing, an exclude-mode one removes nothing). A rule
 * Limen cannot parse fails closed, in the direction that keeps the policy applying (an include
 * filter selects, an exclude filter removes nothing).
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-condition-filters-for-devices
 */
import type { FilterRule as GraphFilterRule } from '../policy.ts';
import type { Check, CaCompileProblem } from './check.ts';
import { FilterRuleError, parseFilterRule, type FilterValue, type PropertyReader } from './filter-rule.ts';
import type { CaDeviceFacts } from './sign-in-context.ts';

/** Whether a filter selects the object: (mode include) the rule holds, (mode exclude) it does not. */
export type CompiledFilter = { mode: 'include' | 'exclude'; holds: (read: PropertyReader) => boolean };

const noAttributes: PropertyReader = () => null;

export function compileFilter(
  filter: GraphFilterRule | null | undefined, policyId: string, what: string, problems: CaCompileProblem[],
): CompiledFilter | undefined {
  if (!filter?.rule) return undefined;
  const mode = String(filter.mode).toLowerCase() === 'exclude' ? 'exclude' : 'include';
  try {
    return { mode, holds: parseFilterRule(filter.rule) };
  } catch (e) {
    if (!(e instanceof FilterRuleError)) throw e;
    problems.push({ policyId, message: `${what} rule not understood (${e.message}): the policy applies as if the filter selected everything` });
    return { mode, holds: () => mode === 'include' };
  }
}

/** Graph's customSecurityAttributes: attribute sets of attribute values. */
export type CustomSecurityAttributeValues = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * Reads `customsecurityattribute.<set>_<attribute>` (paths arrive lower-cased) from an object's
 * attributes, matching names without regard to case as Entra does. Multi-valued attributes are
 * lists; integers compare as text.
 */
export function attributeReader(attributes: CustomSecurityAttributeValues | undefined): PropertyReader {
  if (!attributes) return noAttributes;
  const values = new Map<string, FilterValue>();
  for (const [set, members] of Object.entries(attributes)) {
    for (const [name, value] of Object.entries(members)) {
      if (name.startsWith('@')) continue;
      const text = (v: unknown) => (typeof v === 'string' || typeof v === 'boolean' ? v : typeof v === 'number' ? String(v) : null);
      values.set(`customsecurityattribute.${set}_${name}`.toLowerCase(), Array.isArray(value) ? value.map(text).filter((v): v is string => typeof v === 'string') : text(value));
    }
  }
  return (path) => values.get(path) ?? null;
}

/** What a CSA filter says of an object: [included by it, excluded by it]. */
export function attributeFilterOutcome(filter: CompiledFilter | undefined, read: PropertyReader = noAttributes): { includes: boolean; excludes: boolean } {
  if (!filter) return { includes: false, excludes: false };
  const holds = filter.holds(read);
  return filter.mode === 'include' ? { includes: holds, excludes: false } : { includes: false, excludes: holds };
}

const deviceProperties: Record<string, (d: CaDeviceFacts) => FilterValue> = {
  deviceid: (d) => d.deviceId,
  displayname: (d) => d.displayName,
  iscompliant: (d) => d.isCompliant,
  trusttype: (d) => d.trustType,
  deviceownership: (d) => d.deviceOwnership,
  operatingsystem: (d) => d.operatingSystem,
  operatingsystemversion: (d) => d.operatingSystemVersion,
};

function deviceReader(device: CaDeviceFacts | undefined): PropertyReader {
  if (!device) return noAttributes;
  return (path) => {
    const name = path.startsWith('device.') ? path.slice('device.'.length) : path;
    const known = deviceProperties[name];
    if (known) return known(device);
    for (const [key, value] of Object.entries(device.attributes ?? {})) if (key.toLowerCase() === name) return value;
    return null;
  };
}

/**
 * `devices.deviceFilter` as a condition: with mode include the policy applies to devices the
 * rule selects, with mode exclude to the others. An unknown device has every property null.
 */
export function compileDeviceCondition(
  devices: { deviceFilter?: GraphFilterRule | null } | null | undefined, policyId: string, problems: CaCompileProblem[],
): Check | undefined {
  const filter = compileFilter(devices?.deviceFilter, policyId, 'device filter', problems);
  if (!filter) return undefined;
  return (facts) => {
    const device = facts.context.device;
    if (!device && facts.mode === 'whatIf') return 'devices';
    const holds = filter.holds(deviceReader(device));
    return (filter.mode === 'include' ? holds : !holds) ? undefined : 'devices';
  };
}
