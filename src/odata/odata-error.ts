/**
 * A query option that cannot be honoured: bad syntax, an unknown property, a literal of the wrong
 * type, an out-of-range $top. The message names what is wrong and, for syntax, where, in words
 * close to Graph's (Graph runs Microsoft.OData.Core, whose messages we echo).
 * `code` is the Graph error code the API answers with (HTTP 400 for both).
 */
export class ODataError extends Error {
  readonly code: ODataErrorCode;

  constructor(message: string, code: ODataErrorCode = 'BadRequest') {
    super(message);
    this.name = 'ODataError';
    this.code = code;
  }
}

/**
 * `Request_UnsupportedQuery` is what Graph answers when the query is well-formed but asks for
 * something the resource does not support (a property that cannot be filtered, $search…).
 */
export type ODataErrorCode = 'BadRequest' | 'Request_UnsupportedQuery';
