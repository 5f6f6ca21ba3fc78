/**
 * Keeps only the `$select`ed properties of a Graph resource. Graph always returns the
 * properties asked for and nothing else (the `@odata.*` annotations aside), so this is a
 * projection of the finished JSON, done after the resource is built.
 */
export function selectProperties<T extends Record<string, unknown>>(
  resource: T,
  select: readonly string[] | undefined,
): Partial<T> {
  if (!select) return resource;
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key.startsWith('@odata.') || select.includes(key)) picked[key] = value;
  }
  return picked as Partial<T>;
}
