/**
 * Canonical JSON: object keys sorted (by UTF-16 code units) at every depth, no white space,
 * undefined fields dropped. Two equal inputs always give the same text, so its hash identifies
 * the input. Written as one pass of string building: it runs once per computation.
 */
/** Quoted keys, memoised: the same node ids and answer codes recur in every unit's inputs. */
const quoted = new Map<string, string>();
function quote(key: string): string {
  let q = quoted.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quoted.size < 100_000) quoted.set(key, q);
  }
  return q;
}

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
      return `${value}`; // the same text as JSON.stringify for every finite number (-0 included)
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new Error(`canonicalJson: cannot encode a ${typeof value}`);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += value[i] === undefined ? 'null' : canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${quote(key)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}
