export type Schema = Record<string, unknown>;

/**
 * Where a JSON schema leaves a body undescribed: an empty schema (anything), an object with no
 * properties whose other keys are free, or free extra keys beside named ones. A map whose values
 * have a schema (record of numbers) is described, and so passes.
 */
export function openPlaces(schema: Schema, resolve: (ref: string) => Schema, path = '$', seen = new Set<string>()): string[] {
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return [];
    return openPlaces(resolve(schema.$ref), resolve, `${path}→${schema.$ref.split('/').at(-1)}`, new Set([...seen, schema.$ref]));
  }
  const keys = Object.keys(schema).filter((k) => !['description', 'example', 'examples', 'title', 'default', 'deprecated'].includes(k));
  if (keys.length === 0) return [path];
  const found: string[] = [];
  const extra = schema.additionalProperties;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  if (schema.type === 'object' && extra === undefined && Object.keys(properties).length === 0) found.push(path);
  if (extra === true || (extra !== null && typeof extra === 'object' && Object.keys(extra as Schema).length === 0))
    found.push(`${path}{…}`);
  else if (extra && typeof extra === 'object') found.push(...openPlaces(extra as Schema, resolve, `${path}{…}`, seen));
  for (const [name, child] of Object.entries(properties)) found.push(...openPlaces(child, resolve, `${path}.${name}`, seen));
  if (schema.items && typeof schema.items === 'object') found.push(...openPlaces(schema.items as Schema, resolve, `${path}[]`, seen));
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    for (const [i, child] of ((schema[key] ?? []) as Schema[]).entries()) {
      // allOf [a reference, { description }] only annotates the reference
      if (key === 'allOf' && Object.keys(child).every((k) => k === 'description')) continue;
      found.push(...openPlaces(child, resolve, `${path}|${i}`, seen));
    }
  }
  return found;
}
