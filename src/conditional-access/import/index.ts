/**
 * Conditional Access import and export: anything an admin hands us (Graph exports in UTF-8 or
 * UTF-16, annotated or not, one policy or a list; POST and PATCH bodies) → the Graph types of
 * policy.ts, with every problem named by item and JSON path; and back to Graph JSON.
 */
export { decodeDocument, detectEncoding, DocumentDecodeError, type DocumentEncoding } from './decode-document.ts';
export { exportDocument, exportNamedLocation, exportNamedLocationDocument, exportPolicy, namedLocationsContext, policiesContext } from './export-policy.ts';
export { idLists, type IdListRule } from './id-lists.ts';
export { iso3166Alpha2 } from './country-codes.ts';
export { minPrefixLength, type CidrRange } from './cidr-range.ts';
export {
  namedLocationTypes, parseNamedLocation, parseNamedLocationDocument,
  type CompliantNetworkNamedLocation, type ParsedNamedLocation, type ParsedNamedLocationDocument,
} from './parse-named-location.ts';
export { maxDisplayNameLength, parsePolicy, type ParseOptions, type ParsedPolicy } from './parse-policy.ts';
export { parsePolicyDocument, type ParsedPolicyDocument } from './parse-policy-document.ts';
export { formatPath, formatProblem, type Parsed, type Path, type Problem, type ProblemCode } from './problem.ts';
export { readOnlyMembers } from './read-only-members.ts';
export { references, type Reference, type ReferenceKind } from './references.ts';
export { stripAnnotations } from './strip-annotations.ts';
export { documentItems } from './document-items.ts';
