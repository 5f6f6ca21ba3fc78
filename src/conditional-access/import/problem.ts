/**
 * What the importer found wrong, said so an admin can fix the file: which policy (or named
 * location) in the document, which field by its JSON path (`conditions.users.includeUsers[2]`),
 * and what is wrong in plain words. The parser collects every problem instead of stopping at the
 * first, so one round trip to the file fixes them all.
 */

/** A JSON path as keys and list indexes, rendered by {@link formatPath}. */
export type Path = readonly (string | number)[];

export type ProblemCode =
  /** The bytes are not UTF-8 or UTF-16 text. */
  | 'undecodable'
  /** The text is not JSON; `line` and `column` say where. */
  | 'malformedJson'
  /** The document is neither a resource, a Graph list `{"value": [...]}` nor a JSON array. */
  | 'unexpectedDocument'
  /** A Graph list that has more pages (`@odata.nextLink`): importing one page would lose the rest. */
  | 'incompleteList'
  | 'required'
  /** The JSON type is wrong (a string where a list is expected…). */
  | 'wrongType'
  /** A value outside a Graph enum, with the allowed values in the message. */
  | 'unknownEnumValue'
  /** Not a GUID, nor one of the special values the list allows. */
  | 'invalidId'
  | 'invalidValue'
  | 'outOfRange'
  /** Two fields that Graph does not allow together (grant-control rules). */
  | 'conflict';

export interface Problem {
  /** Which resource of a document: its position and, when it has a string one, its displayName. Absent for one resource parsed alone and for document-level problems. */
  item?: { index: number; displayName?: string };
  /** JSON path inside the resource (`grantControls.builtInControls[0]`); `''` for the whole resource or document. */
  path: string;
  code: ProblemCode;
  /** A plain sentence about the value; the path is not repeated in it. */
  message: string;
  /** For `malformedJson`: 1-based line and column of the error. */
  line?: number;
  column?: number;
}

/** The outcome of parsing one resource, in the repository's `{ ok }` style. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Receives one problem; parsers pass it down instead of throwing. */
export type Report = (path: Path, code: ProblemCode, message: string) => void;

/** `['conditions', 'users', 'includeUsers', 2]` → `conditions.users.includeUsers[2]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

/** One line for logs and CLI output: `Policy 3 ("CA001 …"), conditions.clientAppTypes[0]: …`. */
export function formatProblem(problem: Problem, noun = 'Item'): string {
  const where: string[] = [];
  if (problem.item) {
    const name = problem.item.displayName === undefined ? '' : ` (${JSON.stringify(problem.item.displayName)})`;
    where.push(`${noun} ${problem.item.index}${name}`);
  }
  if (problem.path !== '') where.push(problem.path);
  if (problem.line !== undefined) where.push(`line ${problem.line}, column ${problem.column ?? 1}`);
  return where.length === 0 ? problem.message : `${where.join(', ')}: ${problem.message}`;
}

/** A collector: `report` appends to `problems`, with the paths prefixed by `base`. */
export function collector(base: Path = []): { problems: Problem[]; report: Report } {
  const problems: Problem[] = [];
  const report: Report = (path, code, message) => {
    problems.push({ path: formatPath([...base, ...path]), code, message });
  };
  return { problems, report };
}

/** A short rendering of a bad value for messages: strings quoted, long ones cut. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  return String(value);
}

/**
 * "a group id", "an application id": the indefinite article for a noun in a message. The nouns
 * here that start with "u" all sound "you" (user id, user action), so "u" takes "a".
 */
export const withArticle = (noun: string): string => `${/^[aeio]/i.test(noun) ? 'an' : 'a'} ${noun}`;
