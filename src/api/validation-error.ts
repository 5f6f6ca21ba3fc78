import type { z } from 'zod';
import { ApiError, type ErrorDetail } from './api-error.ts';

type Issue = z.ZodError['issues'][number];

/** Which part of the request a schema checked; it decides the words of the message. */
export type RequestPart = 'body' | 'query' | 'path';

const maxDetails = 10;

/**
 * Turns zod issues into one 400 naming the first problem by its property path
 * ("Invalid value for property 'accountEnabled': expected boolean"), with every problem listed
 * in Graph's `details`. Unknown properties use Graph's own sentence for them.
 */
export function validationError(
  issues: readonly Issue[],
  part: RequestPart,
  input: unknown,
): ApiError {
  const details = issues.flatMap((issue) => describeIssue(issue, part, input)).slice(0, maxDetails);
  const first = details[0] ?? { code: 'BadRequest', message: 'The request is not valid.' };
  const code = part === 'body' ? 'Request_BadRequest' : 'BadRequest';
  return new ApiError(code, first.message, { details });
}

function describeIssue(issue: Issue, part: RequestPart, input: unknown): ErrorDetail[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const target = formatPath([...issue.path, key]);
      const message =
        part === 'body'
          ? `Property '${target}' does not exist as a declared property or extension property.`
          : `The ${partNoun[part]} '${target}' is not supported.`;
      return { code: 'UnknownProperty', message, target };
    });
  }
  const target = formatPath(issue.path);
  if (target === '') return [{ code: 'InvalidValue', message: rootMessage(issue, part) }];
  const subject = `${partNoun[part]} '${target}'`;
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
    return [{ code: 'MissingValue', message: `A value is required for ${subject}.`, target }];
  }
  return [
    {
      code: 'InvalidValue',
      message: `Invalid value for ${subject}: ${expectation(issue)}`,
      target,
    },
  ];
}

const partNoun: Readonly<Record<RequestPart, string>> = {
  body: 'property',
  query: 'query parameter',
  path: 'path segment',
};

function rootMessage(issue: Issue, part: RequestPart): string {
  if (part === 'body' && issue.code === 'invalid_type') {
    return `The request body must be a JSON ${issue.expected}.`;
  }
  const what = part === 'body' ? 'request body' : `${part} parameters`;
  return `Invalid ${what}: ${expectation(issue)}`;
}

function expectation(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      if (issue.format !== 'regex') return `expected a valid ${issue.format}`;
      // The schema's own words ('must not contain spaces'); zod's default would quote the regex.
      return issue.message.startsWith('Invalid string:') ? 'expected a value of the documented form' : issue.message;
    case 'invalid_union':
      return 'it matches none of the allowed forms';
    default:
      // zod's own sentence for bounds and custom checks
      // ("Too small: expected string to have >=1 characters").
      return issue.message;
  }
}

/** `passwordProfile.password`, `identities[0].issuer`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
