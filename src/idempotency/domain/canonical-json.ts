/**
 * A canonical JSON text of a value: the same data always gives the same text, whatever the order in which an
 * object's keys were written. Object keys are sorted (by UTF-16 code unit, the default string order); arrays keep
 * their order; otherwise it follows `JSON.stringify` (no whitespace, `toJSON` honoured, boxed primitives unwrapped,
 * `undefined`/functions/symbols dropped from objects and written `null` in arrays, non-finite numbers written
 * `null`). A top-level value with no JSON form (`undefined`) is written `null`, so a request without a body has a
 * text too. `bigint` and circular structures throw a `TypeError`, as in `JSON.stringify`.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set()) ?? 'null';
}

function write(input: unknown, ancestors: Set<object>): string | undefined {
  const value = unwrap(input);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint has no JSON form');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.has(object)) throw new TypeError('canonicalJson: circular structure');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object.map((item: unknown) => write(item, ancestors) ?? 'null').join(',')}]`;
    }
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const text = write(record[key], ancestors);
      if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(object);
  }
}

function unwrap(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return value.valueOf();
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? (toJSON as () => unknown).call(value) : value;
}
