/**
 * One conditionalAccessPolicy from anything an admin hands us: a Graph export (v1.0 or beta,
 * annotations and all), a POST body, or a hand-written file. The API parses request bodies with
 * the same function, so the import rules and the write rules are one set.
 * Resource: https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy.
 */
import { isGuid } from '../../directory/index.ts';
import {
  policyStates,
  type ConditionalAccessConditions, type ConditionalAccessGrantControls, type ConditionalAccessSessionControls, type PolicyState,
} from '../policy.ts';
import { readEnum } from './enum-value.ts';
import { parseConditions } from './parse-conditions.ts';
import { parseGrantControls } from './parse-grant-controls.ts';
import { parseSessionControls } from './parse-session-controls.ts';
import { collector, describe, type Parsed, type Path, type Report } from './problem.ts';
import { readOnlyMembers, readReadOnlyMembers } from './read-only-members.ts';
import { isObject, readOptionalString, unknownMembers, type JsonObject } from './read-value.ts';
import { stripAnnotations } from './strip-annotations.ts';

/**
 * A policy as read from input: the Graph resource, where the fields the server assigns are
 * present only when the caller kept them ({@link ParseOptions.keepIds}). Members Limen does not
 * know are kept as given. A stored ConditionalAccessPolicy is also a ParsedPolicy.
 */
export interface ParsedPolicy {
  id?: string;
  displayName: string;
  state: PolicyState;
  createdDateTime?: string;
  modifiedDateTime?: string | null;
  templateId?: string | null;
  description?: string | null;
  conditions: ConditionalAccessConditions;
  grantControls: ConditionalAccessGrantControls | null;
  sessionControls: ConditionalAccessSessionControls | null;
  [key: string]: unknown;
}

export interface ParseOptions {
  /**
   * Keep the read-only members (`id`, `createdDateTime`, `modifiedDateTime`, `deletedDateTime`)
   * instead of dropping them; for restoring an export as it was. Off for POST/PATCH bodies,
   * where Graph ignores them and the server assigns its own.
   * @default false
   */
  keepIds?: boolean;
  /** Prefix for the problems' paths, when the policy sits inside a larger body. */
  path?: Path;
}

const known = ['displayName', 'state', 'templateId', 'description', 'conditions', 'grantControls', 'sessionControls', ...readOnlyMembers];

/** The longest displayName accepted (issue #4). */
export const maxDisplayNameLength = 256;

export function parsePolicy(input: unknown, options: ParseOptions = {}): Parsed<ParsedPolicy> {
  const { problems, report } = collector(options.path);
  const policy = readPolicy(input, options.keepIds ?? false, report);
  return problems.length === 0 && policy !== undefined ? { ok: true, value: policy } : { ok: false, problems };
}

function readPolicy(input: unknown, keepIds: boolean, report: Report): ParsedPolicy | undefined {
  if (!isObject(input)) {
    report([], 'wrongType', `A policy is a JSON object, found ${describe(input)}.`);
    return undefined;
  }
  const source = stripAnnotations(input) as JsonObject;
  // Read in document order, so the problems come in the order an admin reads the file.
  const ids = keepIds ? readReadOnlyMembers(source, 'policy', ['modifiedDateTime', 'deletedDateTime'], report) : {};
  const displayName = readDisplayName(source.displayName, report);
  const state = readState(source.state, report);
  const templateId = optional(source, 'templateId', readTemplateId(source.templateId, report));
  const description = optional(source, 'description', readOptionalString(source.description, ['description'], report));
  const conditions = parseConditions(source.conditions, ['conditions'], report);
  return {
    ...ids,
    displayName,
    state,
    ...templateId,
    ...description,
    conditions,
    grantControls: parseGrantControls(source.grantControls, ['grantControls'], conditions, report),
    sessionControls: parseSessionControls(source.sessionControls, ['sessionControls'], report),
    ...unknownMembers(source, known),
  };
}

/** `{[name]: value}` when the input had the member, so optional members keep their presence. */
const optional = (source: JsonObject, name: string, value: unknown): JsonObject => (name in source ? { [name]: value } : {});

function readDisplayName(value: unknown, report: Report): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const found = value === undefined || value === null ? 'none' : describe(value);
    report(['displayName'], typeof value === 'string' || value === undefined || value === null ? 'required' : 'wrongType', `A policy needs a displayName (a non-empty string), found ${found}.`);
    return '';
  }
  if (value.length > maxDisplayNameLength) {
    report(['displayName'], 'outOfRange', `A displayName has at most ${maxDisplayNameLength} characters, this one has ${value.length}.`);
  }
  return value;
}

function readState(value: unknown, report: Report): PolicyState {
  if (value === undefined || value === null) {
    report(['state'], 'required', `A policy needs a state: ${policyStates.join(', ')}.`);
    return 'disabled';
  }
  return readEnum(value, ['state'], policyStates, 'policy state', report) ?? 'disabled';
}

function readTemplateId(value: unknown, report: Report): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && isGuid(value.trim())) return value.trim().toLowerCase();
  report(['templateId'], 'invalidId', `${describe(value)} is not a template id (a GUID).`);
  return null;
}
