/**
 * Canonical JSON text: object keys sorted, no whitespace, `undefined` members dropped, so one value
 * always gives the same bytes to hash, whatever order its properties were built or stored in.
 * It follows RFC 8785 (JSON Canonicalization Scheme) for the values the audit log holds: strings,
 * integers, booleans, null, arrays and plain objects. Keys sort by UTF-16 code units, which is
 * what RFC 8785 §3.2.3 asks for and what `Array.prototype.sort` does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError('canonical JSON has no representation for NaN or Infinity');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    // JSON.stringify writes undefined array slots as null; do the same.
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const members = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const member = (value as Record<string, unknown>)[key];
      return member === undefined ? [] : [`${JSON.stringify(key)}:${canonicalJson(member)}`];
    });
  return `{${members.join(',')}}`;
}
