/**
 * The resources in an uploaded document, whatever its shape: one resource (a GET of one policy,
 * a POST body), a Graph list response `{"@odata.context": …, "value": [...]}`, or a plain JSON
 * array (what scripts write when they dump a list). Bytes and text are accepted too, so an upload
 * goes in as it came.
 */
import { decodeDocument, DocumentDecodeError } from './decode-document.ts';
import { withArticle, type Problem } from './problem.ts';
import { isObject } from './read-value.ts';
import { readJson } from './read-json.ts';

export interface DocumentItems {
  items: unknown[];
  /** Problems with the document as a whole (encoding, JSON syntax, shape, paging). */
  problems: Problem[];
}

export function documentItems(input: unknown, noun: string): DocumentItems {
  let value = input;
  if (input instanceof Uint8Array) {
    try {
      value = decodeDocument(input);
    } catch (error) {
      if (!(error instanceof DocumentDecodeError)) throw error;
      return { items: [], problems: [{ path: '', code: 'undecodable', message: error.message }] };
    }
  }
  if (typeof value === 'string') {
    const json = readJson(value);
    if (!json.ok) return { items: [], problems: [json.problem] };
    value = json.value;
  }
  if (Array.isArray(value)) return { items: value, problems: [] };
  if (isObject(value) && Array.isArray(value.value)) {
    // A Graph list page: `@odata.nextLink` means the rest of the list is on other pages.
    const problems: Problem[] = typeof value['@odata.nextLink'] === 'string'
      ? [{ path: '@odata.nextLink', code: 'incompleteList', message: `This is one page of a longer list: fetch every page (follow @odata.nextLink) and import the ${noun}s together.` }]
      : [];
    return { items: value.value, problems };
  }
  if (isObject(value)) return { items: [value], problems: [] };
  return {
    items: [],
    problems: [{ path: '', code: 'unexpectedDocument', message: `Expected ${withArticle(noun)} object, a Graph list {"value": [...]} or a JSON array of ${noun}s.` }],
  };
}

/** The item field of a problem: position, and displayName when the item has a string one. */
export function itemOf(index: number, item: unknown): NonNullable<Problem['item']> {
  const name = isObject(item) ? item.displayName : undefined;
  return typeof name === 'string' ? { index, displayName: name } : { index };
}
